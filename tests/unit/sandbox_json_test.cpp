// SPDX-License-Identifier: MIT
// es-sandbox's JSON output and error envelope: ?pretty must reproduce Elasticsearch's layout byte
// for byte (pinned to the 544-byte GET /?pretty capture of reference §3.5), and root causes must
// be chosen as ElasticsearchException.guessRootCauses chooses them.
#include "catch.h"

// Sandbox headers by relative path: src/ has headers with the same names.
#include "../../sandbox/es_exception.h"
#include "../../sandbox/es_json.h"

using namespace es_sandbox;

namespace {

constexpr const char* kPrettyInfo = R"({
  "name" : "ubuntu2204.wang.org",
  "cluster_name" : "elasticsearch",
  "cluster_uuid" : "FjrTC6U0TqS97R8CMAhtNQ",
  "version" : {
    "number" : "8.15.0",
    "build_flavor" : "default",
    "build_type" : "deb",
    "build_hash" : "1a77947f34deddb41af25e6f0ddb8e830159c179",
    "build_date" : "2024-08-05T10:05:34.233336849Z",
    "build_snapshot" : false,
    "lucene_version" : "9.11.1",
    "minimum_wire_compatibility_version" : "7.17.0",
    "minimum_index_compatibility_version" : "7.0.0"
  },
  "tagline" : "You Know, for Search"
}
)";

}  // namespace

TEST_CASE("sandbox: ?pretty reproduces Elasticsearch's layout", "[sandbox]") {
  const Json info = Json::object(
      {{"name", "ubuntu2204.wang.org"},
       {"cluster_name", "elasticsearch"},
       {"cluster_uuid", "FjrTC6U0TqS97R8CMAhtNQ"},
       {"version", Json::object({{"number", "8.15.0"},
                                 {"build_flavor", "default"},
                                 {"build_type", "deb"},
                                 {"build_hash", "1a77947f34deddb41af25e6f0ddb8e830159c179"},
                                 {"build_date", "2024-08-05T10:05:34.233336849Z"},
                                 {"build_snapshot", false},
                                 {"lucene_version", "9.11.1"},
                                 {"minimum_wire_compatibility_version", "7.17.0"},
                                 {"minimum_index_compatibility_version", "7.0.0"}})},
       {"tagline", "You Know, for Search"}});
  const std::string pretty = render_json(info, true);
  CHECK(pretty == kPrettyInfo);
  CHECK(pretty.size() == 544);  // the captured content-length
  CHECK(render_json(Json::object({{"a", Json::array()}, {"b", Json::object()}}), true) ==
        "{\n  \"a\" : [ ],\n  \"b\" : { }\n}\n");
  CHECK(render_json(Json::object({{"a", 1}}), false) == R"({"a":1})");
}

TEST_CASE("sandbox: parse errors are located and worded like Jackson's", "[sandbox]") {
  JsonSyntaxError error;
  CHECK_FALSE(parse_json("{\n  x: 1}", error));
  CHECK(error.line == 2);
  CHECK(error.column == 3);
  CHECK(error.message ==
        "Unexpected character ('x' (code 120)): was expecting double-quote to start field name");
  CHECK_FALSE(parse_json(R"({"a": nope})", error));
  CHECK(error.message.rfind("Unrecognized token 'nope'", 0) == 0);
  CHECK(parse_json(R"({"a":[1,2]})", error));
}

TEST_CASE("sandbox: root causes skip plain Java causes and carry no caused_by", "[sandbox]") {
  EsFailure failure = make_failure(401, "security_exception", "outer");
  auto inner = std::make_shared<EsException>();
  inner->type = "security_exception";
  inner->reason = "inner";
  auto java = std::make_shared<EsException>();
  java->type = "illegal_argument_exception";
  java->reason = "bad";
  java->elasticsearch = false;
  inner->caused_by = java;
  failure.error.caused_by = inner;
  CHECK(
      failure_json(failure).dump() ==
      R"({"error":{"root_cause":[{"type":"security_exception","reason":"inner"}],"type":"security_exception","reason":"outer","caused_by":{"type":"security_exception","reason":"inner","caused_by":{"type":"illegal_argument_exception","reason":"bad"}}},"status":401})");
  CHECK(index_not_found("x").error.metadata.dump() ==
        R"({"resource.type":"index_or_alias","resource.id":"x","index_uuid":"_na_","index":"x"})");
}
