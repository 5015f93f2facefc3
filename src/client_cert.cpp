// SPDX-License-Identifier: MIT
#include "client_cert.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include "file_read.h"
#include "tls.h"

namespace escurl {
namespace {

struct PasswordState {
  const Secret* password = nullptr;
  bool asked = false;  // the key wanted a password
};

int password_callback(char* buf, int size, int, void* userdata) {
  auto* state = static_cast<PasswordState*>(userdata);
  state->asked = true;
  if (state->password == nullptr) return -1;
  const std::string& pw = state->password->reveal();
  if (static_cast<int>(pw.size()) > size) return -1;
  pw.copy(buf, pw.size());
  return static_cast<int>(pw.size());
}

Error cert_error(std::string message, std::vector<std::string> hints = {}) {
  ERR_clear_error();
  return make_error(Errc::ClientCert, std::move(message), std::move(hints));
}

Result<std::string> read_identity_file(const std::string& path, std::string_view flag,
                                       double wait_seconds) {
  return read_whole_file(
      path, {fmt::format("{} '{}'", flag, path), kPemFileLimit, wait_seconds, Errc::ClientCert});
}

// Resolves the password once: the given one, else the prompt.
Result<Secret> password_for(const ClientCertOptions& o, const std::function<Result<Secret>()>& ask,
                            std::string_view what) {
  if (o.key_password) return *o.key_password;
  Result<Secret> pw = ask();
  if (!pw) {
    return cert_error(fmt::format("{} is encrypted and no --key-password was given", what),
                      {"give it with --key-password @FILE or env:NAME"});
  }
  return pw;
}

Result<EVP_PKEY*> read_pem_key(const std::string& pem, const ClientCertOptions& o,
                               const std::function<Result<Secret>()>& ask,
                               const std::string& path) {
  PasswordState state{o.key_password ? &*o.key_password : nullptr};
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, password_callback, &state);
  BIO_free(bio);
  if (key != nullptr) return key;
  if (!state.asked) return cert_error(fmt::format("no PEM private key in '{}'", path));
  if (state.password != nullptr) {
    return cert_error(fmt::format("wrong --key-password for '{}'", path));
  }
  Result<Secret> pw = password_for(o, ask, fmt::format("the key '{}'", path));
  if (!pw) return pw.take_error();
  state = PasswordState{&*pw};
  bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  key = PEM_read_bio_PrivateKey(bio, nullptr, password_callback, &state);
  BIO_free(bio);
  if (key == nullptr) return cert_error(fmt::format("wrong password for the key '{}'", path));
  return key;
}

Result<std::shared_ptr<const ClientIdentity>> load_pem(const ClientCertOptions& o,
                                                       const std::function<Result<Secret>()>& ask) {
  Result<std::string> cert_pem = read_identity_file(o.cert_path, "--cert", o.file_wait);
  if (!cert_pem) return cert_pem.take_error();
  BIO* bio = BIO_new_mem_buf(cert_pem->data(), static_cast<int>(cert_pem->size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  STACK_OF(X509)* chain = sk_X509_new_null();
  while (X509* extra = cert ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr) {
    sk_X509_push(chain, extra);
  }
  BIO_free(bio);
  ERR_clear_error();
  if (cert == nullptr) {
    sk_X509_pop_free(chain, X509_free);
    return cert_error(fmt::format("--cert '{}' holds no PEM certificate", o.cert_path),
                      {"for a .p12 bundle give --cert-type P12"});
  }
  const std::string key_path = o.key_path.empty() ? o.cert_path : o.key_path;
  Result<std::string> key_pem = o.key_path.empty()
                                    ? std::move(cert_pem)
                                    : read_identity_file(o.key_path, "--key", o.file_wait);
  Result<EVP_PKEY*> key =
      key_pem ? read_pem_key(*key_pem, o, ask, key_path) : Result<EVP_PKEY*>(key_pem.take_error());
  if (key_pem) secure_wipe(*key_pem);
  if (!key) {
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
    return key.take_error();
  }
  auto identity = std::make_shared<const ClientIdentity>(cert, *key, chain);
  if (X509_check_private_key(cert, *key) != 1) {
    return cert_error(
        fmt::format("the key '{}' does not match the certificate '{}'", key_path, o.cert_path));
  }
  return identity;
}

Result<std::shared_ptr<const ClientIdentity>> load_p12(const ClientCertOptions& o,
                                                       const std::function<Result<Secret>()>& ask) {
  Result<std::string> bytes = read_identity_file(o.cert_path, "--cert", o.file_wait);
  if (!bytes) return bytes.take_error();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes->data());
  PKCS12* p12 = d2i_PKCS12(nullptr, &p, static_cast<long>(bytes->size()));
  if (p12 == nullptr) return cert_error(fmt::format("'{}' is not a PKCS#12 file", o.cert_path));
  std::optional<Secret> password = o.key_password;
  if (!password && PKCS12_verify_mac(p12, "", 0) != 1 && PKCS12_verify_mac(p12, nullptr, 0) != 1) {
    Result<Secret> pw = password_for(o, ask, fmt::format("'{}'", o.cert_path));
    if (!pw) {
      PKCS12_free(p12);
      return pw.take_error();
    }
    password = std::move(*pw);
  }
  const char* pass = password ? password->reveal().c_str() : "";
  if (PKCS12_verify_mac(p12, pass, -1) != 1) {
    PKCS12_free(p12);
    return cert_error(fmt::format("wrong password for '{}'", o.cert_path));
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* chain = nullptr;
  const int parsed = PKCS12_parse(p12, pass, &key, &cert, &chain);
  PKCS12_free(p12);
  if (parsed != 1 || cert == nullptr || key == nullptr) {
    X509_free(cert);
    EVP_PKEY_free(key);
    sk_X509_pop_free(chain, X509_free);
    return cert_error(fmt::format("'{}' holds no certificate with its key", o.cert_path));
  }
  return std::make_shared<const ClientIdentity>(cert, key, chain ? chain : sk_X509_new_null());
}

}  // namespace

ClientIdentity::~ClientIdentity() {
  X509_free(cert_);
  EVP_PKEY_free(key_);
  sk_X509_pop_free(chain_, X509_free);
}

void ClientIdentity::install(SSL_CTX* ctx) const {
  SSL_CTX_use_certificate(ctx, cert_);
  SSL_CTX_use_PrivateKey(ctx, key_);
  for (int i = 0; i < sk_X509_num(chain_); ++i)
    SSL_CTX_add1_chain_cert(ctx, sk_X509_value(chain_, i));
}

std::string ClientIdentity::subject() const { return x509_name_line(X509_get_subject_name(cert_)); }

CertType infer_cert_type(const std::string& path) {
  const auto ends = [&](std::string_view s) {
    return path.size() >= s.size() &&
           std::equal(s.rbegin(), s.rend(), path.rbegin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  };
  return ends(".p12") || ends(".pfx") ? CertType::P12 : CertType::Pem;
}

Result<std::shared_ptr<const ClientIdentity>> load_client_identity(
    const ClientCertOptions& options, const std::function<Result<Secret>()>& ask_password) {
  return options.type == CertType::P12 ? load_p12(options, ask_password)
                                       : load_pem(options, ask_password);
}

}  // namespace escurl
