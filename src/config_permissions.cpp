// SPDX-License-Identifier: MIT
#include "config_permissions.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace escurl {

std::string shell_quote(const std::string& path) {
  const bool safe = std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/._-+,@%:=~", c);
  });
  if (safe && !path.empty()) return path;
  std::string out = "'";
  for (const char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Result<void> check_config_permissions(const std::string& path, mode_t mode,
                                      const std::optional<std::string>& literal_secret) {
  const std::string chmod = fmt::format("run: chmod 600 {}", shell_quote(path));
  if (mode & S_IWOTH) {
    return make_error(Errc::Usage,
                      fmt::format("refusing the config file '{}': any user can change it (mode "
                                  "{:04o}), and it decides where credentials are sent",
                                  path, mode),
                      {chmod});
  }
  if (literal_secret && (mode & 077)) {
    return make_error(
        Errc::Usage,
        fmt::format("refusing the config file '{}': it holds a secret ({}) and can be read by "
                    "group or others (mode {:04o})",
                    path, *literal_secret, mode),
        {chmod,
         "or refer to the secret instead of writing it: \"env:NAME\", \"@FILE\" or a "
         "*_command key"});
  }
  return ok();
}

}  // namespace escurl
