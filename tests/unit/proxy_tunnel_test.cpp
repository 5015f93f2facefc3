// SPDX-License-Identifier: MIT
// ProxyTunnel against a scripted one-connection proxy on 127.0.0.1: the CONNECT head it sends,
// how each answer is classified, and that the relay carries bytes both ways.
#include "proxy_tunnel.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "catch.h"

using escurl::Errc;
using escurl::ProxyOptions;
using escurl::ProxyTunnel;
using escurl::Secret;

namespace {

int listen_any(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  ::listen(fd, 4);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  port = ntohs(a.sin_port);
  return fd;
}

/// Accepts one connection, records the CONNECT head, answers `reply` (nothing when empty), then
/// echoes every byte back until the client closes.
class ScriptedProxy {
 public:
  explicit ScriptedProxy(std::string reply) : reply_(std::move(reply)) {
    listen_fd_ = listen_any(port_);
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedProxy() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    if (client_ >= 0) ::shutdown(client_, SHUT_RDWR);
    thread_.join();
    ::close(listen_fd_);
    if (client_ >= 0) ::close(client_);
  }
  int port() const { return port_; }
  /// The request head received (complete once open() returned).
  const std::string& head() const { return head_; }

 private:
  void serve() {
    client_ = ::accept(listen_fd_, nullptr, nullptr);
    if (client_ < 0) return;
    char buf[4096];
    while (head_.find("\r\n\r\n") == std::string::npos) {
      const ssize_t n = ::recv(client_, buf, sizeof buf, 0);
      if (n <= 0) return;
      head_.append(buf, static_cast<std::size_t>(n));
    }
    if (reply_.empty()) {
      while (::recv(client_, buf, sizeof buf, 0) > 0) {
      }
      return;
    }
    ::send(client_, reply_.data(), reply_.size(), MSG_NOSIGNAL);
    for (;;) {
      const ssize_t n = ::recv(client_, buf, sizeof buf, 0);
      if (n <= 0) return;
      ::send(client_, buf, static_cast<std::size_t>(n), MSG_NOSIGNAL);
    }
  }

  std::string reply_;
  int listen_fd_ = -1;
  int client_ = -1;
  int port_ = 0;
  std::string head_;
  std::thread thread_;
};

ProxyOptions proxy_at(int port) {
  ProxyOptions p;
  p.host = "127.0.0.1";
  p.port = port;
  return p;
}

int connect_local(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  return fd;
}

}  // namespace

TEST_CASE("proxy_tunnel: a 200 opens a tunnel the relay carries both ways", "[proxy_tunnel]") {
  ScriptedProxy proxy("HTTP/1.1 200 Connection established\r\n\r\n");
  auto tunnel = ProxyTunnel::open(proxy_at(proxy.port()), {"es.example", 9200, 5});
  REQUIRE(tunnel);
  CHECK(proxy.head() == "CONNECT es.example:9200 HTTP/1.1\r\nHost: es.example:9200\r\n\r\n");
  const int fd = connect_local((*tunnel)->local_port());
  const std::string ping = "ping through the tunnel";
  REQUIRE(::send(fd, ping.data(), ping.size(), 0) == static_cast<ssize_t>(ping.size()));
  std::string echoed;
  char buf[256];
  while (echoed.size() < ping.size()) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    REQUIRE(n > 0);
    echoed.append(buf, static_cast<std::size_t>(n));
  }
  CHECK(echoed == ping);
  ::close(fd);
}

TEST_CASE("proxy_tunnel: --proxy-user is sent as Basic, and an IPv6 target is bracketed",
          "[proxy_tunnel]") {
  ScriptedProxy proxy("HTTP/1.0 200 OK\r\nVia: test\r\n\r\n");
  ProxyOptions p = proxy_at(proxy.port());
  p.user = "u";
  p.password = Secret("p");
  auto tunnel = ProxyTunnel::open(p, {"::1", 9200, 5});
  REQUIRE(tunnel);
  CHECK(proxy.head() ==
        "CONNECT [::1]:9200 HTTP/1.1\r\nHost: [::1]:9200\r\n"
        "Proxy-Authorization: Basic dTpw\r\n\r\n");
}

TEST_CASE("proxy_tunnel: each refusal is classified and explained", "[proxy_tunnel]") {
  struct Case {
    std::string reply;
    bool with_user;
    Errc code;
    std::string says;
  };
  const Case cases[] = {
      {"HTTP/1.1 407 Proxy Authentication Required\r\nConnection: close\r\n\r\n", false,
       Errc::ProxyRefused, "wants credentials"},
      {"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n", true, Errc::ProxyRefused,
       "rejected the --proxy-user"},
      {"HTTP/1.1 403 Forbidden\r\n\r\n", false, Errc::ProxyRefused, "refused a tunnel"},
      {"HTTP/1.1 502 Bad Gateway\r\n\r\n", false, Errc::Connect, "could not connect"},
      {"SSH-2.0-OpenSSH\r\n\r\n", false, Errc::EmptyReply, "did not answer in HTTP"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.reply);
    ScriptedProxy proxy(c.reply);
    ProxyOptions p = proxy_at(proxy.port());
    if (c.with_user) {
      p.user = "u";
      p.password = Secret("hunter2");
    }
    auto tunnel = ProxyTunnel::open(p, {"127.0.0.1", 9200, 5});
    REQUIRE_FALSE(tunnel);
    CHECK(tunnel.error().code == c.code);
    CHECK(tunnel.error().message.find(c.says) != std::string::npos);
    CHECK(tunnel.error().message.find("hunter2") == std::string::npos);
  }
}

TEST_CASE("proxy_tunnel: a proxy that never answers is a timeout, not a hang", "[proxy_tunnel]") {
  ScriptedProxy proxy("");
  auto tunnel = ProxyTunnel::open(proxy_at(proxy.port()), {"127.0.0.1", 9200, 0.2});
  REQUIRE_FALSE(tunnel);
  CHECK(tunnel.error().code == Errc::Timeout);
  CHECK(tunnel.error().message.find("CONNECT") != std::string::npos);
}

TEST_CASE("proxy_tunnel: nobody listening is a connect error naming the proxy", "[proxy_tunnel]") {
  int port = 0;
  ::close(listen_any(port));
  auto tunnel = ProxyTunnel::open(proxy_at(port), {"127.0.0.1", 9200, 5});
  REQUIRE_FALSE(tunnel);
  CHECK(tunnel.error().code == Errc::Connect);
  CHECK(tunnel.error().message.find("proxy at 127.0.0.1:" + std::to_string(port)) !=
        std::string::npos);
}
