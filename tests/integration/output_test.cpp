// SPDX-License-Identifier: MIT
// Output for people and scripts, through the real binary: byte-exact when piped, re-indented
// with --pretty (parsing to the same value), minified with --compact, coloured only when asked,
// and a _bulk with one failing item among thousands exiting with the bulk code and naming it.
#include <nlohmann/json.hpp>

#include "catch.h"
#include "run_cli.h"
#include "sandbox_process.h"

using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::SandboxProcess;

namespace {
RunOptions opts(const SandboxProcess& es) {
  RunOptions o;
  o.env = {"ES_PW=" + es.elastic_password()};
  o.timeout_seconds = 60;
  return o;
}
}  // namespace

TEST_CASE("output: piped is byte-exact; --pretty and --compact keep the value",
          "[integration][output]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const std::vector<std::string> base = {"--cacert", es.ca_path(), "--url",
                                         es.url(),   "-u",         "rdeniro:taxidriver"};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args, opts(es));
  };
  const auto raw = run({"GET", "/"});
  REQUIRE(raw.exit_code == 0);
  CHECK(raw.out.find('\n') == std::string::npos);  // Elasticsearch's compact bytes, untouched
  const auto pretty = run({"--pretty", "GET", "/"});
  CHECK(pretty.out.find("\n  \"name\": \"es-sandbox-0\",\n") != std::string::npos);
  CHECK(nlohmann::json::parse(pretty.out) == nlohmann::json::parse(raw.out));
  const auto compact = run({"--compact", "GET", "/?pretty"});
  CHECK(compact.out.find('\n') == compact.out.size() - 1);
  CHECK(nlohmann::json::parse(compact.out) == nlohmann::json::parse(raw.out));
  CHECK(pretty.out.find("\x1b[") == std::string::npos);
  const auto color = run({"--pretty", "--color", "always", "GET", "/"});
  CHECK(color.out.find("\x1b[") != std::string::npos);
  RunOptions no_color = opts(es);
  no_color.env.push_back("NO_COLOR=1");
  std::vector<std::string> args = base;
  args.insert(args.end(), {"--pretty", "GET", "/"});
  CHECK(run_cli(args, no_color).out.find("\x1b[") == std::string::npos);
  CHECK(run({"--pretty", "--compact", "GET", "/"}).exit_code == 2);
  // _cat text is left alone even with --pretty.
  const auto cat = run({"--pretty", "GET", "_cat/indices?v"});
  CHECK(cat.exit_code == 0);
  CHECK(cat.out.rfind("health", 0) == 0);
}

TEST_CASE("output: a _bulk with one failing item among thousands exits 62 and names it",
          "[integration][output][bulk]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  std::string body;
  for (int i = 0; i < 3000; ++i) {
    body += R"({"index":{"_index":"films","_id":")" + std::to_string(i) + "\"}}\n";
    body += R"({"n":)" + std::to_string(i) + "}\n";
    if (i == 1234)
      body += "{\"update\":{\"_index\":\"films\",\"_id\":\"nope\"}}\n{\"doc\":{\"a\":1}}\n";
  }
  const std::string file = es.dir().write("bulk.ndjson", body, 0644);
  const std::vector<std::string> args = {"--cacert", es.ca_path(), "--url",
                                         es.url(),   "-u",         "rdeniro:taxidriver",
                                         "POST",     "_bulk",      "@" + file};
  const auto r = run_cli(args, opts(es));
  CHECK(r.exit_code == 62);
  CHECK(r.err.find("1 of 3001") != std::string::npos);
  CHECK(r.err.find("nope") != std::string::npos);
  CHECK(r.err.find("document_missing_exception") != std::string::npos);
  std::vector<std::string> lenient = args;
  lenient.insert(lenient.begin(), "--no-fail");
  CHECK(run_cli(lenient, opts(es)).exit_code == 0);
}
