// SPDX-License-Identifier: MIT
// RawServer: a TCP server on 127.0.0.1 and an ephemeral port, plain or TLS (OpenSSL, with a
// certgen certificate), that hands each accepted connection to a test's script. The script
// decides every byte and how the connection ends (orderly close, reset, TLS close_notify, raw
// bytes under the TLS layer), so tests can play servers that misbehave. Owns the listening socket
// and one thread per connection; the destructor stops and joins them.
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "certgen.h"

namespace escurl::testing {

/// One accepted connection, as a script sees it.
class RawConnection {
 public:
  RawConnection(int fd, SSL* ssl, const std::atomic<bool>& stopping);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  /// Reads one request head (through the blank line, plus any body bytes that came with it);
  /// empty on EOF, error or after `timeout_ms`.
  std::string read_head(int timeout_ms = 10000);
  /// Sends all of `bytes` (through TLS when the server is TLS); false on failure.
  bool send(std::string_view bytes);
  /// Sends `bytes` straight on the socket, under any TLS layer.
  bool send_raw(std::string_view bytes);
  /// Sleeps, returning early (false) when the server is stopping.
  bool pause(int ms);
  /// Ends with a TCP reset (SO_LINGER 0), after a moment for the client to read what was sent.
  void reset();
  /// Ends in order: TLS close_notify if TLS, then FIN.
  void close();
  /// Whether the server is shutting down.
  bool stopping() const { return stopping_.load(); }

 private:
  int fd_;
  SSL* ssl_;
  const std::atomic<bool>& stopping_;
  std::string pending_;  ///< bytes read past the last head
};

/// A listening server running `script` for every connection.
class RawServer {
 public:
  using Script = std::function<void(RawConnection&)>;

  /// Plain TCP.
  explicit RawServer(Script script);
  /// TLS with `leaf` (its key included) and `chain` sent after it.
  RawServer(const es_sandbox::Certificate& leaf,
            const std::vector<const es_sandbox::Certificate*>& chain, Script script);
  ~RawServer();
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  bool ok() const { return port_ > 0; }
  const std::string& error() const { return error_; }
  int port() const { return port_; }
  /// "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
  std::string url() const;
  /// How many connections were accepted so far.
  int connections() const { return accepted_.load(); }

 private:
  void start();
  void accept_loop();
  void serve(int fd);

  Script script_;
  SSL_CTX* ctx_ = nullptr;
  int listener_ = -1;
  int port_ = 0;
  std::string error_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread acceptor_;
  std::mutex mu_;
  std::vector<std::thread> workers_;
};

}  // namespace escurl::testing
