// SPDX-License-Identifier: MIT
#include "trust_bundle.h"

#include <openssl/err.h>
#include <openssl/x509.h>

#include "base64.h"
#include "cert_der.h"

namespace escurl {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kDashes = "-----";

std::string_view trim_line_end(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return line;
}

// The DER of a block body; nullopt when it holds PEM headers (a ':' line, used for encrypted
// keys, never on certificates) or anything base64 does not allow.
std::optional<std::string> decode_body(std::string_view body) {
  if (body.find(':') != std::string_view::npos) return std::nullopt;
  return base64_decode_lines(body);
}

// Which blocks hold a certificate: 1 plain, 2 with trust settings, 0 not one to read.
int block_kind(std::string_view label, bool trusted_blocks) {
  if (label == "CERTIFICATE" || label == "X509 CERTIFICATE") return 1;
  if (trusted_blocks && label == "TRUSTED CERTIFICATE") return 2;
  return 0;
}

int get_by_subject(X509_LOOKUP* lookup, X509_LOOKUP_TYPE type, const X509_NAME* name,
                   X509_OBJECT* ret) {
  auto* bundle = static_cast<TrustBundle*>(X509_LOOKUP_get_method_data(lookup));
  X509_STORE* store = X509_LOOKUP_get_store(lookup);
  if (type != X509_LU_X509 || name == nullptr || bundle == nullptr || store == nullptr) return 0;
  X509* cert = bundle->find(store, name);
  if (cert == nullptr || X509_OBJECT_set1_X509(ret, cert) != 1) return 0;
  // The caller (X509_STORE_CTX_get_by_subject) takes its own reference to what a lookup returns,
  // and OpenSSL's lookups hand back the store's certificate without one: give back the reference
  // set1 took, as OpenSSL's by_store lookup does.
  X509_free(cert);
  return 1;
}

void free_bundle(X509_LOOKUP* lookup) {
  delete static_cast<TrustBundle*>(X509_LOOKUP_get_method_data(lookup));
  X509_LOOKUP_set_method_data(lookup, nullptr);
}

// One method for the process, never freed, like OpenSSL's built-in ones: the store recognises
// its lookup by the method's address.
X509_LOOKUP_METHOD* bundle_method() {
  static X509_LOOKUP_METHOD* const method = [] {
    X509_LOOKUP_METHOD* m = X509_LOOKUP_meth_new("escurl lazy PEM bundle");
    if (m != nullptr) {
      X509_LOOKUP_meth_set_get_by_subject(m, &get_by_subject);
      X509_LOOKUP_meth_set_free(m, &free_bundle);
    }
    return m;
  }();
  return method;
}

}  // namespace

void TrustBundle::add_pem(std::string_view pem, bool trusted_blocks) {
  std::vector<Entry> found;
  std::size_t pos = 0;
  while ((pos = pem.find(kBegin, pos)) != std::string_view::npos) {
    const std::size_t eol = pem.find('\n', pos);
    if (eol == std::string_view::npos) break;
    const std::size_t at = pos;
    pos = eol + 1;
    if (at != 0 && pem[at - 1] != '\n') continue;  // a marker starts a line
    const std::string_view line = trim_line_end(pem.substr(at, eol - at));
    if (line.size() < kBegin.size() + kDashes.size() || !line.ends_with(kDashes)) continue;
    const std::string_view label =
        line.substr(kBegin.size(), line.size() - kBegin.size() - kDashes.size());
    const int kind = block_kind(label, trusted_blocks);
    if (kind == 0) continue;
    // The body runs to the next line starting with dashes; unless that is the matching END line
    // the block is malformed, and scanning goes on from that line (it may begin the next block).
    const std::size_t next = pem.find("\n-----", eol);
    if (next == std::string_view::npos) break;
    const std::string_view end_line = pem.substr(next + 1);
    const std::string end_marker = "-----END " + std::string(label) + "-----";
    pos = next + 1;
    if (!end_line.starts_with(end_marker)) continue;
    pos += end_marker.size();
    std::optional<std::string> der = decode_body(pem.substr(eol + 1, next - eol));
    if (!der) continue;
    const std::optional<std::string_view> subject = certificate_subject_der(*der);
    if (!subject) continue;
    Entry e;
    e.key = name_match_key(*subject);
    e.der = std::move(*der);
    e.trusted_form = kind == 2;
    found.push_back(std::move(e));
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  for (Entry& e : found) entries_.push_back(std::move(e));
}

void TrustBundle::absorb(TrustBundle&& other) {
  if (&other == this) return;
  std::vector<Entry> taken;
  {
    const std::lock_guard<std::mutex> lock(other.mutex_);
    taken.swap(other.entries_);
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  for (Entry& e : taken) entries_.push_back(std::move(e));
}

std::size_t TrustBundle::size() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

std::size_t TrustBundle::decoded_count() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (const Entry& e : entries_) n += e.decoded ? 1 : 0;
  return n;
}

void TrustBundle::decode(Entry& e, X509_STORE* store) {
  if (e.decoded) return;
  e.decoded = true;
  const auto* p = reinterpret_cast<const unsigned char*>(e.der.data());
  const auto len = static_cast<long>(e.der.size());
  e.cert.reset(e.trusted_form ? d2i_X509_AUX(nullptr, &p, len) : d2i_X509(nullptr, &p, len));
  // A certificate OpenSSL refuses is left out, as loading the file would have; its error is not
  // the verification's.
  if (e.cert == nullptr) ERR_clear_error();
  if (e.cert != nullptr) X509_STORE_add_cert(store, e.cert.get());
}

std::size_t TrustBundle::load_all(X509_STORE* store) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (Entry& e : entries_) {
    decode(e, store);
    n += e.cert != nullptr ? 1 : 0;
  }
  return n;
}

X509* TrustBundle::find(X509_STORE* store, const X509_NAME* name) {
  unsigned char* der = nullptr;
  const int len = i2d_X509_NAME(name, &der);
  if (len < 0) {
    ERR_clear_error();
    return nullptr;
  }
  const std::optional<std::string> key =
      name_match_key(std::string_view(reinterpret_cast<const char*>(der), std::size_t(len)));
  OPENSSL_free(der);
  const std::lock_guard<std::mutex> lock(mutex_);
  X509* first = nullptr;
  for (Entry& e : entries_) {
    if (!may_match(e.key, key)) continue;
    decode(e, store);
    if (first == nullptr && e.cert != nullptr &&
        X509_NAME_cmp(X509_get_subject_name(e.cert.get()), name) == 0) {
      first = e.cert.get();
    }
  }
  return first;
}

TrustBundle* install_trust_bundle(X509_STORE* store, std::unique_ptr<TrustBundle> bundle) {
  X509_LOOKUP_METHOD* method = bundle_method();
  X509_LOOKUP* lookup = method != nullptr ? X509_STORE_add_lookup(store, method) : nullptr;
  if (lookup == nullptr) {
    ERR_clear_error();
    bundle->load_all(store);  // no lookup: every certificate goes into the store now
    return nullptr;
  }
  if (auto* existing = static_cast<TrustBundle*>(X509_LOOKUP_get_method_data(lookup))) {
    existing->absorb(std::move(*bundle));
    return existing;
  }
  X509_LOOKUP_set_method_data(lookup, bundle.get());
  return bundle.release();
}

}  // namespace escurl
