// SPDX-License-Identifier: MIT
#include "batch.h"

#include "catch.h"

using namespace escurl;

TEST_CASE("batch: Console syntax with comments, JSON bodies and NDJSON", "[batch]") {
  const std::string text =
      "# create and fill an index\n"
      "PUT idx\n"
      "{\n"
      "  \"settings\": {\"number_of_shards\": 1}\n"
      "}\n"
      "\n"
      "// bulk, one document over two lines\n"
      "POST idx/_bulk\n"
      "{\"index\":{\"_id\":\"1\"}}\n"
      "{\"f\":\n"
      "  \"a b\"}\n"
      "get /idx/_search?q=f:a\n"
      "DELETE idx\n";
  const auto r = parse_batch(text, "b.txt");
  REQUIRE(r);
  REQUIRE(r->size() == 4);
  CHECK((*r)[0].method == "PUT");
  CHECK((*r)[0].path == "/idx");
  CHECK((*r)[0].line == 2);
  CHECK((*r)[0].body == "{\n  \"settings\": {\"number_of_shards\": 1}\n}");
  CHECK((*r)[1].path == "/idx/_bulk");
  CHECK((*r)[1].body == "{\"index\":{\"_id\":\"1\"}}\n{\"f\":  \"a b\"}\n");
  CHECK((*r)[2].method == "GET");
  CHECK((*r)[2].path == "/idx/_search?q=f:a");
  CHECK_FALSE((*r)[2].has_body);
  CHECK((*r)[3].method == "DELETE");
}

TEST_CASE("batch: syntax errors name the file and line", "[batch]") {
  struct Case {
    std::string text;
    std::string where;
  };
  const std::vector<Case> cases = {
      {"GET /\nFETCH /x\n", "b.txt:2:"},          {"GET\n", "b.txt:1:"},
      {"PUT idx\n{\"a\": \n", "b.txt:2:"},        {"GET / extra\n", "b.txt:1:"},
      {"POST idx/_doc\n{\"a\" 1}\n", "b.txt:2:"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto r = parse_batch(c.text, "b.txt");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message.rfind(c.where, 0) == 0);
  }
}

TEST_CASE("batch: blank lines inside an open JSON body belong to it", "[batch]") {
  const auto r = parse_batch("PUT idx\n{\n\n  \"a\": 1\n}\n", "b");
  REQUIRE(r);
  REQUIRE(r->size() == 1);
  CHECK((*r)[0].body == "{\n\n  \"a\": 1\n}");
}

TEST_CASE("batch: an empty file is an empty batch", "[batch]") {
  const auto r = parse_batch("\n# nothing\n", "b");
  REQUIRE(r);
  CHECK(r->empty());
}
