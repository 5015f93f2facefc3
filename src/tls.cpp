// SPDX-License-Identifier: MIT
#include "tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <fmt/format.h>

#include "url.h"

namespace escurl {
namespace {

Result<void> load_pem_file(X509_STORE* store, const std::string& path) {
  BIO* bio = BIO_new_file(path.c_str(), "r");
  if (bio == nullptr) {
    return make_error(Errc::CaUnreadable, fmt::format("cannot read CA file '{}'", path),
                      {"check the path and its permissions"});
  }
  int count = 0;
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
    ++count;
  }
  ERR_clear_error();  // the loop ends on an expected "no start line"
  BIO_free(bio);
  if (count == 0) {
    return make_error(Errc::CaUnreadable,
                      fmt::format("CA file '{}' holds no PEM certificate", path),
                      {"it should contain -----BEGIN CERTIFICATE----- blocks"});
  }
  return ok();
}

bool is_directory(const std::string& path) {
  struct stat st{};
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The system store: the hashed directory is looked up per issuer during verification, so no
// bundle is parsed at start-up; a bundle file is loaded only when asked for or when there is no
// directory.
Result<void> load_system_store(X509_STORE* store, const TlsOptions& options) {
  const std::string dir = options.cert_dir.value_or(X509_get_default_cert_dir());
  const bool have_dir = is_directory(dir);
  if (have_dir) {
    X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_hash_dir());
    if (lookup != nullptr) X509_LOOKUP_add_dir(lookup, dir.c_str(), X509_FILETYPE_PEM);
  }
  if (options.cert_file || !have_dir) {
    const std::string file = options.cert_file.value_or(X509_get_default_cert_file());
    X509_STORE_load_file(store, file.c_str());
    ERR_clear_error();
  }
  return ok();
}

std::vector<std::string> names_in(X509* cert) {
  std::vector<std::string> names;
  auto* sans = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr,
                                                            nullptr));
  for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, i);
    if (gn->type == GEN_DNS) {
      const ASN1_STRING* s = gn->d.dNSName;
      names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                         static_cast<std::size_t>(ASN1_STRING_length(s)));
    } else if (gn->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = gn->d.iPAddress;
      char* text = OPENSSL_buf2hexstr(ASN1_STRING_get0_data(s), ASN1_STRING_length(s));
      const int len = ASN1_STRING_length(s);
      if (len == 4) {
        const unsigned char* b = ASN1_STRING_get0_data(s);
        names.push_back(fmt::format("{}.{}.{}.{}", b[0], b[1], b[2], b[3]));
      } else {
        names.push_back(fmt::format("IP {}", text ? text : "?"));
      }
      OPENSSL_free(text);
    }
  }
  GENERAL_NAMES_free(sans);
  return names;
}

std::string asn1_time_text(const ASN1_TIME* t) {
  BIO* bio = BIO_new(BIO_s_mem());
  ASN1_TIME_print(bio, t);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
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

TlsVerifier::TlsVerifier(const TlsOptions& options, std::string host)
    : options_(options), host_(std::move(host)), store_(X509_STORE_new()) {}

TlsVerifier::~TlsVerifier() { X509_STORE_free(store_); }

Result<std::unique_ptr<TlsVerifier>> TlsVerifier::create(const TlsOptions& options,
                                                          std::string host) {
  std::unique_ptr<TlsVerifier> v(new TlsVerifier(options, std::move(host)));
  if (options.insecure) return v;
  Result<void> loaded = options.cacert ? load_pem_file(v->store_, *options.cacert)
                                       : load_system_store(v->store_, options);
  if (!loaded) return loaded.take_error();
  return v;
}

void TlsVerifier::install(SSL_CTX* ctx) {
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
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
  return static_cast<TlsVerifier*>(arg)->verify(ctx);
}

int TlsVerifier::verify(X509_STORE_CTX* ctx) {
  failure_.reset();
  X509* leaf = X509_STORE_CTX_get0_cert(ctx);
  STACK_OF(X509)* presented = X509_STORE_CTX_get0_untrusted(ctx);
  std::vector<PresentedCert> chain;
  for (int i = 0; presented && i < sk_X509_num(presented); ++i) {
    X509* c = sk_X509_value(presented, i);
    chain.push_back({x509_name_line(X509_get_subject_name(c)),
                     x509_name_line(X509_get_issuer_name(c)), sha256_fingerprint(c)});
  }
  // Verify against our own store, not the SSL_CTX's, so the store stays lazy and ours.
  X509_STORE_CTX* mine = X509_STORE_CTX_new();
  X509_STORE_CTX_init(mine, store_, leaf, presented);
  X509_STORE_CTX_set_default(mine, "ssl_server");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(mine);
  if (is_ip_literal(host_)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host_.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, host_.c_str(), host_.size());
  }
  const int ok = X509_verify_cert(mine);
  if (ok != 1) {
    const int err = X509_STORE_CTX_get_error(mine);
    X509* bad = X509_STORE_CTX_get_current_cert(mine);
    failure_ = describe_failure(err, bad ? bad : leaf, chain);
    X509_STORE_CTX_set_error(ctx, err);
  }
  X509_STORE_CTX_free(mine);
  return ok == 1 ? 1 : 0;
}

Error TlsVerifier::describe_failure(int err, X509* cert,
                                    const std::vector<PresentedCert>& chain) const {
  const std::string subject = x509_name_line(X509_get_subject_name(cert));
  switch (err) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: {
      std::string names;
      for (const std::string& n : names_in(cert)) names += (names.empty() ? "" : ", ") + n;
      return make_error(Errc::CertUntrusted,
                        fmt::format("the server certificate is not valid for '{}': it names {}",
                                    host_, names.empty() ? "no host" : names),
                        {"connect with a name the certificate holds"});
    }
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return make_error(Errc::CertUntrusted,
                        fmt::format("the server certificate ({}) expired on {}", subject,
                                    asn1_time_text(X509_get0_notAfter(cert))),
                        {"the cluster's certificate must be renewed"});
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return make_error(Errc::CertUntrusted,
                        fmt::format("the server certificate ({}) is not valid before {}", subject,
                                    asn1_time_text(X509_get0_notBefore(cert))),
                        {"check this machine's clock"});
    default:
      break;
  }
  std::vector<std::string> hints;
  for (const PresentedCert& c : chain) {
    hints.push_back(fmt::format("presented: {} (SHA-256 {})", c.subject, c.sha256));
  }
  hints.push_back(options_.cacert
                      ? fmt::format("the CA that signed it is not in '{}'", *options_.cacert)
                      : "pass the cluster's CA with --cacert FILE (Elasticsearch 8 writes it to "
                        "config/certs/http_ca.crt)");
  return make_error(Errc::CertUntrusted,
                    fmt::format("the server certificate is not trusted: {}",
                                X509_verify_cert_error_string(err)),
                    std::move(hints));
}

}  // namespace escurl
