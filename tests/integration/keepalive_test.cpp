// SPDX-License-Identifier: MIT
// Kept-alive connections of the real binary: a 50-request batch against es-sandbox uses one
// connection; a server that closes the connection after every second request gets every request
// of a batch anyway, on fresh connections; and a kept-alive connection closed under a request
// (es-sandbox's `close` fault) is sent again for a GET but not for a POST.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catch.h"
#include "certgen.h"
#include "run_cli.h"
#include "sandbox_process.h"
#include "temp_dir.h"
#include "test_server.h"

using escurl::testing::hang_guard;
using escurl::testing::run_cli;
using escurl::testing::SandboxNodeStats;
using escurl::testing::SandboxProcess;
using escurl::testing::TempDir;
using escurl::testing::TestServer;
using nlohmann::json;

namespace {

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

void require_ready(const SandboxProcess& es) {
  INFO(es.error());
  REQUIRE(es.ready());
}

SandboxNodeStats stats_of(const SandboxProcess& es) {
  const auto stats = es.stats();
  REQUIRE(stats.has_value());
  REQUIRE(stats->size() == 1);
  return stats->front();
}

void add_fault(const SandboxProcess& es, const json& fault) {
  const auto r =
      es.send("POST", "/_sandbox/faults", fault.dump(), {{"Content-Type", "application/json"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
}

/// How many times the sandbox's faults have fired so far.
int faults_fired(const SandboxProcess& es) {
  const auto r = es.send("GET", "/_sandbox/faults");
  REQUIRE(r.status == 200);
  return json::parse(r.body)["fired"].get<int>();
}

std::vector<std::string> escurl_in_batch(const SandboxProcess& es, const std::string& batch) {
  return {"--cacert", es.ca_path(),         "--url",   es.url(),
          "-u",       "rdeniro:taxidriver", "--batch", batch};
}

}  // namespace

TEST_CASE("keepalive: a 50-request batch against es-sandbox opens one connection",
          "[integration][transport][keepalive]") {
  SandboxProcess es;
  require_ready(es);
  std::string text;
  for (int i = 0; i < 50; ++i) text += "GET /\n";
  const std::string batch = es.dir().write("fifty.txt", text, 0644);
  const SandboxNodeStats before = stats_of(es);
  const auto r = run_cli(escurl_in_batch(es, batch), hang_guard());
  const SandboxNodeStats after = stats_of(es);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(count(r.out, "You Know, for Search") == 50);
  CHECK(after.requests - before.requests == 50);
  CHECK(after.connections - before.connections == 1);
}

TEST_CASE("keepalive: a server that closes every second connection gets every request",
          "[integration][transport][keepalive]") {
  TempDir dir;
  es_sandbox::Certificate ca = *es_sandbox::make_ca({.common_name = "Keepalive CA"});
  es_sandbox::Certificate leaf =
      *es_sandbox::make_signed({.common_name = "localhost", .ip_addresses = {"127.0.0.1"}}, ca);
  const std::string ca_path = dir.write("ca.pem", ca.cert_pem(), 0644);
  TestServer es(escurl::testing::write_tls_files(dir, leaf, {&ca}), [](httplib::Server& s) {
    // After the second request on a connection the server answers "Connection: close" and
    // closes it, so a batch of ten needs five connections.
    s.set_keep_alive_max_count(2);
    s.Get("/n/(\\d+)", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("{\"n\":" + std::string(req.matches[1]) + "}", "application/json");
    });
  });
  REQUIRE(es.ok());
  std::string text;
  std::string expected;
  for (int i = 0; i < 10; ++i) {
    text += "GET /n/" + std::to_string(i) + "\n";
    expected += "{\"n\":" + std::to_string(i) + "}\n";
  }
  const std::string batch = dir.write("ten.txt", text, 0644);
  const auto r = run_cli(
      {"--cacert", ca_path, "--url", es.url(), "--batch", batch, "--parallel", "1"}, hang_guard());
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out == expected);
  CHECK(es.requests_received() == 10);
  CHECK(es.connections_seen() == 5);
}

TEST_CASE("keepalive: a GET whose kept-alive connection is closed under it is sent again",
          "[integration][transport][keepalive]") {
  SandboxProcess es;
  require_ready(es);
  REQUIRE(es.send_as("rdeniro", "taxidriver", "PUT", "/flaky").status == 200);
  add_fault(es, {{"path", "/flaky"}, {"method", "GET"}, {"close", true}, {"count", 1}});
  const std::string batch = es.dir().write("get.txt", "GET /\nGET /flaky\nGET /\n", 0644);
  const SandboxNodeStats before = stats_of(es);
  const auto r = run_cli(escurl_in_batch(es, batch), hang_guard());
  const SandboxNodeStats after = stats_of(es);
  INFO(r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(faults_fired(es) == 1);  // the GET really did lose its connection once
  CHECK(count(r.out, "You Know, for Search") == 2);
  CHECK(r.out.find("{\"flaky\":") != std::string::npos);
  CHECK(after.connections - before.connections == 2);
}

// A `close` fault fires after the sandbox has read the whole request, as a node that dies while
// handling it would: the server did see the POST, so sending it again could apply it twice.
TEST_CASE("keepalive: a POST whose kept-alive connection is closed under it is not sent again",
          "[integration][transport][keepalive]") {
  SandboxProcess es;
  require_ready(es);
  REQUIRE(es.send_as("rdeniro", "taxidriver", "PUT", "/flaky").status == 200);
  add_fault(es, {{"path", "/flaky/_doc"}, {"method", "POST"}, {"close", true}, {"count", 1}});
  const std::string batch =
      es.dir().write("post.txt", "GET /\n\nPOST /flaky/_doc\n{\"n\":1}\n\nGET /\n", 0644);
  const auto r = run_cli(escurl_in_batch(es, batch), hang_guard());
  INFO(r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(faults_fired(es) == 1);
  CHECK(count(r.out, "You Know, for Search") == 2);  // the request after it still ran
  CHECK(r.exit_code == 52);
  CHECK(r.err.find("line 3") != std::string::npos);
  // Had the POST been sent again, the document would exist now.
  es.send_as("rdeniro", "taxidriver", "POST", "/flaky/_refresh");
  const auto docs = es.send_as("rdeniro", "taxidriver", "GET", "/flaky/_count");
  REQUIRE(docs.status == 200);
  CHECK(json::parse(docs.body)["count"] == 0);
}
