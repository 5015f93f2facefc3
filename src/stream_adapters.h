// SPDX-License-Identifier: MIT
// The httplib Streams escurl puts under its client: TlsStream, a Stream over a connected SSL*
// (httplib's own is not part of its public header), PlainStream over a bare socket, and
// MeteredStream, which passes every read through a ReplyMeter so a head that breaks the limits
// ends the exchange. The first two call a hook before they wait for input, which is when
// gathered output is written out.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include <functional>

#include "reply_meter.h"

namespace escurl {

/// A Stream on socket `sock` that waits at most the given time for each read or write, and
/// calls `before_wait` (when set) whenever a read finds no input ready and is about to wait.
/// Small reads are served from a buffer: httplib reads a response head one byte at a time.
class SocketStreamBase : public httplib::Stream {
 public:
  SocketStreamBase(int sock, double read_timeout, double write_timeout,
                   std::function<void()> before_wait);
  ssize_t read(char* ptr, size_t size) final;
  bool is_readable() const override;
  bool is_writable() const override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 protected:
  /// One read from the connection, waiting as needed: > 0 bytes, 0 at its end, -1 on failure.
  virtual ssize_t read_some(char* ptr, size_t size) = 0;
  /// Waits for input (calling the hook first when none is ready); false on timeout.
  bool await_input();

  int sock_;

 private:
  // Reads this small fill the buffer; larger ones (body pieces) go straight to the caller.
  static constexpr size_t kSmallRead = 1024;
  char buffer_[kSmallRead];
  size_t buffered_ = 0;
  size_t offset_ = 0;
  int read_timeout_ms_;
  int write_timeout_ms_;
  std::function<void()> before_wait_;
};

/// Reads and writes through `ssl`, the TLS session on the socket.
class TlsStream : public SocketStreamBase {
 public:
  TlsStream(int sock, SSL* ssl, double read_timeout, double write_timeout,
            std::function<void()> before_wait = {});
  ssize_t write(const char* ptr, size_t size) override;

 private:
  ssize_t read_some(char* ptr, size_t size) override;
  SSL* ssl_;
};

/// Reads and writes the socket itself (plain http).
class PlainStream : public SocketStreamBase {
 public:
  using SocketStreamBase::SocketStreamBase;
  ssize_t write(const char* ptr, size_t size) override;

 private:
  ssize_t read_some(char* ptr, size_t size) override;
};

/// Forwards to `inner`, showing every read to `meter`; a read that breaks a head limit fails.
class MeteredStream : public httplib::Stream {
 public:
  MeteredStream(httplib::Stream& inner, ReplyMeter& meter) : inner_(inner), meter_(meter) {}
  bool is_readable() const override { return inner_.is_readable(); }
  bool is_writable() const override { return inner_.is_writable(); }
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override { return inner_.write(ptr, size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    inner_.get_remote_ip_and_port(ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    inner_.get_local_ip_and_port(ip, port);
  }
  int socket() const override { return inner_.socket(); }

 private:
  httplib::Stream& inner_;
  ReplyMeter& meter_;
};

}  // namespace escurl
