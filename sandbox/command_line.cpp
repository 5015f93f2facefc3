// SPDX-License-Identifier: MIT
#include "command_line.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace es_sandbox {
namespace {

constexpr int kUsageExit = 2;

void declare(CLI::App& app, Options& o, std::optional<std::string>& password,
             std::vector<std::string>& faults) {
  app.add_option("--port", o.port,
                 "Port of the first node (next nodes use the following ports); "
                 "0 picks free ports")
      ->check(CLI::Range(0, 65535));
  app.add_option("--data", o.data_dir,
                 "Data directory for certificates and secrets (default: a temporary directory)");
  app.add_option("--elastic-password", password,
                 "Password of the elastic superuser (default: stored in --data, else random)");
  app.add_option("--nodes", o.nodes, "Number of nodes sharing one cluster state")
      ->check(CLI::Range(1, 16));
  app.add_flag("--http", o.http, "Serve plain HTTP instead of HTTPS (disables Bearer tokens)");
  app.add_option("--token-lifetime", o.token_lifetime_seconds,
                 "Lifetime of OAuth2 access tokens, in seconds")
      ->check(CLI::Range(int64_t{1}, int64_t{86400}));
  app.add_option("--ready-file", o.ready_file,
                 "Write URLs, CA path, fingerprint and password here once listening");
  app.add_option("--fault", faults,
                 "Inject a fault, e.g. path=/_search,status=503,count=2 (repeatable; see "
                 "docs/sandbox.md)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

}  // namespace

ParsedCommandLine parse_command_line(int argc, char** argv) {
  CLI::App app{"es-sandbox: a local stand-in for a secured Elasticsearch 8.15 cluster",
               "es-sandbox"};
  Options options;
  std::optional<std::string> password;
  std::vector<std::string> faults;
  declare(app, options, password, faults);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return ParsedCommandLine{std::nullopt, app.exit(e) == 0 ? 0 : kUsageExit};
  }
  options.elastic_password = password;
  for (const auto& text : faults) {
    auto fault = parse_fault(text);
    if (!fault) {
      std::cerr << "es-sandbox: " << fault.error().message << "\n";
      return ParsedCommandLine{std::nullopt, kUsageExit};
    }
    options.faults.push_back(*fault);
  }
  return ParsedCommandLine{options, 0};
}

}  // namespace es_sandbox
