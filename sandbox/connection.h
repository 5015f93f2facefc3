// SPDX-License-Identifier: MIT
// One accepted TCP connection, plain or TLS (OpenSSL), with the operations the HTTP server and
// the fault modes need: timed reads, full writes, an orderly close (close_notify, then FIN) and
// an abortive reset (RST). Also the server-side TLS context built from the node's PEM files.
#pragma once

#include <openssl/ssl.h>
#include <sys/types.h>

#include <string>
#include <string_view>

#include "error.h"

namespace es_sandbox {

using escurl::Result;

/// A server SSL_CTX loaded with a certificate chain and key; owns the context.
class TlsContext {
 public:
  /// Loads `cert_chain_path` (leaf then CA, PEM) and `key_path` (PEM).
  static Result<TlsContext> load(const std::string& cert_chain_path, const std::string& key_path);
  TlsContext(TlsContext&& other) noexcept;
  TlsContext& operator=(TlsContext&& other) noexcept;
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  ~TlsContext();

  /// The context; owned by this object.
  SSL_CTX* get() const { return ctx_; }

 private:
  explicit TlsContext(SSL_CTX* ctx) : ctx_(ctx) {}
  SSL_CTX* ctx_ = nullptr;
};

/// An accepted connection; owns the socket and, for TLS, the SSL object.
class Connection {
 public:
  /// Wraps the accepted socket `fd`; `tls` null means plain HTTP.
  Connection(int fd, SSL_CTX* tls, std::string remote_addr, int remote_port);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Completes the TLS handshake (a no-op for plain connections).
  bool handshake();
  /// Reads up to `size` bytes; 0 at end of stream, -1 on error or after the idle timeout.
  ssize_t read_some(char* buffer, size_t size);
  /// Writes every byte; false if the peer went away.
  bool write_all(std::string_view bytes);
  /// Ends the connection in order: TLS close_notify, then FIN.
  void close_orderly();
  /// Aborts the connection with a TCP reset.
  void reset();
  /// Wakes a thread blocked on this connection (used at shutdown; safe from any thread).
  void interrupt();

  const std::string& remote_addr() const { return remote_addr_; }
  int remote_port() const { return remote_port_; }

 private:
  int fd_;
  SSL* ssl_ = nullptr;
  std::string remote_addr_;
  int remote_port_;
};

}  // namespace es_sandbox
