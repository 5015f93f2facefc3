// SPDX-License-Identifier: MIT
// MeteredStream over httplib's BufferStream; TlsStream over a socketpair with an OpenSSL server
// on the other end (in-process, no network).
#include "stream_adapters.h"

#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "catch.h"
#include <string>
#include <thread>

#include "certgen.h"

using escurl::HeadLimits;
using escurl::MeteredStream;
using escurl::ReplyMeter;
using escurl::TlsStream;

TEST_CASE("stream_adapters: MeteredStream passes reads through the meter", "[stream_adapters]") {
  httplib::detail::BufferStream buffer;
  const std::string reply = "HTTP/1.1 200 OK\r\n" + std::string(100, 'a');
  buffer.write(reply.data(), reply.size());
  ReplyMeter meter(HeadLimits{.max_line = 50, .max_head = 1000});
  MeteredStream stream(buffer, meter);
  char buf[17];
  REQUIRE(stream.read(buf, sizeof buf) == 17);
  CHECK(meter.head_bytes() == 17);
  CHECK(meter.first_bytes() == "HTTP/1.1 200 OK\r\n");
  char rest[200];
  CHECK(stream.read(rest, sizeof rest) == -1);  // the 100-byte line breaks max_line
  CHECK(meter.overrun() == ReplyMeter::Overrun::Line);
  const std::string request = "GET / HTTP/1.1\r\n";
  CHECK(stream.write(request.data(), request.size()) == static_cast<ssize_t>(request.size()));
}

TEST_CASE("stream_adapters: TlsStream reads, writes, times out and sees close_notify",
          "[stream_adapters]") {
  es_sandbox::Certificate cert =
      *es_sandbox::make_self_signed_leaf({.common_name = "localhost", .dns_names = {"localhost"}});
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  SSL_CTX* server_ctx = SSL_CTX_new(TLS_server_method());
  REQUIRE(SSL_CTX_use_certificate(server_ctx, cert.x509()) == 1);
  REQUIRE(SSL_CTX_use_PrivateKey(server_ctx, cert.key()) == 1);
  SSL_CTX* client_ctx = SSL_CTX_new(TLS_client_method());
  SSL* server = SSL_new(server_ctx);
  SSL* client = SSL_new(client_ctx);
  SSL_set_fd(server, fds[1]);
  SSL_set_fd(client, fds[0]);
  std::thread peer([&] {
    if (SSL_accept(server) != 1) return;
    char buf[5];
    if (SSL_read(server, buf, sizeof buf) != 5) return;
    SSL_write(server, "world", 5);
    // Stays silent long enough for the client's read to time out, then closes.
    char wait;
    SSL_read(server, &wait, 1);
    SSL_shutdown(server);
  });
  REQUIRE(SSL_connect(client) == 1);
  TlsStream stream(fds[0], client, 0.2, 1);
  CHECK(stream.write("hello", 5) == 5);
  char buf[16];
  std::string got;
  while (got.size() < 5) {
    const ssize_t n = stream.read(buf, sizeof buf);
    REQUIRE(n > 0);
    got.append(buf, static_cast<std::size_t>(n));
  }
  CHECK(got == "world");
  CHECK(stream.read(buf, sizeof buf) == -1);  // nothing within 0.2 s
  CHECK(stream.write("x", 1) == 1);           // lets the peer close
  CHECK(stream.read(buf, sizeof buf) == 0);   // close_notify is the end of the stream
  CHECK(stream.socket() == fds[0]);
  peer.join();
  SSL_free(client);
  SSL_free(server);
  SSL_CTX_free(client_ctx);
  SSL_CTX_free(server_ctx);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE(
    "stream_adapters: small reads come from a buffer, in order with large ones; the hook "
    "runs before a wait",
    "[stream_adapters]") {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  std::string sent = "HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n";
  for (int i = 0; i < 3000; ++i) sent += static_cast<char>('a' + i % 26);
  REQUIRE(::write(fds[1], sent.data(), sent.size()) == static_cast<ssize_t>(sent.size()));
  int waits = 0;
  escurl::PlainStream stream(fds[0], 0.2, 1, [&waits] { ++waits; });
  std::string got;
  char c = 0;
  // The head a byte at a time, as httplib reads it, then the body in large pieces.
  while (got.size() < 4 || got.compare(got.size() - 4, 4, "\r\n\r\n") != 0) {
    REQUIRE(stream.read(&c, 1) == 1);
    got += c;
  }
  char piece[2048];
  while (got.size() < sent.size()) {
    const ssize_t n = stream.read(piece, sizeof piece);
    REQUIRE(n > 0);
    got.append(piece, static_cast<std::size_t>(n));
  }
  CHECK(got == sent);
  CHECK(waits == 0);                              // everything was there
  CHECK(stream.read(piece, sizeof piece) == -1);  // nothing more: waited, then timed out
  CHECK(waits == 1);
  ::close(fds[0]);
  ::close(fds[1]);
}
