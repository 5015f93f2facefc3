// SPDX-License-Identifier: MIT
// --batch: reads the batch file (or stdin), parses it — a syntax error sends nothing — and runs
// it with the request's headers and credentials over the real HTTP transport.
#pragma once

#include "credentials.h"
#include "env.h"
#include "options.h"
#include "request.h"
#include "secret_source.h"
#include "transport.h"

namespace escurl {

/// Reads, parses and runs the batch `o.batch` names; returns the exit code.
int run_batch_command(const Options& o, const Request& base, const Credentials& credentials,
                      const TransportOptions& topts, Env& env, StdinClaim& claim);

}  // namespace escurl
