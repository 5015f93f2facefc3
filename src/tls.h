// SPDX-License-Identifier: MIT
// TLS trust: builds the trust store (--cacert, or the system store through its hashed directory
// so nothing is parsed up front), installs a verify callback on the connection's SSL_CTX that
// checks the chain and host name inside the handshake — before any request byte is written —
// and records why a certificate was refused, so the error can say what to do.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "error.h"

namespace escurl {

/// What decides trust for a connection.
struct TlsOptions {
  std::optional<std::string> cacert;     ///< PEM file of trusted CAs, instead of the system store
  bool insecure = false;                 ///< skip verification entirely (-k)
  std::optional<std::string> cert_file;  ///< SSL_CERT_FILE, when set
  std::optional<std::string> cert_dir;   ///< SSL_CERT_DIR, when set
};

/// One certificate as presented by the server, for messages.
struct PresentedCert {
  std::string subject;
  std::string issuer;
  std::string sha256;  ///< 64 lowercase hex of the DER
};

/// Verifies one server's certificates. Install it on an SSL_CTX; it must outlive the connection.
class TlsVerifier {
 public:
  /// Loads the trust store. CaUnreadable when --cacert cannot be read or holds no certificate.
  static Result<std::unique_ptr<TlsVerifier>> create(const TlsOptions& options, std::string host);
  ~TlsVerifier();
  TlsVerifier(const TlsVerifier&) = delete;
  TlsVerifier& operator=(const TlsVerifier&) = delete;

  /// Sets TLS 1.2 as the minimum, and verification (unless insecure) on `ctx`.
  void install(SSL_CTX* ctx);
  /// Why the last handshake's certificate was refused; nullopt when it was not.
  const std::optional<Error>& failure() const { return failure_; }

 private:
  TlsVerifier(const TlsOptions& options, std::string host);
  static int verify_callback(X509_STORE_CTX* ctx, void* arg);
  int verify(X509_STORE_CTX* ctx);
  Error describe_failure(int err, X509* cert, const std::vector<PresentedCert>& chain) const;

  TlsOptions options_;
  std::string host_;
  X509_STORE* store_ = nullptr;
  std::optional<Error> failure_;
};

/// SHA-256 of a certificate's DER as 64 lowercase hex characters.
std::string sha256_fingerprint(X509* cert);

/// A certificate's name as "CN=a, O=b".
std::string x509_name_line(const X509_NAME* name);

}  // namespace escurl
