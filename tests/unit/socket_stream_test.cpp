// SPDX-License-Identifier: MIT
// TlsStream over a socketpair with an OpenSSL server on the other end, and PlainStream's waits
// and hook (in-process, no network).
#include "socket_stream.h"

#include <fcntl.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "catch.h"
#include "certgen.h"

using escurl::PlainStream;
using escurl::TlsStream;

TEST_CASE("socket_stream: TlsStream reads, writes, times out and sees close_notify",
          "[socket_stream]") {
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
  ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  TlsStream stream(fds[0], client);
  stream.set_timeouts(0.2, 1);
  CHECK(stream.write("hello", 5) == 5);
  char buf[16];
  std::string got;
  while (got.size() < 5) {
    const ssize_t n = stream.read(buf, sizeof buf);
    REQUIRE(n > 0);
    got.append(buf, static_cast<std::size_t>(n));
  }
  CHECK(got == "world");
  errno = 0;
  CHECK(stream.read(buf, sizeof buf) == -1);  // nothing within 0.2 s
  CHECK(errno == ETIMEDOUT);
  CHECK(stream.write("x", 1) == 1);          // lets the peer close
  CHECK(stream.read(buf, sizeof buf) == 0);  // close_notify is the end of the stream
  peer.join();
  SSL_free(client);
  SSL_free(server);
  SSL_CTX_free(client_ctx);
  SSL_CTX_free(server_ctx);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("socket_stream: PlainStream reads what is there, runs the hook before a wait",
          "[socket_stream]") {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) == 0);
  const std::string sent(3000, 'a');
  REQUIRE(::write(fds[1], sent.data(), sent.size()) == static_cast<ssize_t>(sent.size()));
  int waits = 0;
  PlainStream stream(fds[0]);
  stream.set_timeouts(0.2, 1);
  stream.set_before_wait([&waits] { ++waits; });
  CHECK(stream.readable_now());
  std::string got;
  char piece[2048];
  while (got.size() < sent.size()) {
    const ssize_t n = stream.read(piece, sizeof piece);
    REQUIRE(n > 0);
    got.append(piece, static_cast<std::size_t>(n));
  }
  CHECK(got == sent);
  CHECK(waits == 0);  // everything was there
  CHECK_FALSE(stream.readable_now());
  CHECK(stream.read(piece, sizeof piece) == -1);  // nothing more: waited, then timed out
  CHECK(waits == 1);
  CHECK(stream.write_all("ping", 4));
  ::shutdown(fds[1], SHUT_WR);
  CHECK(stream.readable_now());  // a close reads as readable: not reusable
  CHECK(stream.read(piece, sizeof piece) == 0);
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST_CASE("socket_stream: poll timeouts round up and stay in range", "[socket_stream]") {
  CHECK(escurl::to_poll_ms(0) == 0);
  CHECK(escurl::to_poll_ms(0.0001) == 1);
  CHECK(escurl::to_poll_ms(2.5) == 2500);
  CHECK(escurl::to_poll_ms(1e12) == INT_MAX);
}
