// SPDX-License-Identifier: MIT
// escurl against es-sandbox, for every scheme and failure: a missing credential (67), rdeniro
// creating an index (0), jdoe writing (9), a wrong password, an API key created then used then
// invalidated, an expired token, secondary authorization changing a transform's recorded
// authorization, run-as, and a node that is down in a two-node cluster.
#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "catch.h"
#include "run_cli.h"
#include "sandbox_process.h"
#include "temp_dir.h"

using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::SandboxOptions;
using escurl::testing::SandboxProcess;

namespace {

RunOptions opts(const SandboxProcess& es) {
  RunOptions o;
  o.env = {"ES_PW=" + es.elastic_password()};
  o.timeout_seconds = 30;
  return o;
}

std::vector<std::string> base(const SandboxProcess& es, std::vector<std::string> more) {
  std::vector<std::string> args = {"--cacert", es.ca_path(), "--url", es.url()};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

}  // namespace

TEST_CASE("escurl+sandbox: the seed exchange and the documented exit codes",
          "[integration][sandbox][escurl]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const auto none = run_cli(base(es, {"PUT", "idx"}), opts(es));
  CHECK(none.exit_code == 67);
  CHECK(none.out.find("missing authentication credentials for REST request [/idx]") !=
        std::string::npos);
  CHECK(none.err.find("--user") != std::string::npos);

  const auto made = run_cli(
      {"--cacert", es.ca_path(), "--user", "rdeniro:taxidriver", "-XPUT", es.url() + "/idx"},
      opts(es));
  CHECK(made.exit_code == 0);
  CHECK(made.out == R"({"acknowledged":true,"shards_acknowledged":true,"index":"idx"})");

  const auto wrong = run_cli(base(es, {"-u", "rdeniro:nope", "GET", "/"}), opts(es));
  CHECK(wrong.exit_code == 67);
  CHECK(wrong.err.find("rdeniro") != std::string::npos);

  const auto write =
      run_cli(base(es, {"-u", "jdoe:jdoe-readonly", "PUT", "idx/_doc/1", "{}"}), opts(es));
  CHECK(write.exit_code == 9);
  CHECK(write.err.find("privileges [") != std::string::npos);
  CHECK(run_cli(base(es, {"-u", "jdoe:jdoe-readonly", "GET", "idx"}), opts(es)).exit_code == 0);
}

TEST_CASE("escurl+sandbox: an API key created, used, invalidated",
          "[integration][sandbox][escurl]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const auto created = run_cli(base(es, {"-u", "elastic", "--password", "env:ES_PW", "POST",
                                         "_security/api_key", R"({"name":"ci"})"}),
                               opts(es));
  REQUIRE(created.exit_code == 0);
  const auto key = nlohmann::json::parse(created.out);
  for (const std::string& form :
       {key["encoded"].get<std::string>(),
        key["id"].get<std::string>() + ":" + key["api_key"].get<std::string>(), created.out}) {
    const auto who =
        run_cli(base(es, {"--api-key", form, "GET", "_security/_authenticate"}), opts(es));
    CHECK(who.exit_code == 0);
    CHECK(nlohmann::json::parse(who.out)["authentication_type"] == "api_key");
  }
  const auto gone =
      run_cli(base(es, {"-u", "elastic", "--password", "env:ES_PW", "DELETE", "_security/api_key",
                        R"({"ids":[")" + key["id"].get<std::string>() + R"("]})"}),
              opts(es));
  CHECK(gone.exit_code == 0);
  const auto refused =
      run_cli(base(es, {"--api-key", key["encoded"].get<std::string>(), "GET", "/"}), opts(es));
  CHECK(refused.exit_code == 67);
  CHECK(refused.err.find("API key") != std::string::npos);
  const auto unknown = run_cli(base(es, {"--api-key", "nosuchid:secret", "GET", "/"}), opts(es));
  CHECK(unknown.exit_code == 67);
}

TEST_CASE("escurl+sandbox: an OAuth2 token works until it expires",
          "[integration][sandbox][escurl]") {
  SandboxOptions so;
  so.token_lifetime_seconds = 2;
  SandboxProcess es(so);
  REQUIRE(es.ready());
  const auto grant = run_cli(
      base(es, {"-u", "elastic", "--password", "env:ES_PW", "POST", "_security/oauth2/token",
                R"({"grant_type":"password","username":"rdeniro","password":"taxidriver"})"}),
      opts(es));
  REQUIRE(grant.exit_code == 0);
  const std::string token = nlohmann::json::parse(grant.out)["access_token"];
  RunOptions o = opts(es);
  o.env.push_back("TOKEN=" + token);
  CHECK(run_cli(base(es, {"--bearer", "env:TOKEN", "GET", "/"}), o).exit_code == 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  const auto expired = run_cli(base(es, {"--bearer", "env:TOKEN", "GET", "/"}), o);
  CHECK(expired.exit_code == 67);
  CHECK(expired.err.find("expired") != std::string::npos);
}

TEST_CASE("escurl+sandbox: --secondary-user changes the transform's recorded authorization",
          "[integration][sandbox][escurl]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const std::string body =
      R"({"source":{"index":"src"},"dest":{"index":"dst"},"pivot":{"group_by":{"a":{"terms":{"field":"a"}}},"aggregations":{"n":{"value_count":{"field":"a"}}}}})";
  const std::vector<std::string> elastic = {"-u", "elastic", "--password", "env:ES_PW"};
  auto authz = [&](const std::string& id) {
    std::vector<std::string> args = elastic;
    args.insert(args.end(), {"GET", "_transform/" + id});
    const auto r = run_cli(base(es, args), opts(es));
    return nlohmann::json::parse(r.out)["transforms"][0]["authorization"];
  };
  std::vector<std::string> plain = elastic;
  plain.insert(plain.end(), {"PUT", "_transform/primary", body});
  CHECK(run_cli(base(es, plain), opts(es)).exit_code == 0);
  std::vector<std::string> secondary = elastic;
  secondary.insert(secondary.end(),
                   {"--secondary-user", "rdeniro:taxidriver", "PUT", "_transform/secondary", body});
  CHECK(run_cli(base(es, secondary), opts(es)).exit_code == 0);
  CHECK(authz("primary") != authz("secondary"));
  CHECK(authz("secondary")["roles"] == nlohmann::json::array({"admin"}));
  std::vector<std::string> bad = elastic;
  bad.insert(bad.end(), {"--secondary-user", "rdeniro:wrong", "GET", "/"});
  const auto r = run_cli(base(es, bad), opts(es));
  CHECK(r.exit_code == 67);
  CHECK(r.err.find("secondary") != std::string::npos);
}

TEST_CASE("escurl+sandbox: run-as is honoured for elastic and refused for others",
          "[integration][sandbox][escurl]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const auto as = run_cli(base(es, {"-u", "elastic", "--password", "env:ES_PW", "--run-as",
                                    "rdeniro", "GET", "_security/_authenticate"}),
                          opts(es));
  CHECK(as.exit_code == 0);
  CHECK(nlohmann::json::parse(as.out)["username"] == "rdeniro");
  const auto denied =
      run_cli(base(es, {"-u", "jdoe:jdoe-readonly", "--run-as", "rdeniro", "GET", "/"}), opts(es));
  CHECK(denied.exit_code == 9);
  CHECK(denied.err.find("run as") != std::string::npos);
}

TEST_CASE("escurl+sandbox: a 403 quoting a 31,000-character run-as name is explained, no crash",
          "[integration][sandbox][escurl]") {
  // The reason quotes the name: std::regex in the explanation overflowed the stack (SIGSEGV).
  SandboxProcess es;
  REQUIRE(es.ready());
  const std::string name(31000, 'n');
  const auto r =
      run_cli(base(es, {"-u", "jdoe:jdoe-readonly", "--run-as", name, "GET", "/"}), opts(es));
  INFO("stderr: " << r.err.substr(0, 2000));
  CHECK(r.term_signal == 0);
  CHECK(r.exit_code == 9);
  CHECK(r.out.find(name) != std::string::npos);  // the body is written whole
  CHECK(r.err.starts_with("escurl: HTTP 403 security_exception: action [cluster:monitor/main]"));
  CHECK(r.err.find("the user may not run as [nnnn") != std::string::npos);
  CHECK(r.err.size() < 2000);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("escurl+sandbox: two nodes share state; a dead one is skipped",
          "[integration][sandbox][escurl]") {
  SandboxOptions so;
  so.nodes = 2;
  SandboxProcess es(so);
  REQUIRE(es.ready());
  RunOptions o = opts(es);
  const std::string urls = "https://127.0.0.1:1," + es.url(0) + "," + es.url(1);
  CHECK(
      run_cli(
          {"--cacert", es.ca_path(), "--url", urls, "-u", "rdeniro:taxidriver", "PUT", "shared"}, o)
          .exit_code == 0);
  CHECK(run_cli({"--cacert", es.ca_path(), "--url", es.url(1), "-u", "rdeniro:taxidriver", "HEAD",
                 "shared"},
                o)
            .exit_code == 0);
  const auto sniffed = run_cli({"-v", "--sniff", "--cacert", es.ca_path(), "--url", es.url(0), "-u",
                                "rdeniro:taxidriver", "GET", "/"},
                               o);
  CHECK(sniffed.exit_code == 0);
}

TEST_CASE("escurl+sandbox: a password typed at the prompt works and is shown nowhere",
          "[integration][sandbox][escurl][secrets]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  // script(1) gives escurl a terminal; the password is typed once the prompt is up.
  const std::string command = "/usr/bin/script -qec '" + std::string(ESCURL_BIN) + " -v --cacert " +
                              es.ca_path() + " --url " + es.url() +
                              " -u rdeniro GET _security/_authenticate' /dev/null";
  RunOptions o = opts(es);
  o.program = "/bin/sh";
  const auto r = run_cli({"-c", "(sleep 1; printf 'taxidriver\\n') | " + command}, o);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("Enter password for user 'rdeniro'") != std::string::npos);
  CHECK(r.out.find("Authorization: Basic <redacted>") != std::string::npos);
  CHECK(r.out.find("\"rdeniro\"") != std::string::npos);
  CHECK(r.out.find("taxidriver") == std::string::npos);
}

TEST_CASE("escurl+sandbox: login at a terminal echoes the user name, never the password",
          "[integration][sandbox][escurl][secrets][login]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  escurl::testing::TempDir home;
  const std::string command = "/usr/bin/script -qec '" + std::string(ESCURL_BIN) +
                              " login --cacert " + es.ca_path() + " --url " + es.url() +
                              "' /dev/null";
  RunOptions o = opts(es);
  o.program = "/bin/sh";
  o.env.push_back("HOME=" + home.path());
  o.env.push_back("XDG_STATE_HOME=" + home.path() + "/state");
  const auto r = run_cli(
      {"-c", "(sleep 1; printf 'rdeniro\\n'; sleep 1; printf 'taxidriver\\n') | " + command}, o);
  INFO(r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("User: rdeniro") != std::string::npos);  // typed, and shown as typed
  CHECK(r.out.find("taxidriver") == std::string::npos);
}
