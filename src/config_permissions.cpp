// SPDX-License-Identifier: MIT
#include "config_permissions.h"

#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace escurl {
namespace {

// "nobody (uid 65534)", or "uid 65534" for a user the system does not name.
std::string describe_user(uid_t uid) {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr) {
    return fmt::format("{} (uid {})", found->pw_name, uid);
  }
  return fmt::format("uid {}", uid);
}

// The name chown takes for `uid`: its user name, else the number.
std::string chown_name(uid_t uid) {
  std::vector<char> buf(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) == 0 && found != nullptr) {
    return found->pw_name;
  }
  return std::to_string(uid);
}

// Where a symbolic link leads, so that the message and the fix name the file that counts;
// nullopt when `path` is no link.
std::optional<std::string> link_target(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return std::nullopt;
  char* real = ::realpath(path.c_str(), nullptr);
  if (real == nullptr) return std::nullopt;
  std::string target(real);
  std::free(real);
  return target;
}

}  // namespace

std::string shell_quote(const std::string& path) {
  const bool safe = std::all_of(path.begin(), path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/._-+,@%:=~", c);
  });
  if (safe && !path.empty()) return path;
  std::string out = "'";
  for (const char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

Result<void> check_only_user_can_change(const TrustedPath& p, const struct stat& st) {
  const uid_t me = ::geteuid();
  const bool other_owner = st.st_uid != me && st.st_uid != 0;
  const mode_t mode = st.st_mode & 07777;
  if (!other_owner && (mode & (S_IWGRP | S_IWOTH)) == 0) return ok();
  const std::optional<std::string> target = link_target(p.path);
  const std::string real = target.value_or(p.path);
  const std::string named = target ? fmt::format("'{}' (a symbolic link to '{}')", p.path, *target)
                                   : fmt::format("'{}'", p.path);
  if (other_owner) {
    return make_error(
        Errc::Usage,
        fmt::format("refusing {} {}: it belongs to another user, {}, and {}", p.kind, named,
                    describe_user(st.st_uid), p.stake),
        {fmt::format("if it is meant for you, make it yours: sudo chown {} {}; if not, remove it",
                     chown_name(me), shell_quote(real))});
  }
  return make_error(Errc::Usage,
                    fmt::format("refusing {} {}: {} can change it (mode {:04o}), and {}", p.kind,
                                named, mode & S_IWOTH ? "any user" : "its group", mode, p.stake),
                    {fmt::format("run: chmod {} {}", p.mode, shell_quote(real))});
}

Result<void> check_config_owner(const std::string& path, const struct stat& st) {
  return check_only_user_can_change(
      {"the config file", path, "it decides where credentials are sent and what runs", "600"}, st);
}

Result<void> check_config_permissions(const std::string& path, mode_t mode,
                                      const std::optional<std::string>& literal_secret) {
  const std::string chmod = fmt::format("run: chmod 600 {}", shell_quote(path));
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
