// SPDX-License-Identifier: MIT
// The config file permission rule and the chmod it suggests.
#include "config_permissions.h"

#include <sys/stat.h>

#include "catch.h"

using namespace escurl;

TEST_CASE("config permissions: readable with a literal secret, or writable by others",
          "[config_permissions]") {
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
  Result<void> writable = check_config_permissions("/c.toml", 0602, std::nullopt);
  REQUIRE_FALSE(writable);
  CHECK(writable.error().message.find("any user can change it") != std::string::npos);
}

TEST_CASE("config permissions: the chmod quotes a path the shell would split",
          "[config_permissions]") {
  CHECK(shell_quote("/home/me/.config/escurl/config.toml") ==
        "/home/me/.config/escurl/config.toml");
  CHECK(shell_quote("/tmp/my dir/c.toml") == "'/tmp/my dir/c.toml'");
  CHECK(shell_quote("/tmp/it's") == "'/tmp/it'\\''s'");
  CHECK(shell_quote("") == "''");
}
