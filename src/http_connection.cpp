// SPDX-License-Identifier: MIT
#include "http_connection.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace escurl {
namespace {

using Clock = std::chrono::steady_clock;

// A cancel cannot wake a poll on a socket that is still connecting, so long waits are cut into
// slices that look at the flag in between.
constexpr int kSliceMs = 50;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(left.count(), 0));
}

// Waits for `events` until `deadline` or a cancel: 1 ready, 0 timed out, -1 cancelled or failed.
int wait_until(int fd, short events, Clock::time_point deadline, const std::atomic<bool>& cancel) {
  for (;;) {
    if (cancel.load()) return -1;
    const int left = remaining_ms(deadline);
    if (left == 0) return 0;
    const int rc = wait_fd(fd, events, std::min(left, kSliceMs));
    if (rc != 0) return rc;
  }
}

}  // namespace

HttpConnection::~HttpConnection() {
  if (ssl_ != nullptr) {
    // close_notify, once and without waiting: a server that has gone needs no goodbye.
    if (tls_up_ && !cancelled_) (void)SSL_shutdown(ssl_);
    SSL_free(ssl_);
    ERR_clear_error();
  }
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void HttpConnection::set_fd(int fd) {
  std::lock_guard lock(mutex_);
  fd_ = fd;
  // A cancel that came while the socket was being made applies to it too.
  if (cancelled_ && fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

void HttpConnection::cancel() {
  cancelled_ = true;
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
}

bool HttpConnection::usable_for_reuse() const {
  return stream_ != nullptr && !cancelled_ && !stream_->readable_now();
}

WireError HttpConnection::connect_tcp(const ConnectSpec& spec, Clock::time_point deadline,
                                      std::string& why) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const std::string port = std::to_string(spec.port);
  if (const int rc = ::getaddrinfo(spec.host.c_str(), port.c_str(), &hints, &list); rc != 0) {
    why = rc == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(rc);
    return WireError::Resolve;
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> owner(list, ::freeaddrinfo);
  bool timed_out = false;
  for (const addrinfo* ai = list; ai != nullptr; ai = ai->ai_next) {
    const int fd = ::socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      why = std::strerror(errno);
      continue;
    }
    // Small requests and the end of an upload must not wait for the server's delayed ACK.
    const int one = 1;
    (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    set_fd(fd);
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      const int ready = wait_until(fd, POLLOUT, deadline, cancelled_);
      if (ready > 0) {
        int err = 0;
        socklen_t len = sizeof err;
        (void)::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        rc = err == 0 ? 0 : -1;
        errno = err;
      } else {
        timed_out = ready == 0;
        rc = -1;
        errno = ready == 0 ? ETIMEDOUT : ECANCELED;
      }
    }
    if (rc == 0 && !cancelled_) return WireError::None;
    why = std::strerror(errno);
    set_fd(-1);
    ::close(fd);
    if (cancelled_) return WireError::Canceled;
    if (timed_out) return WireError::ConnectionTimeout;
  }
  return WireError::Connection;
}

WireError HttpConnection::handshake(const ConnectSpec& spec, Clock::time_point deadline) {
  ssl_ = SSL_new(spec.tls);
  if (ssl_ == nullptr || SSL_set_fd(ssl_, fd_) != 1) return WireError::TlsHandshake;
  if (!spec.server_name.empty()) SSL_set_tlsext_host_name(ssl_, spec.server_name.c_str());
  for (;;) {
    ERR_clear_error();
    const int ret = SSL_connect(ssl_);
    if (ret == 1) break;
    const int err = SSL_get_error(ssl_, ret);
    short events = 0;
    if (err == SSL_ERROR_WANT_READ) events = POLLIN;
    if (err == SSL_ERROR_WANT_WRITE) events = POLLOUT;
    if (events == 0) return cancelled_ ? WireError::Canceled : WireError::TlsHandshake;
    const int ready = wait_until(fd_, events, deadline, cancelled_);
    if (ready < 0) return cancelled_ ? WireError::Canceled : WireError::TlsHandshake;
    if (ready == 0) return WireError::TlsHandshakeTimeout;
  }
  tls_up_ = true;
  return WireError::None;
}

WireError HttpConnection::open(const ConnectSpec& spec, std::string& why) {
  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(std::clamp(spec.timeout, 0.001, 1e7)));
  if (const WireError e = connect_tcp(spec, deadline, why); e != WireError::None) return e;
  if (spec.on_tcp_connected) spec.on_tcp_connected();
  if (spec.tls != nullptr) {
    if (const WireError e = handshake(spec, deadline); e != WireError::None) return e;
    stream_ = std::make_unique<TlsStream>(fd_, ssl_);
  } else {
    stream_ = std::make_unique<PlainStream>(fd_);
  }
  return WireError::None;
}

}  // namespace escurl
