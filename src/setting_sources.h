// SPDX-License-Identifier: MIT
// Setting sources: where each setting the flags left unset came from, for `escurl config show`
// and for messages. Keyed by option name (the flag's long name: "url", "api-key"); the value
// reads "env ELASTIC_API_KEY", "profile prod in /home/me/.config/escurl/config.toml" or "netrc".
#pragma once

#include <map>
#include <string>

namespace escurl {

/// Option name → where its value came from, for options not given as flags.
using SettingSources = std::map<std::string, std::string, std::less<>>;

}  // namespace escurl
