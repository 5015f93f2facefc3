#!/usr/bin/env bash
# Developer entry point. `./build.sh test` installs what is missing, builds and runs every test;
# `./build.sh demo` installs, builds and replays the seed exchange against es-sandbox.
set -euo pipefail
cd "$(dirname "$0")"

build_dir=${ESCURL_BUILD_DIR:-build}

configure_and_build() {
  ./packaging/install-deps.sh
  cmake -S . -B "$build_dir" -G Ninja -DESCURL_WERROR=ON >/dev/null
  cmake --build "$build_dir" -j "$(nproc)"
}

case "${1:-}" in
  test)
    configure_and_build
    ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
    ;;
  demo)
    configure_and_build
    ESCURL="$build_dir/escurl" ES_SANDBOX="$build_dir/es-sandbox" ./sandbox/demo.sh
    ;;
  *)
    echo "usage: ./build.sh test|demo" >&2
    exit 2
    ;;
esac
