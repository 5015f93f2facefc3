// SPDX-License-Identifier: MIT
#include "config_show.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <nlohmann/json.hpp>

#include "credentials.h"
#include "environment.h"
#include "flags.h"
#include "netrc.h"
#include "output.h"
#include "profile_layer.h"
#include "token_session.h"
#include "token_store.h"

namespace escurl {
namespace {

using Text = std::optional<std::string>;

// One setting: how to read it from the options, and its value when nothing set it.
struct Row {
  std::string_view option;
  std::function<Text(const RawOptions&)> value;
  std::function<std::string(const Options&)> fallback = [](const Options&) { return "(none)"; };
};

std::string seconds(double s) { return fmt::format("{:g}", s); }

template <std::optional<std::string> RawOptions::*F>
Text text(const RawOptions& r) {
  return r.*F;
}

template <std::optional<double> RawOptions::*F>
Text number(const RawOptions& r) {
  return r.*F ? Text(seconds(*(r.*F))) : std::nullopt;
}

template <bool RawOptions::*F>
Text on(const RawOptions& r) {
  return r.*F ? Text("true") : std::nullopt;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

std::vector<Row> rows() {
  using R = RawOptions;
  return {
      {"url", [](const R& r) { return r.urls.empty() ? Text() : Text(join(r.urls)); },
       [](const Options& o) {
         std::vector<std::string> urls;
         for (const Url& u : o.nodes) urls.push_back(u.display());
         return urls.empty() ? o.url.display() : join(urls);
       }},
      {"cloud-id", text<&R::cloud_id>},
      {"user", text<&R::user>},
      {"password", text<&R::password>},
      {"api-key", text<&R::api_key>},
      {"bearer", text<&R::bearer>},
      {"secondary-user", text<&R::secondary_user>},
      {"secondary-password", text<&R::secondary_password>},
      {"secondary-api-key", text<&R::secondary_api_key>},
      {"secondary-bearer", text<&R::secondary_bearer>},
      {"run-as", text<&R::run_as>},
      {"client-secret", text<&R::client_secret>},
      {"opaque-id", text<&R::opaque_id>},
      {"cacert", text<&R::cacert>},
      {"capath", text<&R::capath>},
      {"ca-fingerprint", text<&R::ca_fingerprint>},
      {"pinnedpubkey", text<&R::pinned_pubkey>},
      {"tls-server-name", text<&R::tls_server_name>},
      {"insecure", on<&R::insecure>, [](const Options&) { return "false"; }},
      {"cert", text<&R::cert>},
      {"key", text<&R::key>},
      {"cert-type", text<&R::cert_type>},
      {"key-password", text<&R::key_password>},
      {"tls-min", text<&R::tls_min>, [](const Options&) { return "1.2"; }},
      {"tls-max", text<&R::tls_max>},
      {"connect-timeout", number<&R::connect_timeout>,
       [](const Options& o) { return seconds(o.connect_timeout); }},
      {"read-timeout", number<&R::read_timeout>,
       [](const Options& o) { return seconds(o.read_timeout); }},
      {"max-time", number<&R::max_time>},
      {"retry", [](const R& r) { return r.retry ? Text(std::to_string(*r.retry)) : Text(); },
       [](const Options& o) { return std::to_string(o.retry.max_retries); }},
      {"retry-delay", number<&R::retry_delay>, [](const Options&) { return "(backoff)"; }},
      {"retry-max-time", number<&R::retry_max_time>,
       [](const Options& o) { return seconds(o.retry.max_time); }},
      {"compressed", on<&R::compressed>, [](const Options&) { return "false"; }},
      {"command-timeout", number<&R::command_timeout>, [](const Options&) { return seconds(60); }},
      {"complete-indices", on<&R::complete_indices>, [](const Options&) { return "false"; }},
  };
}

bool is_secret_option(std::string_view option) {
  const FlagSpec* f = find_flag(option);
  return f && f->secret;
}

// "https://u:<redacted>@h" for each URL of a comma-separated list that holds a password.
std::string redact_url_passwords(std::string_view list) {
  std::string out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string one(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    const std::size_t scheme = one.find("://");
    const std::size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const std::size_t end = std::min(one.find_first_of("/?#", start), one.size());
    const std::size_t at = one.rfind('@', end);
    const std::size_t colon = one.find(':', start);
    if (at != std::string::npos && at >= start && colon < at) {
      one.replace(colon + 1, at - colon - 1, kRedacted);
    }
    out += (out.empty() ? "" : ",") + one;
  }
  return out;
}

// A secret's value as shown: <redacted>, and for USER:PASSWORD the user name before it.
std::string shown(std::string_view option, const std::string& value) {
  if (option == "url") return redact_url_passwords(value);
  if (option == "user" || option == "secondary-user") {
    const std::size_t colon = value.find(':');
    return colon == std::string::npos ? value
                                      : fmt::format("{}:{}", value.substr(0, colon), kRedacted);
  }
  return is_secret_option(option) ? std::string(kRedacted) : value;
}

struct Shown {
  std::string option, value, source;
};

Shown show_row(const Row& row, const ConfigShowInput& in) {
  const Text given = row.value(in.flags);
  if (given)
    return {std::string(row.option), shown(row.option, *given),
            fmt::format("flag --{}", row.option)};
  const auto src = in.sources.find(row.option);
  if (const Text v = row.value(in.raw)) {
    return {std::string(row.option), shown(row.option, *v),
            src == in.sources.end() ? "?" : src->second};
  }
  if (const auto cmd = in.raw.secret_commands.find(row.option);
      cmd != in.raw.secret_commands.end()) {
    return {std::string(row.option),
            fmt::format("{} (from the command {})", kRedacted, cmd->second.argv.front()),
            src == in.sources.end() ? "?" : src->second};
  }
  return {std::string(row.option), row.fallback(in.options), "default"};
}

// The .netrc entry for the cluster's host, when .netrc is asked for; `user` narrows it.
std::optional<NetrcEntry> netrc_entry(const RawOptions& r, const ConfigShowInput& in,
                                      const Env& env, std::optional<std::string_view> user,
                                      std::string& path) {
  if (!r.netrc && !r.netrc_optional && !r.netrc_file) return std::nullopt;
  path = r.netrc_file.value_or(default_netrc_path(env));
  Result<std::optional<NetrcEntry>> entry =
      netrc_lookup_file(path, NetrcMode::Optional, in.options.url.host, user);
  return entry ? std::move(*entry) : std::nullopt;
}

// The layers below the profile: .netrc gives the user and password when nothing else gave a
// credential, or the password of a user given without one; else the password is prompted for.
std::vector<Shown> lower_layer_rows(const ConfigShowInput& in, const Env& env) {
  const RawOptions& r = in.raw;
  std::string path;
  if (!has_primary_credential(r)) {
    if (std::optional<NetrcEntry> e = netrc_entry(r, in, env, std::nullopt, path)) {
      return {{"user", e->login, "netrc " + path},
              {"password", std::string(kRedacted), "netrc " + path}};
    }
    return {};
  }
  if (!r.user || r.user->find(':') != std::string::npos ||
      option_given(r, r.password, "password")) {
    return {};
  }
  if (netrc_entry(r, in, env, *r.user, path)) {
    return {{"password", std::string(kRedacted), "netrc " + path}};
  }
  return {{"password", "(asked for on the terminal)", "prompt"}};
}

std::string utc(std::int64_t epoch_s) {
  const std::time_t t = static_cast<std::time_t>(epoch_s);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<Shown> login_row(const ConfigShowInput& in, const Env& env) {
  Result<std::optional<StoredTokens>> t = load_tokens(env, in.options.profile);
  Result<std::string> path = token_file_path(env, in.options.profile);
  if (!t || !*t || !path) return std::nullopt;
  std::string value;
  if (in.outer_primary) {
    value = "stored tokens, not used: a flag or variable gives credentials";
  } else if ((*t)->url != cluster_origin(in.options)) {
    value = fmt::format("stored tokens for {}, not used: another cluster", (*t)->url);
  } else {
    value = fmt::format("bearer {} (the access token expires {})", kRedacted,
                        utc((*t)->expires_at_epoch_s));
  }
  return Shown{"login", value, "token store " + *path};
}

std::string profile_value(const ConfigShowInput& in) {
  if (!in.profile) return "(none)";
  return in.profile->name;
}

std::string profile_source_text(const ConfigShowInput& in) {
  if (!in.profile) return "default";
  if (in.profile->selected_by == "--profile") return "flag --profile";
  if (in.profile->selected_by == "ESCURL_PROFILE") return "env ESCURL_PROFILE";
  return fmt::format("default_profile in {}", in.profile->path);
}

}  // namespace

Result<std::string> render_config_show(const ConfigShowInput& in, const Env& env) {
  std::vector<Shown> shown_rows;
  shown_rows.push_back({"profile", profile_value(in), profile_source_text(in)});
  if (const std::optional<ConfigLocation> loc = config_location(env, in.raw.config)) {
    shown_rows.push_back({"config", loc->path,
                          loc->origin == "--config"        ? "flag --config"
                          : loc->origin == "ESCURL_CONFIG" ? "env ESCURL_CONFIG"
                                                           : "default"});
  }
  const std::vector<Shown> netrc = lower_layer_rows(in, env);
  for (const Row& row : rows()) {
    Shown s = show_row(row, in);
    for (const Shown& n : netrc) {
      if (n.option == s.option) s = n;
    }
    shown_rows.push_back(std::move(s));
  }
  if (std::optional<Shown> login = login_row(in, env)) shown_rows.push_back(std::move(*login));
  if (in.options.json_format) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (const Shown& s : shown_rows) j[s.option] = {{"value", s.value}, {"source", s.source}};
    return j.dump(2) + "\n";
  }
  // Columns as wide as their longest entry, so every source lines up.
  std::size_t name_width = 0;
  std::size_t value_width = 0;
  for (const Shown& s : shown_rows) {
    name_width = std::max(name_width, s.option.size());
    value_width = std::max(value_width, s.value.size());
  }
  std::string out;
  for (const Shown& s : shown_rows) {
    out +=
        fmt::format("{:<{}}  {:<{}}  {}\n", s.option, name_width, s.value, value_width, s.source);
  }
  return out;
}

Result<void> run_config_show(const ConfigShowInput& in, const Env& env) {
  Result<std::string> text = render_config_show(in, env);
  if (!text) return text.take_error();
  if (!write_all(1, text->data(), text->size())) {
    return make_error(Errc::WriteOutput, "cannot write to standard output");
  }
  return ok();
}

Result<void> run_config_profiles(const RawOptions& raw, const Env& env) {
  std::string out;
  for (const std::string& name : profile_names(env, raw.config)) out += name + "\n";
  if (!write_all(1, out.data(), out.size())) {
    return make_error(Errc::WriteOutput, "cannot write to standard output");
  }
  return ok();
}

}  // namespace escurl
