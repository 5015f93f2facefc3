// SPDX-License-Identifier: MIT
#include "diagnostics.h"

#include <fmt/format.h>

#include "exit_code.h"
#include "output.h"
#include "terminal_text.h"

namespace escurl {
namespace {

void to_stderr(const std::string& text) { write_all(2, text.data(), text.size()); }

}  // namespace

// A message and each hint are one line by contract, and may quote what a server, a proxy or a
// certificate said: whatever slipped past its source's terminal_text is escaped here, so no
// message can forge another line or drive the terminal.
void report_error(const Error& error) {
  std::string text = fmt::format("escurl: error: {}\n", terminal_text(error.message));
  for (const std::string& hint : error.hints) {
    text += fmt::format("  hint: {}\n", terminal_text(hint));
  }
  to_stderr(text);
}

void report_warning(std::string_view message) {
  to_stderr(fmt::format("escurl: warning: {}\n", terminal_text(message)));
}

void report_line(std::string_view line) { to_stderr(fmt::format("escurl: {}\n", line)); }

int fail_with(const Error& error, bool show) {
  if (show) report_error(error);
  return exit_code_for(error.code);
}

}  // namespace escurl
