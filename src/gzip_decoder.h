// SPDX-License-Identifier: MIT
// GzipDecoder: inflates a gzip (or zlib) Content-Encoding as the body streams, in fixed-size
// output pieces, so a small compressed body cannot grow into a large allocation. zlib is called
// only here.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace escurl {

/// Streams a compressed body into `emit` (pieces of at most 64 KiB).
class GzipDecoder {
 public:
  /// Receives decoded bytes; returns false to stop.
  using Emit = std::function<bool(const char* data, std::size_t size)>;

  GzipDecoder();
  ~GzipDecoder();
  GzipDecoder(const GzipDecoder&) = delete;
  GzipDecoder& operator=(const GzipDecoder&) = delete;

  /// Decodes `size` bytes. False when the stream is corrupt (error() says how), when bytes follow
  /// its end, or when `emit` refused (stopped() is then true).
  bool feed(const char* data, std::size_t size, const Emit& emit);
  /// Whether the compressed stream ended properly (its trailer was read).
  bool finished() const { return finished_; }
  /// Whether the last false came from `emit`.
  bool stopped() const { return stopped_; }
  const std::string& error() const { return error_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  bool finished_ = false;
  bool stopped_ = false;
  std::string error_;
};

}  // namespace escurl
