// SPDX-License-Identifier: MIT
// es-sandbox's command line: the options, their defaults and validation (CLI11), including the
// --fault specs, which are parsed here so a typo fails at start rather than silently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "faults.h"

namespace es_sandbox {

/// Everything the command line configures.
struct Options {
  int port = 9200;       ///< first node's port; 0 = ephemeral ports for every node
  std::string data_dir;  ///< empty: a temporary directory removed at exit
  std::optional<std::string> elastic_password;
  int nodes = 1;
  bool http = false;  ///< plain HTTP instead of HTTPS
  int64_t token_lifetime_seconds = 1200;
  std::string ready_file;         ///< written once every node listens
  std::vector<FaultSpec> faults;  ///< from repeated --fault
};

/// The parse result: options to run with, or an exit code (after --help or a usage error,
/// whose message has already been printed).
struct ParsedCommandLine {
  std::optional<Options> options;
  int exit_code = 0;
};

/// Parses argv; prints help or errors itself.
ParsedCommandLine parse_command_line(int argc, char** argv);

}  // namespace es_sandbox
