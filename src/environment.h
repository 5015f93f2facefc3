// SPDX-License-Identifier: MIT
// The environment layer: the variables Elastic's own tooling uses, filled into the raw options
// wherever no flag gave a value (flag > environment > profile > .netrc > prompt). Credentials
// are taken as a whole from the first layer that gives any, and secrets stay references
// (env:NAME), so their values are read only where they are used.
#pragma once

#include "env.h"
#include "raw_options.h"
#include "setting_sources.h"

namespace escurl {

/// Fills unset cluster URL, credentials and trust settings from the environment, recording in
/// `sources` (when given) which variable filled which option.
void apply_environment(RawOptions& raw, const Env& env, SettingSources* sources = nullptr);

/// True when a primary credential is set (user, API key or bearer, as a value or a command).
bool has_primary_credential(const RawOptions& raw);

}  // namespace escurl
