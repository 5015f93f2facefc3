// SPDX-License-Identifier: MIT
// The flag table: the one place an option is defined. CLI11 registration (cli.cpp), --help, and
// later the man page and completions are all generated from kFlags.
#pragma once

#include <span>
#include <string_view>

#include "error.h"
#include "raw_options.h"

namespace escurl {

/// The --help group a flag is listed under, in display order.
enum class Category { Request, Auth, Tls, Connection, Output, Batch, Subcommand, Other };

/// The heading of a category in --help.
std::string_view category_title(Category c);

/// One command-line option.
struct FlagSpec {
  std::string_view long_name;   ///< without the leading "--"
  char short_name = 0;          ///< 0 when there is none
  std::string_view value_name;  ///< empty for a switch
  Category category = Category::Other;
  std::string_view help;       ///< one line
  std::string_view long_help;  ///< a paragraph, for the man page
  bool secret = false;         ///< its value is a credential: scrubbed, never shown
  std::string_view env;        ///< environment variables that can stand in, for docs
  std::string_view alias;      ///< another long name, without "--"
  bool repeatable = false;     ///< may be given more than once, each adds
  /// Stores the value (empty for a switch) into the raw options.
  Result<void> (*apply)(RawOptions&, std::string_view value) = nullptr;

  bool takes_value() const { return !value_name.empty(); }
};

/// Every flag, in --help order within each category.
std::span<const FlagSpec> all_flags();

/// The flag with this long name or alias, or nullptr.
const FlagSpec* find_flag(std::string_view long_name);

}  // namespace escurl
