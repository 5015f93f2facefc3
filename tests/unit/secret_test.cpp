// SPDX-License-Identifier: MIT
// Secret: formatting never shows the bytes, reveal() does, and a moved-from secret is empty.
#include "secret.h"

#include <fmt/format.h>

#include <sstream>
#include <string>
#include <utility>

#include "catch.h"

using escurl::Secret;

TEST_CASE("secret: fmt::format prints <redacted>", "[secret]") {
  const Secret s("hunter2");
  CHECK(fmt::format("{}", s) == "<redacted>");
  CHECK(fmt::format("password={}", s) == "password=<redacted>");
  CHECK(fmt::format("{:>12}", s) == "  <redacted>");
  CHECK(fmt::format("{}", s).find("hunter2") == std::string::npos);
}

TEST_CASE("secret: operator<< prints <redacted>", "[secret]") {
  const Secret s("hunter2");
  std::ostringstream os;
  os << "pw=" << s << ";";
  CHECK(os.str() == "pw=<redacted>;");
}

TEST_CASE("secret: kRedacted is the text printed", "[secret]") {
  CHECK(escurl::kRedacted == "<redacted>");
}

TEST_CASE("secret: reveal() returns the bytes unchanged", "[secret]") {
  const std::string bytes("p\xc3\xa4ss:w\0rd\n", 11);
  const Secret s(bytes);
  CHECK(s.reveal() == bytes);
  CHECK(s.reveal().size() == 11);
  CHECK_FALSE(s.empty());
}

TEST_CASE("secret: a default secret is empty", "[secret]") {
  const Secret s;
  CHECK(s.empty());
  CHECK(s.reveal().empty());
  CHECK(fmt::format("{}", s) == "<redacted>");
}

TEST_CASE("secret: moves leave the source empty", "[secret]") {
  SECTION("move construction") {
    Secret a("token-123");
    Secret b(std::move(a));
    CHECK(b.reveal() == "token-123");
    CHECK(a.empty());  // NOLINT(bugprone-use-after-move): the contract under test
    CHECK(a.reveal().empty());
  }
  SECTION("move assignment") {
    Secret a("token-123");
    Secret b("old-value");
    b = std::move(a);
    CHECK(b.reveal() == "token-123");
    CHECK(a.empty());  // NOLINT(bugprone-use-after-move)
  }
}

TEST_CASE("secret: copies hold the same bytes and leave the source intact", "[secret]") {
  SECTION("copy construction") {
    const Secret a("abc");
    const Secret b(a);
    CHECK(a.reveal() == "abc");
    CHECK(b.reveal() == "abc");
  }
  SECTION("copy assignment over a longer value") {
    const Secret a("abc");
    Secret b("a much longer previous value");
    b = a;
    CHECK(b.reveal() == "abc");
    CHECK(a.reveal() == "abc");
  }
}

TEST_CASE("secret: secure_wipe empties the string", "[secret]") {
  std::string s = "sensitive";
  escurl::secure_wipe(s);
  CHECK(s.empty());
  std::string empty;
  escurl::secure_wipe(empty);
  CHECK(empty.empty());
}
