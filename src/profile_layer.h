// SPDX-License-Identifier: MIT
// The profile layer: loads the selected profile (config_file.h) and fills every option that the
// flags and the environment left unset (flag > environment > profile > .netrc > prompt).
// Credentials are taken as a whole from one layer: a profile's user, password, API key or bearer
// are ignored when a flag or variable gave any primary credential, and likewise for the
// secondary ones and the trust settings. Secrets stay references; *_command keys become
// RawOptions::secret_commands, run only when the secret is needed.
#pragma once

#include <optional>

#include "config_file.h"
#include "env.h"
#include "error.h"
#include "raw_options.h"
#include "setting_sources.h"

namespace escurl {

/// "profile NAME in FILE", as config show and messages write a profile's settings' source.
std::string profile_source(const Profile& profile);

/// Fills the unset options of `raw` from `profile`, recording each in `sources`.
void apply_profile(RawOptions& raw, const Profile& profile, SettingSources& sources);

/// Loads the profile asked for by raw.profile / raw.config (or ESCURL_PROFILE, ESCURL_CONFIG,
/// default_profile) and applies it; nullopt when no profile is in use.
Result<std::optional<Profile>> load_and_apply_profile(RawOptions& raw, const Env& env,
                                                      SettingSources& sources);

}  // namespace escurl
