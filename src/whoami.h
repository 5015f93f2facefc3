// SPDX-License-Identifier: MIT
// `escurl whoami`: GET /_security/_authenticate summarised in human-readable lines on stdout —
// user, realm, roles, authentication type, API key name and id, the run-as user, and the
// secondary user when secondary credentials are given.
#pragma once

#include <string>

#include "credentials.h"
#include "env.h"
#include "error.h"
#include "options.h"
#include "transport.h"

namespace escurl {

/// The summary of an _authenticate body: "user: …\nrealm: …\n…". `run_as` says a run-as
/// header was sent (the body then names the user run as). Usage error when not JSON.
Result<std::string> summarize_authenticate(std::string_view body, bool run_as);

/// Runs whoami and prints the summary; the secondary user comes from a second _authenticate
/// call that presents the secondary credential as the primary one.
Result<void> run_whoami(const Options& o, const Credentials& credentials,
                        const TransportOptions& transport, Env& env);

}  // namespace escurl
