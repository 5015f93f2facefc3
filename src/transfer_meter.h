// SPDX-License-Identifier: MIT
// TransferMeter: a ResponseSink in front of another that notes when the response head came and
// how many body bytes passed, and feeds the progress line — the figures --write-out reports.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "clock.h"
#include "progress.h"
#include "response.h"

namespace escurl {

/// Counts a response on its way to `inner`.
class TransferMeter : public ResponseSink {
 public:
  /// `progress` may be null (no progress line).
  TransferMeter(ResponseSink& inner, Clock& clock, Progress* progress)
      : inner_(inner), clock_(clock), progress_(progress) {}
  bool on_head(const ResponseHead& head) override;
  bool on_body(const char* data, std::size_t size) override;
  void on_idle() override { inner_.on_idle(); }

  /// When the (final) response head arrived.
  std::optional<std::chrono::steady_clock::time_point> head_at() const { return head_at_; }
  /// Body bytes passed on for the final response.
  std::uint64_t body_bytes() const { return body_bytes_; }

 private:
  ResponseSink& inner_;
  Clock& clock_;
  Progress* progress_;
  std::optional<std::chrono::steady_clock::time_point> head_at_;
  std::optional<std::uint64_t> length_;
  std::uint64_t body_bytes_ = 0;
};

}  // namespace escurl
