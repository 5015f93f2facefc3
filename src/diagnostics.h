// SPDX-License-Identifier: MIT
// Diagnostics on stderr: "escurl: error: <message>" with "  hint: …" lines, warnings, and the
// one-line summary of a failed HTTP response. Nothing here ever receives a secret.
#pragma once

#include <string_view>

#include "error.h"

namespace escurl {

/// Prints an error and its hints on stderr, each one line: controls in them show escaped
/// (terminal_text).
void report_error(const Error& error);

/// Prints "escurl: warning: <message>" on stderr, escaped as report_error does.
void report_warning(std::string_view message);

/// Prints "escurl: <line>" on stderr as given (it may hold line breaks of its own): text from
/// the network in it must have passed terminal_text.
void report_line(std::string_view line);

/// Prints the error when `show` (not silenced by -s), and returns its exit code.
int fail_with(const Error& error, bool show);

}  // namespace escurl
