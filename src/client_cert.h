// SPDX-License-Identifier: MIT
// The client identity for mutual TLS: a certificate and key from PEM files (the key optionally
// encrypted) or a PKCS#12 bundle as elasticsearch-certutil writes them. Every failure is a
// ClientCert error (exit 58) naming its cause: unreadable file, wrong password, key that does
// not match the certificate.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "error.h"
#include "file_read.h"
#include "secret.h"

namespace escurl {

/// The file format of --cert.
enum class CertType { Pem, P12 };

/// Where the client identity comes from.
struct ClientCertOptions {
  std::string cert_path;
  std::string key_path;  ///< empty: the key is in the --cert file
  CertType type = CertType::Pem;
  std::optional<Secret> key_password;
  /// Seconds a --cert or --key that is not a regular file (a FIFO) may stay silent: the connect
  /// timeout.
  double file_wait = kDefaultFileWait;
};

/// A loaded certificate, its key and any chain certificates. Owns them.
class ClientIdentity {
 public:
  ClientIdentity(X509* cert, EVP_PKEY* key, STACK_OF(X509) * chain)
      : cert_(cert), key_(key), chain_(chain) {}
  ~ClientIdentity();
  ClientIdentity(const ClientIdentity&) = delete;
  ClientIdentity& operator=(const ClientIdentity&) = delete;

  /// Presents this identity on every connection made with `ctx`.
  void install(SSL_CTX* ctx) const;
  /// The certificate's subject, one line, for messages.
  std::string subject() const;

 private:
  X509* cert_;
  EVP_PKEY* key_;
  STACK_OF(X509) * chain_;
};

/// The type --cert-type names, or the one a .p12/.pfx suffix implies.
CertType infer_cert_type(const std::string& path);

/// Loads the identity. `ask_password` is called when the key or bundle is encrypted and no
/// password was given; it returns an error when there is no terminal to ask on.
Result<std::shared_ptr<const ClientIdentity>> load_client_identity(
    const ClientCertOptions& options, const std::function<Result<Secret>()>& ask_password);

}  // namespace escurl
