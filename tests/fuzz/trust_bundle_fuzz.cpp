// SPDX-License-Identifier: MIT
// The lazy PEM bundle and the DER walker under it: never read out of bounds; the lookup finds
// every certificate that loading the whole bundle would put in a store; and two DER names that
// X509_NAME_cmp calls equal get keys that let them match.
#include <openssl/err.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>

#include "cert_der.h"
#include "fuzz_util.h"
#include "trust_bundle.h"

namespace {

struct Free {
  void operator()(X509_STORE* s) const { X509_STORE_free(s); }
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
  void operator()(X509_OBJECT* o) const { X509_OBJECT_free(o); }
  void operator()(X509_NAME* n) const { X509_NAME_free(n); }
};

// Every subject in a store loaded with the whole bundle is found through a lazy one.
void check_lookup_finds_all(std::string_view pem) {
  escurl::TrustBundle all;
  all.add_pem(pem, true);
  std::unique_ptr<X509_STORE, Free> full(X509_STORE_new());
  fuzz_require(all.load_all(full.get()) <= all.size(), "more certificates than blocks");

  auto lazy = std::make_unique<escurl::TrustBundle>();
  lazy->add_pem(pem, true);
  std::unique_ptr<X509_STORE, Free> store(X509_STORE_new());
  escurl::install_trust_bundle(store.get(), std::move(lazy));
  std::unique_ptr<X509_STORE_CTX, Free> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store.get(), nullptr, nullptr);
  STACK_OF(X509_OBJECT)* objects = X509_STORE_get0_objects(full.get());
  for (int i = 0; i < sk_X509_OBJECT_num(objects); ++i) {
    X509* cert = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objects, i));
    if (cert == nullptr) continue;
    std::unique_ptr<X509_OBJECT, Free> found(X509_OBJECT_new());
    fuzz_require(X509_STORE_CTX_get_by_subject(ctx.get(), X509_LU_X509, X509_get_subject_name(cert),
                                               found.get()) == 1,
                 "a bundle certificate was not found by its subject");
  }
}

// Two names back to back: when OpenSSL reads both and finds them equal, the keys must agree.
void check_equal_names_match(std::string_view input) {
  const std::string bytes(input);  // a copy, so the sanitizer sees the exact end
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* start = p;
  std::unique_ptr<X509_NAME, Free> a(d2i_X509_NAME(nullptr, &p, static_cast<long>(bytes.size())));
  if (a == nullptr) return;
  const std::string first(bytes.substr(0, static_cast<std::size_t>(p - start)));
  const std::string second(bytes.substr(first.size()));
  p = reinterpret_cast<const unsigned char*>(second.data());
  std::unique_ptr<X509_NAME, Free> b(d2i_X509_NAME(nullptr, &p, static_cast<long>(second.size())));
  if (b == nullptr || X509_NAME_cmp(a.get(), b.get()) != 0) return;
  fuzz_require(escurl::may_match(escurl::name_match_key(first), escurl::name_match_key(second)),
               "names X509_NAME_cmp calls equal got different keys");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_lookup_finds_all(input);
  const std::string der(input);
  (void)escurl::certificate_subject_der(der);
  (void)escurl::name_match_key(der);
  check_equal_names_match(input);
  ERR_clear_error();
  return 0;
}
