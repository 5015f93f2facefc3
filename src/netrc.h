// SPDX-License-Identifier: MIT
// .netrc: curl's reading of it — machine/default entries with login and password, macdef
// skipped, tokens split by any whitespace, "quoted tokens" with \n \r \t escapes — and where the
// file is. Errors name the line, never a token's text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "env.h"
#include "error.h"
#include "file_read.h"
#include "secret.h"

namespace escurl {

/// The credentials one .netrc entry holds for a host.
struct NetrcEntry {
  std::string login;  ///< the entry's login, or the requested user when the entry names none
  Secret password;    ///< empty when the entry has no password
};

/// Finds the credentials for `host` (compared case-insensitively, without a port). A `machine`
/// entry for the host wins over `default`; among several, the first in the file wins. With a
/// `user`, only entries whose login is exactly that user (or that name no login) match. Entries
/// with neither login nor password never match. A quoted token without its closing quote is a
/// Usage error naming the line.
Result<std::optional<NetrcEntry>> netrc_lookup(std::string_view contents, std::string_view host,
                                               std::optional<std::string_view> user);

/// How a missing .netrc file is treated (curl's --netrc / --netrc-file vs --netrc-optional).
enum class NetrcMode {
  Required,  ///< a missing or unreadable file is a Usage error
  Optional,  ///< a missing file means no credentials
};

/// Reads the file at `path` (at most kSmallFileLimit bytes; one that is not a regular file may
/// stay silent `wait_seconds`, the connect timeout) and looks `host` up in it; errors name the
/// file (and line).
Result<std::optional<NetrcEntry>> netrc_lookup_file(const std::string& path, NetrcMode mode,
                                                    std::string_view host,
                                                    std::optional<std::string_view> user,
                                                    double wait_seconds = kDefaultFileWait);

/// $NETRC when set and non-empty, else $HOME/.netrc; empty when neither is set.
std::string default_netrc_path(const Env& env);

}  // namespace escurl
