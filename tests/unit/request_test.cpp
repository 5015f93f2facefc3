// SPDX-License-Identifier: MIT
// The request: credential headers for every scheme (as Secrets, printed redacted), the
// User-Agent, -H overrides, removals and header files, the NDJSON content type for _bulk and
// _msearch, and the refusals: credentials over http://, line breaks, conflicting headers.
#include "request.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catch.h"
#include "header_check.h"
#include "redact.h"
#include "scratch_dir.h"
#include "version.h"

using escurl::AuthHeader;
using escurl::AuthScheme;
using escurl::BodySpec;
using escurl::Credentials;
using escurl::Env;
using escurl::Errc;
using escurl::HeaderField;
using escurl::Options;
using escurl::Request;
using escurl::Result;
using escurl::Secret;
using escurl::StdinClaim;
using escurl::Url;

namespace {

constexpr const char* kApiKeyEncoded =
    "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("request") {}
};

Env make_env(std::string stdin_text = "") {
  Env env;
  env.read_stdin = [stdin_text]() -> Result<std::string> { return stdin_text; };
  env.prompt_secret = [](std::string_view) -> Result<Secret> {
    return escurl::make_error(Errc::Usage, "no terminal to prompt on");
  };
  return env;
}

Options options_for(std::string_view url, std::vector<std::string> header_args = {}) {
  Result<Url> u = escurl::parse_url(url);
  REQUIRE(u);
  Options o;
  o.method = "GET";
  o.url = std::move(u).value();
  o.header_args = std::move(header_args);
  return o;
}

Options with_inline_body(Options o, std::string bytes = "{}") {
  o.method = "POST";
  o.body.kind = BodySpec::Kind::Inline;
  o.body.bytes = std::move(bytes);
  o.body.flag = "--data";
  return o;
}

Result<Request> build(const Options& o, const Credentials& c = Credentials{},
                      Env env = make_env()) {
  StdinClaim claim;
  return escurl::build_request(o, c, env, claim);
}

Request build_ok(const Options& o, const Credentials& c = Credentials{}, Env env = make_env()) {
  Result<Request> r = build(o, c, std::move(env));
  if (!r) FAIL("build_request failed: " << r.error().message);
  return std::move(r).value();
}

// Every header with this name, any case.
std::vector<const HeaderField*> all_named(const Request& r, std::string_view name) {
  std::vector<const HeaderField*> out;
  for (const HeaderField& h : r.headers) {
    if (escurl::iequals(h.name, name)) out.push_back(&h);
  }
  return out;
}

// The single header with this name; fails the test when there is none or several.
const HeaderField& only(const Request& r, std::string_view name) {
  const std::vector<const HeaderField*> found = all_named(r, name);
  INFO("header " << name);
  REQUIRE(found.size() == 1);
  return *found.front();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

Credentials with_primary(AuthHeader h, std::string user = "") {
  Credentials c;
  c.primary = std::move(h);
  c.primary_user = std::move(user);
  return c;
}

}  // namespace

TEST_CASE("request: method, URL and default headers without credentials", "[request]") {
  const Request r = build_ok(options_for("https://h:9200/_cat/indices?v"));
  CHECK(r.method == "GET");
  CHECK(r.url.display() == "https://h:9200/_cat/indices?v");
  CHECK(only(r, "User-Agent").wire_value() == std::string("escurl/") + escurl::kVersion);
  CHECK(only(r, "Accept").wire_value() == "*/*");
  CHECK(all_named(r, "Authorization").empty());
  CHECK(all_named(r, "Content-Type").empty());  // no body, no content type
  CHECK_FALSE(r.carries_credentials());
  CHECK(r.body.kind == BodySpec::Kind::None);
}

TEST_CASE("request: the User-Agent names escurl and its version", "[request]") {
  const Request r = build_ok(options_for("https://h:9200/"));
  const std::string ua = only(r, "User-Agent").wire_value();
  CHECK(ua.starts_with("escurl/"));
  CHECK(ua == "escurl/" + std::string(escurl::kVersion));
  CHECK_FALSE(std::string(escurl::kVersion).empty());
}

TEST_CASE("request: credential headers for each scheme", "[request]") {
  const struct {
    const char* what;
    AuthHeader header;
    std::string wire;
    std::string shown;
  } cases[] = {
      {"Basic", escurl::basic_auth("rdeniro", Secret("taxidriver")),
       "Basic cmRlbmlybzp0YXhpZHJpdmVy", "Basic <redacted>"},
      {"ApiKey", AuthHeader{AuthScheme::ApiKey, Secret(kApiKeyEncoded)},
       std::string("ApiKey ") + kApiKeyEncoded, "ApiKey <redacted>"},
      {"Bearer", AuthHeader{AuthScheme::Bearer, Secret("eyJ.tok.sig")}, "Bearer eyJ.tok.sig",
       "Bearer <redacted>"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    SECTION(std::string("primary ") + c.what) {
      const Request r = build_ok(options_for("https://h:9200/"), with_primary(c.header));
      const HeaderField& h = only(r, "Authorization");
      CHECK(h.name == "Authorization");
      CHECK(h.is_secret());
      CHECK(h.wire_value() == c.wire);
      CHECK(h.display_value() == c.shown);
      CHECK(r.carries_credentials());
    }
    SECTION(std::string("secondary ") + c.what) {
      Credentials creds;
      creds.secondary = c.header;
      const Request r = build_ok(options_for("https://h:9200/"), creds);
      const HeaderField& h = only(r, "es-secondary-authorization");
      CHECK(h.name == "es-secondary-authorization");
      CHECK(h.is_secret());
      CHECK(h.wire_value() == c.wire);
      CHECK(h.display_value() == c.shown);
      CHECK(all_named(r, "Authorization").empty());
    }
  }
}

TEST_CASE("request: run-as and client-secret headers", "[request]") {
  Credentials c = with_primary(AuthHeader{AuthScheme::Bearer, Secret("eyJ.jwt.sig")});
  c.run_as = "rdeniro";
  c.client_secret = Secret("s3cr3t");
  const Request r = build_ok(options_for("https://h:9200/"), c);
  const HeaderField& run_as = only(r, "es-security-runas-user");
  CHECK(run_as.name == "es-security-runas-user");
  CHECK(run_as.wire_value() == "rdeniro");
  CHECK(run_as.display_value() == "rdeniro");
  const HeaderField& client = only(r, "ES-Client-Authentication");
  CHECK(client.name == "ES-Client-Authentication");
  CHECK(client.is_secret());
  CHECK(client.wire_value() == "SharedSecret s3cr3t");
  CHECK(client.display_value() == "SharedSecret <redacted>");
  CHECK(only(r, "Authorization").wire_value() == "Bearer eyJ.jwt.sig");
}

TEST_CASE("request: no header's display value contains a secret", "[request]") {
  Credentials c = with_primary(escurl::basic_auth("elastic", Secret("hunter2")), "elastic");
  c.secondary = AuthHeader{AuthScheme::ApiKey, Secret(kApiKeyEncoded)};
  c.client_secret = Secret("sharedsekrit");
  const Request r =
      build_ok(options_for("https://h:9200/",
                           {"Cookie: sid=cookiesekrit", "Proxy-Authorization: Basic cHJveHk6cHc="}),
               c);
  const std::string secrets[] = {"hunter2",      "ZWxhc3RpYzpodW50ZXIy", kApiKeyEncoded,
                                 "sharedsekrit", "cookiesekrit",         "cHJveHk6cHc="};
  int secret_headers = 0;
  for (const HeaderField& h : r.headers) {
    CAPTURE(h.name);
    const std::string shown = h.display_value();
    for (const std::string& s : secrets) CHECK_FALSE(contains(shown, s));
    if (h.is_secret()) {
      ++secret_headers;
      CHECK(contains(shown, "<redacted>"));
    }
  }
  CHECK(secret_headers == 5);
}

TEST_CASE("request: a Secret under a header name no rule knows still prints redacted",
          "[request]") {
  const HeaderField h{"X-Custom-Token", Secret("opaque-sekrit")};
  CHECK(h.is_secret());
  CHECK(h.wire_value() == "opaque-sekrit");
  CHECK(h.display_value() == "<redacted>");
  const HeaderField plain{"X-Opaque-Id", std::string("trace-1")};
  CHECK_FALSE(plain.is_secret());
  CHECK(plain.display_value() == "trace-1");
}

TEST_CASE("request: -H overrides and removes default headers", "[request]") {
  SECTION("override the User-Agent, any case") {
    const Request r = build_ok(options_for("https://h:9200/", {"user-agent: mine/1.0"}));
    CHECK(only(r, "User-Agent").wire_value() == "mine/1.0");
  }
  SECTION("'NAME:' removes a header") {
    const Request r = build_ok(options_for("https://h:9200/", {"Accept:"}));
    CHECK(all_named(r, "Accept").empty());
    CHECK(all_named(r, "User-Agent").size() == 1);
  }
  SECTION("'name:' removal is case-insensitive") {
    const Request r = build_ok(options_for("https://h:9200/", {"user-agent:"}));
    CHECK(all_named(r, "User-Agent").empty());
  }
  SECTION("a new header is added with its value, leading blanks dropped") {
    const Request r = build_ok(options_for("https://h:9200/", {"X-Opaque-Id:   \tjob-42"}));
    CHECK(only(r, "X-Opaque-Id").wire_value() == "job-42");
    CHECK_FALSE(only(r, "X-Opaque-Id").is_secret());
  }
  SECTION("'NAME;' sends an empty header, as in curl") {
    const Request r = build_ok(options_for("https://h:9200/", {"X-Empty;"}));
    CHECK(only(r, "X-Empty").wire_value().empty());
  }
  SECTION("override the default Content-Type") {
    const Request r = build_ok(
        with_inline_body(options_for("https://h:9200/idx/_doc", {"Content-Type: text/plain"})));
    CHECK(only(r, "Content-Type").wire_value() == "text/plain");
  }
  SECTION("remove the default Content-Type") {
    const Request r =
        build_ok(with_inline_body(options_for("https://h:9200/idx/_doc", {"Content-Type:"})));
    CHECK(all_named(r, "Content-Type").empty());
  }
  SECTION("a credential header given with -H is a Secret") {
    const Request r = build_ok(
        options_for("https://h:9200/", {"Authorization: ApiKey " + std::string(kApiKeyEncoded)}));
    const HeaderField& h = only(r, "Authorization");
    CHECK(h.is_secret());
    CHECK(h.wire_value() == std::string("ApiKey ") + kApiKeyEncoded);
    CHECK(h.display_value() == "ApiKey <redacted>");
    CHECK(r.carries_credentials());
  }
}

TEST_CASE("request: -H @FILE reads one header per line", "[request]") {
  TempDir dir;
  const std::string path = dir.file(
      "headers.txt", "X-A: 1\nX-B: two words\r\n\nAuthorization: Bearer filetoken\nAccept:\n");
  const Request r = build_ok(options_for("https://h:9200/", {"@" + path, "X-C: 3"}));
  CHECK(only(r, "X-A").wire_value() == "1");
  CHECK(only(r, "X-B").wire_value() == "two words");
  CHECK(only(r, "X-C").wire_value() == "3");
  const HeaderField& auth = only(r, "Authorization");
  CHECK(auth.is_secret());
  CHECK(auth.wire_value() == "Bearer filetoken");
  CHECK(auth.display_value() == "Bearer <redacted>");
  CHECK(all_named(r, "Accept").empty());
}

TEST_CASE("request: -H @- reads headers from standard input", "[request]") {
  StdinClaim claim;
  Env env = make_env("X-From-Stdin: yes\n");
  Result<Request> r =
      escurl::build_request(options_for("https://h:9200/", {"@-"}), Credentials{}, env, claim);
  REQUIRE(r);
  CHECK(only(*r, "X-From-Stdin").wire_value() == "yes");
  CHECK_FALSE(claim.claimed_by.empty());
}

TEST_CASE("request: -H @- and a body from @- both want stdin", "[request]") {
  Options o = options_for("https://h:9200/_bulk", {"@-"});
  o.method = "POST";
  o.body.kind = BodySpec::Kind::Stdin;
  o.body.flag = "--data";
  Result<Request> r = build(o, Credentials{}, make_env("X-A: 1\n"));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::Usage);
}

TEST_CASE("request: an unreadable -H file is a Usage error naming it", "[request]") {
  TempDir dir;
  const std::string path = dir.path() + "/missing-headers.txt";
  Result<Request> r = build(options_for("https://h:9200/", {"@" + path}));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::Usage);
  CHECK(contains(r.error().message, path));
}

TEST_CASE("request: -H Authorization conflicts with a credential flag", "[request]") {
  SECTION("-H Authorization with --api-key") {
    const Credentials c = with_primary(AuthHeader{AuthScheme::ApiKey, Secret(kApiKeyEncoded)});
    Result<Request> r = build(options_for("https://h:9200/", {"authorization: Bearer x"}), c);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "--api-key"));
  }
  SECTION("-H Authorization from a file with --user") {
    TempDir dir;
    const std::string path = dir.file("h", "Authorization: Bearer x\n");
    const Credentials c = with_primary(escurl::basic_auth("u", Secret("p")), "u");
    Result<Request> r = build(options_for("https://h:9200/", {"@" + path}), c);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
  }
  SECTION("-H es-secondary-authorization with a --secondary-* flag") {
    Credentials c;
    c.secondary = AuthHeader{AuthScheme::Bearer, Secret("t")};
    Result<Request> r =
        build(options_for("https://h:9200/", {"ES-Secondary-Authorization: Bearer y"}), c);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
  }
  SECTION("the error does not show either credential") {
    const Credentials c = with_primary(AuthHeader{AuthScheme::ApiKey, Secret(kApiKeyEncoded)});
    Result<Request> r = build(options_for("https://h:9200/", {"Authorization: Bearer hsekrit"}), c);
    REQUIRE_FALSE(r);
    CHECK_FALSE(contains(r.error().message, "hsekrit"));
    CHECK_FALSE(contains(r.error().message, kApiKeyEncoded));
  }
}

TEST_CASE("request: malformed -H arguments are Usage errors", "[request]") {
  const struct {
    const char* what;
    std::string arg;
  } cases[] = {
      {"no colon", "X-NoColon"},
      {"empty name", ": value"},
      {"space in the name", "X A: value"},
      {"a control character in the name", "X\x01A: value"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    Result<Request> r = build(options_for("https://h:9200/", {c.arg}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
  }
}

// The value of every header, -H or not, is judged by header_check before it is sent; the
// request carries where each came from so that the refusal can say it.
TEST_CASE("request: line breaks in -H values are refused by header_check, naming -H", "[request]") {
  const std::string args[] = {"X-A: one\r\nX-Injected: two", "X-A: one\nX-Injected: two",
                              "X-A: one\rtwo"};
  for (const std::string& arg : args) {
    CAPTURE(arg);
    const Request r = build_ok(options_for("https://h:9200/", {arg}));
    const Result<void> checked = escurl::check_request_head(r);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().code == Errc::Usage);
    CHECK(checked.error().message == "the X-A header from -H contains a line break (CR/LF)");
  }
}

TEST_CASE("request: a line break or NUL inside a header file line names the file and line",
          "[request]") {
  TempDir dir;
  const std::string path = dir.file("h", "X-Ok: fine\nX-A: one\rX-Injected: two\n");
  const Request r = build_ok(options_for("https://h:9200/", {"@" + path}));
  Result<void> checked = escurl::check_request_head(r);
  REQUIRE_FALSE(checked);
  CHECK(checked.error().message ==
        "the X-A header from -H @" + path + " line 2 contains a line break (CR/LF)");
  const std::string nul = dir.file("n", std::string("X-B: before\0after\n", 18));
  const Request with_nul = build_ok(options_for("https://h:9200/", {"@" + nul}));
  REQUIRE(only(with_nul, "X-B").wire_value() == std::string("before\0after", 12));
  checked = escurl::check_request_head(with_nul);
  REQUIRE_FALSE(checked);
  CHECK(checked.error().message ==
        "the X-B header from -H @" + nul + " line 1 contains a NUL byte");
  CHECK(checked.error().hints == std::vector<std::string>{"remove it from the file"});
}

TEST_CASE("request: each header records the flag it came from", "[request]") {
  Options o = options_for("https://h:9200/", {"X-Custom: 1"});
  o.opaque_id = "job-7";
  Credentials c = with_primary(AuthHeader{AuthScheme::Bearer, Secret("tok")});
  c.secondary = AuthHeader{AuthScheme::ApiKey, Secret("k")};
  c.run_as = "rdeniro";
  c.client_secret = Secret("s");
  const Request r = build_ok(o, c);
  CHECK(only(r, "Authorization").origin == "--bearer");
  CHECK(only(r, "es-secondary-authorization").origin == "--secondary-api-key");
  CHECK(only(r, "es-security-runas-user").origin == "--run-as");
  CHECK(only(r, "ES-Client-Authentication").origin == "--client-secret");
  CHECK(only(r, "X-Custom").origin == "-H");
  CHECK(only(r, "X-Opaque-Id").origin.starts_with("--opaque-id"));
  CHECK(only(r, "User-Agent").origin.empty());
}

TEST_CASE("request: a malformed credential -H does not echo its value", "[request]") {
  // A forgotten colon: the whole argument is taken as the header name and shown.
  const std::string args[] = {"Authorization Bearer sekrittoken",
                              "Authorization=ApiKey sekrittoken"};
  for (const std::string& arg : args) {
    CAPTURE(arg);
    Result<Request> r = build(options_for("https://h:9200/", {arg}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CAPTURE(r.error().message);
    CHECK_FALSE(contains(r.error().message, "sekrittoken"));
  }
}

TEST_CASE("request: is_ndjson_endpoint knows _bulk and _msearch", "[request]") {
  const struct {
    std::string target;
    bool ndjson;
  } cases[] = {
      {"/_bulk", true},
      {"_bulk", true},
      {"/idx/_bulk", true},
      {"idx/_bulk", true},
      {"/_bulk?refresh=wait_for", true},
      {"/idx/_bulk/", true},
      {"/_msearch", true},
      {"/idx/_msearch", true},
      {"/_msearch/template", true},
      {"/idx/_msearch/template", true},
      {"idx/_msearch/template?typed_keys", true},
      {"/_bulk_thing", false},
      {"/my_bulk", false},
      {"/idx/my_bulk", false},
      {"/_search", false},
      {"/_msearchx", false},
      {"/idx/_doc/1", false},
      {"/_search?q=_bulk", false},
      {"/", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.target);
    CHECK(escurl::is_ndjson_endpoint(c.target) == c.ndjson);
  }
}

TEST_CASE("request: the default Content-Type follows the endpoint", "[request]") {
  const struct {
    std::string url;
    std::string content_type;
  } cases[] = {
      {"https://h:9200/idx/_doc", "application/json"},
      {"https://h:9200/_search", "application/json"},
      {"https://h:9200/_bulk", "application/x-ndjson"},
      {"https://h:9200/idx/_bulk?refresh=true", "application/x-ndjson"},
      {"https://h:9200/_msearch", "application/x-ndjson"},
      {"https://h:9200/_msearch/template", "application/x-ndjson"},
      {"https://h:9200/idx/_msearch/template", "application/x-ndjson"},
      {"https://h:9200/_bulk_thing", "application/json"},
      {"https://h:9200/my_bulk", "application/json"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.url);
    const Request r = build_ok(with_inline_body(options_for(c.url)));
    CHECK(only(r, "Content-Type").wire_value() == c.content_type);
  }
}

TEST_CASE("request: credentials over plain http are refused unless allowed", "[request]") {
  const Credentials basic = with_primary(escurl::basic_auth("u", Secret("p")), "u");
  SECTION("refused with --user") {
    Result<Request> r = build(options_for("http://h:9200/"), basic);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "h:9200"));
    bool hint_names_flag = false;
    for (const std::string& h : r.error().hints)
      hint_names_flag |= contains(h, "--allow-insecure-http");
    CHECK(hint_names_flag);
  }
  SECTION("refused with a -H Authorization") {
    Result<Request> r = build(options_for("http://h:9200/", {"Authorization: Bearer t"}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
  }
  SECTION("refused with only a run-as user") {
    Credentials c;
    c.run_as = "bob";
    Result<Request> r = build(options_for("http://h:9200/"), c);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
  }
  SECTION("allowed with --allow-insecure-http") {
    Options o = options_for("http://h:9200/");
    o.allow_insecure_http = true;
    const Request r = build_ok(o, basic);
    CHECK(only(r, "Authorization").wire_value() == "Basic dTpw");
  }
  SECTION("plain http without credentials is fine") {
    const Request r = build_ok(options_for("http://h:9200/"));
    CHECK_FALSE(r.carries_credentials());
  }
  SECTION("https with credentials is fine") {
    const Request r = build_ok(options_for("https://h:9200/"), basic);
    CHECK(r.carries_credentials());
  }
}

TEST_CASE("request: body files must exist", "[request]") {
  TempDir dir;
  SECTION("a missing body file is a ReadBody error naming it") {
    Options o = options_for("https://h:9200/idx/_doc");
    o.method = "POST";
    o.body.kind = BodySpec::Kind::File;
    o.body.path = dir.path() + "/missing.json";
    o.body.flag = "--data";
    Result<Request> r = build(o);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::ReadBody);
    CHECK(contains(r.error().message, o.body.path));
  }
  SECTION("an existing body file is kept as a file source") {
    Options o = options_for("https://h:9200/_bulk");
    o.method = "POST";
    o.body.kind = BodySpec::Kind::File;
    o.body.path = dir.file("bulk.ndjson", "{\"index\":{}}\n{}\n");
    o.body.flag = "--data";
    const Request r = build_ok(o);
    CHECK(r.body.kind == BodySpec::Kind::File);
    CHECK(r.body.path == o.body.path);
    CHECK(only(r, "Content-Type").wire_value() == "application/x-ndjson");
  }
}

TEST_CASE("request: a body from stdin claims it", "[request]") {
  Options o = options_for("https://h:9200/_bulk");
  o.method = "POST";
  o.body.kind = BodySpec::Kind::Stdin;
  o.body.flag = "--data";
  SECTION("unclaimed: fine") {
    StdinClaim claim;
    Env env = make_env();
    Result<Request> r = escurl::build_request(o, Credentials{}, env, claim);
    REQUIRE(r);
    CHECK_FALSE(claim.claimed_by.empty());
  }
  SECTION("already claimed by --password @-: Usage error naming both") {
    StdinClaim claim;
    REQUIRE(static_cast<bool>(claim.claim("--password")));
    Env env = make_env();
    Result<Request> r = escurl::build_request(o, Credentials{}, env, claim);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "--password"));
    CHECK(contains(r.error().message, "--data"));
  }
}
