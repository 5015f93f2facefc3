// SPDX-License-Identifier: MIT
#include "socket_stream.h"

#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>

namespace escurl {

int to_poll_ms(double seconds) {
  if (!(seconds > 0)) return 0;
  return static_cast<int>(std::min(std::ceil(seconds * 1000), static_cast<double>(INT_MAX)));
}

int wait_fd(int fd, short events, int timeout_ms) {
  pollfd p{fd, events, 0};
  int rc;
  do {
    rc = ::poll(&p, 1, timeout_ms);
  } while (rc < 0 && errno == EINTR);
  return rc;
}

bool ByteStream::write_all(const char* ptr, std::size_t size) {
  while (size > 0) {
    const ssize_t n = write(ptr, size);
    if (n <= 0) return false;
    ptr += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void ByteStream::set_timeouts(double read_seconds, double write_seconds) {
  read_timeout_ms_ = to_poll_ms(read_seconds);
  write_timeout_ms_ = to_poll_ms(write_seconds);
}

bool ByteStream::await_input(int fd) {
  // The zero-timeout poll is the only one when input is ready, as it mostly is mid-body.
  if (wait_fd(fd, POLLIN, 0) > 0) return true;
  if (before_wait_) before_wait_();
  const int rc = wait_fd(fd, POLLIN, read_timeout_ms_);
  if (rc == 0) errno = ETIMEDOUT;
  return rc > 0;
}

bool ByteStream::await_output(int fd) const {
  const int rc = wait_fd(fd, POLLOUT, write_timeout_ms_);
  if (rc == 0) errno = ETIMEDOUT;
  return rc > 0;
}

ssize_t PlainStream::read(char* ptr, std::size_t size) {
  for (;;) {
    const ssize_t n = ::recv(fd_, ptr, size, 0);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!await_input(fd_)) return -1;
  }
}

ssize_t PlainStream::write(const char* ptr, std::size_t size) {
  for (;;) {
    // MSG_NOSIGNAL: a peer that closed is an error to report, not a SIGPIPE.
    const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
    if (!await_output(fd_)) return -1;
  }
}

bool PlainStream::readable_now() const { return wait_fd(fd_, POLLIN, 0) != 0; }

TlsStream::TlsStream(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {
  // A record that holds no application data must return to the wait, not block in SSL_read.
  SSL_clear_mode(ssl, SSL_MODE_AUTO_RETRY);
}

ssize_t TlsStream::read(char* ptr, std::size_t size) {
  const int n = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
  for (;;) {
    ERR_clear_error();
    const int ret = SSL_read(ssl_, ptr, n);
    if (ret > 0) return ret;
    const int err = SSL_get_error(ssl_, ret);
    if (err == SSL_ERROR_ZERO_RETURN) return 0;  // close_notify: the end of the stream
    if (err == SSL_ERROR_WANT_READ) {
      // SSL_has_pending, not SSL_pending: with read-ahead, whole records may sit in OpenSSL's
      // buffer undecrypted, and the socket would never wake the wait for them.
      if (SSL_has_pending(ssl_) == 0 && !await_input(fd_)) return -1;
      continue;
    }
    if (err == SSL_ERROR_WANT_WRITE) {
      if (!await_output(fd_)) return -1;
      continue;
    }
    return -1;
  }
}

ssize_t TlsStream::write(const char* ptr, std::size_t size) {
  const int n = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
  for (;;) {
    ERR_clear_error();
    const int ret = SSL_write(ssl_, ptr, n);
    if (ret > 0) return ret;
    const int err = SSL_get_error(ssl_, ret);
    if (err == SSL_ERROR_WANT_WRITE) {
      if (!await_output(fd_)) return -1;
      continue;
    }
    if (err == SSL_ERROR_WANT_READ) {
      if (!await_input(fd_)) return -1;
      continue;
    }
    return -1;
  }
}

bool TlsStream::readable_now() const {
  return SSL_has_pending(ssl_) != 0 || wait_fd(fd_, POLLIN, 0) != 0;
}

}  // namespace escurl
