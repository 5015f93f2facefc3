// SPDX-License-Identifier: MIT
// The command line: registers every flag of the table with CLI11, parses argv into RawOptions,
// and turns CLI11's parse errors into Usage errors (one of the three translation points).
// Also renders --help from the table, and scrubs secret values out of the process's argv.
#pragma once

#include <string>
#include <vector>

#include "error.h"
#include "raw_options.h"

namespace escurl {

/// Parses arguments (without the program name). Errors are Usage, with a did-you-mean hint.
Result<RawOptions> parse_command_line(const std::vector<std::string>& args);

/// Levenshtein distance between two names, for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The --help text, generated from the flag table.
std::string render_help();

/// Overwrites the credentials in argv, so /proc/<pid>/cmdline no longer shows them: the values of
/// secret flags, the values of credential headers given with -H, and the password of any
/// "scheme://user:password@host" URL (--url, --proxy, a positional).
void scrub_secret_args(int argc, char** argv);

}  // namespace escurl
