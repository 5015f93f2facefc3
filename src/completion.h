// SPDX-License-Identifier: MIT
// Shell completions generated from the flag table: what kind of value each flag takes, and the
// bash, zsh and fish scripts that `escurl completion SHELL` prints (committed in completions/).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "flags.h"

namespace escurl {

/// What a completion offers for a flag's value.
enum class ValueKind {
  None,       ///< a switch: no value
  Words,      ///< one of a fixed set (from a value name like "auto|always|never")
  File,       ///< a file name
  Directory,  ///< a directory name
  AtFile,     ///< a literal, or @FILE: file names after '@'
  Method,     ///< an HTTP method
  Profile,    ///< a profile name, from `escurl config profiles`
  Free,       ///< anything: nothing to offer
};

/// How a flag's value is completed, and the words when it is ValueKind::Words.
struct ValueCompletion {
  ValueKind kind = ValueKind::None;
  std::vector<std::string_view> words;
};

/// Derived from the flag's value name (and its name, for --profile).
ValueCompletion value_completion(const FlagSpec& f);

/// The HTTP methods offered as the first word of the Console form.
std::span<const std::string_view> completion_methods();

/// The subcommands offered as a first word, each with the words that may follow it.
struct SubcommandWords {
  std::string_view name;
  std::vector<std::string_view> next;
};
std::span<const SubcommandWords> completion_subcommands();

/// The completion scripts, generated from `flags` (all_flags() for the real ones).
std::string render_bash_completion(std::span<const FlagSpec> flags);
std::string render_zsh_completion(std::span<const FlagSpec> flags);
std::string render_fish_completion(std::span<const FlagSpec> flags);

/// Replaces every "@KEY@" in `text` with `value` (for the script templates).
std::string fill_template(std::string text, std::string_view key, std::string_view value);

}  // namespace escurl
