// SPDX-License-Identifier: MIT
// Permissions of what escurl trusts: a config file decides where credentials go and which
// commands run, and the token store holds logins, so only the user may be able to change them —
// owned by the effective user (or root) and writable by neither group nor others, the rule ssh
// applies to ~/.ssh/config; a symbolic link counts as the file it leads to. A config file that
// writes a secret out must not be readable by group or others either. Each refusal names the
// chown or chmod that fixes it.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "error.h"

namespace escurl {

/// Single-quotes a path for the shell when it holds anything but safe characters.
std::string shell_quote(const std::string& path);

/// What is being checked, for the refusal.
struct TrustedPath {
  std::string_view kind;   ///< "the config file", "the token store directory"
  std::string path;        ///< as given; a symbolic link is named with its target
  std::string_view stake;  ///< why it matters: "it decides where credentials are sent"
  std::string_view mode;   ///< what the chmod hint sets: "600", "700"
};

/// Usage error unless only the user can change what `st` describes (fstat of `p.path`, after any
/// symbolic link): owned by the effective user or root, and writable by neither group nor others.
Result<void> check_only_user_can_change(const TrustedPath& p, const struct stat& st);

/// The config file as fstat gave it (`st`): check_only_user_can_change for "the config file".
Result<void> check_config_owner(const std::string& path, const struct stat& st);

/// Usage error when `mode` lets group or others read the file while it holds `literal_secret`
/// (a description such as "'password' in profile 'prod' at line 4").
Result<void> check_config_permissions(const std::string& path, mode_t mode,
                                      const std::optional<std::string>& literal_secret);

}  // namespace escurl
