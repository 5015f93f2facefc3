// SPDX-License-Identifier: MIT
// X.509 generation for es-sandbox and the tests: EC P-256 keys, random 128-bit serials, the CA
// and leaf extension profiles, and the PEM/DER/PKCS#12 encodings. Every OpenSSL object lives in a
// unique_ptr so that each early error return frees what was built so far.
#include "certgen.h"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include "base64.h"

namespace es_sandbox {
namespace {

using escurl::Errc;
using escurl::Error;
using escurl::make_error;

template <auto Free>
struct FreeWith {
  template <class T>
  void operator()(T* p) const noexcept {
    Free(p);
  }
};
using X509Ptr = std::unique_ptr<X509, FreeWith<X509_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, FreeWith<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, FreeWith<EVP_PKEY_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, FreeWith<BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, FreeWith<BN_free>>;
using NamePtr = std::unique_ptr<X509_NAME, FreeWith<X509_NAME_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, FreeWith<X509_EXTENSION_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, FreeWith<GENERAL_NAMES_free>>;
using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, FreeWith<GENERAL_NAME_free>>;
using P12Ptr = std::unique_ptr<PKCS12, FreeWith<PKCS12_free>>;
// sk_X509_free is a macro in OpenSSL 3, so it needs a real function to be a template argument.
void free_cert_stack(STACK_OF(X509) * stack) { sk_X509_free(stack); }
using CertStackPtr = std::unique_ptr<STACK_OF(X509), FreeWith<free_cert_stack>>;

// Which extension set a certificate gets.
enum class Profile { Ca, Leaf };

// Builds an Error from `what` and the oldest entry of OpenSSL's error queue (the root cause),
// then empties the queue so that later calls do not report stale errors.
Error ssl_error(std::string_view what) {
  std::string message(what);
  if (unsigned long code = ERR_get_error(); code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += ": ";
    message += buf;
  }
  ERR_clear_error();
  return make_error(Errc::Internal, std::move(message));
}

BioPtr new_mem_bio() { return BioPtr(BIO_new(BIO_s_mem())); }

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<size_t>(len)) : std::string();
}

std::string hex_lower(const unsigned char* bytes, size_t len) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (size_t i = 0; i < len; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 0x0f];
  }
  return out;
}

// One-line "CN=foo, O=bar": OpenSSL's ONELINE format without the spaces around '=' and with
// UTF-8 left readable instead of escaped.
std::string name_one_line(const X509_NAME* name) {
  BioPtr bio = new_mem_bio();
  unsigned long flags = (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ & ~ASN1_STRFLGS_ESC_MSB);
  if (!bio || name == nullptr || X509_NAME_print_ex(bio.get(), name, 0, flags) < 0) return {};
  return bio_contents(bio.get());
}

// Copies the password OpenSSL asks for from `u` (a std::string_view*); refusing when there is
// none keeps OpenSSL from falling back to prompting on the terminal.
int password_from_view(char* buf, int size, int /*rwflag*/, void* u) {
  const auto* password = static_cast<const std::string_view*>(u);
  if (password == nullptr || password->empty() || password->size() > static_cast<size_t>(size)) {
    return -1;
  }
  std::memcpy(buf, password->data(), password->size());
  return static_cast<int>(password->size());
}

Result<PkeyPtr> generate_p256_key() {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1 ||
      EVP_PKEY_generate(ctx.get(), &raw) != 1) {
    return ssl_error("cannot generate an EC P-256 key");
  }
  return PkeyPtr(raw);
}

// A random positive 128-bit serial; the top bit is forced so it is never zero.
Result<void> set_random_serial(X509* cert) {
  BnPtr bn(BN_new());
  if (!bn || BN_rand(bn.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) == nullptr) {
    return ssl_error("cannot set a random serial number");
  }
  return escurl::ok();
}

Result<NamePtr> cn_name(const std::string& common_name) {
  NamePtr name(X509_NAME_new());
  if (!name) return ssl_error("cannot allocate a name");
  if (!common_name.empty()) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(common_name.data());
    if (X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8, bytes,
                                   static_cast<int>(common_name.size()), -1, 0) != 1) {
      return ssl_error("cannot set common name '" + common_name + "'");
    }
  }
  return name;
}

// Version, serial, validity, subject and public key: everything but issuer and extensions.
Result<X509Ptr> new_cert_body(const CertSpec& spec, EVP_PKEY* subject_key) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
    return ssl_error("cannot allocate a certificate");
  }
  if (auto r = set_random_serial(cert.get()); !r) return r.take_error();
  if (X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.not_before_offset_seconds) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.not_after_offset_seconds) == nullptr) {
    return ssl_error("cannot set the validity period");
  }
  auto subject = cn_name(spec.common_name);
  if (!subject) return subject.take_error();
  if (X509_set_subject_name(cert.get(), subject->get()) != 1 ||
      X509_set_pubkey(cert.get(), subject_key) != 1) {
    return ssl_error("cannot set the subject");
  }
  return cert;
}

Result<void> set_issuer_name(X509* cert, const CertSpec& spec, const X509* issuer_cert) {
  if (spec.issuer_common_name_override) {
    auto forged = cn_name(*spec.issuer_common_name_override);
    if (!forged) return forged.take_error();
    if (X509_set_issuer_name(cert, forged->get()) != 1) return ssl_error("cannot set issuer");
    return escurl::ok();
  }
  if (X509_set_issuer_name(cert, X509_get_subject_name(issuer_cert)) != 1) {
    return ssl_error("cannot set issuer");
  }
  return escurl::ok();
}

// Adds one extension given in openssl.cnf syntax, e.g. "critical,CA:TRUE".
Result<void> add_conf_ext(X509* cert, X509* issuer_cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer_cert, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return ssl_error(std::string("cannot add extension ") + OBJ_nid2sn(nid) + "=" + value);
  }
  return escurl::ok();
}

Result<GeneralNamePtr> general_name(int type, const std::string& value) {
  GeneralNamePtr gn(GENERAL_NAME_new());
  if (!gn) return ssl_error("cannot allocate a subjectAltName entry");
  if (type == GEN_IPADD) {
    ASN1_OCTET_STRING* ip = a2i_IPADDRESS(value.c_str());
    if (ip == nullptr) {
      ERR_clear_error();
      return make_error(Errc::Usage, "not an IP address: '" + value + "'");
    }
    GENERAL_NAME_set0_value(gn.get(), GEN_IPADD, ip);
    return gn;
  }
  ASN1_IA5STRING* dns = ASN1_IA5STRING_new();
  if (dns == nullptr || ASN1_STRING_set(dns, value.data(), static_cast<int>(value.size())) != 1) {
    ASN1_IA5STRING_free(dns);
    return ssl_error("cannot encode DNS name '" + value + "'");
  }
  GENERAL_NAME_set0_value(gn.get(), GEN_DNS, dns);
  return gn;
}

// subjectAltName built entry by entry rather than from a config string, so names containing
// ',' or ':' (IPv6) cannot be misparsed.
Result<void> add_san(X509* cert, const CertSpec& spec) {
  if (spec.dns_names.empty() && spec.ip_addresses.empty()) return escurl::ok();
  GeneralNamesPtr names(GENERAL_NAMES_new());
  if (!names) return ssl_error("cannot allocate subjectAltName");
  auto push = [&](int type, const std::string& value) -> Result<void> {
    auto gn = general_name(type, value);
    if (!gn) return gn.take_error();
    if (sk_GENERAL_NAME_push(names.get(), gn->get()) <= 0) return ssl_error("out of memory");
    gn->release();
    return escurl::ok();
  };
  for (const auto& dns : spec.dns_names) {
    if (auto r = push(GEN_DNS, dns); !r) return r;
  }
  for (const auto& ip : spec.ip_addresses) {
    if (auto r = push(GEN_IPADD, ip); !r) return r;
  }
  if (X509_add1_ext_i2d(cert, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1) {
    return ssl_error("cannot add subjectAltName");
  }
  return escurl::ok();
}

Result<void> add_profile_exts(X509* cert, X509* issuer_cert, Profile profile, bool client_auth) {
  struct Ext {
    int nid;
    const char* value;
  };
  std::vector<Ext> exts;
  if (profile == Profile::Ca) {
    exts = {{NID_basic_constraints, "critical,CA:TRUE"},
            {NID_key_usage, "critical,keyCertSign,cRLSign"}};
  } else {
    exts = {{NID_basic_constraints, "critical,CA:FALSE"},
            {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
            {NID_ext_key_usage, client_auth ? "clientAuth" : "serverAuth"}};
  }
  // SKI is computed from the public key already set on `cert`.
  exts.push_back({NID_subject_key_identifier, "hash"});
  // AKI is copied from the issuer's SKI; a self-signed certificate does without.
  if (issuer_cert != cert && X509_get0_subject_key_id(issuer_cert) != nullptr) {
    exts.push_back({NID_authority_key_identifier, "keyid:always"});
  }
  for (const auto& ext : exts) {
    if (auto r = add_conf_ext(cert, issuer_cert, ext.nid, ext.value); !r) return r;
  }
  return escurl::ok();
}

// Builds and signs one certificate. A null `issuer` means self-signed with the new key.
Result<Certificate> build(const CertSpec& spec, Profile profile, const Certificate* issuer) {
  if (issuer != nullptr && (issuer->x509() == nullptr || issuer->key() == nullptr)) {
    return make_error(Errc::Usage, "the issuer certificate has no private key to sign with");
  }
  auto key = generate_p256_key();
  if (!key) return key.take_error();
  auto cert = new_cert_body(spec, key->get());
  if (!cert) return cert.take_error();
  X509* issuer_cert = issuer != nullptr ? issuer->x509() : cert->get();
  EVP_PKEY* signing_key = issuer != nullptr ? issuer->key() : key->get();
  if (auto r = set_issuer_name(cert->get(), spec, issuer_cert); !r) return r.take_error();
  if (auto r = add_san(cert->get(), spec); !r) return r.take_error();
  // A forged certificate gets no AKI: it must not point at the key that really signed it, so
  // verification fails on the signature rather than on a key-identifier mismatch.
  X509* aki_source = spec.issuer_common_name_override ? cert->get() : issuer_cert;
  if (auto r = add_profile_exts(cert->get(), aki_source, profile, spec.client_auth); !r) {
    return r.take_error();
  }
  if (X509_sign(cert->get(), signing_key, EVP_sha256()) <= 0) {
    return ssl_error("cannot sign the certificate");
  }
  return Certificate(cert->release(), key->release());
}

}  // namespace

Certificate::Certificate(X509* cert, EVP_PKEY* key) noexcept : cert_(cert), key_(key) {}

Certificate::~Certificate() {
  X509_free(cert_);
  EVP_PKEY_free(key_);
}

Certificate::Certificate(Certificate&& other) noexcept
    : cert_(std::exchange(other.cert_, nullptr)), key_(std::exchange(other.key_, nullptr)) {}

Certificate& Certificate::operator=(Certificate&& other) noexcept {
  if (this != &other) {
    X509_free(cert_);
    EVP_PKEY_free(key_);
    cert_ = std::exchange(other.cert_, nullptr);
    key_ = std::exchange(other.key_, nullptr);
  }
  return *this;
}

std::string Certificate::cert_pem() const {
  BioPtr bio = new_mem_bio();
  if (!bio || cert_ == nullptr || PEM_write_bio_X509(bio.get(), cert_) != 1) return {};
  return bio_contents(bio.get());
}

std::string Certificate::key_pem() const {
  BioPtr bio = new_mem_bio();
  // PEM_write_bio_PrivateKey writes PKCS#8 ("BEGIN PRIVATE KEY") in OpenSSL 3.
  if (!bio || key_ == nullptr ||
      PEM_write_bio_PrivateKey(bio.get(), key_, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return {};
  }
  return bio_contents(bio.get());
}

Result<std::string> Certificate::key_pem_encrypted(std::string_view password) const {
  // An empty password would make OpenSSL prompt on the terminal instead.
  if (password.empty()) return make_error(Errc::Usage, "an encrypted key needs a password");
  if (key_ == nullptr) return make_error(Errc::Usage, "the certificate has no private key");
  BioPtr bio = new_mem_bio();
  if (!bio ||
      PEM_write_bio_PKCS8PrivateKey(bio.get(), key_, EVP_aes_256_cbc(), password.data(),
                                    static_cast<int>(password.size()), nullptr, nullptr) != 1) {
    return ssl_error("cannot encrypt the private key");
  }
  return bio_contents(bio.get());
}

std::string Certificate::der() const {
  unsigned char* buf = nullptr;
  int len = cert_ != nullptr ? i2d_X509(cert_, &buf) : -1;
  if (len <= 0) return {};
  std::string out(reinterpret_cast<const char*>(buf), static_cast<size_t>(len));
  OPENSSL_free(buf);
  return out;
}

std::string Certificate::sha256_fingerprint() const {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (cert_ == nullptr || X509_digest(cert_, EVP_sha256(), md, &len) != 1) return {};
  return hex_lower(md, len);
}

std::string Certificate::spki_pin() const {
  EVP_PKEY* pub = cert_ != nullptr ? X509_get0_pubkey(cert_) : nullptr;
  unsigned char* spki = nullptr;
  int len = pub != nullptr ? i2d_PUBKEY(pub, &spki) : -1;
  if (len <= 0) return {};
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  int ok = EVP_Digest(spki, static_cast<size_t>(len), md, &md_len, EVP_sha256(), nullptr);
  OPENSSL_free(spki);
  if (ok != 1) return {};
  return "sha256//" +
         escurl::base64_encode(std::string_view(reinterpret_cast<const char*>(md), md_len));
}

std::string Certificate::subject() const {
  return cert_ != nullptr ? name_one_line(X509_get_subject_name(cert_)) : std::string();
}

std::string Certificate::issuer() const {
  return cert_ != nullptr ? name_one_line(X509_get_issuer_name(cert_)) : std::string();
}

Result<Certificate> make_ca(const CertSpec& spec) { return build(spec, Profile::Ca, nullptr); }

Result<Certificate> make_signed(const CertSpec& spec, const Certificate& issuer) {
  return build(spec, spec.is_ca ? Profile::Ca : Profile::Leaf, &issuer);
}

Result<Certificate> make_self_signed_leaf(const CertSpec& spec) {
  return build(spec, Profile::Leaf, nullptr);
}

Result<Certificate> load_pem(const std::string& cert_pem, const std::string& key_pem,
                             std::string_view key_password) {
  BioPtr cert_bio(BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())));
  BioPtr key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  if (!cert_bio || !key_bio) return ssl_error("out of memory");
  X509Ptr cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return ssl_error("cannot parse the PEM certificate");
  PkeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, password_from_view, &key_password));
  if (!key) return ssl_error("cannot parse the PEM private key (wrong password?)");
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return make_error(Errc::Usage, "the private key does not match the certificate");
  }
  return Certificate(cert.release(), key.release());
}

std::string chain_pem(const std::vector<const Certificate*>& certs) {
  std::string out;
  for (const Certificate* cert : certs) out += cert->cert_pem();
  return out;
}

Result<std::string> make_p12(const Certificate& leaf, const std::vector<const Certificate*>& chain,
                             std::string_view password) {
  CertStackPtr stack(sk_X509_new_null());
  if (!stack) return ssl_error("out of memory");
  for (const Certificate* cert : chain) {
    // The stack only borrows the certificates: PKCS12_create encodes them, it does not keep them.
    if (sk_X509_push(stack.get(), cert->x509()) <= 0) return ssl_error("out of memory");
  }
  const std::string pass(password);
  const std::string friendly_name = leaf.subject();
  // mac_iter -1 omits PKCS12_create's default MAC so that an HMAC-SHA-256 one is set below.
  P12Ptr p12(PKCS12_create(pass.c_str(), friendly_name.c_str(), leaf.key(), leaf.x509(),
                           stack.get(), NID_aes_256_cbc, NID_aes_256_cbc, PKCS12_DEFAULT_ITER, -1,
                           0));
  if (!p12) return ssl_error("cannot build the PKCS#12 bundle");
  if (PKCS12_set_mac(p12.get(), pass.c_str(), -1, nullptr, 0, PKCS12_DEFAULT_ITER, EVP_sha256()) !=
      1) {
    return ssl_error("cannot set the PKCS#12 MAC");
  }
  unsigned char* der = nullptr;
  int len = i2d_PKCS12(p12.get(), &der);
  if (len <= 0) return ssl_error("cannot encode the PKCS#12 bundle");
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

Result<void> write_file(const std::string& path, std::string_view bytes, int mode) {
  auto fail = [&](const char* what) {
    return make_error(Errc::WriteOutput,
                      std::string("cannot ") + what + " " + path + ": " + std::strerror(errno));
  };
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("create");
  // fchmod rather than open's mode: the umask must not widen or narrow what the caller asked for,
  // and an existing file must not keep its old mode.
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
    auto err = fail("chmod");
    ::close(fd);
    return err;
  }
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto err = fail("write");
      ::close(fd);
      return err;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  if (::close(fd) != 0) return fail("close");
  return escurl::ok();
}

}  // namespace es_sandbox
