// SPDX-License-Identifier: MIT
// Error explanations on the exact 401/403 bodies of the Elasticsearch security reference (§1):
// the envelope's type and reason, and the hint — which flags to give, which credential was
// rejected, which privilege is missing — never a secret.
#include "es_error.h"

#include <optional>
#include <string>

#include "catch.h"

using escurl::AuthContext;
using escurl::AuthScheme;
using escurl::EsError;

namespace {

// §1.3: no credentials, ES 8.17.3.
constexpr const char* kNoCredentials =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"missing authentication credentials for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}},"status":401})JSON";

// §1.4: wrong password for a Basic user.
constexpr const char* kWrongPassword =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate user [elastic] for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\" charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"unable to authenticate user [elastic] for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\"security\" charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}},"status":401})JSON";

// §1.5: unknown API key.
constexpr const char* kUnknownApiKey =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":"API key: unable to find apikey with id ZW6nPIcBf-4jny-WMBds","header":{"WWW-Authenticate":["Basic realm=\"security\" charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":"API key: unable to find apikey with id ZW6nPIcBf-4jny-WMBds","header":{"WWW-Authenticate":["Basic realm=\"security\" charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}},"status":401})JSON";

// §1.6: expired access token.
constexpr const char* kTokenExpired =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"token expired","header":{"WWW-Authenticate":"Bearer realm=\"security\", error=\"invalid_token\", error_description=\"The access token expired\""}}],"type":"security_exception","reason":"token expired","header":{"WWW-Authenticate":"Bearer realm=\"security\", error=\"invalid_token\", error_description=\"The access token expired\""}},"status":401})JSON";

// §1.6: unknown access token.
constexpr const char* kInvalidToken =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":"oauth2 token: invalid token"}],"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":"oauth2 token: invalid token"},"status":401})JSON";

// §1.7: 403 on GET / for a user without roles.
constexpr const char* kForbiddenMonitor =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [test] with effective roles [], this action is granted by the cluster privileges [monitor,manage,all]"}],"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [test] with effective roles [], this action is granted by the cluster privileges [monitor,manage,all]"},"status":403})JSON";

// §1.7: 403 creating a restricted index (captured message in the same envelope).
constexpr const char* kForbiddenCreateIndex =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"action [indices:admin/create] is unauthorized for user [elastic] with effective roles [superuser] on restricted indices [.reporting-2020.04.19], this action is granted by the index privileges [create_index,manage,all]"}],"type":"security_exception","reason":"action [indices:admin/create] is unauthorized for user [elastic] with effective roles [superuser] on restricted indices [.reporting-2020.04.19], this action is granted by the index privileges [create_index,manage,all]"},"status":403})JSON";

// §1.7: 403 for an API key.
constexpr const char* kForbiddenApiKey =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for API key id [dyLlOpUBcNADYlky6Egd] of user [elastic], this action is granted by the cluster privileges [monitor,manage,all]"}],"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for API key id [dyLlOpUBcNADYlky6Egd] of user [elastic], this action is granted by the cluster privileges [monitor,manage,all]"},"status":403})JSON";

// §1.7: run-as denied.
constexpr const char* kRunAsDenied =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [u1] with effective roles [r1], because user [u1] is unauthorized to run as [u2]"}],"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [u1] with effective roles [r1], because user [u1] is unauthorized to run as [u2]"},"status":403})JSON";

// The seed's old form.
constexpr const char* kOldForm =
    R"JSON({"error":"AuthenticationException[Missing authentication token]","status":401})JSON";

// §2.1: invalid secondary credentials (derived shape).
constexpr const char* kSecondaryFailed =
    R"JSON({"error":{"root_cause":[{"type":"security_exception","reason":"missing authentication credentials for REST request [/_security/_authenticate]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}],"type":"security_exception","reason":"Failed to authenticate secondary user","caused_by":{"type":"security_exception","reason":"missing authentication credentials for REST request [/_security/_authenticate]","header":{"WWW-Authenticate":["Basic realm=\"security\", charset=\"UTF-8\"","Bearer realm=\"security\"","ApiKey"]}}},"status":401})JSON";

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// The part after " — ": the hint.
std::string hint_of(const std::string& line) {
  const std::string sep = " \xe2\x80\x94 ";
  const std::size_t at = line.find(sep);
  return at == std::string::npos ? std::string() : line.substr(at + sep.size());
}

AuthContext basic(std::string user) {
  AuthContext a;
  a.primary = AuthScheme::Basic;
  a.user = std::move(user);
  return a;
}

AuthContext scheme(AuthScheme s) {
  AuthContext a;
  a.primary = s;
  return a;
}

}  // namespace

TEST_CASE("es_error: parse_es_error reads type, reason and unsuccessful credentials",
          "[es_error]") {
  const struct {
    const char* what;
    const char* body;
    std::string type;
    std::string reason;
    std::string caused_by;
    std::string unsuccessful;
  } cases[] = {
      {"§1.3 no credentials", kNoCredentials, "security_exception",
       "missing authentication credentials for REST request [/]", "", ""},
      {"§1.4 wrong password", kWrongPassword, "security_exception",
       "unable to authenticate user [elastic] for REST request [/]", "", ""},
      {"§1.5 unknown API key", kUnknownApiKey, "security_exception",
       "unable to authenticate with provided credentials and anonymous access is not allowed for "
       "this request",
       "", "API key: unable to find apikey with id ZW6nPIcBf-4jny-WMBds"},
      {"§1.6 token expired", kTokenExpired, "security_exception", "token expired", "", ""},
      {"§1.6 invalid token", kInvalidToken, "security_exception",
       "unable to authenticate with provided credentials and anonymous access is not allowed for "
       "this request",
       "", "oauth2 token: invalid token"},
      {"§1.7 403", kForbiddenMonitor, "security_exception",
       "action [cluster:monitor/main] is unauthorized for user [test] with effective roles [], "
       "this action is granted by the cluster privileges [monitor,manage,all]",
       "", ""},
      {"old form", kOldForm, "", "AuthenticationException[Missing authentication token]", "", ""},
      {"secondary wrapper", kSecondaryFailed, "security_exception",
       "Failed to authenticate secondary user",
       "missing authentication credentials for REST request [/_security/_authenticate]", ""},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const std::optional<EsError> e = escurl::parse_es_error(c.body);
    REQUIRE(e.has_value());
    CHECK(e->type == c.type);
    CHECK(e->reason == c.reason);
    CHECK(e->caused_by_reason == c.caused_by);
    CHECK(e->unsuccessful == c.unsuccessful);
  }
}

TEST_CASE("es_error: several unsuccessful credentials are joined with '; '", "[es_error]") {
  const std::optional<EsError> e = escurl::parse_es_error(
      R"({"error":{"type":"security_exception","reason":"unable to authenticate with provided credentials and anonymous access is not allowed for this request","additional_unsuccessful_credentials":["API key: api key is expired","realms: x"]},"status":401})");
  REQUIRE(e.has_value());
  CHECK(e->unsuccessful == "API key: api key is expired; realms: x");
}

TEST_CASE("es_error: bodies that are not the envelope", "[es_error]") {
  const std::string bodies[] = {
      "",
      "<html><body><h1>502 Bad Gateway</h1></body></html>",
      R"({"acknowledged":true})",
      R"([{"error":"x"}])",
      R"({"error":42,"status":500})",
      R"({"error":{"type":"x")",
      "null",
  };
  for (const std::string& body : bodies) {
    CAPTURE(body);
    CHECK_FALSE(escurl::parse_es_error(body).has_value());
  }
}

TEST_CASE("es_error: §1.3 no credentials names the flags to give", "[es_error]") {
  const std::string line = escurl::explain_http_error(401, "Unauthorized", kNoCredentials, {});
  CAPTURE(line);
  CHECK(line.starts_with(
      "HTTP 401 security_exception: missing authentication credentials for REST request [/]"));
  const std::string hint = hint_of(line);
  CHECK(contains(hint, "--user"));
  CHECK(contains(hint, "--api-key"));
  CHECK(contains(hint, "--bearer"));
}

TEST_CASE("es_error: §1.4 wrong password names the user, not a password", "[es_error]") {
  const std::string line =
      escurl::explain_http_error(401, "Unauthorized", kWrongPassword, basic("elastic"));
  CAPTURE(line);
  CHECK(line.starts_with(
      "HTTP 401 security_exception: unable to authenticate user [elastic] for REST request [/]"));
  const std::string hint = hint_of(line);
  CHECK(contains(hint, "[elastic]"));
  CHECK(contains(hint, "rejected"));
  CHECK_FALSE(contains(hint, "no credentials"));
  CHECK_FALSE(contains(hint, "--api-key"));
}

TEST_CASE("es_error: §1.5 unknown API key names the API key and the server's reason",
          "[es_error]") {
  const std::string line =
      escurl::explain_http_error(401, "Unauthorized", kUnknownApiKey, scheme(AuthScheme::ApiKey));
  CAPTURE(line);
  CHECK(
      line.starts_with("HTTP 401 security_exception: unable to authenticate with provided "
                       "credentials"));
  const std::string hint = hint_of(line);
  CHECK(contains(hint, "API key"));
  CHECK(contains(hint, "API key: unable to find apikey with id ZW6nPIcBf-4jny-WMBds"));
  CHECK_FALSE(contains(hint, "no credentials"));
}

TEST_CASE("es_error: §1.6 bearer tokens", "[es_error]") {
  SECTION("an expired token says to get a new one") {
    const std::string line =
        escurl::explain_http_error(401, "Unauthorized", kTokenExpired, scheme(AuthScheme::Bearer));
    CAPTURE(line);
    CHECK(line.starts_with("HTTP 401 security_exception: token expired"));
    CHECK(contains(hint_of(line), "expired"));
  }
  SECTION("an unknown token names the bearer token and the server's reason") {
    const std::string line =
        escurl::explain_http_error(401, "Unauthorized", kInvalidToken, scheme(AuthScheme::Bearer));
    CAPTURE(line);
    const std::string hint = hint_of(line);
    CHECK(contains(hint, "bearer token"));
    CHECK(contains(hint, "oauth2 token: invalid token"));
  }
}

TEST_CASE("es_error: §1.7 403 names the privileges that grant the action", "[es_error]") {
  const struct {
    const char* what;
    const char* body;
    AuthContext auth;
    std::string privileges;
    std::string kind;
  } cases[] = {
      {"cluster privilege", kForbiddenMonitor, basic("test"), "[monitor,manage,all]", "cluster"},
      {"index privilege", kForbiddenCreateIndex, basic("elastic"), "[create_index,manage,all]",
       "index"},
      {"API key subject", kForbiddenApiKey, scheme(AuthScheme::ApiKey), "[monitor,manage,all]",
       "cluster"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    const std::string line = escurl::explain_http_error(403, "Forbidden", c.body, c.auth);
    CAPTURE(line);
    CHECK(line.starts_with("HTTP 403 security_exception: action ["));
    const std::string hint = hint_of(line);
    CHECK(contains(hint, c.privileges));
    CHECK(contains(hint, c.kind));
  }
}

TEST_CASE("es_error: a run-as denial names the run-as user", "[es_error]") {
  AuthContext auth = basic("u1");
  auth.run_as = "u2";
  const std::string line = escurl::explain_http_error(403, "Forbidden", kRunAsDenied, auth);
  CAPTURE(line);
  const std::string hint = hint_of(line);
  CHECK(contains(hint, "[u2]"));
  CHECK(contains(hint, "run_as"));
}

TEST_CASE("es_error: a 403 without a privilege list still explains itself", "[es_error]") {
  const std::string line = escurl::explain_http_error(
      403, "Forbidden",
      R"({"error":{"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [user1]"},"status":403})",
      basic("user1"));
  CAPTURE(line);
  CHECK(contains(hint_of(line), "not authorized"));
}

TEST_CASE("es_error: the old {\"error\":\"...\"} form", "[es_error]") {
  const std::string line = escurl::explain_http_error(401, "Unauthorized", kOldForm, {});
  CAPTURE(line);
  CHECK(line.starts_with("HTTP 401: AuthenticationException[Missing authentication token]"));
  CHECK(contains(hint_of(line), "--user"));
}

TEST_CASE("es_error: a non-JSON body uses the reason phrase", "[es_error]") {
  CHECK(escurl::explain_http_error(502, "Bad Gateway",
                                   "<html><body><h1>502 Bad Gateway</h1></body></html>",
                                   basic("elastic")) == "HTTP 502 Bad Gateway");
  CHECK(escurl::explain_http_error(500, "", "oops", {}) == "HTTP 500");
}

TEST_CASE("es_error: an error without a hint is status, type and reason only", "[es_error]") {
  CHECK(
      escurl::explain_http_error(
          400, "Bad Request",
          R"({"error":{"root_cause":[{"type":"illegal_argument_exception","reason":"unknown setting [index.foo]"}],"type":"illegal_argument_exception","reason":"unknown setting [index.foo]"},"status":400})",
          basic("elastic")) == "HTTP 400 illegal_argument_exception: unknown setting [index.foo]");
}

TEST_CASE("es_error: a 401 with an empty body still says what to give", "[es_error]") {
  const std::string line = escurl::explain_http_error(401, "Unauthorized", "", {});
  CAPTURE(line);
  CHECK(line.starts_with("HTTP 401 Unauthorized"));
  CHECK(contains(hint_of(line), "--user"));
}

TEST_CASE("es_error: rejected secondary credentials", "[es_error]") {
  AuthContext auth = basic("elastic");
  auth.secondary = true;
  const std::string line = escurl::explain_http_error(401, "Unauthorized", kSecondaryFailed, auth);
  CAPTURE(line);
  CHECK(line.starts_with("HTTP 401 security_exception: Failed to authenticate secondary user"));
  const std::string hint = hint_of(line);
  CHECK(contains(hint, "secondary"));
  CHECK(contains(hint, "missing authentication credentials"));
  CHECK_FALSE(contains(hint, "[elastic]"));  // the primary user was accepted
}

TEST_CASE("es_error: AuthContext::from takes scheme, user, secondary and run-as", "[es_error]") {
  SECTION("everything") {
    escurl::Credentials c;
    c.primary = escurl::basic_auth("elastic", escurl::Secret("hunter2"));
    c.primary_user = "elastic";
    c.secondary = escurl::AuthHeader{AuthScheme::ApiKey, escurl::Secret("abc")};
    c.run_as = "rdeniro";
    const AuthContext a = AuthContext::from(c);
    CHECK(a.primary == std::optional<AuthScheme>(AuthScheme::Basic));
    CHECK(a.user == "elastic");
    CHECK(a.secondary);
    CHECK(a.run_as == std::optional<std::string>("rdeniro"));
  }
  SECTION("nothing") {
    const AuthContext a = AuthContext::from(escurl::Credentials{});
    CHECK_FALSE(a.primary.has_value());
    CHECK(a.user.empty());
    CHECK_FALSE(a.secondary);
    CHECK_FALSE(a.run_as.has_value());
  }
}

// ES 8 bodies for the common errors beyond authentication.
namespace {

constexpr const char* kIndexNotFound =
    R"JSON({"error":{"root_cause":[{"type":"index_not_found_exception","reason":"no such index [logs-x]","resource.type":"index_or_alias","resource.id":"logs-x","index_uuid":"_na_","index":"logs-x"}],"type":"index_not_found_exception","reason":"no such index [logs-x]","resource.type":"index_or_alias","resource.id":"logs-x","index_uuid":"_na_","index":"logs-x"},"status":404})JSON";

constexpr const char* kAlreadyExists =
    R"JSON({"error":{"root_cause":[{"type":"resource_already_exists_exception","reason":"index [books/Xk3qj2lCRhOqN1PbJ6xWkQ] already exists","index_uuid":"Xk3qj2lCRhOqN1PbJ6xWkQ","index":"books"}],"type":"resource_already_exists_exception","reason":"index [books/Xk3qj2lCRhOqN1PbJ6xWkQ] already exists","index_uuid":"Xk3qj2lCRhOqN1PbJ6xWkQ","index":"books"},"status":400})JSON";

constexpr const char* kVersionConflict =
    R"JSON({"error":{"root_cause":[{"type":"version_conflict_engine_exception","reason":"[1]: version conflict, required seqNo [3], primary term [1]. current document has seqNo [4] and primary term [1]","index_uuid":"u","shard":"0","index":"books"}],"type":"version_conflict_engine_exception","reason":"[1]: version conflict, required seqNo [3], primary term [1]. current document has seqNo [4] and primary term [1]","index_uuid":"u","shard":"0","index":"books"},"status":409})JSON";

constexpr const char* kDocumentExists =
    R"JSON({"error":{"root_cause":[{"type":"version_conflict_engine_exception","reason":"[1]: version conflict, document already exists (current version [1])","index_uuid":"u","shard":"0","index":"books"}],"type":"version_conflict_engine_exception","reason":"[1]: version conflict, document already exists (current version [1])","index_uuid":"u","shard":"0","index":"books"},"status":409})JSON";

constexpr const char* kDocumentParsing =
    R"JSON({"error":{"root_cause":[{"type":"document_parsing_exception","reason":"[1:15] failed to parse field [year] of type [long] in document with id '1'. Preview of field's value: 'soon'"}],"type":"document_parsing_exception","reason":"[1:15] failed to parse field [year] of type [long] in document with id '1'. Preview of field's value: 'soon'","caused_by":{"type":"illegal_argument_exception","reason":"For input string: \"soon\""}},"status":400})JSON";

constexpr const char* kSearchPhase =
    R"JSON({"error":{"root_cause":[{"type":"query_shard_exception","reason":"failed to create query: For input string: \"soon\"","index_uuid":"u","index":"books"},{"type":"query_shard_exception","reason":"failed to create query: For input string: \"soon\"","index_uuid":"u","index":"books"}],"type":"search_phase_execution_exception","reason":"all shards failed","phase":"query","grouped":true,"failed_shards":[{"shard":0,"index":"books","node":"n","reason":{"type":"query_shard_exception","reason":"failed to create query: For input string: \"soon\"","index_uuid":"u","index":"books","caused_by":{"type":"number_format_exception","reason":"For input string: \"soon\""}}}]},"status":400})JSON";

constexpr const char* kRejected =
    R"JSON({"error":{"root_cause":[{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=54242, max_coordinating_and_primary_bytes=53687091]"}],"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=54242, max_coordinating_and_primary_bytes=53687091]"},"status":429})JSON";

constexpr const char* kCircuitBreaking =
    R"JSON({"error":{"root_cause":[{"type":"circuit_breaking_exception","reason":"[parent] Data too large, data for [<http_request>] would be [1020445616/973.1mb], which is larger than the limit of [1020054732/972.7mb]","bytes_wanted":1020445616,"bytes_limit":1020054732,"durability":"TRANSIENT"}],"type":"circuit_breaking_exception","reason":"[parent] Data too large, data for [<http_request>] would be [1020445616/973.1mb], which is larger than the limit of [1020054732/972.7mb]","bytes_wanted":1020445616,"bytes_limit":1020054732,"durability":"TRANSIENT"},"status":429})JSON";

std::string explain(int status, const char* reason, const char* body) {
  return escurl::explain_http_error(status, reason, body, AuthContext{});
}

}  // namespace

TEST_CASE("es_error: index_not_found and resource_already_exists", "[es_error]") {
  CHECK(explain(404, "Not Found", kIndexNotFound) ==
        "HTTP 404 index_not_found_exception: no such index [logs-x] — check the name (GET "
        "_cat/indices lists them), or create the index first");
  CHECK(explain(400, "Bad Request", kAlreadyExists) ==
        "HTTP 400 resource_already_exists_exception: index [books/Xk3qj2lCRhOqN1PbJ6xWkQ] already "
        "exists — it exists already: use it, or delete it first if it should be replaced");
}

TEST_CASE("es_error: version conflicts, for updates and for op_type=create", "[es_error]") {
  CHECK(explain(409, "Conflict", kVersionConflict)
            .ends_with("— the document changed since it was read: fetch it again and retry with "
                       "its current if_seq_no and if_primary_term"));
  CHECK(explain(409, "Conflict", kDocumentExists)
            .ends_with("— a document with this id exists already (op_type=create): use PUT "
                       "_doc/ID to replace it"));
}

TEST_CASE("es_error: document parsing names the cause", "[es_error]") {
  const std::string line = explain(400, "Bad Request", kDocumentParsing);
  CHECK(line.starts_with("HTTP 400 document_parsing_exception: [1:15] failed to parse field"));
  CHECK(line.find("(For input string: \"soon\"); GET <index>/_mapping shows the field types") !=
        std::string::npos);
  const std::string mapper = explain(
      400, "Bad Request",
      R"({"error":{"type":"mapper_parsing_exception","reason":"failed to parse"},"status":400})");
  CHECK(mapper.find("does not fit the index's mapping") != std::string::npos);
}

TEST_CASE("es_error: search_phase_execution names its root causes once", "[es_error]") {
  CHECK(explain(400, "Bad Request", kSearchPhase) ==
        "HTTP 400 search_phase_execution_exception: all shards failed — root cause: "
        "query_shard_exception: failed to create query: For input string: \"soon\"");
  const auto e = escurl::parse_es_error(kSearchPhase);
  REQUIRE(e);
  CHECK(e->root_causes.size() == 1);
}

TEST_CASE("es_error: overload — rejected execution, 429 and circuit breakers", "[es_error]") {
  CHECK(explain(429, "Too Many Requests", kRejected)
            .ends_with("— the cluster is overloaded and rejected the request: retry later with "
                       "backoff (--retry N waits between tries and honours Retry-After)"));
  CHECK(explain(429, "Too Many Requests", "<html>slow down</html>") ==
        "HTTP 429 Too Many Requests — the cluster is overloaded and rejected the request: retry "
        "later with backoff (--retry N waits between tries and honours Retry-After)");
  const std::string breaker = explain(429, "Too Many Requests", kCircuitBreaking);
  CHECK(breaker.starts_with("HTTP 429 circuit_breaking_exception: [parent] Data too large"));
  CHECK(
      breaker.ends_with("— a memory circuit breaker tripped: the cluster is short of heap; "
                        "retry later (--retry N) or make the request smaller"));
  std::string permanent = kCircuitBreaking;
  permanent.replace(permanent.rfind("TRANSIENT"), 9, "PERMANENT");
  CHECK(explain(429, "Too Many Requests", permanent.c_str()).find("will again") !=
        std::string::npos);
}

TEST_CASE("es_error: an error type without advice gets none", "[es_error]") {
  CHECK(
      explain(
          400, "Bad Request",
          R"({"error":{"type":"parsing_exception","reason":"unknown query [mtch]"},"status":400})") ==
      "HTTP 400 parsing_exception: unknown query [mtch]");
}

namespace {

// A 403 as Elasticsearch words a refused run-as, for a run-as name of `n` characters.
std::string run_as_denied(std::size_t n) {
  const std::string name(n, 'r');
  return R"({"error":{"root_cause":[{"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [jdoe] with effective roles [viewer], because user [jdoe] is unauthorized to run as [)" +
         name +
         R"(]"}],"type":"security_exception","reason":"action [cluster:monitor/main] is unauthorized for user [jdoe] with effective roles [viewer], because user [jdoe] is unauthorized to run as [)" +
         name + R"(]"},"status":403})";
}

}  // namespace

TEST_CASE("es_error: a 40 KB reason is explained without a crash, in a bounded line",
          "[es_error]") {
  // std::regex recursed once per character of the reason and overflowed the stack.
  const std::string line =
      escurl::explain_http_error(403, "Forbidden", run_as_denied(40 * 1024), basic("jdoe"));
  CHECK(line.starts_with("HTTP 403 security_exception: action [cluster:monitor/main]"));
  CHECK(line.size() < 1500);
  const std::string hint = hint_of(line);
  CHECK(hint.starts_with("the user may not run as [rrrr"));
  CHECK(contains(hint, "\xe2\x80\xa6]: that needs the run_as privilege"));
  // The same scan on a long privilege list.
  const std::string privileges(40 * 1024, 'p');
  const std::string granted =
      R"({"error":{"type":"security_exception","reason":"action [x] is unauthorized for user [u], this action is granted by the index privileges [)" +
      privileges + R"(]"},"status":403})";
  const std::string line2 = escurl::explain_http_error(403, "Forbidden", granted, basic("u"));
  CHECK(
      hint_of(line2).starts_with("authenticated, but this needs one of the index privileges [pp"));
  CHECK(line2.size() < 2000);
}

TEST_CASE("es_error: the privilege scan finds the cluster/index phrase past a decoy",
          "[es_error]") {
  const std::string line = escurl::explain_http_error(
      403, "Forbidden",
      R"({"error":{"type":"security_exception","reason":"this action is granted by the way [x]; this action is granted by the cluster privileges [monitor,all]"},"status":403})",
      basic("u"));
  CHECK(hint_of(line) ==
        "authenticated, but this needs one of the cluster privileges [monitor,all]");
}

TEST_CASE("es_error: the server's text cannot drive the terminal or forge a line", "[es_error]") {
  const std::string forged =
      R"({"error":{"type":"security_exception\u001b[2J","reason":"denied\r\nescurl: error: forged \u001b]0;title\u0007 \u009b31m","caused_by":{"reason":"x\ny"}},"status":401})";
  AuthContext secondary = basic("elastic");
  const std::string line = escurl::explain_http_error(401, "Unauthorized", forged, secondary);
  CAPTURE(line);
  CHECK(line.find('\x1b') == std::string::npos);
  CHECK(line.find('\r') == std::string::npos);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\x07') == std::string::npos);
  CHECK(line.find("\xc2\x9b") == std::string::npos);
  CHECK(contains(line, "security_exception\\x1b[2J: denied\\r\\nescurl: error: forged"));
  // The reason phrase of a non-Elasticsearch answer, and the secondary's cause in a hint.
  const std::string phrase =
      escurl::explain_http_error(502, "Bad\x1b[31m Gateway\r\nescurl: error: x", "<html/>", {});
  CHECK(phrase == "HTTP 502 Bad\\x1b[31m Gateway\\r\\nescurl: error: x");
  const std::string cause = escurl::explain_http_error(
      401, "Unauthorized",
      R"({"error":{"type":"security_exception","reason":"Failed to authenticate secondary user","caused_by":{"reason":"no\r\nway"}},"status":401})",
      secondary);
  CHECK(hint_of(cause) == "the secondary credentials (--secondary-*) were rejected: no\\r\\nway");
}

TEST_CASE("es_error: nginx's client-certificate pages get a hint about --cert and --key",
          "[es_error]") {
  // nginx's own page for a missing client certificate (ssl_verify_client on).
  constexpr const char* kNoCert =
      "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n"
      "<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was "
      "sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  const std::string line = explain(400, "Bad Request", kNoCert);
  CHECK(line.starts_with("HTTP 400 Bad Request — "));
  CHECK(contains(hint_of(line), "client certificate"));
  CHECK(contains(hint_of(line), "--cert FILE and --key FILE"));
  constexpr const char* kBadCert =
      "<html>\r\n<head><title>400 The SSL certificate error</title></head>\r\n<body>\r\n"
      "<center><h1>400 Bad Request</h1></center>\r\n<center>The SSL certificate error</center>\r\n"
      "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  CHECK(contains(hint_of(explain(400, "Bad Request", kBadCert)), "refused the client certificate"));
  constexpr const char* kPlainToTls =
      "<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n"
      "<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was "
      "sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  CHECK(contains(hint_of(explain(400, "Bad Request", kPlainToTls)), "https://"));
  // An Elasticsearch error quoting the words is not the page.
  CHECK(
      hint_of(
          explain(
              400, "Bad Request",
              R"({"error":{"type":"illegal_argument_exception","reason":"No required SSL certificate was sent"},"status":400})"))
          .empty());
}
