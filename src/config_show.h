// SPDX-License-Identifier: MIT
// `escurl config show` and `escurl config profiles`. Show prints every effective setting with
// its source — "flag --NAME", "env VAR", "profile NAME in FILE", "netrc FILE", "token store
// FILE" or "default" — and never a secret: those read <redacted>. Profiles prints the config
// file's profile names, one per line, for completion scripts.
#pragma once

#include <optional>
#include <string>

#include "config_file.h"
#include "env.h"
#include "error.h"
#include "options.h"
#include "raw_options.h"
#include "setting_sources.h"

namespace escurl {

/// Everything config show reads.
struct ConfigShowInput {
  const RawOptions& flags;  ///< the command line alone, before the environment
  const RawOptions& raw;    ///< after the environment and the profile
  const SettingSources& sources;
  const Options& options;  ///< resolved, for the defaults
  const std::optional<Profile>& profile;
  bool outer_primary = false;  ///< a flag or variable gave the primary credential
};

/// The text (or, with --format json, the JSON object) config show prints.
Result<std::string> render_config_show(const ConfigShowInput& in, const Env& env);

/// Prints render_config_show on stdout.
Result<void> run_config_show(const ConfigShowInput& in, const Env& env);

/// Prints the profile names of the config file (--config, ESCURL_CONFIG or the default one).
Result<void> run_config_profiles(const RawOptions& raw, const Env& env);

}  // namespace escurl
