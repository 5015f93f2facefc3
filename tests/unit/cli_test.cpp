// SPDX-License-Identifier: MIT
// The command line: every argument form parses into RawOptions, errors are Usage errors with a
// did-you-mean hint, --help lists the whole table and the exit codes, and secret values are
// scrubbed out of argv.
#include "cli.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "catch.h"
#include "exit_code.h"
#include "flags.h"

using escurl::Errc;
using escurl::RawOptions;
using escurl::Result;
using Args = std::vector<std::string>;

namespace {

RawOptions parse_ok(const Args& args) {
  Result<RawOptions> r = escurl::parse_command_line(args);
  if (!r) FAIL("parse failed: " << r.error().message);
  return std::move(r).value();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

bool any_hint_contains(const escurl::Error& e, std::string_view needle) {
  return std::any_of(e.hints.begin(), e.hints.end(),
                     [&](const std::string& h) { return contains(h, needle); });
}

// A writable argv: argv[0] is the program name, as in main().
class Argv {
 public:
  explicit Argv(std::vector<std::string> args) : storage_(std::move(args)) {
    for (std::string& s : storage_) ptrs_.push_back(s.data());
    ptrs_.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(storage_.size()); }
  char** argv() { return ptrs_.data(); }
  std::string at(std::size_t i) const { return std::string(ptrs_[i]); }

 private:
  std::vector<std::string> storage_;
  std::vector<char*> ptrs_;
};

}  // namespace

TEST_CASE("cli: an empty command line parses to the defaults", "[cli]") {
  const RawOptions raw = parse_ok({});
  CHECK(raw.positionals.empty());
  CHECK(raw.urls.empty());
  CHECK_FALSE(raw.method.has_value());
  CHECK(raw.fail);
  CHECK_FALSE(raw.insecure);
  CHECK_FALSE(raw.help);
}

TEST_CASE("cli: --url in both forms", "[cli]") {
  SECTION("--url=X") {
    const RawOptions raw = parse_ok({"--url=https://es.example:9200", "GET", "/"});
    CHECK(raw.urls == Args{"https://es.example:9200"});
    CHECK(raw.positionals == Args{"GET", "/"});
  }
  SECTION("--url X") {
    const RawOptions raw = parse_ok({"--url", "https://es.example:9200"});
    CHECK(raw.urls == Args{"https://es.example:9200"});
    CHECK(raw.positionals.empty());
  }
}

TEST_CASE("cli: -u in attached, separate and long forms", "[cli]") {
  const struct {
    Args args;
    std::string user;
  } cases[] = {
      {{"-uUSER:PW"}, "USER:PW"},
      {{"-u", "elastic:pa:ss"}, "elastic:pa:ss"},
      {{"--user", "elastic"}, "elastic"},
      {{"--user=elastic:x=y"}, "elastic:x=y"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    const RawOptions raw = parse_ok(c.args);
    CHECK(raw.user == std::optional<std::string>(c.user));
  }
}

TEST_CASE("cli: repeated -H keeps every header in order", "[cli]") {
  const RawOptions raw =
      parse_ok({"-H", "A: 1", "--header", "B: 2", "-HC: 3", "--header=D: 4", "-H", "A: 5"});
  CHECK(raw.headers == Args{"A: 1", "B: 2", "C: 3", "D: 4", "A: 5"});
}

TEST_CASE("cli: --fail and --no-fail, the last one wins", "[cli]") {
  const struct {
    Args args;
    bool fail;
  } cases[] = {
      {{}, true},
      {{"--no-fail"}, false},
      {{"--fail"}, true},
      {{"--no-fail", "--fail"}, true},
      {{"--fail", "--no-fail"}, false},
      {{"--no-fail", "--fail", "--no-fail"}, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    CHECK(parse_ok(c.args).fail == c.fail);
  }
}

TEST_CASE("cli: -X sets the method as typed", "[cli]") {
  const struct {
    Args args;
    std::string method;
  } cases[] = {
      {{"-X", "PUT", "https://h/idx"}, "PUT"},
      {{"-XDELETE", "https://h/idx"}, "DELETE"},
      {{"--request=put", "https://h/idx"}, "put"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    const RawOptions raw = parse_ok(c.args);
    CHECK(raw.method == std::optional<std::string>(c.method));
    CHECK(raw.positionals == Args{"https://h/idx"});
  }
}

TEST_CASE("cli: positionals keep the Console form's words in order", "[cli]") {
  const struct {
    Args args;
    Args positionals;
  } cases[] = {
      {{"GET", "_cat/indices?v"}, {"GET", "_cat/indices?v"}},
      {{"PUT", "my-index", R"({"settings":{"number_of_shards":1}})"},
       {"PUT", "my-index", R"({"settings":{"number_of_shards":1}})"}},
      {{"-k", "POST", "idx/_bulk", "@bulk.ndjson", "-s"}, {"POST", "idx/_bulk", "@bulk.ndjson"}},
      {{"https://h:9200/_cluster/health"}, {"https://h:9200/_cluster/health"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    CHECK(parse_ok(c.args).positionals == c.positionals);
  }
}

TEST_CASE("cli: body flags keep their kind and order", "[cli]") {
  const RawOptions raw =
      parse_ok({"-d", "@a.json", "--data-raw", "@literal", "--data-binary=@-", "https://h/x"});
  REQUIRE(raw.data.size() == 3);
  CHECK(raw.data[0].kind == escurl::DataKind::Data);
  CHECK(raw.data[0].value == "@a.json");
  CHECK(raw.data[0].flag == "--data");
  CHECK(raw.data[1].kind == escurl::DataKind::Raw);
  CHECK(raw.data[1].value == "@literal");
  CHECK(raw.data[2].kind == escurl::DataKind::Data);
  CHECK(raw.data[2].value == "@-");
  CHECK(raw.data[2].flag == "--data-binary");
}

TEST_CASE("cli: auth, TLS, connection and output flags", "[cli]") {
  const RawOptions raw = parse_ok({"--api-key",
                                   "env:KEY",
                                   "--oauth2-bearer",
                                   "tok",
                                   "--secondary-user",
                                   "kibana:pw",
                                   "--secondary-password",
                                   "@pw",
                                   "--secondary-api-key",
                                   "@k",
                                   "--secondary-bearer",
                                   "@-",
                                   "--run-as",
                                   "bob",
                                   "--client-secret",
                                   "env:CS",
                                   "--password",
                                   "@file",
                                   "--cacert",
                                   "ca.pem",
                                   "-k",
                                   "--allow-insecure-http",
                                   "--connect-timeout",
                                   "2.5",
                                   "-m",
                                   "30",
                                   "--read-timeout=60",
                                   "-i",
                                   "-v",
                                   "-s",
                                   "-S",
                                   "-o",
                                   "out.json",
                                   "GET",
                                   "/"});
  CHECK(raw.api_key == std::optional<std::string>("env:KEY"));
  CHECK(raw.bearer == std::optional<std::string>("tok"));
  CHECK(raw.secondary_user == std::optional<std::string>("kibana:pw"));
  CHECK(raw.secondary_password == std::optional<std::string>("@pw"));
  CHECK(raw.secondary_api_key == std::optional<std::string>("@k"));
  CHECK(raw.secondary_bearer == std::optional<std::string>("@-"));
  CHECK(raw.run_as == std::optional<std::string>("bob"));
  CHECK(raw.client_secret == std::optional<std::string>("env:CS"));
  CHECK(raw.password == std::optional<std::string>("@file"));
  CHECK(raw.cacert == std::optional<std::string>("ca.pem"));
  CHECK(raw.insecure);
  CHECK(raw.allow_insecure_http);
  CHECK(raw.connect_timeout == std::optional<double>(2.5));
  CHECK(raw.max_time == std::optional<double>(30));
  CHECK(raw.read_timeout == std::optional<double>(60));
  CHECK(raw.include);
  CHECK(raw.verbose);
  CHECK(raw.silent);
  CHECK(raw.show_error);
  CHECK(raw.output == std::optional<std::string>("out.json"));
  CHECK(raw.positionals == Args{"GET", "/"});
}

TEST_CASE("cli: combined short switches, as in curl -sS", "[cli]") {
  const RawOptions raw = parse_ok({"-sS", "GET", "/"});
  CHECK(raw.silent);
  CHECK(raw.show_error);
}

TEST_CASE("cli: --help and --version", "[cli]") {
  CHECK(parse_ok({"--help"}).help);
  CHECK(parse_ok({"-h"}).help);
  CHECK(parse_ok({"--version"}).version);
  CHECK_FALSE(parse_ok({"--version"}).help);
}

TEST_CASE("cli: an unknown option is a Usage error with a did-you-mean hint", "[cli]") {
  const struct {
    Args args;
    std::string named;
    std::string hint;
  } cases[] = {
      {{"--insecur", "GET", "/"}, "--insecur", "did you mean --insecure?"},
      {{"--usr", "elastic"}, "--usr", "did you mean --user?"},
      {{"--api-kee=abc"}, "--api-kee", "did you mean --api-key?"},
      {{"--zzzzzzzzzzzz"}, "--zzzzzzzzzzzz", "--help"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.args);
    Result<RawOptions> r = escurl::parse_command_line(c.args);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, c.named));
    CAPTURE(r.error().message, r.error().hints);
    CHECK(any_hint_contains(r.error(), c.hint));
  }
}

TEST_CASE("cli: with two unknown options one is named, with its own hint", "[cli]") {
  // CLI11 words this message in the plural; either option may be the one named.
  Result<RawOptions> r = escurl::parse_command_line({"--insecur", "--verbos", "GET", "/"});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::Usage);
  CAPTURE(r.error().message, r.error().hints);
  const bool insecure = contains(r.error().message, "'--insecur'");
  const bool verbose = contains(r.error().message, "'--verbos'");
  CHECK(insecure != verbose);
  if (insecure) CHECK(any_hint_contains(r.error(), "did you mean --insecure?"));
  if (verbose) CHECK(any_hint_contains(r.error(), "did you mean --verbose?"));
}

TEST_CASE("cli: a bad --connect-timeout value is a Usage error", "[cli]") {
  const Args bad[] = {
      {"--connect-timeout", "abc", "GET", "/"},
      {"--connect-timeout=0", "GET", "/"},
      {"--connect-timeout", "1.5x"},
  };
  for (const Args& args : bad) {
    CAPTURE(args);
    Result<RawOptions> r = escurl::parse_command_line(args);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "--connect-timeout"));
  }
}

TEST_CASE("cli: an option without its value is a Usage error", "[cli]") {
  const Args bad[] = {{"--url"}, {"GET", "/", "-H"}, {"-u"}};
  for (const Args& args : bad) {
    CAPTURE(args);
    Result<RawOptions> r = escurl::parse_command_line(args);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK_FALSE(r.error().message.empty());
  }
}

TEST_CASE("cli: render_help lists every flag of the table", "[cli]") {
  const std::string help = escurl::render_help();
  for (const escurl::FlagSpec& f : escurl::all_flags()) {
    CAPTURE(f.long_name);
    CHECK(contains(help, "--" + std::string(f.long_name)));
    CHECK(contains(help, f.help));
    if (f.short_name != 0) {
      CHECK(contains(help, std::string("-") + f.short_name + ", --" + std::string(f.long_name)));
    }
    if (f.takes_value()) {
      CHECK(contains(help, "--" + std::string(f.long_name) + " " + std::string(f.value_name)));
    }
    if (!f.alias.empty()) CHECK(contains(help, "--" + std::string(f.alias)));
  }
  for (int c = 0; c <= static_cast<int>(escurl::Category::Other); ++c) {
    const std::string title =
        std::string(escurl::category_title(static_cast<escurl::Category>(c))) + ":";
    CAPTURE(title);
    CHECK(contains(help, title));
  }
}

TEST_CASE("cli: render_help lists the exit codes", "[cli]") {
  const std::string help = escurl::render_help();
  CHECK(contains(help, "Exit codes:"));
  CHECK(contains(help, escurl::render_exit_codes_help()));
  for (const escurl::ExitCodeRow& row : escurl::exit_code_table()) {
    CAPTURE(row.code);
    CHECK(contains(help, row.meaning));
  }
}

TEST_CASE("cli: scrub_secret_args wipes secret values and leaves other arguments intact", "[cli]") {
  Argv a({"escurl",  // 0
          "--password",
          "SECRET1",             // 1 2
          "--password=SECRET2",  // 3
          "-uuser:SECRET3",      // 4
          "-u",
          "user:SECRET4",  // 5 6
          "--api-key",
          "SECRET5",                  // 7 8
          "--oauth2-bearer=SECRET6",  // 9
          "--client-secret",
          "SECRET7",  // 10 11
          "-H",
          "X-Keep: visible",  // 12 13
          "--run-as",
          "bob",  // 14 15
          "--url",
          "https://h:9200",  // 16 17
          "GET",
          "_cat/indices?v"});  // 18 19
  escurl::scrub_secret_args(a.argc(), a.argv());

  const struct {
    std::size_t index;
    std::string kept_prefix;
    std::string secret;
  } wiped[] = {
      {2, "", "SECRET1"},   {3, "--password=", "SECRET2"},
      {4, "-u", "SECRET3"}, {6, "", "SECRET4"},
      {8, "", "SECRET5"},   {9, "--oauth2-bearer=", "SECRET6"},
      {11, "", "SECRET7"},
  };
  for (const auto& w : wiped) {
    const std::string arg = a.at(w.index);
    CAPTURE(w.index, arg);
    CHECK_FALSE(contains(arg, w.secret));
    CHECK_FALSE(contains(arg, "SECRET"));
    CHECK(arg.starts_with(w.kept_prefix));
  }
  // Wiped values are overwritten in place, so "user:" goes too: the whole value is the secret.
  CHECK_FALSE(contains(a.at(4), "user"));
  CHECK_FALSE(contains(a.at(6), "user"));

  const struct {
    std::size_t index;
    std::string value;
  } kept[] = {
      {0, "escurl"},           {1, "--password"},       {5, "-u"},
      {7, "--api-key"},        {10, "--client-secret"}, {12, "-H"},
      {13, "X-Keep: visible"}, {14, "--run-as"},        {15, "bob"},
      {16, "--url"},           {17, "https://h:9200"},  {18, "GET"},
      {19, "_cat/indices?v"},
  };
  for (const auto& k : kept) {
    CAPTURE(k.index);
    CHECK(a.at(k.index) == k.value);
  }
}

TEST_CASE("cli: scrub_secret_args handles a trailing secret flag and stops at --", "[cli]") {
  SECTION("a secret flag without a value") {
    Argv a({"escurl", "GET", "/", "--password"});
    escurl::scrub_secret_args(a.argc(), a.argv());
    CHECK(a.at(1) == "GET");
    CHECK(a.at(2) == "/");
    CHECK(a.at(3) == "--password");
  }
  SECTION("arguments after -- are not options") {
    Argv a({"escurl", "--api-key", "K1", "--", "--password", "literal"});
    escurl::scrub_secret_args(a.argc(), a.argv());
    CHECK_FALSE(contains(a.at(2), "K1"));
    CHECK(a.at(4) == "--password");
    CHECK(a.at(5) == "literal");
  }
}

TEST_CASE("cli: scrub_secret_args wipes credential headers and URL passwords", "[cli]") {
  Argv a({"escurl",                                      // 0
          "-H", "Authorization: ApiKey SECRET1",         // 1 2
          "--header=cookie:SECRET2",                     // 3
          "-H", "X-Keep: https://u:visible@h/",          // 4 5
          "-x", "http://proxyuser:SECRET3@proxy:3128",   // 6 7
          "--url=https://elastic:SECRET4@h:9200/x?y=z",  // 8
          "--", "https://elastic:SECRET5@h:9200/"});     // 9 10
  escurl::scrub_secret_args(a.argc(), a.argv());
  CHECK(a.at(2) == "Authorization:xxxxxxxxxxxxxxx");
  CHECK(a.at(3) == "--header=cookie:xxxxxxx");
  CHECK(a.at(5) == "X-Keep: https://u:visible@h/");  // not a credential header
  CHECK(a.at(7) == "http://proxyuser:xxxxxxx@proxy:3128");
  CHECK(a.at(8) == "--url=https://elastic:xxxxxxx@h:9200/x?y=z");
  CHECK(a.at(10) == "https://elastic:xxxxxxx@h:9200/");
  SECTION("URLs without a password, and what only looks like one, are kept") {
    Argv b({"escurl", "https://elastic@h:9200/", "https://h:9200/a:b@c", "a b://u:p@h", "GET"});
    escurl::scrub_secret_args(b.argc(), b.argv());
    CHECK(b.at(1) == "https://elastic@h:9200/");
    CHECK(b.at(2) == "https://h:9200/a:b@c");
    CHECK(b.at(3) == "a b://u:p@h");
    CHECK(b.at(4) == "GET");
  }
}

TEST_CASE("cli: scrub_secret_args wipes passwords of URLs without a scheme, and in URL lists",
          "[cli]") {
  Argv a({"escurl",                                               // 0
          "elastic:SECRET1@h:9200/x",                             // 1
          "--url", "elastic:SECRET2@h",                           // 2 3
          "--url=u:SECRET3@h1,u:SECRET4@h2:9200",                 // 4
          "--url", "https://u:SECRET5@h1,https://u:SEC,RET6@h2",  // 5 6
          "-H", "Authorization;Bearer SECRET7",                   // 7 8
          "--proxy", "pu:SECRET8@proxy:3128",                     // 9 10
          "GET", "elastic:SECRET9@h/_search"});                   // 11 12
  escurl::scrub_secret_args(a.argc(), a.argv());
  CHECK(a.at(1) == "elastic:xxxxxxx@h:9200/x");
  CHECK(a.at(3) == "elastic:xxxxxxx@h");
  CHECK(a.at(4) == "--url=u:xxxxxxx@h1,u:xxxxxxx@h2:9200");
  CHECK(a.at(6) == "https://u:xxxxxxx@h1,https://u:xxxxxxxx@h2");
  CHECK(a.at(8) == "Authorization;xxxxxxxxxxxxxx");
  CHECK(a.at(10) == "pu:xxxxxxx@proxy:3128");
  CHECK(a.at(12) == "elastic:xxxxxxx@h/_search");
  SECTION("a body or a query that only holds ':' and '@' is kept") {
    Argv b({"escurl", "POST", "idx/_doc", R"({"user":"a@b","n":"x:y@z"})", "-d", "u:p@h",
            "_search?q=a:b@c"});
    escurl::scrub_secret_args(b.argc(), b.argv());
    CHECK(b.at(3) == R"({"user":"a@b","n":"x:y@z"})");
    CHECK(b.at(5) == "u:p@h");  // -d: a body, not a URL
    CHECK(b.at(6) == "_search?q=a:b@c");
  }
}

TEST_CASE("cli: scrub_secret_args wipes -u inside combined short flags", "[cli]") {
  // CLI11 accepts "-ku user:pw" and "-kuuser:pw" as -k -u; the secret is in argv all the same.
  SECTION("the parser reads them as --user") {
    CHECK(parse_ok({"-kuuser:SECRET8"}).user == std::optional<std::string>("user:SECRET8"));
    CHECK(parse_ok({"-ku", "user:SECRET9"}).user == std::optional<std::string>("user:SECRET9"));
  }
  SECTION("so scrubbing must wipe them") {
    Argv a({"escurl", "-kuuser:SECRET8", "-vu", "user:SECRET9", "GET", "/"});
    escurl::scrub_secret_args(a.argc(), a.argv());
    CHECK_FALSE(contains(a.at(1), "SECRET8"));
    CHECK_FALSE(contains(a.at(3), "SECRET9"));
    CHECK(a.at(4) == "GET");
  }
}
