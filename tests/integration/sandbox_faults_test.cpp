// SPDX-License-Identifier: MIT
// es-sandbox's fault injection and stats: status faults from --fault and from the control API,
// delays, trickled bodies, resets, closes without a reply, garbage status lines, node targeting,
// and per-node connection and request counters.
#include <nlohmann/json.hpp>

#include "catch.h"
#include "sandbox_process.h"

namespace {

using escurl::testing::basic_auth;
using escurl::testing::RawExchange;
using escurl::testing::SandboxOptions;
using escurl::testing::SandboxProcess;
using escurl::testing::SandboxResponse;
using nlohmann::json;
using std::chrono::milliseconds;

json body_of(const SandboxResponse& r) { return json::parse(r.body, nullptr, false); }

void require_ready(const SandboxProcess& sandbox) {
  INFO(sandbox.error());
  REQUIRE(sandbox.ready());
}

void add_fault(const SandboxProcess& sandbox, const json& fault) {
  auto r = sandbox.send("POST", "/_sandbox/faults", fault.dump());
  INFO(r.body);
  REQUIRE(r.status == 200);
}

std::string raw_get(const SandboxProcess& sandbox, const std::string& path) {
  return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " +
         basic_auth("elastic", sandbox.elastic_password()) + "\r\nConnection: close\r\n\r\n";
}

std::string body_part(const RawExchange& raw) {
  const auto end = raw.received.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : raw.received.substr(end + 4);
}

}  // namespace

TEST_CASE("sandbox: --fault answers with a status a given number of times",
          "[integration][sandbox]") {
  SandboxProcess sandbox(SandboxOptions{.extra_args = {"--fault", "path=/,status=503,count=2"}});
  require_ready(sandbox);
  for (int i = 0; i < 2; ++i) {
    auto r = sandbox.send_as_elastic("GET", "/");
    CHECK(r.status == 503);
    CHECK(r.header("X-elastic-product") == "Elasticsearch");
    CHECK(body_of(r)["status"] == 503);
  }
  CHECK(sandbox.send_as_elastic("GET", "/").status == 200);
  // Faults come before authentication: they stand for the network and proxies.
  CHECK(sandbox.send("GET", "/_cluster/health").status == 401);
}

TEST_CASE("sandbox: the control API adds, lists and clears faults", "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  add_fault(sandbox, {{"path", "*/_search"},
                      {"method", "POST"},
                      {"status", 429},
                      {"retry_after", 7},
                      {"count", 1}});
  add_fault(sandbox, {{"spec", "path=/_cluster/health,status=502"}});
  auto listed = body_of(sandbox.send("GET", "/_sandbox/faults"));
  REQUIRE(listed["faults"].size() == 2);
  CHECK(listed["faults"][0]["status"] == 429);

  CHECK(sandbox.send_as_elastic("GET", "/idx/_search").status != 429);  // method does not match
  auto limited = sandbox.send_as_elastic("POST", "/idx/_search", "{}");
  CHECK(limited.status == 429);
  CHECK(limited.header("Retry-After") == "7");
  CHECK(body_of(limited)["error"]["type"] == "es_rejected_execution_exception");
  CHECK(sandbox.send_as_elastic("GET", "/_cluster/health").status == 502);
  CHECK(sandbox.send_as_elastic("GET", "/_cluster/health").status == 502);
  CHECK(body_of(sandbox.send("DELETE", "/_sandbox/faults"))["removed"] == 1);
  CHECK(sandbox.send_as_elastic("GET", "/_cluster/health").status == 200);

  auto bad = sandbox.send("POST", "/_sandbox/faults", R"({"path":"/","colour":"red"})");
  CHECK(bad.status == 400);
  CHECK(body_of(bad)["error"] == "fault: unknown key 'colour'");
}

TEST_CASE("sandbox: delay and trickle faults slow the response down", "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  add_fault(sandbox, {{"path", "/"}, {"delay_ms", 300}, {"count", 1}});
  const RawExchange delayed = sandbox.raw_exchange(raw_get(sandbox, "/"));
  REQUIRE(delayed.connected);
  CHECK(delayed.first_byte >= milliseconds(300));
  CHECK(delayed.received.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);

  add_fault(sandbox,
            {{"path", "/"}, {"trickle_bytes", 100}, {"trickle_interval_ms", 50}, {"count", 1}});
  const RawExchange trickled = sandbox.raw_exchange(raw_get(sandbox, "/"));
  const std::string body = body_part(trickled);
  REQUIRE(json::parse(body, nullptr, false).is_object());  // the whole body arrives
  const auto chunks = static_cast<long>((body.size() + 99) / 100);
  CHECK(trickled.total >= milliseconds(50 * (chunks - 1)));
}

TEST_CASE("sandbox: reset, close and garbage faults break the connection",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  add_fault(sandbox, {{"path", "/"}, {"reset_after", 10}, {"count", 1}});
  const RawExchange reset = sandbox.raw_exchange(raw_get(sandbox, "/"));
  REQUIRE(reset.connected);
  CHECK(reset.received.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
  CHECK(body_part(reset).size() == 10);
  CHECK(reset.reset);

  add_fault(sandbox, {{"path", "/"}, {"close", true}, {"count", 1}});
  const RawExchange closed = sandbox.raw_exchange(raw_get(sandbox, "/"));
  REQUIRE(closed.connected);
  CHECK(closed.received.empty());
  CHECK(closed.clean_eof);

  add_fault(sandbox, {{"path", "/"}, {"garbage", true}, {"count", 1}});
  const RawExchange garbage = sandbox.raw_exchange(raw_get(sandbox, "/"));
  CHECK(garbage.received.rfind("GARBAGE/9.9", 0) == 0);

  CHECK(sandbox.send_as_elastic("GET", "/").status == 200);  // every fault was used up
}

TEST_CASE("sandbox: faults can target one node and stats count per node",
          "[integration][sandbox]") {
  SandboxProcess sandbox(
      SandboxOptions{.nodes = 2, .extra_args = {"--fault", "node=1,status=503"}});
  require_ready(sandbox);
  CHECK(sandbox.send_as_elastic("GET", "/", {}, {}, 0).status == 200);
  CHECK(sandbox.send_as_elastic("GET", "/", {}, {}, 0).status == 200);
  CHECK(sandbox.send_as_elastic("GET", "/", {}, {}, 1).status == 503);
  auto stats = sandbox.stats();
  REQUIRE(stats);
  REQUIRE(stats->size() == 2);
  // The test client opens one connection per request; control API calls are not counted.
  CHECK((*stats)[0].requests == 2);
  CHECK((*stats)[0].connections == 2);
  CHECK((*stats)[1].requests == 1);
  CHECK(sandbox.send("DELETE", "/_sandbox/stats").status == 200);
  CHECK(sandbox.stats()->at(0).requests == 0);
}

TEST_CASE("sandbox: a malformed --fault stops the start", "[integration][sandbox]") {
  SandboxProcess sandbox(SandboxOptions{.extra_args = {"--fault", "path=/,stauts=503"}});
  CHECK_FALSE(sandbox.ready());
  CHECK(sandbox.error().find("fault: unknown key 'stauts'") != std::string::npos);
}
