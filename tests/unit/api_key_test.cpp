// SPDX-License-Identifier: MIT
// api-key's flags and the create request's body.
#include "api_key.h"

#include <nlohmann/json.hpp>

#include "catch.h"
#include "scratch_dir.h"

using namespace escurl;

TEST_CASE("api-key: which flags each command takes", "[api_key]") {
  RawOptions raw;
  CHECK(check_api_key_flags(raw, Subcommand::None));
  CHECK_FALSE(check_api_key_flags(raw, Subcommand::ApiKeyCreate));  // --name is required
  CHECK_FALSE(check_api_key_flags(raw, Subcommand::ApiKeyInvalidate));
  raw.name = "ci";
  CHECK(check_api_key_flags(raw, Subcommand::ApiKeyCreate));
  CHECK(check_api_key_flags(raw, Subcommand::ApiKeyInvalidate));
  CHECK_FALSE(check_api_key_flags(raw, Subcommand::None));  // --name on a request
  CHECK_FALSE(check_api_key_flags(raw, Subcommand::Whoami));
  raw.id = "x";
  CHECK_FALSE(check_api_key_flags(raw, Subcommand::ApiKeyInvalidate));  // both
  CHECK_FALSE(check_api_key_flags(raw, Subcommand::ApiKeyCreate));
  raw.name.reset();
  CHECK(check_api_key_flags(raw, Subcommand::ApiKeyInvalidate));
  raw.expiration = "1d";
  CHECK_FALSE(check_api_key_flags(raw, Subcommand::ApiKeyInvalidate));
}

TEST_CASE("api-key: the create body", "[api_key]") {
  RawOptions raw;
  raw.name = "ci";
  raw.expiration = "1d";
  Result<std::string> body = api_key_create_body(raw);
  REQUIRE(body);
  CHECK(nlohmann::json::parse(*body) == nlohmann::json{{"name", "ci"}, {"expiration", "1d"}});

  testing::ScratchDir dir("api-key");
  raw.role_descriptors =
      "@" + dir.file("roles.json", R"({"r":{"indices":[{"names":["a"],"privileges":["read"]}]}})");
  body = api_key_create_body(raw);
  REQUIRE(body);
  CHECK(nlohmann::json::parse(*body)["role_descriptors"]["r"]["indices"][0]["names"][0] == "a");

  raw.role_descriptors = "[1]";
  CHECK_FALSE(api_key_create_body(raw));
  raw.role_descriptors = "@" + dir.path() + "/missing.json";
  Result<std::string> missing = api_key_create_body(raw);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().message.starts_with("cannot read --role-descriptors @"));
}
