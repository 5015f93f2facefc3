// SPDX-License-Identifier: MIT
// `escurl api-key create|invalidate`: creates an API key and prints only its encoded form on
// stdout (so `export ELASTIC_API_KEY=$(escurl api-key create --name ci)` works), with its id,
// name and expiration on stderr; invalidates keys by id or by name.
#pragma once

#include "credentials.h"
#include "env.h"
#include "error.h"
#include "options.h"
#include "raw_options.h"
#include "transport.h"

namespace escurl {

/// Usage errors for --name, --id, --expiration and --role-descriptors given to a command that
/// does not take them, and for api-key's missing or conflicting ones.
Result<void> check_api_key_flags(const RawOptions& raw, Subcommand subcommand);

/// The create request's body from --name, --expiration and --role-descriptors (inline JSON or
/// @FILE). Usage errors name the flag.
Result<std::string> api_key_create_body(const RawOptions& raw);

/// escurl api-key create.
Result<void> run_api_key_create(const RawOptions& raw, const Options& o,
                                const Credentials& credentials, const TransportOptions& transport,
                                Env& env);

/// escurl api-key invalidate.
Result<void> run_api_key_invalidate(const RawOptions& raw, const Options& o,
                                    const Credentials& credentials,
                                    const TransportOptions& transport, Env& env);

}  // namespace escurl
