// SPDX-License-Identifier: MIT
#include "login.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api_call.h"
#include "base64.h"
#include "diagnostics.h"
#include "token_session.h"
#include "token_store.h"

namespace escurl {
namespace {

constexpr std::string_view kTokenPath = "/_security/oauth2/token";

std::string profile_words(const std::string& profile) {
  return profile == "default" ? std::string("no profile") : fmt::format("profile '{}'", profile);
}

// The password grant's body; the copies the JSON object held are wiped.
std::string password_grant(const std::string& user, const Secret& password) {
  nlohmann::json j = {
      {"grant_type", "password"}, {"username", user}, {"password", password.reveal()}};
  std::string text = j.dump();
  secure_wipe(j["password"].get_ref<std::string&>());
  return text;
}

// The user and password inside a Basic credential.
Result<std::pair<std::string, Secret>> split_basic(const Credentials& c) {
  if (!c.primary || c.primary->scheme != AuthScheme::Basic) {
    return make_error(Errc::Usage,
                      c.primary ? "escurl login takes a user and password; an API key or a bearer "
                                  "token needs no login"
                                : "escurl login needs a user and password",
                      {"give -u USER (the password is asked for), or set them in the profile"});
  }
  std::optional<std::string> decoded = base64_decode(c.primary->token.reveal());
  if (!decoded) return make_error(Errc::Internal, "a Basic credential that is not base64");
  const std::size_t colon = decoded->find(':');
  std::pair<std::string, Secret> out{decoded->substr(0, colon), Secret(decoded->substr(colon + 1))};
  secure_wipe(*decoded);
  return out;
}

// One invalidation call; true when the server took it (or already had).
Result<ApiReply> invalidate(const Options& o, const TransportOptions& t, const Credentials& auth,
                            const char* field, const Secret& token, Env& env) {
  nlohmann::json j = {{field, token.reveal()}};
  std::string body = j.dump();
  secure_wipe(j[field].get_ref<std::string&>());
  return call_api(o, t, auth, "DELETE", kTokenPath, std::move(body), env);
}

}  // namespace

Result<void> ask_login_user(RawOptions& raw, Env& env) {
  Result<std::string> user = env.prompt_line
                                 ? env.prompt_line("User: ")
                                 : Result<std::string>(make_error(Errc::Usage, "no terminal"));
  if (!user || user->empty()) {
    return make_error(Errc::Usage, "escurl login needs a user, and there is no terminal to ask",
                      {"give -u USER, ELASTICSEARCH_USERNAME, or a profile's user"});
  }
  raw.user = *user;
  return ok();
}

Result<void> run_login(const Options& o, const Credentials& credentials,
                       const TransportOptions& transport, Env& env) {
  Result<std::pair<std::string, Secret>> basic = split_basic(credentials);
  if (!basic) return basic.take_error();
  const std::string cluster = cluster_origin(o);
  Result<ApiReply> reply = call_api(o, transport, credentials, "POST", kTokenPath,
                                    password_grant(basic->first, basic->second), env);
  if (!reply) return reply.take_error();
  if (reply->head.status >= 400) {
    return api_failure(fmt::format("logging in as '{}'", basic->first), *reply, credentials);
  }
  Result<StoredTokens> tokens = tokens_from_reply(*reply, cluster, now_epoch_seconds());
  if (!tokens) return tokens.take_error();
  if (Result<void> saved = save_tokens(env, o.profile, *tokens); !saved) return saved;
  if (!o.silent) {
    report_line(fmt::format("logged in to {} as {} ({}); the access token lasts {} s", cluster,
                            basic->first, profile_words(o.profile),
                            tokens->expires_at_epoch_s - now_epoch_seconds()));
  }
  return ok();
}

Result<void> run_logout(const Options& o, const TransportOptions& transport,
                        const std::function<Result<Credentials>()>& base, Env& env) {
  Result<std::optional<StoredTokens>> stored = load_tokens(env, o.profile);
  if (!stored) return stored.take_error();
  if (!*stored) {
    if (!o.silent) report_line(fmt::format("not logged in ({})", profile_words(o.profile)));
    return ok();
  }
  const StoredTokens& t = **stored;
  // The tokens are invalidated where they were issued, whatever the profile names now.
  Options at = o;
  Result<Url> cluster = parse_url(t.url);
  if (!cluster) return cluster.take_error();
  at.nodes = {*cluster};
  Credentials auth;
  if (now_epoch_seconds() < t.expires_at_epoch_s) {
    auth.primary = bearer_of(t);
  } else {
    Result<Credentials> c = base();
    if (!c) return c.take_error();
    if (!c->primary) {
      Result<std::string> path = token_file_path(env, o.profile);
      return make_error(
          Errc::Usage,
          fmt::format("the access token of {} expired, and invalidating the refresh token needs "
                      "credentials",
                      profile_words(o.profile)),
          {"give them (-u USER), or forget the tokens here without invalidating them: rm " +
           (path ? *path : std::string("the token file"))});
    }
    auth = std::move(*c);
  }
  // The refresh token first: the access token may be what authenticates the call.
  for (const auto& [field, token] :
       {std::pair<const char*, const Secret*>{"refresh_token", &t.refresh_token},
        std::pair<const char*, const Secret*>{"token", &t.access_token}}) {
    if (token->empty()) continue;
    Result<ApiReply> reply = invalidate(at, transport, auth, field, *token, env);
    if (!reply) return reply.take_error();
    if (reply->head.status == 401 && auth.primary && auth.primary->scheme == AuthScheme::Bearer &&
        field == std::string_view("refresh_token")) {
      // The cluster no longer takes the access token (expired early, or invalidated).
      Result<Credentials> c = base();
      if (!c) return c.take_error();
      if (c->primary) {
        auth = std::move(*c);
        reply = invalidate(at, transport, auth, field, *token, env);
        if (!reply) return reply.take_error();
      }
    }
    if (reply->head.status >= 400) {
      Error e = api_failure(
          fmt::format("invalidating the {}",
                      field == std::string_view("token") ? "access token" : "refresh token"),
          *reply, auth);
      if (Result<std::string> path = token_file_path(env, o.profile); path) {
        e.hints.push_back(
            "give credentials (-u USER), or forget the tokens here without invalidating them: "
            "rm " +
            *path);
      }
      return e;
    }
  }
  if (Result<void> r = delete_tokens(env, o.profile); !r) return r;
  if (!o.silent) {
    report_line(fmt::format("logged out of {} ({}): both tokens invalidated", t.url,
                            profile_words(o.profile)));
  }
  return ok();
}

}  // namespace escurl
