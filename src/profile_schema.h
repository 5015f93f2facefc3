// SPDX-License-Identifier: MIT
// The profile schema: every key a [profiles.NAME] table may hold, the kind of value it takes,
// the option it stands for, and which values are literal secrets. No file I/O here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config_file.h"

namespace escurl {

/// What a key's value must be, and how it is kept.
enum class ProfileKeyKind {
  Text,           ///< a string
  SecretText,     ///< a string kept in a Secret; literal unless @FILE, @- or env:NAME
  UserSecret,     ///< USER[:PASSWORD] kept in a Secret; a literal secret when it has a ':'
  Switch,         ///< true or false
  Seconds,        ///< a number > 0
  NonNegSeconds,  ///< a number >= 0
  Count,          ///< an integer >= 0
  Url,            ///< a string, kept as a one-element list
  Urls,           ///< a non-empty array of strings
  Command,        ///< a non-empty array of strings: a program and its arguments
};

/// One key a profile may hold.
struct ProfileKeySpec {
  std::string_view key;
  ProfileKeyKind kind;
  std::string_view option = {};  ///< empty: the key with '_' made '-'
};

/// The key's spec, or nullptr for an unknown key.
const ProfileKeySpec* find_profile_key(std::string_view key);

/// The option a key stands for: the flag's long name ("api-key", "url", "api-key-command").
std::string profile_option_name(const ProfileKeySpec& spec);

/// What a value of this kind must be, for messages ("a number of seconds greater than 0").
std::string_view expected_profile_value(ProfileKeyKind kind);

/// The closest of `candidates` within a few edits ('-' read as '_', case ignored), if any.
std::optional<std::string_view> closest_key(std::string_view key,
                                            const std::vector<std::string_view>& candidates);

/// True when the value writes a secret out in the file: a literal password, key or token, a
/// USER:PASSWORD, or a URL with a password in it. References (@FILE, env:NAME) are not.
bool is_literal_secret(ProfileKeyKind kind, const ProfileValue& value);

}  // namespace escurl
