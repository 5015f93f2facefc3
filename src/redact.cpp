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

std::string display_header_value(std::string_view name, std::string_view value) {
  if (!is_credential_header(name)) return std::string(value);
  // Keep a leading scheme word ("Basic", "ApiKey", "SharedSecret") when it looks like one.
  const std::size_t space = value.find(' ');
  if (space != std::string_view::npos && space > 0 && space <= 16 &&
      value.find_first_of("=:;") > space) {
    return std::string(value.substr(0, space + 1)) + std::string(kRedacted);
  }
  return std::string(kRedacted);
}

}  // namespace escurl
