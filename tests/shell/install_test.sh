#!/usr/bin/env bash
# `cmake --install` into a temporary prefix installs exactly the binary, the man page and the
# three completions, and the installed binary runs.
# usage: install_test.sh BUILD_DIR
set -u
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
if ! cmake --install "$build" --prefix "$prefix" >/dev/null; then
  echo "FAIL: cmake --install failed"
  exit 1
fi
expected="bin/escurl
share/bash-completion/completions/escurl
share/fish/vendor_completions.d/escurl.fish
share/man/man1/escurl.1
share/zsh/vendor-completions/_escurl"
got=$(cd "$prefix" && find . -type f | sed 's|^\./||' | sort)
failed=0
if [[ $got != "$expected" ]]; then
  echo "FAIL: installed files differ from the expected layout:"
  diff <(echo "$expected") <(echo "$got")
  failed=1
fi
if ! "$prefix/bin/escurl" --version | grep -q '^escurl '; then
  echo "FAIL: the installed escurl does not run"
  failed=1
fi
echo "install: $((failed ? 0 : 1)) passed, $failed failed"
exit $failed
