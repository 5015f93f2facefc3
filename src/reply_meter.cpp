// SPDX-License-Identifier: MIT
#include "reply_meter.h"

#include <fmt/format.h>

#include <algorithm>

#include "terminal_text.h"

namespace escurl {
namespace {

constexpr std::size_t kKeepFirst = 64;
constexpr std::size_t kShowFirst = 40;

}  // namespace

bool ReplyMeter::accept(const char* data, std::size_t n) {
  if (n > 0) last_byte_at_ = std::chrono::steady_clock::now();
  if (head_done_ || overrun_ != Overrun::None) return overrun_ == Overrun::None;
  if (first_bytes_.size() < kKeepFirst) {
    first_bytes_.append(data, std::min(n, kKeepFirst - first_bytes_.size()));
  }
  for (std::size_t i = 0; i < n; ++i) {
    ++head_bytes_;
    ++line_;
    if (line_ > limits_.max_line) overrun_ = Overrun::Line;
    if (head_bytes_ > limits_.max_head) overrun_ = Overrun::Head;
    if (overrun_ != Overrun::None) return false;
    if (data[i] == '\n') line_ = 0;
  }
  return true;
}

std::string printable_prefix(const std::string& bytes) {
  return terminal_text(std::string_view(bytes).substr(0, kShowFirst));
}

bool looks_like_tls(const std::string& first_bytes) {
  // A TLS record: type alert (21) or handshake (22), then major version 3.
  return first_bytes.size() >= 2 && (first_bytes[0] == 0x15 || first_bytes[0] == 0x16) &&
         first_bytes[1] == 0x03;
}

}  // namespace escurl
