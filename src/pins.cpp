// SPDX-License-Identifier: MIT
#include "pins.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cctype>

#include "base64.h"
#include "file_read.h"

namespace escurl {
namespace {

std::string sha256_base64(const unsigned char* data, std::size_t size) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data, size, md, &len, EVP_sha256(), nullptr);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string pubkey_digest(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(key, &der);
  std::string out = len > 0 ? sha256_base64(der, static_cast<std::size_t>(len)) : std::string();
  OPENSSL_free(der);
  return out;
}

Result<std::vector<std::string>> pins_from_file(const std::string& path) {
  Result<std::string> bytes = read_whole_file(path, {fmt::format("--pinnedpubkey '{}'", path)});
  if (!bytes) return bytes.take_error();
  BIO* bio = BIO_new_mem_buf(bytes->data(), static_cast<int>(bytes->size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes->data());
    key = d2i_PUBKEY(nullptr, &p, static_cast<long>(bytes->size()));
  }
  if (key == nullptr) {
    return make_error(Errc::Usage,
                      fmt::format("--pinnedpubkey: '{}' holds no PEM or DER public key", path),
                      {"extract one with: openssl x509 -in cert.pem -pubkey -noout"});
  }
  std::vector<std::string> pins{pubkey_digest(key)};
  EVP_PKEY_free(key);
  return pins;
}

}  // namespace

Result<std::string> parse_ca_fingerprint(std::string_view text) {
  std::string hex;
  for (const char c : text) {
    if (c == ':') continue;
    hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  const bool all_hex =
      !hex.empty() && hex.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!all_hex || hex.size() != 64) {
    return make_error(
        Errc::Usage,
        "--ca-fingerprint wants the certificate's SHA-256 fingerprint: 64 hex digits, "
        "colons optional",
        {"Elasticsearch 8 prints it at first start as \"HTTP CA certificate SHA-256 "
         "fingerprint\"; escurl tls inspect URL shows it too"});
  }
  return hex;
}

Result<std::vector<std::string>> parse_pinned_pubkeys(std::string_view text) {
  if (!text.starts_with("sha256//")) return pins_from_file(std::string(text));
  std::vector<std::string> pins;
  while (!text.empty()) {
    const std::size_t semi = text.find(';');
    std::string_view one = text.substr(0, semi);
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    if (!one.starts_with("sha256//")) {
      return make_error(Errc::Usage,
                        fmt::format("--pinnedpubkey: '{}' does not start with sha256//", one));
    }
    one.remove_prefix(8);
    const auto digest = base64_decode(one);
    if (!digest || digest->size() != 32) {
      return make_error(Errc::Usage,
                        fmt::format("--pinnedpubkey: '{}' is not a base64 SHA-256 digest", one));
    }
    pins.push_back(base64_encode(*digest));  // normalised padding
  }
  return pins;
}

std::string spki_sha256_base64(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  return key ? pubkey_digest(key) : std::string();
}

std::string colon_fingerprint(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += ':';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i])));
    if (i + 1 < hex.size())
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[i + 1])));
  }
  return out;
}

}  // namespace escurl
