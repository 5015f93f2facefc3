#!/usr/bin/env bash
# The zsh and fish scripts complete in real shells the way the bash one does: fish through
# `complete -C`, zsh through its completion system on a pseudo-terminal (zsh_complete.zsh).
# usage: fish_zsh_completion_test.sh ESCURL_BIN SOURCE_DIR
set -u
bin_dir=$(dirname "$(realpath "$1")")
src=$(realpath "$2")
passed=0
failed=0

if zsh -n "$src/completions/_escurl"; then
  passed=$((passed + 1))
else
  echo "FAIL: zsh -n completions/_escurl"
  failed=$((failed + 1))
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
touch body.json

# check LINE EXPECTED...: every EXPECTED word is among the candidates fish offers for LINE.
check() {
  local line=$1 got w
  shift
  got=$(PATH="$bin_dir:$PATH" fish --no-config -c \
    "source '$src/completions/escurl.fish'; complete -C '$line'" | cut -f1)
  for w in "$@"; do
    if grep -qxF -- "$w" <<<"$got"; then
      passed=$((passed + 1))
    else
      echo "FAIL: fish: '$line' offers no '$w' (got: $(echo $got))"
      failed=$((failed + 1))
    fi
  done
}

check "escurl --ca-f" --ca-fingerprint
check "escurl GET _cat/in" _cat/indices _cat/indices/
check "escurl -ku elastic GET _cluster/he" _cluster/health
check "escurl GET logs/_se" logs/_search
check "escurl --color " auto always never
check "escurl -d @bo" @body.json
check "escurl PUT idx @bo" @body.json
check "escurl tls " inspect
check "escurl " GET DELETE tls completion

# check_zsh LINE EXPECTED...: every EXPECTED word is among the matches zsh offers for LINE.
check_zsh() {
  local line=$1 got w
  shift
  got=$(timeout 30 zsh -f "$src/tests/shell/zsh_complete.zsh" "$src/completions" "$bin_dir" \
    "$work" "$line" 2>/dev/null)
  for w in "$@"; do
    if grep -qxF -- "$w" <<<"$got"; then
      passed=$((passed + 1))
    else
      echo "FAIL: zsh: '$line' offers no '$w' (got: $(echo $got))"
      failed=$((failed + 1))
    fi
  done
}

check_zsh "escurl --ca-f" --ca-fingerprint
check_zsh "escurl GET _cat/indi" _cat/indices
check_zsh "escurl -ku elastic GET _cluster/he" _cluster/health
check_zsh "escurl GET logs/_se" logs/_search
check_zsh "escurl --color " auto always never
check_zsh "escurl -d @bo" @body.json
check_zsh "escurl tls " inspect

echo "fish and zsh completion: $passed passed, $failed failed"
((failed == 0))
