// SPDX-License-Identifier: MIT
#include "gzip_decoder.h"

#include <zlib.h>

#include <climits>

namespace escurl {

struct GzipDecoder::State {
  z_stream z{};
  bool ready = false;
  char out[64 * 1024];
};

GzipDecoder::GzipDecoder() : state_(std::make_unique<State>()) {
  // 32 + MAX_WBITS: a gzip or a zlib header, detected from the first bytes.
  state_->ready = inflateInit2(&state_->z, 32 + MAX_WBITS) == Z_OK;
  if (!state_->ready) error_ = "the gzip decoder could not start";
}

GzipDecoder::~GzipDecoder() {
  if (state_->ready) inflateEnd(&state_->z);
}

bool GzipDecoder::feed(const char* data, std::size_t size, const Emit& emit) {
  if (!state_->ready) return false;
  if (finished_) {
    if (size == 0) return true;
    error_ = "bytes follow the end of the gzip stream";
    return false;
  }
  z_stream& z = state_->z;
  while (size > 0) {
    const auto piece = static_cast<uInt>(std::min<std::size_t>(size, UINT_MAX));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    z.avail_in = piece;
    do {
      z.next_out = reinterpret_cast<Bytef*>(state_->out);
      z.avail_out = sizeof state_->out;
      const int rc = inflate(&z, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        error_ = z.msg != nullptr ? z.msg : "corrupt data";
        return false;
      }
      const std::size_t n = sizeof state_->out - z.avail_out;
      if (n > 0 && !emit(state_->out, n)) {
        stopped_ = true;
        return false;
      }
      if (rc == Z_STREAM_END) {
        finished_ = true;
        if (z.avail_in > 0 || size > piece) {
          error_ = "bytes follow the end of the gzip stream";
          return false;
        }
        return true;
      }
      if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
    } while (z.avail_out == 0 || z.avail_in > 0);
    data += piece;
    size -= piece;
  }
  return true;
}

}  // namespace escurl
