// SPDX-License-Identifier: MIT
// Token store: keeps a profile's OAuth2 access and refresh tokens between runs, one JSON file per
// profile under $XDG_STATE_HOME/escurl/ (else ~/.local/state/escurl/), written atomically with
// mode 0600 in a 0700 directory. A file others can read is refused, and so is a directory another
// user owns or group or others can write (config_permissions.h); tokens never reach a message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "env.h"
#include "error.h"
#include "secret.h"

namespace escurl {

/// The tokens kept for one profile.
struct StoredTokens {
  Secret access_token;
  Secret refresh_token;                 ///< empty when the server gave none
  std::int64_t expires_at_epoch_s = 0;  ///< when access_token expires, in Unix seconds
  std::string url;                      ///< the cluster the tokens were issued by
};

/// $XDG_STATE_HOME/escurl (an absolute XDG_STATE_HOME only), else $HOME/.local/state/escurl;
/// a Usage error when neither is set.
Result<std::string> token_store_dir(const Env& env);

/// The file that holds `profile`'s tokens: "<dir>/<profile>.tokens.json", with any byte other
/// than [A-Za-z0-9_.-] (and a leading '.') written %XX. Usage error for an empty profile name.
Result<std::string> token_file_path(const Env& env, std::string_view profile);

/// Writes the tokens atomically: a 0600 temporary file in the same directory, fsync, rename,
/// fsync of the directory. Missing directories are created 0700; a directory another user (not
/// root) owns, or group or others can write, is refused (a Usage error naming the chown or chmod).
Result<void> save_tokens(const Env& env, std::string_view profile, const StoredTokens& tokens);

/// The profile's tokens, or nullopt when none are stored. Usage errors for a file that is not a
/// regular file of ours, is readable or writable by group or others, or does not parse, and for a
/// store directory refused as save_tokens() refuses it.
Result<std::optional<StoredTokens>> load_tokens(const Env& env, std::string_view profile);

/// Removes the profile's tokens; removing what is not there succeeds.
Result<void> delete_tokens(const Env& env, std::string_view profile);

}  // namespace escurl
