// SPDX-License-Identifier: MIT
// certgen: generated certificates must verify (or fail) under OpenSSL's own X509_verify_cert
// exactly as a TLS client would judge them, and every encoding must round-trip through the
// OpenSSL parser that reads it.
#include "certgen.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base64.h"
#include "catch.h"

namespace {

using es_sandbox::Certificate;
using es_sandbox::CertSpec;

struct StoreDeleter {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};

using ParamTweak = std::function<void(X509_VERIFY_PARAM*)>;

// Runs X509_verify_cert on `leaf` with `ca` as the only trust anchor; returns the verify error
// (X509_V_OK on success).
int verify(const Certificate& leaf, const Certificate& ca,
           const std::vector<const Certificate*>& untrusted = {}, const ParamTweak& tweak = {}) {
  std::unique_ptr<X509_STORE, StoreDeleter> store(X509_STORE_new());
  REQUIRE(X509_STORE_add_cert(store.get(), ca.x509()) == 1);
  STACK_OF(X509)* chain = sk_X509_new_null();
  for (const Certificate* c : untrusted) sk_X509_push(chain, c->x509());
  std::unique_ptr<X509_STORE_CTX, StoreDeleter> ctx(X509_STORE_CTX_new());
  REQUIRE(X509_STORE_CTX_init(ctx.get(), store.get(), leaf.x509(), chain) == 1);
  if (tweak) tweak(X509_STORE_CTX_get0_param(ctx.get()));
  int ok = X509_verify_cert(ctx.get());
  int err = X509_STORE_CTX_get_error(ctx.get());
  sk_X509_free(chain);
  ERR_clear_error();
  return ok == 1 ? X509_V_OK : (err == X509_V_OK ? X509_V_ERR_UNSPECIFIED : err);
}

Certificate ca_named(const std::string& cn) {
  auto ca = es_sandbox::make_ca({.common_name = cn});
  REQUIRE(ca);
  return std::move(ca).value();
}

Certificate localhost_leaf(const Certificate& ca) {
  CertSpec spec{
      .common_name = "localhost", .dns_names = {"localhost"}, .ip_addresses = {"127.0.0.1", "::1"}};
  auto leaf = es_sandbox::make_signed(spec, ca);
  REQUIRE(leaf);
  return std::move(leaf).value();
}

ParamTweak host(const char* name) {
  return [name](X509_VERIFY_PARAM* p) { REQUIRE(X509_VERIFY_PARAM_set1_host(p, name, 0) == 1); };
}

ParamTweak ip(const char* addr) {
  return [addr](X509_VERIFY_PARAM* p) { REQUIRE(X509_VERIFY_PARAM_set1_ip_asc(p, addr) == 1); };
}

ParamTweak purpose(int which) {
  return [which](X509_VERIFY_PARAM* p) { REQUIRE(X509_VERIFY_PARAM_set_purpose(p, which) == 1); };
}

std::string sha256_hex(const std::string& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  REQUIRE(EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr) == 1);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace

TEST_CASE("certgen: a CA-signed leaf verifies for localhost, 127.0.0.1 and ::1", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  Certificate leaf = localhost_leaf(ca);

  CHECK(verify(leaf, ca) == X509_V_OK);
  CHECK(verify(leaf, ca, {}, host("localhost")) == X509_V_OK);
  CHECK(verify(leaf, ca, {}, ip("127.0.0.1")) == X509_V_OK);
  CHECK(verify(leaf, ca, {}, ip("::1")) == X509_V_OK);
  CHECK(verify(leaf, ca, {}, purpose(X509_PURPOSE_SSL_SERVER)) == X509_V_OK);
}

TEST_CASE("certgen: names outside the SAN are rejected", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  Certificate leaf = localhost_leaf(ca);

  CHECK(verify(leaf, ca, {}, host("example.com")) == X509_V_ERR_HOSTNAME_MISMATCH);
  CHECK(verify(leaf, ca, {}, ip("127.0.0.2")) == X509_V_ERR_IP_ADDRESS_MISMATCH);
}

TEST_CASE("certgen: the CA and leaf carry the advertised extensions", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  Certificate leaf = localhost_leaf(ca);

  CHECK(X509_check_ca(ca.x509()) == 1);
  CHECK(X509_check_ca(leaf.x509()) == 0);
  CHECK((X509_get_key_usage(ca.x509()) & (KU_KEY_CERT_SIGN | KU_CRL_SIGN)) ==
        (KU_KEY_CERT_SIGN | KU_CRL_SIGN));
  CHECK((X509_get_key_usage(leaf.x509()) & (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT)) ==
        (KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT));
  CHECK((X509_get_extended_key_usage(leaf.x509()) & XKU_SSL_SERVER) != 0);
  REQUIRE(X509_get0_subject_key_id(ca.x509()) != nullptr);
  REQUIRE(X509_get0_authority_key_id(leaf.x509()) != nullptr);
  CHECK(ASN1_OCTET_STRING_cmp(X509_get0_authority_key_id(leaf.x509()),
                              X509_get0_subject_key_id(ca.x509())) == 0);
  CHECK(X509_get_signature_nid(leaf.x509()) == NID_ecdsa_with_SHA256);
  CHECK(EVP_PKEY_is_a(leaf.key(), "EC") == 1);
  CHECK(ca.subject() == "CN=escurl test CA");
  CHECK(leaf.issuer() == "CN=escurl test CA");
}

TEST_CASE("certgen: serial numbers are random 128-bit values", "[certgen]") {
  Certificate a = ca_named("a");
  Certificate b = ca_named("b");
  auto bits = [](const Certificate& c) {
    BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(c.x509()), nullptr);
    int n = BN_num_bits(bn);
    BN_free(bn);
    return n;
  };
  CHECK(bits(a) == 128);
  CHECK(bits(b) == 128);
  CHECK(ASN1_INTEGER_cmp(X509_get0_serialNumber(a.x509()), X509_get0_serialNumber(b.x509())) != 0);
}

TEST_CASE("certgen: an expired certificate fails with CERT_HAS_EXPIRED", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  CertSpec spec{.common_name = "localhost",
                .dns_names = {"localhost"},
                .not_before_offset_seconds = -2L * 24 * 3600,
                .not_after_offset_seconds = -24L * 3600};
  auto expired = es_sandbox::make_signed(spec, ca);
  REQUIRE(expired);

  CHECK(verify(*expired, ca) == X509_V_ERR_CERT_HAS_EXPIRED);
}

TEST_CASE("certgen: a not-yet-valid certificate fails with CERT_NOT_YET_VALID", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  auto future =
      es_sandbox::make_signed({.common_name = "localhost", .not_before_offset_seconds = 3600}, ca);
  REQUIRE(future);

  CHECK(verify(*future, ca) == X509_V_ERR_CERT_NOT_YET_VALID);
}

TEST_CASE("certgen: the fingerprint is SHA-256 of the DER in lowercase hex", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  std::string fingerprint = ca.sha256_fingerprint();

  CHECK(fingerprint.size() == 64);
  CHECK(fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(fingerprint == sha256_hex(ca.der()));
  CHECK(fingerprint != localhost_leaf(ca).sha256_fingerprint());
}

TEST_CASE("certgen: the SPKI pin is sha256// and base64 of the public key digest", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  Certificate leaf = localhost_leaf(ca);
  unsigned char* spki = nullptr;
  int len = i2d_PUBKEY(X509_get0_pubkey(leaf.x509()), &spki);
  REQUIRE(len > 0);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  REQUIRE(EVP_Digest(spki, static_cast<size_t>(len), md, &md_len, EVP_sha256(), nullptr) == 1);
  OPENSSL_free(spki);

  std::string expected =
      "sha256//" + escurl::base64_encode(std::string(reinterpret_cast<char*>(md), md_len));
  CHECK(leaf.spki_pin() == expected);
  CHECK(leaf.spki_pin().size() == 8 + 44);
  CHECK(leaf.spki_pin() != ca.spki_pin());
}

TEST_CASE("certgen: a forged leaf fails against the genuine CA", "[certgen]") {
  Certificate genuine = ca_named("escurl test CA");
  Certificate impostor = ca_named("impostor CA");
  CertSpec spec{.common_name = "localhost",
                .dns_names = {"localhost"},
                .issuer_common_name_override = "escurl test CA"};
  auto forged = es_sandbox::make_signed(spec, impostor);
  REQUIRE(forged);

  CHECK(forged->issuer() == genuine.subject());
  CHECK(verify(*forged, genuine) == X509_V_ERR_CERT_SIGNATURE_FAILURE);
  // The impostor's own store does not accept it either: the names do not chain.
  CHECK(verify(*forged, impostor) != X509_V_OK);
}

TEST_CASE("certgen: a leaf under an intermediate CA verifies with the chain", "[certgen]") {
  Certificate root = ca_named("root");
  auto intermediate = es_sandbox::make_signed({.common_name = "intermediate", .is_ca = true}, root);
  REQUIRE(intermediate);
  Certificate leaf = localhost_leaf(*intermediate);

  CHECK(X509_check_ca(intermediate->x509()) == 1);
  CHECK(verify(leaf, root, {&*intermediate}, host("localhost")) == X509_V_OK);
  CHECK(verify(leaf, root) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
}

TEST_CASE("certgen: client_auth switches the EKU to clientAuth", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  auto client = es_sandbox::make_signed({.common_name = "elastic", .client_auth = true}, ca);
  REQUIRE(client);

  CHECK(verify(*client, ca, {}, purpose(X509_PURPOSE_SSL_CLIENT)) == X509_V_OK);
  CHECK(verify(*client, ca, {}, purpose(X509_PURPOSE_SSL_SERVER)) == X509_V_ERR_INVALID_PURPOSE);
}

TEST_CASE("certgen: a self-signed leaf is its own issuer but not a CA", "[certgen]") {
  auto leaf = es_sandbox::make_self_signed_leaf(
      {.common_name = "localhost", .dns_names = {"localhost"}, .ip_addresses = {"127.0.0.1"}});
  REQUIRE(leaf);

  CHECK(leaf->subject() == leaf->issuer());
  CHECK(X509_check_ca(leaf->x509()) == 0);
  CHECK(X509_verify(leaf->x509(), leaf->key()) == 1);
}

TEST_CASE("certgen: an invalid IP address is an error, not a certificate", "[certgen]") {
  auto bad = es_sandbox::make_self_signed_leaf({.common_name = "x", .ip_addresses = {"nope"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == escurl::Errc::Usage);
}

TEST_CASE("certgen: PKCS#12 round-trips through PKCS12_parse", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  Certificate leaf = localhost_leaf(ca);
  auto p12_der = es_sandbox::make_p12(leaf, {&ca}, "changeit");
  REQUIRE(p12_der);

  const auto* p = reinterpret_cast<const unsigned char*>(p12_der->data());
  PKCS12* p12 = d2i_PKCS12(nullptr, &p, static_cast<long>(p12_der->size()));
  REQUIRE(p12 != nullptr);
  CHECK(PKCS12_verify_mac(p12, "wrong", -1) == 0);
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* chain = nullptr;
  REQUIRE(PKCS12_parse(p12, "changeit", &key, &cert, &chain) == 1);
  Certificate parsed(cert, key);

  CHECK(parsed.sha256_fingerprint() == leaf.sha256_fingerprint());
  CHECK(EVP_PKEY_eq(parsed.key(), leaf.key()) == 1);
  REQUIRE(chain != nullptr);
  REQUIRE(sk_X509_num(chain) == 1);
  CHECK(X509_cmp(sk_X509_value(chain, 0), ca.x509()) == 0);
  sk_X509_pop_free(chain, X509_free);
  PKCS12_free(p12);
  ERR_clear_error();
}

TEST_CASE("certgen: the encrypted key round-trips with its password only", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  auto encrypted = ca.key_pem_encrypted("s3cret");
  REQUIRE(encrypted);
  CHECK(encrypted->rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----", 0) == 0);

  auto reloaded = es_sandbox::load_pem(ca.cert_pem(), *encrypted, "s3cret");
  REQUIRE(reloaded);
  CHECK(EVP_PKEY_eq(reloaded->key(), ca.key()) == 1);
  CHECK_FALSE(es_sandbox::load_pem(ca.cert_pem(), *encrypted, "wrong"));
  CHECK_FALSE(es_sandbox::load_pem(ca.cert_pem(), *encrypted));
  CHECK_FALSE(ca.key_pem_encrypted(""));
}

TEST_CASE("certgen: load_pem restores a CA that can keep signing", "[certgen]") {
  Certificate original = ca_named("escurl test CA");
  CHECK(original.key_pem().rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
  auto reloaded = es_sandbox::load_pem(original.cert_pem(), original.key_pem());
  REQUIRE(reloaded);

  CHECK(reloaded->sha256_fingerprint() == original.sha256_fingerprint());
  CHECK(verify(localhost_leaf(*reloaded), original) == X509_V_OK);

  Certificate other = ca_named("other");
  auto mismatched = es_sandbox::load_pem(original.cert_pem(), other.key_pem());
  REQUIRE_FALSE(mismatched);
  CHECK(mismatched.error().code == escurl::Errc::Usage);
}

TEST_CASE("certgen: chain_pem concatenates the PEM blocks in order", "[certgen]") {
  Certificate ca = ca_named("escurl test CA");
  Certificate leaf = localhost_leaf(ca);
  CHECK(es_sandbox::chain_pem({&leaf, &ca}) == leaf.cert_pem() + ca.cert_pem());
}

TEST_CASE("certgen: write_file writes the bytes with the exact mode", "[certgen]") {
  char dir_template[] = "/tmp/certgen_test.XXXXXX";
  REQUIRE(mkdtemp(dir_template) != nullptr);
  std::string path = std::string(dir_template) + "/key.pem";

  REQUIRE(es_sandbox::write_file(path, "first, longer content", 0644));
  REQUIRE(es_sandbox::write_file(path, "second", 0600));
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  CHECK(content.str() == "second");

  auto missing = es_sandbox::write_file(std::string(dir_template) + "/no/such/dir", "x");
  CHECK_FALSE(missing);
  ::unlink(path.c_str());
  ::rmdir(dir_template);
}
