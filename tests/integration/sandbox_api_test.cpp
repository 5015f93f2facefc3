// SPDX-License-Identifier: MIT
// es-sandbox's emulated APIs: indices and documents, bulk with mixed failures, search, _cat,
// cluster health, transforms recording secondary authorization, Elasticsearch's own error bodies,
// and several nodes sharing one cluster state.
#include <nlohmann/json.hpp>

#include "catch.h"
#include "sandbox_process.h"

namespace {

using escurl::testing::basic_auth;
using escurl::testing::SandboxOptions;
using escurl::testing::SandboxProcess;
using escurl::testing::SandboxResponse;
using nlohmann::json;

json body_of(const SandboxResponse& r) { return json::parse(r.body, nullptr, false); }

void require_ready(const SandboxProcess& sandbox) {
  INFO(sandbox.error());
  REQUIRE(sandbox.ready());
}

}  // namespace

TEST_CASE("sandbox: index create, exists, get and delete", "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto created = sandbox.send_as("rdeniro", "taxidriver", "PUT", "/films");
  CHECK(created.status == 200);
  CHECK(created.body == R"({"acknowledged":true,"shards_acknowledged":true,"index":"films"})");
  CHECK(created.header("X-elastic-product") == "Elasticsearch");

  auto again = sandbox.send_as("rdeniro", "taxidriver", "PUT", "/films");
  CHECK(again.status == 400);
  const json error = body_of(again)["error"];
  CHECK(error["type"] == "resource_already_exists_exception");
  CHECK(error["reason"] ==
        "index [films/" + error["index_uuid"].get<std::string>() + "] already exists");

  CHECK(sandbox.send_as_elastic("HEAD", "/films").status == 200);
  CHECK(sandbox.send_as_elastic("HEAD", "/nothing").status == 404);
  auto got = sandbox.send_as_elastic("GET", "/films");
  CHECK(body_of(got)["films"]["settings"]["index"]["provided_name"] == "films");
  auto missing = sandbox.send_as_elastic("GET", "/nothing");
  CHECK(missing.status == 404);
  CHECK(missing.header("X-elastic-product") == "Elasticsearch");
  CHECK(body_of(missing)["error"]["type"] == "index_not_found_exception");
  CHECK(sandbox.send_as("rdeniro", "taxidriver", "DELETE", "/films").body ==
        R"({"acknowledged":true})");
  CHECK(sandbox.send_as_elastic("HEAD", "/films").status == 404);
  CHECK(body_of(sandbox.send_as_elastic("PUT", "/Films"))["error"]["reason"] ==
        "Invalid index name [Films], must be lowercase");
}

TEST_CASE("sandbox: documents are created, updated, read and deleted", "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto created = sandbox.send_as("rdeniro", "taxidriver", "PUT", "/films/_doc/1",
                                 R"({"title":"Taxi Driver"})");
  CHECK(created.status == 201);
  CHECK(created.header("Location") == "/films/_doc/1");
  CHECK(
      created.body ==
      R"({"_index":"films","_id":"1","_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1})");
  auto updated = sandbox.send_as("rdeniro", "taxidriver", "PUT", "/films/_doc/1",
                                 R"({"title":"Taxi Driver","year":1976})");
  CHECK(updated.status == 200);
  CHECK(body_of(updated)["result"] == "updated");
  CHECK(body_of(updated)["_version"] == 2);
  auto auto_id =
      sandbox.send_as("rdeniro", "taxidriver", "POST", "/films/_doc", R"({"title":"Raging Bull"})");
  CHECK(auto_id.status == 201);
  CHECK(body_of(auto_id)["_id"].get<std::string>().size() == 20);

  auto found = sandbox.send_as_elastic("GET", "/films/_doc/1");
  CHECK(body_of(found)["_source"] == json{{"title", "Taxi Driver"}, {"year", 1976}});
  auto absent = sandbox.send_as_elastic("GET", "/films/_doc/404");
  CHECK(absent.status == 404);
  CHECK(absent.body == R"({"_index":"films","_id":"404","found":false})");
  auto deleted = sandbox.send_as_elastic("DELETE", "/films/_doc/1");
  CHECK(body_of(deleted)["result"] == "deleted");
  CHECK(sandbox
            .send_as_elastic("PUT", "/films/_create/" + body_of(auto_id)["_id"].get<std::string>(),
                             R"({"x":1})")
            .status == 409);
}

TEST_CASE("sandbox: bulk reports per-item results with mixed failures", "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  REQUIRE(sandbox.send_as("rdeniro", "taxidriver", "PUT", "/books").status == 200);
  const std::string ndjson =
      "{\"index\":{\"_index\":\"jdoe-notes\",\"_id\":\"1\"}}\n{\"t\":\"mine\"}\n"
      "{\"index\":{\"_index\":\"books\",\"_id\":\"1\"}}\n{\"t\":\"not mine\"}\n"
      "{\"create\":{\"_index\":\"jdoe-notes\",\"_id\":\"1\"}}\n{\"t\":\"again\"}\n"
      "{\"update\":{\"_index\":\"jdoe-notes\",\"_id\":\"9\"}}\n{\"doc\":{\"t\":\"x\"}}\n"
      "{\"index\":{\"_index\":\"jdoe-notes\",\"_id\":\"2\"}}\n{\"t\":\n"
      "{\"delete\":{\"_index\":\"jdoe-notes\",\"_id\":\"1\"}}\n";
  auto r = sandbox.send_as("jdoe", "jdoe-readonly", "POST", "/_bulk", ndjson,
                           {{"Content-Type", "application/x-ndjson"}});
  REQUIRE(r.status == 200);
  CHECK(r.body.rfind(R"({"errors":true,"took":)", 0) == 0);
  const json items = body_of(r)["items"];
  REQUIRE(items.size() == 6);
  CHECK(items[0]["index"]["status"] == 201);
  CHECK(items[1]["index"]["status"] == 403);
  CHECK(items[1]["index"]["error"]["reason"] ==
        "action [indices:data/write/index:op_type/index] is unauthorized for user [jdoe] with "
        "effective roles [viewer] on indices [books], this action is granted by the index "
        "privileges [create,index,write,all]");
  CHECK(items[2]["create"]["status"] == 409);
  CHECK(items[2]["create"]["error"]["type"] == "version_conflict_engine_exception");
  CHECK(items[3]["update"]["status"] == 404);
  CHECK(items[3]["update"]["error"]["type"] == "document_missing_exception");
  CHECK(items[4]["index"]["status"] == 400);
  CHECK(items[4]["index"]["error"]["type"] == "document_parsing_exception");
  CHECK(items[5]["delete"]["result"] == "deleted");

  auto ok = sandbox.send_as("rdeniro", "taxidriver", "POST", "/books/_bulk",
                            "{\"index\":{\"_id\":\"7\"}}\n{\"t\":\"x\"}\n");
  CHECK(ok.body.rfind(R"({"errors":false,)", 0) == 0);
  auto unterminated = sandbox.send_as("rdeniro", "taxidriver", "POST", "/_bulk", "{\"index\":{}}");
  CHECK(unterminated.status == 400);
  CHECK(body_of(unterminated)["error"]["reason"] ==
        "The bulk request must be terminated by a newline [\\n]");
}

TEST_CASE("sandbox: search supports match_all, term, size and from", "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  for (int i = 1; i <= 5; ++i) {
    const json doc = {{"n", i}, {"kind", i % 2 ? "odd" : "even"}};
    REQUIRE(sandbox.send_as_elastic("PUT", "/nums/_doc/" + std::to_string(i), doc.dump()).status ==
            201);
  }
  auto all = sandbox.send_as_elastic("GET", "/nums/_search");
  const json body = body_of(all);
  CHECK(all.body.rfind(R"({"took":)", 0) == 0);
  CHECK(body["timed_out"] == false);
  CHECK(body["hits"]["total"] == json{{"value", 5}, {"relation", "eq"}});
  CHECK(body["hits"]["hits"].size() == 5);
  CHECK(body["hits"]["hits"][0]["_source"]["n"] == 1);

  // A GET with a body, as Kibana's console and curl send it.
  auto odd = sandbox.send_as_elastic("GET", "/nums/_search",
                                     R"({"query":{"term":{"kind":"odd"}},"size":2,"from":1})");
  CHECK(body_of(odd)["hits"]["total"]["value"] == 3);
  CHECK(body_of(odd)["hits"]["hits"].size() == 2);
  CHECK(body_of(odd)["hits"]["hits"][0]["_source"]["n"] == 3);
  auto none = sandbox.send_as_elastic("POST", "/_search?size=0", R"({"query":{"match_all":{}}})");
  CHECK(body_of(none)["hits"]["max_score"].is_null());
  CHECK(body_of(none)["hits"]["total"]["value"] == 5);
}

TEST_CASE("sandbox: _cat/indices, health and node info", "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  REQUIRE(sandbox.send_as_elastic("PUT", "/alpha").status == 200);
  auto text = sandbox.send_as_elastic("GET", "/_cat/indices?v");
  CHECK(text.header("content-type") == "text/plain; charset=UTF-8");
  CHECK(text.body.rfind("health status index uuid", 0) == 0);
  CHECK(
      text.body.find("pri rep docs.count docs.deleted store.size pri.store.size dataset.size\n") !=
      std::string::npos);
  CHECK(text.body.find("\nyellow open   alpha ") != std::string::npos);
  auto as_json = sandbox.send_as_elastic("GET", "/_cat/indices?format=json");
  CHECK(body_of(as_json)[0]["index"] == "alpha");
  CHECK(body_of(as_json)[0]["docs.count"] == "0");
  auto health = body_of(sandbox.send_as_elastic("GET", "/_cluster/health"));
  CHECK(health["status"] == "yellow");
  CHECK(health["number_of_nodes"] == 1);
  auto nodes = body_of(sandbox.send_as_elastic("GET", "/_nodes/http"));
  REQUIRE(nodes["nodes"].size() == 1);
  CHECK(nodes["nodes"].begin().value()["http"]["publish_address"] ==
        "127.0.0.1:" + std::to_string(sandbox.port()));
}

TEST_CASE("sandbox: transforms record the secondary user's authorization",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  const std::string config = R"({"source":{"index":"src"},"dest":{"index":"dst"},"pivot":{}})";
  REQUIRE(sandbox.send_as_elastic("PUT", "/_transform/primary", config).status == 200);
  REQUIRE(
      sandbox
          .send_as_elastic("PUT", "/_transform/secondary", config,
                           {{"es-secondary-authorization", basic_auth("rdeniro", "taxidriver")}})
          .status == 200);
  auto key = body_of(sandbox.send_as_elastic("POST", "/_security/api_key", R"({"name":"tk"})"));
  REQUIRE(sandbox
              .send_as_elastic(
                  "PUT", "/_transform/by-key", config,
                  {{"es-secondary-authorization", "ApiKey " + key["encoded"].get<std::string>()}})
              .status == 200);

  auto auth_of = [&](const std::string& id) {
    return body_of(
        sandbox.send_as_elastic("GET", "/_transform/" + id))["transforms"][0]["authorization"];
  };
  CHECK(auth_of("primary") == json{{"roles", {"superuser"}}});
  CHECK(auth_of("secondary") == json{{"roles", {"admin"}}});
  CHECK(auth_of("by-key") == json{{"api_key", {{"id", key["id"]}, {"name", "tk"}}}});
  CHECK(sandbox.send_as_elastic("PUT", "/_transform/primary", config).status == 409);
  CHECK(sandbox.send_as_elastic("DELETE", "/_transform/primary").body ==
        R"({"acknowledged":true})");
  CHECK(sandbox.send_as_elastic("GET", "/_transform/primary").status == 404);
}

TEST_CASE("sandbox: unknown endpoints, wrong methods and bad JSON get ES error bodies",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto unknown = sandbox.send_as_elastic("GET", "/a/b/c/d?x=1");
  CHECK(unknown.status == 400);
  CHECK(unknown.body ==
        R"({"error":"no handler found for uri [/a/b/c/d?x=1] and method [GET]","status":400})");
  auto method = sandbox.send_as_elastic("POST", "/_cluster/health");
  CHECK(method.status == 405);
  CHECK(method.header("Allow") == "GET,HEAD");
  auto bad = sandbox.send_as_elastic("POST", "/_security/api_key", "{\"name\": nope}");
  CHECK(bad.status == 400);
  CHECK(body_of(bad)["error"]["type"] == "x_content_parse_exception");
  CHECK(body_of(bad)["error"]["reason"].get<std::string>().rfind(
            "[1:10] Unrecognized token 'nope': was expecting", 0) == 0);
  auto empty = sandbox.send_as_elastic("POST", "/_security/api_key");
  CHECK(body_of(empty)["error"]["reason"] == "request body is required");
  auto pretty = sandbox.send_as_elastic("GET", "/_cluster/health?pretty");
  CHECK(pretty.body.rfind("{\n  \"cluster_name\" : \"elasticsearch\",\n", 0) == 0);
}

TEST_CASE("sandbox: several nodes share one cluster state", "[integration][sandbox]") {
  SandboxProcess sandbox(SandboxOptions{.nodes = 3});
  require_ready(sandbox);
  REQUIRE(sandbox.urls().size() == 3);
  CHECK(sandbox.port(0) != sandbox.port(1));
  REQUIRE(sandbox.send_as_elastic("PUT", "/shared/_doc/1", R"({"v":1})", {}, 0).status == 201);
  auto seen = sandbox.send_as_elastic("GET", "/shared/_doc/1", {}, {}, 2);
  CHECK(seen.status == 200);
  auto key =
      body_of(sandbox.send_as_elastic("POST", "/_security/api_key", R"({"name":"n"})", {}, 1));
  auto on_other = sandbox.send(
      "GET", "/", {}, {{"Authorization", "ApiKey " + key["encoded"].get<std::string>()}}, 2);
  CHECK(on_other.status == 200);
  CHECK(body_of(on_other)["name"] == "es-sandbox-2");
  auto nodes = body_of(sandbox.send_as_elastic("GET", "/_nodes/_all/http", {}, {}, 1));
  std::vector<std::string> addresses;
  for (const auto& [id, node] : nodes["nodes"].items()) {
    addresses.push_back(node["http"]["publish_address"]);
  }
  std::sort(addresses.begin(), addresses.end());
  std::vector<std::string> expected;
  for (size_t i = 0; i < 3; ++i) expected.push_back("127.0.0.1:" + std::to_string(sandbox.port(i)));
  std::sort(expected.begin(), expected.end());
  CHECK(addresses == expected);
  CHECK(body_of(sandbox.send_as_elastic("GET", "/_cluster/health"))["status"] == "green");
}

TEST_CASE("sandbox: REST compatibility headers are honoured or refused as ES does",
          "[integration][sandbox]") {
  SandboxProcess sandbox;
  require_ready(sandbox);
  auto eight = sandbox.send_as_elastic(
      "GET", "/", {}, {{"Accept", "application/vnd.elasticsearch+json; compatible-with=8"}});
  CHECK(eight.status == 200);
  CHECK(eight.header("content-type") == "application/vnd.elasticsearch+json;compatible-with=8");
  auto nine = sandbox.send_as_elastic(
      "GET", "/", {}, {{"Accept", "application/vnd.elasticsearch+json; compatible-with=9"}});
  CHECK(nine.status == 400);
  CHECK(
      nine.body ==
      R"({"error":{"root_cause":[{"type":"media_type_header_exception","reason":"Invalid media-type value on headers [Accept, Content-Type]"}],"type":"media_type_header_exception","reason":"Invalid media-type value on headers [Accept, Content-Type]","caused_by":{"type":"status_exception","reason":"Accept version must be either version 8 or 7, but found 9. Accept=application/vnd.elasticsearch+json; compatible-with=9"}},"status":400})");
}
