#!/usr/bin/env bash
# docs/escurl.1 renders without groff warnings, and shows every option `escurl --help` shows.
# usage: man_page_test.sh ESCURL_BIN SOURCE_DIR
set -u
escurl=$1
page=$2/docs/escurl.1
failed=0
passed=0

warnings=$(groff -ww -z -man "$page" 2>&1)
if [[ -n $warnings ]]; then
  echo "FAIL: groff -ww warns:"
  echo "$warnings"
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi

rendered=$(MANWIDTH=80 man --warnings -l "$page" 2>/tmp/escurl-man-err.$$ | col -b)
err=$(cat /tmp/escurl-man-err.$$)
rm -f /tmp/escurl-man-err.$$
if [[ -n $err || -z $rendered ]]; then
  echo "FAIL: man -l printed warnings or nothing:"
  echo "$err"
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi

# Every option name in --help's option lines: "  -X, --request METHOD" and "      --url URL".
help=$("$escurl" --help)
options=$(grep -E '^  (-[A-Za-z], )?(    )?--[a-z]' <<<"$help" | grep -oE -- '(^|[ (,])-{1,2}[A-Za-z0-9][A-Za-z0-9-]*' |
  sed 's/^[ (,]//' | sort -u)
aliases=$(grep -oE -- '\(also --[a-z0-9-]+\)' <<<"$help" | grep -oE -- '--[a-z0-9-]+')
count=0
for opt in $options $aliases; do
  count=$((count + 1))
  if grep -qE -- "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|\$)" <<<"$rendered"; then
    passed=$((passed + 1))
  else
    echo "FAIL: $opt is in --help but not in the rendered man page"
    failed=$((failed + 1))
  fi
done
if ((count < 50)); then
  echo "FAIL: found only $count options in --help; the pattern no longer matches its layout"
  failed=$((failed + 1))
fi

echo "man page: $passed passed, $failed failed"
((failed == 0))
