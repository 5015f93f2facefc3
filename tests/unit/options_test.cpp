// SPDX-License-Identifier: MIT
// Options: the Console form (METHOD PATH [BODY]) and the curl form (URL, -X, -d), the cluster
// URL's precedence (--url, ELASTICSEARCH_URL, ES_URL, https://localhost:9200), and the
// combinations that are Usage errors.
#include "options.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catch.h"

using escurl::BodySpec;
using escurl::DataArg;
using escurl::DataKind;
using escurl::Env;
using escurl::Errc;
using escurl::Options;
using escurl::RawOptions;
using escurl::Result;
using Args = std::vector<std::string>;

namespace {

RawOptions raw_with(Args positionals) {
  RawOptions raw;
  raw.positionals = std::move(positionals);
  return raw;
}

Env env_with(std::map<std::string, std::string> vars = {}) {
  Env env;
  env.vars = std::move(vars);
  return env;
}

Options resolve_ok(const RawOptions& raw, const Env& env = Env{}) {
  Result<Options> r = escurl::resolve_options(raw, env);
  if (!r) FAIL("resolve_options failed: " << r.error().message);
  return std::move(r).value();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("options: is_method_word knows the Console methods in any case", "[options]") {
  const struct {
    std::string word;
    bool method;
  } cases[] = {
      {"GET", true},    {"get", true},        {"Get", true},   {"HEAD", true}, {"head", true},
      {"POST", true},   {"post", true},       {"PUT", true},   {"put", true},  {"DELETE", true},
      {"delete", true}, {"PATCH", true},      {"GETS", false}, {"GE", false},  {"", false},
      {"_cat", false},  {"https://h", false}, {"idx", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.word);
    CHECK(escurl::is_method_word(c.word) == c.method);
  }
}

TEST_CASE("options: the Console form takes METHOD PATH against the cluster URL", "[options]") {
  const struct {
    Args positionals;
    std::string method;
    std::string display;
  } cases[] = {
      {{"GET", "_cat/indices?v"}, "GET", "https://localhost:9200/_cat/indices?v"},
      {{"get", "_cat/indices?v"}, "GET", "https://localhost:9200/_cat/indices?v"},
      {{"GET", "/_cluster/health"}, "GET", "https://localhost:9200/_cluster/health"},
      {{"put", "my-index"}, "PUT", "https://localhost:9200/my-index"},
      {{"Delete", "/my-index"}, "DELETE", "https://localhost:9200/my-index"},
      {{"head", "idx"}, "HEAD", "https://localhost:9200/idx"},
      {{"GET", "https://other:9201/x?pretty"}, "GET", "https://other:9201/x?pretty"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.positionals);
    const Options o = resolve_ok(raw_with(c.positionals));
    CHECK(o.method == c.method);
    CHECK(o.url.display() == c.display);
    CHECK(o.body.kind == BodySpec::Kind::None);
  }
}

TEST_CASE("options: the Console form's BODY is inline, @file or @-", "[options]") {
  SECTION("inline") {
    const Options o = resolve_ok(raw_with({"PUT", "idx", R"({"settings":{}})"}));
    CHECK(o.method == "PUT");
    CHECK(o.body.kind == BodySpec::Kind::Inline);
    CHECK(o.body.bytes == R"({"settings":{}})");
    CHECK_FALSE(o.body.flag.empty());
  }
  SECTION("@file") {
    const Options o = resolve_ok(raw_with({"post", "idx/_bulk", "@/tmp/bulk.ndjson"}));
    CHECK(o.method == "POST");
    CHECK(o.body.kind == BodySpec::Kind::File);
    CHECK(o.body.path == "/tmp/bulk.ndjson");
    CHECK(o.url.target == "/idx/_bulk");
  }
  SECTION("@-") {
    const Options o = resolve_ok(raw_with({"POST", "_bulk", "@-"}));
    CHECK(o.body.kind == BodySpec::Kind::Stdin);
  }
}

TEST_CASE("options: the curl form takes a URL, GET by default and POST with a body", "[options]") {
  SECTION("GET by default") {
    const Options o = resolve_ok(raw_with({"https://es.example:9200/idx/_search?q=x"}));
    CHECK(o.method == "GET");
    CHECK(o.url.host == "es.example");
    CHECK(o.url.port == 9200);
    CHECK(o.url.target == "/idx/_search?q=x");
  }
  SECTION("-X put is upper-cased") {
    RawOptions raw = raw_with({"https://h:9200/idx"});
    raw.method = "put";
    CHECK(resolve_ok(raw).method == "PUT");
  }
  SECTION("POST when a body is given") {
    RawOptions raw = raw_with({"https://h:9200/idx/_doc"});
    raw.data.push_back(DataArg{DataKind::Data, R"({"a":1})", "--data"});
    const Options o = resolve_ok(raw);
    CHECK(o.method == "POST");
    CHECK(o.body.kind == BodySpec::Kind::Inline);
    CHECK(o.body.bytes == R"({"a":1})");
    CHECK(o.body.flag == "--data");
  }
  SECTION("-X wins over the body's POST") {
    RawOptions raw = raw_with({"https://h:9200/idx/_doc/1"});
    raw.method = "PUT";
    raw.data.push_back(DataArg{DataKind::Data, "{}", "--data"});
    CHECK(resolve_ok(raw).method == "PUT");
  }
  SECTION("a URL without a scheme is https") {
    const Options o = resolve_ok(raw_with({"localhost:9200/x"}));
    CHECK(o.url.scheme == "https");
    CHECK(o.url.host == "localhost");
    CHECK(o.url.target == "/x");
  }
}

TEST_CASE("options: -d kinds become body sources", "[options]") {
  const struct {
    DataArg arg;
    BodySpec::Kind kind;
    std::string bytes;
    std::string path;
  } cases[] = {
      {{DataKind::Data, "@body.json", "--data"}, BodySpec::Kind::File, "", "body.json"},
      {{DataKind::Data, "@-", "--data-binary"}, BodySpec::Kind::Stdin, "", ""},
      {{DataKind::Data, "plain", "--data"}, BodySpec::Kind::Inline, "plain", ""},
      {{DataKind::Raw, "@body.json", "--data-raw"}, BodySpec::Kind::Inline, "@body.json", ""},
      {{DataKind::Raw, "@-", "--data-raw"}, BodySpec::Kind::Inline, "@-", ""},
      {{DataKind::Data, "", "--data"}, BodySpec::Kind::Inline, "", ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.arg.value, c.arg.flag);
    RawOptions raw = raw_with({"https://h:9200/x"});
    raw.data.push_back(c.arg);
    const Options o = resolve_ok(raw);
    CHECK(o.body.kind == c.kind);
    CHECK(o.body.bytes == c.bytes);
    CHECK(o.body.path == c.path);
    CHECK(o.body.flag == c.arg.flag);
  }
}

TEST_CASE("options: curl-form paths starting with _ or / resolve against the cluster URL",
          "[options]") {
  const struct {
    std::string arg;
    std::map<std::string, std::string> vars;
    std::string display;
  } cases[] = {
      {"_cat/indices", {}, "https://localhost:9200/_cat/indices"},
      {"/idx", {}, "https://localhost:9200/idx"},
      {"_cat/indices?v",
       {{"ELASTICSEARCH_URL", "https://es:9201/pre/"}},
       "https://es:9201/pre/_cat/indices?v"},
      {"/idx/_doc/1", {{"ES_URL", "http://plain:9200"}}, "http://plain:9200/idx/_doc/1"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.arg);
    const Options o = resolve_ok(raw_with({c.arg}), env_with(c.vars));
    CHECK(o.method == "GET");
    CHECK(o.url.display() == c.display);
  }
}

TEST_CASE("options: cluster URL precedence is --url, ELASTICSEARCH_URL, ES_URL, default",
          "[options]") {
  const struct {
    const char* what;
    Args urls;
    std::map<std::string, std::string> vars;
    std::string origin;
  } cases[] = {
      {"--url wins",
       {"https://flag:1"},
       {{"ELASTICSEARCH_URL", "https://esurl:2"}, {"ES_URL", "https://short:3"}},
       "https://flag:1"},
      {"ELASTICSEARCH_URL over ES_URL",
       {},
       {{"ELASTICSEARCH_URL", "https://esurl:2"}, {"ES_URL", "https://short:3"}},
       "https://esurl:2"},
      {"ES_URL alone", {}, {{"ES_URL", "https://short:3"}}, "https://short:3"},
      {"empty ELASTICSEARCH_URL is skipped",
       {},
       {{"ELASTICSEARCH_URL", ""}, {"ES_URL", "https://short:3"}},
       "https://short:3"},
      {"default", {}, {}, "https://localhost:9200"},
      {"default when both are empty",
       {},
       {{"ELASTICSEARCH_URL", ""}, {"ES_URL", ""}},
       "https://localhost:9200"},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    RawOptions raw = raw_with({"GET", "_cluster/health"});
    raw.urls = c.urls;
    const Options o = resolve_ok(raw, env_with(c.vars));
    CHECK(o.url.origin() == c.origin);
    CHECK(o.url.target == "/_cluster/health");
  }
}

TEST_CASE("options: default cluster URL constant", "[options]") {
  CHECK(std::string(escurl::kDefaultClusterUrl) == "https://localhost:9200");
}

TEST_CASE("options: a bad cluster URL from the environment names the variable", "[options]") {
  Result<Options> r =
      escurl::resolve_options(raw_with({"GET", "/"}), env_with({{"ELASTICSEARCH_URL", "ftp://h"}}));
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::BadUrl);
  CHECK(contains(r.error().message, "ELASTICSEARCH_URL"));
}

TEST_CASE("options: a bad URL argument is a BadUrl error", "[options]") {
  SECTION("curl form") {
    Result<Options> r = escurl::resolve_options(raw_with({"https://h:99999/x"}), Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::BadUrl);
  }
  SECTION("--url") {
    RawOptions raw = raw_with({"GET", "/"});
    raw.urls = {"https://:9200"};
    Result<Options> r = escurl::resolve_options(raw, Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::BadUrl);
  }
}

TEST_CASE("options: '://' inside a Console path's query is not a scheme", "[options]") {
  const Options o = resolve_ok(raw_with({"GET", R"(idx/_search?q=link:"https://x")"}));
  CHECK(o.cluster_path == R"(/idx/_search?q=link:"https://x")");
  CHECK(o.url.display() == R"(https://localhost:9200/idx/_search?q=link:"https://x")");
  const Options absolute = resolve_ok(raw_with({"GET", "http://h:9200/_search?q=a:b"}));
  CHECK_FALSE(absolute.cluster_path);
  CHECK(absolute.url.display() == "http://h:9200/_search?q=a:b");
}

TEST_CASE("options: a URL list cut inside a password shows no part of it", "[options]") {
  const std::string lists[] = {
      "https://elastic:Kq,Vw9secret@h:9200",     // "https://elastic:Kq" does not parse
      "https://elastic:4471,8823secret@h:9200",  // both halves parse on their own
      "https://h1:9200,https://elastic:Kq,Vw9secret@h2:9200",
      "elastic:4471,8823secret@h:9200",
  };
  for (const std::string& list : lists) {
    CAPTURE(list);
    RawOptions raw = raw_with({"GET", "/"});
    raw.urls = {list};
    Result<Options> r = escurl::resolve_options(raw, Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::BadUrl);
    CAPTURE(r.error().message);
    for (const char* part : {"Kq", "Vw9secret", "4471", "8823secret"}) {
      CHECK_FALSE(contains(r.error().message, part));
      for (const std::string& h : r.error().hints) CHECK_FALSE(contains(h, part));
    }
    CHECK(contains(r.error().hints.at(0), "%2C"));
  }
  SECTION("lists of URLs with user information each still work") {
    RawOptions raw = raw_with({"GET", "/"});
    raw.urls = {"https://u:p@h1:9200,https://u:p@h2:9200"};
    CHECK(resolve_ok(raw).nodes.size() == 2);
    raw.urls = {"u:p@h1:9200,u:p@h2:9200"};
    CHECK(resolve_ok(raw).nodes.size() == 2);
  }
}

TEST_CASE("options: conflicting or missing arguments are Usage errors", "[options]") {
  SECTION("no positionals") {
    Result<Options> r = escurl::resolve_options(RawOptions{}, Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK_FALSE(r.error().hints.empty());
  }
  SECTION("-X with the Console form") {
    RawOptions raw = raw_with({"GET", "_cat/indices"});
    raw.method = "PUT";
    Result<Options> r = escurl::resolve_options(raw, Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "-X"));
  }
  SECTION("a Console BODY and -d") {
    RawOptions raw = raw_with({"PUT", "idx", "{}"});
    raw.data.push_back(DataArg{DataKind::Data, "{}", "--data"});
    Result<Options> r = escurl::resolve_options(raw, Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "--data"));
  }
  SECTION("two -d") {
    RawOptions raw = raw_with({"https://h:9200/idx/_doc"});
    raw.data.push_back(DataArg{DataKind::Data, "{}", "--data"});
    raw.data.push_back(DataArg{DataKind::Raw, "{}", "--data-raw"});
    Result<Options> r = escurl::resolve_options(raw, Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "--data"));
    CHECK(contains(r.error().message, "--data-raw"));
  }
  SECTION("two curl-form URLs") {
    Result<Options> r =
        escurl::resolve_options(raw_with({"https://a:9200/x", "https://b:9200/y"}), Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "https://b:9200/y"));
  }
  SECTION("a fourth Console word") {
    Result<Options> r = escurl::resolve_options(raw_with({"PUT", "idx", "{}", "extra"}), Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "extra"));
  }
  SECTION("an empty -X") {
    RawOptions raw = raw_with({"https://h:9200/x"});
    raw.method = "";
    Result<Options> r = escurl::resolve_options(raw, Env{});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
  }
}

TEST_CASE("options: settings are copied from the raw options", "[options]") {
  RawOptions raw = raw_with({"GET", "/"});
  raw.headers = {"A: 1", "B: 2"};
  raw.cacert = "ca.pem";
  raw.insecure = true;
  raw.allow_insecure_http = true;
  raw.connect_timeout = 2.5;
  raw.max_time = 30;
  raw.read_timeout = 60;
  raw.include = true;
  raw.verbose = true;
  raw.silent = true;
  raw.show_error = true;
  raw.fail = false;
  raw.output = "out.json";
  const Options o = resolve_ok(raw);
  CHECK(o.header_args == Args{"A: 1", "B: 2"});
  CHECK(o.tls.cacert == std::optional<std::string>("ca.pem"));
  CHECK(o.tls.insecure);
  CHECK(o.allow_insecure_http);
  CHECK(o.connect_timeout == 2.5);
  CHECK(o.max_time == std::optional<double>(30));
  CHECK(o.read_timeout == 60);
  CHECK(o.include);
  CHECK(o.verbose);
  CHECK(o.silent);
  CHECK(o.show_error);
  CHECK_FALSE(o.fail);
  CHECK(o.output == std::optional<std::string>("out.json"));
}

TEST_CASE("options: defaults when nothing is given", "[options]") {
  const Options o = resolve_ok(raw_with({"GET", "/"}));
  CHECK(o.connect_timeout == 10);
  CHECK(o.read_timeout == 300);
  CHECK_FALSE(o.max_time.has_value());
  CHECK(o.fail);
  CHECK_FALSE(o.tls.insecure);
  CHECK_FALSE(o.output.has_value());
  CHECK(o.header_args.empty());
}

TEST_CASE("options: show_errors follows -s and -S", "[options]") {
  const struct {
    bool silent;
    bool show_error;
    bool shown;
  } cases[] = {{false, false, true}, {true, false, false}, {true, true, true}, {false, true, true}};
  for (const auto& c : cases) {
    CAPTURE(c.silent, c.show_error);
    Options o;
    o.silent = c.silent;
    o.show_error = c.show_error;
    CHECK(o.show_errors() == c.shown);
  }
}

TEST_CASE("options: the progress line needs a terminal stderr, no -s, and stdout elsewhere",
          "[options]") {
  Env env;
  env.stderr_tty = true;
  RawOptions raw = raw_with({"GET", "/"});
  CHECK(resolve_ok(raw, env).progress);  // stdout piped
  env.stdout_tty = true;
  CHECK_FALSE(resolve_ok(raw, env).progress);  // the body would mix with it on the terminal
  raw.output = "out.json";
  CHECK(resolve_ok(raw, env).progress);
  raw.silent = true;
  CHECK_FALSE(resolve_ok(raw, env).progress);
  raw.silent = false;
  env.stderr_tty = false;
  CHECK_FALSE(resolve_ok(raw, env).progress);
}

TEST_CASE("options: --offline, --curl and --write-out", "[options]") {
  RawOptions raw = raw_with({"GET", "/"});
  raw.offline = true;
  raw.curl = true;
  Result<Options> both = escurl::resolve_options(raw, Env{});
  REQUIRE_FALSE(both);
  CHECK(both.error().code == escurl::Errc::Usage);
  raw.curl = false;
  raw.write_out = "%{http_code}";
  const Options o = resolve_ok(raw);
  CHECK(o.offline);
  CHECK(o.write_out == "%{http_code}");
  RawOptions batch_raw;
  batch_raw.batch = "requests.txt";
  batch_raw.offline = true;
  Result<Options> batch = escurl::resolve_options(batch_raw, Env{});
  REQUIRE_FALSE(batch);
  CHECK(contains(batch.error().message, "--offline works on a single request"));
}
