// SPDX-License-Identifier: MIT
#include "connection.h"

#include <fcntl.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <utility>

namespace es_sandbox {
namespace {

using escurl::Errc;
using escurl::make_error;

// Idle connections are dropped after this long, like a proxy or a keep-alive timeout would.
constexpr int kIdleTimeoutSeconds = 30;

void set_timeouts(int fd) {
  timeval timeout{kIdleTimeoutSeconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
}

}  // namespace

Result<TlsContext> TlsContext::load(const std::string& cert_chain_path,
                                    const std::string& key_path) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return make_error(Errc::Internal, "cannot create a TLS context");
  TlsContext owned(ctx);
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_chain_path.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx, key_path.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return make_error(Errc::Internal, "cannot load the node certificate " + cert_chain_path);
  }
  return owned;
}

TlsContext::TlsContext(TlsContext&& other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)) {}

TlsContext& TlsContext::operator=(TlsContext&& other) noexcept {
  if (this != &other) {
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    ctx_ = std::exchange(other.ctx_, nullptr);
  }
  return *this;
}

TlsContext::~TlsContext() {
  if (ctx_ != nullptr) SSL_CTX_free(ctx_);
}

Connection::Connection(int fd, SSL_CTX* tls, std::string remote_addr, int remote_port)
    : fd_(fd), remote_addr_(std::move(remote_addr)), remote_port_(remote_port) {
  set_timeouts(fd_);
  if (tls != nullptr) {
    ssl_ = SSL_new(tls);
    if (ssl_ != nullptr) SSL_set_fd(ssl_, fd_);
  }
}

Connection::~Connection() {
  if (ssl_ != nullptr) SSL_free(ssl_);
  if (fd_ >= 0) close(fd_);
}

bool Connection::handshake() {
  if (ssl_ == nullptr) return true;
  const bool ok = SSL_accept(ssl_) == 1;
  // A failed handshake (e.g. a client that does not trust our CA) is the client's business.
  if (!ok) ERR_clear_error();
  return ok;
}

ssize_t Connection::read_some(char* buffer, size_t size) {
  if (ssl_ == nullptr) {
    const ssize_t n = recv(fd_, buffer, size, 0);
    return n < 0 ? -1 : n;
  }
  const int n = SSL_read(ssl_, buffer, static_cast<int>(size));
  if (n > 0) return n;
  const int error = SSL_get_error(ssl_, n);
  ERR_clear_error();
  return error == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

bool Connection::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = 0;
    if (ssl_ != nullptr) {
      n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
      if (n <= 0) ERR_clear_error();
    } else {
      n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    }
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void Connection::close_orderly() {
  if (ssl_ != nullptr) {
    SSL_shutdown(ssl_);
    ERR_clear_error();
  }
  shutdown(fd_, SHUT_RDWR);
}

void Connection::reset() {
  linger option{1, 0};
  setsockopt(fd_, SOL_SOCKET, SO_LINGER, &option, sizeof option);
  // Dropping the socket's last reference with a zero linger aborts it. dup2 does that while
  // keeping the descriptor number allocated (to /dev/null) until the destructor, so a concurrent
  // interrupt() can never hit a descriptor reused by another connection.
  const int placeholder = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (placeholder >= 0) {
    dup2(placeholder, fd_);
    close(placeholder);
  }
}

void Connection::interrupt() {
  if (fd_ >= 0) shutdown(fd_, SHUT_RDWR);
}

}  // namespace es_sandbox
