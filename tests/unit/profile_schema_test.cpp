// SPDX-License-Identifier: MIT
// The profile schema: keys, the options they stand for, did-you-mean, literal secrets.
#include "profile_schema.h"

#include "catch.h"

using namespace escurl;

TEST_CASE("profile schema: keys map to option names", "[profile_schema]") {
  const ProfileKeySpec* urls = find_profile_key("urls");
  REQUIRE(urls);
  CHECK(profile_option_name(*urls) == "url");
  const ProfileKeySpec* cmd = find_profile_key("api_key_command");
  REQUIRE(cmd);
  CHECK(cmd->kind == ProfileKeyKind::Command);
  CHECK(profile_option_name(*cmd) == "api-key-command");
  REQUIRE(find_profile_key("complete_indices"));
  CHECK(find_profile_key("complete_indices")->kind == ProfileKeyKind::Switch);
  REQUIRE(find_profile_key("command_timeout"));
  CHECK_FALSE(find_profile_key("api-key"));  // keys use '_'
  CHECK(expected_profile_value(ProfileKeyKind::Seconds) == "a number of seconds greater than 0");
}

TEST_CASE("profile schema: did-you-mean", "[profile_schema]") {
  const std::vector<std::string_view> keys = profile_keys();
  CHECK(closest_key("api_kye", keys) == "api_key");
  CHECK(closest_key("API-KEY", keys) == "api_key");
  CHECK(closest_key("conect_timeout", keys) == "connect_timeout");
  CHECK_FALSE(closest_key("tls", keys));  // short keys get one edit only
  CHECK_FALSE(closest_key("nonsense_entirely", keys));
}

TEST_CASE("profile schema: which values write a secret out", "[profile_schema]") {
  using K = ProfileKeyKind;
  CHECK(is_literal_secret(K::SecretText, Secret("hunter2")));
  CHECK_FALSE(is_literal_secret(K::SecretText, Secret("env:PW")));
  CHECK_FALSE(is_literal_secret(K::SecretText, Secret("@/run/secrets/pw")));
  CHECK(is_literal_secret(K::UserSecret, Secret("ops:hunter2")));
  CHECK_FALSE(is_literal_secret(K::UserSecret, Secret("ops")));
  CHECK(is_literal_secret(K::Urls, std::vector<std::string>{"https://a", "https://u:p@b:9200"}));
  CHECK_FALSE(is_literal_secret(K::Url, std::vector<std::string>{"https://u@b:9200/x:y@z"}));
  CHECK_FALSE(is_literal_secret(K::Text, std::string("a:b")));
}
