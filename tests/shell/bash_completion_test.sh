#!/usr/bin/env bash
# The bash completion in a real bash: sources completions/escurl.bash, sets COMP_WORDS and
# COMP_CWORD as bash does (words split at ':' and '='), calls the function, checks COMPREPLY.
# usage: bash_completion_test.sh ESCURL_BIN SOURCE_DIR
set -u
escurl=$(realpath "$1")
source "$2/completions/escurl.bash"
passed=0
failed=0

# complete LINE: COMP_LINE is "escurl LINE" with the cursor at its end, and COMP_WORDS its words
# as bash splits them: at blanks, and around runs of COMP_WORDBREAKS characters (':', '=', '@'),
# which become words of their own.
complete_line() {
  COMP_LINE="$escurl $1"
  COMP_POINT=${#COMP_LINE}
  COMP_WORDS=()
  local i c tok="" kind=blank
  for ((i = 0; i < ${#COMP_LINE}; i++)); do
    c=${COMP_LINE:i:1}
    if [[ $c == [[:blank:]] ]]; then
      [[ $kind != blank ]] && COMP_WORDS+=("$tok")
      tok=""
      kind=blank
    elif [[ $c == [:=@] ]]; then
      [[ $kind == word ]] && COMP_WORDS+=("$tok") && tok=""
      tok+=$c
      kind=break
    else
      [[ $kind == break ]] && COMP_WORDS+=("$tok") && tok=""
      tok+=$c
      kind=word
    fi
  done
  COMP_WORDS+=("$tok")  # the word under the cursor, empty after a blank
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _escurl
}

# check NAME EXPECTED LINE: EXPECTED is "=a b" for exactly these replies (in order), "+a b" for
# replies that include them, "-a" for replies that do not include it, "0" for none. Replies are
# what bash inserts in place of the text after the word's last ':' or '=' (readline keeps an '@'
# in the text it replaces).
check() {
  local name=$1 expected=$2 got
  complete_line "$3"
  got=" ${COMPREPLY[*]} "
  local ok=1 w
  case $expected in
    =*) [[ "${COMPREPLY[*]}" == "${expected#=}" ]] || ok=0 ;;
    +*) for w in ${expected#+}; do [[ $got == *" $w "* ]] || ok=0; done ;;
    -*) for w in ${expected#-}; do [[ $got != *" $w "* ]] || ok=0; done ;;
    0) ((${#COMPREPLY[@]} == 0)) || ok=0 ;;
  esac
  if ((ok)); then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $name: '$3' expected '$expected', got (${COMPREPLY[*]})"
  fi
}

if complete -p escurl | grep -q -- '-F _escurl'; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  echo "FAIL: complete -p escurl does not name _escurl"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
touch body.json bulk.ndjson ca.pem
mkdir certs

check "long option prefix" "=--ca-fingerprint" "--ca-f"
check "several long options" "+--retry --retry-all --retry-delay --retry-max-time" "--retr"
check "short options too" "+-X -H -u -k" "-"
check "METHOD words and subcommands first" "+GET HEAD POST PUT DELETE PATCH tls completion" ""
check "API path after a method" "+_cat/indices _cat/indices/" "GET _cat/in"
check "API path after a lower-case method" "+_cluster/health" "get _cluster/he"
check "only the method's paths" "-_bulk" "GET _bu"
check "POST paths" "+_bulk" "POST _bu"
check "paths after an index name" "+logs/_search logs/_mapping" "GET logs/_"
check "a leading slash is kept" "+/_cat/indices" "GET /_cat/in"
check "a cluster path in the curl form" "+_security/_authenticate" "_security/_authe"
check "options before the method are skipped" "+_cat/indices" "-k -u elastic GET _cat/ind"
check "a URL split at ':' is one word" "+_cluster/health" "--url https://es:9200 GET _cluster/he"
check "--url=URL split at '=' and ':'" "+_cluster/health" "--url=https://es:9200 GET _cluster/he"
check "a short cluster taking the next word" "+_cat/indices" "-ku elastic:pw GET _cat/ind"
check "enumerated values" "=auto always never" "--color "
check "enumerated values after =" "=never" "--color=n"
check "all values right after =" "=auto always never" "--color="
check "TLS versions" "=1.2 1.3" "--tls-min "
check "batch formats" "=text ndjson" "--batch-format "
check "methods for -X" "+GET PUT DELETE" "-X "
check "files after @ in a body flag" "=@body.json" "-d @bo"
check "files after @ in a secret flag" "=@bulk.ndjson" "--api-key @bu"
check "every file after a lone @" "+@body.json @bulk.ndjson @ca.pem @certs/" "--password @"
check "directories get a slash after @" "=@certs/" "--password @cer"
check "no files without @" "0" "--api-key bo"
check "files for --cacert" "=ca.pem" "--cacert ca"
check "the body after a path is @FILE" "=@body.json" "PUT idx @bo"
check "tls subcommand" "=inspect" "tls "
check "completion subcommand" "=bash zsh fish" "completion "
check "no index names unless the profile opts in" "0" "GET my-ind"

echo "bash completion: $passed passed, $failed failed"
((failed == 0))
