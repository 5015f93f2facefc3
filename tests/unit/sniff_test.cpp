// SPDX-License-Identifier: MIT
#include "sniff.h"

#include "catch.h"

using namespace escurl;

TEST_CASE("sniff: publish addresses become node URLs with the asking scheme", "[sniff]") {
  const std::string body = R"({"_nodes":{"total":3},"cluster_name":"c","nodes":{)"
                           R"("a":{"http":{"publish_address":"127.0.0.1:9201"}},)"
                           R"("b":{"http":{"publish_address":"es-2.example/10.0.0.2:9202"}},)"
                           R"("c":{"http":{"publish_address":"[::1]:9203"}},)"
                           R"("d":{"name":"no http"}}})";
  const auto urls = parse_nodes_http(body, "https");
  REQUIRE(urls);
  REQUIRE(urls->size() == 3);
  CHECK((*urls)[0].display() == "https://127.0.0.1:9201/");
  CHECK((*urls)[1].display() == "https://es-2.example:9202/");
  CHECK((*urls)[2].display() == "https://[::1]:9203/");
  CHECK_FALSE(parse_nodes_http("{}", "https"));
  CHECK_FALSE(parse_nodes_http(R"({"nodes":{}})", "https"));
}
