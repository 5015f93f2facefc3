// SPDX-License-Identifier: MIT
// The one check of a request head: tokens for names and the method, no CR/LF/NUL/controls in
// values (a tab and obs-text allowed), framing headers refused, and messages that name the
// header and its origin but never its value.
#include "header_check.h"

#include <string>
#include <vector>

#include "catch.h"

using escurl::check_header;
using escurl::check_request_head;
using escurl::Errc;
using escurl::HeaderField;
using escurl::Request;
using escurl::Secret;
using escurl::ValueFault;

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

Request get_with(std::vector<HeaderField> headers, std::string method = "GET") {
  Request r;
  r.method = std::move(method);
  r.headers = std::move(headers);
  return r;
}

}  // namespace

TEST_CASE("header_check: is_token is RFC 9110's tchar, at least one", "[header_check]") {
  for (const std::string t : {"Authorization", "X-Opaque-Id", "es-security-runas-user", "GET",
                              "M-SEARCH", "!#$%&'*+-.^_`|~09azAZ"}) {
    CAPTURE(t);
    CHECK(escurl::is_token(t));
  }
  const std::vector<std::string> not_tokens = {"",
                                               "X A",
                                               "X:A",
                                               "X\tA",
                                               "GET\r\n",
                                               "caf\xc3\xa9",
                                               "a(b)",
                                               "a\"b",
                                               "a/b",
                                               "a@b",
                                               std::string("a\0b", 3)};
  for (const std::string& t : not_tokens) {
    CAPTURE(t);
    CHECK_FALSE(escurl::is_token(t));
  }
}

TEST_CASE("header_check: value_fault finds line breaks, NUL and controls", "[header_check]") {
  const struct {
    std::string value;
    ValueFault fault;
  } cases[] = {
      {"", ValueFault::None},
      {"application/json; charset=UTF-8", ValueFault::None},
      {"with\ttab", ValueFault::None},
      {"obs-text caf\xc3\xa9 \xff", ValueFault::None},
      {"a\r\nX-Injected: 1", ValueFault::LineBreak},
      {"a\nb", ValueFault::LineBreak},
      {"a\rb", ValueFault::LineBreak},
      {std::string("a\0b", 3), ValueFault::Nul},
      {"esc\x1b[31m", ValueFault::Control},
      {"del\x7f", ValueFault::Control},
      {"bell\x07", ValueFault::Control},
      // A line break is named before anything else it holds.
      {std::string("\x01\0\n", 3), ValueFault::LineBreak},
      {std::string("\x01\0", 2), ValueFault::Nul},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value);
    CHECK(escurl::value_fault(c.value) == c.fault);
  }
}

TEST_CASE("header_check: a bad value names header and origin, never the value", "[header_check]") {
  const auto r = check_header("Authorization", "Bearer s3cr3t\r\nX-Evil: 1", "--bearer", true);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::Usage);
  CHECK(r.error().message ==
        "the Authorization header from --bearer contains a line break (CR/LF)");
  REQUIRE(r.error().hints.size() == 1);
  CHECK(contains(r.error().hints[0], "@FILE"));
  CHECK(contains(r.error().hints[0], "env:NAME"));
  CHECK_FALSE(contains(r.error().message + r.error().hints[0], "s3cr3t"));
  CHECK_FALSE(contains(r.error().message + r.error().hints[0], "Evil"));

  const auto nul = check_header("X-A", std::string("a\0b", 3), "-H @h.txt line 4");
  REQUIRE_FALSE(nul);
  CHECK(nul.error().message == "the X-A header from -H @h.txt line 4 contains a NUL byte");
  CHECK(nul.error().hints == std::vector<std::string>{"remove it from the file"});

  const auto esc = check_header("X-Opaque-Id", "job\x1b[2J", "--opaque-id");
  REQUIRE_FALSE(esc);
  CHECK(esc.error().message ==
        "the X-Opaque-Id header from --opaque-id contains a control character");

  const auto own = check_header("Authorization", "Bearer x\ny", "");
  REQUIRE_FALSE(own);
  CHECK(own.error().message == "the Authorization header contains a line break (CR/LF)");
}

TEST_CASE("header_check: Content-Length and Transfer-Encoding are escurl's to write",
          "[header_check]") {
  for (const std::string name :
       {"Content-Length", "content-length", "Transfer-Encoding", "TRANSFER-ENCODING"}) {
    CAPTURE(name);
    const auto r = check_header(name, "1", "-H");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "escurl frames the request body itself"));
    CHECK(contains(r.error().message, "from -H"));
  }
  CHECK(check_header("Content-Type", "application/json", "-H"));
  CHECK(check_header("Content-Encoding", "gzip", "-H"));
}

TEST_CASE("header_check: a name that is not a token is refused without echoing it",
          "[header_check]") {
  const auto r = check_header("Bearer s3cr3t", "x", "-H");
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::Usage);
  CHECK_FALSE(contains(r.error().message, "s3cr3t"));
  CHECK_FALSE(check_header("", "x", "-H"));
  CHECK_FALSE(check_header("X\r\nY", "x", "-H"));
}

TEST_CASE("header_check: check_request_head checks the method, then every header",
          "[header_check]") {
  CHECK(check_request_head(get_with({{"User-Agent", std::string("escurl/1")},
                                     {"Authorization", Secret("Bearer tok"), "--bearer"},
                                     {"X-Tab", std::string("a\tb"), "-H"}})));
  SECTION("a method with a line break: a second request smuggled") {
    const auto r = check_request_head(get_with({}, "GET / HTTP/1.1\r\nHost: x\r\n\r\nDELETE"));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(contains(r.error().message, "is not a valid HTTP method"));
    CHECK(contains(r.error().message, "line break"));
    CHECK_FALSE(contains(r.error().message, "\r"));
    CHECK_FALSE(contains(r.error().message, "\n"));
  }
  SECTION("an empty method, or one with a space") {
    CHECK_FALSE(check_request_head(get_with({}, "")));
    CHECK_FALSE(check_request_head(get_with({}, "GET /x")));
  }
  SECTION("a secret header's value is judged, and its origin named") {
    const auto r = check_request_head(
        get_with({{"X-Ok", std::string("1"), "-H"},
                  {"ES-Client-Authentication", Secret("SharedSecret a\r\nb"), "--client-secret"}}));
    REQUIRE_FALSE(r);
    CHECK(r.error().message ==
          "the ES-Client-Authentication header from --client-secret contains a line break "
          "(CR/LF)");
    CHECK(contains(r.error().hints.at(0), "remove it there"));
  }
  SECTION("a -H credential header is worded as a secret too") {
    const auto r = check_request_head(get_with({{"Authorization", Secret("Bearer a\nb"), "-H"}}));
    REQUIRE_FALSE(r);
    CHECK(contains(r.error().hints.at(0), "@FILE"));
  }
}
