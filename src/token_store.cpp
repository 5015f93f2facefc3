// SPDX-License-Identifier: MIT
#include "token_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "config_permissions.h"
#include "file_read.h"

namespace escurl {
namespace {

using nlohmann::json;

Error store_error(std::string message, std::vector<std::string> hints = {}) {
  return make_error(Errc::Usage, std::move(message), std::move(hints));
}

std::string os_error() { return std::strerror(errno); }

// Creates each missing directory of `dir` with mode 0700, as XDG asks of its base directories.
Result<void> make_dirs(const std::string& dir) {
  for (std::size_t at = dir.find('/', 1);; at = dir.find('/', at + 1)) {
    const std::string prefix = dir.substr(0, at);
    if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
      return store_error(
          fmt::format("cannot create the token store directory '{}': {}", prefix, os_error()));
    }
    if (at == std::string::npos) break;
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    return store_error(fmt::format("the token store '{}' is not a directory", dir));
  }
  return ok();
}

// Refuses a store directory someone else could change: they could swap a token file for one of
// theirs, or read what is written next.
Result<void> check_dir(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return store_error(fmt::format("cannot use the token store '{}': {}", dir, os_error()));
  }
  return check_only_user_can_change(
      {"the token store directory", dir, "it holds your login tokens", "700"}, st);
}

Result<void> write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return store_error(os_error());
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return ok();
}

// The serialised tokens; the copies the JSON object held are wiped before it goes.
std::string to_json(const StoredTokens& t) {
  json j = {{"version", 1},
            {"access_token", t.access_token.reveal()},
            {"refresh_token", t.refresh_token.reveal()},
            {"expires_at", t.expires_at_epoch_s},
            {"url", t.url}};
  std::string text = j.dump(2) + "\n";
  secure_wipe(j["access_token"].get_ref<std::string&>());
  secure_wipe(j["refresh_token"].get_ref<std::string&>());
  return text;
}

// Takes a string member out of `j`, wiping the copy left behind; nullopt when absent or not a
// string.
std::optional<std::string> take_string(json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  std::string value = it->get_ref<const std::string&>();
  secure_wipe(it->get_ref<std::string&>());
  return value;
}

Result<StoredTokens> from_json(const std::string& path, const std::string& text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  const auto corrupt = [&](std::string_view what) {
    return store_error(fmt::format("the token file '{}' is damaged: {}", path, what),
                       {fmt::format("remove it and log in again: rm {}", path)});
  };
  if (j.is_discarded() || !j.is_object()) return corrupt("it is not a JSON object");
  StoredTokens t;
  std::optional<std::string> access = take_string(j, "access_token");
  std::optional<std::string> refresh = take_string(j, "refresh_token");
  if (!access || access->empty()) return corrupt("'access_token' is missing");
  t.access_token = Secret(std::move(*access));
  if (refresh) t.refresh_token = Secret(std::move(*refresh));
  const auto expires = j.find("expires_at");
  if (expires == j.end() || !expires->is_number_integer()) {
    return corrupt("'expires_at' is not a whole number");
  }
  t.expires_at_epoch_s = expires->get<std::int64_t>();
  std::optional<std::string> url = take_string(j, "url");
  if (!url) return corrupt("'url' is missing");
  t.url = std::move(*url);
  return t;
}

// Refuses anything but a regular file of ours that only we can read and write.
Result<void> check_file(const std::string& path, const struct stat& st) {
  if (!S_ISREG(st.st_mode)) {
    return store_error(fmt::format("refusing the token file '{}': it is not a regular file", path));
  }
  if (st.st_uid != ::geteuid()) {
    return store_error(fmt::format("refusing the token file '{}': another user owns it", path),
                       {fmt::format("remove it and log in again: rm {}", path)});
  }
  if (st.st_mode & 077) {
    return store_error(
        fmt::format("refusing the token file '{}': group or others can access it (mode {:04o})",
                    path, st.st_mode & 07777),
        {fmt::format("run: chmod 600 {}", path), "or remove it and log in again"});
  }
  return ok();
}

std::string encode_profile(std::string_view profile) {
  std::string out;
  for (std::size_t i = 0; i < profile.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(profile[i]);
    if (std::isalnum(c) || c == '_' || c == '-' || (c == '.' && i > 0)) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

// Writes `text` to a fresh 0600 file next to `path` and renames it over `path`.
Result<void> replace_file(const std::string& dir, const std::string& path, std::string_view text) {
  std::string tmp = path + ".XXXXXX";
  const int fd = ::mkostemp(tmp.data(), O_CLOEXEC);
  if (fd < 0) {
    return store_error(fmt::format("cannot write to the token store '{}': {}", dir, os_error()));
  }
  // mkostemp creates 0600 already; fchmod makes it so whatever the libc.
  Result<void> r = ::fchmod(fd, 0600) == 0 ? write_all(fd, text) : store_error(os_error());
  if (r && ::fsync(fd) != 0) r = store_error(os_error());
  if (::close(fd) != 0 && r) r = store_error(os_error());
  if (r && ::rename(tmp.c_str(), path.c_str()) != 0) r = store_error(os_error());
  if (!r) {
    ::unlink(tmp.c_str());
    return store_error(
        fmt::format("cannot write the token file '{}': {}", path, r.error().message));
  }
  // The rename is durable only once the directory is on disk too.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return ok();
}

}  // namespace

Result<std::string> token_store_dir(const Env& env) {
  if (auto v = env.get("XDG_STATE_HOME"); v && v->starts_with('/')) return *v + "/escurl";
  if (auto v = env.get("HOME"); v && !v->empty()) return *v + "/.local/state/escurl";
  return store_error("cannot find where to keep tokens: neither HOME nor XDG_STATE_HOME is set");
}

Result<std::string> token_file_path(const Env& env, std::string_view profile) {
  if (profile.empty()) return store_error("the token store needs a profile name");
  Result<std::string> dir = token_store_dir(env);
  if (!dir) return dir.take_error();
  return *dir + "/" + encode_profile(profile) + ".tokens.json";
}

Result<void> save_tokens(const Env& env, std::string_view profile, const StoredTokens& tokens) {
  Result<std::string> path = token_file_path(env, profile);
  if (!path) return path.take_error();
  const std::string dir = *token_store_dir(env);
  if (Result<void> r = make_dirs(dir); !r) return r;
  if (Result<void> r = check_dir(dir); !r) return r;
  std::string text = to_json(tokens);
  Result<void> r = replace_file(dir, *path, text);
  secure_wipe(text);
  return r;
}

Result<std::optional<StoredTokens>> load_tokens(const Env& env, std::string_view profile) {
  Result<std::string> path = token_file_path(env, profile);
  if (!path) return path.take_error();
  // O_NOFOLLOW: a link planted in the store must not redirect the read.
  const InputFile file(*path, O_NOFOLLOW);
  if (!file.is_open() && file.os_error() == ENOENT) return std::optional<StoredTokens>{};
  if (Result<void> r = check_dir(*token_store_dir(env)); !r) return r.take_error();
  const FileRead how{fmt::format("the token file '{}'", *path), kSmallFileLimit};
  if (!file.is_open()) return file.open_error(how);
  if (Result<void> r = check_file(*path, file.status()); !r) return r.take_error();
  std::string text;
  if (Result<void> r = file.read_all(how, text); !r) return r.take_error();
  Result<StoredTokens> tokens = from_json(*path, text);
  secure_wipe(text);
  if (!tokens) return tokens.take_error();
  return std::optional<StoredTokens>(std::move(*tokens));
}

Result<void> delete_tokens(const Env& env, std::string_view profile) {
  Result<std::string> path = token_file_path(env, profile);
  if (!path) return path.take_error();
  if (::unlink(path->c_str()) != 0 && errno != ENOENT) {
    return store_error(fmt::format("cannot remove the token file '{}': {}", *path, os_error()));
  }
  return ok();
}

}  // namespace escurl
