// SPDX-License-Identifier: MIT
// RawServer: accept() with a poll timeout so stop is noticed; each connection on its own thread,
// sockets close-on-exec so the escurl children under test never inherit them.
#include "raw_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace escurl::testing {
namespace {

constexpr int kPollMs = 50;

bool wait_readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) > 0;
}

}  // namespace

RawConnection::RawConnection(int fd, SSL* ssl, const std::atomic<bool>& stopping)
    : fd_(fd), ssl_(ssl), stopping_(stopping) {}

RawConnection::~RawConnection() { close(); }

std::string RawConnection::read_head(int timeout_ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  std::string data = std::move(pending_);
  pending_.clear();
  while (fd_ >= 0 && data.find("\r\n\r\n") == std::string::npos) {
    if (stopping() || std::chrono::steady_clock::now() >= until) return {};
    if ((ssl_ == nullptr || SSL_pending(ssl_) == 0) && !wait_readable(fd_, kPollMs)) continue;
    char buf[4096];
    const int n = ssl_ != nullptr ? SSL_read(ssl_, buf, sizeof buf)
                                  : static_cast<int>(::recv(fd_, buf, sizeof buf, 0));
    if (n <= 0) return {};
    data.append(buf, static_cast<std::size_t>(n));
  }
  const std::size_t end = data.find("\r\n\r\n") + 4;
  pending_ = data.substr(end);
  return data.substr(0, end);
}

bool RawConnection::send(std::string_view bytes) {
  if (fd_ < 0) return false;
  if (ssl_ == nullptr) return send_raw(bytes);
  while (!bytes.empty()) {
    const int n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool RawConnection::send_raw(std::string_view bytes) {
  while (fd_ >= 0 && !bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return fd_ >= 0;
}

bool RawConnection::pause(int ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
  while (std::chrono::steady_clock::now() < until) {
    if (stopping()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

void RawConnection::reset() {
  if (fd_ < 0) return;
  // A reset that arrives before the client read the bytes would make its kernel drop them.
  pause(200);
  const linger hard{1, 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  if (ssl_ != nullptr) SSL_free(ssl_);
  ssl_ = nullptr;
  ::close(fd_);
  fd_ = -1;
}

void RawConnection::close() {
  if (fd_ < 0) return;
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  ::shutdown(fd_, SHUT_WR);
  // Drain what the client still sends, briefly, so the close is not turned into a reset.
  char buf[4096];
  while (wait_readable(fd_, 100) && ::recv(fd_, buf, sizeof buf, 0) > 0) {
  }
  ::close(fd_);
  fd_ = -1;
}

RawServer::RawServer(Script script) : script_(std::move(script)) { start(); }

RawServer::RawServer(const es_sandbox::Certificate& leaf,
                     const std::vector<const es_sandbox::Certificate*>& chain, Script script)
    : script_(std::move(script)) {
  ctx_ = SSL_CTX_new(TLS_server_method());
  bool loaded = ctx_ != nullptr && SSL_CTX_use_certificate(ctx_, leaf.x509()) == 1 &&
                SSL_CTX_use_PrivateKey(ctx_, leaf.key()) == 1;
  for (const es_sandbox::Certificate* c : chain) {
    loaded = loaded && SSL_CTX_add1_chain_cert(ctx_, c->x509()) == 1;
  }
  if (!loaded) {
    error_ = "cannot set up the TLS context";
    return;
  }
  start();
}

RawServer::~RawServer() {
  stopping_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  {
    std::lock_guard lock(mu_);
    for (std::thread& t : workers_) t.join();
  }
  if (listener_ >= 0) ::close(listener_);
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
}

std::string RawServer::url() const {
  return std::string(ctx_ != nullptr ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_);
}

void RawServer::start() {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_, 16) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    error_ = std::string("cannot listen: ") + std::strerror(errno);
    return;
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

void RawServer::accept_loop() {
  while (!stopping_) {
    if (!wait_readable(listener_, kPollMs)) continue;
    const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ++accepted_;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::lock_guard lock(mu_);
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

void RawServer::serve(int fd) {
  // A TLS write (SSL_accept, SSL_write, close_notify) to a client that died would raise SIGPIPE
  // and end the whole test program; blocked in this thread, the write fails with EPIPE instead.
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);
  SSL* ssl = nullptr;
  if (ctx_ != nullptr) {
    ssl = SSL_new(ctx_);
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
      SSL_free(ssl);
      ::close(fd);
      return;
    }
  }
  RawConnection connection(fd, ssl, stopping_);
  script_(connection);
}

}  // namespace escurl::testing
