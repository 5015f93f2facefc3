// SPDX-License-Identifier: MIT
// Credential commands: runs a helper such as `pass show es/prod` without a shell and takes what
// it prints on standard output as a secret. Its output and standard error never reach a
// message; errors name only the program.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "secret.h"

namespace escurl {

/// The most a credential command may print on standard output.
inline constexpr std::size_t kMaxCredentialOutput = 64 * 1024;

/// Runs argv[0] (looked up in PATH when it has no '/') with argv, no shell, standard input from
/// /dev/null and standard error discarded, and no other descriptor of escurl's; the child
/// inherits the process environment, less the variables escurl reads secrets from
/// (ELASTICSEARCH_PASSWORD and the others the flag table names for its secret flags), and the
/// terminal, so a helper can prompt on /dev/tty. Its standard output, less trailing whitespace,
/// is the secret. An empty argv, a program that cannot run, a non-zero exit, death by a signal,
/// empty output, more than kMaxCredentialOutput bytes, or not exiting within `timeout` (the
/// child is then killed and reaped) are Usage errors that start with `what` (e.g.
/// "api_key_command in profile 'prod'") and name argv[0], never the output.
Result<Secret> run_credential_command(const std::vector<std::string>& argv,
                                      std::chrono::milliseconds timeout, std::string_view what);

}  // namespace escurl
