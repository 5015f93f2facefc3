// SPDX-License-Identifier: MIT
// Request previews that send nothing: --offline prints the request as it would go on the wire,
// and --curl prints the equivalent curl command line. Both take header values only through the
// redaction of redact.h (HeaderField::display_value): a credential prints as "<redacted>" in
// the offline form and as a reference to an environment variable in the curl form, which the
// user sets themselves — the secret itself is never read back out of its Secret.
#pragma once

#include <string>
#include <vector>

#include "credentials.h"
#include "options.h"
#include "request.h"

namespace escurl {

/// Inline bodies up to this size are printed by --offline; larger ones are described.
inline constexpr std::size_t kOfflineBodyLimit = 64 * 1024;

/// The request line, Host, every header (credentials "<redacted>") and the body or a note of
/// where it would be read from.
std::string render_offline(const Request& request);

/// A curl command line and what its user must know to run it.
struct CurlCommand {
  std::string command;  ///< one line, shell-quoted, ending in "\n"
  /// Environment variables the command refers to, each "NAME: what it must hold".
  std::vector<std::string> variables;
  /// Settings curl has no equivalent for.
  std::vector<std::string> warnings;
};

/// Quotes `s` for a POSIX shell (single quotes unless it is plainly safe).
std::string shell_quote(std::string_view s);

/// The equivalent curl command: method, URL, headers (credentials as "$ESCURL_…" references),
/// body, TLS trust and identity, proxy, timeouts, redirects.
CurlCommand render_curl(const Request& request, const Options& options,
                        const Credentials& credentials);

/// --offline or --curl: prints the preview on stdout (and, for --curl, what the user must set
/// on stderr); sends nothing. Returns the exit code.
int run_preview(const Options& options, const Request& request, const Credentials& credentials);

}  // namespace escurl
