// SPDX-License-Identifier: MIT
#include "transport_errors.h"

#include <cerrno>
#include <string>

#include "catch.h"

using escurl::classify;
using escurl::Errc;
using escurl::Error;
using escurl::ExchangeFacts;
using escurl::HeadLimits;
using escurl::ReplyMeter;
using escurl::TransportOptions;
using escurl::Url;

namespace {

Url node() { return Url{.scheme = "http", .host = "es.example", .port = 9200}; }

Error read_failure(const ExchangeFacts& facts, TransportOptions o = {}) {
  return classify({.error = escurl::WireError::Read}, node(), facts, o, nullptr);
}

bool says(const Error& e, const std::string& text) {
  return e.message.find(text) != std::string::npos;
}

}  // namespace

TEST_CASE("transport_errors: nothing at all is an empty reply; a reset says so",
          "[transport_errors]") {
  ReplyMeter meter;
  ExchangeFacts facts{.meter = &meter};
  Error closed = read_failure(facts);
  CHECK(closed.code == Errc::EmptyReply);
  CHECK(says(closed, "es.example:9200 closed the connection without a reply"));
  meter.read_failed(ECONNRESET);
  CHECK(says(read_failure(facts), "reset the connection without a reply"));
}

TEST_CASE("transport_errors: a head cut short is a receive error", "[transport_errors]") {
  ReplyMeter meter;
  const std::string part = "HTTP/1.1 200 OK\r\nContent-";
  meter.accept(part.data(), part.size());
  Error e = read_failure({.meter = &meter});
  CHECK(e.code == Errc::RecvError);
  CHECK(says(e, "after 25 bytes of the response head"));
}

TEST_CASE("transport_errors: a reply that is not HTTP is a bad reply, TLS an empty one",
          "[transport_errors]") {
  ReplyMeter garbage;
  const std::string g = "GARBAGE/9.9 what\r\n";
  garbage.accept(g.data(), g.size());
  Error e = read_failure({.meter = &garbage});
  CHECK(e.code == Errc::BadReply);
  CHECK(says(e, "the reply starts \"GARBAGE/9.9 what\\r\\n\""));

  ReplyMeter tls;
  const std::string alert("\x15\x03\x03\x00\x02\x02\x46", 7);
  tls.accept(alert.data(), alert.size());
  Error t = read_failure({.meter = &tls});
  CHECK(t.code == Errc::EmptyReply);
  CHECK(says(t, "answered in TLS"));
}

TEST_CASE("transport_errors: broken head limits name the limit", "[transport_errors]") {
  ReplyMeter line(HeadLimits{.max_line = 8, .max_head = 100});
  const std::string l = "HTTP/1.1 200 OK\r\n";
  line.accept(l.data(), l.size());
  CHECK(read_failure({.meter = &line}).code == Errc::BadReply);
  CHECK(says(read_failure({.meter = &line}), "longer than 8 bytes"));

  ReplyMeter head(HeadLimits{.max_line = 100, .max_head = 2048});
  const std::string h = "X: y\r\n";
  while (head.accept(h.data(), h.size())) {
  }
  CHECK(says(read_failure({.meter = &head}), "did not end within 2 KiB"));
}

TEST_CASE("transport_errors: a failure after the head flags the body incomplete",
          "[transport_errors]") {
  ReplyMeter meter;
  ExchangeFacts facts{.head_seen = true, .body_bytes = 42, .meter = &meter};
  Error lost = read_failure(facts);
  CHECK(lost.code == Errc::RecvError);
  CHECK(says(lost, "lost after 42 body bytes; the response is incomplete"));

  TransportOptions o;
  o.max_time = 2;
  facts.deadline_hit = true;
  Error late = read_failure(facts, o);
  CHECK(late.code == Errc::Timeout);
  CHECK(says(late, "--max-time 2s; the response is incomplete (42 body bytes received)"));

  facts.interrupted = true;
  Error stopped = read_failure(facts, o);
  CHECK(stopped.code == Errc::Interrupted);
  CHECK(says(stopped, "interrupted; the response is incomplete"));
}

TEST_CASE("transport_errors: silence past --read-timeout is a timeout", "[transport_errors]") {
  ReplyMeter meter;  // its last byte is "now", so a zero read timeout has passed
  TransportOptions o;
  o.read_timeout = 0;
  Error e = read_failure({.meter = &meter}, o);
  CHECK(e.code == Errc::Timeout);
  CHECK(says(e, "(--read-timeout)"));
}

TEST_CASE("transport_errors: connect and handshake failures name their cause",
          "[transport_errors]") {
  using escurl::WireError;
  TransportOptions o;
  o.connect_timeout = 3;
  const Error resolve = classify(
      {.error = WireError::Resolve, .detail = "Name or service not known"}, node(), {}, o, nullptr);
  CHECK(resolve.code == Errc::Resolve);
  CHECK(says(resolve, "cannot resolve host 'es.example': Name or service not known"));
  const Error refused = classify({.error = WireError::Connection, .detail = "Connection refused"},
                                 node(), {}, o, nullptr);
  CHECK(refused.code == Errc::Connect);
  CHECK(says(refused, "cannot connect to es.example:9200: connection refused"));
  const Error tcp = classify({.error = WireError::ConnectionTimeout}, node(), {}, o, nullptr);
  CHECK(tcp.code == Errc::Timeout);
  CHECK(says(tcp, "timed out after 3s"));
  const Error tls = classify({.error = WireError::TlsHandshakeTimeout}, node(), {}, o, nullptr);
  CHECK(tls.code == Errc::Timeout);
  CHECK(
      says(tls, "TLS handshake with es.example:9200 did not finish within 3s (--connect-timeout)"));
}

TEST_CASE("transport_errors: a malformed head is a bad reply; a corrupt body says so",
          "[transport_errors]") {
  using escurl::WireError;
  ReplyMeter meter;
  REQUIRE(meter.accept("HTTP/1.1 200 OK\r\n", 17));
  const Error head = classify({.error = WireError::Framing, .detail = "it has two lengths"}, node(),
                              {.meter = &meter}, {}, nullptr);
  CHECK(head.code == Errc::BadReply);
  CHECK(says(head, "es.example:9200 sent a malformed response: it has two lengths"));
  meter.head_done();
  // curl's codes: 56 for a bad chunk, 61 (bad content encoding) for a bad gzip stream.
  const Error chunk =
      classify({.error = WireError::Framing, .detail = "a chunk size is not hexadecimal"}, node(),
               {.head_seen = true, .body_bytes = 5, .meter = &meter}, {}, nullptr);
  CHECK(chunk.code == Errc::RecvError);
  CHECK(says(chunk,
             "the response body from es.example:9200 is corrupt: bad chunked coding (a "
             "chunk size is not hexadecimal)"));
  CHECK(says(chunk, "the response is incomplete (5 body bytes received)"));
  CHECK_FALSE(says(chunk, "lost"));
  const Error decode =
      classify({.error = WireError::Decode, .detail = "gzip: incorrect header check"}, node(),
               {.head_seen = true, .meter = &meter}, {}, nullptr);
  CHECK(decode.code == Errc::BadContentEncoding);
  CHECK(says(decode,
             "the response body from es.example:9200 is not valid gzip: incorrect header "
             "check"));
}
