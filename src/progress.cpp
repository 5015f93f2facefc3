// SPDX-License-Identifier: MIT
#include "progress.h"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace escurl {
namespace {

// Shown only for transfers that last longer than this; redrawn at most this often.
constexpr std::chrono::milliseconds kShowAfter{1000};
constexpr std::chrono::milliseconds kRedrawEvery{250};

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

std::string human_bytes(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return fmt::format("{} B", bytes);
  double v = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (v >= 1024 && unit + 1 < std::size(kUnits)) {
    v /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", v, kUnits[unit]);
}

Progress::Progress(Clock& clock, std::function<void(std::string_view)> write)
    : clock_(clock), write_(std::move(write)), phase_start_(clock.now()) {}

std::string Progress::render(char direction, std::uint64_t done, std::optional<std::uint64_t> total,
                             double elapsed) {
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  const char* arrow = direction == '^' ? "sent" : "received";
  std::string line = fmt::format("{} {}", arrow, human_bytes(done));
  if (total && *total > 0) {
    const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(*total));
    line += fmt::format(" of {} ({:.0f}%)", human_bytes(*total), fraction * 100);
  }
  line += fmt::format(", {}/s", human_bytes(static_cast<std::uint64_t>(std::llround(rate))));
  if (total && *total > done && rate > 0) {
    line += fmt::format(", {} left", duration_text(static_cast<double>(*total - done) / rate));
  }
  return line;
}

void Progress::upload(std::uint64_t sent, std::optional<std::uint64_t> total) {
  update('^', sent, total);
}

void Progress::download(std::uint64_t received, std::optional<std::uint64_t> total) {
  update('v', received, total);
}

void Progress::update(char direction, std::uint64_t done, std::optional<std::uint64_t> total) {
  const Clock::TimePoint now = clock_.now();
  if (direction != direction_) {
    // The upload is over and the response is arriving: its line is finished, and the
    // download is a transfer of its own, with its own second before it shows.
    end_line();
    direction_ = direction;
    phase_start_ = now;
    shown_width_ = 0;
  }
  done_ = done;
  total_ = total;
  if (now - phase_start_ < kShowAfter) return;
  if (last_draw_ && now - *last_draw_ < kRedrawEvery) return;
  last_draw_ = now;
  draw();
}

void Progress::draw() {
  const double elapsed = std::chrono::duration<double>(clock_.now() - phase_start_).count();
  std::string line = render(direction_, done_, total_, elapsed);
  const std::size_t width = line.size();
  // Blank out what is left of a longer earlier line.
  if (width < shown_width_) line.append(shown_width_ - width, ' ');
  shown_width_ = width;
  write_("\r" + line);
}

void Progress::end_line() {
  if (!last_draw_) return;
  draw();
  write_("\n");
  last_draw_.reset();
}

void Progress::finish() { end_line(); }

}  // namespace escurl
