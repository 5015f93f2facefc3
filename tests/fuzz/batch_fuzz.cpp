// SPDX-License-Identifier: MIT
// The Console batch parser: never crashes; a parsed request has an upper-case method, a path
// starting with '/', and a line within the file; an error is a Usage error naming the source.
#include <algorithm>
#include <string_view>

#include "batch.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  const auto parsed = escurl::parse_batch(input, "fuzz.txt");
  if (!parsed) {
    fuzz_require(parsed.error().code == escurl::Errc::Usage, "batch error is not a usage error");
    fuzz_require(parsed.error().message.find("fuzz.txt") != std::string::npos,
                 "batch error does not name the file");
    return 0;
  }
  const auto lines = static_cast<int>(std::count(input.begin(), input.end(), '\n')) + 1;
  for (const escurl::BatchRequest& r : *parsed) {
    fuzz_require(!r.method.empty(), "empty method");
    fuzz_require(std::none_of(r.method.begin(), r.method.end(), ::islower), "lower-case method");
    fuzz_require(r.path.starts_with('/'), "path without a leading slash");
    fuzz_require(r.line >= 1 && r.line <= lines, "line out of range");
    fuzz_require(r.has_body || r.body.empty(), "body without has_body");
  }
  return 0;
}
