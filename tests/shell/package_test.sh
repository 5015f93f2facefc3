#!/usr/bin/env bash
# CPack builds a .deb that holds the binary, the man page and the completions under /usr and
# depends on the shared libraries the binary links; an .rpm too when rpmbuild is installed.
# usage: package_test.sh BUILD_DIR
set -u
build=$(realpath "$1")
ldconfig=$(command -v ldconfig || echo /sbin/ldconfig)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}

files="./usr/bin/escurl
./usr/share/bash-completion/completions/escurl
./usr/share/fish/vendor_completions.d/escurl.fish
./usr/share/man/man1/escurl.1
./usr/share/zsh/vendor-completions/_escurl"

if ! (cd "$out" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out" >cpack.log 2>&1); then
  cat "$out/cpack.log"
  fail "cpack -G DEB failed"
else
  deb=$(ls "$out"/*.deb)
  listed=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sort)
  [[ $listed == "$files" ]] && pass || fail "dpkg-deb -c lists: $listed"
  depends=$(dpkg-deb -f "$deb" Depends)
  # Every library the binary needs, by the package that ships it.
  for lib in $(objdump -p "$build/escurl" | awk '/NEEDED/ {print $2}'); do
    path=$("$ldconfig" -p | awk -v l="$lib" '$1 == l && /x86-64|64bit/ {print $NF; exit}')
    pkg=$(dpkg -S "$(realpath "$path")" 2>/dev/null | head -1 | cut -d: -f1)
    [[ -z $pkg ]] && pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    if [[ -z $pkg ]]; then
      fail "no package ships $lib"
    elif [[ $depends == *"$pkg "* || $depends == *"$pkg," || $depends == *"$pkg" ]]; then
      pass
    else
      fail "Depends ($depends) lacks $pkg for $lib"
    fi
  done
fi

if command -v rpmbuild >/dev/null; then
  if ! (cd "$out" && cpack -G RPM --config "$build/CPackConfig.cmake" -B "$out" >cpack-rpm.log 2>&1); then
    cat "$out/cpack-rpm.log"
    fail "cpack -G RPM failed"
  else
    rpmfile=$(ls "$out"/*.rpm)
    # rpmbuild compresses man pages where the release's macros say so (Debian 13's do).
    listed=$(rpm -qlp "$rpmfile" 2>/dev/null | sed -e 's|^|.|' -e 's|\.1\.gz$|.1|' | sort)
    [[ $listed == "$files" ]] && pass || fail "rpm -qlp lists: $listed"
    rpm -qRp "$rpmfile" 2>/dev/null | grep -q '^libssl.so.3' && pass || fail "the rpm does not require libssl.so.3"
  fi
fi

echo "package: $passed passed, $failed failed"
((failed == 0))
