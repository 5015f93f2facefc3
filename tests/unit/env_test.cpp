// SPDX-License-Identifier: MIT
// Env: variable look-ups (an empty value is set; first_of skips empty ones), the process
// snapshot. (Reading files is file_read_test's.)
#include "env.h"

#include <stdlib.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catch.h"

using escurl::Env;
using escurl::Errc;
using escurl::Result;

TEST_CASE("env: get returns set values, including empty ones", "[env]") {
  Env env;
  env.vars = {{"ES_URL", "https://es:9200"}, {"EMPTY", ""}};
  REQUIRE(env.get("ES_URL").has_value());
  CHECK(*env.get("ES_URL") == "https://es:9200");
  REQUIRE(env.get("EMPTY").has_value());
  CHECK(env.get("EMPTY")->empty());
  CHECK_FALSE(env.get("UNSET").has_value());
  CHECK_FALSE(env.get("es_url").has_value());  // names are case-sensitive
}

TEST_CASE("env: first_of returns the first set, non-empty variable with its name", "[env]") {
  const struct {
    const char* what;
    std::map<std::string, std::string> vars;
    bool found;
    std::string name;
    std::string value;
  } cases[] = {
      {"first set", {{"A", "a"}, {"B", "b"}}, true, "A", "a"},
      {"first empty is skipped", {{"A", ""}, {"B", "b"}}, true, "B", "b"},
      {"first unset", {{"B", "b"}}, true, "B", "b"},
      {"all empty", {{"A", ""}, {"B", ""}}, false, "", ""},
      {"none set", {{"C", "c"}}, false, "", ""},
  };
  for (const auto& c : cases) {
    Env env;
    env.vars = c.vars;
    INFO(c.what);
    const auto got = env.first_of({"A", "B"});
    REQUIRE(got.has_value() == c.found);
    if (got) {
      CHECK(got->first == c.name);
      CHECK(got->second == c.value);
    }
  }
}

TEST_CASE("env: first_of follows the order of the names, not of the map", "[env]") {
  Env env;
  env.vars = {{"A", "a"}, {"B", "b"}};
  const auto got = env.first_of({"B", "A"});
  REQUIRE(got.has_value());
  CHECK(got->first == "B");
  CHECK(got->second == "b");
}

TEST_CASE("env: from_process takes args without the program name and splits environ at '='",
          "[env]") {
  char prog[] = "escurl";
  char a1[] = "GET";
  char a2[] = "_cat/indices?v";
  char* argv[] = {prog, a1, a2, nullptr};
  char e1[] = "ES_URL=https://es:9200";
  char e2[] = "WITH_EQUALS=a=b=c";
  char e3[] = "EMPTY=";
  char e4[] = "NO_EQUALS_SIGN";
  char* envp[] = {e1, e2, e3, e4, nullptr};
  const Env env = Env::from_process(3, argv, envp);
  CHECK(env.args == std::vector<std::string>{"GET", "_cat/indices?v"});
  CHECK(env.vars.size() == 3);
  CHECK(env.get("ES_URL") == std::optional<std::string>("https://es:9200"));
  CHECK(env.get("WITH_EQUALS") == std::optional<std::string>("a=b=c"));
  CHECK(env.get("EMPTY") == std::optional<std::string>(""));
  CHECK_FALSE(env.get("NO_EQUALS_SIGN").has_value());
  CHECK(static_cast<bool>(env.read_stdin));
  CHECK(static_cast<bool>(env.prompt_secret));
}
