// SPDX-License-Identifier: MIT
// The flag table: complete help, unique names, the secret flags exactly the credential flags,
// aliases found, and the apply functions storing what they should.
#include "flags.h"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "catch.h"

using escurl::Category;
using escurl::FlagSpec;
using escurl::RawOptions;

TEST_CASE("flags: every flag has a long name, one-line help and an apply function", "[flags]") {
  REQUIRE_FALSE(escurl::all_flags().empty());
  for (const FlagSpec& f : escurl::all_flags()) {
    CAPTURE(f.long_name);
    CHECK_FALSE(f.long_name.empty());
    CHECK_FALSE(f.long_name.starts_with("-"));
    CHECK_FALSE(f.help.empty());
    CHECK(f.help.find('\n') == std::string_view::npos);
    CHECK(f.apply != nullptr);
  }
}

TEST_CASE("flags: long names and aliases are unique", "[flags]") {
  std::set<std::string_view> names;
  for (const FlagSpec& f : escurl::all_flags()) {
    CAPTURE(f.long_name);
    CHECK(names.insert(f.long_name).second);
    if (!f.alias.empty()) {
      CAPTURE(f.alias);
      CHECK(names.insert(f.alias).second);
    }
  }
}

TEST_CASE("flags: short names are unique", "[flags]") {
  std::set<char> shorts;
  for (const FlagSpec& f : escurl::all_flags()) {
    if (f.short_name == 0) continue;
    CAPTURE(f.long_name, f.short_name);
    CHECK(shorts.insert(f.short_name).second);
  }
}

TEST_CASE("flags: the curl short names map to the curl long names", "[flags]") {
  const struct {
    char short_name;
    std::string_view long_name;
  } expected[] = {
      {'X', "request"},  {'H', "header"},     {'d', "data"},    {'u', "user"},
      {'k', "insecure"}, {'m', "max-time"},   {'i', "include"}, {'v', "verbose"},
      {'s', "silent"},   {'S', "show-error"}, {'o', "output"},  {'h', "help"},
  };
  for (const auto& e : expected) {
    CAPTURE(e.short_name);
    const FlagSpec* f = escurl::find_flag(e.long_name);
    REQUIRE(f != nullptr);
    CHECK(f->short_name == e.short_name);
  }
}

TEST_CASE("flags: the secret flags are exactly the credential flags", "[flags]") {
  // The auth credentials, the password of an encrypted client key (--key-password), and the
  // proxy's credentials (--proxy-user, --proxy-password).
  const std::set<std::string_view> expected = {
      "user",           "password",           "api-key",           "bearer",
      "secondary-user", "secondary-password", "secondary-api-key", "secondary-bearer",
      "client-secret",  "key-password",       "proxy-user",        "proxy-password"};
  std::set<std::string_view> secret;
  for (const FlagSpec& f : escurl::all_flags()) {
    if (f.secret) secret.insert(f.long_name);
  }
  CHECK(secret == expected);
  for (const std::string_view name : expected) {
    const FlagSpec* f = escurl::find_flag(name);
    REQUIRE(f != nullptr);
    CAPTURE(name);
    CHECK(f->takes_value());  // a secret flag without a value would have nothing to hide
  }
}

TEST_CASE("flags: find_flag finds long names and aliases, and nothing else", "[flags]") {
  SECTION("long names") {
    for (const FlagSpec& f : escurl::all_flags()) {
      CAPTURE(f.long_name);
      CHECK(escurl::find_flag(f.long_name) == &f);
    }
  }
  SECTION("the oauth2-bearer alias") {
    const FlagSpec* f = escurl::find_flag("oauth2-bearer");
    REQUIRE(f != nullptr);
    CHECK(f->long_name == "bearer");
    CHECK(f->secret);
  }
  SECTION("unknown names") {
    const std::string_view unknown[] = {"", "nope", "--url", "-u", "u", "URL", "insecur"};
    for (const std::string_view name : unknown) {
      CAPTURE(name);
      CHECK(escurl::find_flag(name) == nullptr);
    }
  }
}

TEST_CASE("flags: switches take no value, options name their value", "[flags]") {
  const std::string_view switches[] = {
      "insecure", "include", "verbose", "silent",  "show-error",
      "fail",     "no-fail", "help",    "version", "allow-insecure-http"};
  for (const std::string_view name : switches) {
    const FlagSpec* f = escurl::find_flag(name);
    REQUIRE(f != nullptr);
    CAPTURE(name);
    CHECK_FALSE(f->takes_value());
  }
  const std::string_view options[] = {
      "url",    "request", "header",          "data",     "data-binary",  "data-raw",
      "run-as", "cacert",  "connect-timeout", "max-time", "read-timeout", "output"};
  for (const std::string_view name : options) {
    const FlagSpec* f = escurl::find_flag(name);
    REQUIRE(f != nullptr);
    CAPTURE(name);
    CHECK(f->takes_value());
  }
}

TEST_CASE("flags: category titles", "[flags]") {
  CHECK(escurl::category_title(Category::Request) == "Request");
  CHECK(escurl::category_title(Category::Auth) == "Authentication");
  CHECK(escurl::category_title(Category::Tls) == "TLS");
  CHECK(escurl::category_title(Category::Connection) == "Connection");
  CHECK(escurl::category_title(Category::Output) == "Output");
  CHECK(escurl::category_title(Category::Other) == "Other");
}

TEST_CASE("flags: every category has at least one flag", "[flags]") {
  for (int c = 0; c <= static_cast<int>(Category::Other); ++c) {
    int n = 0;
    for (const FlagSpec& f : escurl::all_flags()) n += f.category == static_cast<Category>(c);
    CAPTURE(c);
    CHECK(n > 0);
  }
}

TEST_CASE("flags: apply stores values in the raw options", "[flags]") {
  RawOptions raw;
  auto apply = [&raw](std::string_view name, std::string_view value) {
    const FlagSpec* f = escurl::find_flag(name);
    REQUIRE(f != nullptr);
    CAPTURE(name, value);
    REQUIRE(static_cast<bool>(f->apply(raw, value)));
  };
  apply("url", "https://a:9200");
  apply("url", "https://b:9200");
  apply("request", "PUT");
  apply("header", "A: 1");
  apply("header", "B: 2");
  apply("data", "@body.json");
  apply("data-raw", "@literal");
  apply("data-binary", "@-");
  apply("user", "elastic:pw");
  apply("oauth2-bearer", "tok");
  apply("run-as", "bob");
  apply("no-fail", "");
  apply("insecure", "");
  apply("connect-timeout", "2.5");
  CHECK(raw.urls == std::vector<std::string>{"https://a:9200", "https://b:9200"});
  CHECK(raw.method == std::optional<std::string>("PUT"));
  CHECK(raw.headers == std::vector<std::string>{"A: 1", "B: 2"});
  REQUIRE(raw.data.size() == 3);
  CHECK(raw.data[0].kind == escurl::DataKind::Data);
  CHECK(raw.data[0].value == "@body.json");
  CHECK(raw.data[0].flag == "--data");
  CHECK(raw.data[1].kind == escurl::DataKind::Raw);
  CHECK(raw.data[1].value == "@literal");
  CHECK(raw.data[1].flag == "--data-raw");
  CHECK(raw.data[2].kind == escurl::DataKind::Data);
  CHECK(raw.data[2].flag == "--data-binary");
  CHECK(raw.user == std::optional<std::string>("elastic:pw"));
  CHECK(raw.bearer == std::optional<std::string>("tok"));
  CHECK(raw.run_as == std::optional<std::string>("bob"));
  CHECK_FALSE(raw.fail);
  CHECK(raw.insecure);
  CHECK(raw.connect_timeout == std::optional<double>(2.5));
}

TEST_CASE("flags: timeouts want a positive finite number of seconds", "[flags]") {
  const struct {
    std::string_view flag;
    std::string_view value;
    bool ok;
    double seconds;
  } cases[] = {
      {"connect-timeout", "3", true, 3},    {"connect-timeout", "0.5", true, 0.5},
      {"max-time", "120", true, 120},       {"read-timeout", "1e2", true, 100},
      {"connect-timeout", "0", false, 0},   {"connect-timeout", "-1", false, 0},
      {"connect-timeout", "abc", false, 0}, {"connect-timeout", "", false, 0},
      {"connect-timeout", "5s", false, 0},  {"max-time", "inf", false, 0},
      {"read-timeout", "nan", false, 0},
  };
  for (const auto& c : cases) {
    CAPTURE(c.flag, c.value);
    RawOptions raw;
    const FlagSpec* f = escurl::find_flag(c.flag);
    REQUIRE(f != nullptr);
    escurl::Result<void> r = f->apply(raw, c.value);
    REQUIRE(static_cast<bool>(r) == c.ok);
    if (c.ok) {
      const std::optional<double> got = c.flag == "connect-timeout" ? raw.connect_timeout
                                        : c.flag == "max-time"      ? raw.max_time
                                                                    : raw.read_timeout;
      CHECK(got == std::optional<double>(c.seconds));
    } else {
      CHECK(r.error().code == escurl::Errc::Usage);
      CHECK(r.error().message.find(std::string(c.flag)) != std::string::npos);
    }
  }
}

TEST_CASE("flags: every flag has a long help paragraph for the man page", "[flags]") {
  for (const FlagSpec& f : escurl::all_flags()) {
    CAPTURE(f.long_name);
    CHECK(f.long_help.size() > f.help.size() / 2);
    CHECK(f.long_help.find('\n') == std::string_view::npos);  // the man page fills the lines
    CHECK_FALSE(f.long_help.ends_with(' '));
  }
}

TEST_CASE("flags: a flag left in the Other category is meant to be there", "[flags]") {
  // The category defaults to Other, so a flag whose author forgot it would land here unnoticed.
  const std::set<std::string_view> other = {"format", "help", "version"};
  for (const FlagSpec& f : escurl::all_flags()) {
    CAPTURE(f.long_name);
    if (f.category == Category::Other) CHECK(other.contains(f.long_name));
  }
}
