// SPDX-License-Identifier: MIT
#include "profile_schema.h"

#include <algorithm>
#include <cctype>

#include "cli.h"
#include "secret_source.h"

namespace escurl {
namespace {

using K = ProfileKeyKind;

constexpr ProfileKeySpec kKeys[] = {
    {"url", K::Url, "url"},
    {"urls", K::Urls, "url"},
    {"cloud_id", K::Text},
    {"user", K::UserSecret},
    {"password", K::SecretText},
    {"api_key", K::SecretText},
    {"bearer", K::SecretText},
    {"secondary_user", K::UserSecret},
    {"secondary_password", K::SecretText},
    {"secondary_api_key", K::SecretText},
    {"secondary_bearer", K::SecretText},
    {"run_as", K::Text},
    {"client_secret", K::SecretText},
    {"opaque_id", K::Text},
    {"cacert", K::Text},
    {"capath", K::Text},
    {"ca_fingerprint", K::Text},
    {"pinnedpubkey", K::Text},
    {"tls_server_name", K::Text},
    {"cert", K::Text},
    {"key", K::Text},
    {"cert_type", K::Text},
    {"key_password", K::SecretText},
    {"tls_min", K::Text},
    {"tls_max", K::Text},
    {"insecure", K::Switch},
    {"compressed", K::Switch},
    {"connect_timeout", K::Seconds},
    {"max_time", K::Seconds},
    {"read_timeout", K::Seconds},
    {"retry", K::Count},
    {"retry_delay", K::NonNegSeconds},
    {"retry_max_time", K::NonNegSeconds},
    {"password_command", K::Command},
    {"api_key_command", K::Command},
    {"bearer_command", K::Command},
    {"secondary_password_command", K::Command},
    {"secondary_api_key_command", K::Command},
    {"secondary_bearer_command", K::Command},
    {"client_secret_command", K::Command},
    {"key_password_command", K::Command},
    {"complete_indices", K::Switch},
    {"command_timeout", K::Seconds},
};

// True for "scheme://user:password@host…": the password is written in the URL.
bool url_has_password(std::string_view url) {
  const std::size_t scheme = url.find("://");
  const std::size_t start = scheme == std::string_view::npos ? 0 : scheme + 3;
  const std::string_view authority = url.substr(start, url.find_first_of("/?#", start) - start);
  const std::size_t at = authority.rfind('@');
  return at != std::string_view::npos &&
         authority.substr(0, at).find(':') != std::string_view::npos;
}

}  // namespace

const ProfileKeySpec* find_profile_key(std::string_view key) {
  for (const ProfileKeySpec& s : kKeys) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

std::string profile_option_name(const ProfileKeySpec& s) {
  if (!s.option.empty()) return std::string(s.option);
  std::string name(s.key);
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::string_view expected_profile_value(ProfileKeyKind k) {
  // Indexed by ProfileKeyKind, in its order.
  constexpr std::string_view kExpected[] = {
      "a string",
      "a string",
      "a string",
      "true or false",
      "a number of seconds greater than 0",
      "a number of seconds, 0 or more",
      "a whole number, 0 or more",
      "a string",
      "a non-empty array of strings",
      "a non-empty array of strings: the program and its arguments",
  };
  return kExpected[static_cast<std::size_t>(k)];
}

std::optional<std::string_view> closest_key(std::string_view key,
                                            const std::vector<std::string_view>& candidates) {
  std::string norm(key);
  for (char& c : norm) c = c == '-' ? '_' : static_cast<char>(std::tolower(c));
  std::optional<std::string_view> best;
  // Short keys get one edit, or "tls" would suggest "urls".
  std::size_t best_d = (norm.size() <= 4 ? 1 : std::max<std::size_t>(2, norm.size() / 5)) + 1;
  for (const std::string_view c : candidates) {
    const std::size_t d = edit_distance(norm, c);
    if (d < best_d && d < norm.size()) {
      best = c;
      best_d = d;
    }
  }
  return best;
}

bool is_literal_secret(ProfileKeyKind kind, const ProfileValue& value) {
  if (kind == K::Url || kind == K::Urls) {
    const auto& urls = std::get<std::vector<std::string>>(value);
    return std::any_of(urls.begin(), urls.end(), url_has_password);
  }
  if (kind != K::SecretText && kind != K::UserSecret) return false;
  const std::string& ref = std::get<Secret>(value).reveal();
  if (ref.empty() || secret_source_kind(ref) != SecretSourceKind::Literal) return false;
  return kind == K::SecretText || ref.find(':') != std::string::npos;
}

std::vector<std::string_view> profile_keys() {
  std::vector<std::string_view> keys;
  for (const ProfileKeySpec& s : kKeys) keys.push_back(s.key);
  return keys;
}

bool is_secret_profile_key(std::string_view key) {
  const ProfileKeySpec* s = find_profile_key(key);
  return s && (s->kind == K::SecretText || s->kind == K::UserSecret);
}

}  // namespace escurl
