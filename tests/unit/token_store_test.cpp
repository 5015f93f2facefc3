// SPDX-License-Identifier: MIT
// Token store: where the files go (XDG_STATE_HOME, HOME, profile names made safe), a round trip,
// mode 0600 in 0700 directories, atomic replacement (a new inode, no temporary left behind),
// refusal of files others can access, symbolic links and damaged files (never showing a token),
// and deletion.
#include "token_store.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "catch.h"
#include "scratch_dir.h"

using escurl::Env;
using escurl::Errc;
using escurl::Result;
using escurl::Secret;
using escurl::StoredTokens;

namespace {

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("tokens") {}
};

Env state_env(const TempDir& dir) {
  Env env;
  env.vars = {{"XDG_STATE_HOME", dir.path() + "/state"}, {"HOME", dir.path() + "/home"}};
  return env;
}

StoredTokens sample(std::string access = "acc3ss-t0ken", std::string refresh = "refr3sh-t0ken") {
  StoredTokens t;
  t.access_token = Secret(std::move(access));
  t.refresh_token = Secret(std::move(refresh));
  t.expires_at_epoch_s = 1767225600;
  t.url = "https://es.example.com:9200";
  return t;
}

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

void write_file(const std::string& path, const std::string& content, mode_t mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    REQUIRE(out.good());
  }
  REQUIRE(::chmod(path.c_str(), mode) == 0);
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("token_store: the file's place and name", "[token_store]") {
  const struct {
    std::map<std::string, std::string> vars;
    std::string profile;
    std::string expect;
  } cases[] = {
      {{{"XDG_STATE_HOME", "/s"}, {"HOME", "/h"}}, "prod", "/s/escurl/prod.tokens.json"},
      {{{"HOME", "/h"}}, "prod", "/h/.local/state/escurl/prod.tokens.json"},
      // A relative XDG_STATE_HOME is invalid per the XDG spec and ignored.
      {{{"XDG_STATE_HOME", "rel"}, {"HOME", "/h"}}, "p", "/h/.local/state/escurl/p.tokens.json"},
      {{{"HOME", "/h"}}, "eu-west_1.b", "/h/.local/state/escurl/eu-west_1.b.tokens.json"},
      {{{"HOME", "/h"}}, "a b/../c", "/h/.local/state/escurl/a%20b%2F..%2Fc.tokens.json"},
      {{{"HOME", "/h"}}, "..", "/h/.local/state/escurl/%2E..tokens.json"},
      {{{"HOME", "/h"}}, "caf\xc3\xa9", "/h/.local/state/escurl/caf%C3%A9.tokens.json"},
  };
  for (const auto& c : cases) {
    Env env;
    env.vars = c.vars;
    Result<std::string> path = escurl::token_file_path(env, c.profile);
    REQUIRE(path);
    CHECK(*path == c.expect);
  }
  Env none;
  Result<std::string> no_home = escurl::token_file_path(none, "p");
  REQUIRE_FALSE(no_home);
  CHECK(no_home.error().code == Errc::Usage);
  CHECK(no_home.error().message ==
        "cannot find where to keep tokens: neither HOME nor XDG_STATE_HOME is set");
  Env home;
  home.vars = {{"HOME", "/h"}};
  Result<std::string> empty = escurl::token_file_path(home, "");
  REQUIRE_FALSE(empty);
  CHECK(empty.error().message == "the token store needs a profile name");
}

TEST_CASE("token_store: a round trip, with mode 0600 in 0700 directories", "[token_store]") {
  TempDir dir;
  const Env env = state_env(dir);
  REQUIRE(escurl::save_tokens(env, "prod", sample()));

  const std::string path = dir.path() + "/state/escurl/prod.tokens.json";
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(dir.path() + "/state/escurl") == 0700);
  CHECK(mode_of(dir.path() + "/state") == 0700);

  Result<std::optional<StoredTokens>> loaded = escurl::load_tokens(env, "prod");
  REQUIRE(loaded);
  REQUIRE(loaded->has_value());
  const StoredTokens& t = **loaded;
  CHECK(t.access_token.reveal() == "acc3ss-t0ken");
  CHECK(t.refresh_token.reveal() == "refr3sh-t0ken");
  CHECK(t.expires_at_epoch_s == 1767225600);
  CHECK(t.url == "https://es.example.com:9200");

  // The file is the documented JSON.
  std::ifstream in(path);
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  REQUIRE(j.is_object());
  CHECK(j.size() == 5);
  CHECK(j.value("version", 0) == 1);
  CHECK(j.value("access_token", "") == "acc3ss-t0ken");
  CHECK(j.value("expires_at", std::int64_t{0}) == 1767225600);

  // Another profile is another file; an empty refresh token round-trips as empty.
  REQUIRE(escurl::save_tokens(env, "dev", sample("a2", "")));
  Result<std::optional<StoredTokens>> dev = escurl::load_tokens(env, "dev");
  REQUIRE(dev);
  REQUIRE(dev->has_value());
  CHECK((*dev)->access_token.reveal() == "a2");
  CHECK((*dev)->refresh_token.empty());
  CHECK((*escurl::load_tokens(env, "prod"))->access_token.reveal() == "acc3ss-t0ken");
}

TEST_CASE("token_store: nothing stored is nullopt", "[token_store]") {
  TempDir dir;
  Result<std::optional<StoredTokens>> r = escurl::load_tokens(state_env(dir), "prod");
  REQUIRE(r);
  CHECK_FALSE(r->has_value());
}

TEST_CASE("token_store: saving replaces the file atomically", "[token_store]") {
  TempDir dir;
  const Env env = state_env(dir);
  REQUIRE(escurl::save_tokens(env, "prod", sample("old-token")));
  const std::string path = dir.path() + "/state/escurl/prod.tokens.json";
  // A reader that opened the old file keeps reading the old file: it was replaced, not rewritten.
  const int old_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(old_fd >= 0);
  struct stat before {};
  REQUIRE(::fstat(old_fd, &before) == 0);

  REQUIRE(escurl::save_tokens(env, "prod", sample("new-token")));
  struct stat after {};
  REQUIRE(::stat(path.c_str(), &after) == 0);
  CHECK(after.st_ino != before.st_ino);
  char buf[4096];
  const ssize_t n = ::read(old_fd, buf, sizeof buf);
  ::close(old_fd);
  REQUIRE(n > 0);
  CHECK(contains(std::string(buf, static_cast<std::size_t>(n)), "old-token"));
  CHECK((*escurl::load_tokens(env, "prod"))->access_token.reveal() == "new-token");
  CHECK(mode_of(path) == 0600);

  // No temporary file is left behind.
  std::size_t entries = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/state/escurl")) {
    CAPTURE(e.path().string());
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("token_store: a file others can access is refused", "[token_store]") {
  TempDir dir;
  const Env env = state_env(dir);
  const std::string path = dir.path() + "/state/escurl/prod.tokens.json";
  const struct {
    mode_t mode;
    bool refused;
  } cases[] = {{0644, true}, {0640, true},  {0604, true}, {0620, true},
               {0602, true}, {0600, false}, {0400, false}};
  for (const auto& c : cases) {
    CAPTURE(c.mode);
    REQUIRE(escurl::save_tokens(env, "prod", sample()));
    REQUIRE(::chmod(path.c_str(), c.mode) == 0);
    Result<std::optional<StoredTokens>> r = escurl::load_tokens(env, "prod");
    REQUIRE(static_cast<bool>(r) == !c.refused);
    if (c.refused) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(c.mode));
      CHECK(r.error().code == Errc::Usage);
      CHECK(r.error().message == "refusing the token file '" + path +
                                     "': group or others can access it (mode " + mode + ")");
      REQUIRE_FALSE(r.error().hints.empty());
      CHECK(r.error().hints[0] == "run: chmod 600 " + path);
      CHECK_FALSE(contains(r.error().message, "t0ken"));
    }
    REQUIRE(::chmod(path.c_str(), 0600) == 0);
  }
}

TEST_CASE("token_store: a store directory others can change, or another user owns, is refused",
          "[token_store]") {
  TempDir dir;
  const Env env = state_env(dir);
  REQUIRE(escurl::save_tokens(env, "prod", sample()));
  const std::string store = dir.path() + "/state/escurl";
  SECTION("mode 0777") {
    REQUIRE(::chmod(store.c_str(), 0777) == 0);
    Result<std::optional<StoredTokens>> r = escurl::load_tokens(env, "prod");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message == "refusing the token store directory '" + store +
                                   "': any user can change it (mode 0777), and it holds your "
                                   "login tokens");
    CHECK(r.error().hints == std::vector<std::string>{"run: chmod 700 " + store});
    CHECK_FALSE(contains(r.error().message, "t0ken"));
    Result<void> saved = escurl::save_tokens(env, "prod", sample());
    REQUIRE_FALSE(saved);
    CHECK(saved.error().message == r.error().message);
  }
  SECTION("group-writable") {
    REQUIRE(::chmod(store.c_str(), 0770) == 0);
    Result<std::optional<StoredTokens>> r = escurl::load_tokens(env, "prod");
    REQUIRE_FALSE(r);
    CHECK(contains(r.error().message, "its group can change it (mode 0770)"));
  }
  SECTION("owned by another user") {
    if (::geteuid() != 0) {
      WARN("not root: cannot give a directory to another user");
      return;
    }
    REQUIRE(::chown(store.c_str(), 65534, 65534) == 0);
    Result<std::optional<StoredTokens>> r = escurl::load_tokens(env, "prod");
    REQUIRE_FALSE(r);
    CHECK(r.error().message.starts_with("refusing the token store directory '" + store +
                                        "': it belongs to another user, "));
    CHECK_FALSE(escurl::save_tokens(env, "prod", sample()));
  }
}

TEST_CASE("token_store: symbolic links and damaged files are refused", "[token_store]") {
  TempDir dir;
  const Env env = state_env(dir);
  REQUIRE(escurl::save_tokens(env, "real", sample()));
  const std::string store = dir.path() + "/state/escurl";
  REQUIRE(::symlink((store + "/real.tokens.json").c_str(), (store + "/link.tokens.json").c_str()) ==
          0);
  Result<std::optional<StoredTokens>> link = escurl::load_tokens(env, "link");
  REQUIRE_FALSE(link);
  CHECK(link.error().code == Errc::Usage);
  CHECK(link.error().message.rfind("cannot read the token file '" + store + "/link.tokens.json'",
                                   0) == 0);

  const struct {
    std::string content;
    std::string reason;
  } cases[] = {
      {"not json acc3ss-t0ken", "it is not a JSON object"},
      {"[\"acc3ss-t0ken\"]", "it is not a JSON object"},
      {"{\"expires_at\": 1, \"url\": \"u\"}", "'access_token' is missing"},
      {"{\"access_token\": 7, \"expires_at\": 1, \"url\": \"u\"}", "'access_token' is missing"},
      {"{\"access_token\": \"acc3ss-t0ken\", \"expires_at\": \"soon\", \"url\": \"u\"}",
       "'expires_at' is not a whole number"},
      {"{\"access_token\": \"acc3ss-t0ken\", \"expires_at\": 1.5, \"url\": \"u\"}",
       "'expires_at' is not a whole number"},
      {"{\"access_token\": \"acc3ss-t0ken\", \"expires_at\": 1}", "'url' is missing"},
  };
  const std::string path = store + "/bad.tokens.json";
  for (const auto& c : cases) {
    CAPTURE(c.content);
    write_file(path, c.content, 0600);
    Result<std::optional<StoredTokens>> r = escurl::load_tokens(env, "bad");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message == "the token file '" + path + "' is damaged: " + c.reason);
    CHECK_FALSE(contains(r.error().message, "t0ken"));
    for (const std::string& h : r.error().hints) CHECK_FALSE(contains(h, "t0ken"));
  }
}

TEST_CASE("token_store: delete removes the tokens, and is idempotent", "[token_store]") {
  TempDir dir;
  const Env env = state_env(dir);
  REQUIRE(escurl::save_tokens(env, "prod", sample()));
  REQUIRE(escurl::save_tokens(env, "dev", sample()));
  REQUIRE(escurl::delete_tokens(env, "prod"));
  CHECK_FALSE(escurl::load_tokens(env, "prod")->has_value());
  CHECK(escurl::load_tokens(env, "dev")->has_value());
  CHECK(escurl::delete_tokens(env, "prod"));
  CHECK(escurl::delete_tokens(env, "never-saved"));
}

TEST_CASE("token_store: an unusable store directory is an error", "[token_store]") {
  TempDir dir;
  // XDG_STATE_HOME/escurl exists as a file.
  std::filesystem::create_directories(dir.path() + "/state");
  write_file(dir.path() + "/state/escurl", "", 0600);
  Result<void> r = escurl::save_tokens(state_env(dir), "prod", sample());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::Usage);
  CHECK(r.error().message ==
        "the token store '" + dir.path() + "/state/escurl' is not a directory");
}
