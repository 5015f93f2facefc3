#!/usr/bin/env bash
# Developer entry point. `./build.sh test` installs what is missing, builds and runs every test;
# `./build.sh demo` installs, builds and replays the seed exchange against es-sandbox;
# `./build.sh generate` rewrites the files generated from the flag table (docs/escurl.1,
# completions/) and docs/exit-codes.md; a unit test fails while any of them is stale.
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
  generate)
    ./packaging/install-deps.sh
    cmake -S . -B "$build_dir" -G Ninja -DESCURL_WERROR=ON >/dev/null
    cmake --build "$build_dir" --target escurl
    escurl="$build_dir/escurl"
    mkdir -p completions
    "$escurl" generate man >docs/escurl.1
    "$escurl" completion bash >completions/escurl.bash
    "$escurl" completion zsh >completions/_escurl
    "$escurl" completion fish >completions/escurl.fish
    "$escurl" generate exit-codes >docs/exit-codes.md
    git status --short docs completions
    ;;
  demo)
    configure_and_build
    ESCURL="$build_dir/escurl" ES_SANDBOX="$build_dir/es-sandbox" ./sandbox/demo.sh
    ;;
  *)
    echo "usage: ./build.sh test|demo|generate" >&2
    exit 2
    ;;
esac
