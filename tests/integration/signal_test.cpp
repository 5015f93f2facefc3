// SPDX-License-Identifier: MIT
// SIGINT sent to the real binary in the middle of a transfer: it exits 130 by itself (not killed
// by the signal), says so on stderr, leaves no temporary file beside the -o target, and leaves an
// earlier file at the target as it was. SIGTERM and SIGHUP clean up the same way and then end
// escurl by that signal.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "catch.h"
#include "raw_server.h"
#include "run_cli.h"
#include "sandbox_process.h"
#include "temp_dir.h"

using escurl::testing::hang_guard;
using escurl::testing::RawConnection;
using escurl::testing::RawServer;
using escurl::testing::RunResult;
using escurl::testing::SandboxProcess;
using escurl::testing::start_cli;
using escurl::testing::TempDir;
using nlohmann::json;

namespace {

// Waits (up to 30 s) until a temporary file beside `target` exists and has some bytes.
bool wait_for_partial_file(const TempDir& dir, const std::string& target) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < until) {
    for (const std::string& name : dir.entries()) {
      if (name.rfind(target + ".escurl-", 0) != 0) continue;
      std::ifstream in(dir.file(name), std::ios::binary | std::ios::ate);
      if (in && in.tellg() > 0) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void check_interrupted(const RunResult& r) {
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == 0);  // it exited, it was not killed by the signal
  CHECK(r.exit_code == 130);
  CHECK(r.err.find("interrupted") != std::string::npos);
}

void require_ready(const SandboxProcess& es) {
  INFO(es.error());
  REQUIRE(es.ready());
}

void add_fault(const SandboxProcess& es, const json& fault) {
  const auto r =
      es.send("POST", "/_sandbox/faults", fault.dump(), {{"Content-Type", "application/json"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
}

}  // namespace

TEST_CASE("signals: SIGINT during a slow download exits 130 and leaves no file",
          "[integration][signals]") {
  SandboxProcess es;
  require_ready(es);
  add_fault(es, {{"path", "/"}, {"trickle_bytes", 5}, {"trickle_interval_ms", 200}});
  TempDir dir;
  const std::vector<std::string> base{"--cacert", es.ca_path(), "--url",
                                      es.url(),   "-u",         "elastic:" + es.elastic_password()};
  SECTION("-o FILE: the temporary file goes, and an earlier file stays as it was") {
    dir.write("root.json", "{\"earlier\":true}", 0644);
    std::vector<std::string> args = base;
    args.insert(args.end(), {"-o", dir.file("root.json"), "GET", "/"});
    auto cli = start_cli(args, hang_guard());
    REQUIRE(wait_for_partial_file(dir, "root.json"));
    REQUIRE(cli.send_signal(SIGINT));
    const RunResult r = cli.wait();
    check_interrupted(r);
    CHECK(dir.entries() == std::vector<std::string>{"root.json"});
    CHECK(read_all(dir.file("root.json")) == "{\"earlier\":true}");
  }
  SECTION("standard output: the partial body is flagged") {
    std::vector<std::string> args = base;
    args.insert(args.end(), {"GET", "/"});
    auto cli = start_cli(args, hang_guard());
    REQUIRE(cli.wait_for_output("{", 30000, true));
    REQUIRE(cli.send_signal(SIGINT));
    const RunResult r = cli.wait();
    check_interrupted(r);
    CHECK(r.err.find("the response is incomplete") != std::string::npos);
  }
}

TEST_CASE("signals: SIGINT while the server stalls before the head exits 130",
          "[integration][signals]") {
  RawServer server([](RawConnection& c) {
    if (c.read_head().empty()) return;
    while (c.pause(50)) {
    }
  });
  REQUIRE(server.ok());
  TempDir dir;
  auto cli =
      start_cli({"--url", server.url(), "-o", dir.file("out.json"), "GET", "/"}, hang_guard());
  // The temporary file exists once the request is under way; give the request a moment to go.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (server.connections() == 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(server.connections() == 1);
  REQUIRE(cli.send_signal(SIGINT));
  const RunResult r = cli.wait();
  check_interrupted(r);
  CHECK(dir.entries().empty());
}

TEST_CASE("signals: SIGINT during a batch stops it with 130 and no -o file",
          "[integration][signals]") {
  RawServer server([](RawConnection& c) {
    // The first request is answered; the second stalls.
    if (c.read_head().empty()) return;
    c.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n");
    if (c.read_head().empty()) return;
    while (c.pause(50)) {
    }
  });
  REQUIRE(server.ok());
  TempDir dir;
  const std::string batch = dir.write("batch.txt", "GET /a\nGET /b\nGET /c\n", 0644);
  TempDir out;
  auto cli =
      start_cli({"--url", server.url(), "--batch", batch, "-o", out.file("all.txt")}, hang_guard());
  REQUIRE(wait_for_partial_file(out, "all.txt"));
  REQUIRE(cli.send_signal(SIGINT));
  const RunResult r = cli.wait();
  check_interrupted(r);
  CHECK(out.entries().empty());
}

TEST_CASE("signals: SIGTERM or SIGHUP during a download ends escurl by that signal, no file left",
          "[integration][signals]") {
  SandboxProcess es;
  require_ready(es);
  add_fault(es, {{"path", "/"}, {"trickle_bytes", 5}, {"trickle_interval_ms", 200}});
  const int signo = GENERATE(SIGTERM, SIGHUP);
  CAPTURE(signo);
  TempDir dir;
  dir.write("root.json", "{\"earlier\":true}", 0644);
  auto cli =
      start_cli({"--cacert", es.ca_path(), "--url", es.url(), "-u",
                 "elastic:" + es.elastic_password(), "-o", dir.file("root.json"), "GET", "/"},
                hang_guard());
  REQUIRE(wait_for_partial_file(dir, "root.json"));
  REQUIRE(cli.send_signal(signo));
  const RunResult r = cli.wait();
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == signo);  // the status a shell expects: 128 + the signal's number
  CHECK(dir.entries() == std::vector<std::string>{"root.json"});
  CHECK(read_all(dir.file("root.json")) == "{\"earlier\":true}");
}

TEST_CASE("signals: SIGINT during a body that ends at the close exits 130, -o file untouched",
          "[integration][signals]") {
  // No Content-Length, not chunked: the cancel must not be read as the end of the body.
  RawServer server([](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npartial body");
    while (c.pause(50)) {
    }
  });
  REQUIRE(server.ok());
  TempDir dir;
  dir.write("prev.json", "{\"earlier\":true}", 0644);
  auto cli =
      start_cli({"--url", server.url(), "-o", dir.file("prev.json"), "GET", "/"}, hang_guard());
  REQUIRE(wait_for_partial_file(dir, "prev.json"));
  REQUIRE(cli.send_signal(SIGINT));
  const RunResult r = cli.wait();
  check_interrupted(r);
  CHECK(r.err.find("the response is incomplete") != std::string::npos);
  CHECK(dir.entries() == std::vector<std::string>{"prev.json"});
  CHECK(read_all(dir.file("prev.json")) == "{\"earlier\":true}");
}
