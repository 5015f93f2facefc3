// SPDX-License-Identifier: MIT
// The streaming formatter: never crashes; output does not depend on chunk boundaries; on a valid
// document, pretty and compact output both parse back to the same value.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "json_stream.h"

using escurl::BodyKind;
using escurl::JsonFormatter;
using escurl::JsonStyle;

namespace {

std::string format(std::string_view input, JsonStyle style, BodyKind kind, std::size_t chunk) {
  JsonFormatter f(style, kind);
  std::string out, piece;
  for (std::size_t i = 0; i < input.size(); i += chunk) {
    piece.clear();
    f.feed(input.substr(i, chunk), piece);
    out += piece;
  }
  piece.clear();
  f.finish(piece);
  return out + piece;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  for (const BodyKind kind : {BodyKind::Json, BodyKind::Ndjson}) {
    for (const JsonStyle::Mode mode : {JsonStyle::Mode::Pretty, JsonStyle::Mode::Compact}) {
      const JsonStyle style{.mode = mode, .color = (size % 2) == 1};
      const std::string whole = format(input, style, kind, input.size() + 1);
      const std::size_t chunk = split_point(input) + 1;
      fuzz_require(format(input, style, kind, chunk) == whole, "output depends on chunking");
      if (size <= 256) {
        fuzz_require(format(input, style, kind, 1) == whole, "byte-at-a-time output differs");
      }
      // The fast path takes tokens only where 32 bytes remain in a chunk, so 16-byte chunks go
      // through the byte-by-byte state machine alone: the two must agree at any size.
      fuzz_require(format(input, style, kind, 16) == whole, "16-byte-chunk output differs");
    }
  }
  if (!nlohmann::json::accept(input)) return 0;
  const nlohmann::json expected = nlohmann::json::parse(input);
  for (const JsonStyle::Mode mode : {JsonStyle::Mode::Pretty, JsonStyle::Mode::Compact}) {
    const std::string out = format(input, {.mode = mode}, BodyKind::Json, input.size() + 1);
    fuzz_require(nlohmann::json::accept(out), "formatted valid JSON does not parse");
    fuzz_require(nlohmann::json::parse(out) == expected, "formatted JSON has another value");
  }
  return 0;
}
