// SPDX-License-Identifier: MIT
// `escurl tls inspect [URL]`: connects, completes the TLS handshake, prints the presented chain
// (subject, issuer, validity, names, SHA-256 fingerprint, sha256// SPKI pin) and whether it
// verifies under the given trust options and why not — and sends no HTTP request. The
// trust-on-first-use step, scriptable with --format json.
#pragma once

#include "options.h"

namespace escurl {

/// Runs the inspection and returns the exit code: 0 when the chain verifies, else its error's.
int run_tls_inspect(const Options& options);

}  // namespace escurl
