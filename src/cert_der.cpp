// SPDX-License-Identifier: MIT
#include "cert_der.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace escurl {
namespace {

struct Tlv {
  unsigned char tag = 0;
  std::string_view content;
  std::string_view whole;  ///< tag, length and content
};

// Takes the TLV at the front of `in`. Refuses indefinite lengths (BER, never in a DER
// certificate), high tag numbers (no X.509 field up to the subject uses them), and any length
// that runs past the end of `in`.
std::optional<Tlv> take_tlv(std::string_view& in) {
  if (in.size() < 2) return std::nullopt;
  const auto tag = static_cast<unsigned char>(in[0]);
  if ((tag & 0x1F) == 0x1F) return std::nullopt;
  std::size_t len = static_cast<unsigned char>(in[1]);
  std::size_t header = 2;
  if ((len & 0x80) != 0) {
    const std::size_t bytes = len & 0x7F;
    if (bytes == 0 || bytes > 4 || in.size() - 2 < bytes) return std::nullopt;
    len = 0;
    for (std::size_t i = 0; i < bytes; ++i)
      len = (len << 8) | static_cast<unsigned char>(in[2 + i]);
    header += bytes;
  }
  if (len > in.size() - header) return std::nullopt;
  Tlv t{tag, in.substr(header, len), in.substr(0, header + len)};
  in.remove_prefix(header + len);
  return t;
}

std::optional<Tlv> take(std::string_view& in, unsigned char tag) {
  std::optional<Tlv> t = take_tlv(in);
  if (!t || t->tag != tag) return std::nullopt;
  return t;
}

constexpr unsigned char kSequence = 0x30;
constexpr unsigned char kSet = 0x31;

// Appends a code point to a key as OpenSSL's canonical form would have it, less whitespace: ASCII
// letters lowercased, ASCII in one byte, the rest as 0xFF and four bytes (so keys stay distinct).
void append_folded(std::string& key, uint32_t cp) {
  if (cp == ' ' || (cp >= '\t' && cp <= '\r')) return;
  if (cp < 0x80) {
    key += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
    return;
  }
  key += '\xFF';
  for (int shift = 24; shift >= 0; shift -= 8) key += static_cast<char>((cp >> shift) & 0xFF);
}

// Strict UTF-8: no overlong forms, surrogates or values past U+10FFFF. Anything else makes the
// key unknown, which only costs a decode.
bool fold_utf8(std::string_view s, std::string& key) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    // How many continuation bytes follow, from the lead byte's high bits.
    const std::size_t n = lead < 0x80             ? 0
                          : (lead & 0xE0) == 0xC0 ? 1
                          : (lead & 0xF0) == 0xE0 ? 2
                          : (lead & 0xF8) == 0xF0 ? 3
                                                  : 4;
    if (n == 4) return false;
    uint32_t cp = lead & (0x7Fu >> n);
    if (s.size() - i - 1 < n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    append_folded(key, cp);
    i += n + 1;
  }
  return true;
}

// Fixed-width big-endian units (BMPString: 2, UniversalString: 4, the 8-bit strings: 1).
bool fold_units(std::string_view s, std::size_t width, std::string& key) {
  if (s.size() % width != 0) return false;
  for (std::size_t i = 0; i < s.size(); i += width) {
    uint32_t cp = 0;
    for (std::size_t k = 0; k < width; ++k) cp = (cp << 8) | static_cast<unsigned char>(s[i + k]);
    append_folded(key, cp);
  }
  return true;
}

// Values compared as they are: the tag and content, or a SEQUENCE/SET whole (OpenSSL keeps
// those as their encoding). Constructed strings and other classes are BER or refused: unknown.
std::optional<std::string> raw_value(const Tlv& v) {
  std::string key;
  if (v.tag == kSequence || v.tag == kSet) {
    key += 'S';
    key += v.whole;
  } else if ((v.tag & 0xE0) == 0) {
    key += 'R';
    key += static_cast<char>(v.tag);
    key += v.content;
  } else {
    return std::nullopt;
  }
  return key;
}

// OpenSSL's canonical form (x509_name_canon) turns these string types into UTF-8, trims and
// collapses ASCII whitespace and lowercases ASCII letters; other types are compared as they are.
// The key drops whitespace altogether, so it is equal whenever the canonical forms are.
std::optional<std::string> fold_value(const Tlv& v) {
  std::string key = "U";
  key.reserve(v.content.size() + 1);
  bool folded = false;
  switch (v.tag) {
    case 0x0C:  // UTF8String
      folded = fold_utf8(v.content, key);
      break;
    case 0x1E:  // BMPString
      folded = fold_units(v.content, 2, key);
      break;
    case 0x1C:  // UniversalString
      folded = fold_units(v.content, 4, key);
      break;
    case 0x13:  // PrintableString
    case 0x14:  // T61String, read as Latin-1 as OpenSSL does
    case 0x16:  // IA5String
    case 0x1A:  // VisibleString
      folded = fold_units(v.content, 1, key);
      break;
    default:
      return raw_value(v);
  }
  if (!folded) return std::nullopt;
  return key;
}

void append_sized(std::string& out, std::string_view bytes) {
  const auto n = static_cast<uint32_t>(bytes.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xFF);
  out += bytes;
}

}  // namespace

std::optional<std::string_view> certificate_subject_der(std::string_view cert_der) {
  std::optional<Tlv> cert = take(cert_der, kSequence);
  if (!cert) return std::nullopt;
  std::string_view body = cert->content;
  std::optional<Tlv> tbs = take(body, kSequence);
  if (!tbs) return std::nullopt;
  std::string_view fields = tbs->content;
  if (!fields.empty() && static_cast<unsigned char>(fields.front()) == 0xA0 &&
      !take(fields, 0xA0)) {
    return std::nullopt;  // [0] version
  }
  if (!take(fields, 0x02)) return std::nullopt;  // serialNumber
  for (int i = 0; i < 3; ++i) {                  // signature, issuer, validity
    if (!take(fields, kSequence)) return std::nullopt;
  }
  std::optional<Tlv> subject = take(fields, kSequence);
  if (!subject) return std::nullopt;
  return subject->whole;
}

std::optional<std::string> name_match_key(std::string_view name_der) {
  std::optional<Tlv> name = take(name_der, kSequence);
  if (!name) return std::nullopt;
  std::vector<std::string> attributes;
  std::string_view rdns = name->content;
  while (!rdns.empty()) {
    std::optional<Tlv> rdn = take(rdns, kSet);
    if (!rdn) return std::nullopt;
    std::string_view set = rdn->content;
    while (!set.empty()) {
      std::optional<Tlv> ava = take(set, kSequence);
      if (!ava) return std::nullopt;
      std::string_view fields = ava->content;
      std::optional<Tlv> type = take(fields, 0x06);
      std::optional<Tlv> value = take_tlv(fields);
      if (!type || !value || !fields.empty()) return std::nullopt;
      std::optional<std::string> folded = fold_value(*value);
      if (!folded) return std::nullopt;
      std::string attribute;
      append_sized(attribute, type->content);
      attribute += *folded;
      attributes.push_back(std::move(attribute));
    }
  }
  // Sorted: the canonical form encodes each RDN as a DER SET OF, whose order is sorted too.
  std::sort(attributes.begin(), attributes.end());
  std::string key;
  for (const std::string& a : attributes) append_sized(key, a);
  return key;
}

}  // namespace escurl
