// SPDX-License-Identifier: MIT
// HttpConnection: one TCP connection to a node, with TLS on it when the URL is https: connect
// with a deadline over each resolved address, TCP_NODELAY, the handshake on escurl's own SSL_CTX
// (the verifier in tls.h decides inside it, before any request byte), and a cancel that any
// thread may call to end whatever the connection is waiting for.
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http_wire.h"
#include "socket_stream.h"

namespace escurl {

/// Where to connect and how.
struct ConnectSpec {
  std::string host;  ///< the name or address to resolve
  int port = 0;
  double timeout = 10;      ///< seconds for TCP and TLS together (--connect-timeout)
  SSL_CTX* tls = nullptr;   ///< set: a TLS connection on this context
  std::string server_name;  ///< SNI; empty for none (IP literals)
  /// Called once the TCP connection is up, before the handshake.
  std::function<void()> on_tcp_connected;
};

/// A connection; open() brings it up. Not copyable; closing sends close_notify when TLS is up.
class HttpConnection {
 public:
  HttpConnection() = default;
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  /// Connects per `spec`: WireError::None, or why not (Resolve, Connection, ConnectionTimeout,
  /// TlsHandshake, TlsHandshakeTimeout, Canceled). `why` gets the system's reason, if any.
  WireError open(const ConnectSpec& spec, std::string& why);
  /// The stream to exchange on; only after open() succeeded.
  ByteStream& stream() { return *stream_; }
  /// Ends any wait now and makes every later one fail. Safe from any thread.
  void cancel();
  bool cancelled() const { return cancelled_.load(); }
  /// Whether the connection can carry a request now: up, not cancelled, and with nothing to read
  /// (a kept-alive connection that is readable was closed by the server or is out of step).
  bool usable_for_reuse() const;

 private:
  WireError connect_tcp(const ConnectSpec& spec, std::chrono::steady_clock::time_point deadline,
                        std::string& why);
  WireError handshake(const ConnectSpec& spec, std::chrono::steady_clock::time_point deadline);
  void set_fd(int fd);

  mutable std::mutex mutex_;  // guards fd_ between close and a cancel's shutdown
  int fd_ = -1;
  SSL* ssl_ = nullptr;
  bool tls_up_ = false;
  std::atomic<bool> cancelled_{false};
  std::unique_ptr<ByteStream> stream_;
};

}  // namespace escurl
