// SPDX-License-Identifier: MIT
// Diagnostics on stderr: "escurl: error: <message>" with "  hint: …" lines, warnings, and the
// one-line summary of a failed HTTP response. Nothing here ever receives a secret.
#pragma once

#include <string_view>

#include "error.h"

namespace escurl {

/// Prints an error and its hints on stderr.
void report_error(const Error& error);

/// Prints "escurl: warning: <message>" on stderr.
void report_warning(std::string_view message);

/// Prints "escurl: <line>" on stderr.
void report_line(std::string_view line);

/// Prints the error when `show` (not silenced by -s), and returns its exit code.
int fail_with(const Error& error, bool show);

}  // namespace escurl
