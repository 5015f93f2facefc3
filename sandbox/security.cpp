// SPDX-License-Identifier: MIT
#include "security.h"

#include <fmt/format.h>
#include <strings.h>

#include <algorithm>

#include "credential_encoding.h"
#include "privileges.h"

namespace es_sandbox {
namespace {

constexpr std::string_view kBasicChallenge = "Basic realm=\"security\", charset=\"UTF-8\"";
constexpr std::string_view kBearerChallenge = "Bearer realm=\"security\"";
constexpr std::string_view kApiKeyChallenge = "ApiKey";
constexpr std::string_view kExpiredTokenChallenge =
    "Bearer realm=\"security\", error=\"invalid_token\", error_description=\"The access token "
    "expired\"";

// Authenticator.extractCredentialFromHeaderValue: case-insensitive scheme, trimmed value.
std::optional<std::string> credential_after(const std::string& header, std::string_view scheme) {
  if (header.size() < scheme.size() ||
      strncasecmp(header.data(), scheme.data(), scheme.size()) != 0) {
    return std::nullopt;
  }
  std::string value = header.substr(scheme.size());
  const auto first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return std::string();
  const auto last = value.find_last_not_of(" \t");
  return value.substr(first, last - first + 1);
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

std::string authenticated_user_description(const Authentication& auth) {
  const Subject& s = auth.authenticating;
  std::string text = fmt::format(
      "{} [{}]", s.kind == Subject::Kind::ServiceAccount ? "service account" : "user", s.username);
  if (s.kind == Subject::Kind::ApiKey)
    text = fmt::format("API key id [{}] of {}", s.api_key_id, text);
  return text;
}

// API keys and service accounts have privileges, not roles, so no roles text is printed.
std::string roles_description(const Subject& subject) {
  if (subject.kind != Subject::Kind::User) return "";
  std::vector<std::string> sorted = subject.roles;
  std::sort(sorted.begin(), sorted.end());
  return fmt::format(" with effective roles [{}]", join(sorted, ","));
}

bool may_run_as(const Subject& subject) {
  return std::any_of(subject.grants.begin(), subject.grants.end(),
                     [](const Role* r) { return r->run_as_any; });
}

}  // namespace

Security::Security(const Realm& realm, CredentialStore& credentials, bool token_service)
    : realm_(realm), credentials_(credentials), token_service_(token_service) {}

std::vector<std::string> Security::challenges() const {
  std::vector<std::string> out{std::string(kBasicChallenge)};
  if (token_service_) out.emplace_back(kBearerChallenge);
  out.emplace_back(kApiKeyChallenge);
  return out;
}

EsFailure Security::unauthenticated(std::string reason) const {
  EsFailure f = make_failure(401, "security_exception", std::move(reason));
  f.error.www_authenticate = challenges();
  return f;
}

Subject Security::user_subject(const User& user) const {
  Subject s;
  s.username = user.username;
  s.roles = user.roles;
  for (const auto& name : user.roles) {
    if (const Role* role = realm_.find_role(name)) s.grants.push_back(role);
  }
  s.full_name = user.full_name;
  s.email = user.email;
  s.metadata = user.metadata;
  s.realm_name = user.realm_name;
  s.realm_type = user.realm_type;
  return s;
}

Security::Step Security::authenticate_service_token(const std::string& credential) const {
  auto parsed = parse_service_token(credential);
  // Not a service account token: the OAuth2 authenticator may take it.
  if (!parsed) return std::nullopt;
  const auto& [service, name, secret] = *parsed;
  const ServiceAccount* account = realm_.find_service_account(service);
  auto token = credentials_.find_service_token(service, name);
  if (account == nullptr || !token || token->secret != secret) {
    return Outcome<Authentication>(unauthenticated(fmt::format(
        "failed to authenticate service account [{}] with token name [{}]", service, name)));
  }
  Authentication auth;
  auth.type = "token";
  Subject& s = auth.authenticating;
  s.kind = Subject::Kind::ServiceAccount;
  s.username = service;
  s.grants.push_back(&account->role);
  s.full_name = "Service account - " + service;
  s.metadata = Json::object({{"_elastic_service_account", true}});
  s.realm_name = "_service_account";
  s.realm_type = "_service_account";
  s.token_name = name;
  return Outcome<Authentication>(std::move(auth));
}

Security::Step Security::authenticate_oauth2_token(const std::string& credential,
                                                   std::vector<std::string>& messages) const {
  auto token = credentials_.find_access_token(credential);
  if (!token) {
    messages.push_back("oauth2 token: invalid token");
    return std::nullopt;
  }
  // TokenService answers an expired or an invalidated access token with the same exception,
  // which carries only its own Bearer challenge.
  if (token->access_invalidated || now_millis() > token->access_expiration_ms) {
    EsFailure f = make_failure(401, "security_exception", "token expired");
    f.error.www_authenticate = {std::string(kExpiredTokenChallenge)};
    return Outcome<Authentication>(std::move(f));
  }
  const User* user = realm_.find_user(token->owner.username);
  if (user == nullptr) {
    messages.push_back("oauth2 token: invalid token");
    return std::nullopt;
  }
  Authentication auth;
  auth.type = "token";
  auth.authenticating = user_subject(*user);
  return Outcome<Authentication>(std::move(auth));
}

Security::Step Security::authenticate_api_key(const std::string& credential,
                                              std::vector<std::string>& messages) const {
  std::string error;
  auto decoded = java_base64_decode(credential, error);
  if (!decoded) {
    messages.push_back("API key: " + error);
    return std::nullopt;
  }
  const auto colon = decoded->find(':');
  if (colon == std::string::npos || colon < 1) {
    messages.push_back("API key: invalid ApiKey value");
    return std::nullopt;
  }
  const std::string id = decoded->substr(0, colon);
  auto key = credentials_.find_api_key(id);
  if (!key) {
    messages.push_back("API key: unable to find apikey with id " + id);
    return std::nullopt;
  }
  if (key->invalidated) {
    messages.push_back(fmt::format("API key: api key [{}] has been invalidated", id));
    return std::nullopt;
  }
  if (key->secret != decoded->substr(colon + 1)) {
    messages.push_back(fmt::format("API key: invalid credentials for API key [{}]", id));
    return std::nullopt;
  }
  if (key->expiration_ms && now_millis() > *key->expiration_ms) {
    messages.push_back("API key: api key is expired");
    return std::nullopt;
  }
  const User* owner = realm_.find_user(key->owner.username);
  Authentication auth;
  auth.type = "api_key";
  Subject& s = auth.authenticating;
  if (owner != nullptr) s = user_subject(*owner);
  s.kind = Subject::Kind::ApiKey;
  s.username = key->owner.username;
  s.roles.clear();  // the API key user is built with no roles; privileges come from the owner
  s.realm_name = "_es_api_key";
  s.realm_type = "_es_api_key";
  s.api_key_id = key->id;
  s.api_key_name = key->name;
  return Outcome<Authentication>(std::move(auth));
}

Security::Step Security::authenticate_basic(const std::string& header_value,
                                            const std::string& uri) const {
  auto credential = credential_after(header_value, "Basic ");
  if (!credential) return std::nullopt;
  if (credential->empty()) {
    return Outcome<Authentication>(unauthenticated("invalid basic authentication header value"));
  }
  std::string error;
  auto decoded = java_base64_decode(*credential, error);
  if (!decoded) {
    EsFailure f = unauthenticated("invalid basic authentication header encoding");
    auto cause = std::make_shared<EsException>();
    cause->type = "illegal_argument_exception";
    cause->reason = error;
    cause->elasticsearch = false;
    f.error.caused_by = cause;
    return Outcome<Authentication>(std::move(f));
  }
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) {
    return Outcome<Authentication>(unauthenticated("invalid basic authentication header value"));
  }
  const std::string username = decoded->substr(0, colon);
  const User* user = realm_.find_user(username);
  if (user == nullptr || user->password != decoded->substr(colon + 1)) {
    return Outcome<Authentication>(unauthenticated(
        fmt::format("unable to authenticate user [{}] for REST request [{}]", username, uri)));
  }
  Authentication auth;
  auth.authenticating = user_subject(*user);
  return Outcome<Authentication>(std::move(auth));
}

Outcome<Authentication> Security::authenticate_value(
    const std::optional<std::string>& authorization, const std::string& uri) const {
  std::vector<std::string> messages;
  if (authorization) {
    const std::string& header = *authorization;
    if (auto bearer = credential_after(header, "Bearer "); bearer && !bearer->empty()) {
      if (auto step = authenticate_service_token(*bearer)) return std::move(*step);
      // Without TLS the token service is off and nothing else extracts a Bearer credential.
      if (token_service_) {
        if (auto step = authenticate_oauth2_token(*bearer, messages)) return std::move(*step);
      }
    } else if (auto key = credential_after(header, "ApiKey "); key && !key->empty()) {
      if (auto step = authenticate_api_key(*key, messages)) return std::move(*step);
    } else if (auto step = authenticate_basic(header, uri)) {
      return std::move(*step);
    }
  }
  if (messages.empty()) {
    return unauthenticated(
        fmt::format("missing authentication credentials for REST request [{}]", uri));
  }
  EsFailure f = unauthenticated(
      "unable to authenticate with provided credentials and anonymous access is not allowed for "
      "this request");
  Json list = Json::array();
  for (const auto& m : messages) list.push_back(m);
  f.error.metadata["additional_unsuccessful_credentials"] =
      messages.size() == 1 ? Json(messages.front()) : list;
  return f;
}

Authentication Security::resolve_run_as(Authentication auth,
                                        const std::optional<std::string>& target) const {
  // Service accounts do not support run-as; the header is ignored for them.
  if (!target || auth.authenticating.kind == Subject::Kind::ServiceAccount) return auth;
  if (const User* user = realm_.find_user(*target)) {
    auth.run_as = user_subject(*user);
  } else {
    Subject unknown;
    unknown.username = *target;
    unknown.exists = false;
    auth.run_as = unknown;
  }
  return auth;
}

Outcome<Authentication> Security::authenticate(const ApiRequest& request) const {
  auto auth = authenticate_value(request.header("Authorization"), request.uri);
  if (!auth) return auth;
  return resolve_run_as(std::move(*auth), request.header(kRunAsHeader));
}

Outcome<std::optional<Authentication>> Security::authenticate_secondary(
    const ApiRequest& request) const {
  auto header = request.header(kSecondaryAuthHeader);
  if (!header || header->empty()) return std::optional<Authentication>();
  auto auth = authenticate_value(header, request.uri);
  if (auth) return std::optional<Authentication>(std::move(*auth));
  // The wrapper takes its status from the cause and carries no headers of its own, so the
  // response has no WWW-Authenticate line even though the cause has challenges.
  EsFailure wrapper = make_failure(auth.failure().status, "security_exception",
                                   "Failed to authenticate secondary user");
  wrapper.error.caused_by = std::make_shared<EsException>(auth.failure().error);
  return wrapper;
}

bool Security::may(const Authentication& auth, std::string_view action,
                   std::string_view index) const {
  const auto& grants = auth.effective().grants;
  return std::any_of(grants.begin(), grants.end(),
                     [&](const Role* r) { return role_grants_index(*r, action, index); });
}

EsFailure Security::denied(const Authentication& auth, std::string_view action,
                           const std::optional<std::string>& context) const {
  std::string user_text = authenticated_user_description(auth);
  if (auth.run_as) user_text += fmt::format(" run as [{}]", auth.run_as->username);
  user_text += roles_description(auth.effective());
  std::string message = fmt::format("action [{}] is unauthorized for {}", action, user_text);
  if (context) message += " " + *context;
  message += fmt::format(", this action is granted by the {} privileges [{}]",
                         is_cluster_action(action) ? "cluster" : "index",
                         join(privileges_granting(action), ","));
  return make_failure(403, "security_exception", message);
}

std::optional<EsFailure> Security::authorize(const Authentication& auth, std::string_view action,
                                             const std::vector<std::string>& indices,
                                             bool name_only) const {
  if (auth.run_as && (!auth.run_as->exists || !may_run_as(auth.authenticating))) {
    const std::string user_text = authenticated_user_description(auth);
    return make_failure(
        403, "security_exception",
        fmt::format("action [{}] is unauthorized for {}{}, because {} is unauthorized to run as "
                    "[{}]",
                    action, user_text, roles_description(auth.authenticating), user_text,
                    auth.run_as->username));
  }
  // Every authenticated user may see who they are.
  if (action == action::kAuthenticate) return std::nullopt;
  const auto& grants = auth.effective().grants;
  if (is_cluster_action(action)) {
    const bool ok = std::any_of(grants.begin(), grants.end(),
                                [&](const Role* r) { return role_grants_cluster(*r, action); });
    return ok ? std::nullopt : std::optional<EsFailure>(denied(auth, action));
  }
  if (name_only) {
    const bool ok = std::any_of(grants.begin(), grants.end(), [&](const Role* r) {
      return role_grants_index_action(*r, action);
    });
    return ok ? std::nullopt : std::optional<EsFailure>(denied(auth, action));
  }
  std::vector<std::string> refused;
  for (const auto& index : indices) {
    if (!may(auth, action, index)) refused.push_back(index);
  }
  if (refused.empty()) return std::nullopt;
  return denied(auth, action, fmt::format("on indices [{}]", join(refused, ",")));
}

}  // namespace es_sandbox
