// SPDX-License-Identifier: MIT
#include "gzip_decoder.h"

#include <string>

#include "catch.h"
#include "gzip_bytes.h"

using escurl::GzipDecoder;

namespace {

// Decodes `wire` fed in pieces of `step`; "ERROR: …" when the decoder refuses it.
std::string inflate_all(const std::string& wire, std::size_t step, bool* finished = nullptr) {
  GzipDecoder d;
  std::string out;
  auto emit = [&out](const char* p, std::size_t n) {
    CHECK(n <= 64 * 1024);
    out.append(p, n);
    return true;
  };
  for (std::size_t at = 0; at < wire.size(); at += step) {
    if (!d.feed(wire.data() + at, std::min(step, wire.size() - at), emit)) {
      return "ERROR: " + d.error();
    }
  }
  if (finished != nullptr) *finished = d.finished();
  return out;
}

}  // namespace

TEST_CASE("gzip_decoder: gzip and zlib streams in any pieces", "[gzip_decoder]") {
  std::string text;
  for (int i = 0; i < 50000; ++i) text += "{\"n\":" + std::to_string(i) + "}\n";
  for (const int bits : {16 + 15, 15}) {
    const std::string wire = gzip_bytes(text, bits);
    for (const std::size_t step : {std::size_t{1}, std::size_t{1000}, wire.size()}) {
      bool finished = false;
      CHECK(inflate_all(wire, step, &finished) == text);
      CHECK(finished);
    }
  }
}

TEST_CASE("gzip_decoder: corrupt, cut and overlong streams are told apart", "[gzip_decoder]") {
  const std::string wire = gzip_bytes("hello, world");
  CHECK(inflate_all("not gzip at all", 4).starts_with("ERROR: "));
  bool finished = true;
  CHECK(inflate_all(wire.substr(0, wire.size() - 3), 5, &finished) == "hello, world");
  CHECK_FALSE(finished);  // the trailer is missing
  CHECK(inflate_all(wire + "junk", 100) == "ERROR: bytes follow the end of the gzip stream");
}

TEST_CASE("gzip_decoder: a refusing receiver stops it", "[gzip_decoder]") {
  GzipDecoder d;
  const std::string wire = gzip_bytes(std::string(300000, 'a'));
  CHECK_FALSE(d.feed(wire.data(), wire.size(), [](const char*, std::size_t) { return false; }));
  CHECK(d.stopped());
}
