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

/// Text made safe for a roff line: backslashes, hyphens and apostrophes escaped, a leading '.'
/// guarded so it is not read as a request, and non-ASCII characters spelled so that man renders
/// them without a warning in every locale: as groff escapes (\(en, \(lq, \(->, ...) or in ASCII
/// ("..." for an ellipsis), and '?' for any character the generator has no spelling for. The
/// result is pure ASCII.
std::string roff_escape(std::string_view text);

}  // namespace escurl
