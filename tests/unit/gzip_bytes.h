// SPDX-License-Identifier: MIT
// Test data: text compressed by zlib, for the decoder and exchange tests.
#pragma once

#include <zlib.h>

#include <string>

#include "catch.h"

/// `text` deflated with `window_bits` (16 + 15: a gzip stream; 15: a zlib stream).
inline std::string gzip_bytes(const std::string& text, int window_bits = 16 + 15) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}
