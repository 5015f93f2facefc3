// SPDX-License-Identifier: MIT
// The endpoint table: compiled from data/es-endpoints.tsv, equal to the project's reference copy,
// and the Console-form paths completions offer.
#include "endpoints.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "catch.h"

namespace {

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("endpoints: the table holds every row of data/es-endpoints.tsv, in order",
          "[endpoints]") {
  std::istringstream tsv(read(ESCURL_SOURCE_DIR "/data/es-endpoints.tsv"));
  std::string line;
  REQUIRE(std::getline(tsv, line));
  CHECK(line == "method\tpath\tapi");
  std::size_t i = 0;
  const auto table = escurl::es_endpoints();
  while (std::getline(tsv, line)) {
    REQUIRE(i < table.size());
    CAPTURE(line);
    CHECK(line == std::string(table[i].method) + "\t" + std::string(table[i].path) + "\t" +
                      std::string(table[i].api));
    ++i;
  }
  CHECK(i == table.size());
  CHECK(table.size() == 885);
}

TEST_CASE("endpoints: data/es-endpoints.tsv equals the shared reference when it is present",
          "[endpoints]") {
  const std::string reference = read(ESCURL_REFERENCE_DIR "/es-endpoints.tsv");
  if (reference.empty()) return;  // a checkout without the project's shared/ directory
  CHECK(read(ESCURL_SOURCE_DIR "/data/es-endpoints.tsv") == reference);
}

TEST_CASE("endpoints: completion paths per method", "[endpoints]") {
  const std::vector<std::string> get = escurl::completion_paths("GET");
  CHECK(has(get, "_cat/indices"));
  CHECK(has(get, "_cat/indices/"));
  CHECK(has(get, "_cluster/health"));
  CHECK(has(get, "_security/_authenticate"));
  CHECK_FALSE(has(get, "_bulk"));  // POST and PUT only
  CHECK(std::is_sorted(get.begin(), get.end()));
  CHECK(std::adjacent_find(get.begin(), get.end()) == get.end());
  for (const std::string& p : get) {
    CAPTURE(p);
    CHECK_FALSE(p.empty());
    CHECK_FALSE(p.starts_with('/'));
    CHECK(p.find('{') == std::string::npos);
  }
  CHECK(escurl::completion_paths("get") == get);
  CHECK(has(escurl::completion_paths("POST"), "_bulk"));
  CHECK(has(escurl::completion_paths("DELETE"), "_security/api_key"));
  CHECK(escurl::completion_paths("BREW").empty());
}

TEST_CASE("endpoints: completion paths after an index name or a leading slash", "[endpoints]") {
  const std::vector<std::string> after_index = escurl::completion_paths("GET", "logs/_se");
  CHECK(has(after_index, "logs/_search"));
  CHECK(has(after_index, "logs/_mapping"));
  CHECK(has(after_index, "logs/_doc/"));
  for (const std::string& p : after_index) {
    CAPTURE(p);
    CHECK(p.starts_with("logs/"));
    CHECK(p.find('{') == std::string::npos);
    CHECK(p != "logs/");
  }
  CHECK(has(escurl::completion_paths("POST", "logs/_b"), "logs/_bulk"));
  CHECK(has(escurl::completion_paths("GET", "/_cat/in"), "/_cat/indices"));
  CHECK(has(escurl::completion_paths("GET", "/logs/_se"), "/logs/_search"));
  // A word that starts with '_' is an API path, not an index name.
  CHECK(escurl::completion_paths("GET", "_cat/in") == escurl::completion_paths("GET"));
  CHECK(escurl::completion_paths("GET", "logs") == escurl::completion_paths("GET"));
}
