// SPDX-License-Identifier: MIT
#include "token_session.h"

#include <fmt/format.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "redact.h"

namespace escurl {
namespace {

std::string relogin_hint(const std::string& profile) {
  return profile == "default" ? "run: escurl login"
                              : fmt::format("run: escurl login --profile {}", profile);
}

// A JSON body whose copies of the refresh token are wiped when it goes.
std::string refresh_body(const Secret& refresh_token) {
  nlohmann::json j = {{"grant_type", "refresh_token"}, {"refresh_token", refresh_token.reveal()}};
  std::string text = j.dump();
  secure_wipe(j["refresh_token"].get_ref<std::string&>());
  return text;
}

}  // namespace

std::string cluster_origin(const Options& o) {
  return o.nodes.empty() ? o.url.origin() : o.nodes.front().origin();
}

std::int64_t now_epoch_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

bool is_expired_token_challenge(const ResponseHead& head) {
  if (head.status != 401) return false;
  for (const auto& [name, value] : head.headers) {
    if (!iequals(name, "WWW-Authenticate")) continue;
    if (value.find("invalid_token") != std::string::npos &&
        value.find("The access token expired") != std::string::npos) {
      return true;
    }
  }
  return false;
}

Result<StoredTokens> tokens_from_reply(const ApiReply& reply, const std::string& cluster,
                                       std::int64_t now_epoch_s) {
  nlohmann::json j = nlohmann::json::parse(reply.body, nullptr, false);
  auto take = [&j](const char* key) -> std::optional<Secret> {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return std::nullopt;
    Secret s(it->get<std::string>());
    secure_wipe(it->get_ref<std::string&>());
    return s;
  };
  if (j.is_discarded() || !j.is_object()) {
    return make_error(Errc::HttpError, "the token service answered with something not JSON");
  }
  std::optional<Secret> access = take("access_token");
  std::optional<Secret> refresh = take("refresh_token");
  if (!access || access->empty()) {
    return make_error(Errc::HttpError, "the token service's answer has no access_token");
  }
  StoredTokens t;
  t.access_token = std::move(*access);
  if (refresh) t.refresh_token = std::move(*refresh);
  const auto expires_in = j.find("expires_in");
  t.expires_at_epoch_s = now_epoch_s + (expires_in != j.end() && expires_in->is_number_integer()
                                            ? expires_in->get<std::int64_t>()
                                            : 1200);  // Elasticsearch's default lifetime
  t.url = cluster;
  return t;
}

AuthHeader bearer_of(const StoredTokens& tokens) {
  return AuthHeader{AuthScheme::Bearer, tokens.access_token};
}

Result<std::optional<TokenSession>> TokenSession::open(const Env& env, std::string profile,
                                                       const std::string& cluster) {
  // Without a place for tokens (no XDG_STATE_HOME and no HOME) nobody can have logged in.
  if (!token_store_dir(env)) return std::optional<TokenSession>();
  Result<std::optional<StoredTokens>> stored = load_tokens(env, profile);
  if (!stored) return stored.take_error();
  if (!*stored || (*stored)->url != cluster) return std::optional<TokenSession>();
  return std::optional<TokenSession>(TokenSession(std::move(profile), std::move(**stored)));
}

bool TokenSession::due(std::int64_t now_epoch_s) const {
  return now_epoch_s + kRefreshAheadSeconds >= tokens_.expires_at_epoch_s;
}

Result<void> TokenSession::refresh(const Options& o, const TransportOptions& transport,
                                   const Credentials& base, Env& env) {
  if (tokens_.refresh_token.empty()) {
    return make_error(
        Errc::HttpUnauthorized,
        fmt::format("the login of profile '{}' expired and has no refresh token", profile_),
        {relogin_hint(profile_)});
  }
  Credentials auth = base;
  if (!auth.primary) {
    if (now_epoch_seconds() >= tokens_.expires_at_epoch_s) {
      return make_error(Errc::HttpUnauthorized,
                        fmt::format("the login of profile '{}' expired, and Elasticsearch needs "
                                    "credentials to refresh it",
                                    profile_),
                        {relogin_hint(profile_),
                         "or give the profile a user with password_command, so escurl can "
                         "refresh by itself"});
    }
    auth.primary = bearer_of(tokens_);
  }
  Result<ApiReply> reply = call_api(o, transport, auth, "POST", "/_security/oauth2/token",
                                    refresh_body(tokens_.refresh_token), env);
  if (!reply) return reply.take_error();
  if (reply->head.status >= 400) {
    Error e =
        api_failure(fmt::format("refreshing the login of profile '{}'", profile_), *reply, auth);
    e.hints.push_back(relogin_hint(profile_));
    return e;
  }
  Result<StoredTokens> fresh = tokens_from_reply(*reply, tokens_.url, now_epoch_seconds());
  if (!fresh) return fresh.take_error();
  if (Result<void> saved = save_tokens(env, profile_, *fresh); !saved) return saved;
  tokens_ = std::move(*fresh);
  return ok();
}

void replace_authorization(Request& request, const AuthHeader& auth) {
  std::erase_if(request.headers,
                [](const HeaderField& h) { return iequals(h.name, "Authorization"); });
  request.headers.push_back({"Authorization", auth.header_value()});
}

Result<SessionCredentials> resolve_session_credentials(const RawOptions& raw, bool outer_primary,
                                                       const Options& o,
                                                       const TransportOptions& transport, Env& env,
                                                       StdinClaim& stdin_claim) {
  SessionCredentials out;
  // Resolved only when a refresh needs it: a password command or prompt is not run otherwise.
  out.base = [&raw, &o, &env]() -> Result<Credentials> {
    StdinClaim claim;
    return resolve_credentials(raw, o.url, env, claim);
  };
  Result<std::optional<TokenSession>> session =
      outer_primary ? Result<std::optional<TokenSession>>(std::optional<TokenSession>())
                    : TokenSession::open(env, o.profile, cluster_origin(o));
  if (!session) return session.take_error();
  if (!*session) {
    Result<Credentials> c = resolve_credentials(raw, o.url, env, stdin_claim);
    if (!c) return c.take_error();
    out.credentials = std::move(*c);
    return out;
  }
  // Everything but the primary credential still comes from the layers.
  RawOptions rest = raw;
  rest.user.reset();
  rest.password.reset();
  rest.api_key.reset();
  rest.bearer.reset();
  for (const char* name : {"password", "api-key", "bearer"}) rest.secret_commands.erase(name);
  rest.netrc = rest.netrc_optional = false;
  rest.netrc_file.reset();
  Url bare = o.url;
  bare.user.reset();
  bare.password.reset();
  Result<Credentials> c = resolve_credentials(rest, bare, env, stdin_claim);
  if (!c) return c.take_error();
  out.credentials = std::move(*c);
  if ((*session)->due(now_epoch_seconds())) {
    Result<Credentials> base = out.base();
    if (!base) return base.take_error();
    if (Result<void> r = (*session)->refresh(o, transport, *base, env); !r) return r.take_error();
  }
  out.credentials.primary = bearer_of((*session)->tokens());
  out.session = std::move(*session);
  return out;
}

std::function<Result<AuthHeader>()> SessionCredentials::refresher(const Options& o,
                                                                  const TransportOptions& transport,
                                                                  Env& env) {
  if (!session) return {};
  return [this, &o, &transport, &env]() -> Result<AuthHeader> {
    Result<Credentials> c = base();
    if (!c) return c.take_error();
    if (Result<void> r = session->refresh(o, transport, *c, env); !r) return r.take_error();
    return bearer_of(session->tokens());
  };
}

bool ExpiredTokenGate::on_head(const ResponseHead& head) {
  held_ = is_expired_token_challenge(head);
  return held_ || inner_.on_head(head);
}

bool ExpiredTokenGate::on_body(const char* data, std::size_t size) {
  return held_ || inner_.on_body(data, size);
}

}  // namespace escurl
