// SPDX-License-Identifier: MIT
// Credentials: the exact header bytes for Basic, ApiKey and Bearer, and resolve_credentials over
// every auth flag — splitting -u at the first colon, reading secret sources, prompting (or
// refusing without a terminal), URL user information, and the combinations that are Usage errors.
#include "credentials.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catch.h"
#include "scratch_dir.h"

using escurl::AuthHeader;
using escurl::AuthScheme;
using escurl::Credentials;
using escurl::Env;
using escurl::Errc;
using escurl::RawOptions;
using escurl::Result;
using escurl::Secret;
using escurl::StdinClaim;
using escurl::Url;

namespace {

constexpr const char* kApiKeyId = "VuaCfGcBCdbkQm-e5aOx";
constexpr const char* kApiKeySecret = "ui2lp2axTNmsyakw9tvNnw";
constexpr const char* kApiKeyEncoded =
    "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("credentials") {}
};

// What the hand-built Env saw.
struct Seen {
  int prompts = 0;
  std::string last_prompt;
  int stdin_reads = 0;
};

// An Env whose prompt answers `answer` (or fails as without a terminal when nullopt).
Env make_env(std::shared_ptr<Seen> seen, std::optional<std::string> answer = std::nullopt,
             std::map<std::string, std::string> vars = {}, std::string stdin_text = "") {
  Env env;
  env.vars = std::move(vars);
  env.read_stdin = [seen, stdin_text]() -> Result<std::string> {
    ++seen->stdin_reads;
    return stdin_text;
  };
  env.prompt_secret = [seen, answer](std::string_view prompt) -> Result<Secret> {
    ++seen->prompts;
    seen->last_prompt = std::string(prompt);
    if (!answer) return escurl::make_error(Errc::Usage, "no terminal to prompt on");
    return Secret(*answer);
  };
  return env;
}

Url url_of(std::string_view text) {
  Result<Url> u = escurl::parse_url(text);
  REQUIRE(u);
  return std::move(u).value();
}

const Url& plain_url() {
  static const Url u = url_of("https://localhost:9200/");
  return u;
}

Result<Credentials> resolve(const RawOptions& raw, Env& env, const Url& url = plain_url()) {
  StdinClaim claim;
  return escurl::resolve_credentials(raw, url, env, claim);
}

std::string header_of(const std::optional<AuthHeader>& h) {
  REQUIRE(h.has_value());
  return h->header_value().reveal();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("credentials: scheme names", "[credentials]") {
  CHECK(escurl::scheme_name(AuthScheme::Basic) == "Basic");
  CHECK(escurl::scheme_name(AuthScheme::ApiKey) == "ApiKey");
  CHECK(escurl::scheme_name(AuthScheme::Bearer) == "Bearer");
}

TEST_CASE("credentials: basic_auth encodes user:password as Elastic's clients do",
          "[credentials]") {
  const struct {
    std::string user;
    std::string password;
    std::string header;
  } cases[] = {
      {"rdeniro", "taxidriver", "Basic cmRlbmlybzp0YXhpZHJpdmVy"},
      {"elastic", "a:b:c", "Basic ZWxhc3RpYzphOmI6Yw=="},                // colons kept
      {"j\xc3\xb6hn", "p\xc3\xa4ssword", "Basic asO2aG46cMOkc3N3b3Jk"},  // UTF-8 bytes
      {"elastic", "changeme", "Basic ZWxhc3RpYzpjaGFuZ2VtZQ=="},
  };
  for (const auto& c : cases) {
    CAPTURE(c.user);
    const AuthHeader h = escurl::basic_auth(c.user, Secret(c.password));
    CHECK(h.scheme == AuthScheme::Basic);
    CHECK(h.header_value().reveal() == c.header);
    CHECK(h.token.reveal() == c.header.substr(6));
  }
}

TEST_CASE("credentials: api_key_auth accepts every form of an API key", "[credentials]") {
  const std::string expected = std::string("ApiKey ") + kApiKeyEncoded;
  const struct {
    const char* what;
    std::string input;
    std::string header;
  } cases[] = {
      {"ID:KEY", std::string(kApiKeyId) + ":" + kApiKeySecret, expected},
      {"the encoded key, passed through", kApiKeyEncoded, expected},
      {"the create-API-key JSON",
       std::string(R"({"id":")") + kApiKeyId + R"(","name":"my-api-key","api_key":")" +
           kApiKeySecret + R"(","encoded":")" + kApiKeyEncoded + R"("})",
       expected},
      {"pretty-printed JSON",
       std::string("{\n  \"id\" : \"") + kApiKeyId + "\",\n  \"api_key\" : \"" + kApiKeySecret +
           "\",\n  \"encoded\" : \"" + kApiKeyEncoded + "\"\n}",
       expected},
      {"JSON with id and api_key only",
       std::string(R"({"id":")") + kApiKeyId + R"(","api_key":")" + kApiKeySecret + R"("})",
       expected},
      {"JSON: encoded wins over id and api_key",
       R"({"id":"other","api_key":"other","encoded":"aWQxOmtleTE="})", "ApiKey aWQxOmtleTE="},
      {"ID:KEY with a colon in the key, split by the server at the first", "id1:key:1",
       "ApiKey aWQxOmtleTox"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    Result<AuthHeader> h = escurl::api_key_auth(Secret(c.input), "--api-key");
    REQUIRE(h);
    CHECK(h->scheme == AuthScheme::ApiKey);
    CHECK(h->header_value().reveal() == c.header);
  }
}

TEST_CASE("credentials: api_key_auth rejects garbage without echoing it", "[credentials]") {
  const struct {
    const char* what;
    std::string input;
  } cases[] = {
      {"not base64", "not-a-key!!sekrit"},
      {"URL-safe base64", "VnVhQ2ZH_sekrit-"},
      {"broken JSON", R"({"id":"sekrit")"},
      {"JSON without the fields", R"({"name":"sekrit"})"},
      {"JSON with a non-string encoded", R"({"encoded":42,"name":"sekrit"})"},
      {"empty", ""},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    Result<AuthHeader> h = escurl::api_key_auth(Secret(c.input), "--secondary-api-key");
    REQUIRE_FALSE(h);
    CHECK(h.error().code == Errc::Usage);
    CHECK(contains(h.error().message, "--secondary-api-key"));
    CHECK_FALSE(contains(h.error().message, "sekrit"));
    for (const std::string& hint : h.error().hints) CHECK_FALSE(contains(hint, "sekrit"));
  }
}

TEST_CASE("credentials: bearer_auth passes the token through", "[credentials]") {
  SECTION("a token") {
    Result<AuthHeader> h = escurl::bearer_auth(Secret("eyJhbGciOi.x.y"), "--bearer");
    REQUIRE(h);
    CHECK(h->scheme == AuthScheme::Bearer);
    CHECK(h->token.reveal() == "eyJhbGciOi.x.y");
    CHECK(h->header_value().reveal() == "Bearer eyJhbGciOi.x.y");
  }
  SECTION("empty is a Usage error naming the flag") {
    Result<AuthHeader> h = escurl::bearer_auth(Secret(""), "--secondary-bearer");
    REQUIRE_FALSE(h);
    CHECK(h.error().code == Errc::Usage);
    CHECK(contains(h.error().message, "--secondary-bearer"));
  }
}

TEST_CASE("credentials: no auth flag and no URL user means no credentials", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  Env env = make_env(seen, "unused");
  Result<Credentials> c = resolve(RawOptions{}, env);
  REQUIRE(c);
  CHECK_FALSE(c->any());
  CHECK_FALSE(c->primary.has_value());
  CHECK(c->primary_user.empty());
  CHECK(seen->prompts == 0);
}

TEST_CASE("credentials: -u USER:PASS splits at the first colon", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  Env env = make_env(seen, "unused");
  RawOptions raw;
  raw.user = "elastic:pa:ss";
  Result<Credentials> c = resolve(raw, env);
  REQUIRE(c);
  CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpwYTpzcw==");
  CHECK(c->primary->scheme == AuthScheme::Basic);
  CHECK(c->primary_user == "elastic");
  CHECK(c->any());
  CHECK(seen->prompts == 0);
}

TEST_CASE("credentials: --password reads its source", "[credentials]") {
  TempDir dir;
  auto seen = std::make_shared<Seen>();
  SECTION("@file, one newline trimmed") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.user = "elastic";
    raw.password = "@" + dir.file("pw", "changeme\n");
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
  }
  SECTION("env:NAME") {
    Env env = make_env(seen, "unused", {{"ES_PW", "pw@env"}});
    RawOptions raw;
    raw.user = "elastic";
    raw.password = "env:ES_PW";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpwd0BlbnY=");
  }
  SECTION("@-") {
    Env env = make_env(seen, "unused", {}, "changeme\n");
    RawOptions raw;
    raw.user = "elastic";
    raw.password = "@-";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
    CHECK(seen->stdin_reads == 1);
  }
  CHECK(seen->prompts == 0);
}

TEST_CASE("credentials: a missing password is asked for on the terminal", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  Env env = make_env(seen, "fromtty");
  RawOptions raw;
  raw.user = "elastic";
  Result<Credentials> c = resolve(raw, env);
  REQUIRE(c);
  CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpmcm9tdHR5");
  CHECK(c->primary_user == "elastic");
  CHECK(seen->prompts == 1);
  CHECK(contains(seen->last_prompt, "elastic"));
}

TEST_CASE("credentials: without a terminal a missing password is a Usage error", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  Env env = make_env(seen, std::nullopt);
  RawOptions raw;
  raw.user = "elastic";
  Result<Credentials> c = resolve(raw, env);
  REQUIRE_FALSE(c);
  CHECK(c.error().code == Errc::Usage);
  CHECK(contains(c.error().message, "no terminal"));
  CHECK(contains(c.error().message, "elastic"));
  CHECK(seen->prompts == 1);
  bool hint_names_password = false;
  for (const std::string& h : c.error().hints) hint_names_password |= contains(h, "--password");
  CHECK(hint_names_password);
}

TEST_CASE("credentials: combinations that are Usage errors", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  Env env = make_env(seen, "unused");
  const struct {
    const char* what;
    RawOptions raw;
    std::vector<std::string> named;
  } cases[] = {
      {"--user and --api-key",
       {.user = "elastic:pw", .api_key = kApiKeyEncoded},
       {"--user", "--api-key"}},
      {"--api-key and --bearer",
       {.api_key = kApiKeyEncoded, .bearer = "tok"},
       {"--api-key", "--bearer"}},
      {"--user and --bearer", {.user = "u:p", .bearer = "tok"}, {"--user", "--bearer"}},
      {"--secondary-user and --secondary-bearer",
       {.secondary_user = "k:p", .secondary_bearer = "tok"},
       {"--secondary-user", "--secondary-bearer"}},
      {"--secondary-api-key and --secondary-bearer",
       {.secondary_api_key = kApiKeyEncoded, .secondary_bearer = "tok"},
       {"--secondary-api-key", "--secondary-bearer"}},
      {"--password without --user", {.password = "pw"}, {"--password"}},
      {"--secondary-password without --secondary-user",
       {.secondary_password = "pw"},
       {"--secondary-password"}},
      {"a password in -u and --password",
       {.user = "elastic:pw", .password = "pw2"},
       {"--password"}},
      {"an empty user name", {.user = ":pw"}, {"--user"}},
      {"an empty --run-as", {.run_as = ""}, {"--run-as"}},
      {"an empty --client-secret", {.client_secret = ""}, {"--client-secret"}},
      {"an empty --bearer", {.bearer = ""}, {"--bearer"}},
      {"an invalid --api-key", {.api_key = "not a key"}, {"--api-key"}},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    Result<Credentials> r = resolve(c.raw, env);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    for (const std::string& flag : c.named) {
      CAPTURE(flag, r.error().message);
      CHECK(contains(r.error().message, flag));
    }
  }
  CHECK(seen->prompts == 0);
}

TEST_CASE("credentials: --api-key and --bearer read their sources", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  SECTION("--api-key env:NAME with ID:KEY") {
    Env env =
        make_env(seen, "unused", {{"ES_API_KEY", std::string(kApiKeyId) + ":" + kApiKeySecret}});
    RawOptions raw;
    raw.api_key = "env:ES_API_KEY";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->primary) == std::string("ApiKey ") + kApiKeyEncoded);
    CHECK(c->primary_user.empty());
  }
  SECTION("--api-key @- with the JSON") {
    Env env = make_env(
        seen, "unused", {},
        std::string(R"({"id":")") + kApiKeyId + R"(","api_key":")" + kApiKeySecret + "\"}\n");
    RawOptions raw;
    raw.api_key = "@-";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->primary) == std::string("ApiKey ") + kApiKeyEncoded);
  }
  SECTION("--bearer literal") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.bearer = "AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTo3TFdaSDZ";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Bearer AAEAAWVsYXN0aWMvZmxlZXQtc2VydmVyL3Rva2VuMTo3TFdaSDZ");
  }
  CHECK(seen->prompts == 0);
}

TEST_CASE("credentials: secondary authorization for every scheme", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  SECTION("--secondary-user USER:PASS is Basic") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.secondary_user = "kibana_system:k1b4n4";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK_FALSE(c->primary.has_value());
    CHECK(header_of(c->secondary) == "Basic a2liYW5hX3N5c3RlbTprMWI0bjQ=");
    CHECK(c->secondary->scheme == AuthScheme::Basic);
    CHECK(c->any());
  }
  SECTION("--secondary-user with --secondary-password") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.secondary_user = "kibana_system";
    raw.secondary_password = "k1b4n4";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->secondary) == "Basic a2liYW5hX3N5c3RlbTprMWI0bjQ=");
  }
  SECTION("--secondary-user prompts for a missing password") {
    Env env = make_env(seen, "k1b4n4");
    RawOptions raw;
    raw.secondary_user = "kibana_system";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->secondary) == "Basic a2liYW5hX3N5c3RlbTprMWI0bjQ=");
    CHECK(seen->prompts == 1);
    CHECK(contains(seen->last_prompt, "kibana_system"));
  }
  SECTION("--secondary-api-key") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.secondary_api_key = kApiKeyEncoded;
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->secondary) == std::string("ApiKey ") + kApiKeyEncoded);
  }
  SECTION("--secondary-bearer") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.secondary_bearer = "tok";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->secondary) == "Bearer tok");
  }
  SECTION("primary and secondary together") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.user = "elastic:changeme";
    raw.secondary_api_key = kApiKeyEncoded;
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
    CHECK(header_of(c->secondary) == std::string("ApiKey ") + kApiKeyEncoded);
    CHECK(c->primary_user == "elastic");
  }
}

TEST_CASE("credentials: run-as and client secret", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  SECTION("--run-as") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.user = "admin:pw";
    raw.run_as = "rdeniro";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(c->run_as == std::optional<std::string>("rdeniro"));
  }
  SECTION("--run-as alone still counts as a credential") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.run_as = "rdeniro";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    CHECK(c->any());
  }
  SECTION("--client-secret from the environment") {
    Env env = make_env(seen, "unused", {{"JWT_SECRET", "s3cr3t"}});
    RawOptions raw;
    raw.bearer = "eyJ.jwt.sig";
    raw.client_secret = "env:JWT_SECRET";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE(c);
    REQUIRE(c->client_secret.has_value());
    CHECK(c->client_secret->reveal() == "s3cr3t");
    CHECK(header_of(c->primary) == "Bearer eyJ.jwt.sig");
  }
}

TEST_CASE("credentials: the URL's user information counts as --user", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  SECTION("user and password in the URL") {
    Env env = make_env(seen, "unused");
    Result<Credentials> c = resolve(RawOptions{}, env, url_of("https://elastic:changeme@h:9200"));
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
    CHECK(c->primary_user == "elastic");
    CHECK(seen->prompts == 0);
  }
  SECTION("a percent-encoded password") {
    Env env = make_env(seen, "unused");
    Result<Credentials> c = resolve(RawOptions{}, env, url_of("https://elastic:pa%3Ass@h:9200"));
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpwYTpzcw==");
  }
  SECTION("user in the URL, password from --password") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.password = "changeme";
    Result<Credentials> c = resolve(raw, env, url_of("https://elastic@h:9200"));
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
    CHECK(seen->prompts == 0);
  }
  SECTION("user in the URL, password prompted") {
    Env env = make_env(seen, "fromtty");
    Result<Credentials> c = resolve(RawOptions{}, env, url_of("https://elastic@h:9200"));
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpmcm9tdHR5");
    CHECK(seen->prompts == 1);
  }
  SECTION("--user wins over the URL") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.user = "elastic:changeme";
    Result<Credentials> c = resolve(raw, env, url_of("https://other:pw@h:9200"));
    REQUIRE(c);
    CHECK(header_of(c->primary) == "Basic ZWxhc3RpYzpjaGFuZ2VtZQ==");
    CHECK(c->primary_user == "elastic");
  }
  SECTION("--api-key wins over the URL") {
    Env env = make_env(seen, "unused");
    RawOptions raw;
    raw.api_key = kApiKeyEncoded;
    Result<Credentials> c = resolve(raw, env, url_of("https://other:pw@h:9200"));
    REQUIRE(c);
    CHECK(header_of(c->primary) == std::string("ApiKey ") + kApiKeyEncoded);
  }
}

TEST_CASE("credentials: two @- sources are a Usage error naming both flags", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  Env env = make_env(seen, "unused", {}, "x\n");
  RawOptions raw;
  raw.user = "elastic";
  raw.password = "@-";
  raw.client_secret = "@-";
  Result<Credentials> c = resolve(raw, env);
  REQUIRE_FALSE(c);
  CHECK(c.error().code == Errc::Usage);
  CHECK(contains(c.error().message, "--password"));
  CHECK(contains(c.error().message, "--client-secret"));
  CHECK(seen->stdin_reads == 1);
}

TEST_CASE("credentials: error messages never contain a secret", "[credentials]") {
  auto seen = std::make_shared<Seen>();
  Env env = make_env(seen, std::nullopt, {{"KEY", "garbage!sekrit"}});
  SECTION("an invalid API key from the environment") {
    RawOptions raw;
    raw.api_key = "env:KEY";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE_FALSE(c);
    CHECK_FALSE(contains(c.error().message, "sekrit"));
  }
  SECTION("a password given twice") {
    RawOptions raw;
    raw.user = "elastic:sekrit1";
    raw.password = "sekrit2";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE_FALSE(c);
    CHECK_FALSE(contains(c.error().message, "sekrit"));
  }
  SECTION("two primary schemes") {
    RawOptions raw;
    raw.user = "elastic:sekrit1";
    raw.bearer = "sekrit2";
    Result<Credentials> c = resolve(raw, env);
    REQUIRE_FALSE(c);
    CHECK_FALSE(contains(c.error().message, "sekrit"));
  }
}
