#!/usr/bin/env bash
# Installs the Debian packages escurl needs to build and test, when any is missing.
# Run as root on Debian 12 (bookworm) or Debian 13 (trixie). Prints nothing, and does not run
# apt, when everything is installed; otherwise apt's output.
set -euo pipefail

# A "a|b" entry is one need under two names: it is met when either is installed, and installs
# as the first name apt has a candidate for, in the order packaging_order() gives.
packages=(
  build-essential cmake ninja-build pkg-config git
  # pgrep: build.sh ends the second tree's build when the first tree's suite fails.
  procps
  libcli11-dev libcpp-httplib-dev libssl-dev libfmt-dev libtomlplusplus-dev nlohmann-json3-dev
  zlib1g-dev openssl
  # Catch2: Debian 12 ships 2.13 as catch2; Debian 13 ships 3 as libcatch2-dev (its catch2 is
  # only a transitional package).
  "catch2|libcatch2-dev"
  python3 python3-elasticsearch
  # The generated-file tests: groff and man render the man page (col flattens it; the locales
  # definitions let the test build en_US.UTF-8 to render it in), zsh and fish load the
  # completions; dpkg-dev, file and rpm let CPack build the .deb and the .rpm.
  groff-base man-db bsdextrautils locales zsh fish dpkg-dev binutils file rpm
  # The second test tree: clang with AddressSanitizer, UBSan and libFuzzer (their runtimes).
  clang libclang-rt-dev
)

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# The names of an "a|b" entry, the running release's own first: Debian 12 (by os-release) names
# Catch2 2 first, anything else the newer name, so a bookworm with backports stays on its own.
packaging_order() {
  local version_id=""
  if [[ -r /etc/os-release ]]; then
    # shellcheck source=/dev/null
    version_id=$(. /etc/os-release && echo "${VERSION_ID:-}")
  fi
  local -a names
  IFS='|' read -ra names <<<"$1"
  if [[ $version_id == 12 ]]; then
    printf '%s\n' "${names[@]}"
  else
    printf '%s\n' "${names[@]}" | tac
  fi
}

missing=()
for entry in "${packages[@]}"; do
  met=0
  IFS='|' read -ra names <<<"$entry"
  for p in "${names[@]}"; do
    if installed "$p"; then
      met=1
      break
    fi
  done
  ((met)) || missing+=("$entry")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  first_choices=()
  for entry in "${missing[@]}"; do first_choices+=("$(packaging_order "$entry" | head -1)"); done
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run as root, or: sudo apt-get install ${first_choices[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq

# Resolve each "a|b" to a name apt can install now that its lists are current.
to_install=()
for entry in "${missing[@]}"; do
  if [[ $entry != *'|'* ]]; then
    to_install+=("$entry")
    continue
  fi
  chosen=""
  while read -r p; do
    if [[ $(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ { print $2 }') =~ ^[0-9] ]]; then
      chosen=$p
      break
    fi
  done < <(packaging_order "$entry")
  if [[ -z $chosen ]]; then
    echo "install-deps: apt has none of: ${entry//|/, }" >&2
    exit 1
  fi
  to_install+=("$chosen")
done

echo "install-deps: installing ${to_install[*]}" >&2
apt-get install -y -qq --no-install-recommends "${to_install[@]}"
