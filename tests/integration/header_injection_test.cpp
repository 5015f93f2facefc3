// SPDX-License-Identifier: MIT
// No header reaches the wire unchecked: a CR/LF smuggled through --opaque-id, --run-as, -X, a
// credential read from a file or a variable, or the CI job id; a framing header given with -H;
// a NUL in a header file. Each is refused with the usage code before any connection is made
// (the recording server sees none), naming the header and its source but never a secret.
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "catch.h"
#include "raw_server.h"
#include "run_cli.h"
#include "temp_dir.h"

using escurl::testing::hang_guard;
using escurl::testing::RawConnection;
using escurl::testing::RawServer;
using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::RunResult;
using escurl::testing::TempDir;

namespace {

constexpr int kUsage = 2;

// A plain server that records every request head and answers 200 {}.
struct RecordingServer {
  std::mutex mu;
  std::vector<std::string> heads;
  RawServer server{[this](RawConnection& c) {
    for (std::string head = c.read_head(); !head.empty(); head = c.read_head()) {
      {
        std::lock_guard lock(mu);
        heads.push_back(head);
      }
      c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
    }
  }};
  std::vector<std::string> received() {
    std::lock_guard lock(mu);
    return heads;
  }
};

RunOptions with_env(std::vector<std::string> env) {
  RunOptions o = hang_guard();
  o.env = std::move(env);
  return o;
}

// Refused with the usage code, saying `needle`, and nothing reached the server.
void check_refused(const RunResult& r, RecordingServer& s, const std::string& needle) {
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == 0);
  CHECK(r.exit_code == kUsage);
  CHECK(r.err.find(needle) != std::string::npos);
  CHECK(r.err.find("X-Evil") == std::string::npos);  // nothing of the value is echoed
  CHECK(s.server.connections() == 0);
  CHECK(s.received().empty());
}

std::vector<std::string> get(const RecordingServer& s, std::vector<std::string> extra) {
  std::vector<std::string> args{"--url", s.server.url()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"GET", "/"});
  return args;
}

}  // namespace

TEST_CASE("header injection: the recording server sees an ordinary request",
          "[integration][header_check]") {
  RecordingServer s;
  REQUIRE(s.server.ok());
  const RunResult r = run_cli(get(s, {"--opaque-id", "job-1", "-H", "X-Tab: a\tb"}), hang_guard());
  CHECK(r.exit_code == 0);
  const std::vector<std::string> heads = s.received();
  REQUIRE(heads.size() == 1);
  CHECK(heads[0].find("\r\nX-Opaque-Id: job-1\r\n") != std::string::npos);
  CHECK(heads[0].find("\r\nX-Tab: a\tb\r\n") != std::string::npos);
}

TEST_CASE("header injection: CR/LF in --opaque-id, --run-as and -X is refused before connecting",
          "[integration][header_check]") {
  RecordingServer s;
  REQUIRE(s.server.ok());
  SECTION("--opaque-id") {
    const RunResult r = run_cli(get(s, {"--opaque-id", "job\r\nX-Evil: 1"}), hang_guard());
    check_refused(r, s, "the X-Opaque-Id header from --opaque-id");
    CHECK(r.err.find("contains a line break (CR/LF)") != std::string::npos);
  }
  SECTION("--run-as") {
    const RunResult r = run_cli(
        get(s, {"--allow-insecure-http", "-u", "elastic:pw", "--run-as", "rdeniro\r\nX-Evil: 1"}),
        hang_guard());
    check_refused(r, s,
                  "the es-security-runas-user header from --run-as contains a line break (CR/LF)");
  }
  SECTION("-X: a whole second request") {
    const RunResult r = run_cli({"--url", s.server.url(), "-X",
                                 "GET / HTTP/1.1\r\nHost: x\r\nX-Evil: 1\r\n\r\nDELETE", "/"},
                                hang_guard());
    check_refused(r, s, "is not a valid HTTP method: it contains a line break (CR/LF)");
  }
}

TEST_CASE("header injection: CR/LF in a secret from @FILE or env: is refused, never shown",
          "[integration][header_check]") {
  RecordingServer s;
  REQUIRE(s.server.ok());
  TempDir dir;
  SECTION("--bearer @FILE") {
    const std::string file = dir.write("token", "s3cr3t-bearer\r\nX-Evil: 1\n", 0600);
    const RunResult r =
        run_cli(get(s, {"--allow-insecure-http", "--bearer", "@" + file}), hang_guard());
    check_refused(r, s, "the Authorization header from --bearer contains a line break (CR/LF)");
    CHECK(r.err.find("s3cr3t-bearer") == std::string::npos);
    CHECK(r.err.find("@FILE") != std::string::npos);
  }
  SECTION("--client-secret env:NAME") {
    const RunResult r = run_cli(get(s, {"--allow-insecure-http", "-u", "elastic:pw",
                                        "--client-secret", "env:ES_CLIENT_SECRET"}),
                                with_env({"ES_CLIENT_SECRET=s3cr3t-shared\r\nX-Evil: 1"}));
    check_refused(r, s,
                  "the ES-Client-Authentication header from --client-secret contains a line "
                  "break (CR/LF)");
    CHECK(r.err.find("s3cr3t-shared") == std::string::npos);
  }
  SECTION("--secondary-bearer env:NAME") {
    const RunResult r = run_cli(
        get(s, {"--allow-insecure-http", "-u", "elastic:pw", "--secondary-bearer", "env:SECOND"}),
        with_env({"SECOND=s3cr3t-second\nX-Evil: 1"}));
    check_refused(r, s,
                  "the es-secondary-authorization header from --secondary-bearer contains a "
                  "line break (CR/LF)");
    CHECK(r.err.find("s3cr3t-second") == std::string::npos);
  }
  SECTION("the encoded field of an API key's JSON") {
    const std::string file = dir.write(
        "key.json", R"({"id":"x","name":"k","api_key":"y","encoded":"s3cr3t-key\r\nX-Evil: 1"})",
        0600);
    const RunResult r =
        run_cli(get(s, {"--allow-insecure-http", "--api-key", "@" + file}), hang_guard());
    INFO(r.err);
    CHECK(r.exit_code == kUsage);
    CHECK(r.err.find("s3cr3t-key") == std::string::npos);
    CHECK(s.server.connections() == 0);
  }
}

TEST_CASE("header injection: a CI job id with CR/LF is refused", "[integration][header_check]") {
  RecordingServer s;
  REQUIRE(s.server.ok());
  const RunResult r = run_cli(
      get(s, {}), with_env({"GITHUB_RUN_ID=42\r\nX-Evil: 1", "GITHUB_REPOSITORY=acme/app"}));
  check_refused(r, s, "the X-Opaque-Id header from --opaque-id (or, without it, the CI job id");
  CHECK(r.err.find("GITHUB_RUN_ID") != std::string::npos);
}

TEST_CASE("header injection: -H Content-Length and Transfer-Encoding are refused, not dropped",
          "[integration][header_check]") {
  RecordingServer s;
  REQUIRE(s.server.ok());
  for (const std::string h :
       {"Content-Length: 1", "Transfer-Encoding: chunked", "content-length: 0"}) {
    CAPTURE(h);
    const RunResult r =
        run_cli({"--url", s.server.url(), "-H", h, "POST", "/idx/_doc", "{}"}, hang_guard());
    check_refused(r, s, "escurl frames the request body itself");
  }
}

TEST_CASE("header injection: a NUL in a -H @file is refused rather than cutting the value",
          "[integration][header_check]") {
  RecordingServer s;
  REQUIRE(s.server.ok());
  TempDir dir;
  const std::string file =
      dir.write("headers", std::string("X-Ok: 1\nX-Cut: before\0after\n", 28), 0644);
  const RunResult r = run_cli(get(s, {"-H", "@" + file}), hang_guard());
  check_refused(r, s, "the X-Cut header from -H @" + file + " line 2 contains a NUL byte");
  CHECK(r.err.find("remove it from the file") != std::string::npos);
}
