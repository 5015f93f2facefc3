// SPDX-License-Identifier: MIT
#include "credentials.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base64.h"
#include "credential_command.h"
#include "netrc.h"

namespace escurl {
namespace {

// The password for a Basic credential: after the first colon of USER[:PASSWORD], else from
// --password, else from the terminal.
struct UserPassword {
  std::string user;
  std::optional<Secret> password;
};

UserPassword split_user(std::string_view value) {
  const std::size_t colon = value.find(':');
  if (colon == std::string_view::npos) return {std::string(value), std::nullopt};
  return {std::string(value.substr(0, colon)), Secret(std::string(value.substr(colon + 1)))};
}

// The password comes from option `password_option` ("password"), its field or its command.
Result<AuthHeader> basic_from(std::string_view user_flag, std::string_view user_value,
                              const RawOptions& raw, const std::optional<std::string>& password_ref,
                              std::string_view password_option, Env& env, StdinClaim& claim,
                              std::string& user_out) {
  const std::string password_flag = fmt::format("--{}", password_option);
  UserPassword up = split_user(user_value);
  if (up.user.empty()) {
    return make_error(Errc::Usage, fmt::format("{} has an empty user name", user_flag));
  }
  const bool password_given = option_given(raw, password_ref, password_option);
  if (up.password && password_given) {
    return make_error(
        Errc::Usage, fmt::format("{} already holds a password; drop {}", user_flag, password_flag));
  }
  if (password_given) {
    Result<Secret> pw = read_option_secret(raw, password_ref, password_option, env, claim);
    if (!pw) return pw.take_error();
    up.password = std::move(*pw);
  }
  if (!up.password) {
    Result<Secret> pw = env.prompt_secret(fmt::format("Enter password for user '{}': ", up.user));
    if (!pw) {
      return make_error(Errc::Usage,
                        fmt::format("{} {} has no password, and there is no terminal to ask for it",
                                    user_flag, up.user),
                        {fmt::format("give it with {} @FILE, {} env:NAME or {} @-", password_flag,
                                     password_flag, password_flag)});
    }
    up.password = std::move(*pw);
  }
  user_out = up.user;
  return basic_auth(up.user, *up.password);
}

Result<AuthHeader> api_key_from_json(const Secret& input, std::string_view flag) {
  // Parse without exceptions, and never echo the text: it holds the key.
  const nlohmann::json doc = nlohmann::json::parse(input.reveal(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return make_error(Errc::Usage, fmt::format("{}: the value starts with '{{' but is not a JSON "
                                               "object",
                                               flag));
  }
  if (const auto it = doc.find("encoded"); it != doc.end() && it->is_string()) {
    return AuthHeader{AuthScheme::ApiKey, Secret(it->get<std::string>())};
  }
  const auto id = doc.find("id");
  const auto key = doc.find("api_key");
  if (id != doc.end() && key != doc.end() && id->is_string() && key->is_string()) {
    std::string joined = id->get<std::string>() + ":" + key->get<std::string>();
    AuthHeader h{AuthScheme::ApiKey, Secret(base64_encode(joined))};
    secure_wipe(joined);
    return h;
  }
  return make_error(
      Errc::Usage,
      fmt::format("{}: the JSON has neither \"encoded\" nor \"id\" and \"api_key\"", flag),
      {"pass the whole response of POST /_security/api_key, or ID:KEY"});
}

struct Scheme {
  std::string_view flag;
  bool given;
};

Result<void> at_most_one(std::initializer_list<Scheme> schemes, std::string_view what) {
  std::vector<std::string_view> given;
  for (const Scheme& s : schemes) {
    if (s.given) given.push_back(s.flag);
  }
  if (given.size() <= 1) return ok();
  return make_error(Errc::Usage, fmt::format("{} and {} are both {} credentials; give one",
                                             given[0], given[1], what));
}

// The .netrc entry for the URL's host, when --netrc, --netrc-optional or --netrc-file asks.
Result<std::optional<NetrcEntry>> netrc_for(const RawOptions& raw, const Url& url, const Env& env,
                                            std::optional<std::string_view> user) {
  if (!raw.netrc && !raw.netrc_optional && !raw.netrc_file) return std::optional<NetrcEntry>();
  const std::string path = raw.netrc_file.value_or(default_netrc_path(env));
  const NetrcMode mode = raw.netrc_optional && !raw.netrc && !raw.netrc_file ? NetrcMode::Optional
                                                                             : NetrcMode::Required;
  return netrc_lookup_file(path, mode, url.host, user, env.file_wait);
}

Result<std::optional<AuthHeader>> resolve_primary(const RawOptions& raw, const Url& url, Env& env,
                                                  StdinClaim& claim, std::string& user_out) {
  if (option_given(raw, raw.password, "password") && !raw.user && !url.user) {
    return make_error(Errc::Usage, "--password needs --user");
  }
  if (raw.user && raw.user->find(':') == std::string::npos &&
      !option_given(raw, raw.password, "password")) {
    // -u USER without a password: .netrc may hold that user's, before anyone is prompted.
    Result<std::optional<NetrcEntry>> entry = netrc_for(raw, url, env, *raw.user);
    if (!entry) return entry.take_error();
    if (*entry) {
      user_out = *raw.user;
      return std::optional<AuthHeader>(basic_auth(*raw.user, (*entry)->password));
    }
  }
  if (raw.user) {
    Result<AuthHeader> h =
        basic_from("--user", *raw.user, raw, raw.password, "password", env, claim, user_out);
    if (!h) return h.take_error();
    return std::optional<AuthHeader>(std::move(*h));
  }
  if (option_given(raw, raw.api_key, "api-key")) {
    Result<Secret> s = read_option_secret(raw, raw.api_key, "api-key", env, claim);
    if (!s) return s.take_error();
    Result<AuthHeader> h = api_key_auth(*s, "--api-key");
    if (!h) return h.take_error();
    return std::optional<AuthHeader>(std::move(*h));
  }
  if (option_given(raw, raw.bearer, "bearer")) {
    Result<Secret> s = read_option_secret(raw, raw.bearer, "bearer", env, claim);
    if (!s) return s.take_error();
    Result<AuthHeader> h = bearer_auth(std::move(*s), "--bearer");
    if (!h) return h.take_error();
    return std::optional<AuthHeader>(std::move(*h));
  }
  if (url.user) {
    // User information in the URL counts as --user, below every explicit flag.
    std::string value = *url.user;
    if (url.password) value += ":" + url.password->reveal();
    Result<AuthHeader> h =
        basic_from("the URL's user", value, raw, raw.password, "password", env, claim, user_out);
    secure_wipe(value);
    if (!h) return h.take_error();
    return std::optional<AuthHeader>(std::move(*h));
  }
  Result<std::optional<NetrcEntry>> entry = netrc_for(raw, url, env, std::nullopt);
  if (!entry) return entry.take_error();
  if (*entry) {
    user_out = (*entry)->login;
    return std::optional<AuthHeader>(basic_auth((*entry)->login, (*entry)->password));
  }
  return std::optional<AuthHeader>();
}

Result<std::optional<AuthHeader>> resolve_secondary(const RawOptions& raw, Env& env,
                                                    StdinClaim& claim) {
  if (option_given(raw, raw.secondary_password, "secondary-password") && !raw.secondary_user) {
    return make_error(Errc::Usage, "--secondary-password needs --secondary-user");
  }
  if (raw.secondary_user) {
    std::string ignored;
    Result<AuthHeader> h =
        basic_from("--secondary-user", *raw.secondary_user, raw, raw.secondary_password,
                   "secondary-password", env, claim, ignored);
    if (!h) return h.take_error();
    return std::optional<AuthHeader>(std::move(*h));
  }
  if (option_given(raw, raw.secondary_api_key, "secondary-api-key")) {
    Result<Secret> s =
        read_option_secret(raw, raw.secondary_api_key, "secondary-api-key", env, claim);
    if (!s) return s.take_error();
    Result<AuthHeader> h = api_key_auth(*s, "--secondary-api-key");
    if (!h) return h.take_error();
    return std::optional<AuthHeader>(std::move(*h));
  }
  if (option_given(raw, raw.secondary_bearer, "secondary-bearer")) {
    Result<Secret> s =
        read_option_secret(raw, raw.secondary_bearer, "secondary-bearer", env, claim);
    if (!s) return s.take_error();
    Result<AuthHeader> h = bearer_auth(std::move(*s), "--secondary-bearer");
    if (!h) return h.take_error();
    return std::optional<AuthHeader>(std::move(*h));
  }
  return std::optional<AuthHeader>();
}

}  // namespace

bool option_given(const RawOptions& raw, const std::optional<std::string>& field,
                  std::string_view name) {
  return field.has_value() || raw.secret_commands.contains(name);
}

Result<Secret> read_option_secret(const RawOptions& raw, const std::optional<std::string>& field,
                                  std::string_view name, Env& env, StdinClaim& stdin_claim) {
  if (const auto it = raw.secret_commands.find(name); it != raw.secret_commands.end()) {
    const auto timeout =
        std::chrono::duration<double>(raw.command_timeout.value_or(kDefaultCommandTimeout));
    return run_credential_command(it->second.argv,
                                  std::chrono::duration_cast<std::chrono::milliseconds>(timeout),
                                  it->second.what);
  }
  return read_secret(*field, fmt::format("--{}", name), env, stdin_claim);
}

std::string_view scheme_name(AuthScheme scheme) {
  switch (scheme) {
    case AuthScheme::Basic:
      return "Basic";
    case AuthScheme::ApiKey:
      return "ApiKey";
    case AuthScheme::Bearer:
      return "Bearer";
  }
  return "Basic";
}

Secret AuthHeader::header_value() const {
  return Secret(fmt::format("{} {}", scheme_name(scheme), token.reveal()));
}

AuthHeader basic_auth(std::string_view user, const Secret& password) {
  std::string joined = fmt::format("{}:{}", user, password.reveal());
  AuthHeader h{AuthScheme::Basic, Secret(base64_encode(joined))};
  secure_wipe(joined);
  return h;
}

Result<AuthHeader> api_key_auth(const Secret& input, std::string_view flag) {
  const std::string& v = input.reveal();
  if (v.empty()) return make_error(Errc::Usage, fmt::format("{} is empty", flag));
  if (v.front() == '{') return api_key_from_json(input, flag);
  if (v.find(':') != std::string::npos) {
    // ID:KEY — encoded here exactly as the create-API-key API's "encoded" field.
    return AuthHeader{AuthScheme::ApiKey, Secret(base64_encode(v))};
  }
  if (!base64_decode(v)) {
    return make_error(
        Errc::Usage,
        fmt::format("{} is neither an encoded API key (base64), ID:KEY, nor JSON", flag),
        {"use the \"encoded\" value of POST /_security/api_key"});
  }
  return AuthHeader{AuthScheme::ApiKey, input};
}

Result<AuthHeader> bearer_auth(Secret token, std::string_view flag) {
  if (token.empty()) return make_error(Errc::Usage, fmt::format("{} is empty", flag));
  return AuthHeader{AuthScheme::Bearer, std::move(token)};
}

Result<Credentials> resolve_credentials(const RawOptions& raw, const Url& url, Env& env,
                                        StdinClaim& stdin_claim) {
  if (Result<void> r = at_most_one({{"--user", raw.user.has_value()},
                                    {"--api-key", option_given(raw, raw.api_key, "api-key")},
                                    {"--bearer", option_given(raw, raw.bearer, "bearer")}},
                                   "primary");
      !r) {
    return r.take_error();
  }
  if (Result<void> r = at_most_one(
          {{"--secondary-user", raw.secondary_user.has_value()},
           {"--secondary-api-key", option_given(raw, raw.secondary_api_key, "secondary-api-key")},
           {"--secondary-bearer", option_given(raw, raw.secondary_bearer, "secondary-bearer")}},
          "secondary");
      !r) {
    return r.take_error();
  }
  Credentials c;
  Result<std::optional<AuthHeader>> primary =
      resolve_primary(raw, url, env, stdin_claim, c.primary_user);
  if (!primary) return primary.take_error();
  c.primary = std::move(*primary);
  Result<std::optional<AuthHeader>> secondary = resolve_secondary(raw, env, stdin_claim);
  if (!secondary) return secondary.take_error();
  c.secondary = std::move(*secondary);
  if (raw.run_as) {
    if (raw.run_as->empty()) return make_error(Errc::Usage, "--run-as is empty");
    c.run_as = *raw.run_as;
  }
  if (option_given(raw, raw.client_secret, "client-secret")) {
    Result<Secret> s =
        read_option_secret(raw, raw.client_secret, "client-secret", env, stdin_claim);
    if (!s) return s.take_error();
    if (s->empty()) return make_error(Errc::Usage, "--client-secret is empty");
    c.client_secret = std::move(*s);
  }
  return c;
}

}  // namespace escurl
