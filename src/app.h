// SPDX-License-Identifier: MIT
// The run of one escurl invocation, as a script of named steps: parse → resolve options →
// resolve credentials → build the request → send → print → exit code. No logic of its own.
#pragma once

#include "env.h"
#include "transport.h"

namespace escurl {

/// Runs escurl with the real HTTP transport; returns the process exit code.
int run(Env& env);

}  // namespace escurl
