// SPDX-License-Identifier: MIT
// Clock: time and sleeping behind an interface, so backoff and dead-node timing can be tested
// without waiting. The real clock is steady; tests use a fake that advances on sleep().
#pragma once

#include <chrono>
#include <thread>

namespace escurl {

/// A monotonic clock that can sleep.
class Clock {
 public:
  using Duration = std::chrono::steady_clock::duration;
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  virtual void sleep(Duration d) = 0;
};

/// The real, steady clock.
class SteadyClock : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  void sleep(Duration d) override { std::this_thread::sleep_for(d); }
};

/// The longest wait, in seconds (about 31 years): as a clock duration a larger one (-m 1e10)
/// overflows the clock's nanoseconds, and "now" plus it must still fit.
constexpr double kMaxWaitSeconds = 1e9;

/// Seconds as a clock duration, clamped to [0, kMaxWaitSeconds].
inline Clock::Duration seconds_to_duration(double s) {
  const double clamped = s > 0 ? (s < kMaxWaitSeconds ? s : kMaxWaitSeconds) : 0;
  return std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(clamped));
}

}  // namespace escurl
