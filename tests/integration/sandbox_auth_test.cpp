// SPDX-License-Identifier: MIT
// es-sandbox over the wire: start-up (banner, ready file, CA reuse), every authentication scheme,
// and every 401/403 path a client can meet, with the headers Elasticsearch sends.
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "base64.h"
#include "catch.h"
#include "sandbox_process.h"

namespace {

using escurl::testing::basic_auth;
using escurl::testing::SandboxOptions;
using escurl::testing::SandboxProcess;
using escurl::testing::SandboxResponse;
using nlohmann::json;

const std::vector<std::string> kChallenges = {"Basic realm=\"security\", charset=\"UTF-8\"",
                                              "Bearer realm=\"security\"", "ApiKey"};

json body_of(const SandboxResponse& r) { return json::parse(r.body, nullptr, false); }

std::string sha256_of_pem_certificate(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return {};
  X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (cert == nullptr) return {};
  unsigned char digest[SHA256_DIGEST_LENGTH];
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest, &length);
  X509_free(cert);
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

// Polls `probe` until it returns true or `timeout` passes.
template <class Probe>
bool eventually(Probe probe, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (probe()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return probe();
}

void require_ready(const SandboxProcess& sandbox) {
  INFO(sandbox.error());
  REQUIRE(sandbox.ready());
}

std::string api_key_header(const SandboxProcess& sandbox, const std::string& expiration = "") {
  json request = {{"name", "test-key"}};
  if (!expiration.empty()) request["expiration"] = expiration;
  auto created = sandbox.send_as_elastic("POST", "/_security/api_key", request.dump());
  REQUIRE(created.status == 200);
  return "ApiKey " + body_of(created)["encoded"].get<std::string>();
}

}  // namespace

TEST_CASE("sandbox: first start prints the banner and writes a ready file",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  REQUIRE(sandbox.urls().size() == 1);
  CHECK(sandbox.url().rfind("https://127.0.0.1:", 0) == 0);
  CHECK(sandbox.elastic_password().size() == 20);
  CHECK(sandbox.fingerprint().size() == 64);
  CHECK(sandbox.fingerprint() == sha256_of_pem_certificate(sandbox.ca_path()));
  CHECK(sandbox.ca_path() == sandbox.data_dir() + "/certs/http_ca.crt");
  const std::string out = sandbox.output();
  CHECK(out.find("Password for the elastic user") != std::string::npos);
  CHECK(out.find("\n  " + sandbox.elastic_password() + "\n") != std::string::npos);
  CHECK(out.find("HTTP CA certificate SHA-256 fingerprint:\n  " + sandbox.fingerprint() + "\n") !=
        std::string::npos);
  CHECK(sandbox.stop() == 0);
}

TEST_CASE("sandbox: a later start reuses the CA and the password", "[integration][sandbox]") {
  escurl::testing::TempDir dir("es-sandbox-reuse-");
  std::string fingerprint, password;
  {
    SandboxProcess first(SandboxOptions{.data_dir = dir.file("data")});
    require_ready(first);
    fingerprint = first.fingerprint();
    password = first.elastic_password();
  }
  SandboxProcess second(SandboxOptions{.data_dir = dir.file("data")});
  require_ready(second);
  CHECK(second.fingerprint() == fingerprint);
  CHECK(second.elastic_password() == password);
  CHECK(second.send_as_elastic("GET", "/").status == 200);
}

TEST_CASE("sandbox: missing credentials and a wrong password give Elasticsearch's 401",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto missing = sandbox.send("GET", "/?pretty", {}, {{"X-Opaque-Id", "op-1"}});
  CHECK(missing.status == 401);
  CHECK(missing.header_values("WWW-Authenticate") == kChallenges);
  CHECK_FALSE(missing.has_header("X-elastic-product"));
  CHECK(missing.header("X-Opaque-Id") == "op-1");
  CHECK(missing.header("content-type") == "application/json");
  CHECK(body_of(missing)["error"]["reason"] ==
        "missing authentication credentials for REST request [/?pretty]");

  auto wrong = sandbox.send_as("elastic", "not-the-password", "GET", "/");
  CHECK(wrong.status == 401);
  CHECK(body_of(wrong)["error"]["reason"] ==
        "unable to authenticate user [elastic] for REST request [/]");
}

TEST_CASE("sandbox: Basic, ApiKey, Bearer and service tokens authenticate",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto info = sandbox.send_as_elastic("GET", "/");
  REQUIRE(info.status == 200);
  CHECK(info.header("X-elastic-product") == "Elasticsearch");
  CHECK(body_of(info)["version"]["number"] == "8.15.0");
  CHECK(body_of(info)["tagline"] == "You Know, for Search");

  // The raw body: field order matters, and nlohmann::json would sort it.
  auto me = sandbox.send_as("rdeniro", "taxidriver", "GET", "/_security/_authenticate");
  CHECK(
      me.body ==
      R"({"username":"rdeniro","roles":["admin"],"full_name":null,"email":null,"metadata":{},"enabled":true,"authentication_realm":{"name":"file","type":"file"},"lookup_realm":{"name":"file","type":"file"},"authentication_type":"realm"})");

  SECTION("API key") {
    auto created = sandbox.send_as_elastic("POST", "/_security/api_key", R"({"name":"k1"})");
    REQUIRE(created.status == 200);
    const json key = body_of(created);
    // Field order id, name, api_key, encoded (no expiration requested).
    const std::string& raw = created.body;
    CHECK(raw.rfind(R"({"id":")", 0) == 0);
    CHECK(raw.find(R"(","name":"k1","api_key":")") != std::string::npos);
    CHECK(raw.find(R"(","encoded":")") > raw.find(R"("api_key")"));
    CHECK(key["encoded"] == escurl::base64_encode(key["id"].get<std::string>() + ":" +
                                                  key["api_key"].get<std::string>()));
    auto as_key = sandbox.send("GET", "/_security/_authenticate", {},
                               {{"Authorization", "ApiKey " + key["encoded"].get<std::string>()}});
    REQUIRE(as_key.status == 200);
    const json who = body_of(as_key);
    CHECK(who["authentication_type"] == "api_key");
    CHECK(who["api_key"]["id"] == key["id"]);
    CHECK(who["api_key"]["name"] == "k1");
    CHECK(who["roles"] == json::array());
  }
  SECTION("OAuth2 access token") {
    auto token = sandbox.send_as_elastic(
        "POST", "/_security/oauth2/token",
        R"({"grant_type":"password","username":"jdoe","password":"jdoe-readonly"})");
    REQUIRE(token.status == 200);
    const json t = body_of(token);
    CHECK(t["type"] == "Bearer");
    CHECK(t["expires_in"] == 1200);
    CHECK(t["authentication"]["username"] == "jdoe");
    auto as_token =
        sandbox.send("GET", "/_security/_authenticate", {},
                     {{"Authorization", "Bearer " + t["access_token"].get<std::string>()}});
    REQUIRE(as_token.status == 200);
    CHECK(body_of(as_token)["authentication_type"] == "token");
    CHECK(body_of(as_token)["username"] == "jdoe");
  }
  SECTION("service account token") {
    auto created = sandbox.send_as_elastic(
        "POST", "/_security/service/elastic/fleet-server/credential/token/token1");
    REQUIRE(created.status == 200);
    const std::string value = body_of(created)["token"]["value"];
    CHECK(value.rfind("AAEAAW", 0) == 0);
    auto as_service =
        sandbox.send("GET", "/_security/_authenticate", {}, {{"Authorization", "Bearer " + value}});
    REQUIRE(as_service.status == 200);
    CHECK(body_of(as_service)["username"] == "elastic/fleet-server");
    CHECK(body_of(as_service)["token"]["name"] == "token1");
  }
}

TEST_CASE("sandbox: unknown, invalidated and expired API keys are refused",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto unknown = sandbox.send("GET", "/", {},
                              {{"Authorization", "ApiKey " + escurl::base64_encode("nope:nope")}});
  CHECK(unknown.status == 401);
  CHECK(body_of(unknown)["error"]["additional_unsuccessful_credentials"] ==
        "API key: unable to find apikey with id nope");

  const std::string header = api_key_header(sandbox);
  REQUIRE(sandbox.send("GET", "/", {}, {{"Authorization", header}}).status == 200);
  const std::string id = escurl::base64_decode(header.substr(7))->substr(0, 20);
  auto invalidated =
      sandbox.send_as_elastic("DELETE", "/_security/api_key", json{{"ids", {id}}}.dump());
  REQUIRE(invalidated.status == 200);
  CHECK(body_of(invalidated)["invalidated_api_keys"] == json::array({id}));
  auto after = sandbox.send("GET", "/", {}, {{"Authorization", header}});
  CHECK(after.status == 401);
  CHECK(body_of(after)["error"]["additional_unsuccessful_credentials"] ==
        "API key: api key [" + id + "] has been invalidated");

  const std::string short_lived = api_key_header(sandbox, "1s");
  CHECK(eventually([&] {
    auto r = sandbox.send("GET", "/", {}, {{"Authorization", short_lived}});
    return r.status == 401 && body_of(r)["error"]["additional_unsuccessful_credentials"] ==
                                  "API key: api key is expired";
  }));
}

TEST_CASE("sandbox: an expired access token gives token expired", "[integration][sandbox]") {
  SandboxProcess sandbox(SandboxOptions{.token_lifetime_seconds = 1});
  require_ready(sandbox);
  auto token = sandbox.send_as_elastic(
      "POST", "/_security/oauth2/token",
      R"({"grant_type":"password","username":"rdeniro","password":"taxidriver"})");
  REQUIRE(token.status == 200);
  const std::string bearer = "Bearer " + body_of(token)["access_token"].get<std::string>();
  CHECK(body_of(token)["expires_in"] == 1);
  SandboxResponse last;
  CHECK(eventually([&] {
    last = sandbox.send("GET", "/", {}, {{"Authorization", bearer}});
    return last.status == 401;
  }));
  CHECK(body_of(last)["error"]["reason"] == "token expired");
  CHECK(last.header_values("WWW-Authenticate") ==
        std::vector<std::string>{"Bearer realm=\"security\", error=\"invalid_token\", "
                                 "error_description=\"The access token expired\""});
}

TEST_CASE("sandbox: refresh tokens are single use and tokens can be invalidated",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto first = body_of(sandbox.send_as_elastic(
      "POST", "/_security/oauth2/token",
      R"({"grant_type":"password","username":"rdeniro","password":"taxidriver"})"));
  const json refresh = {{"grant_type", "refresh_token"}, {"refresh_token", first["refresh_token"]}};
  auto second = sandbox.send_as_elastic("POST", "/_security/oauth2/token", refresh.dump());
  REQUIRE(second.status == 200);
  CHECK(body_of(second)["access_token"] != first["access_token"]);
  auto again = sandbox.send_as_elastic("POST", "/_security/oauth2/token", refresh.dump());
  CHECK(again.status == 400);
  CHECK(body_of(again) == json{{"error", "invalid_grant"},
                               {"error_description", "token has already been refreshed"}});

  const std::string access = body_of(second)["access_token"];
  auto invalidate =
      sandbox.send_as_elastic("DELETE", "/_security/oauth2/token", json{{"token", access}}.dump());
  CHECK(body_of(invalidate)["invalidated_tokens"] == 1);
  auto refused = sandbox.send("GET", "/", {}, {{"Authorization", "Bearer " + access}});
  CHECK(refused.status == 401);
}

TEST_CASE("sandbox: a read-only user reads but cannot write or create indices",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  REQUIRE(sandbox.send_as("rdeniro", "taxidriver", "PUT", "/books").status == 200);
  REQUIRE(sandbox.send_as("rdeniro", "taxidriver", "PUT", "/books/_doc/1", R"({"t":"x"})").status ==
          201);
  CHECK(sandbox.send_as("jdoe", "jdoe-readonly", "GET", "/books/_doc/1").status == 200);
  CHECK(sandbox.send_as("jdoe", "jdoe-readonly", "GET", "/books/_search").status == 200);

  auto create =
      sandbox.send_as("jdoe", "jdoe-readonly", "PUT", "/films", {}, {{"X-Opaque-Id", "op-403"}});
  CHECK(create.status == 403);
  CHECK_FALSE(create.has_header("X-elastic-product"));
  CHECK_FALSE(create.has_header("WWW-Authenticate"));
  CHECK(create.header("X-Opaque-Id") == "op-403");
  CHECK(
      create.body ==
      R"({"error":{"root_cause":[{"type":"security_exception","reason":"action [indices:admin/create] is unauthorized for user [jdoe] with effective roles [viewer] on indices [films], this action is granted by the index privileges [create_index,manage,all]"}],"type":"security_exception","reason":"action [indices:admin/create] is unauthorized for user [jdoe] with effective roles [viewer] on indices [films], this action is granted by the index privileges [create_index,manage,all]"},"status":403})");

  auto write = sandbox.send_as("jdoe", "jdoe-readonly", "PUT", "/books/_doc/2", R"({"t":"y"})");
  CHECK(write.status == 403);
  CHECK(body_of(write)["error"]["reason"] ==
        "action [indices:data/write/index:op_type/index] is unauthorized for user [jdoe] with "
        "effective roles [viewer] on indices [books], this action is granted by the index "
        "privileges [create,index,write,all]");
}

TEST_CASE("sandbox: invalid secondary credentials give 401 without a challenge",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto r = sandbox.send_as_elastic("GET", "/_security/_authenticate", {},
                                   {{"es-secondary-authorization", "junk"}});
  CHECK(r.status == 401);
  CHECK_FALSE(r.has_header("WWW-Authenticate"));
  const json error = body_of(r)["error"];
  CHECK(error["reason"] == "Failed to authenticate secondary user");
  CHECK(error["caused_by"]["reason"] ==
        "missing authentication credentials for REST request [/_security/_authenticate]");
  CHECK(error["root_cause"][0]["reason"] == error["caused_by"]["reason"]);

  auto wrong = sandbox.send_as_elastic("GET", "/", {},
                                       {{"es-secondary-authorization", basic_auth("jdoe", "x")}});
  CHECK(wrong.status == 401);
  CHECK(body_of(wrong)["error"]["caused_by"]["reason"] ==
        "unable to authenticate user [jdoe] for REST request [/]");
  auto fine = sandbox.send_as_elastic(
      "GET", "/_security/_authenticate", {},
      {{"es-secondary-authorization", basic_auth("jdoe", "jdoe-readonly")}});
  CHECK(fine.status == 200);
  CHECK(body_of(fine)["username"] == "elastic");  // _authenticate reports the primary
}

TEST_CASE("sandbox: run-as is honoured for elastic and refused for other users",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto as_jdoe = sandbox.send_as_elastic("GET", "/_security/_authenticate", {},
                                         {{"es-security-runas-user", "jdoe"}});
  REQUIRE(as_jdoe.status == 200);
  const json who = body_of(as_jdoe);
  CHECK(who["username"] == "jdoe");
  CHECK(who["authentication_realm"]["name"] == "reserved");
  CHECK(who["lookup_realm"]["name"] == "file");

  auto refused = sandbox.send_as("rdeniro", "taxidriver", "GET", "/", {},
                                 {{"es-security-runas-user", "jdoe"}});
  CHECK(refused.status == 403);
  CHECK(body_of(refused)["error"]["reason"] ==
        "action [cluster:monitor/main] is unauthorized for user [rdeniro] with effective roles "
        "[admin], because user [rdeniro] is unauthorized to run as [jdoe]");

  auto write_as_jdoe =
      sandbox.send_as_elastic("PUT", "/runas-index", {}, {{"es-security-runas-user", "jdoe"}});
  CHECK(write_as_jdoe.status == 403);
  CHECK(body_of(write_as_jdoe)["error"]["reason"].get<std::string>().find(
            "is unauthorized for user [elastic] run as [jdoe] with effective roles [viewer]") !=
        std::string::npos);
}

TEST_CASE("sandbox: plain HTTP drops the Bearer challenge", "[integration][sandbox]") {
  SandboxProcess sandbox(SandboxOptions{.http = true});
  require_ready(sandbox);
  CHECK(sandbox.url().rfind("http://127.0.0.1:", 0) == 0);
  auto r = sandbox.send("GET", "/");
  CHECK(r.status == 401);
  CHECK(r.header_values("WWW-Authenticate") ==
        std::vector<std::string>{"Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey"});
  CHECK(sandbox.send_as_elastic("GET", "/").status == 200);
}
