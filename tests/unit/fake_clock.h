// SPDX-License-Identifier: MIT
// A clock for unit tests: time moves only when the code under test sleeps or the test says so.
#pragma once

#include <vector>

#include "clock.h"

namespace escurl::testing {

class FakeClock : public Clock {
 public:
  TimePoint now() const override { return now_; }
  void sleep(Duration d) override {
    sleeps.push_back(d);
    now_ += d;
  }
  void advance(Duration d) { now_ += d; }
  std::vector<Duration> sleeps;

 private:
  TimePoint now_{std::chrono::hours(1)};
};

}  // namespace escurl::testing
