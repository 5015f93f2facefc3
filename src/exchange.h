// SPDX-License-Identifier: MIT
// The exchange of one request: send it (sniffing, retrying, refreshing an expired login as
// asked), stream the response body to the output — re-indented or minified, scanned for failed
// _bulk items — show heads for -v / -i, explain a failed status, and render --write-out.
#pragma once

#include <functional>
#include <optional>

#include "client.h"
#include "credentials.h"
#include "options.h"
#include "request.h"
#include "token_session.h"
#include "transport.h"
#include "write_out.h"

namespace escurl {

/// The client settings (retry, redirects, -v trace) the options ask for.
ClientOptions client_options(const Options& o);

/// Sends one request, prints its response, then its --write-out; returns the exit code.
/// `refresh`, when set, renews a stored login: a 401 saying the access token expired is then
/// held back, and a replayable request is sent once more with the new token.
int send_one(const Options& o, const Request& request, const Credentials& credentials,
             const TransportOptions& topts, bool stdout_tty,
             const std::optional<WriteOutFormat>& write_out,
             const std::function<Result<AuthHeader>()>& refresh);

}  // namespace escurl
