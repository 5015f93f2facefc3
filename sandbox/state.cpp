// SPDX-License-Identifier: MIT
#include "state.h"

#include <algorithm>
#include <chrono>

#include "base64.h"
#include "random.h"

namespace es_sandbox {
namespace {

// Refresh tokens stay valid 24 hours, as in Elasticsearch.
constexpr int64_t kRefreshLifetimeMs = 24LL * 3600 * 1000;

// Access tokens are opaque standard base64 whose decoding never starts with the service-token
// prefix 00 01 00 01, so the service account authenticator never claims them.
std::string new_access_token() { return escurl::base64_encode("\x01" + random_bytes(47)); }

}  // namespace

int64_t now_millis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

CredentialStore::CredentialStore(int64_t token_lifetime_seconds)
    : token_lifetime_seconds_(token_lifetime_seconds) {}

ApiKeyRecord CredentialStore::create_api_key(const std::string& name, const Owner& owner,
                                             std::optional<int64_t> expiration_ms, Json metadata,
                                             Json role_descriptors) {
  ApiKeyRecord key;
  key.id = random_id(20);
  key.name = name;
  key.secret = random_id(22);
  key.owner = owner;
  key.creation_ms = now_millis();
  key.expiration_ms = expiration_ms;
  key.metadata = std::move(metadata);
  key.role_descriptors = std::move(role_descriptors);
  std::lock_guard lock(mutex_);
  api_keys_.push_back(key);
  return key;
}

std::optional<ApiKeyRecord> CredentialStore::find_api_key(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(api_keys_.begin(), api_keys_.end(),
                         [&](const ApiKeyRecord& k) { return k.id == id; });
  if (it == api_keys_.end()) return std::nullopt;
  return *it;
}

std::vector<ApiKeyRecord> CredentialStore::api_keys() const {
  std::lock_guard lock(mutex_);
  return api_keys_;
}

std::optional<bool> CredentialStore::invalidate_api_key(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(api_keys_.begin(), api_keys_.end(),
                         [&](const ApiKeyRecord& k) { return k.id == id; });
  if (it == api_keys_.end()) return std::nullopt;
  if (it->invalidated) return false;
  it->invalidated = true;
  it->invalidation_ms = now_millis();
  return true;
}

TokenRecord CredentialStore::create_token(const Owner& owner, bool with_refresh) {
  TokenRecord token;
  token.access_token = new_access_token();
  if (with_refresh) token.refresh_token = random_id(20);
  token.owner = owner;
  const int64_t now = now_millis();
  token.access_expiration_ms = now + token_lifetime_seconds_ * 1000;
  token.refresh_expiration_ms = now + kRefreshLifetimeMs;
  std::lock_guard lock(mutex_);
  tokens_.push_back(token);
  return token;
}

std::optional<TokenRecord> CredentialStore::find_access_token(
    const std::string& access_token) const {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(tokens_.begin(), tokens_.end(),
                         [&](const TokenRecord& t) { return t.access_token == access_token; });
  if (it == tokens_.end()) return std::nullopt;
  return *it;
}

std::variant<TokenRecord, RefreshError> CredentialStore::refresh(const std::string& refresh_token) {
  Owner owner;
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(tokens_.begin(), tokens_.end(),
                           [&](const TokenRecord& t) { return t.refresh_token == refresh_token; });
    if (it == tokens_.end()) return RefreshError{"could not refresh the requested token"};
    if (it->refresh_invalidated) return RefreshError{"token has been invalidated"};
    if (it->refreshed) return RefreshError{"token has already been refreshed"};
    if (now_millis() > it->refresh_expiration_ms) return RefreshError{"refresh token is expired"};
    it->refreshed = true;
    owner = it->owner;
  }
  return create_token(owner, true);
}

std::optional<bool> CredentialStore::invalidate_access_token(const std::string& access_token) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(tokens_.begin(), tokens_.end(),
                         [&](const TokenRecord& t) { return t.access_token == access_token; });
  if (it == tokens_.end()) return std::nullopt;
  if (it->access_invalidated) return false;
  it->access_invalidated = true;
  return true;
}

std::optional<bool> CredentialStore::invalidate_refresh_token(const std::string& refresh_token) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(tokens_.begin(), tokens_.end(),
                         [&](const TokenRecord& t) { return t.refresh_token == refresh_token; });
  if (it == tokens_.end()) return std::nullopt;
  if (it->refresh_invalidated) return false;
  it->refresh_invalidated = true;
  return true;
}

std::optional<ServiceTokenRecord> CredentialStore::create_service_token(const std::string& service,
                                                                        const std::string& name) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(
      service_tokens_.begin(), service_tokens_.end(),
      [&](const ServiceTokenRecord& t) { return t.service == service && t.name == name; });
  if (it != service_tokens_.end()) return std::nullopt;
  ServiceTokenRecord token{service, name, random_id(22), now_millis()};
  service_tokens_.push_back(token);
  return token;
}

std::optional<ServiceTokenRecord> CredentialStore::find_service_token(
    const std::string& service, const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(
      service_tokens_.begin(), service_tokens_.end(),
      [&](const ServiceTokenRecord& t) { return t.service == service && t.name == name; });
  if (it == service_tokens_.end()) return std::nullopt;
  return *it;
}

}  // namespace es_sandbox
