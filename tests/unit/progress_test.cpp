// SPDX-License-Identifier: MIT
// Progress: nothing for a transfer under a second; then one "\r"-rewritten line with bytes,
// rate, and with a known size the percentage and time left; redraws throttled; finish() ends
// the line. Time comes from a fake clock, so nothing here waits or asserts on real time.
#include "progress.h"

#include <catch2/catch.hpp>
#include <string>

#include "fake_clock.h"

using escurl::Progress;
using escurl::testing::FakeClock;
using std::chrono::milliseconds;

namespace {
struct Fixture {
  FakeClock clock;
  std::string written;
  Progress progress{clock, [this](std::string_view t) { written += t; }};
};
}  // namespace

TEST_CASE("progress: human_bytes", "[progress]") {
  CHECK(escurl::human_bytes(0) == "0 B");
  CHECK(escurl::human_bytes(1023) == "1023 B");
  CHECK(escurl::human_bytes(1536) == "1.5 KiB");
  CHECK(escurl::human_bytes(32ull << 20) == "32.0 MiB");
  CHECK(escurl::human_bytes(3ull << 30) == "3.0 GiB");
}

TEST_CASE("progress: render with and without a known size", "[progress]") {
  CHECK(Progress::render('v', 8ull << 20, 32ull << 20, 2.0) ==
        "received 8.0 MiB of 32.0 MiB (25%), 4.0 MiB/s, 0:06 left");
  CHECK(Progress::render('^', 3ull << 20, std::nullopt, 3.0) == "sent 3.0 MiB, 1.0 MiB/s");
  CHECK(Progress::render('v', 100, 100, 1.0) == "received 100 B of 100 B (100%), 100 B/s");
}

TEST_CASE("progress: a transfer under a second shows nothing", "[progress]") {
  Fixture f;
  f.progress.download(1000, 5000);
  f.clock.advance(milliseconds(900));
  f.progress.download(5000, 5000);
  f.progress.finish();
  CHECK(f.written.empty());
}

TEST_CASE("progress: after a second a line appears, redrawn in place and ended", "[progress]") {
  Fixture f;
  f.progress.upload(0, 4096);
  f.clock.advance(milliseconds(1000));
  f.progress.upload(1024, 4096);
  CHECK(f.written == "\rsent 1.0 KiB of 4.0 KiB (25%), 1.0 KiB/s, 0:03 left");
  // Within the redraw interval: not drawn again.
  f.clock.advance(milliseconds(100));
  f.progress.upload(2048, 4096);
  CHECK(f.written.find("2.0 KiB of") == std::string::npos);
  f.clock.advance(milliseconds(200));
  f.progress.download(10, std::nullopt);
  CHECK(f.written.rfind('\r') > 0);
  // A shorter line blanks out the rest of the longer one.
  const std::string last = f.written.substr(f.written.rfind('\r') + 1);
  CHECK(last.starts_with("received 10 B, 7 B/s"));
  CHECK(last.size() == std::string("sent 1.0 KiB of 4.0 KiB (25%), 1.0 KiB/s, 0:03 left").size());
  f.progress.finish();
  CHECK(f.written.ends_with("\n"));
}
