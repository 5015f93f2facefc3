// SPDX-License-Identifier: MIT
// Credentials: turns the auth flags (and a URL's user information) into the headers
// Elasticsearch takes — Authorization (Basic, ApiKey, Bearer), es-secondary-authorization,
// es-security-runas-user and ES-Client-Authentication — with the exact bytes Elastic's official
// clients send. Secrets stay inside Secret from the moment they are read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "env.h"
#include "error.h"
#include "raw_options.h"
#include "secret.h"
#include "secret_source.h"
#include "url.h"

namespace escurl {

/// The Authorization schemes escurl produces.
enum class AuthScheme { Basic, ApiKey, Bearer };

/// "Basic", "ApiKey" or "Bearer".
std::string_view scheme_name(AuthScheme scheme);

/// One Authorization-style credential: scheme plus its token (the part after the scheme).
struct AuthHeader {
  AuthScheme scheme;
  Secret token;
  /// "<Scheme> <token>", as sent on the wire.
  Secret header_value() const;
};

/// Everything a request authenticates with.
struct Credentials {
  std::optional<AuthHeader> primary;
  std::string primary_user;  ///< Basic user name, for messages (not a secret)
  std::optional<AuthHeader> secondary;
  std::optional<std::string> run_as;
  std::optional<Secret> client_secret;

  /// True when any credential header will be sent.
  bool any() const { return primary || secondary || run_as || client_secret; }
};

/// Basic: base64 of the UTF-8 bytes "user:password", standard alphabet with padding.
AuthHeader basic_auth(std::string_view user, const Secret& password);

/// ApiKey from any accepted form: the encoded key, "ID:KEY", or the create-API-key JSON (its
/// "encoded" field, or "id" + "api_key"). Usage error naming `flag` when it is none of them.
Result<AuthHeader> api_key_auth(const Secret& input, std::string_view flag);

/// Bearer: the token as given. Usage error when empty.
Result<AuthHeader> bearer_auth(Secret token, std::string_view flag);

/// The default time a credential command may take (RawOptions::command_timeout overrides it).
inline constexpr double kDefaultCommandTimeout = 60;

/// True when option `name` ("api-key") is given: as a reference in `field`, or as a command.
bool option_given(const RawOptions& raw, const std::optional<std::string>& field,
                  std::string_view name);

/// The secret of option `name`: the output of its profile command when it has one, else its
/// reference in `field` (literal, @FILE, @-, env:NAME) read as read_secret does.
Result<Secret> read_option_secret(const RawOptions& raw, const std::optional<std::string>& field,
                                  std::string_view name, Env& env, StdinClaim& stdin_claim);

/// Resolves every auth flag (reading files, stdin, environment, or prompting) into Credentials.
/// `url` supplies user information when no primary flag does.
Result<Credentials> resolve_credentials(const RawOptions& raw, const Url& url, Env& env,
                                        StdinClaim& stdin_claim);

}  // namespace escurl
