// SPDX-License-Identifier: MIT
#include "diagnostics.h"

#include <fmt/format.h>

#include "exit_code.h"
#include "output.h"

namespace escurl {
namespace {

void to_stderr(const std::string& text) { write_all(2, text.data(), text.size()); }

}  // namespace

void report_error(const Error& error) {
  std::string text = fmt::format("escurl: error: {}\n", error.message);
  for (const std::string& hint : error.hints) text += fmt::format("  hint: {}\n", hint);
  to_stderr(text);
}

void report_warning(std::string_view message) {
  to_stderr(fmt::format("escurl: warning: {}\n", message));
}

void report_line(std::string_view line) { to_stderr(fmt::format("escurl: {}\n", line)); }

int fail_with(const Error& error, bool show) {
  if (show) report_error(error);
  return exit_code_for(error.code);
}

}  // namespace escurl
