// SPDX-License-Identifier: MIT
// Env: variable look-ups (an empty value is set; first_of skips empty ones), the process
// snapshot, and read_file, whose errors name the path and never the content.
#include "env.h"

#include <fcntl.h>
#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catch.h"
#include "scratch_dir.h"

using escurl::Env;
using escurl::Errc;
using escurl::Result;

namespace {

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("env") {}
};

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

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

TEST_CASE("env: read_file returns the whole content byte for byte", "[env]") {
  TempDir dir;
  SECTION("small text with newlines kept") {
    const std::string path = dir.file("a.txt", "line1\r\nline2\n");
    Result<std::string> r = escurl::read_file(path);
    REQUIRE(r);
    CHECK(*r == "line1\r\nline2\n");
  }
  SECTION("binary content with NUL bytes") {
    const std::string bytes("\0\x01\xff{}\0", 6);
    const std::string path = dir.file("b.bin", bytes);
    Result<std::string> r = escurl::read_file(path);
    REQUIRE(r);
    CHECK(*r == bytes);
  }
  SECTION("larger than one read buffer") {
    std::string big;
    for (int i = 0; i < 50000; ++i) big += static_cast<char>('a' + i % 26);
    const std::string path = dir.file("big.txt", big);
    Result<std::string> r = escurl::read_file(path);
    REQUIRE(r);
    CHECK(r->size() == big.size());
    CHECK(*r == big);
  }
  SECTION("an empty file") {
    const std::string path = dir.file("empty", "");
    Result<std::string> r = escurl::read_file(path);
    REQUIRE(r);
    CHECK(r->empty());
  }
}

TEST_CASE("env: read_file errors name the path and the OS error", "[env]") {
  TempDir dir;
  SECTION("a missing file") {
    const std::string path = dir.path() + "/missing.json";
    Result<std::string> r = escurl::read_file(path);
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::ReadBody);
    CHECK(contains(r.error().message, path));
    CHECK(contains(r.error().message, std::strerror(ENOENT)));
  }
  SECTION("a directory") {
    dir.file("secret.txt", "hunter2");
    Result<std::string> r = escurl::read_file(dir.path());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == Errc::ReadBody);
    CHECK(contains(r.error().message, dir.path()));
    CHECK(contains(r.error().message, std::strerror(EISDIR)));
    CHECK_FALSE(contains(r.error().message, "hunter2"));
  }
}

TEST_CASE("env: read_all_secret reads everything within the limit, in one buffer", "[env]") {
  escurl::testing::ScratchDir dir("env-secret");
  const std::string big(70000, 'k');
  const std::string path = dir.file("big", big);
  const int fd = ::open(path.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  std::string out;
  // A size hint below the real size still reads it all.
  REQUIRE(escurl::read_all_secret(fd, 10, 1 << 20, out));
  ::close(fd);
  CHECK(out == big);

  const int again = ::open(path.c_str(), O_RDONLY);
  REQUIRE(again >= 0);
  std::string capped;
  escurl::Result<void> r = escurl::read_all_secret(again, big.size(), 1000, capped);
  ::close(again);
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "it is larger than 1000 bytes");
}
