// SPDX-License-Identifier: MIT
// --offline and --curl renderings: the wire form with credentials "<redacted>" and the body or
// a note of its source; the curl command shell-quoted, with every credential an environment
// variable reference, TLS trust mapped and a fingerprint reported as having no equivalent.
// Marker secrets are placed in every credential header and must appear nowhere.
#include "request_preview.h"

#include <string>

#include "catch.h"
#include "scratch_dir.h"

using escurl::AuthHeader;
using escurl::AuthScheme;
using escurl::BodySpec;
using escurl::Credentials;
using escurl::HeaderField;
using escurl::Options;
using escurl::Request;
using escurl::Secret;

namespace {

constexpr const char* kMarkers[] = {"MARKER-PASSWORD", "MARKER-APIKEY", "MARKER-SECONDARY",
                                    "MARKER-SHARED",   "MARKER-COOKIE", "MARKER-CUSTOM"};

Request request_with_secrets() {
  Request r;
  r.method = "POST";
  r.url = *escurl::parse_url("https://user:MARKER-PASSWORD@es.example:9200/idx/_search?q=a b");
  r.headers = {{"User-Agent", std::string("escurl/test")},
               {"Authorization", Secret("Basic MARKER-PASSWORD")},
               {"es-secondary-authorization", Secret("ApiKey MARKER-SECONDARY")},
               {"ES-Client-Authentication", Secret("SharedSecret MARKER-SHARED")},
               {"Cookie", Secret("sid=MARKER-COOKIE")},
               {"X-Api-Token", Secret("MARKER-CUSTOM")},
               {"es-security-runas-user", std::string("rdeniro")}};
  r.body.kind = BodySpec::Kind::Inline;
  r.body.bytes = R"({"query":{"match":{"title":"it's"}}})";
  return r;
}

Credentials basic_credentials() {
  Credentials c;
  c.primary = AuthHeader{AuthScheme::Basic, Secret("MARKER-PASSWORD")};
  c.primary_user = "elastic";
  c.secondary = AuthHeader{AuthScheme::ApiKey, Secret("MARKER-SECONDARY")};
  c.client_secret = Secret("MARKER-SHARED");
  return c;
}

void check_no_marker(const std::string& text) {
  for (const char* m : kMarkers) {
    INFO(m);
    CHECK(text.find(m) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("request_preview: --offline shows the wire form, credentials redacted",
          "[request_preview]") {
  const std::string text = escurl::render_offline(request_with_secrets());
  check_no_marker(text);
  CHECK(text.starts_with("POST /idx/_search?q=a%20b HTTP/1.1\nHost: es.example:9200\n"));
  CHECK(text.find("Authorization: Basic <redacted>\n") != std::string::npos);
  CHECK(text.find("es-secondary-authorization: ApiKey <redacted>\n") != std::string::npos);
  CHECK(text.find("ES-Client-Authentication: SharedSecret <redacted>\n") != std::string::npos);
  CHECK(text.find("Cookie: <redacted>\n") != std::string::npos);
  CHECK(text.find("X-Api-Token: <redacted>\n") != std::string::npos);
  CHECK(text.find("es-security-runas-user: rdeniro\n") != std::string::npos);
  CHECK(text.find("Content-Length: 36\n") != std::string::npos);
  CHECK(text.ends_with("\n\n{\"query\":{\"match\":{\"title\":\"it's\"}}}\n"));
}

TEST_CASE("request_preview: --offline names a file or stdin body instead of reading it",
          "[request_preview]") {
  escurl::testing::ScratchDir dir("preview");
  Request r;
  r.method = "PUT";
  r.url = *escurl::parse_url("https://es:9200/_bulk");
  r.body.kind = BodySpec::Kind::File;
  r.body.path = dir.file("bulk.ndjson", "0123456789\n");
  CHECK(escurl::render_offline(r).ends_with(
      fmt::format("\n\n<body: the file '{}', 11 bytes, not shown>\n", r.body.path)));
  r.body.kind = BodySpec::Kind::Stdin;
  const std::string stdin_text = escurl::render_offline(r);
  CHECK(stdin_text.find("Transfer-Encoding: chunked\n") != std::string::npos);
  CHECK(stdin_text.ends_with("\n\n<body: standard input, not read>\n"));
  r.body.kind = BodySpec::Kind::Inline;
  r.body.bytes.assign(escurl::kOfflineBodyLimit + 1, 'x');
  CHECK(escurl::render_offline(r).ends_with(
      fmt::format("<body: {} bytes given inline, not shown>\n", escurl::kOfflineBodyLimit + 1)));
}

TEST_CASE("request_preview: --curl refers to environment variables for every credential",
          "[request_preview]") {
  Options o;
  o.tls.cacert = "/etc/es/ca dir/ca.pem";
  o.tls.pinned_pubkeys = {"AAAA", "BBBB"};
  o.fail = true;
  const escurl::CurlCommand cmd =
      escurl::render_curl(request_with_secrets(), o, basic_credentials());
  check_no_marker(cmd.command);
  for (const std::string& v : cmd.variables) check_no_marker(v);
  const std::string& c = cmd.command;
  CHECK(
      c.starts_with("curl -X POST --data-raw '{\"query\":{\"match\":{\"title\":\"it'\\''s\"}}}' "));
  CHECK(c.find(R"(-u "elastic:$ESCURL_PASSWORD")") != std::string::npos);
  CHECK(c.find(R"(-H "es-secondary-authorization: ApiKey $ESCURL_SECONDARY_AUTH")") !=
        std::string::npos);
  CHECK(c.find(R"(-H "ES-Client-Authentication: SharedSecret $ESCURL_CLIENT_SECRET")") !=
        std::string::npos);
  CHECK(c.find(R"(-H "Cookie: $ESCURL_COOKIE")") != std::string::npos);
  CHECK(c.find(R"(-H "X-Api-Token: $ESCURL_X_API_TOKEN")") != std::string::npos);
  CHECK(c.find("-H 'es-security-runas-user: rdeniro'") != std::string::npos);
  CHECK(c.find("--cacert '/etc/es/ca dir/ca.pem'") != std::string::npos);
  CHECK(c.find("--pinnedpubkey 'sha256//AAAA;sha256//BBBB'") != std::string::npos);
  CHECK(c.find("--fail-with-body") != std::string::npos);
  // The URL without its user information.
  CHECK(c.ends_with(" 'https://es.example:9200/idx/_search?q=a b'\n"));
  CHECK(cmd.variables.size() == 5);
  CHECK(cmd.warnings.empty());
}

TEST_CASE("request_preview: --curl for API keys and bearer tokens, and a fingerprint",
          "[request_preview]") {
  Request r;
  r.method = "GET";
  r.url = *escurl::parse_url("https://es:9200/");
  r.headers = {{"Authorization", Secret("ApiKey MARKER-APIKEY")}};
  Credentials c;
  c.primary = AuthHeader{AuthScheme::ApiKey, Secret("MARKER-APIKEY")};
  Options o;
  o.tls.ca_fingerprint = std::string(64, 'a');
  const escurl::CurlCommand api = escurl::render_curl(r, o, c);
  check_no_marker(api.command);
  CHECK(api.command.starts_with(R"(curl -H "Authorization: ApiKey $ESCURL_API_KEY")"));
  CHECK(api.command.find(" -X ") == std::string::npos);  // GET is curl's default
  REQUIRE(api.warnings.size() == 1);
  CHECK(api.warnings[0].find("--ca-fingerprint has no curl equivalent") != std::string::npos);
  r.headers = {{"Authorization", Secret("Bearer MARKER-APIKEY")}};
  c.primary = AuthHeader{AuthScheme::Bearer, Secret("MARKER-APIKEY")};
  const escurl::CurlCommand bearer = escurl::render_curl(r, Options{}, c);
  check_no_marker(bearer.command);
  CHECK(bearer.command.find(R"(-H "Authorization: Bearer $ESCURL_BEARER_TOKEN")") !=
        std::string::npos);
}

TEST_CASE("request_preview: shell_quote", "[request_preview]") {
  CHECK(escurl::shell_quote("plain/path-1.json") == "plain/path-1.json");
  CHECK(escurl::shell_quote("") == "''");
  CHECK(escurl::shell_quote("a b") == "'a b'");
  CHECK(escurl::shell_quote("$HOME") == "'$HOME'");
  CHECK(escurl::shell_quote("it's") == "'it'\\''s'");
}
