// SPDX-License-Identifier: MIT
#include "credential_encoding.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "base64.h"

namespace es_sandbox {
namespace {

constexpr std::string_view kServiceTokenPrefix("\x00\x01\x00\x01", 4);

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::optional<std::string> java_base64_decode(std::string_view text, std::string& error) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '=') break;
    const int v = base64_value(c);
    if (v < 0) {
      error = fmt::format("Illegal base64 character {:x}", static_cast<int>(c));
      return std::nullopt;
    }
    bits = (bits << 6) | static_cast<uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>((bits >> 16) & 0xff);
      out += static_cast<char>((bits >> 8) & 0xff);
      out += static_cast<char>(bits & 0xff);
      bits = 0;
      count = 0;
    }
  }
  if (count == 1) {
    error = "Last unit does not have enough valid bits";
    return std::nullopt;
  }
  // Padding, when present, must complete the last unit and nothing may follow it.
  const size_t padding = text.size() - i;
  if (padding > 0 && (count == 0 || padding != static_cast<size_t>(4 - count) ||
                      text.find_first_not_of('=', i) != std::string_view::npos)) {
    error = "Input byte array has wrong 4-byte ending unit";
    return std::nullopt;
  }
  if (count == 2) out += static_cast<char>((bits >> 4) & 0xff);
  if (count == 3) {
    out += static_cast<char>((bits >> 10) & 0xff);
    out += static_cast<char>((bits >> 2) & 0xff);
  }
  return out;
}

std::string service_token_value(const ServiceTokenRecord& token) {
  std::string raw(kServiceTokenPrefix);
  raw += fmt::format("{}/{}:{}", token.service, token.name, token.secret);
  std::string encoded = escurl::base64_encode(raw);
  while (!encoded.empty() && encoded.back() == '=') encoded.pop_back();
  return encoded;
}

std::optional<ServiceTokenParts> parse_service_token(std::string_view bearer) {
  std::string ignored;
  auto decoded = java_base64_decode(bearer, ignored);
  if (!decoded || decoded->size() <= kServiceTokenPrefix.size() ||
      decoded->compare(0, kServiceTokenPrefix.size(), kServiceTokenPrefix) != 0) {
    return std::nullopt;
  }
  const std::string body = decoded->substr(kServiceTokenPrefix.size());
  const auto colon = body.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string qualified = body.substr(0, colon);
  const auto slash = qualified.rfind('/');
  if (slash == std::string::npos || std::count(qualified.begin(), qualified.end(), '/') != 2) {
    return std::nullopt;
  }
  return ServiceTokenParts{qualified.substr(0, slash), qualified.substr(slash + 1),
                           body.substr(colon + 1)};
}

}  // namespace es_sandbox
