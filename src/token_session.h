// SPDX-License-Identifier: MIT
// Token session: a profile's stored login (token_store.h) in use for one run. Requests of that
// profile send its access token as Bearer. The token is refreshed once (grant refresh_token,
// single use, the new pair saved) when it has expired by our clock or when the cluster answers
// 401 with the challenge `Bearer … error="invalid_token", error_description="The access token
// expired"`. Elasticsearch authenticates the refresh call itself: with the other credentials
// the layers give (flag, environment, profile, .netrc) when there are any, else with the access
// token while it is still valid.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "api_call.h"
#include "credentials.h"
#include "env.h"
#include "error.h"
#include "options.h"
#include "request.h"
#include "response.h"
#include "token_store.h"
#include "transport.h"

namespace escurl {

/// How long before its expiry an access token is refreshed rather than sent.
inline constexpr std::int64_t kRefreshAheadSeconds = 10;

/// True for the 401 whose WWW-Authenticate says the access token expired.
bool is_expired_token_challenge(const ResponseHead& head);

/// The tokens of a successful oauth2/token reply, issued by `cluster` at `now_epoch_s`.
Result<StoredTokens> tokens_from_reply(const ApiReply& reply, const std::string& cluster,
                                       std::int64_t now_epoch_s);

/// The Authorization header that sends `tokens`' access token.
AuthHeader bearer_of(const StoredTokens& tokens);

/// A stored login in use.
class TokenSession {
 public:
  /// The stored tokens of `profile` when they were issued by `cluster` (an origin); nullopt
  /// when there are none, or they belong to another cluster.
  static Result<std::optional<TokenSession>> open(const Env& env, std::string profile,
                                                  const std::string& cluster);

  const StoredTokens& tokens() const { return tokens_; }
  const std::string& profile() const { return profile_; }
  /// True when the access token expires within kRefreshAheadSeconds of `now_epoch_s`.
  bool due(std::int64_t now_epoch_s) const;
  /// Refreshes and saves the tokens. `base` authenticates the call when it has a primary
  /// credential; otherwise the access token does. Errors say to run `escurl login` again.
  Result<void> refresh(const Options& o, const TransportOptions& transport, const Credentials& base,
                       Env& env);

 private:
  TokenSession(std::string profile, StoredTokens tokens)
      : profile_(std::move(profile)), tokens_(std::move(tokens)) {}
  std::string profile_;
  StoredTokens tokens_;
};

/// Holds back a 401 that says the access token expired, so the request can be replayed after a
/// refresh without the 401 reaching the output; passes everything else through.
class ExpiredTokenGate : public ResponseSink {
 public:
  explicit ExpiredTokenGate(ResponseSink& inner) : inner_(inner) {}
  bool on_head(const ResponseHead& head) override;
  bool on_body(const char* data, std::size_t size) override;
  void on_idle() override {
    if (!held_) inner_.on_idle();
  }
  /// True when the last response was the expired-token 401 and was held back.
  bool held() const { return held_; }

 private:
  ResponseSink& inner_;
  bool held_ = false;
};

/// The origin a stored login must come from: the first cluster node's, or the full URL's.
std::string cluster_origin(const Options& o);

/// Seconds since the Unix epoch.
std::int64_t now_epoch_seconds();

/// Replaces the request's Authorization header with `auth` (adds one when there is none).
void replace_authorization(Request& request, const AuthHeader& auth);

/// A request's credentials when a stored login may stand in for the primary one.
struct SessionCredentials {
  Credentials credentials;
  std::optional<TokenSession> session;  ///< set when the stored login is used
  /// Resolves the credentials the layers would give without the login (for a refresh).
  std::function<Result<Credentials>()> base;
  /// With a session: refreshes it and returns the new bearer (for exchange's replay); else
  /// an empty function. The arguments must outlive it.
  std::function<Result<AuthHeader>()> refresher(const Options& o, const TransportOptions& transport,
                                                Env& env);
};

/// Resolves the credentials of a request. When no flag or variable gave a primary credential
/// (`outer_primary` false) and the profile has a stored login for this cluster, its access
/// token is the primary credential (refreshed first when due) and the profile's own user,
/// password or key are not read; otherwise resolve_credentials as usual.
Result<SessionCredentials> resolve_session_credentials(const RawOptions& raw, bool outer_primary,
                                                       const Options& o,
                                                       const TransportOptions& transport, Env& env,
                                                       StdinClaim& stdin_claim);

}  // namespace escurl
