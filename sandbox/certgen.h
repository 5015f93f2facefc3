// SPDX-License-Identifier: MIT
// In-memory X.509 generation with the OpenSSL 3 API: the certificate authority es-sandbox creates
// the way Elasticsearch 8 auto-configures security, and the certificates tests generate at run
// time (valid, expired, forged, client). Owns the Certificate handle (X509 + EVP_PKEY), the PEM /
// DER / PKCS#12 encodings, the fingerprints Elasticsearch and curl print, and file writing.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace es_sandbox {

using escurl::Result;

/// A certificate and its private key (EC P-256 when generated here); move-only, frees both.
class Certificate {
 public:
  /// Takes ownership of `cert` and `key` (either may be null; `key` must match `cert`).
  Certificate(X509* cert, EVP_PKEY* key) noexcept;
  ~Certificate();
  Certificate(Certificate&& other) noexcept;
  Certificate& operator=(Certificate&& other) noexcept;
  Certificate(const Certificate&) = delete;
  Certificate& operator=(const Certificate&) = delete;

  /// The certificate as one "-----BEGIN CERTIFICATE-----" PEM block.
  std::string cert_pem() const;
  /// The private key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
  std::string key_pem() const;
  /// The private key as PKCS#8 PEM encrypted with AES-256-CBC (PBKDF2); the password is required.
  Result<std::string> key_pem_encrypted(std::string_view password) const;
  /// The DER encoding of the certificate.
  std::string der() const;
  /// SHA-256 of the DER certificate as 64 lowercase hex digits, no colons (as Elasticsearch
  /// prints).
  std::string sha256_fingerprint() const;
  /// curl's --pinnedpubkey form: "sha256//" + base64(SHA-256(DER SubjectPublicKeyInfo)).
  std::string spki_pin() const;
  /// The subject on one line, e.g. "CN=foo" or "CN=foo, O=bar".
  std::string subject() const;
  /// The issuer name in the same one-line form as subject().
  std::string issuer() const;
  /// The certificate; owned by this object.
  X509* x509() const { return cert_; }
  /// The private key; owned by this object, null for a certificate loaded without a key.
  EVP_PKEY* key() const { return key_; }

 private:
  X509* cert_ = nullptr;
  EVP_PKEY* key_ = nullptr;
};

/// What to put in a generated certificate. Offsets are seconds relative to now. Every member has
/// a default initializer so designated initializers compile cleanly under -Wextra.
struct CertSpec {
  std::string common_name{};
  std::vector<std::string> dns_names{};     ///< subjectAltName DNS entries
  std::vector<std::string> ip_addresses{};  ///< subjectAltName IP entries, IPv4 or IPv6 text
  bool is_ca = false;                       ///< make_signed: an intermediate CA instead of a leaf
  long not_before_offset_seconds = -3600;
  long not_after_offset_seconds = 825L * 24 * 3600;
  bool client_auth = false;  ///< EKU clientAuth instead of serverAuth
  /// Forging: write "CN=<this>" as the issuer name but sign with the given issuer's key.
  std::optional<std::string> issuer_common_name_override{};
};

/// A self-signed CA: basicConstraints CA:TRUE (critical), keyUsage keyCertSign+cRLSign, SKI.
Result<Certificate> make_ca(const CertSpec& spec);

/// A certificate signed by `issuer`: a leaf (SAN, CA:FALSE, digitalSignature+keyEncipherment,
/// EKU serverAuth or clientAuth, SKI/AKI) or, with spec.is_ca, an intermediate CA.
Result<Certificate> make_signed(const CertSpec& spec, const Certificate& issuer);

/// A self-signed certificate with the leaf profile of make_signed (not a CA).
Result<Certificate> make_self_signed_leaf(const CertSpec& spec);

/// Parses a PEM certificate and its PEM private key (optionally encrypted with `key_password`)
/// and checks that they match; never prompts for a password.
Result<Certificate> load_pem(const std::string& cert_pem, const std::string& key_pem,
                             std::string_view key_password = {});

/// Concatenates the PEM blocks of `certs` in order (e.g. leaf then CA, for a chain file).
std::string chain_pem(const std::vector<const Certificate*>& certs);

/// PKCS#12 (DER bytes) holding `leaf`, its key if it has one, and `chain`, protected with
/// AES-256-CBC/PBKDF2 and an HMAC-SHA-256 MAC so OpenSSL 3 reads it without the legacy provider.
Result<std::string> make_p12(const Certificate& leaf, const std::vector<const Certificate*>& chain,
                             std::string_view password);

/// Writes `bytes` to `path` (created or truncated) and sets its permission bits to `mode`.
Result<void> write_file(const std::string& path, std::string_view bytes, int mode = 0644);

}  // namespace es_sandbox
