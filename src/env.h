// SPDX-License-Identifier: MIT
// Env: the only way escurl reaches the process's surroundings — arguments, environment variables,
// which standard streams are terminals, standard input, and the no-echo prompt. The real one
// reads the process; tests build one by hand.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "file_read.h"
#include "secret.h"

namespace escurl {

/// The process's surroundings, as escurl sees them.
struct Env {
  std::vector<std::string> args;            ///< argv without the program name
  std::map<std::string, std::string> vars;  ///< environment variables
  bool stdin_tty = false;
  bool stdout_tty = false;
  bool stderr_tty = false;
  /// Reads all of standard input, up to kLargeFileLimit (file_read.h), for as long as it takes:
  /// a person may be typing.
  std::function<Result<std::string>()> read_stdin;
  /// Asks for a secret on the terminal without echo; a Usage error when there is no terminal.
  std::function<Result<Secret>(std::string_view prompt)> prompt_secret;
  /// Asks for a line that is not secret (a user name) on the terminal, echoed as typed; a Usage
  /// error when there is no terminal (or when unset, as in tests that give no terminal).
  std::function<Result<std::string>(std::string_view prompt)> prompt_line;
  /// Seconds a file that is not a regular one (a FIFO, /dev/stdin) may stay silent before
  /// reading it gives up: the connect timeout, once the options are known.
  double file_wait = kDefaultFileWait;

  /// The variable's value, or nullopt when unset. An empty value counts as set.
  std::optional<std::string> get(std::string_view name) const;
  /// The first of `names` that is set and non-empty, with its name.
  std::optional<std::pair<std::string, std::string>> first_of(
      std::initializer_list<std::string_view> names) const;

  /// The real process: argv, environ, isatty, fd 0 and /dev/tty.
  static Env from_process(int argc, char** argv, char** envp);
};

}  // namespace escurl
