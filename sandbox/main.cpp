// SPDX-License-Identifier: MIT
// es-sandbox: a local stand-in for a secured Elasticsearch 8.15+, for escurl's tests and demo.
#include "app.h"
#include "command_line.h"

int main(int argc, char** argv) {
  const auto parsed = es_sandbox::parse_command_line(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  return es_sandbox::run_sandbox(*parsed.options);
}
