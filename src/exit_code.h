// SPDX-License-Identifier: MIT
// The documented exit codes: one table maps every Errc and HTTP outcome to a code, and renders
// docs/exit-codes.md and the --help section. curl's numbers where the meaning is curl's.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "error.h"

namespace escurl {

/// One row of the exit-code table.
struct ExitCodeRow {
  int code;
  Errc errc;                 ///< the failure class that yields this code (Internal for 0)
  std::string_view meaning;  ///< one line, for docs and --help
};

/// The whole table, in code order (code 0 first).
std::span<const ExitCodeRow> exit_code_table();

/// The process exit code for a failure.
int exit_code_for(Errc errc);

/// The failure class an HTTP status becomes with --fail (the default), or nullopt-like Internal
/// when the status is a success (< 400). `fail` false means every status succeeds.
bool status_is_failure(int status, bool fail);

/// The Errc of a failing HTTP status: 401 → HttpUnauthorized, 403 → HttpForbidden, else HttpError.
Errc errc_for_status(int status);

/// docs/exit-codes.md, rendered from the table.
std::string render_exit_codes_markdown();

/// The compact form for --help: "  67  HTTP 401 ..." lines.
std::string render_exit_codes_help();

}  // namespace escurl
