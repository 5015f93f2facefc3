// SPDX-License-Identifier: MIT
// The completion subcommands: `escurl completion bash|zsh|fish` prints a completion script,
// `escurl generate man|exit-codes|bash|zsh|fish` a generated file (./build.sh generate). The
// scripts call the hidden `escurl completion paths METHOD [TYPED]` (API paths from the endpoint
// table) and `escurl [options] completion indices` (index names from the cluster, only when the
// profile sets complete_indices).
#pragma once

#include <string>
#include <vector>

#include "env.h"
#include "options.h"
#include "raw_options.h"
#include "request.h"
#include "transport.h"

namespace escurl {

/// Whether the words are a command that needs no cluster: completion SHELL|paths, generate WHAT.
bool is_generator_command(const std::vector<std::string>& positionals);

/// Prints the script, page or path list the words name; returns the exit code (2 for a shell
/// escurl has no completion for).
int run_generator_command(const std::vector<std::string>& positionals);

/// Whether the words are `completion indices`.
bool is_index_completion(const std::vector<std::string>& positionals);

/// Turns the command into GET _cat/indices?h=index, silent, with a short time limit unless one
/// was given; standard input and the prompt become unavailable, so completing never blocks.
void prepare_index_completion(RawOptions& raw, Env& env);

/// Sends the prepared request, without retries; the index names of a 200 answer, else none.
std::vector<std::string> fetch_index_names(const Options& o, const Request& request,
                                           const TransportOptions& topts);

/// Prints fetch_index_names, one per line. Always exits 0: a completion that finds nothing
/// offers nothing.
int print_index_names(const Options& o, const Request& request, const TransportOptions& topts);

}  // namespace escurl
