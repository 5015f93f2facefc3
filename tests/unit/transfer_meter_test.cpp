// SPDX-License-Identifier: MIT
// TransferMeter: passes everything on, counts the final response's body, notes when its head
// came, and feeds the progress line with the Content-Length.
#include "transfer_meter.h"

#include <string>

#include "catch.h"
#include "fake_clock.h"

using escurl::ResponseHead;
using escurl::TransferMeter;
using escurl::testing::FakeClock;

namespace {
class Recorder : public escurl::ResponseSink {
 public:
  bool on_head(const ResponseHead& h) override {
    heads.push_back(h.status);
    return true;
  }
  bool on_body(const char* d, std::size_t n) override {
    body.append(d, n);
    return accept;
  }
  std::vector<int> heads;
  std::string body;
  bool accept = true;
};
}  // namespace

TEST_CASE("transfer_meter: counts the final response and passes it on", "[transfer_meter]") {
  FakeClock clock;
  Recorder inner;
  std::string shown;
  escurl::Progress progress(clock, [&](std::string_view t) { shown += t; });
  TransferMeter meter(inner, clock, &progress);
  CHECK_FALSE(meter.head_at());
  ResponseHead first;
  first.status = 503;
  REQUIRE(meter.on_head(first));
  REQUIRE(meter.on_body("xx", 2));
  clock.advance(std::chrono::seconds(2));
  ResponseHead second;
  second.status = 200;
  second.headers = {{"content-length", "10"}};
  REQUIRE(meter.on_head(second));
  REQUIRE(meter.head_at());
  CHECK(*meter.head_at() == clock.now());
  REQUIRE(meter.on_body("hello", 5));
  CHECK(meter.body_bytes() == 5);
  CHECK(inner.heads == std::vector<int>{503, 200});
  CHECK(inner.body == "xxhello");
  CHECK(shown.find("received 5 B of 10 B (50%)") != std::string::npos);
  inner.accept = false;
  CHECK_FALSE(meter.on_body("!", 1));  // the inner sink's refusal stops the transfer
}
