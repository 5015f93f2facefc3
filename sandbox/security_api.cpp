// SPDX-License-Identifier: MIT
// The security REST APIs: _authenticate, API keys (create, get, invalidate), OAuth2 tokens
// (password, client_credentials and refresh_token grants; invalidation) and service account tokens.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base64.h"
#include "handlers.h"
#include "privileges.h"
#include "random.h"

namespace es_sandbox {
namespace {

Json realm_json(const std::string& name, const std::string& type) {
  return Json::object({{"name", name}, {"type", type}});
}

// TimeValue.parseTimeValue: a number and one of nanos, micros, ms, s, m, h, d.
std::optional<int64_t> parse_time_value_ms(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::vector<std::pair<std::string, double>> kUnits = {
      {"nanos", 1e-6}, {"micros", 1e-3}, {"ms", 1},    {"s", 1e3},
      {"m", 6e4},      {"h", 3.6e6},     {"d", 8.64e7}};
  for (const auto& [unit, factor] : kUnits) {
    if (text.size() <= unit.size() || text.compare(text.size() - unit.size(), unit.size(), unit)) {
      continue;
    }
    const std::string number = text.substr(0, text.size() - unit.size());
    int64_t value = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || ptr != number.data() + number.size() || value < 0) return std::nullopt;
    return static_cast<int64_t>(static_cast<double>(value) * factor);
  }
  return std::nullopt;
}

bool may_manage_all_api_keys(const Call& call) {
  const auto& grants = call.auth.effective().grants;
  return std::any_of(grants.begin(), grants.end(), [](const Role* r) {
    return std::any_of(r->cluster.begin(), r->cluster.end(), [](const std::string& p) {
      return p == "manage_api_key" || p == "manage_security" || p == "all";
    });
  });
}

// The user who owns what the caller creates: an API key's owner, else the effective user.
Owner caller_owner(const Call& call) {
  const Subject& s = call.auth.effective();
  Owner owner{s.username, s.realm_name, s.realm_type};
  if (s.kind == Subject::Kind::ApiKey) {
    if (const User* user = call.cluster.realm.find_user(s.username)) {
      owner.realm_name = user->realm_name;
      owner.realm_type = user->realm_type;
    }
  }
  return owner;
}

Json api_key_info_json(const ApiKeyRecord& key) {
  Json out = Json::object(
      {{"id", key.id}, {"name", key.name}, {"type", "rest"}, {"creation", key.creation_ms}});
  if (key.expiration_ms) out["expiration"] = *key.expiration_ms;
  out["invalidated"] = key.invalidated;
  if (key.invalidated) out["invalidation"] = key.invalidation_ms;
  out["username"] = key.owner.username;
  out["realm"] = key.owner.realm_name;
  out["realm_type"] = key.owner.realm_type;
  out["metadata"] = key.metadata;
  out["role_descriptors"] = key.role_descriptors;
  return out;
}

bool api_key_matches(const ApiRequest& request, const ApiKeyRecord& key) {
  if (request.has_param("id") && request.param("id") != key.id) return false;
  if (request.has_param("name") && !glob_match(request.param("name"), key.name)) return false;
  if (request.has_param("username") && request.param("username") != key.owner.username) {
    return false;
  }
  if (request.has_param("realm_name") && request.param("realm_name") != key.owner.realm_name) {
    return false;
  }
  if (request.flag("active_only")) {
    const bool expired = key.expiration_ms && now_millis() > *key.expiration_ms;
    if (key.invalidated || expired) return false;
  }
  return true;
}

// RFC 6749 §5.2 error, as RestGetTokenAction sends it.
ApiReply token_error(const Call& call, const std::string& error, const std::string& description) {
  return call.json(400, Json::object({{"error", error}, {"error_description", description}}));
}

ApiReply token_reply(const Call& call, const TokenRecord& token) {
  Json out = Json::object({{"access_token", token.access_token},
                           {"type", "Bearer"},
                           {"expires_in", call.cluster.credentials.token_lifetime_seconds()}});
  if (token.refresh_token) out["refresh_token"] = *token.refresh_token;
  if (const User* user = call.cluster.realm.find_user(token.owner.username)) {
    Authentication auth;
    auth.authenticating = call.cluster.security.user_subject(*user);
    out["authentication"] = authenticate_json(auth);
  }
  return call.json(200, out);
}

std::string string_field(const Json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool valid_service_token_name(const std::string& name) {
  if (name.empty() || name.size() > 256 || name.front() == '_') return false;
  return std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

}  // namespace

Json authenticate_json(const Authentication& auth) {
  const Subject& who = auth.effective();
  const Subject& by = auth.authenticating;
  Json out = Json::object();
  out["username"] = who.username;
  out["roles"] = who.roles;
  out["full_name"] = who.full_name;
  out["email"] = who.email;
  if (by.kind == Subject::Kind::ServiceAccount) {
    out["token"] = Json::object({{"name", by.token_name}, {"type", "_service_account_index"}});
  }
  out["metadata"] = who.metadata;
  out["enabled"] = true;
  out["authentication_realm"] = realm_json(by.realm_name, by.realm_type);
  out["lookup_realm"] = realm_json(who.realm_name, who.realm_type);
  out["authentication_type"] = auth.type;
  if (by.kind == Subject::Kind::ApiKey) {
    out["api_key"] = Json::object({{"id", by.api_key_id}, {"name", by.api_key_name}});
  }
  return out;
}

ApiReply handle_authenticate(Call& call) { return call.json(200, authenticate_json(call.auth)); }

ApiReply handle_create_api_key(Call& call) {
  auto body = body_object(call.request);
  if (!body) return call.fail(body.failure());
  const std::string name = string_field(*body, "name");
  if (name.empty()) return call.fail(validation_failure({"api key name is required"}));
  if (name.front() == '_') {
    return call.fail(validation_failure({"api key name may not begin with an underscore"}));
  }
  std::optional<int64_t> expiration;
  if (auto it = body->find("expiration"); it != body->end() && !it->is_null()) {
    const std::string text = it->is_string() ? it->get<std::string>() : it->dump();
    auto ms = parse_time_value_ms(text);
    if (!ms) {
      return call.fail(make_failure(
          400, "parse_exception",
          fmt::format("failed to parse setting [expiration] with value [{}] as a time value: unit "
                      "is missing or unrecognized",
                      text)));
    }
    expiration = now_millis() + *ms;
  }
  const Json metadata = body->value("metadata", Json::object());
  const Json roles = body->value("role_descriptors", Json::object());
  const ApiKeyRecord key = call.cluster.credentials.create_api_key(name, caller_owner(call),
                                                                   expiration, metadata, roles);
  Json out = Json::object({{"id", key.id}, {"name", key.name}});
  if (key.expiration_ms) out["expiration"] = *key.expiration_ms;
  out["api_key"] = key.secret;
  out["encoded"] = escurl::base64_encode(key.id + ":" + key.secret);
  return call.json(200, out);
}

ApiReply handle_get_api_keys(Call& call) {
  const bool all = may_manage_all_api_keys(call) && !call.request.flag("owner");
  const Owner me = caller_owner(call);
  Json keys = Json::array();
  for (const auto& key : call.cluster.credentials.api_keys()) {
    if (!all && key.owner.username != me.username) continue;
    if (api_key_matches(call.request, key)) keys.push_back(api_key_info_json(key));
  }
  return call.json(200, Json::object({{"api_keys", keys}}));
}

ApiReply handle_invalidate_api_keys(Call& call) {
  auto body = body_object(call.request);
  if (!body) return call.fail(body.failure());
  std::vector<std::string> ids = body->value("ids", std::vector<std::string>{});
  if (auto id = string_field(*body, "id"); !id.empty()) ids.push_back(id);
  const std::string name = string_field(*body, "name");
  const std::string username = string_field(*body, "username");
  const bool owner = body->value("owner", false);
  if (ids.empty() && name.empty() && username.empty() && !owner) {
    return call.fail(validation_failure(
        {"One of [api key id(s), api key name, username, realm name] must be specified if "
         "[owner] flag is false"}));
  }
  const bool all = may_manage_all_api_keys(call) && !owner;
  const Owner me = caller_owner(call);
  Json invalidated = Json::array();
  Json previously = Json::array();
  for (const auto& key : call.cluster.credentials.api_keys()) {
    if (!all && key.owner.username != me.username) continue;
    if (!ids.empty() && std::find(ids.begin(), ids.end(), key.id) == ids.end()) continue;
    if (!name.empty() && !glob_match(name, key.name)) continue;
    if (!username.empty() && key.owner.username != username) continue;
    auto done = call.cluster.credentials.invalidate_api_key(key.id);
    (done && *done ? invalidated : previously).push_back(key.id);
  }
  return call.json(200, Json::object({{"invalidated_api_keys", invalidated},
                                      {"previously_invalidated_api_keys", previously},
                                      {"error_count", 0}}));
}

ApiReply handle_create_token(Call& call) {
  if (!call.cluster.config.tls) {
    return call.fail(make_failure(400, "feature_not_enabled_exception",
                                  "security tokens are not enabled",
                                  Json::object({{"disabled.feature", "security_tokens"}})));
  }
  auto body = body_object(call.request);
  if (!body) return call.fail(body.failure());
  const std::string grant = string_field(*body, "grant_type");
  auto& credentials = call.cluster.credentials;
  if (grant == "password") {
    const std::string username = string_field(*body, "username");
    const std::string password = string_field(*body, "password");
    if (username.empty() || password.empty()) {
      return token_error(call, "invalid_request",
                         fmt::format("Validation Failed: 1: {} is missing;",
                                     username.empty() ? "username" : "password"));
    }
    const User* user = call.cluster.realm.find_user(username);
    if (user == nullptr || user->password != password) {
      EsFailure f = make_failure(401, "security_exception",
                                 fmt::format("unable to authenticate user [{}] for action [{}]",
                                             username, action::kCreateToken));
      f.error.www_authenticate = call.cluster.security.challenges();
      return call.fail(f);
    }
    return token_reply(call, credentials.create_token(
                                 Owner{user->username, user->realm_name, user->realm_type}, true));
  }
  if (grant == "client_credentials") {
    return token_reply(call, credentials.create_token(caller_owner(call), false));
  }
  if (grant == "refresh_token") {
    const std::string refresh = string_field(*body, "refresh_token");
    if (refresh.empty()) {
      return token_error(call, "invalid_request",
                         "Validation Failed: 1: refresh_token is missing;");
    }
    auto result = credentials.refresh(refresh);
    if (auto* error = std::get_if<RefreshError>(&result)) {
      return token_error(call, "invalid_grant", error->description);
    }
    return token_reply(call, std::get<TokenRecord>(result));
  }
  return token_error(call, "unsupported_grant_type",
                     grant.empty() ? "Validation Failed: 1: grant_type is missing;"
                                   : fmt::format("grant_type [{}] is not supported", grant));
}

ApiReply handle_invalidate_token(Call& call) {
  auto body = body_object(call.request);
  if (!body) return call.fail(body.failure());
  const std::string token = string_field(*body, "token");
  const std::string refresh = string_field(*body, "refresh_token");
  if (token.empty() && refresh.empty()) {
    return call.fail(validation_failure(
        {"One of [token, refresh_token, realm_name, username] must be specified"}));
  }
  auto outcome = token.empty() ? call.cluster.credentials.invalidate_refresh_token(refresh)
                               : call.cluster.credentials.invalidate_access_token(token);
  const int now = outcome && *outcome ? 1 : 0;
  const int before = outcome && !*outcome ? 1 : 0;
  return call.json(200, Json::object({{"invalidated_tokens", now},
                                      {"previously_invalidated_tokens", before},
                                      {"error_count", 0}}));
}

ApiReply handle_create_service_token(Call& call) {
  const std::string service =
      call.request.path_param("namespace") + "/" + call.request.path_param("service");
  if (call.cluster.realm.find_service_account(service) == nullptr) {
    return call.fail(make_failure(400, "illegal_argument_exception",
                                  fmt::format("service account [{}] does not exist", service)));
  }
  std::string name = call.request.path_param("name");
  if (name.empty()) name = "token_" + random_id(20);
  if (!valid_service_token_name(name)) {
    return call.fail(validation_failure({fmt::format(
        "invalid service token name [{}], must be 1 to 256 characters long, contain only "
        "alphanumeric characters, dashes and underscores, and not begin with an underscore",
        name)}));
  }
  auto token = call.cluster.credentials.create_service_token(service, name);
  if (!token) {
    return call.fail(make_failure(
        409, "version_conflict_engine_exception",
        fmt::format("[service_account_token-{}/{}]: version conflict, document already exists "
                    "(current version [1])",
                    service, name)));
  }
  return call.json(
      200, Json::object({{"created", true},
                         {"token", Json::object({{"name", token->name},
                                                 {"value", service_token_value(*token)}})}}));
}

}  // namespace es_sandbox
