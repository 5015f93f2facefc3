// SPDX-License-Identifier: MIT
// base64: the standard alphabet with padding (RFC 4648 §4), as Basic and ApiKey credentials use.
#include "base64.h"

#include <optional>
#include <string>

#include "catch.h"

namespace {

struct Vector {
  std::string bytes;
  std::string encoded;
};

// RFC 4648 §10, plus the credential examples of the Elasticsearch reference (§5) and bytes that
// need the '+' and '/' characters of the standard alphabet.
const Vector kVectors[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
    {"rdeniro:taxidriver", "cmRlbmlybzp0YXhpZHJpdmVy"},
    {"VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw",
     "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="},
    {std::string("\xfb\xff"), "+/8="},
    {std::string("\x00\xff\xfe\x01", 4), "AP/+AQ=="},
};

}  // namespace

TEST_CASE("base64: encodes the RFC 4648 test vectors and credential examples", "[base64]") {
  for (const Vector& v : kVectors) {
    CAPTURE(v.bytes);
    CHECK(escurl::base64_encode(v.bytes) == v.encoded);
  }
}

TEST_CASE("base64: decodes the RFC 4648 test vectors and credential examples", "[base64]") {
  for (const Vector& v : kVectors) {
    CAPTURE(v.encoded);
    const std::optional<std::string> decoded = escurl::base64_decode(v.encoded);
    REQUIRE(decoded.has_value());
    CHECK(*decoded == v.bytes);
  }
}

TEST_CASE("base64: padding is optional when decoding", "[base64]") {
  const Vector unpadded[] = {
      {"f", "Zg"},
      {"fo", "Zm8"},
      {"foob", "Zm9vYg"},
      {"fooba", "Zm9vYmE"},
      {"VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw",
       "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw"},
  };
  for (const Vector& v : unpadded) {
    CAPTURE(v.encoded);
    const std::optional<std::string> decoded = escurl::base64_decode(v.encoded);
    REQUIRE(decoded.has_value());
    CHECK(*decoded == v.bytes);
  }
}

TEST_CASE("base64: encoding always pads to a multiple of four", "[base64]") {
  for (std::size_t n = 0; n < 12; ++n) {
    const std::string bytes(n, 'x');
    const std::string encoded = escurl::base64_encode(bytes);
    CAPTURE(n, encoded);
    CHECK(encoded.size() == (n + 2) / 3 * 4);
    CHECK(encoded.size() % 4 == 0);
  }
}

TEST_CASE("base64: every byte value round-trips", "[base64]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  const std::optional<std::string> back = escurl::base64_decode(escurl::base64_encode(all));
  REQUIRE(back.has_value());
  CHECK(*back == all);
}

TEST_CASE("base64: decoding rejects the URL-safe alphabet and other characters", "[base64]") {
  const std::string rejected[] = {
      "-_8=",          // URL-safe form of "+/8="
      "Zm9v-w==",      // '-'
      "Zm9v_w==",      // '_'
      "Zm9v Yg==",     // space
      "Zm9v\nYg==",    // line break
      "Zm9vYg==Zg==",  // padding in the middle
      "Zm9v*g==",      // not in any alphabet
      "Zm9vY",         // a lone sixth bit group cannot encode a byte
      "Z",
  };
  for (const std::string& text : rejected) {
    CAPTURE(text);
    CHECK_FALSE(escurl::base64_decode(text).has_value());
  }
}

TEST_CASE("base64: the standard alphabet's + and / decode", "[base64]") {
  const std::optional<std::string> decoded = escurl::base64_decode("+/8=");
  REQUIRE(decoded.has_value());
  CHECK(*decoded == std::string("\xfb\xff"));
}

TEST_CASE("base64: a PEM body's lines decode, whitespace skipped anywhere", "[base64]") {
  CHECK(escurl::base64_decode_lines("Zm9v\r\nYmFy\n") == std::optional<std::string>("foobar"));
  CHECK(escurl::base64_decode_lines(" Zm 9v\tYg= =\n") == std::optional<std::string>("foob"));
  CHECK(escurl::base64_decode_lines("") == std::optional<std::string>(""));
  for (const std::string text : {"Zm9vYg==\nZg==", "Zm9v*g==", "Zm9v\vYg==", "Zm9vY\n", "-_8="}) {
    CAPTURE(text);
    CHECK_FALSE(escurl::base64_decode_lines(text).has_value());
  }
}
