// SPDX-License-Identifier: MIT
#include "tls.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "file_read.h"
#include "pins.h"
#include "tls_explain.h"
#include "trust_bundle.h"
#include "url.h"

namespace escurl {
namespace {

Error unreadable_ca_file(const std::string& path) {
  return make_error(Errc::CaUnreadable, fmt::format("cannot read CA file '{}'", path),
                    {"check the path and its permissions"});
}

// Up to this many certificates a --cacert file is decoded at once: loading runs while the server
// works on its half of the handshake, so that decode is off the critical path, where a lazy one
// would not be. A larger bundle is decoded certificate by certificate as verification asks.
constexpr std::size_t kEagerCertificates = 4;

Result<std::unique_ptr<TrustBundle>> read_bundle(const std::string& path, bool trusted_blocks,
                                                 double wait_seconds) {
  Result<std::string> pem = read_whole_file(
      path, {fmt::format("CA file '{}'", path), kPemFileLimit, wait_seconds, Errc::CaUnreadable});
  if (!pem) return pem.take_error();
  auto bundle = std::make_unique<TrustBundle>();
  bundle->add_pem(*pem, trusted_blocks);
  return bundle;
}

Result<void> load_pem_file(X509_STORE* store, const std::string& path, double wait_seconds) {
  Result<std::unique_ptr<TrustBundle>> bundle = read_bundle(path, false, wait_seconds);
  if (!bundle) return bundle.take_error();
  std::size_t count = (*bundle)->size();
  if (count <= kEagerCertificates) {
    count = (*bundle)->load_all(store);
  } else {
    install_trust_bundle(store, std::move(*bundle));
  }
  if (count == 0) {
    return make_error(Errc::CaUnreadable,
                      fmt::format("CA file '{}' holds no PEM certificate", path),
                      {"it should contain -----BEGIN CERTIFICATE----- blocks"});
  }
  return ok();
}

bool is_directory(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void add_hashed_dir(X509_STORE* store, const std::string& dir) {
  X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir());
  if (lookup != nullptr) X509_LOOKUP_add_dir(lookup, dir.c_str(), X509_FILETYPE_PEM);
}

// The system store: the hashed directory is looked up per issuer during verification, so no
// bundle is parsed at start-up; a bundle file is loaded only when asked for or when there is no
// directory.
void load_system_store(X509_STORE* store, const TlsOptions& options) {
  const std::string dir = options.cert_dir.value_or(X509_get_default_cert_dir());
  const bool have_dir = is_directory(dir);
  // The bundle's lookup goes first: loaded whole, as it used to be, its certificates were found
  // before the directory was asked. A bundle that cannot be read adds nothing, as before.
  if (options.cert_file || !have_dir) {
    const std::string file = options.cert_file.value_or(X509_get_default_cert_file());
    if (Result<std::unique_ptr<TrustBundle>> bundle = read_bundle(file, true, options.file_wait)) {
      install_trust_bundle(store, std::move(*bundle));
    }
  }
  if (have_dir) add_hashed_dir(store, dir);
}

// What can be found wrong without parsing, so that bad input is reported before connecting.
Result<void> check_trust_sources(const TlsOptions& o) {
  if (o.capath && !is_directory(*o.capath)) {
    return make_error(Errc::CaUnreadable,
                      fmt::format("--capath '{}' is not a directory", *o.capath),
                      {"it should hold CA certificates named by hash (openssl rehash DIR)"});
  }
  // Only asked, not read: a FIFO opened here and closed again would lose its writer.
  if (o.cacert && !check_readable(*o.cacert, {.what = *o.cacert, .code = Errc::CaUnreadable})) {
    return unreadable_ca_file(*o.cacert);
  }
  return ok();
}

Result<void> load_trust(X509_STORE* store, const TlsOptions& o) {
  // --cacert before --capath: a lazily read bundle must be asked before the directory, as its
  // certificates were when it was loaded whole.
  Result<void> cacert = o.cacert ? load_pem_file(store, *o.cacert, o.file_wait) : ok();
  if (o.capath) add_hashed_dir(store, *o.capath);
  if (!o.cacert && !o.capath) load_system_store(store, o);
  return cacert;
}

// Signature-level failures: with a fingerprint-chosen anchor these mean the chain was forged.
bool is_chain_forgery(int err) {
  switch (err) {
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return true;
    default:
      return false;
  }
}

std::optional<Error> check_validity_dates(X509* cert, const std::string& host,
                                          const std::vector<PresentedCert>& chain,
                                          const TlsOptions& o) {
  if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) {
    return explain_verify_error(X509_V_ERR_CERT_NOT_YET_VALID, cert, host, chain, o);
  }
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
    return explain_verify_error(X509_V_ERR_CERT_HAS_EXPIRED, cert, host, chain, o);
  }
  return std::nullopt;
}

}  // namespace

std::string sha256_fingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert, EVP_sha256(), md, &len);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

std::string x509_name_line(const X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

std::vector<PresentedCert> summarise_chain(STACK_OF(X509) * chain) {
  std::vector<PresentedCert> out;
  for (int i = 0; chain && i < sk_X509_num(chain); ++i) {
    X509* c = sk_X509_value(chain, i);
    out.push_back({x509_name_line(X509_get_subject_name(c)),
                   x509_name_line(X509_get_issuer_name(c)), sha256_fingerprint(c),
                   X509_check_ca(c) > 0});
  }
  return out;
}

TlsVerifier::TlsVerifier(const TlsOptions& options, std::string host)
    : options_(options), host_(options.server_name.value_or(std::move(host))) {}

TlsVerifier::~TlsVerifier() { X509_STORE_free(store_); }

Result<std::unique_ptr<TlsVerifier>> TlsVerifier::create(const TlsOptions& options,
                                                         std::string host) {
  std::unique_ptr<TlsVerifier> v(new TlsVerifier(options, std::move(host)));
  // A fingerprint alone decides trust: no store is loaded at all.
  const bool fingerprint_only = options.ca_fingerprint && !options.cacert && !options.capath;
  if (options.insecure || fingerprint_only) return v;
  if (Result<void> r = check_trust_sources(options); !r) return r.take_error();
  v->store_ = X509_STORE_new();
  return v;
}

void TlsVerifier::load_trust_store() {
  if (store_ == nullptr || store_loaded_) return;
  store_loaded_ = true;
  if (Result<void> r = load_trust(store_, options_); !r) trust_error_ = r.error();
}

std::optional<Error> TlsVerifier::trust_error() {
  load_trust_store();
  return trust_error_;
}

void TlsVerifier::install(SSL_CTX* ctx) {
  SSL_CTX_set_min_proto_version(ctx, options_.min_version);
  SSL_CTX_set_max_proto_version(ctx, options_.max_version);
  // Client certificates are presented whatever decides trust (fingerprint or store).
  if (options_.identity) {
    options_.identity->install(ctx);
  } else {
    // Remember a request for one: a TLS 1.3 server's refusal can be lost to a reset.
    SSL_CTX_set_app_data(ctx, this);
    SSL_CTX_set_client_cert_cb(ctx, &TlsVerifier::client_cert_callback);
  }
  if (options_.insecure) {
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    return;
  }
  // With PEER mode a refused chain aborts the handshake, so the request (and its credentials)
  // is never written on that connection.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, &TlsVerifier::verify_callback, this);
}

int TlsVerifier::verify_callback(X509_STORE_CTX* ctx, void* arg) {
  auto* self = static_cast<TlsVerifier*>(arg);
  self->failure_ = self->check(X509_STORE_CTX_get0_cert(ctx), X509_STORE_CTX_get0_untrusted(ctx));
  if (!self->failure_) return 1;
  X509_STORE_CTX_set_error(ctx, X509_V_ERR_APPLICATION_VERIFICATION);
  return 0;
}

int TlsVerifier::client_cert_callback(SSL* ssl, X509**, EVP_PKEY**) {
  auto* self = static_cast<TlsVerifier*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  if (self != nullptr) self->client_cert_requested_ = true;
  return 0;  // no certificate to give
}

std::optional<Error> TlsVerifier::check(X509* leaf, STACK_OF(X509) * presented) {
  if (std::optional<Error> e = trust_error()) return e;
  if (options_.ca_fingerprint && store_ == nullptr) return verify_by_fingerprint(leaf, presented);
  return verify_with_store(store_, leaf, presented, false, false);
}

std::optional<Error> TlsVerifier::verify_with_store(X509_STORE* store, X509* leaf,
                                                    STACK_OF(X509) * presented, bool partial_chain,
                                                    bool forged_is_pin_failure) {
  // Verify against our own store, not the SSL_CTX's, so the store stays lazy and ours.
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf, presented);
  X509_STORE_CTX_set_default(ctx, "ssl_server");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
  if (partial_chain) X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  if (is_ip_literal(host_)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host_.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, host_.c_str(), host_.size());
  }
  std::optional<Error> failure;
  if (X509_verify_cert(ctx) != 1) {
    const int err = X509_STORE_CTX_get_error(ctx);
    X509* bad = X509_STORE_CTX_get_current_cert(ctx);
    const std::vector<PresentedCert> chain = summarise_chain(presented);
    if (forged_is_pin_failure && is_chain_forgery(err)) {
      failure =
          make_error(Errc::PinMismatch,
                     fmt::format("pin mismatch: the certificate {} does not verify up to the "
                                 "CA with --ca-fingerprint {}: {}",
                                 x509_name_line(X509_get_subject_name(leaf)),
                                 *options_.ca_fingerprint, X509_verify_cert_error_string(err)),
                     {"the chain may be forged; nothing was sent"});
    } else {
      failure = explain_verify_error(err, bad ? bad : leaf, host_, chain, options_);
    }
  } else {
    STACK_OF(X509)* verified = X509_STORE_CTX_get0_chain(ctx);
    if (options_.ca_fingerprint && !forged_is_pin_failure) {
      // With --cacert as well, the fingerprint must be among the verified chain.
      bool found = false;
      for (int i = 0; i < sk_X509_num(verified); ++i) {
        found = found || sha256_fingerprint(sk_X509_value(verified, i)) == *options_.ca_fingerprint;
      }
      if (!found) {
        failure = explain_fingerprint_mismatch(*options_.ca_fingerprint, summarise_chain(verified));
      }
    }
    if (!failure) failure = check_pubkey_pins(verified);
  }
  X509_STORE_CTX_free(ctx);
  return failure;
}

std::optional<Error> TlsVerifier::verify_by_fingerprint(X509* leaf, STACK_OF(X509) * presented) {
  const std::vector<PresentedCert> chain = summarise_chain(presented);
  const std::string& expected = *options_.ca_fingerprint;
  int match = -1;
  for (int i = 0; i < sk_X509_num(presented); ++i) {
    if (chain[static_cast<std::size_t>(i)].sha256 == expected) match = i;
  }
  if (sha256_fingerprint(leaf) == expected) match = 0;
  if (match < 0) return explain_fingerprint_mismatch(expected, chain);
  X509* pinned = match == 0 ? leaf : sk_X509_value(presented, match);
  if (pinned == leaf) {
    // The leaf itself is pinned: exactly that certificate is trusted; its dates still count.
    if (auto e = check_validity_dates(leaf, host_, chain, options_)) return e;
    STACK_OF(X509)* only = sk_X509_new_null();
    sk_X509_push(only, leaf);
    std::optional<Error> pins = check_pubkey_pins(only);
    sk_X509_free(only);
    return pins;
  }
  if (X509_check_ca(pinned) <= 0) {
    return make_error(Errc::PinMismatch,
                      fmt::format("pin mismatch: --ca-fingerprint {} names {}, which is neither "
                                  "the server's certificate nor a CA",
                                  expected, x509_name_line(X509_get_subject_name(pinned))));
  }
  // The matching CA becomes the only trust anchor, and the leaf must verify up to it in full.
  X509_STORE* anchor = X509_STORE_new();
  X509_STORE_add_cert(anchor, pinned);
  std::optional<Error> e = verify_with_store(anchor, leaf, presented, true, true);
  X509_STORE_free(anchor);
  return e;
}

std::optional<Error> TlsVerifier::check_pubkey_pins(STACK_OF(X509) * verified) const {
  if (options_.pinned_pubkeys.empty()) return std::nullopt;
  std::vector<std::string> presented;
  for (int i = 0; i < sk_X509_num(verified); ++i) {
    const std::string pin = spki_sha256_base64(sk_X509_value(verified, i));
    const auto& want = options_.pinned_pubkeys;
    if (std::find(want.begin(), want.end(), pin) != want.end()) return std::nullopt;
    presented.push_back(
        fmt::format("presented: sha256//{} ({})", pin,
                    x509_name_line(X509_get_subject_name(sk_X509_value(verified, i)))));
  }
  presented.insert(presented.begin(), fmt::format("expected: sha256//{}",
                                                  fmt::join(options_.pinned_pubkeys, ";sha256//")));
  return make_error(Errc::PinMismatch,
                    "pin mismatch: no certificate of the verified chain has a --pinnedpubkey key",
                    std::move(presented));
}

}  // namespace escurl
