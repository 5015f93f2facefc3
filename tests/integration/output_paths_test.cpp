// SPDX-License-Identifier: MIT
// --write-out, error explanations, --offline and --curl through the real binary against
// es-sandbox. That no secret shows in any of them is secrets_sweep_test.cpp's.
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catch.h"
#include "run_cli.h"
#include "sandbox_process.h"

using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::RunResult;
using escurl::testing::SandboxProcess;

namespace {

RunOptions opts(const SandboxProcess& es, std::vector<std::string> env = {}) {
  RunOptions o;
  o.env = std::move(env);
  o.env.push_back("ES_PW=" + es.elastic_password());
  o.timeout_seconds = 60;
  return o;
}

std::vector<std::string> elastic(const SandboxProcess& es, std::vector<std::string> more) {
  std::vector<std::string> args = {"--cacert", es.ca_path(), "--url",      es.url(),
                                   "-u",       "elastic",    "--password", "env:ES_PW"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_CASE("output paths: --write-out variables after a transfer", "[integration][write_out]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const RunResult r = run_cli(
      elastic(es, {"-w",
                   "%{http_code}|%{num_retries}|%{size_download}|%{url_effective}|%{exitcode}|"
                   "%header{x-elastic-product}\\n%{stderr}%{json}",
                   "GET", "/"}),
      opts(es));
  REQUIRE(r.exit_code == 0);
  const std::size_t body_end = r.out.rfind('}') + 1;
  const std::string body = r.out.substr(0, body_end);
  CHECK(r.out.substr(body_end) ==
        fmt::format("200|0|{}|{}/|0|Elasticsearch\n", body.size(), es.url()));
  const auto json = nlohmann::json::parse(r.err);
  CHECK(json["http_code"] == 200);
  CHECK(json["method"] == "GET");
  const double connect = json["time_connect"];
  const double tls = json["time_appconnect"];
  const double start = json["time_starttransfer"];
  const double total = json["time_total"];
  CHECK(connect > 0);
  CHECK(tls >= connect);
  CHECK(start >= tls);
  CHECK(total >= start);
}

TEST_CASE("output paths: --write-out after a failed transfer", "[integration][write_out]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const RunResult missing = run_cli(
      elastic(es, {"-s", "-w", "%{http_code} %{exitcode} %{errormsg}", "GET", "nope/_search"}),
      opts(es));
  CHECK(missing.exit_code == 22);
  CHECK(missing.err.empty());
  CHECK(
      missing.out.ends_with("404 22 HTTP 404 index_not_found_exception: no such index [nope] "
                            "— check the name (GET _cat/indices lists them), or create the "
                            "index first"));
  // A port nothing listens on: no response at all.
  const RunResult refused = run_cli(
      {"--retry", "0", "-w", "%{http_code} %{exitcode} %{time_connect}", "https://127.0.0.1:9/"},
      opts(es));
  CHECK(refused.exit_code == 7);
  CHECK(refused.out == "000 7 0.000000");
  const RunResult bad = run_cli(elastic(es, {"-w", "%{nope}", "GET", "/"}), opts(es));
  CHECK(bad.exit_code == 2);
  CHECK(bad.out.empty());
  CHECK(bad.err.find("unknown variable %{nope}") != std::string::npos);
}

TEST_CASE("output paths: explanations of the sandbox's errors; -s and -S", "[integration]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const RunResult missing = run_cli(elastic(es, {"GET", "nope/_doc/1"}), opts(es));
  CHECK(missing.err.find("index_not_found_exception: no such index [nope] — check the name") !=
        std::string::npos);
  CHECK(run_cli(elastic(es, {"-s", "GET", "nope/_doc/1"}), opts(es)).err.empty());
  CHECK(run_cli(elastic(es, {"-sS", "GET", "nope/_doc/1"}), opts(es)).err.find("index_not_found") !=
        std::string::npos);
  // With --no-fail the 404 is not an error, so -sS keeps quiet.
  CHECK(run_cli(elastic(es, {"-sS", "--no-fail", "GET", "nope/_doc/1"}), opts(es)).err.empty());

  REQUIRE(run_cli(elastic(es, {"PUT", "books"}), opts(es)).exit_code == 0);
  const RunResult again = run_cli(elastic(es, {"PUT", "books"}), opts(es));
  CHECK(again.err.find("resource_already_exists_exception") != std::string::npos);
  CHECK(again.err.find("it exists already") != std::string::npos);

  REQUIRE(run_cli(elastic(es, {"PUT", "books/_doc/1", R"({"t":1})"}), opts(es)).exit_code == 0);
  const RunResult conflict =
      run_cli(elastic(es, {"PUT", "books/_create/1", R"({"t":1})"}), opts(es));
  CHECK(conflict.err.find("version_conflict_engine_exception") != std::string::npos);
  CHECK(conflict.err.find("a document with this id exists already") != std::string::npos);

  REQUIRE(run_cli(elastic(es, {"PUT", "films",
                               R"({"mappings":{"properties":{"year":{"type":"long"}}}})"}),
                  opts(es))
              .exit_code == 0);
  const RunResult search = run_cli(
      elastic(es, {"GET", "films/_search", R"({"query":{"match":{"year":"soon"}}})"}), opts(es));
  CHECK(search.exit_code == 22);
  const auto body = nlohmann::json::parse(search.out);
  CHECK(body["error"]["root_cause"][0]["type"] == "query_shard_exception");
  CHECK(body["error"]["failed_shards"][0]["reason"]["caused_by"]["type"] ==
        "number_format_exception");
  CHECK(search.err ==
        "escurl: HTTP 400 search_phase_execution_exception: all shards failed — root cause: "
        "query_shard_exception: failed to create query: For input string: \"soon\"\n");
  CHECK(run_cli(elastic(es, {"GET", "films/_search", R"({"query":{"match":{"year":"1999"}}})"}),
                opts(es))
            .exit_code == 0);

  const RunResult parsing = run_cli(elastic(es, {"PUT", "books/_doc/2", "{not json"}), opts(es));
  CHECK(parsing.err.find("document_parsing_exception") != std::string::npos);
  CHECK(parsing.err.find("is not valid JSON") != std::string::npos);
}

TEST_CASE("output paths: --offline and --curl send nothing", "[integration]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const RunResult off =
      run_cli(elastic(es, {"--offline", "PUT", "books/_doc/1", R"({"t":1})"}), opts(es));
  CHECK(off.exit_code == 0);
  CHECK(off.out.starts_with("PUT /books/_doc/1 HTTP/1.1\n"));
  CHECK(off.out.find("Authorization: Basic <redacted>\n") != std::string::npos);
  const RunResult curl = run_cli(elastic(es, {"--curl", "GET", "books"}), opts(es));
  CHECK(curl.exit_code == 0);
  CHECK(curl.out.find(R"(-u "elastic:$ESCURL_PASSWORD")") != std::string::npos);
  CHECK(curl.err.find("ESCURL_PASSWORD") != std::string::npos);
  // Nothing reached the cluster: the index was never created.
  CHECK(run_cli(elastic(es, {"HEAD", "books"}), opts(es)).exit_code == 22);
  // Subcommands send requests of their own, so they refuse to be previewed.
  for (const char* flag : {"--offline", "--curl"}) {
    const RunResult sub =
        run_cli(elastic(es, {flag, "api-key", "create", "--name", "k"}), opts(es));
    CHECK(sub.exit_code == 2);
    CHECK(sub.err.find("cannot be previewed") != std::string::npos);
  }
  const RunResult keys = run_cli(elastic(es, {"GET", "_security/api_key?name=k"}), opts(es));
  CHECK(keys.out.find("\"api_keys\":[]") != std::string::npos);
}

TEST_CASE("output paths: a preview of -u USER asks for no password, terminal or not",
          "[integration]") {
  RunOptions o;
  o.new_session = true;  // no terminal: a prompt would be a usage error (exit 2)
  const RunResult off =
      run_cli({"--offline", "-u", "elastic", "https://es.example:9200/_cat/indices"}, o);
  INFO(off.err);
  CHECK(off.exit_code == 0);
  CHECK(off.out.find("Authorization: Basic <redacted>\n") != std::string::npos);
  const RunResult curl =
      run_cli({"--curl", "-u", "elastic", "https://es.example:9200/_cat/indices"}, o);
  CHECK(curl.exit_code == 0);
  CHECK(curl.out.find(R"(-u "elastic:$ESCURL_PASSWORD")") != std::string::npos);
}
