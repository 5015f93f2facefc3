// SPDX-License-Identifier: MIT
// run_exchange over a socketpair: a peer thread reads the request and answers with scripted
// bytes, so framing, interim answers, decoding, reuse and failures are checked byte for byte.
#include "http_exchange.h"

#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "catch.h"
#include "gzip_bytes.h"

using escurl::BodyFraming;
using escurl::PlainStream;
using escurl::ReplyMeter;
using escurl::RequestFraming;
using escurl::ResponseHead;
using escurl::WireError;
using escurl::WireOutcome;
using escurl::WireRequest;

namespace {

struct Run {
  WireOutcome outcome;
  ResponseHead head;
  std::string body;
  std::string request;  // what the peer received
};

// Sends `request` and has the peer answer `reply` (then close when `close_after`).
Run exchange(WireRequest request, const std::string& reply, bool close_after = true,
             std::size_t reply_step = 0) {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
  Run run;
  std::thread peer([&] {
    char buf[65536];
    // Reads until the request looks whole (its head, and a body if announced), then answers.
    for (;;) {
      const ssize_t n = ::recv(fds[1], buf, sizeof buf, 0);
      if (n > 0) run.request.append(buf, static_cast<std::size_t>(n));
      if (n == 0) break;
      const std::size_t end = run.request.find("\r\n\r\n");
      if (end != std::string::npos) {
        const std::size_t cl = run.request.find("Content-Length: ");
        const std::size_t want =
            cl == std::string::npos ? 0 : std::stoul(run.request.substr(cl + 16));
        const bool chunked = run.request.find("chunked") != std::string::npos;
        if (chunked ? run.request.ends_with("0\r\n\r\n") : run.request.size() >= end + 4 + want) {
          break;
        }
      }
      if (n < 0) ::usleep(1000);
    }
    const std::size_t step = reply_step == 0 ? reply.size() : reply_step;
    for (std::size_t at = 0; at < reply.size(); at += step) {
      (void)::send(fds[1], reply.data() + at, std::min(step, reply.size() - at), MSG_NOSIGNAL);
      if (reply_step != 0) ::usleep(200);
    }
    if (close_after) ::shutdown(fds[1], SHUT_WR);
  });
  PlainStream stream(fds[0]);
  stream.set_timeouts(5, 5);
  ReplyMeter meter;
  escurl::WireCallbacks cb{.on_head =
                               [&](const ResponseHead& h) {
                                 run.head = h;
                                 return true;
                               },
                           .on_body =
                               [&](const char* p, std::size_t n) {
                                 run.body.append(p, n);
                                 return true;
                               }};
  run.outcome = escurl::run_exchange(stream, request, meter, cb);
  ::shutdown(fds[0], SHUT_RDWR);
  peer.join();
  ::close(fds[0]);
  ::close(fds[1]);
  return run;
}

WireRequest get(std::string_view method = "GET") {
  WireRequest r;
  r.method = method;
  r.target = "/idx/_search";
  r.host = "es:9200";
  r.headers = {{"Accept", "application/json"}};
  return r;
}

}  // namespace

TEST_CASE("http_exchange: a Content-Length response, and the request as sent", "[http_exchange]") {
  Run r = exchange(get(), "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello", false);
  CHECK(r.outcome.error == WireError::None);
  CHECK(r.request ==
        "GET /idx/_search HTTP/1.1\r\nHost: es:9200\r\nAccept: application/json\r\n\r\n");
  CHECK(r.head.status == 200);
  CHECK(r.head.reason == "OK");
  CHECK(r.head.header("x-a") == "b");
  CHECK(r.body == "hello");
  CHECK(r.outcome.body_bytes == 5);
  CHECK(r.outcome.reusable);
}

TEST_CASE("http_exchange: chunked, until-close and empty bodies", "[http_exchange]") {
  SECTION("chunked, delivered a few bytes at a time") {
    Run r =
        exchange(get(),
                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n2\r\nef\r\n0"
                 "\r\n\r\n",
                 false, 3);
    CHECK(r.outcome.error == WireError::None);
    CHECK(r.body == "abcdef");
    CHECK(r.outcome.reusable);
  }
  SECTION("until the close: read whole, never reused") {
    Run r = exchange(get(), "HTTP/1.1 200 OK\r\n\r\nall of it");
    CHECK(r.outcome.error == WireError::None);
    CHECK(r.body == "all of it");
    CHECK_FALSE(r.outcome.reusable);
  }
  SECTION("HEAD and 204 have no body whatever their headers say") {
    Run head = exchange(get("HEAD"), "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", false);
    CHECK(head.outcome.error == WireError::None);
    CHECK(head.outcome.head_seen);
    CHECK(head.body.empty());
    Run none = exchange(get(), "HTTP/1.1 204 No Content\r\n\r\n", false);
    CHECK(none.outcome.error == WireError::None);
    CHECK(none.head.status == 204);
  }
  SECTION("Connection: close and HTTP/1.0 are not reused") {
    CHECK_FALSE(exchange(get(), "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .outcome.reusable);
    CHECK_FALSE(exchange(get(), "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").outcome.reusable);
  }
}

TEST_CASE("http_exchange: 1xx interim answers are skipped", "[http_exchange]") {
  Run r = exchange(get(),
                   "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: x\r\n\r\n"
                   "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                   false);
  CHECK(r.outcome.error == WireError::None);
  CHECK(r.head.status == 201);
  CHECK(r.head.headers.size() == 1);
  CHECK(r.body == "ok");
}

TEST_CASE("http_exchange: bodies sent inline, by length and chunked", "[http_exchange]") {
  SECTION("inline") {
    WireRequest w = get("PUT");
    w.inline_body = "{\"a\":1}";
    w.framing = {RequestFraming::Kind::Length, 7};
    Run r = exchange(w, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(r.request.ends_with("Content-Length: 7\r\n\r\n{\"a\":1}"));
  }
  SECTION("from a source, chunked") {
    WireRequest w = get("POST");
    int calls = 0;
    w.source = [&calls](char* buf, std::size_t) -> ssize_t {
      if (++calls > 2) return 0;
      buf[0] = calls == 1 ? 'x' : 'y';
      return 1;
    };
    w.framing = {RequestFraming::Kind::Chunked, 0};
    Run r = exchange(w, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
    CHECK(r.request.ends_with("Transfer-Encoding: chunked\r\n\r\n1\r\nx\r\n1\r\ny\r\n0\r\n\r\n"));
  }
  SECTION("a source that fails stops the exchange") {
    WireRequest w = get("POST");
    w.source = [](char*, std::size_t) -> ssize_t { return -1; };
    w.framing = {RequestFraming::Kind::Length, 10};
    Run r = exchange(w, "", true);
    CHECK(r.outcome.error == WireError::BodySource);
  }
}

TEST_CASE("http_exchange: gzip is decoded only when asked for", "[http_exchange]") {
  const std::string packed = gzip_bytes("{\"hits\":[]}");
  const std::string reply = "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                            std::to_string(packed.size()) + "\r\n\r\n" + packed;
  WireRequest w = get();
  CHECK(exchange(w, reply, false).body == packed);
  w.decompress = true;
  Run decoded = exchange(w, reply, false);
  CHECK(decoded.outcome.error == WireError::None);
  CHECK(decoded.body == "{\"hits\":[]}");
  Run corrupt =
      exchange(w, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope");
  CHECK(corrupt.outcome.error == WireError::Decode);
  CHECK(corrupt.outcome.detail.starts_with("gzip: "));
  // (exchange): a std::string argument would bring std::exchange in by ADL.
  Run cut = (exchange)(w, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n" +
                              packed.substr(0, 4));
  CHECK(cut.outcome.error == WireError::Decode);
  CHECK(cut.outcome.detail == "gzip: it ends before its gzip stream does");
}

TEST_CASE("http_exchange: broken replies fail with their reason", "[http_exchange]") {
  SECTION("a body shorter than its Content-Length") {
    Run r = exchange(get(), "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    CHECK(r.outcome.error == WireError::Read);
    CHECK(r.outcome.head_seen);
    CHECK(r.body == "abc");
  }
  SECTION("a close before the head ends") {
    Run r = exchange(get(), "HTTP/1.1 200 OK\r\nContent-");
    CHECK(r.outcome.error == WireError::Read);
    CHECK_FALSE(r.outcome.head_seen);
  }
  SECTION("not HTTP at all: no wait for a line end") {
    Run r = exchange(get(), "SSH-2.0-OpenSSH", false);
    CHECK(r.outcome.error == WireError::Read);
  }
  SECTION("a malformed status line, header line, chunk or length") {
    CHECK(exchange(get(), "HTTP/1.1 2x0 OK\r\n\r\n").outcome.error == WireError::Framing);
    CHECK(exchange(get(), "HTTP/1.1 200 OK\r\n folded\r\n\r\n").outcome.error ==
          WireError::Framing);
    Run chunk = exchange(get(), "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nq\r\n");
    CHECK(chunk.outcome.error == WireError::Framing);
    CHECK(chunk.outcome.detail == "a chunk size is not hexadecimal");
    CHECK(exchange(get(), "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
              .outcome.error == WireError::Framing);
  }
}
