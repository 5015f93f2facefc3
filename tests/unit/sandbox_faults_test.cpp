// SPDX-License-Identifier: MIT
// es-sandbox's fault specs (text and JSON forms, validation) and the fault set's matching and
// counting; the fault behaviours themselves are exercised over the wire in integration tests.
#include "catch.h"

// Sandbox headers by relative path: src/ has headers with the same names.
#include "../../sandbox/faults.h"
#include "../../sandbox/router.h"

using namespace es_sandbox;

TEST_CASE("sandbox: fault specs parse in text and JSON form", "[sandbox]") {
  auto text = parse_fault("path=/_search,status=429,retry_after=3,count=2,node=1,method=POST");
  REQUIRE(text);
  CHECK(text->path == "/_search");
  CHECK(text->status == 429);
  CHECK(text->retry_after == 3);
  CHECK(text->count == 2);
  CHECK(text->node == 1);
  CHECK(text->method == "POST");
  auto json = fault_from_json(Json::parse(R"({"close":true,"count":1})"));
  REQUIRE(json);
  CHECK(json->close);
  CHECK(json->path == "*");
  auto trickle = parse_fault("trickle_bytes=5");
  REQUIRE(trickle);
  CHECK(trickle->trickle_interval_ms == 100);

  CHECK_FALSE(parse_fault("path=/"));  // no effect
  CHECK(parse_fault("status=abc").error().message == "fault: status needs an integer, got 'abc'");
  CHECK_FALSE(parse_fault("close,status=503"));
  CHECK_FALSE(parse_fault("close,garbage"));
  CHECK_FALSE(parse_fault("status=99"));
  CHECK_FALSE(parse_fault("status=503,count=0"));
}

TEST_CASE("sandbox: faults match by path, method and node, and run out", "[sandbox]") {
  FaultSet faults;
  faults.add(*parse_fault("path=*/_search,method=POST,status=503,count=2"));
  faults.add(*parse_fault("node=1,delay_ms=10"));
  CHECK_FALSE(faults.take(0, "GET", "/idx/_search"));
  CHECK(faults.take(0, "POST", "/idx/_search")->status == 503);
  CHECK(faults.take(0, "POST", "/_search")->status == 503);
  CHECK_FALSE(faults.take(0, "POST", "/_search"));
  CHECK(faults.take(1, "GET", "/")->delay_ms == 10);
  CHECK(faults.list().size() == 1);
  CHECK(faults.fired() == 3);
  CHECK(faults.clear() == 1);
  CHECK_FALSE(faults.take(1, "GET", "/"));
}

TEST_CASE("sandbox: routes resolve like RestController's", "[sandbox]") {
  const Router router({
      {{"GET"}, "/_cluster/health", nullptr, "cluster:monitor/health", Scope::Cluster},
      {{"PUT", "POST"}, "/{index}/_doc/{id}", nullptr, "indices:data/write/index", Scope::None},
      {{"GET"}, "/{index}", nullptr, "indices:admin/get", Scope::None},
  });
  auto match = router.resolve("PUT", "/books/_doc/7");
  REQUIRE(std::holds_alternative<RouteMatch>(match));
  CHECK(std::get<RouteMatch>(match).params.at("index") == "books");
  CHECK(std::get<RouteMatch>(match).params.at("id") == "7");
  CHECK(std::holds_alternative<RouteMatch>(router.resolve("HEAD", "/books")));
  auto wrong = router.resolve("DELETE", "/_cluster/health");
  REQUIRE(std::holds_alternative<MethodNotAllowed>(wrong));
  CHECK(std::get<MethodNotAllowed>(wrong).allowed == std::vector<std::string>{"GET", "HEAD"});
  CHECK(std::holds_alternative<std::monostate>(router.resolve("GET", "/a/b/c/d")));
}
