// SPDX-License-Identifier: MIT
// Progress: nothing for a transfer under a second; then one "\r"-rewritten line with bytes,
// rate, and with a known size the percentage and time left; redraws throttled; finish() ends
// the line. Time comes from a fake clock, so nothing here waits or asserts on real time.
#include "progress.h"

#include <string>

#include "catch.h"
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
  const std::string first = "sent 1.0 KiB of 4.0 KiB (25%), 1.0 KiB/s, 0:03 left";
  CHECK(f.written == "\r" + first);
  // Within the redraw interval: not drawn again.
  f.clock.advance(milliseconds(100));
  f.progress.upload(2048, 4096);
  CHECK(f.written == "\r" + first);
  // A shorter line blanks out the rest of the longer one.
  f.clock.advance(milliseconds(200));
  f.progress.upload(4096, 4096);
  const std::string done = "sent 4.0 KiB of 4.0 KiB (100%), 3.1 KiB/s";
  CHECK(f.written.ends_with("\r" + done + std::string(first.size() - done.size(), ' ')));
  f.progress.finish();
  CHECK(f.written.ends_with("\n"));
  const std::size_t before = f.written.size();
  f.progress.finish();  // once only
  CHECK(f.written.size() == before);
}

TEST_CASE("progress: the response after a long upload is timed on its own", "[progress]") {
  Fixture f;
  f.progress.upload(0, 8192);
  f.clock.advance(milliseconds(1500));
  f.progress.upload(4096, 8192);
  REQUIRE_FALSE(f.written.empty());
  // The first response byte ends the upload's line...
  f.progress.download(2, 2);
  CHECK(f.written.ends_with("\rsent 4.0 KiB of 8.0 KiB (50%), 2.7 KiB/s, 0:02 left\n"));
  const std::size_t after_upload = f.written.size();
  // ...and a quick small response shows nothing.
  f.clock.advance(milliseconds(10));
  f.progress.finish();
  CHECK(f.written.size() == after_upload);
}

TEST_CASE("progress: a slow download without a known size", "[progress]") {
  Fixture f;
  f.progress.download(10, std::nullopt);
  f.clock.advance(milliseconds(500));
  f.progress.download(20, std::nullopt);
  CHECK(f.written.empty());
  f.clock.advance(milliseconds(600));
  f.progress.download(33, std::nullopt);
  CHECK(f.written == "\rreceived 33 B, 30 B/s");
  f.progress.finish();
  CHECK(f.written == "\rreceived 33 B, 30 B/s\rreceived 33 B, 30 B/s\n");
}
