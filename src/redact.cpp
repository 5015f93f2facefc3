// SPDX-License-Identifier: MIT
#include "redact.h"

#include <array>
#include <cctype>

#include "secret.h"

namespace escurl {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool is_credential_header(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kNames = {
      "authorization", "es-secondary-authorization", "es-client-authentication", "cookie",
      "set-cookie",    "proxy-authorization"};
  for (const std::string_view n : kNames) {
    if (iequals(n, name)) return true;
  }
  return false;
}

bool is_known_auth_scheme(std::string_view word) {
  // The IANA HTTP Authentication Scheme Registry, plus Elasticsearch's ApiKey and SharedSecret
  // and the Token word some services use.
  static constexpr std::array<std::string_view, 16> kSchemes = {
      "basic",         "bearer", "apikey",       "sharedsecret",    "negotiate", "ntlm",
      "digest",        "token",  "hoba",         "mutual",          "vapid",     "scram-sha-1",
      "scram-sha-256", "dpop",   "privatetoken", "aws4-hmac-sha256"};
  for (const std::string_view s : kSchemes) {
    if (iequals(s, word)) return true;
  }
  return false;
}

std::string display_header_value(std::string_view name, std::string_view value) {
  if (!is_credential_header(name)) return std::string(value);
  // Keep the scheme word only when it is a known one: any other first word may be the
  // credential itself ("mytoken123 x").
  const std::size_t space = value.find(' ');
  if (space != std::string_view::npos && is_known_auth_scheme(value.substr(0, space))) {
    return std::string(value.substr(0, space + 1)) + std::string(kRedacted);
  }
  return std::string(kRedacted);
}

}  // namespace escurl
