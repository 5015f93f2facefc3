// SPDX-License-Identifier: MIT
// ReplyMeter: watches the bytes a server sends on one exchange until its response head is done,
// so a reply that is not HTTP, or a head that never ends, is stopped and explained instead of
// growing without bound. Owns only counters and the first bytes received; no I/O.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace escurl {

/// Limits on a response head.
struct HeadLimits {
  std::size_t max_line = 8192;  ///< bytes in the status line or one header line, CRLF included
  std::size_t max_head = 256 * 1024;  ///< bytes in the whole head
};

/// Counts what one exchange receives; reads stop being checked once the head is done.
class ReplyMeter {
 public:
  enum class Overrun { None, Line, Head };

  explicit ReplyMeter(HeadLimits limits = {}) : limits_(limits) {}
  /// Takes `n` bytes just read; false when they break a head limit (the read must then fail).
  bool accept(const char* data, std::size_t n);
  /// The head was parsed: later bytes are body and go unchecked.
  void head_done() { head_done_ = true; }
  /// Notes a failed read and its errno.
  void read_failed(int error) { read_errno_ = error; }

  /// Bytes received before the head was done.
  std::uint64_t head_bytes() const { return head_bytes_; }
  /// Up to the first 64 bytes of the reply.
  const std::string& first_bytes() const { return first_bytes_; }
  /// Which limit was broken, if any.
  Overrun overrun() const { return overrun_; }
  const HeadLimits& limits() const { return limits_; }
  /// errno of the last failed read (0 if none): ECONNRESET tells a reset from a close.
  int read_errno() const { return read_errno_; }
  /// When the last byte arrived (construction time if none did).
  std::chrono::steady_clock::time_point last_byte_at() const { return last_byte_at_; }

 private:
  HeadLimits limits_;
  bool head_done_ = false;
  std::uint64_t head_bytes_ = 0;
  std::size_t line_ = 0;
  std::string first_bytes_;
  Overrun overrun_ = Overrun::None;
  int read_errno_ = 0;
  std::chrono::steady_clock::time_point last_byte_at_ = std::chrono::steady_clock::now();
};

/// The first 40 bytes of a reply as terminal_text: controls and invalid UTF-8 as \r, \n, \xNN.
std::string printable_prefix(const std::string& bytes);

/// Whether a reply starts like a TLS record (the server speaks TLS on this port).
bool looks_like_tls(const std::string& first_bytes);

}  // namespace escurl
