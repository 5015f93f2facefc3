// SPDX-License-Identifier: MIT
// es-sandbox's lifetime: auto-configure security, build the cluster, serve every node, announce
// readiness (banner, ready file), wait for SIGTERM or SIGINT, stop cleanly.
#pragma once

#include "command_line.h"

namespace es_sandbox {

/// Runs the sandbox until SIGTERM/SIGINT; returns the process exit code (0 after a clean stop).
int run_sandbox(const Options& options);

}  // namespace es_sandbox
