// SPDX-License-Identifier: MIT
// A look at a TOML text before toml++ parses it, for the input toml++ 3.3 and 3.4 meet with a
// failed assertion (or, built with NDEBUG by clang, an assumption) or undefined behaviour instead
// of an error: a character other than ASCII where its whitespace classes are asked about it
// (outside strings and comments, and after a backslash in a basic string), a table header whose
// key starts with neither a bare-key character nor a quote ("[ = 1]"), '}' where an array expects
// a value ("[}]"), and a date followed by a 'T' and no digit, or by a space and a lone digit.
// All of these but one are invalid TOML 1.0 anyway. Found by tests/fuzz/config_fuzz.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace escurl {

/// Where a TOML text breaks one of the rules toml_prescan checks, and which one.
struct TomlScanFinding {
  std::size_t line = 0;    ///< 1-based
  std::size_t column = 0;  ///< 1-based, in code points, as toml++ counts
  std::string message;     ///< lowercase; never quotes the text, which may hold secrets
  std::string hint;        ///< what to write instead
};

/// Checks a whole TOML document (UTF-8, an optional byte order mark first) for what toml++ cannot
/// be given:
///  - a character other than ASCII outside strings and comments;
///  - a backslash in a basic string followed, after any spaces or tabs, by one (an unknown
///    escape, or a line-ending backslash that is not last on its line);
///  - a table header ('[' or '[[') whose key starts with neither a letter, digit, '_', '-' nor a
///    quote;
///  - '}' where an array expects a value;
///  - a value that starts with a date (1979-05-27) and a 'T' not followed by a digit, or a
///    space and one digit only;
///  - and the one case TOML allows: a multi-line basic string whose line-ending backslash is
///    followed, after the blanks and line breaks it trims, by a character other than ASCII.
/// It follows TOML's grammar the way toml++ does, so that what it takes for a string (basic,
/// literal, multi-line basic or multi-line literal) or a comment is what toml++ reads as one, and
/// stops without a finding at the first other error, which toml++ then reports itself.
/// nullopt when the text may be given to toml++.
std::optional<TomlScanFinding> toml_prescan(std::string_view text);

}  // namespace escurl
