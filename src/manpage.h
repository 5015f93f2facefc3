// SPDX-License-Identifier: MIT
// The escurl(1) man page, generated from the flag table and the exit-code table
// (docs/escurl.1 is its committed output; `escurl generate man` prints it).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "flags.h"

namespace escurl {

/// The whole page in roff (man macros), for these flags (all_flags() for the real page).
std::string render_manpage(std::span<const FlagSpec> flags);

/// Text made safe for a roff line: backslashes and hyphens escaped, non-ASCII as \[uXXXX], and a
/// leading '.' or '\'' guarded so it is not read as a request.
std::string roff_escape(std::string_view text);

}  // namespace escurl
