// SPDX-License-Identifier: MIT
// Secret references: every secret flag takes a literal, @FILE (one trailing newline trimmed),
// @- (standard input) or env:NAME, so secrets can stay out of argv and shell history.
// Errors name the flag and the source, never the secret.
#pragma once

#include <string>
#include <string_view>

#include "env.h"
#include "error.h"
#include "secret.h"

namespace escurl {

/// Which kind of source a reference names.
enum class SecretSourceKind { Literal, File, Stdin, EnvVar };

/// Classifies a reference without reading anything.
SecretSourceKind secret_source_kind(std::string_view ref);

/// Tracks who has claimed standard input, since it can be read only once.
struct StdinClaim {
  std::string claimed_by;  ///< the flag that reads stdin, empty when unclaimed
  /// Claims stdin for `flag`; a Usage error naming both flags when already claimed.
  Result<void> claim(std::string_view flag);
};

/// Resolves a reference given to `flag` into the secret. Unreadable sources are Usage errors; a
/// @FILE may hold at most kSmallFileLimit bytes and, when it is not a regular file (a FIFO),
/// stay silent at most env.file_wait seconds.
Result<Secret> read_secret(std::string_view ref, std::string_view flag, Env& env,
                           StdinClaim& stdin_claim);

/// Removes one trailing "\n" or "\r\n".
void trim_one_newline(std::string& s);

}  // namespace escurl
