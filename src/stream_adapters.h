// SPDX-License-Identifier: MIT
// The httplib Streams escurl puts under its client: TlsStream, a Stream over a connected SSL*
// (httplib's own is not part of its public header), and MeteredStream, which passes every read
// through a ReplyMeter so a head that breaks the limits ends the exchange.
#pragma once

#include <httplib.h>
#include <openssl/ssl.h>

#include "reply_meter.h"

namespace escurl {

/// Reads and writes through `ssl` on socket `sock`, waiting at most the given time for each.
class TlsStream : public httplib::Stream {
 public:
  TlsStream(int sock, SSL* ssl, double read_timeout, double write_timeout);
  bool is_readable() const override;
  bool is_writable() const override;
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 private:
  int sock_;
  SSL* ssl_;
  int read_timeout_ms_;
  int write_timeout_ms_;
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
