// SPDX-License-Identifier: MIT
// Shared by the libFuzzer targets: a property failure aborts, so libFuzzer keeps the input.
#pragma once

#include <cstddef>
#include <cstdint>  // the libFuzzer entry point takes const uint8_t*, size_t
#include <cstdio>
#include <cstdlib>
#include <string_view>

/// Aborts with `what` when `ok` is false: the fuzzer reports the input as a crash.
inline void fuzz_require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "property violated: %s\n", what);
  std::abort();
}

/// Where to split an input in two: derived from the input so a run is reproducible.
inline std::size_t split_point(std::string_view data) {
  if (data.empty()) return 0;
  return static_cast<unsigned char>(data.front()) * 7919u % (data.size() + 1);
}
