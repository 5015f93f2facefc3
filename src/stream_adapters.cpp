// SPDX-License-Identifier: MIT
#include "stream_adapters.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>

namespace escurl {
namespace {

int to_ms(double seconds) {
  return static_cast<int>(std::min(std::ceil(seconds * 1000), static_cast<double>(INT_MAX)));
}

bool wait_for(int sock, short events, int timeout_ms) {
  pollfd p{sock, events, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  return rc > 0;
}

void address_of(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? ::getpeername(sock, sa, &len) : ::getsockname(sock, sa, &len)) != 0) return;
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
    port = ntohs(in->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
    port = ntohs(in6->sin6_port);
  }
  ip = text;
}

}  // namespace

SocketStreamBase::SocketStreamBase(int sock, double read_timeout, double write_timeout,
                                   std::function<void()> before_wait)
    : sock_(sock),
      read_timeout_ms_(to_ms(read_timeout)),
      write_timeout_ms_(to_ms(write_timeout)),
      before_wait_(std::move(before_wait)) {}

ssize_t SocketStreamBase::read(char* ptr, size_t size) {
  if (buffered_ == 0) {
    if (size >= kSmallRead) return read_some(ptr, size);
    const ssize_t n = read_some(buffer_, kSmallRead);
    if (n <= 0) return n;
    buffered_ = static_cast<size_t>(n);
    offset_ = 0;
  }
  const size_t n = std::min(size, buffered_);
  std::memcpy(ptr, buffer_ + offset_, n);
  offset_ += n;
  buffered_ -= n;
  return static_cast<ssize_t>(n);
}

bool SocketStreamBase::is_readable() const {
  return buffered_ > 0 || wait_for(sock_, POLLIN, read_timeout_ms_);
}

bool SocketStreamBase::is_writable() const { return wait_for(sock_, POLLOUT, write_timeout_ms_); }

bool SocketStreamBase::await_input() {
  // The zero-timeout poll is the only one when input is ready, as it mostly is mid-body.
  if (wait_for(sock_, POLLIN, 0)) return true;
  if (before_wait_) before_wait_();
  return is_readable();
}

void SocketStreamBase::get_remote_ip_and_port(std::string& ip, int& port) const {
  address_of(sock_, true, ip, port);
}

void SocketStreamBase::get_local_ip_and_port(std::string& ip, int& port) const {
  address_of(sock_, false, ip, port);
}

TlsStream::TlsStream(int sock, SSL* ssl, double read_timeout, double write_timeout,
                     std::function<void()> before_wait)
    : SocketStreamBase(sock, read_timeout, write_timeout, std::move(before_wait)), ssl_(ssl) {
  // A record that holds no application data must return to the wait, not block in SSL_read.
  SSL_clear_mode(ssl, SSL_MODE_AUTO_RETRY);
}

ssize_t TlsStream::read_some(char* ptr, size_t size) {
  const int n = static_cast<int>(std::min<size_t>(size, INT_MAX));
  for (;;) {
    // SSL_has_pending, not SSL_pending: with read-ahead, whole records may sit in OpenSSL's
    // buffer undecrypted, and the socket would never wake the wait for them.
    if (SSL_has_pending(ssl_) == 0 && !await_input()) return -1;
    const int ret = SSL_read(ssl_, ptr, n);
    if (ret > 0) return ret;
    const int err = SSL_get_error(ssl_, ret);
    if (err == SSL_ERROR_ZERO_RETURN) return 0;  // close_notify: the end of the stream
    if (err != SSL_ERROR_WANT_READ) return -1;
  }
}

ssize_t TlsStream::write(const char* ptr, size_t size) {
  const int n = static_cast<int>(std::min<size_t>(size, INT_MAX));
  for (;;) {
    if (!is_writable()) return -1;
    const int ret = SSL_write(ssl_, ptr, n);
    if (ret > 0) return ret;
    const int err = SSL_get_error(ssl_, ret);
    if (err != SSL_ERROR_WANT_WRITE && err != SSL_ERROR_WANT_READ) return -1;
  }
}

ssize_t PlainStream::read_some(char* ptr, size_t size) {
  if (!await_input()) return -1;
  for (;;) {
    const ssize_t n = ::recv(sock_, ptr, size, 0);
    if (n >= 0 || errno != EINTR) return n;
  }
}

ssize_t PlainStream::write(const char* ptr, size_t size) {
  if (!is_writable()) return -1;
  for (;;) {
    // MSG_NOSIGNAL: a peer that closed is an error to report, not a SIGPIPE.
    const ssize_t n = ::send(sock_, ptr, size, MSG_NOSIGNAL);
    if (n >= 0 || errno != EINTR) return n;
  }
}

ssize_t MeteredStream::read(char* ptr, size_t size) {
  errno = 0;
  const ssize_t n = inner_.read(ptr, size);
  if (n < 0) {
    meter_.read_failed(errno);
    return n;
  }
  if (!meter_.accept(ptr, static_cast<size_t>(n))) return -1;
  return n;
}

}  // namespace escurl
