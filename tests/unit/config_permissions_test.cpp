// SPDX-License-Identifier: MIT
// The rules for what escurl trusts (only the user may change it: owned by the effective user or
// root, writable by neither group nor others, through a symbolic link its target), the secret
// readability rule, and the chown or chmod each refusal suggests. "Another user" is uid 65534
// (nobody): the tests run as root, which may chown a file to it.
#include "config_permissions.h"

#include <sys/stat.h>
#include <unistd.h>

#include "catch.h"
#include "scratch_dir.h"

using namespace escurl;

namespace {

constexpr uid_t kNobody = 65534;

struct stat stat_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st;
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("config permissions: readable with a literal secret", "[config_permissions]") {
  const std::optional<std::string> secret = "'password' in profile 'p' at line 3";
  CHECK(check_config_permissions("/c.toml", 0600, secret));
  CHECK(check_config_permissions("/c.toml", 0644, std::nullopt));
  for (const mode_t mode : {0640, 0604, 0660}) {
    CAPTURE(mode);
    Result<void> r = check_config_permissions("/c.toml", mode, secret);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message.find("'password' in profile 'p' at line 3") != std::string::npos);
    REQUIRE_FALSE(r.error().hints.empty());
    CHECK(r.error().hints.front() == "run: chmod 600 /c.toml");
  }
}

TEST_CASE("config permissions: a file the user owns and only the user can write is trusted",
          "[config_permissions]") {
  testing::ScratchDir dir("perm");
  for (const mode_t mode : {0600, 0644, 0400, 0755}) {
    CAPTURE(mode);
    const std::string f = dir.file("mine", "x", mode);
    CHECK(check_config_owner(f, stat_of(f)));
  }
}

TEST_CASE("config permissions: a file group or others can write is refused with the chmod",
          "[config_permissions]") {
  testing::ScratchDir dir("perm");
  const std::string group = dir.file("g.toml", "x", 0664);
  Result<void> g = check_config_owner(group, stat_of(group));
  REQUIRE_FALSE(g);
  CHECK(g.error().code == Errc::Usage);
  CHECK(g.error().message == "refusing the config file '" + group +
                                 "': its group can change it (mode 0664), and it decides where "
                                 "credentials are sent and what runs");
  CHECK(g.error().hints == std::vector<std::string>{"run: chmod 600 " + group});

  const std::string world = dir.file("w.toml", "x", 0602);
  Result<void> w = check_config_owner(world, stat_of(world));
  REQUIRE_FALSE(w);
  CHECK(contains(w.error().message, "any user can change it (mode 0602)"));
}

TEST_CASE("config permissions: a file another user owns is refused, even read-only",
          "[config_permissions]") {
  if (::geteuid() != 0) {
    WARN("not root: cannot give a file to another user");
    return;
  }
  testing::ScratchDir dir("perm");
  const std::string theirs = dir.file("theirs.toml", "x", 0644);
  REQUIRE(::chown(theirs.c_str(), kNobody, kNobody) == 0);
  Result<void> r = check_config_owner(theirs, stat_of(theirs));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::Usage);
  CHECK(r.error().message.starts_with("refusing the config file '" + theirs +
                                      "': it belongs to another user, "));
  CHECK(contains(r.error().message, "uid 65534"));
  REQUIRE(r.error().hints.size() == 1);
  CHECK(contains(r.error().hints[0], "sudo chown root " + theirs));

  SECTION("through a symbolic link, the target counts and is named") {
    const std::string link = dir.path() + "/link.toml";
    REQUIRE(::symlink(theirs.c_str(), link.c_str()) == 0);
    Result<void> l = check_config_owner(link, stat_of(link));
    REQUIRE_FALSE(l);
    CHECK(l.error().message.starts_with("refusing the config file '" + link +
                                        "' (a symbolic link to '" + theirs +
                                        "'): it belongs to another user"));
    CHECK(contains(l.error().hints[0], "chown root " + theirs));
  }
  SECTION("a file root owns is trusted, as ssh trusts it") {
    REQUIRE(::chown(theirs.c_str(), 0, 0) == 0);
    CHECK(check_config_owner(theirs, stat_of(theirs)));
  }
}

TEST_CASE("config permissions: the token store directory, refused with chmod 700",
          "[config_permissions]") {
  testing::ScratchDir dir("perm");
  REQUIRE(::chmod(dir.path().c_str(), 0777) == 0);
  Result<void> r = check_only_user_can_change(
      {"the token store directory", dir.path(), "it holds your login tokens", "700"},
      stat_of(dir.path()));
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "refusing the token store directory '" + dir.path() +
                                 "': any user can change it (mode 0777), and it holds your login "
                                 "tokens");
  CHECK(r.error().hints == std::vector<std::string>{"run: chmod 700 " + dir.path()});
}

TEST_CASE("config permissions: the chmod quotes a path the shell would split",
          "[config_permissions]") {
  CHECK(shell_quote("/home/me/.config/escurl/config.toml") ==
        "/home/me/.config/escurl/config.toml");
  CHECK(shell_quote("/tmp/my dir/c.toml") == "'/tmp/my dir/c.toml'");
  CHECK(shell_quote("/tmp/it's") == "'/tmp/it'\\''s'");
  CHECK(shell_quote("") == "''");
}
