// SPDX-License-Identifier: MIT
// .netrc: curl's unit-test cases (a specific login must match exactly), machine over default,
// keywords in any case, quoted tokens and their escapes, comments, macdef bodies skipped,
// entries spread over lines, errors that name the line and never a token, the file helper's
// required/optional modes, and $NETRC / $HOME/.netrc.
#include "netrc.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "catch.h"
#include "scratch_dir.h"

using escurl::Env;
using escurl::Errc;
using escurl::NetrcEntry;
using escurl::NetrcMode;
using escurl::Result;

namespace {

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("netrc") {}
};

// The file of curl's unit test 1304.
constexpr const char* kCurlFile =
    "machine example.com login admin password passwd\n"
    "machine curl.example.com login none password none\n";

struct Expect {
  std::string login;
  std::string password;
};

}  // namespace

TEST_CASE("netrc: curl's lookup cases", "[netrc]") {
  const struct {
    std::string contents;
    std::string host;
    std::optional<std::string> user;
    std::optional<Expect> expect;
  } cases[] = {
      // curl unit1304: unknown host, wrong or near-miss logins, no login, the right login.
      {kCurlFile, "test.example.com", std::nullopt, std::nullopt},
      {kCurlFile, "example.com", "me", std::nullopt},
      {kCurlFile, "example.com", "admi", std::nullopt},
      {kCurlFile, "example.com", "adminn", std::nullopt},
      {kCurlFile, "example.com", std::nullopt, Expect{"admin", "passwd"}},
      {kCurlFile, "example.com", "admin", Expect{"admin", "passwd"}},
      {kCurlFile, "curl.example.com", std::nullopt, Expect{"none", "none"}},
      {kCurlFile, "curl.example.com", "none", Expect{"none", "none"}},
      // The host compares without case; logins compare exactly.
      {kCurlFile, "EXAMPLE.com", std::nullopt, Expect{"admin", "passwd"}},
      {kCurlFile, "example.com", "Admin", std::nullopt},
      // Keywords in any case.
      {"MACHINE h LOGIN u PASSWORD p", "h", std::nullopt, Expect{"u", "p"}},
      // A machine entry wins over default, wherever default stands.
      {"default login anon password guest\nmachine h login u password p\n", "h", std::nullopt,
       Expect{"u", "p"}},
      {"default login anon password guest\nmachine h login u password p\n", "other", std::nullopt,
       Expect{"anon", "guest"}},
      {"machine h login u password p\ndefault login anon password guest\n", "h", "anon",
       Expect{"anon", "guest"}},
      // Several entries for one host: the first, or the one with the requested login.
      {"machine h login a password 1\nmachine h login b password 2\n", "h", std::nullopt,
       Expect{"a", "1"}},
      {"machine h login a password 1\nmachine h login b password 2\n", "h", "b", Expect{"b", "2"}},
      // An entry without a login gives its password to whichever user was asked for.
      {"machine h password p", "h", "elastic", Expect{"elastic", "p"}},
      {"machine h password p", "h", std::nullopt, Expect{"", "p"}},
      // A login without a password: the password is empty.
      {"machine h login u", "h", std::nullopt, Expect{"u", ""}},
      // An entry with neither never matches; default then does.
      {"machine h\ndefault login d password dp", "h", std::nullopt, Expect{"d", "dp"}},
      {"machine h", "h", std::nullopt, std::nullopt},
      // Tokens may be split by any whitespace, across lines.
      {"machine h\n\tlogin\r\n u \n password\f p\n", "h", std::nullopt, Expect{"u", "p"}},
      // Quoted tokens: spaces, escaped quotes and backslashes, \n \r \t, other escapes literal.
      {"machine h login \"user name\" password \"pa ss\\\"w\\\\d\\n\\r\\t\\x\"", "h", std::nullopt,
       Expect{"user name", "pa ss\"w\\d\n\r\tx"}},
      {"machine \"h\" login \"\" password \"\"", "h", std::nullopt, Expect{"", ""}},
      // A quote inside a word is part of the word.
      {"machine h login u password ab\"cd", "h", std::nullopt, Expect{"u", "ab\"cd"}},
      // Comment lines; '#' inside a line is an ordinary byte, even at a token's start.
      {"# machine h login x password y\n  # indented comment\nmachine h login u password #p#\n",
       "h", std::nullopt, Expect{"u", "#p#"}},
      // A macro body is skipped up to the first blank line, whatever it holds.
      {"macdef init\nmachine h login evil password evil\n\nmachine h login u password p\n", "h",
       std::nullopt, Expect{"u", "p"}},
      {"machine h login u macdef m\npassword evil\n \t\npassword p\n", "h", std::nullopt,
       Expect{"u", "p"}},
      // "account" takes a value, so that value is no keyword.
      {"machine h account password login u password p", "h", std::nullopt, Expect{"u", "p"}},
      // Unknown words are skipped; login/password before any entry are ignored.
      {"login x password y\nmachine h port 21 login u password p", "h", std::nullopt,
       Expect{"u", "p"}},
      // The last password in an entry wins.
      {"machine h login u password 1 password 2", "h", std::nullopt, Expect{"u", "2"}},
      {"", "h", std::nullopt, std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.contents, c.host, c.user.value_or("<none>"));
    Result<std::optional<NetrcEntry>> r = escurl::netrc_lookup(
        c.contents, c.host,
        c.user ? std::optional<std::string_view>(*c.user) : std::optional<std::string_view>());
    REQUIRE(r);
    REQUIRE(r->has_value() == c.expect.has_value());
    if (!c.expect) continue;
    CHECK((*r)->login == c.expect->login);
    CHECK((*r)->password.reveal() == c.expect->password);
  }
}

TEST_CASE("netrc: syntax errors name the line and never a token", "[netrc]") {
  const struct {
    std::string contents;
    std::string message;
  } cases[] = {
      {"machine h login u\npassword \"s3cret\n", "line 2: a quoted token has no closing quote"},
      {"machine h login u password \"s3cret\\", "line 1: a quoted token has no closing quote"},
      {"machine h\nlogin u\n\npassword", "line 4: 'password' is the last word and has no value"},
      {"machine", "line 1: 'machine' is the last word and has no value"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.contents);
    Result<std::optional<NetrcEntry>> r = escurl::netrc_lookup(c.contents, "h", std::nullopt);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message == c.message);
    CHECK(r.error().message.find("s3cret") == std::string::npos);
  }
}

TEST_CASE("netrc: the file helper's required and optional modes", "[netrc]") {
  TempDir dir;
  const std::string good = dir.file("netrc", "machine es.example.com login u password p\n");
  const std::string bad = dir.file("bad", "machine h password \"s3cret\n");
  const std::string missing = dir.path() + "/missing";

  for (const NetrcMode mode : {NetrcMode::Required, NetrcMode::Optional}) {
    Result<std::optional<NetrcEntry>> r =
        escurl::netrc_lookup_file(good, mode, "es.example.com", std::nullopt);
    REQUIRE(r);
    REQUIRE(r->has_value());
    CHECK((*r)->login == "u");
    CHECK((*r)->password.reveal() == "p");

    Result<std::optional<NetrcEntry>> broken = escurl::netrc_lookup_file(bad, mode, "h", "u");
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == bad + ": line 1: a quoted token has no closing quote");
  }

  Result<std::optional<NetrcEntry>> optional =
      escurl::netrc_lookup_file(missing, NetrcMode::Optional, "h", std::nullopt);
  REQUIRE(optional);
  CHECK_FALSE(optional->has_value());

  Result<std::optional<NetrcEntry>> required =
      escurl::netrc_lookup_file(missing, NetrcMode::Required, "h", std::nullopt);
  REQUIRE_FALSE(required);
  CHECK(required.error().code == Errc::Usage);
  CHECK(required.error().message.find("'" + missing + "'") != std::string::npos);
  CHECK(required.error().message.rfind("cannot read the .netrc file '", 0) == 0);
}

TEST_CASE("netrc: default_netrc_path prefers $NETRC, then $HOME/.netrc", "[netrc]") {
  const struct {
    std::map<std::string, std::string> vars;
    std::string expect;
  } cases[] = {
      {{{"NETRC", "/etc/escurl-netrc"}, {"HOME", "/home/u"}}, "/etc/escurl-netrc"},
      {{{"NETRC", ""}, {"HOME", "/home/u"}}, "/home/u/.netrc"},
      {{{"HOME", "/home/u"}}, "/home/u/.netrc"},
      {{{"HOME", ""}}, ""},
      {{}, ""},
  };
  for (const auto& c : cases) {
    Env env;
    env.vars = c.vars;
    CHECK(escurl::default_netrc_path(env) == c.expect);
  }
}
