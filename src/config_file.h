// SPDX-License-Identifier: MIT
// Config file and profiles: finds the TOML file (--config, $ESCURL_CONFIG, then the XDG place),
// picks the profile (--profile, $ESCURL_PROFILE, then default_profile), checks every key and type
// against the option names, refuses a file others could change (config_permissions.h) or can
// read when it holds a literal secret, and records where each value was written. Secret values
// stay unresolved references, in a Secret.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "env.h"
#include "error.h"
#include "secret.h"

namespace escurl {

/// A profile value: text, a secret reference (literal, @FILE, env:NAME), a switch, a number,
/// or a list of strings (the URLs, or a *_command's program and arguments).
using ProfileValue = std::variant<std::string, Secret, bool, double, std::vector<std::string>>;

/// One setting of a profile and where it was written.
struct ProfileSetting {
  std::string key;  ///< as written in the file: "api_key", "urls", "api_key_command", …
  ProfileValue value;
  std::string source;  ///< "FILE:LINE"
};

/// The selected profile.
struct Profile {
  std::string name;
  std::string path;         ///< the config file it comes from
  std::string selected_by;  ///< "--profile", "ESCURL_PROFILE" or "default_profile"
  /// Keyed by option name: the flag's long name ("url", "api-key", "connect-timeout"), and for
  /// the *_command keys the same spelling ("api-key-command"). `url` and `urls` both land in
  /// "url" as a list.
  std::map<std::string, ProfileSetting, std::less<>> settings;

  /// The setting for an option, or nullptr.
  const ProfileSetting* find(std::string_view option) const;
  /// The option's value when it is set and a T (std::string, Secret, bool, double or
  /// std::vector<std::string>; the type is fixed per option), else nullptr.
  template <class T>
  const T* get(std::string_view option) const {
    const ProfileSetting* s = find(option);
    return s ? std::get_if<T>(&s->value) : nullptr;
  }
};

/// Where the config file is looked for, and whether its absence is an error.
struct ConfigLocation {
  std::string path;
  std::string origin;     ///< "--config", "ESCURL_CONFIG", "XDG_CONFIG_HOME" or "HOME"
  bool required = false;  ///< true for --config and $ESCURL_CONFIG
};

/// --config, else $ESCURL_CONFIG, else $XDG_CONFIG_HOME/escurl/config.toml (an absolute
/// XDG_CONFIG_HOME only, as the XDG spec says), else $HOME/.config/escurl/config.toml; nullopt
/// when none of these is set.
std::optional<ConfigLocation> config_location(const Env& env,
                                              const std::optional<std::string>& config_flag);

/// Loads the profile named by --profile, else $ESCURL_PROFILE, else the file's default_profile.
/// nullopt when no profile is asked for, or when the default file is missing and none is asked
/// for. Usage errors: a missing --config/$ESCURL_CONFIG file, a profile asked for without a
/// file, invalid TOML (FILE:LINE:COLUMN), an unknown key (with a did-you-mean), a wrong type, a
/// secret set twice (literal and command), an unknown profile (listing those there are), and a
/// file readable by group or others that holds a literal secret, and (before it is parsed, so none
/// of its commands can run) a file owned by another user than the effective one or root, or
/// writable by group or others — through a symbolic link, the file it leads to.
Result<std::optional<Profile>> load_profile(const Env& env, std::optional<std::string> config_flag,
                                            std::optional<std::string> profile_flag);

/// The profile names in the config file, sorted; empty on any problem (for completions).
std::vector<std::string> profile_names(const Env& env, std::optional<std::string> config_flag);

/// Every key a profile may hold, in documentation order.
std::vector<std::string_view> profile_keys();

/// True when the profile key holds a credential (its value is kept in a Secret).
bool is_secret_profile_key(std::string_view key);

}  // namespace escurl
