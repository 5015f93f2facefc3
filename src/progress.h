// SPDX-License-Identifier: MIT
// Progress: one line on a terminal's stderr, rewritten in place ("\r"), for an upload or a
// download that has lasted over a second (each timed from its own first byte) — bytes so far, rate,
// and with a known size the percentage and time left. Time comes from an injected Clock and text
// goes to an injected writer, so tests drive it without waiting. app.cpp decides whether it is
// shown at all (a terminal stderr, not -s, and stdout not the same terminal).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "clock.h"

namespace escurl {

/// "1.5 KiB", "32.0 MiB": bytes in binary units, one decimal past bytes.
std::string human_bytes(std::uint64_t bytes);

/// The progress line of one transfer.
class Progress {
 public:
  /// `write` receives the terminal text (carriage returns included).
  Progress(Clock& clock, std::function<void(std::string_view)> write);

  /// Body bytes sent so far, with the body's size when known.
  void upload(std::uint64_t sent, std::optional<std::uint64_t> total);
  /// Body bytes received so far, with the Content-Length when known.
  void download(std::uint64_t received, std::optional<std::uint64_t> total);
  /// Ends the line: the last figures and a newline when a line was shown, nothing otherwise.
  void finish();

  /// The text of a line, without "\r" (for tests and for drawing).
  static std::string render(char direction, std::uint64_t done, std::optional<std::uint64_t> total,
                            double elapsed_seconds);

 private:
  void update(char direction, std::uint64_t done, std::optional<std::uint64_t> total);
  void draw();
  /// Draws the last figures and ends the line, when one is shown.
  void end_line();

  Clock& clock_;
  std::function<void(std::string_view)> write_;
  Clock::TimePoint phase_start_;  ///< when the current direction began
  std::optional<Clock::TimePoint> last_draw_;
  char direction_ = 0;  ///< '^' upload, 'v' download, 0 before either
  std::uint64_t done_ = 0;
  std::optional<std::uint64_t> total_;
  std::size_t shown_width_ = 0;
};

}  // namespace escurl
