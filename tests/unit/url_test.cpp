// SPDX-License-Identifier: MIT
// URLs: https by default, default and explicit ports, IPv6 literals, the target kept without
// its fragment, user information split off (and never displayed), Console-form paths joined to
// the cluster URL, and request targets encoded.
#include "url.h"

#include <optional>
#include <string>

#include "catch.h"

using escurl::Errc;
using escurl::Result;
using escurl::Url;

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

Url parse_ok(std::string_view text) {
  Result<Url> r = escurl::parse_url(text);
  if (!r) FAIL("parse_url(" << text << ") failed: " << r.error().message);
  return std::move(r).value();
}

}  // namespace

TEST_CASE("url: parse_url splits scheme, host, port and target", "[url]") {
  const struct {
    std::string text;
    std::string scheme;
    std::string host;
    int port;
    std::string target;
  } cases[] = {
      {"localhost:9200", "https", "localhost", 9200, "/"},
      {"localhost", "https", "localhost", 443, "/"},
      {"https://es.example.com", "https", "es.example.com", 443, "/"},
      {"http://es.example.com", "http", "es.example.com", 80, "/"},
      {"HTTPS://es.example.com:9243", "https", "es.example.com", 9243, "/"},
      {"Http://h", "http", "h", 80, "/"},
      {"https://h:9201/", "https", "h", 9201, "/"},
      {"http://h:1", "http", "h", 1, "/"},
      {"http://h:65535", "http", "h", 65535, "/"},
      {"https://[::1]:9200", "https", "::1", 9200, "/"},
      {"[::1]:9200", "https", "::1", 9200, "/"},
      {"http://[::1]", "http", "::1", 80, "/"},
      {"https://[2001:db8::7]:9200/idx", "https", "2001:db8::7", 9200, "/idx"},
      {"https://127.0.0.1:9200", "https", "127.0.0.1", 9200, "/"},
      {"https://h:9200/idx/_search?q=a:b&size=1", "https", "h", 9200, "/idx/_search?q=a:b&size=1"},
      {"https://h:9200/_cat/indices?v", "https", "h", 9200, "/_cat/indices?v"},
      {"https://h:9200?pretty", "https", "h", 9200, "/?pretty"},
      {"https://h:9200/p#fragment", "https", "h", 9200, "/p"},
      {"https://h:9200/p?q=1#frag", "https", "h", 9200, "/p?q=1"},
      {"https://h:9200#frag", "https", "h", 9200, "/"},
      {"https://h/a%20b", "https", "h", 443, "/a%20b"},
      {"es.example.com/prefix/", "https", "es.example.com", 443, "/prefix/"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const Url u = parse_ok(c.text);
    CHECK(u.scheme == c.scheme);
    CHECK(u.host == c.host);
    CHECK(u.port == c.port);
    CHECK(u.target == c.target);
    CHECK(u.is_https() == (c.scheme == "https"));
    CHECK_FALSE(u.user.has_value());
    CHECK_FALSE(u.password.has_value());
  }
}

TEST_CASE("url: user information is split off and percent-decoded", "[url]") {
  const struct {
    std::string text;
    std::string user;
    std::optional<std::string> password;
  } cases[] = {
      {"https://elastic:changeme@h:9200", "elastic", "changeme"},
      {"https://elastic:pa%3Ass@h:9200/", "elastic", "pa:ss"},
      {"https://us%40er:p%40ss%2F%25@h", "us@er", "p@ss/%"},
      {"https://j%C3%B6hn:pw@h", "j\xc3\xb6hn", "pw"},
      {"https://elastic@h:9200", "elastic", std::nullopt},
      {"https://elastic:@h:9200", "elastic", ""},
      {"http://u:p@[::1]:9200/x", "u", "p"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const Url u = parse_ok(c.text);
    REQUIRE(u.user.has_value());
    CHECK(*u.user == c.user);
    REQUIRE(u.password.has_value() == c.password.has_value());
    if (c.password) CHECK(u.password->reveal() == *c.password);
  }
}

TEST_CASE("url: display() and origin() leave the user information out", "[url]") {
  const Url u = parse_ok("https://elastic:hunter2@es.example.com:9200/_cat/indices?v#x");
  CHECK(u.display() == "https://es.example.com:9200/_cat/indices?v");
  CHECK(u.origin() == "https://es.example.com:9200");
  CHECK(u.authority() == "es.example.com:9200");
  CHECK_FALSE(contains(u.display(), "elastic"));
  CHECK_FALSE(contains(u.display(), "hunter2"));
  CHECK_FALSE(contains(u.display(), "@"));
}

TEST_CASE("url: authority brackets IPv6 literals", "[url]") {
  const struct {
    std::string text;
    std::string authority;
    std::string display;
  } cases[] = {
      {"https://[::1]:9200/x", "[::1]:9200", "https://[::1]:9200/x"},
      {"http://[fe80::1]", "[fe80::1]:80", "http://[fe80::1]:80/"},
      {"https://h", "h:443", "https://h:443/"},
      {"http://10.0.0.1:9200", "10.0.0.1:9200", "http://10.0.0.1:9200/"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const Url u = parse_ok(c.text);
    CHECK(u.authority() == c.authority);
    CHECK(u.display() == c.display);
  }
}

TEST_CASE("url: malformed URLs are BadUrl errors", "[url]") {
  const std::string bad[] = {
      "https://h:99999",
      "https://h:65536",
      "https://h:0",
      "https://h:-1",
      "https://h:abc",
      "https://h:92a0",
      "https:///idx",
      "https://:9200",
      "https://",
      "",
      "ftp://h",
      "file:///etc/passwd",
      "https://[::1",
      "https://[::1]x",
      "https://u:p@:9200",
      "https://u:p%zz@h",
      "https://u:p%4@h",
      "https://::1:9200",
      "https://[es]:9200",
      "https://[:0][:[:0]]:920",
      "https://h\x1d:9200",
      "https://h st:9200",
      "https://h]:9200",
      "https://h[:9200",
  };
  for (const std::string& text : bad) {
    CAPTURE(text);
    Result<Url> r = escurl::parse_url(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::BadUrl);
    CHECK_FALSE(r.error().message.empty());
  }
}

TEST_CASE("url: a BadUrl message names the reason", "[url]") {
  SECTION("bad port") {
    Result<Url> r = escurl::parse_url("https://h:99999");
    REQUIRE_FALSE(r);
    CHECK(contains(r.error().message, "99999"));
  }
  SECTION("bad scheme") {
    Result<Url> r = escurl::parse_url("ftp://h");
    REQUIRE_FALSE(r);
    CHECK(contains(r.error().message, "ftp"));
  }
}

TEST_CASE("url: a BadUrl message shows control bytes escaped", "[url]") {
  Result<Url> r = escurl::parse_url("https://h\x1b[31m:9200");
  REQUIRE_FALSE(r);
  CHECK(contains(r.error().message, "h\\x1b[31m"));
  CHECK_FALSE(contains(r.error().message, "\x1b"));
}

TEST_CASE("url: a BadUrl message never shows the password", "[url]") {
  const std::string bad[] = {
      "https://elastic:hunter2@h:99999",
      "https://elastic:hunter2@:9200",
      "ftp://elastic:hunter2@h",
  };
  for (const std::string& text : bad) {
    CAPTURE(text);
    Result<Url> r = escurl::parse_url(text);
    REQUIRE_FALSE(r);
    CHECK_FALSE(contains(r.error().message, "hunter2"));
    for (const std::string& h : r.error().hints) CHECK_FALSE(contains(h, "hunter2"));
  }
}

TEST_CASE("url: a BadUrl message hides a password that holds a raw '@'", "[url]") {
  // parse_url splits user information at the last '@', so "hun@ter2" is the password here.
  const Url ok = parse_ok("https://elastic:hun@ter2@h:9200");
  REQUIRE(ok.password.has_value());
  CHECK(ok.password->reveal() == "hun@ter2");
  Result<Url> r = escurl::parse_url("https://elastic:hun@ter2@h:99999");
  REQUIRE_FALSE(r);
  CHECK_FALSE(contains(r.error().message, "ter2"));
}

TEST_CASE("url: a BadUrl message hides a password that holds '/', '?' or '#'", "[url]") {
  // Unencoded, these end the authority early, so "elastic:hunter2" reads as host and port; the
  // message must still not show the would-be password.
  const std::string bad[] = {
      "https://elastic:hunter2/x@h:9200",
      "https://elastic:hunter2?x@h:9200",
      "https://elastic:hunter2#x@h:9200",
  };
  for (const std::string& text : bad) {
    CAPTURE(text);
    Result<Url> r = escurl::parse_url(text);
    REQUIRE_FALSE(r);
    CAPTURE(r.error().message);
    CHECK_FALSE(contains(r.error().message, "hunter2"));
  }
}

TEST_CASE("url: a scheme counts only at the start", "[url]") {
  CHECK(escurl::scheme_length("https://h") == 5);
  CHECK(escurl::scheme_length("HTTP://h") == 4);
  CHECK(escurl::scheme_length("svn+ssh://h") == 7);
  CHECK(escurl::scheme_length("h:9200/x?u=https://y") == 0);
  CHECK(escurl::scheme_length("/_search?q=link:\"https://x\"") == 0);
  CHECK(escurl::scheme_length("1x://h") == 0);
  CHECK(escurl::scheme_length("a b://h") == 0);
  CHECK(escurl::scheme_length("//h:1/x") == 0);
  CHECK(escurl::scheme_length("") == 0);
  const Url u = parse_ok("h:9200/_search?q=link:\"https://x\"");
  CHECK(u.scheme == "https");
  CHECK(u.host == "h");
  CHECK(u.target == "/_search?q=link:\"https://x\"");
}

TEST_CASE("url: USER:PASSWORD where a URL goes is named as such, the password not shown", "[url]") {
  // A forgotten -u: `escurl elastic:changeme`.
  Result<Url> r = escurl::parse_url("elastic:changeme");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::BadUrl);
  CHECK(r.error().message ==
        "'elastic:…' looks like USER:PASSWORD, not a URL (what follows ':' is not a port number)");
  REQUIRE_FALSE(r.error().hints.empty());
  CHECK(contains(r.error().hints.front(), "-u elastic"));
  for (const std::string text : {"elastic:changeme", "https://elastic:changeme/x",
                                 "elastic:changeme/_search", "https://h:changeme"}) {
    CAPTURE(text);
    Result<Url> e = escurl::parse_url(text);
    REQUIRE_FALSE(e);
    CHECK_FALSE(contains(e.error().message, "changeme"));
    for (const std::string& h : e.error().hints) CHECK_FALSE(contains(h, "changeme"));
    CHECK(contains(e.error().message, "not a port number"));
  }
}

TEST_CASE("url: join_path appends a Console-form path to the base path", "[url]") {
  const struct {
    std::string base;
    std::string path;
    std::string target;
  } cases[] = {
      {"https://h:9200", "_cat/indices?v", "/_cat/indices?v"},
      {"https://h:9200", "/_cat/indices?v", "/_cat/indices?v"},
      {"https://h:9200/", "idx/_doc/1", "/idx/_doc/1"},
      {"https://h:9200/prefix/", "/_cat/indices?v", "/prefix/_cat/indices?v"},
      {"https://h:9200/prefix", "_cat/indices?v", "/prefix/_cat/indices?v"},
      {"https://h:9200/prefix//", "//idx", "/prefix/idx"},
      {"https://h:9200/a/b", "c", "/a/b/c"},
      {"https://h:9200/prefix?pretty", "idx", "/prefix/idx"},
      {"https://h:9200", "", "/"},
      {"https://h:9200", "/", "/"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.base, c.path);
    const Url base = parse_ok(c.base);
    const Url joined = escurl::join_path(base, c.path);
    CHECK(joined.target == c.target);
    CHECK(joined.scheme == base.scheme);
    CHECK(joined.host == base.host);
    CHECK(joined.port == base.port);
  }
}

TEST_CASE("url: join_path keeps the base URL's user information", "[url]") {
  const Url base = parse_ok("https://elastic:pw@h:9200/prefix/");
  const Url joined = escurl::join_path(base, "/_security/_authenticate");
  CHECK(joined.target == "/prefix/_security/_authenticate");
  REQUIRE(joined.user.has_value());
  CHECK(*joined.user == "elastic");
  REQUIRE(joined.password.has_value());
  CHECK(joined.password->reveal() == "pw");
  CHECK(joined.display() == "https://h:9200/prefix/_security/_authenticate");
}

TEST_CASE("url: encode_target leaves reserved characters and encodes unsafe bytes", "[url]") {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"/_cat/indices?v", "/_cat/indices?v"},
      {"/idx/_search?q=a%20b&size=1", "/idx/_search?q=a%20b&size=1"},
      {"/a,b,logs-*/_count?filter_path=hits.*", "/a,b,logs-*/_count?filter_path=hits.*"},
      {"/_nodes?filter_path=nodes.*.version%2Cnodes",
       "/_nodes?filter_path=nodes.*.version%2Cnodes"},
      {"/idx/_doc/a:b@c!$'()+;~", "/idx/_doc/a:b@c!$'()+;~"},
      {"/my index", "/my%20index"},
      {"/idx/_search?q=title:\"x y\"", "/idx/_search?q=title:%22x%20y%22"},
      {"/caf\xc3\xa9", "/caf%C3%A9"},
      {"/<>\\^`{|}", "/%3C%3E%5C%5E%60%7B%7C%7D"},
      {"/a\tb", "/a%09b"},
      {"/a\x7f", "/a%7F"},
      {std::string("/a\0b", 4), "/a%00b"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(escurl::encode_target(c.in) == c.out);
  }
}

TEST_CASE("url: is_ip_literal", "[url]") {
  const struct {
    std::string host;
    bool ip;
  } cases[] = {
      {"127.0.0.1", true},   {"10.1.2.3", true},   {"::1", true},
      {"2001:db8::7", true}, {"localhost", false}, {"es.example.com", false},
      {"[::1]", false},      {"1.2.3", false},     {"", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.host);
    CHECK(escurl::is_ip_literal(c.host) == c.ip);
  }
}
