// SPDX-License-Identifier: MIT
// TLS trust: builds the trust store (--cacert, --capath, or the system store through its hashed
// directory so nothing is parsed up front; a bundle file of many certificates is indexed and each
// is decoded only when verification asks for it, see trust_bundle.h), and installs a verify
// callback on the connection's SSL_CTX that decides inside the handshake — before any request byte
// is written — whether the server is trusted: the chain and host name, the --ca-fingerprint pin (a
// presented CA that matches becomes the only anchor, and the leaf must verify up to it), and
// --pinnedpubkey. It records why a certificate was refused, so the error can say what to do.
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client_cert.h"
#include "error.h"
#include "file_read.h"

namespace escurl {

/// What decides trust and identity for a connection.
struct TlsOptions {
  std::optional<std::string> cacert;          ///< PEM file of trusted CAs
  std::optional<std::string> capath;          ///< hashed directory of trusted CAs
  bool insecure = false;                      ///< skip verification entirely (-k)
  std::optional<std::string> cert_file;       ///< SSL_CERT_FILE, when set
  std::optional<std::string> cert_dir;        ///< SSL_CERT_DIR, when set
  std::optional<std::string> ca_fingerprint;  ///< 64 lowercase hex (pins.h normalises it)
  std::vector<std::string> pinned_pubkeys;    ///< base64 SHA-256 of SPKIs
  std::optional<std::string> server_name;     ///< check the certificate against this name
  int min_version = TLS1_2_VERSION;
  int max_version = 0;                             ///< 0: the highest OpenSSL supports
  std::shared_ptr<const ClientIdentity> identity;  ///< mutual TLS, when given
  /// Seconds a --cacert that is not a regular file (a FIFO) may stay silent: the connect timeout.
  double file_wait = kDefaultFileWait;
};

/// One certificate as presented by the server, for messages.
struct PresentedCert {
  std::string subject;
  std::string issuer;
  std::string sha256;  ///< 64 lowercase hex of the DER
  bool is_ca = false;
};

/// Verifies one server's certificates. Install it on an SSL_CTX; it must outlive the connection.
class TlsVerifier {
 public:
  /// Checks the trust sources; the store itself (none when a fingerprint alone decides) is
  /// loaded by load_trust_store() or when first needed. CaUnreadable when a source cannot be
  /// read; what loading finds wrong comes from trust_error() and refuses every certificate.
  static Result<std::unique_ptr<TlsVerifier>> create(const TlsOptions& options, std::string host);
  ~TlsVerifier();
  TlsVerifier(const TlsVerifier&) = delete;
  TlsVerifier& operator=(const TlsVerifier&) = delete;

  /// Sets protocol bounds, the client identity, and verification (unless insecure) on `ctx`.
  void install(SSL_CTX* ctx);
  /// Why the last handshake's certificate was refused; nullopt when it was not.
  const std::optional<Error>& failure() const { return failure_; }
  /// True when the server asked for a client certificate and none was configured.
  bool client_cert_requested() const { return client_cert_requested_; }
  /// Runs the same checks on a chain outside a handshake (for `escurl tls inspect`).
  std::optional<Error> check(X509* leaf, STACK_OF(X509) * presented);
  /// Loads the trust store unless done already. Parsing certificates is the largest piece of
  /// a one-request run's CPU time, so the transport calls this while the server works on its
  /// half of the handshake.
  void load_trust_store();
  /// Why the trust store could not be loaded (loading it first); nullopt when it was.
  std::optional<Error> trust_error();

 private:
  TlsVerifier(const TlsOptions& options, std::string host);
  static int verify_callback(X509_STORE_CTX* ctx, void* arg);
  static int client_cert_callback(SSL* ssl, X509** cert, EVP_PKEY** key);
  std::optional<Error> verify_with_store(X509_STORE* store, X509* leaf, STACK_OF(X509) * presented,
                                         bool partial_chain, bool forged_is_pin_failure);
  std::optional<Error> verify_by_fingerprint(X509* leaf, STACK_OF(X509) * presented);
  std::optional<Error> check_pubkey_pins(STACK_OF(X509) * verified) const;

  TlsOptions options_;
  std::string host_;  ///< the name the certificate must hold
  X509_STORE* store_ = nullptr;
  bool store_loaded_ = false;
  std::optional<Error> trust_error_;
  std::optional<Error> failure_;
  bool client_cert_requested_ = false;
};

/// SHA-256 of a certificate's DER as 64 lowercase hex characters.
std::string sha256_fingerprint(X509* cert);

/// A certificate's name as "CN = a, O = b".
std::string x509_name_line(const X509_NAME* name);

/// The presented chain, summarised for messages.
std::vector<PresentedCert> summarise_chain(STACK_OF(X509) * chain);

}  // namespace escurl
