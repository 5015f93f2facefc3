// SPDX-License-Identifier: MIT
// whoami's summary of _security/_authenticate bodies: realm users, API keys, tokens, run-as.
#include "whoami.h"

#include "catch.h"

using namespace escurl;

TEST_CASE("whoami: a realm user", "[whoami]") {
  Result<std::string> s = summarize_authenticate(
      R"({"username":"rdeniro","roles":["admin","viewer"],"authentication_realm":{"name":"file","type":"file"},"lookup_realm":{"name":"file","type":"file"},"authentication_type":"realm"})",
      false);
  REQUIRE(s);
  CHECK(*s == "user: rdeniro\nrealm: file\nroles: admin, viewer\nauthentication type: realm\n");
}

TEST_CASE("whoami: an API key names the key, a service token the token", "[whoami]") {
  Result<std::string> s = summarize_authenticate(
      R"({"username":"elastic","roles":[],"authentication_realm":{"name":"_es_api_key","type":"_es_api_key"},"authentication_type":"api_key","api_key":{"id":"VuaC","name":"ci"}})",
      false);
  REQUIRE(s);
  CHECK(s->find("roles: (none)\n") != std::string::npos);
  CHECK(s->find("authentication type: api_key\n") != std::string::npos);
  CHECK(s->find("api key: ci (id VuaC)\n") != std::string::npos);
  Result<std::string> t = summarize_authenticate(
      R"({"username":"elastic/fleet-server","roles":[],"authentication_realm":{"name":"_service_account","type":"_service_account"},"authentication_type":"token","token":{"type":"_service_account_index","name":"token1"}})",
      false);
  REQUIRE(t);
  CHECK(t->find("token: token1 (type _service_account_index)\n") != std::string::npos);
}

TEST_CASE("whoami: run-as names both realms", "[whoami]") {
  Result<std::string> s = summarize_authenticate(
      R"({"username":"jdoe","roles":["viewer"],"authentication_realm":{"name":"reserved","type":"reserved"},"lookup_realm":{"name":"file","type":"file"},"authentication_type":"realm"})",
      true);
  REQUIRE(s);
  CHECK(s->find("run as: jdoe (authenticated in realm reserved, looked up in realm file)\n") !=
        std::string::npos);
  CHECK_FALSE(summarize_authenticate("<html>", false));
}
