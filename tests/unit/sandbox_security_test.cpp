// SPDX-License-Identifier: MIT
// Pins es-sandbox's 401/403 bytes to the bodies captured from real clusters (reference §1.3-1.7,
// §2.1): the expected strings below are the reference's, with the 8.15+ comma form of the Basic
// challenge where the capture predates 8.15.
#include "catch.h"

// Sandbox headers by relative path: src/ has headers with the same names (es_error.h, ...).
#include "../../sandbox/api.h"
#include "../../sandbox/privileges.h"
#include "../../sandbox/realm.h"
#include "../../sandbox/security.h"
#include "../../sandbox/state.h"
#include "base64.h"

namespace {

using namespace es_sandbox;

constexpr const char* kMissingCredentialsSlash =
    R"({"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"missing authentication credentials for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}},"status":401})";

constexpr const char* kWrongPasswordSlash =
    R"({"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [elastic] for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"unable to authenticate user [elastic] for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}},"status":401})";

constexpr const char* kUnknownApiKey =
    R"({"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":"API key: unable to find apikey with id ZW6nPIcBf-4jny-WMBds","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":"API key: unable to find apikey with id ZW6nPIcBf-4jny-WMBds","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}},"status":401})";

constexpr const char* kTokenExpired =
    R"({"error":{"root_cause":[{"type":"security_exception","reason":"token expired","header":{"WWW-Authenticate":"Bearer realm=\"security\", error=\"invalid_token\", error_description=\"The access token expired\""}}],"type":"security_exception","reason":"token expired","header":{"WWW-Authenticate":"Bearer realm=\"security\", error=\"invalid_token\", error_description=\"The access token expired\""}},"status":401})";

constexpr const char* kForbiddenMainForTest =
    R"({"error":{"root_cause":[{"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [test] with effective roles [], this action is granted by the cluster privileges [monitor,manage,all]"}],"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [test] with effective roles [], this action is granted by the cluster privileges [monitor,manage,all]"},"status":403})";

constexpr const char* kSecondaryJunk =
    R"({"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request [/_security/_authenticate]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"Failed to authenticate secondary user","caused_by":{"type":"security_exception","reason":"missing authentication credentials for REST request [/_security/_authenticate]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}},"status":401})";

const std::vector<std::string> kChallenges = {"Basic realm=\"security\", charset=\"UTF-8\"",
                                              "Bearer realm=\"security\"", "ApiKey"};

// A realm, credential store and security layer as one sandbox cluster has them.
struct Fixture {
  explicit Fixture(bool tls = true, int64_t token_lifetime = 1200)
      : realm("s3cret"), credentials(token_lifetime), security(realm, credentials, tls) {}
  Realm realm;
  CredentialStore credentials;
  Security security;
};

ApiRequest request_for(const std::string& uri,
                       std::vector<std::pair<std::string, std::string>> headers = {}) {
  ApiRequest r;
  r.method = "GET";
  r.uri = uri;
  r.path = uri.substr(0, uri.find('?'));
  r.headers = std::move(headers);
  return r;
}

std::vector<std::string> www_authenticate(const ApiReply& reply) {
  std::vector<std::string> out;
  for (const auto& [name, value] : reply.headers) {
    if (name == "WWW-Authenticate") out.push_back(value);
  }
  return out;
}

ApiReply authenticate_reply(const Fixture& f, const ApiRequest& request) {
  auto auth = f.security.authenticate(request);
  REQUIRE_FALSE(auth);
  return failure_reply(request, auth.failure());
}

std::string basic(const std::string& user, const std::string& password) {
  return "Basic " + escurl::base64_encode(user + ":" + password);
}

}  // namespace

TEST_CASE("sandbox: no credentials on / gives the captured 401", "[sandbox]") {
  Fixture f;
  const ApiReply reply = authenticate_reply(f, request_for("/"));
  CHECK(reply.status == 401);
  CHECK(reply.body == kMissingCredentialsSlash);
  CHECK(www_authenticate(reply) == kChallenges);
}

TEST_CASE("sandbox: unknown schemes and empty values count as no credentials", "[sandbox]") {
  Fixture f;
  for (const char* value : {"Digest abc", "ApiKey ", "Bearer ", "Basic"}) {
    INFO(value);
    CHECK(authenticate_reply(f, request_for("/", {{"Authorization", value}})).body ==
          kMissingCredentialsSlash);
  }
}

TEST_CASE("sandbox: wrong password gives the captured 401 with the 8.15 challenge", "[sandbox]") {
  Fixture f;
  const ApiReply reply =
      authenticate_reply(f, request_for("/", {{"Authorization", basic("elastic", "nope")}}));
  CHECK(reply.body == kWrongPasswordSlash);
  CHECK(www_authenticate(reply) == kChallenges);
  // An unknown user gets the same message, so user existence does not leak.
  const ApiReply unknown =
      authenticate_reply(f, request_for("/", {{"Authorization", basic("nobody", "x")}}));
  CHECK(unknown.body.find("unable to authenticate user [nobody] for REST request [/]") !=
        std::string::npos);
}

TEST_CASE("sandbox: the uri in messages is the raw path and query", "[sandbox]") {
  Fixture f;
  const ApiReply reply = authenticate_reply(f, request_for("/_nodes?filter_path=nodes.*.ip%2Cx"));
  CHECK(reply.body.find("for REST request [/_nodes?filter_path=nodes.*.ip%2Cx]") !=
        std::string::npos);
}

TEST_CASE("sandbox: unknown API key id gives the captured 401", "[sandbox]") {
  Fixture f;
  const std::string value = "ApiKey " + escurl::base64_encode("ZW6nPIcBf-4jny-WMBds:secret");
  CHECK(authenticate_reply(f, request_for("/", {{"Authorization", value}})).body == kUnknownApiKey);
}

TEST_CASE("sandbox: API key failures are worded as ApiKeyService words them", "[sandbox]") {
  Fixture f;
  const Owner owner{"elastic", "reserved", "reserved"};
  auto message_for = [&](const std::string& header) {
    auto auth = f.security.authenticate(request_for("/", {{"Authorization", header}}));
    REQUIRE_FALSE(auth);
    return auth.failure().error.metadata.value("additional_unsuccessful_credentials", "");
  };
  const ApiKeyRecord key = f.credentials.create_api_key("k", owner, std::nullopt, {}, {});
  CHECK(message_for("ApiKey " + escurl::base64_encode(key.id + ":wrong")) ==
        "API key: invalid credentials for API key [" + key.id + "]");
  CHECK(message_for("ApiKey c29tZXRoaW5n") == "API key: invalid ApiKey value");
  CHECK(message_for("ApiKey a_b") == "API key: Illegal base64 character 5f");
  f.credentials.invalidate_api_key(key.id);
  CHECK(message_for("ApiKey " + escurl::base64_encode(key.id + ":" + key.secret)) ==
        "API key: api key [" + key.id + "] has been invalidated");
  const ApiKeyRecord old = f.credentials.create_api_key("old", owner, now_millis() - 1000, {}, {});
  CHECK(message_for("ApiKey " + escurl::base64_encode(old.id + ":" + old.secret)) ==
        "API key: api key is expired");
}

TEST_CASE("sandbox: an expired access token gives token expired with its own challenge",
          "[sandbox]") {
  Fixture f(true, -1);
  const TokenRecord token = f.credentials.create_token({"rdeniro", "file", "file"}, true);
  const ApiReply reply =
      authenticate_reply(f, request_for("/", {{"Authorization", "Bearer " + token.access_token}}));
  CHECK(reply.body == kTokenExpired);
  CHECK(www_authenticate(reply) ==
        std::vector<std::string>{"Bearer realm=\"security\", error=\"invalid_token\", "
                                 "error_description=\"The access token expired\""});
}

TEST_CASE("sandbox: an unknown bearer token is an invalid oauth2 token", "[sandbox]") {
  Fixture f;
  auto auth = f.security.authenticate(request_for("/", {{"Authorization", "Bearer bm9wZQ=="}}));
  REQUIRE_FALSE(auth);
  CHECK(auth.failure().error.metadata["additional_unsuccessful_credentials"] ==
        "oauth2 token: invalid token");
}

TEST_CASE("sandbox: without TLS there is no Bearer challenge and no token service", "[sandbox]") {
  Fixture f(false);
  CHECK(f.security.challenges() ==
        std::vector<std::string>{"Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey"});
  auto auth = f.security.authenticate(request_for("/", {{"Authorization", "Bearer bm9wZQ=="}}));
  REQUIRE_FALSE(auth);
  CHECK(auth.failure().error.reason == "missing authentication credentials for REST request [/]");
}

TEST_CASE("sandbox: malformed Basic headers", "[sandbox]") {
  Fixture f;
  const ApiReply bad_encoding =
      authenticate_reply(f, request_for("/", {{"Authorization", "Basic !!!!"}}));
  CHECK(
      bad_encoding.body.find(
          R"("type":"security_exception","reason":"invalid basic authentication header encoding","caused_by":{"type":"illegal_argument_exception","reason":"Illegal base64 character 21"},"header")") !=
      std::string::npos);
  const ApiReply no_colon = authenticate_reply(
      f, request_for("/", {{"Authorization", "Basic " + escurl::base64_encode("elastic")}}));
  CHECK(no_colon.body.find(R"("reason":"invalid basic authentication header value")") !=
        std::string::npos);
}

TEST_CASE("sandbox: the 403 grammar matches the captured messages", "[sandbox]") {
  Fixture f;
  Authentication user;
  user.authenticating.username = "test";
  const EsFailure denied = f.security.denied(user, action::kMain);
  CHECK(denied.status == 403);
  ApiRequest request = request_for("/");
  CHECK(failure_reply(request, denied).body == kForbiddenMainForTest);
  CHECK(failure_reply(request, denied).headers.empty());

  Authentication key;
  key.authenticating.kind = Subject::Kind::ApiKey;
  key.authenticating.username = "elastic";
  key.authenticating.api_key_id = "dyLlOpUBcNADYlky6Egd";
  CHECK(f.security.denied(key, action::kMain).error.reason ==
        "action [cluster:monitor/main] is unauthorized for API key id [dyLlOpUBcNADYlky6Egd] of "
        "user [elastic], this action is granted by the cluster privileges [monitor,manage,all]");
}

TEST_CASE("sandbox: read-only writes and index creation are refused with ES wording", "[sandbox]") {
  Fixture f;
  auto jdoe = f.security.authenticate(
      request_for("/", {{"Authorization", basic("jdoe", "jdoe-readonly")}}));
  REQUIRE(jdoe);
  auto create = f.security.authorize(*jdoe, action::kCreateIndex, {"books"});
  REQUIRE(create);
  CHECK(create->error.reason ==
        "action [indices:admin/create] is unauthorized for user [jdoe] with effective roles "
        "[viewer] on indices [books], this action is granted by the index privileges "
        "[create_index,manage,all]");
  auto write = f.security.authorize(*jdoe, action::kIndexOpIndex, {"books"});
  REQUIRE(write);
  CHECK(write->error.reason ==
        "action [indices:data/write/index:op_type/index] is unauthorized for user [jdoe] with "
        "effective roles [viewer] on indices [books], this action is granted by the index "
        "privileges [create,index,write,all]");
  CHECK_FALSE(f.security.authorize(*jdoe, action::kSearch, {"books"}));
  CHECK_FALSE(f.security.authorize(*jdoe, action::kMain));
}

TEST_CASE("sandbox: run-as is honoured for elastic and refused for others", "[sandbox]") {
  Fixture f;
  auto as_jdoe = f.security.authenticate(request_for(
      "/", {{"Authorization", basic("elastic", "s3cret")}, {"es-security-runas-user", "jdoe"}}));
  REQUIRE(as_jdoe);
  CHECK(as_jdoe->effective().username == "jdoe");
  CHECK_FALSE(f.security.authorize(*as_jdoe, action::kAuthenticate));
  auto denied_write = f.security.authorize(*as_jdoe, action::kCreateIndex, {"x"});
  REQUIRE(denied_write);
  CHECK(denied_write->error.reason.find(
            "is unauthorized for user [elastic] run as [jdoe] with effective roles [viewer] on "
            "indices [x]") != std::string::npos);

  auto rdeniro =
      f.security.authenticate(request_for("/", {{"Authorization", basic("rdeniro", "taxidriver")},
                                                {"es-security-runas-user", "jdoe"}}));
  REQUIRE(rdeniro);
  auto refused = f.security.authorize(*rdeniro, action::kAuthenticate);
  REQUIRE(refused);
  CHECK(refused->status == 403);
  CHECK(refused->error.reason ==
        "action [cluster:admin/xpack/security/user/authenticate] is unauthorized for user "
        "[rdeniro] with effective roles [admin], because user [rdeniro] is unauthorized to run "
        "as [jdoe]");

  auto ghost = f.security.authenticate(request_for(
      "/", {{"Authorization", basic("elastic", "s3cret")}, {"es-security-runas-user", "ghost"}}));
  REQUIRE(ghost);
  auto no_such_user = f.security.authorize(*ghost, action::kMain);
  REQUIRE(no_such_user);
  CHECK(no_such_user->error.reason ==
        "action [cluster:monitor/main] is unauthorized for user [elastic] with effective roles "
        "[superuser], because user [elastic] is unauthorized to run as [ghost]");
}

TEST_CASE("sandbox: invalid secondary credentials are wrapped without a challenge header",
          "[sandbox]") {
  Fixture f;
  ApiRequest request = request_for(
      "/_security/_authenticate",
      {{"Authorization", basic("elastic", "s3cret")}, {"es-secondary-authorization", "junk"}});
  auto secondary = f.security.authenticate_secondary(request);
  REQUIRE_FALSE(secondary);
  const ApiReply reply = failure_reply(request, secondary.failure());
  CHECK(reply.status == 401);
  CHECK(reply.body == kSecondaryJunk);
  CHECK(www_authenticate(reply).empty());
}

TEST_CASE("sandbox: valid secondary credentials authenticate the secondary user", "[sandbox]") {
  Fixture f;
  ApiRequest request =
      request_for("/", {{"Authorization", basic("elastic", "s3cret")},
                        {"es-secondary-authorization", basic("rdeniro", "taxidriver")}});
  auto secondary = f.security.authenticate_secondary(request);
  REQUIRE(secondary);
  REQUIRE(secondary->has_value());
  CHECK((*secondary)->effective().username == "rdeniro");
  CHECK_FALSE(*f.security.authenticate_secondary(request_for("/")));
}

TEST_CASE("sandbox: service account tokens are encoded as ServiceAccountToken does", "[sandbox]") {
  Fixture f;
  auto token = f.credentials.create_service_token("elastic/fleet-server", "token1");
  REQUIRE(token);
  const std::string value = service_token_value(*token);
  CHECK(value.rfind("AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMT", 0) == 0);
  CHECK(value.find('=') == std::string::npos);
  auto decoded = escurl::base64_decode(value);
  REQUIRE(decoded);
  CHECK(*decoded == std::string("\0\1\0\1", 4) + "elastic/fleet-server/token1:" + token->secret);

  auto auth = f.security.authenticate(request_for("/", {{"Authorization", "Bearer " + value}}));
  REQUIRE(auth);
  CHECK(auth->authenticating.username == "elastic/fleet-server");
  CHECK(auth->type == "token");

  ServiceTokenRecord forged = *token;
  forged.secret = "wrong";
  auto refused = f.security.authenticate(
      request_for("/", {{"Authorization", "Bearer " + service_token_value(forged)}}));
  REQUIRE_FALSE(refused);
  CHECK(refused.failure().error.reason ==
        "failed to authenticate service account [elastic/fleet-server] with token name [token1]");
  CHECK(refused.failure().error.www_authenticate == kChallenges);
}

TEST_CASE("sandbox: Java-style base64 decoding", "[sandbox]") {
  std::string error;
  CHECK(java_base64_decode("ZWxhc3RpYzpwdw==", error) == std::optional<std::string>("elastic:pw"));
  CHECK(java_base64_decode("ZWxhc3RpYzpwdw", error) == std::optional<std::string>("elastic:pw"));
  CHECK_FALSE(java_base64_decode("ab-c", error));
  CHECK(error == "Illegal base64 character 2d");
  CHECK_FALSE(java_base64_decode("abcde", error));
  CHECK(error == "Last unit does not have enough valid bits");
}
