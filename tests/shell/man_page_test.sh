#!/usr/bin/env bash
# docs/escurl.1 renders without a single warning, through groff and through man under LC_ALL=C
# (groff's ascii device), C.UTF-8 and en_US.UTF-8 (utf8), and shows every option `escurl --help`
# shows. en_US.UTF-8 is compiled into a scratch directory when the system has not generated it,
# so the test needs no root and no system locale setup, only the locales package's definitions;
# it fails, rather than skips, when that cannot be done.
# usage: man_page_test.sh ESCURL_BIN SOURCE_DIR
set -u
escurl=$1
page=$2/docs/escurl.1
failed=0
passed=0

scratch=$(mktemp -d "${TMPDIR:-/tmp}/escurl-man-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# man may hand the rendering to its own user (man-db drops root), which must read LOCPATH.
chmod 755 "$scratch"

warnings=$(groff -ww -z -man "$page" 2>&1)
if [[ -n $warnings ]]; then
  echo "FAIL: groff -ww warns:"
  echo "$warnings"
  failed=$((failed + 1))
else
  passed=$((passed + 1))
fi

# Prints the LOCPATH under which en_US.UTF-8 loads (empty: the system's own), or fails.
en_us_locpath() {
  if locale -a 2>/dev/null | grep -qixE 'en_US\.utf-?8'; then
    return 0
  fi
  local dir=$scratch/locale
  mkdir -p "$dir"
  # localedef exits 1 for mere warnings, so the check is that the result loads.
  localedef -i en_US -f UTF-8 "$dir/en_US.UTF-8" >"$scratch/localedef.log" 2>&1
  chmod -R a+rX "$dir"
  if [[ $(LOCPATH=$dir LC_ALL=en_US.UTF-8 locale charmap 2>&1) != UTF-8 ]]; then
    cat "$scratch/localedef.log" >&2
    return 1
  fi
  echo "$dir"
}

if ! en_us=$(en_us_locpath); then
  echo "FAIL: en_US.UTF-8 is not available and localedef could not build it (is the locales"
  echo "      package installed? packaging/install-deps.sh installs it)"
  failed=$((failed + 1))
  en_us=unavailable
fi

# Renders the page with man under LC_ALL=$1 (LOCPATH=$2 when not empty) into $scratch/$1.txt;
# any output on standard error, a missing locale's complaint included, is a failure.
render() {
  local locale=$1 locpath=$2 out=$scratch/$1.txt err=$scratch/$1.err
  if [[ -n $locpath ]]; then
    LOCPATH=$locpath LC_ALL=$locale MANWIDTH=80 man --warnings -l "$page" >"$out" 2>"$err"
  else
    LC_ALL=$locale MANWIDTH=80 man --warnings -l "$page" >"$out" 2>"$err"
  fi
  local status=$?
  if [[ -s $err || $status -ne 0 || ! -s $out ]]; then
    echo "FAIL: LC_ALL=$locale man -l exited $status, printed warnings or printed nothing:"
    cat "$err"
    failed=$((failed + 1))
  else
    passed=$((passed + 1))
  fi
}
render C ""
render C.UTF-8 ""
[[ $en_us == unavailable ]] || render en_US.UTF-8 "$en_us"

# Every option name in --help's option lines: "  -X, --request METHOD" and "      --url URL",
# looked for in the C rendering, where groff spells \- as an ASCII hyphen.
rendered=$(col -b <"$scratch/C.txt")
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
