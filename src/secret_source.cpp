// SPDX-License-Identifier: MIT
#include "secret_source.h"

#include <fmt/format.h>

#include "file_read.h"

namespace escurl {

SecretSourceKind secret_source_kind(std::string_view ref) {
  if (ref == "@-") return SecretSourceKind::Stdin;
  if (ref.starts_with("@")) return SecretSourceKind::File;
  if (ref.starts_with("env:")) return SecretSourceKind::EnvVar;
  return SecretSourceKind::Literal;
}

Result<void> StdinClaim::claim(std::string_view flag) {
  if (!claimed_by.empty()) {
    return make_error(Errc::Usage,
                      fmt::format("{} and {} both read standard input", claimed_by, flag),
                      {"standard input can feed only one of them: give the other as @FILE "
                       "or env:NAME"});
  }
  claimed_by = flag;
  return ok();
}

void trim_one_newline(std::string& s) {
  if (s.ends_with("\r\n")) {
    s.resize(s.size() - 2);
  } else if (s.ends_with('\n')) {
    s.pop_back();
  }
}

Result<Secret> read_secret(std::string_view ref, std::string_view flag, Env& env,
                           StdinClaim& stdin_claim) {
  switch (secret_source_kind(ref)) {
    case SecretSourceKind::Literal:
      return Secret(std::string(ref));
    case SecretSourceKind::EnvVar: {
      const std::string_view name = ref.substr(4);
      std::optional<std::string> value = env.get(name);
      if (!value) {
        return make_error(
            Errc::Usage, fmt::format("{} env:{}: the environment variable is not set", flag, name));
      }
      return Secret(std::move(*value));
    }
    case SecretSourceKind::Stdin: {
      if (Result<void> c = stdin_claim.claim(flag); !c) return c.take_error();
      Result<std::string> text = env.read_stdin();
      if (!text) {
        return make_error(Errc::Usage, fmt::format("{} @-: {}", flag, text.error().message));
      }
      trim_one_newline(*text);
      return Secret(std::move(*text));
    }
    case SecretSourceKind::File: {
      // A FIFO nobody writes to gives up after the connect timeout; /dev/zero stops at the cap.
      Result<std::string> text =
          read_whole_file(std::string(ref.substr(1)),
                          {fmt::format("{} {}", flag, ref), kSmallFileLimit, env.file_wait});
      if (!text) return text.take_error();
      trim_one_newline(*text);
      return Secret(std::move(*text));
    }
  }
  return make_error(Errc::Internal, "unreachable secret source");
}

}  // namespace escurl
