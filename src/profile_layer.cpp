// SPDX-License-Identifier: MIT
#include "profile_layer.h"

#include <fmt/format.h>

#include <string_view>

#include "environment.h"

namespace escurl {
namespace {

// Settings taken as a whole: a profile adds nothing to a group a flag or variable already set.
enum class Group { None, Cluster, Primary, Secondary, Trust, ClientCert };

struct TextOption {
  std::string_view option;
  std::optional<std::string> RawOptions::*field;
  Group group;
};

constexpr TextOption kText[] = {
    {"cloud-id", &RawOptions::cloud_id, Group::Cluster},
    {"user", &RawOptions::user, Group::Primary},
    {"password", &RawOptions::password, Group::Primary},
    {"api-key", &RawOptions::api_key, Group::Primary},
    {"bearer", &RawOptions::bearer, Group::Primary},
    {"secondary-user", &RawOptions::secondary_user, Group::Secondary},
    {"secondary-password", &RawOptions::secondary_password, Group::Secondary},
    {"secondary-api-key", &RawOptions::secondary_api_key, Group::Secondary},
    {"secondary-bearer", &RawOptions::secondary_bearer, Group::Secondary},
    {"run-as", &RawOptions::run_as, Group::None},
    {"client-secret", &RawOptions::client_secret, Group::None},
    {"opaque-id", &RawOptions::opaque_id, Group::None},
    {"cacert", &RawOptions::cacert, Group::Trust},
    {"capath", &RawOptions::capath, Group::Trust},
    {"ca-fingerprint", &RawOptions::ca_fingerprint, Group::Trust},
    {"pinnedpubkey", &RawOptions::pinned_pubkey, Group::None},
    {"tls-server-name", &RawOptions::tls_server_name, Group::None},
    {"cert", &RawOptions::cert, Group::ClientCert},
    {"key", &RawOptions::key, Group::ClientCert},
    {"cert-type", &RawOptions::cert_type, Group::ClientCert},
    {"key-password", &RawOptions::key_password, Group::ClientCert},
    {"tls-min", &RawOptions::tls_min, Group::None},
    {"tls-max", &RawOptions::tls_max, Group::None},
};

struct NumberOption {
  std::string_view option;
  std::optional<double> RawOptions::*field;
};

constexpr NumberOption kNumbers[] = {
    {"connect-timeout", &RawOptions::connect_timeout},
    {"max-time", &RawOptions::max_time},
    {"read-timeout", &RawOptions::read_timeout},
    {"retry-delay", &RawOptions::retry_delay},
    {"retry-max-time", &RawOptions::retry_max_time},
    {"command-timeout", &RawOptions::command_timeout},
};

struct SwitchOption {
  std::string_view option;
  bool RawOptions::*field;
  Group group;
};

constexpr SwitchOption kSwitches[] = {
    {"insecure", &RawOptions::insecure, Group::Trust},
    {"compressed", &RawOptions::compressed, Group::None},
    {"complete-indices", &RawOptions::complete_indices, Group::None},
};

// Which groups the flags and the environment already set, before the profile adds anything.
struct GroupsSet {
  bool cluster, primary, secondary, trust, client_cert;
  bool has(Group g) const {
    switch (g) {
      case Group::None:
        return false;
      case Group::Cluster:
        return cluster;
      case Group::Primary:
        return primary;
      case Group::Secondary:
        return secondary;
      case Group::Trust:
        return trust;
      case Group::ClientCert:
        return client_cert;
    }
    return false;
  }
};

GroupsSet groups_set(const RawOptions& raw) {
  return {.cluster = !raw.urls.empty() || raw.cloud_id.has_value(),
          .primary = has_primary_credential(raw),
          .secondary = raw.secondary_user || raw.secondary_password || raw.secondary_api_key ||
                       raw.secondary_bearer,
          .trust = raw.cacert || raw.capath || raw.ca_fingerprint || raw.insecure,
          .client_cert = raw.cert.has_value()};
}

const TextOption* text_option(std::string_view option) {
  for (const TextOption& t : kText) {
    if (t.option == option) return &t;
  }
  return nullptr;
}

// Applies one setting; false when a flag, a variable or its group already decided it.
bool apply_one(RawOptions& raw, const GroupsSet& set, const std::string& option,
               const ProfileSetting& s, const std::string& profile_name) {
  if (option == "url") {
    if (set.cluster) return false;
    raw.urls = std::get<std::vector<std::string>>(s.value);
    return true;
  }
  if (option.ends_with("-command")) {
    const std::string base = option.substr(0, option.size() - std::string_view("-command").size());
    const TextOption* t = text_option(base);
    if (!t || set.has(t->group) || raw.*(t->field) || raw.secret_commands.contains(base)) {
      return false;
    }
    raw.secret_commands[base] =
        SecretCommand{std::get<std::vector<std::string>>(s.value),
                      fmt::format("{} in profile '{}'", s.key, profile_name)};
    return true;
  }
  if (const TextOption* t = text_option(option)) {
    std::optional<std::string>& field = raw.*(t->field);
    if (set.has(t->group) || field || raw.secret_commands.contains(option)) return false;
    if (const auto* text = std::get_if<std::string>(&s.value)) field = *text;
    if (const auto* secret = std::get_if<Secret>(&s.value)) field = secret->reveal();
    return true;
  }
  for (const NumberOption& n : kNumbers) {
    if (n.option != option || raw.*(n.field)) continue;
    raw.*(n.field) = std::get<double>(s.value);
    return true;
  }
  if (option == "retry" && !raw.retry) {
    raw.retry = static_cast<int>(std::get<double>(s.value));
    return true;
  }
  for (const SwitchOption& w : kSwitches) {
    if (w.option != option || set.has(w.group) || raw.*(w.field)) continue;
    raw.*(w.field) = std::get<bool>(s.value);
    return raw.*(w.field);
  }
  return false;
}

}  // namespace

std::string profile_source(const Profile& profile) {
  return fmt::format("profile {} in {}", profile.name, profile.path);
}

void apply_profile(RawOptions& raw, const Profile& profile, SettingSources& sources) {
  const GroupsSet set = groups_set(raw);
  for (const auto& [option, setting] : profile.settings) {
    if (!apply_one(raw, set, option, setting, profile.name)) continue;
    sources[option] = profile_source(profile);
    if (option.ends_with("-command")) {
      // config show lists the secret itself, with the key that gives it.
      sources[option.substr(0, option.size() - std::string_view("-command").size())] =
          fmt::format("{} ({})", profile_source(profile), setting.key);
    }
  }
}

Result<std::optional<Profile>> load_and_apply_profile(RawOptions& raw, const Env& env,
                                                      SettingSources& sources) {
  Result<std::optional<Profile>> profile = load_profile(env, raw.config, raw.profile);
  if (!profile) return profile.take_error();
  if (*profile) apply_profile(raw, **profile, sources);
  return profile;
}

}  // namespace escurl
