// SPDX-License-Identifier: MIT
// Config file permissions: a file that decides where credentials go must not be writable by
// others, and one that writes a secret out must not be readable by group or others. The refusal
// names the chmod that fixes it.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "error.h"

namespace escurl {

/// Single-quotes a path for the shell when it holds anything but safe characters.
std::string shell_quote(const std::string& path);

/// Usage error when `mode` lets others write the file, or lets group or others read it while
/// it holds `literal_secret` (a description such as "'password' in profile 'prod' at line 4").
Result<void> check_config_permissions(const std::string& path, mode_t mode,
                                      const std::optional<std::string>& literal_secret);

}  // namespace escurl
