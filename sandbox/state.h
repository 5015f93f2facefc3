// SPDX-License-Identifier: MIT
// The credentials a sandbox cluster issues, in memory and shared by every node: API keys, OAuth2
// access/refresh token pairs and service account tokens, each with its expiry and invalidation
// state. One mutex guards it all; callers get copies, never references into the store.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "es_json.h"

namespace es_sandbox {

/// Milliseconds since the epoch, the unit of every timestamp Elasticsearch returns.
int64_t now_millis();

/// Who a credential belongs to: a user and the realm that authenticated it.
struct Owner {
  std::string username;
  std::string realm_name;
  std::string realm_type;
};

/// One API key as the security index would store it.
struct ApiKeyRecord {
  std::string id;
  std::string name;
  std::string secret;
  Owner owner;
  int64_t creation_ms = 0;
  std::optional<int64_t> expiration_ms;
  bool invalidated = false;
  int64_t invalidation_ms = 0;
  Json metadata = Json::object();
  Json role_descriptors = Json::object();
};

/// One OAuth2 token pair; the refresh token is absent for client_credentials grants.
struct TokenRecord {
  std::string access_token;
  std::optional<std::string> refresh_token;
  Owner owner;
  int64_t access_expiration_ms = 0;
  int64_t refresh_expiration_ms = 0;
  bool access_invalidated = false;
  bool refresh_invalidated = false;
  bool refreshed = false;  ///< the refresh token was already used
};

/// One service account token.
struct ServiceTokenRecord {
  std::string service;  ///< "elastic/fleet-server"
  std::string name;
  std::string secret;
  int64_t creation_ms = 0;
};

/// Why refreshing a token failed, worded as the invalid_grant error_description.
struct RefreshError {
  std::string description;
};

/// The credential store.
class CredentialStore {
 public:
  /// Token lifetime in seconds for new access tokens.
  explicit CredentialStore(int64_t token_lifetime_seconds);

  /// Creates an API key; `expiration_ms` is absolute.
  ApiKeyRecord create_api_key(const std::string& name, const Owner& owner,
                              std::optional<int64_t> expiration_ms, Json metadata,
                              Json role_descriptors);
  /// The API key with `id`, if any.
  std::optional<ApiKeyRecord> find_api_key(const std::string& id) const;
  /// All API keys in creation order.
  std::vector<ApiKeyRecord> api_keys() const;
  /// Invalidates the key `id`; returns false when it was already invalidated, nullopt if unknown.
  std::optional<bool> invalidate_api_key(const std::string& id);

  /// Creates an access token (and a refresh token when `with_refresh`) for `owner`.
  TokenRecord create_token(const Owner& owner, bool with_refresh);
  /// The token pair whose access token is `access_token`, if any.
  std::optional<TokenRecord> find_access_token(const std::string& access_token) const;
  /// Exchanges a refresh token for a new pair (single use), or explains the refusal.
  std::variant<TokenRecord, RefreshError> refresh(const std::string& refresh_token);
  /// Invalidates an access token: nullopt if unknown, false if already invalidated.
  std::optional<bool> invalidate_access_token(const std::string& access_token);
  /// Invalidates a refresh token: nullopt if unknown, false if already invalidated.
  std::optional<bool> invalidate_refresh_token(const std::string& refresh_token);
  /// The configured access token lifetime in seconds.
  int64_t token_lifetime_seconds() const { return token_lifetime_seconds_; }

  /// Creates a service account token; nullopt when `service` already has a token `name`.
  std::optional<ServiceTokenRecord> create_service_token(const std::string& service,
                                                         const std::string& name);
  /// The service token `name` of `service`, if any.
  std::optional<ServiceTokenRecord> find_service_token(const std::string& service,
                                                       const std::string& name) const;

 private:
  mutable std::mutex mutex_;
  int64_t token_lifetime_seconds_;
  std::vector<ApiKeyRecord> api_keys_;
  std::vector<TokenRecord> tokens_;
  std::vector<ServiceTokenRecord> service_tokens_;
};

}  // namespace es_sandbox
