// SPDX-License-Identifier: MIT
// `escurl login` and `escurl logout`: the token service. Login exchanges a user's password for
// an access and a refresh token (POST /_security/oauth2/token, password grant) and stores them
// for the profile (token_store.h); later requests of that profile send the access token.
// Logout invalidates both tokens (DELETE /_security/oauth2/token) and deletes them.
#pragma once

#include <functional>

#include "credentials.h"
#include "env.h"
#include "error.h"
#include "options.h"
#include "raw_options.h"
#include "transport.h"

namespace escurl {

/// For `escurl login` without any user: asks for the user name on the terminal (no echo, as
/// every prompt) and sets raw.user. Usage error without a terminal.
Result<void> ask_login_user(RawOptions& raw, Env& env);

/// Logs in with the Basic credentials in `credentials` and stores the tokens for o.profile.
/// One line on stderr says who logged in where; stdout stays empty.
Result<void> run_login(const Options& o, const Credentials& credentials,
                       const TransportOptions& transport, Env& env);

/// Invalidates the stored tokens of o.profile, authenticated by the access token (or, once it
/// has expired, by `base()`: the credentials the layers give), then deletes them. Nothing
/// stored is not an error.
Result<void> run_logout(const Options& o, const TransportOptions& transport,
                        const std::function<Result<Credentials>()>& base, Env& env);

}  // namespace escurl
