// SPDX-License-Identifier: MIT
// The byte streams the HTTP exchange runs on: PlainStream over a connected socket and TlsStream
// over an SSL* on it. Each waits at most its timeouts for every read or write, calls a hook
// before it waits for input (when gathered output is written out), and ends at once when the
// socket is shut down from another thread (cancel: --max-time, SIGINT).
#pragma once

#include <openssl/ssl.h>
#include <sys/types.h>

#include <atomic>
#include <functional>

namespace escurl {

/// A connected byte stream.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  /// Up to `size` bytes: > 0 read, 0 at the end of the stream, -1 on failure or timeout (errno
  /// set: ETIMEDOUT for a timeout). A socket shut down by a cancel reads as its end.
  virtual ssize_t read(char* ptr, std::size_t size) = 0;
  /// Writes some of `ptr` (waiting as needed): bytes written, or -1 as for read().
  virtual ssize_t write(const char* ptr, std::size_t size) = 0;
  /// Writes all of `ptr`; false on failure.
  bool write_all(const char* ptr, std::size_t size);
  /// Whether bytes are ready to read now, or the peer has closed (a kept-alive connection that
  /// is readable before a request is sent was closed or is out of step).
  virtual bool readable_now() const = 0;
  /// Sets the function called before each wait for input (empty: none).
  void set_before_wait(std::function<void()> hook) { before_wait_ = std::move(hook); }
  /// Sets the read and write timeouts, in seconds.
  void set_timeouts(double read_seconds, double write_seconds);

 protected:
  /// Waits until `fd` has input (calling the hook first when none is ready); false on timeout
  /// or cancel, with errno set.
  bool await_input(int fd);
  /// Waits until `fd` may be written; false on timeout or cancel, with errno set.
  bool await_output(int fd) const;

  int read_timeout_ms_ = 300'000;
  int write_timeout_ms_ = 300'000;
  std::function<void()> before_wait_;
};

/// Reads and writes a non-blocking socket itself (plain http).
class PlainStream : public ByteStream {
 public:
  explicit PlainStream(int fd) : fd_(fd) {}
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  bool readable_now() const override;

 private:
  int fd_;
};

/// Reads and writes through `ssl`, the TLS session on non-blocking socket `fd`.
class TlsStream : public ByteStream {
 public:
  TlsStream(int fd, SSL* ssl);
  ssize_t read(char* ptr, std::size_t size) override;
  ssize_t write(const char* ptr, std::size_t size) override;
  bool readable_now() const override;

 private:
  int fd_;
  SSL* ssl_;
};

/// Waits for `events` on `fd` for at most `timeout_ms` (-1: no limit): 1 ready, 0 timed out,
/// -1 failed. Retries on EINTR.
int wait_fd(int fd, short events, int timeout_ms);

/// Seconds as poll milliseconds, rounded up and capped at INT_MAX.
int to_poll_ms(double seconds);

}  // namespace escurl
