// SPDX-License-Identifier: MIT
// escurl --version: the version from CMake's project(VERSION), the commit and OpenSSL's version.
#include "version.h"

#include <string>

#include "catch.h"
#include "run_cli.h"

TEST_CASE("version: --version shows the version with its commit and OpenSSL", "[integration]") {
  const auto r = escurl::testing::run_cli({"--version"}, {});
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.starts_with(std::string("escurl ") + escurl::kVersion + " "));
  if (std::string(escurl::kCommit).empty()) {
    CHECK(r.out.find("commit") == std::string::npos);
  } else {
    CHECK(r.out.find(std::string("(commit ") + escurl::kCommit + ")") != std::string::npos);
  }
  CHECK(r.out.find("(OpenSSL 3.") != std::string::npos);
  CHECK(r.out.ends_with(")\n"));
}
