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

TEST_CASE("sniff: a _nodes body of the wrong shape is one clear error, never an exception",
          "[sniff]") {
  const std::string bodies[] = {
      R"({"nodes":{"a":{"http":{"publish_address":9200}}}})",
      R"({"nodes":{"a":{"http":["x"]}}})",
      R"({"nodes":{"a":{"http":{"publish_address":null}}}})",
      R"({"nodes":{"a":{"http":{"publish_address":{"host":"x"}}}}})",
  };
  for (const std::string& body : bodies) {
    CAPTURE(body);
    const auto urls = parse_nodes_http(body, "https");
    REQUIRE_FALSE(urls);
    CHECK(urls.error().message ==
          "--sniff: GET _nodes/http answered in an unexpected shape (a node's "
          "http.publish_address is not a string)");
  }
  // Other shapes: nodes that are not objects are skipped, a body that is not an object refused.
  CHECK_FALSE(parse_nodes_http(R"({"nodes":{"a":7,"b":[1],"c":"x"}})", "https"));
  CHECK_FALSE(parse_nodes_http(R"([1,2])", "https"));
  CHECK_FALSE(parse_nodes_http(R"("nodes")", "https"));
  CHECK_FALSE(parse_nodes_http(R"({"nodes":{"a":{"http":{"publish_address":"x/"}}}})", "https"));
}
