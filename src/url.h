// SPDX-License-Identifier: MIT
// URLs: parsing (a URL without a scheme means https), joining a Console-form path to the
// cluster URL, and encoding a request target. User information in a URL is split off so it can
// never be printed: display() leaves it out.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "error.h"
#include "secret.h"

namespace escurl {

/// A parsed absolute URL.
struct Url {
  std::string scheme;  ///< "https" or "http"
  std::string host;    ///< without brackets for IPv6 literals
  int port = 0;
  std::string target = "/";         ///< path and query, always starting with '/'
  std::optional<std::string> user;  ///< percent-decoded user from "user:pass@"
  std::optional<Secret> password;   ///< percent-decoded password from "user:pass@"

  bool is_https() const { return scheme == "https"; }
  /// "host:port", with brackets around IPv6 literals.
  std::string authority() const;
  /// scheme://authority — the origin that credentials are bound to.
  std::string origin() const;
  /// The URL without user information, safe to print.
  std::string display() const;
};

/// The length of the scheme `text` starts with ("https" in "https://h"), or 0 when it does not
/// start with SCHEME "://". A "://" later on (in a path or query) is not a scheme.
std::size_t scheme_length(std::string_view text);

/// Parses a URL; without "scheme://" it is https. Errors are BadUrl with the reason.
Result<Url> parse_url(std::string_view text);

/// Joins a Console-form path ("idx", "/_cat/indices?v") onto the base URL's path.
Url join_path(const Url& base, std::string_view path);

/// Percent-encodes bytes that may not appear in a request target (space, controls, non-ASCII,
/// and "<>\"\\^`{|}"), leaving '%', reserved characters and the query as they are.
std::string encode_target(std::string_view target);

/// True when `host` is an IPv4 or IPv6 literal.
bool is_ip_literal(std::string_view host);

}  // namespace escurl
