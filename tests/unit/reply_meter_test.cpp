// SPDX-License-Identifier: MIT
#include "reply_meter.h"

#include <string>

#include "catch.h"

using escurl::HeadLimits;
using escurl::looks_like_tls;
using escurl::printable_prefix;
using escurl::ReplyMeter;

namespace {

bool feed(ReplyMeter& m, const std::string& s) { return m.accept(s.data(), s.size()); }

}  // namespace

TEST_CASE("reply_meter: counts head bytes and keeps the first ones", "[reply_meter]") {
  ReplyMeter m;
  CHECK(feed(m, "HTTP/1.1 200 OK\r\n"));
  CHECK(feed(m, "Content-Length: 2\r\n\r\n"));
  CHECK(m.head_bytes() == 38);
  CHECK(m.first_bytes().rfind("HTTP/1.1 200 OK", 0) == 0);
  CHECK(m.overrun() == ReplyMeter::Overrun::None);
  m.head_done();
  CHECK(feed(m, std::string(1 << 20, 'x')));  // body bytes are not checked
  CHECK(m.head_bytes() == 38);
  CHECK(m.first_bytes().size() == 38);  // only head bytes are kept
}

TEST_CASE("reply_meter: a line over the limit fails the read that crosses it", "[reply_meter]") {
  ReplyMeter m(HeadLimits{.max_line = 10, .max_head = 1000});
  CHECK(feed(m, "123456789\n"));  // 10 bytes with the newline: at the limit
  CHECK(feed(m, "123456789"));
  CHECK_FALSE(feed(m, "01"));
  CHECK(m.overrun() == ReplyMeter::Overrun::Line);
  CHECK_FALSE(feed(m, "\n"));  // stays failed
}

TEST_CASE("reply_meter: a head over the limit fails even with short lines", "[reply_meter]") {
  ReplyMeter m(HeadLimits{.max_line = 100, .max_head = 60});
  for (int i = 0; i < 5; ++i) CHECK(feed(m, "X-A: 12345\r\n"));
  CHECK_FALSE(feed(m, "X-A: 12345\r\n"));
  CHECK(m.overrun() == ReplyMeter::Overrun::Head);
}

TEST_CASE("reply_meter: notes the errno of a failed read", "[reply_meter]") {
  ReplyMeter m;
  CHECK(m.read_errno() == 0);
  m.read_failed(104);
  CHECK(m.read_errno() == 104);
}

TEST_CASE("reply_meter: printable_prefix escapes and cuts", "[reply_meter]") {
  CHECK(printable_prefix("GARBAGE/9.9\r\n") == "GARBAGE/9.9\\r\\n");
  CHECK(printable_prefix(std::string("\x15\x03\x01", 3)) == "\\x15\\x03\\x01");
  CHECK(printable_prefix(std::string(100, 'a')) == std::string(40, 'a'));
}

TEST_CASE("reply_meter: looks_like_tls knows an alert or handshake record", "[reply_meter]") {
  CHECK(looks_like_tls(std::string("\x15\x03\x03\x00\x02", 5)));
  CHECK(looks_like_tls(std::string("\x16\x03\x01", 3)));
  CHECK_FALSE(looks_like_tls("HTTP/1.1 200 OK"));
  CHECK_FALSE(looks_like_tls(std::string("\x15", 1)));
}
