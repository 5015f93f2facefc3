#!/usr/bin/env bash
# Installs the Debian packages escurl needs to build and test, when any is missing.
# Run as root on Debian 12 (bookworm) or later. Prints nothing but apt's output when it installs.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libcli11-dev libcpp-httplib-dev libssl-dev libfmt-dev catch2
  libtomlplusplus-dev nlohmann-json3-dev openssl
  python3 python3-elasticsearch
  # The generated-file tests: groff and man render the man page (col flattens it), zsh and fish
  # load the completions; dpkg-dev and rpm let CPack build the .deb and the .rpm.
  groff-base man-db bsdextrautils zsh fish dpkg-dev binutils rpm
  # The second test tree: clang with AddressSanitizer, UBSan and libFuzzer (their runtimes).
  clang libclang-rt-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root, or: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
