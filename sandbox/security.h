// SPDX-License-Identifier: MIT
// Elasticsearch's security layer as a client meets it: the authenticator chain (service account
// token, OAuth2 token, API key, Basic), run-as, secondary authorization, privilege checks, and
// every 401/403 body and WWW-Authenticate challenge they produce, worded as ES 8.15+ words them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api.h"
#include "credential_encoding.h"
#include "es_exception.h"
#include "realm.h"
#include "state.h"

namespace es_sandbox {

/// Header names the security layer reads.
inline constexpr std::string_view kSecondaryAuthHeader = "es-secondary-authorization";
inline constexpr std::string_view kRunAsHeader = "es-security-runas-user";

/// One side of an authentication: the user, API key or service account acting.
struct Subject {
  enum class Kind { User, ApiKey, ServiceAccount };
  Kind kind = Kind::User;
  std::string username;             ///< the user (API key: its owner; service: ns/service)
  std::vector<std::string> roles;   ///< roles as _authenticate shows them ([] for API keys)
  std::vector<const Role*> grants;  ///< what authorization checks (API key: the owner's roles)
  Json full_name = nullptr;
  Json email = nullptr;
  Json metadata = Json::object();
  std::string realm_name;
  std::string realm_type;
  std::string api_key_id;    ///< Kind::ApiKey only
  std::string api_key_name;  ///< Kind::ApiKey only
  std::string token_name;    ///< Kind::ServiceAccount only
  bool exists = true;        ///< false for a run-as target no realm knows
};

/// A successful authentication, possibly running as another user.
struct Authentication {
  Subject authenticating;
  std::optional<Subject> run_as;
  std::string type = "realm";  ///< authentication_type: realm, api_key, token

  /// The subject requests act as: the run-as user if any, else the authenticating one.
  const Subject& effective() const { return run_as ? *run_as : authenticating; }
};

/// The security layer of one sandbox cluster.
class Security {
 public:
  /// `token_service` mirrors xpack.security.authc.token.enabled (on iff HTTP TLS is on).
  Security(const Realm& realm, CredentialStore& credentials, bool token_service);

  /// The default WWW-Authenticate challenges, in the order ES 8.15+ sends them.
  std::vector<std::string> challenges() const;

  /// Authenticates the request's Authorization header and resolves es-security-runas-user.
  Outcome<Authentication> authenticate(const ApiRequest& request) const;

  /// Authenticates es-secondary-authorization when present (nullopt when absent or empty);
  /// a failure is wrapped as "Failed to authenticate secondary user".
  Outcome<std::optional<Authentication>> authenticate_secondary(const ApiRequest& request) const;

  /// Authenticates one Authorization header value; `uri` is quoted in failure messages.
  Outcome<Authentication> authenticate_value(const std::optional<std::string>& authorization,
                                             const std::string& uri) const;

  /// Checks run-as, then `action` on the cluster (cluster actions) or on every one of
  /// `indices`; with `name_only`, whether any index grant covers the action at all.
  std::optional<EsFailure> authorize(const Authentication& auth, std::string_view action,
                                     const std::vector<std::string>& indices = {},
                                     bool name_only = false) const;

  /// Whether the effective subject may perform index `action` on `index` (no run-as check).
  bool may(const Authentication& auth, std::string_view action, std::string_view index) const;

  /// The 403 for `action` by `auth`, with an optional context such as "on indices [x]".
  EsFailure denied(const Authentication& auth, std::string_view action,
                   const std::optional<std::string>& context = std::nullopt) const;

  /// Builds a Subject for `user` as its own realm authenticates it.
  Subject user_subject(const User& user) const;

 private:
  // Each authenticator returns nullopt to let the chain continue (possibly adding a message to
  // `messages`), or a final success or failure.
  using Step = std::optional<Outcome<Authentication>>;
  Step authenticate_service_token(const std::string& credential) const;
  Step authenticate_oauth2_token(const std::string& credential,
                                 std::vector<std::string>& messages) const;
  Step authenticate_api_key(const std::string& credential,
                            std::vector<std::string>& messages) const;
  Step authenticate_basic(const std::string& header_value, const std::string& uri) const;
  Authentication resolve_run_as(Authentication auth,
                                const std::optional<std::string>& target) const;
  EsFailure unauthenticated(std::string reason) const;

  const Realm& realm_;
  CredentialStore& credentials_;
  bool token_service_;
};

}  // namespace es_sandbox
