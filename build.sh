#!/usr/bin/env bash
# Developer entry point. `./build.sh test` installs what is missing, builds and runs every test;
# `./build.sh demo` installs, builds and replays the seed exchange against es-sandbox;
# `./build.sh generate` rewrites the files generated from the flag table (docs/escurl.1,
# completions/) and docs/exit-codes.md; a unit test fails while any of them is stale;
# `./build.sh fuzz [SECONDS]` runs every fuzz target for SECONDS (default 600) each.
#
# `test` runs the suite twice: in the release tree, then in a clang tree with AddressSanitizer,
# UndefinedBehaviorSanitizer and libFuzzer coverage (build-asan), where each fuzz target then
# also runs for 30 s (ESCURL_FUZZ_SECONDS) from its seed corpus. ESCURL_SANITIZE=0 skips that tree.
set -euo pipefail
cd "$(dirname "$0")"

build_dir=${ESCURL_BUILD_DIR:-build}
asan_dir=${ESCURL_ASAN_BUILD_DIR:-build-asan}

# The release tree. The test run builds without debug information: a third of the compile time.
configure_and_build() {
  ./packaging/install-deps.sh
  cmake -S . -B "$build_dir" -G Ninja -DESCURL_WERROR=ON "$@" >/dev/null
  cmake --build "$build_dir" -j "$(nproc)"
}

# The sanitizer tree: clang, ASan + UBSan (any finding aborts), libFuzzer coverage. $1 is the
# optimisation: -O0 for the test run (it compiles in two thirds of -O1's time, and the suite
# mostly waits on sockets), -O1 for long fuzzing, where executions per second matter.
configure_and_build_asan() {
  CXX=clang++ cmake -S . -B "$asan_dir" -G Ninja -DESCURL_WERROR=ON -DESCURL_SANITIZE=ON \
    -DESCURL_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="${1:--O1} -g1" >/dev/null
  cmake --build "$asan_dir" -j "$(nproc)"
}

# Ends process $1 and everything it started (a build: cmake, ninja, the compilers).
kill_tree() {
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}

# Runs every fuzz target for $1 seconds, two at a time, from a scratch copy of its corpus so the
# committed seeds stay as they are. A crash leaves its input in $asan_dir/fuzz-artifacts.
run_fuzzers() {
  local seconds=$1 work="$asan_dir/fuzz-work"
  rm -rf "$work" && mkdir -p "$work" "$asan_dir/fuzz-artifacts"
  local targets=()
  for t in "$asan_dir"/tests/fuzz/*_fuzz; do targets+=("$(basename "$t" _fuzz)"); done
  printf '%s\n' "${targets[@]}" | nice -n 19 xargs -P 2 -I{} sh -c '
    mkdir -p "$1/{}" && cp tests/fuzz/corpus/{}/* "$1/{}/" 2>/dev/null
    if "$2/tests/fuzz/{}_fuzz" -max_total_time="$3" -rss_limit_mb=2048 -print_final_stats=1 \
         -artifact_prefix="$2/fuzz-artifacts/{}-" "$1/{}" >"$1/{}.log" 2>&1; then
      echo "fuzz {}: $(grep -o "stat::number_of_executed_units: [0-9]*" "$1/{}.log" | grep -o "[0-9]*$") runs, no finding"
    else
      echo "fuzz {}: FINDING" && tail -40 "$1/{}.log" && exit 255
    fi' _ "$work" "$asan_dir" "$seconds"
}

case "${1:-}" in
  test)
    configure_and_build -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG"
    if [[ ${ESCURL_SANITIZE:-1} == 0 ]]; then
      ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
      exit
    fi
    # The suite mostly waits on sockets, so the sanitizer tree builds meanwhile, at low priority
    # so the tests keep their CPU; likewise the fuzz targets run beside the sanitizer suite.
    (nice -n 19 bash -c "$(declare -f configure_and_build_asan); asan_dir=$asan_dir; \
       configure_and_build_asan -O0") >"$build_dir/asan-build.log" 2>&1 &
    asan_build=$!
    suite_ok=0
    ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" || suite_ok=$?
    if ((suite_ok != 0)); then
      # The release suite failed: that is the answer, without waiting for the second tree.
      kill_tree "$asan_build"
      wait "$asan_build" 2>/dev/null || true
      exit "$suite_ok"
    fi
    wait "$asan_build" || { cat "$build_dir/asan-build.log"; exit 1; }
    run_fuzzers "${ESCURL_FUZZ_SECONDS:-30}" &
    fuzzers=$!
    # LeakSanitizer's own exit code (23) would read as escurl's "cannot write output".
    ASAN_OPTIONS=detect_leaks=1:exitcode=99 LSAN_OPTIONS=exitcode=98 \
      UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir "$asan_dir" --output-on-failure \
      -j "$(nproc)" || suite_ok=$?
    wait "$fuzzers" || exit 1
    exit "$suite_ok"
    ;;
  fuzz)
    ./packaging/install-deps.sh
    configure_and_build_asan
    run_fuzzers "${2:-600}"
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
    echo "usage: ./build.sh test|demo|generate|fuzz [SECONDS]" >&2
    exit 2
    ;;
esac
