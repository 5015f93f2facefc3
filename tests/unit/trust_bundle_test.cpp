// SPDX-License-Identifier: MIT
// TrustBundle and the DER walker under it: a store that knows a bundle only through the lazy
// lookup verifies exactly what a store loaded with every certificate would, decoding only the
// certificates whose subject the chain asks for (also when the names are equal only in OpenSSL's
// canonical form, or when two CAs share a name); damaged blocks are skipped; and TlsVerifier
// reads a large --cacert file through it with the old error for a file holding none.
#include "trust_bundle.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <vector>

#include "catch.h"
#include "cert_der.h"
#include "certgen.h"
#include "scratch_dir.h"
#include "tls.h"

namespace {

using es_sandbox::Certificate;

struct Free {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
  void operator()(X509* x) const { X509_free(x); }
  void operator()(X509_NAME* n) const { X509_NAME_free(n); }
};
using Store = std::unique_ptr<X509_STORE, Free>;

Certificate ca_named(const std::string& cn) {
  auto ca = es_sandbox::make_ca({.common_name = cn});
  REQUIRE(ca);
  return std::move(ca).value();
}

Certificate leaf_of(const Certificate& ca) {
  auto leaf = es_sandbox::make_signed(
      {.common_name = "node-1", .dns_names = {"localhost"}, .ip_addresses = {"127.0.0.1"}}, ca);
  REQUIRE(leaf);
  return std::move(leaf).value();
}

// `count` CAs named "Bundle CA <i>", with `middle` (if any) in their middle.
std::string bundle_pem(int count, const Certificate* middle = nullptr) {
  std::string pem = "# a comment line, as ca-certificates.crt has none but others do\n";
  for (int i = 0; i < count; ++i) {
    if (middle != nullptr && i == count / 2) pem += middle->cert_pem();
    pem += "Subject: Bundle CA " + std::to_string(i) + "\n";
    pem += ca_named("Bundle CA " + std::to_string(i)).cert_pem();
  }
  return pem;
}

// A store that knows `bundle` only through the lookup; `bundle_out` gets the store's bundle.
Store lazy_store(const std::string& pem, escurl::TrustBundle*& bundle_out,
                 bool trusted_blocks = false) {
  Store store(X509_STORE_new());
  auto bundle = std::make_unique<escurl::TrustBundle>();
  bundle->add_pem(pem, trusted_blocks);
  bundle_out = escurl::install_trust_bundle(store.get(), std::move(bundle));
  REQUIRE(bundle_out != nullptr);
  return store;
}

int verify(X509_STORE* store, X509* leaf) {
  std::unique_ptr<X509_STORE_CTX, Free> ctx(X509_STORE_CTX_new());
  REQUIRE(X509_STORE_CTX_init(ctx.get(), store, leaf, nullptr) == 1);
  const int ok = X509_verify_cert(ctx.get());
  const int err = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  return ok == 1 ? X509_V_OK : (err == X509_V_OK ? X509_V_ERR_UNSPECIFIED : err);
}

std::string der_of(const X509_NAME* name) {
  unsigned char* p = nullptr;
  const int n = i2d_X509_NAME(name, &p);
  REQUIRE(n > 0);
  std::string out(reinterpret_cast<char*>(p), static_cast<std::size_t>(n));
  OPENSSL_free(p);
  return out;
}

// A name with one CN of the given ASN.1 string type (V_ASN1_UTF8STRING, V_ASN1_PRINTABLESTRING).
std::unique_ptr<X509_NAME, Free> cn_name(const std::string& cn, int type) {
  std::unique_ptr<X509_NAME, Free> name(X509_NAME_new());
  REQUIRE(X509_NAME_add_entry_by_NID(name.get(), NID_commonName, type,
                                     reinterpret_cast<const unsigned char*>(cn.data()),
                                     static_cast<int>(cn.size()), -1, 0) == 1);
  return name;
}

// A leaf signed by `ca` whose issuer field is `issuer` as given (not copied from the CA).
std::unique_ptr<X509, Free> leaf_with_issuer(const Certificate& ca, const X509_NAME* issuer) {
  const Certificate key_source = leaf_of(ca);  // only for a fresh key pair
  std::unique_ptr<X509, Free> x(X509_new());
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 4242);
  X509_set_issuer_name(x.get(), issuer);
  X509_set_subject_name(x.get(), cn_name("odd-issuer leaf", V_ASN1_UTF8STRING).get());
  X509_gmtime_adj(X509_getm_notBefore(x.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), 3600);
  X509_set_pubkey(x.get(), key_source.key());
  REQUIRE(X509_sign(x.get(), ca.key(), EVP_sha256()) > 0);
  return x;
}

}  // namespace

using escurl::TrustBundle;

TEST_CASE("trust bundle: only the issuer's entry is decoded to verify a leaf",
          "[trust_bundle][tls]") {
  const Certificate ca = ca_named("The Right CA");
  const Certificate leaf = leaf_of(ca);
  TrustBundle* bundle = nullptr;
  Store store = lazy_store(bundle_pem(30, &ca), bundle);
  CHECK(bundle->size() == 31);
  CHECK(bundle->decoded_count() == 0);
  CHECK(verify(store.get(), leaf.x509()) == X509_V_OK);
  CHECK(bundle->decoded_count() == 1);
  // A second verification finds the CA in the store's cache.
  CHECK(verify(store.get(), leaf.x509()) == X509_V_OK);
  CHECK(bundle->decoded_count() == 1);
}

TEST_CASE("trust bundle: a leaf whose issuer is not in the bundle does not verify",
          "[trust_bundle][tls]") {
  const Certificate absent = ca_named("Absent CA");
  const Certificate leaf = leaf_of(absent);
  TrustBundle* bundle = nullptr;
  Store store = lazy_store(bundle_pem(12), bundle);
  CHECK(verify(store.get(), leaf.x509()) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  CHECK(bundle->decoded_count() == 0);

  SECTION("nor one whose issuer's name is there with another key") {
    const Certificate impostor = ca_named("Bundle CA 3");
    const Certificate signed_by_impostor = leaf_of(impostor);
    CHECK(verify(store.get(), signed_by_impostor.x509()) != X509_V_OK);
    CHECK(bundle->decoded_count() == 1);
  }
}

TEST_CASE("trust bundle: every CA with the issuer's name is offered, in any order",
          "[trust_bundle][tls]") {
  // Re-keyed CAs share a name: the store must get both, or the wrong one would be the only try.
  const Certificate old_ca = ca_named("Shared Name CA");
  const Certificate new_ca = ca_named("Shared Name CA");
  const Certificate leaf = leaf_of(new_ca);
  TrustBundle* bundle = nullptr;
  Store store = lazy_store(old_ca.cert_pem() + bundle_pem(6) + new_ca.cert_pem(), bundle);
  CHECK(verify(store.get(), leaf.x509()) == X509_V_OK);
  CHECK(bundle->decoded_count() == 2);
}

TEST_CASE("trust bundle: names equal only canonically still find the issuer",
          "[trust_bundle][tls]") {
  // The CA's subject is UTF8String "Canonical  Test CA"; the leaf names its issuer as
  // PrintableString "canonical test ca ": other bytes, equal to X509_NAME_cmp.
  const Certificate ca = ca_named("Canonical  Test CA");
  auto issuer = cn_name("canonical test ca ", V_ASN1_PRINTABLESTRING);
  REQUIRE(der_of(issuer.get()) != der_of(X509_get_subject_name(ca.x509())));
  REQUIRE(X509_NAME_cmp(issuer.get(), X509_get_subject_name(ca.x509())) == 0);
  auto leaf = leaf_with_issuer(ca, issuer.get());
  TrustBundle* bundle = nullptr;
  Store store = lazy_store(bundle_pem(10, &ca), bundle);
  CHECK(verify(store.get(), leaf.get()) == X509_V_OK);
  CHECK(bundle->decoded_count() == 1);

  SECTION("and a name that differs in more than case and spaces does not") {
    auto other = leaf_with_issuer(ca, cn_name("Canonical Test CA2", V_ASN1_UTF8STRING).get());
    CHECK(verify(store.get(), other.get()) == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
  }
}

TEST_CASE("trust bundle: name keys fold what X509_NAME_cmp folds and nothing else",
          "[trust_bundle]") {
  auto key = [](const std::string& cn, int type) {
    return escurl::name_match_key(der_of(cn_name(cn, type).get()));
  };
  const auto utf8 = key("Elastic  Root CA", V_ASN1_UTF8STRING);
  REQUIRE(utf8);
  CHECK(utf8 == key(" elastic root ca", V_ASN1_PRINTABLESTRING));
  CHECK(utf8 == key("ELASTIC ROOT CA", V_ASN1_IA5STRING));
  CHECK(utf8 != key("Elastic Root CA 2", V_ASN1_UTF8STRING));
  CHECK(utf8 != key("Elastic Root CB", V_ASN1_UTF8STRING));
  // Not every byte string is UTF-8 (here an overlong NUL): such a name matches anything rather
  // than nothing. (OpenSSL cannot encode it, so the DER is written out.)
  const std::string overlong("\x30\x0d\x31\x0b\x30\x09\x06\x03\x55\x04\x03\x0c\x02\xc0\x80", 15);
  CHECK_FALSE(escurl::name_match_key(overlong));
  CHECK(escurl::name_match_key(overlong.substr(0, 12) + "\x02\x41\x42") ==
        key("ab", V_ASN1_UTF8STRING));
  CHECK(escurl::may_match(std::nullopt, utf8));
  // Attributes differ by type, not only by value.
  std::unique_ptr<X509_NAME, Free> org(X509_NAME_new());
  X509_NAME_add_entry_by_NID(org.get(), NID_organizationName, V_ASN1_UTF8STRING,
                             reinterpret_cast<const unsigned char*>("Elastic Root CA"), -1, -1, 0);
  CHECK(escurl::name_match_key(der_of(org.get())) != utf8);
}

TEST_CASE("trust bundle: damaged blocks are skipped, never read past", "[trust_bundle]") {
  const Certificate good = ca_named("Good CA");
  const std::string pem = good.cert_pem();
  const std::string body =
      pem.substr(pem.find('\n') + 1, pem.find("-----END") - pem.find('\n') - 1);

  SECTION("a truncated block followed by a good one: the good one is read") {
    TrustBundle b;
    const std::string half = body.substr(0, body.find('\n', body.size() / 2) + 1);
    b.add_pem("-----BEGIN CERTIFICATE-----\n" + half + pem, false);
    CHECK(b.size() == 1);
  }
  SECTION("garbage base64, headers, a wrong END label, an unknown label") {
    TrustBundle b;
    b.add_pem(
        "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n"
        "-----BEGIN CERTIFICATE-----\nProc-Type: 4,ENCRYPTED\n\n" +
            body +
            "-----END CERTIFICATE-----\n"
            "-----BEGIN CERTIFICATE-----\n" +
            body +
            "-----END X509 CRL-----\n"
            "-----BEGIN PRIVATE KEY-----\n" +
            body +
            "-----END PRIVATE KEY-----\n"
            "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n"
            "-----BEGIN CERTIFICATE-----\n",
        false);
    CHECK(b.size() == 0);
  }
  SECTION("no strict prefix of a certificate or a name is taken for whole") {
    const std::string der = good.der();
    const std::optional<std::string_view> subject = escurl::certificate_subject_der(der);
    REQUIRE(subject);
    REQUIRE(escurl::name_match_key(*subject));
    for (std::size_t n = 0; n < der.size(); ++n) {
      CAPTURE(n);
      CHECK_FALSE(escurl::certificate_subject_der(der.substr(0, n)));  // copies: ASan sees ends
      if (n < subject->size()) {
        CHECK_FALSE(escurl::name_match_key(std::string(subject->substr(0, n))));
      }
    }
  }
  SECTION("CRLF line ends and X509 CERTIFICATE labels are read") {
    std::string crlf;
    for (const char c : pem) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    TrustBundle b;
    b.add_pem(
        crlf + "-----BEGIN X509 CERTIFICATE-----\n" + body + "-----END X509 CERTIFICATE-----\n",
        false);
    CHECK(b.size() == 2);
  }
}

TEST_CASE("trust bundle: TRUSTED CERTIFICATE blocks are read only when asked",
          "[trust_bundle][tls]") {
  const Certificate ca = ca_named("Aux CA");
  const Certificate leaf = leaf_of(ca);
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_X509_AUX(bio, ca.x509()) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);  // before `data` is read: order matters
  const std::string aux(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  REQUIRE(aux.find("BEGIN TRUSTED CERTIFICATE") != std::string::npos);

  TrustBundle plain;
  plain.add_pem(aux, false);
  CHECK(plain.size() == 0);
  TrustBundle* bundle = nullptr;
  Store store = lazy_store(bundle_pem(5) + aux, bundle, true);
  CHECK(bundle->size() == 6);
  CHECK(verify(store.get(), leaf.x509()) == X509_V_OK);
}

TEST_CASE("trust bundle: two bundles on one store share the lookup", "[trust_bundle][tls]") {
  const Certificate a = ca_named("First Bundle CA");
  const Certificate b = ca_named("Second Bundle CA");
  TrustBundle* first = nullptr;
  Store store = lazy_store(bundle_pem(3, &a), first);
  auto second = std::make_unique<TrustBundle>();
  second->add_pem(bundle_pem(3, &b), false);
  CHECK(escurl::install_trust_bundle(store.get(), std::move(second)) == first);
  CHECK(first->size() == 8);
  CHECK(verify(store.get(), leaf_of(a).x509()) == X509_V_OK);
  CHECK(verify(store.get(), leaf_of(b).x509()) == X509_V_OK);
  CHECK(first->decoded_count() == 2);
}

TEST_CASE("trust bundle: TlsVerifier reads a --cacert bundle through it", "[trust_bundle][tls]") {
  escurl::testing::ScratchDir dir("bundle");
  const Certificate ca = ca_named("Cacert Bundle CA");
  const Certificate leaf = leaf_of(ca);
  auto check = [&](const std::string& path) {
    escurl::TlsOptions o;
    o.cacert = path;
    auto v = escurl::TlsVerifier::create(o, "127.0.0.1");
    REQUIRE(v);
    return (*v)->check(leaf.x509(), nullptr);
  };
  SECTION("many CAs (lazy) and one CA (eager) both verify") {
    CHECK_FALSE(check(dir.file("big.pem", bundle_pem(8, &ca))));
    CHECK_FALSE(check(dir.file("one.pem", ca.cert_pem())));
  }
  SECTION("a bundle without the CA refuses the leaf") {
    const auto e = check(dir.file("big.pem", bundle_pem(8)));
    REQUIRE(e);
    CHECK(e->code == escurl::Errc::CertUntrusted);
  }
  SECTION("a file without a certificate is still reported as such") {
    const auto e = check(dir.file("none.pem",
                                  "-----BEGIN CERTIFICATE-----\nQUJD\n"
                                  "-----END CERTIFICATE-----\n"));
    REQUIRE(e);
    CHECK(e->code == escurl::Errc::CaUnreadable);
    CHECK(e->message.find("holds no PEM certificate") != std::string::npos);
  }
}
