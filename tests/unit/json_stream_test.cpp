// SPDX-License-Identifier: MIT
// JsonFormatter: jq's pretty layout and a minified form, byte-for-byte strings and numbers, the
// same output whatever the chunk boundaries, raw pass-through from the byte where invalid input
// breaks, NDJSON one document per line, colour that strips back to the plain output, and bounded
// memory on a 100 MB string. When jq is installed, a few documents are compared with `jq .`.
#include "json_stream.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "catch.h"

using escurl::BodyKind;
using escurl::JsonFormatter;
using escurl::JsonStyle;

namespace {

using Mode = JsonStyle::Mode;
constexpr JsonStyle kPretty{};
constexpr JsonStyle kCompact{Mode::Compact, false, 2};

struct Formatted {
  std::string text;
  bool failed = false;
  bool operator==(const Formatted&) const = default;
};

// Feeds `in` cut at `cuts` (ascending offsets), then finishes.
Formatted format_cut(std::string_view in, const std::vector<std::size_t>& cuts,
                     JsonStyle style = kPretty, BodyKind kind = BodyKind::Json) {
  JsonFormatter f(style, kind);
  Formatted r;
  std::string out;
  std::size_t from = 0;
  for (const std::size_t cut : cuts) {
    out.clear();
    f.feed(in.substr(from, cut - from), out);
    r.text += out;
    from = cut;
  }
  out.clear();
  f.feed(in.substr(from), out);
  r.text += out;
  out.clear();
  f.finish(out);
  r.text += out;
  r.failed = f.failed();
  return r;
}

Formatted format(std::string_view in, JsonStyle style = kPretty, BodyKind kind = BodyKind::Json) {
  return format_cut(in, {}, style, kind);
}

std::string pretty(std::string_view in) { return format(in).text; }
std::string compact(std::string_view in) { return format(in, kCompact).text; }

// Cuts at every offset (or a stride of them when the output is large), byte by byte, and at
// random sets of offsets: all must give the output of the whole.
void check_chunk_independent(std::string_view in, JsonStyle style = kPretty,
                             BodyKind kind = BodyKind::Json) {
  const Formatted whole = format(in, style, kind);
  const std::size_t budget = 40'000'000 / std::max<std::size_t>(whole.text.size(), 1);
  const std::size_t stride = std::max<std::size_t>(1, in.size() / std::max<std::size_t>(budget, 1));
  for (std::size_t cut = 0; cut <= in.size(); cut += stride) {
    INFO("cut at " << cut);
    REQUIRE(format_cut(in, {cut}, style, kind) == whole);
  }
  std::vector<std::size_t> bytewise;
  for (std::size_t i = 1; i < in.size(); ++i) bytewise.push_back(i);
  REQUIRE(format_cut(in, bytewise, style, kind) == whole);
  std::mt19937 rng(static_cast<unsigned>(in.size()));
  for (int round = 0; round < 20 && !in.empty(); ++round) {
    std::vector<std::size_t> cuts(1 + rng() % 8);
    for (std::size_t& c : cuts) c = rng() % in.size();
    std::sort(cuts.begin(), cuts.end());
    REQUIRE(format_cut(in, cuts, style, kind) == whole);
  }
}

// A reference minifier: drops whitespace outside strings.
std::string minify(std::string_view in) {
  std::string out;
  bool in_string = false;
  bool escaped = false;
  for (const char c : in) {
    if (in_string) {
      out += c;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
      out += c;
      in_string = c == '"';
    }
  }
  return out;
}

std::string strip_ansi(const std::string& s) {
  static const std::regex kSgr("\x1b\\[[0-9;]*m");
  return std::regex_replace(s, kSgr, "");
}

struct Doc {
  const char* name;
  std::string input;
  std::optional<std::string> expected;  // pretty output, written out for small documents
};

std::string nested_arrays(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

std::string nested_objects(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += R"({"k":[)";
  s += "0";
  for (int i = 0; i < depth; ++i) s += "]}";
  return s;
}

std::string search_response(int hits) {
  std::string s = R"({"took":3,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,)"
                  R"("failed":0},"hits":{"total":{"value":)" +
                  std::to_string(hits) + R"(,"relation":"eq"},"max_score":1.0,"hits":[)";
  for (int i = 0; i < hits; ++i) {
    s += (i ? "," : "") + std::string(R"({"_index":"logs","_id":")") + std::to_string(i) +
         R"(","_score":1.0,"_source":{"message":"GET /index.html \"200\"","bytes":)" +
         std::to_string(i * 37) +
         R"(,"tags":["web","prod"],"geo":{"lat":48.85,"lon":2.35},)"
         R"("user":null,"ok":true}})";
  }
  return s + "]}}";
}

// Documents long enough for the fast path, which formats whole tokens inside containers where 32
// bytes remain in the chunk and hands anything else back to the byte-by-byte state machine:
// escapes at every offset of a 16-byte block, keys and numbers longer than a block, indented
// input, literals. Fed byte by byte, the fast path never runs; fed whole, it formats nearly all.
std::vector<std::string> fast_path_docs() {
  std::string escapes = "{";
  for (int at = 0; at < 20; ++at) {
    const std::string pad(static_cast<std::size_t>(at), 'x');
    escapes += (at ? "," : "") + std::string("\"k") + pad + R"(\"q":")" + pad + R"(\u00e9\n",)" +
               "\"" + pad + R"(\\":[")" + pad + R"(\t"])" + "\n";
  }
  escapes += "}";
  std::string numbers = "[";
  for (const char* n : {"0", "-0", "1.5", "-12.25e3", "1E+10", "2.5e-3", "0.0", "1e5", "-7",
                        "123456789012345678901234567890", "0.000000000000000000001"}) {
    numbers +=
        std::string(R"({"n":)") + n + R"(,"a":[)" + n + "," + n + R"(],"m":{"x":)" + n + "}},";
  }
  numbers += R"("end"])";
  const std::string long_strings = R"({")" + std::string(70, 'k') + R"(":")" +
                                   std::string(100, 'v') + R"(","s":[")" + std::string(33, 'w') +
                                   R"("],")" + std::string(31, 'q') + R"(":{}})";
  const std::string literals =
      R"([true,false,null,{"a":true,"b":false,"c":null},[null,[true]],{"d":[false]},)"
      R"({"e":{},"f":[],"g":[{}],"h":[[]]},"x"])";
  const std::string indented = nlohmann::ordered_json::parse(search_response(3)).dump(4);
  const std::string crlf = std::regex_replace(indented, std::regex("\n"), "\r\n\t");
  return {escapes, numbers, long_strings, literals, indented, crlf, search_response(4)};
}

std::vector<Doc> corpus() {
  return {
      {"object", R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})",
       "{\n  \"a\": 1,\n  \"b\": [\n    true,\n    false,\n    null\n  ],\n  \"c\": {\n"
       "    \"d\": \"e\"\n  }\n}\n"},
      {"empty object", "{}", "{}\n"},
      {"empty array", "[]", "[]\n"},
      {"array of empty object", "[{}]", "[\n  {}\n]\n"},
      {"empty containers", R"({"a":{},"b":[],"c":[[],{}]})",
       "{\n  \"a\": {},\n  \"b\": [],\n  \"c\": [\n    [],\n    {}\n  ]\n}\n"},
      {"escapes", R"({"q":"say \"hi\" \\ \/ \b\f\n\r\t","u":"\u00e9\uD83D\uDE00"})",
       "{\n  \"q\": \"say \\\"hi\\\" \\\\ \\/ \\b\\f\\n\\r\\t\",\n"
       "  \"u\": \"\\u00e9\\uD83D\\uDE00\"\n}\n"},
      {"raw utf-8", "{\"caf\xc3\xa9\":\"\xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad\"}",
       "{\n  \"caf\xc3\xa9\": \"\xe2\x82\xac \xf0\x9f\x98\x80 \xe4\xb8\xad\"\n}\n"},
      {"numbers", "[-0,0,1e-7,1.5E+10,-12.25e3,1.0,123456789012345678901234567890]",
       "[\n  -0,\n  0,\n  1e-7,\n  1.5E+10,\n  -12.25e3,\n  1.0,\n"
       "  123456789012345678901234567890\n]\n"},
      {"whitespace", " \t\r\n{ \"a\" :\t[ 1 ,\r\n2 ] ,\n\"b\" : { } }\n\n",
       "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}\n"},
      {"string scalar", R"("just a string")", "\"just a string\"\n"},
      {"number scalar", "42", "42\n"},
      {"literal scalar", "null", "null\n"},
      {"deep arrays", nested_arrays(1000), std::nullopt},
      {"deep objects", nested_objects(500), std::nullopt},  // 1000 levels
      {"long string", "[\"" + std::string(300'000, 'x') + "\\n\"]", std::nullopt},
      {"search response", search_response(50), std::nullopt},
  };
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("json_stream: pretty output is jq's layout, byte for byte", "[json_stream]") {
  for (const Doc& doc : corpus()) {
    INFO(doc.name);
    const Formatted out = format(doc.input);
    CHECK_FALSE(out.failed);
    if (doc.expected) CHECK(out.text == *doc.expected);
    CHECK(nlohmann::json::parse(out.text) == nlohmann::json::parse(doc.input));
    CHECK(minify(out.text) == minify(doc.input));  // only whitespace outside strings moved
  }
}

TEST_CASE("json_stream: matches nlohmann's dump(2) where numbers and strings print alike",
          "[json_stream]") {
  for (const std::string& in : {search_response(3), nested_objects(40), nested_arrays(30),
                                std::string(R"({"z":1,"a":[{"q":"\"x\"\\"}],"m":{}})")}) {
    const std::string expected = nlohmann::ordered_json::parse(in).dump(2) + "\n";
    CHECK(pretty(in) == expected);
  }
}

TEST_CASE("json_stream: output is independent of chunk boundaries", "[json_stream]") {
  for (const Doc& doc : corpus()) {
    INFO(doc.name);
    check_chunk_independent(doc.input);
    check_chunk_independent(doc.input, kCompact);
    check_chunk_independent(doc.input, JsonStyle{Mode::Pretty, true, 2});
  }
}

TEST_CASE("json_stream: several top-level values each get a line", "[json_stream]") {
  const std::string in = "1 2 \"x\"[]{\"a\":true}\n\nnull -5";
  CHECK(pretty(in) == "1\n2\n\"x\"\n[]\n{\n  \"a\": true\n}\nnull\n-5\n");
  CHECK(compact(in) == "1\n2\n\"x\"\n[]\n{\"a\":true}\nnull\n-5\n");
  CHECK_FALSE(format(in).failed);
  check_chunk_independent(in);
  CHECK(format("").text.empty());
  CHECK(format(" \n\t ").text.empty());
  CHECK_FALSE(format(" \n\t ").failed);
}

TEST_CASE("json_stream: compact mode drops every insignificant space", "[json_stream]") {
  for (const Doc& doc : corpus()) {
    INFO(doc.name);
    const Formatted out = format(doc.input, kCompact);
    CHECK_FALSE(out.failed);
    CHECK(out.text == minify(doc.input) + "\n");
    CHECK(nlohmann::json::parse(out.text) == nlohmann::json::parse(doc.input));
    CHECK(compact(pretty(doc.input)) == out.text);  // and round-trips through pretty
  }
}

TEST_CASE("json_stream: indent width is configurable", "[json_stream]") {
  const JsonStyle four{Mode::Pretty, false, 4};
  CHECK(format(R"({"a":[1]})", four).text == "{\n    \"a\": [\n        1\n    ]\n}\n");
  const JsonStyle zero{Mode::Pretty, false, 0};
  CHECK(format(R"({"a":[1]})", zero).text == "{\n\"a\": [\n1\n]\n}\n");
}

TEST_CASE("json_stream: invalid input passes through raw from where it breaks", "[json_stream]") {
  struct Bad {
    std::string input;
    std::string expected;
  };
  const std::vector<Bad> cases = {
      {R"({"a":})", "{\n  \"a\": }"},
      {"[1,,2]", "[\n  1,,2]"},
      {R"({"a" 1})", "{\n  \"a\"1}"},
      {R"({"a":1} xyz {"b":2})", "{\n  \"a\": 1\n}\nxyz {\"b\":2}"},
      {"[1]]\n[2]", "[\n  1\n]\n]\n[2]"},
      {R"({"a":[1,2)", "{\n  \"a\": [\n    1,\n    2"},
      {R"({"a":"unterminated)", "{\n  \"a\": \"unterminated"},
      {R"({"a":1,})", "{\n  \"a\": 1,}"},
      {"[1,]", "[\n  1,]"},
      {"{1:2}", "{1:2}"},
      {"[1 2]", "[\n  12]"},
      {"[tru]", "[\n  tru]"},
      {"nul!", "nul!"},
      {"truex", "true\nx"},
      {"1true", "1\ntrue"},
      {"[01]", "[\n  01]"},
      {"[1.]", "[\n  1.]"},
      {"[-]", "[\n  -]"},
      {"[1e+]", "[\n  1e+]"},
      {"[+1]", "[+1]"},
      {"[.5]", "[.5]"},
      {"1e", "1e"},
      {R"(["\q"])", "[\n  \"\\q\"]"},
      {R"(["\u12G4"])", "[\n  \"\\u12G4\"]"},
      {"[\"a\x01"
       "b\"]",
       "[\n  \"a\x01"
       "b\"]"},
      {"}", "}"},
      {"[}", "[}"},
      {"\xef\xbb\xbf{}", "\xef\xbb\xbf{}"},
  };
  for (const Bad& bad : cases) {
    INFO(bad.input);
    const Formatted out = format(bad.input);
    CHECK(out.failed);
    CHECK(out.text == bad.expected);
    check_chunk_independent(bad.input);
  }
}

TEST_CASE("json_stream: nesting beyond 1000 levels is passed through", "[json_stream]") {
  CHECK_FALSE(format(nested_arrays(1000)).failed);  // Elasticsearch's own limit
  const std::string in = nested_arrays(1001);
  const Formatted out = format(in, kCompact);
  CHECK(out.failed);
  CHECK(out.text == in);  // 1000 levels formatted (compactly: unchanged), the rest raw
  const Formatted pretty_out = format(in);
  CHECK(pretty_out.failed);
  CHECK(
      pretty_out.text.ends_with("\n" + std::string(2 * 999, ' ') + "[[" + std::string(1001, ']')));
}

TEST_CASE("json_stream: colours follow jq's palette and strip back to the plain output",
          "[json_stream]") {
  const JsonStyle colour{Mode::Pretty, true, 2};
  CHECK(format(R"({"k":["s",1,null,true]})", colour).text ==
        "{\n  \x1b[34;1m\"k\"\x1b[0m: [\n    \x1b[0;32m\"s\"\x1b[0m,\n"
        "    \x1b[0;39m1\x1b[0m,\n    \x1b[1;30mnull\x1b[0m,\n    \x1b[0;39mtrue\x1b[0m\n  ]\n}\n");
  for (const Doc& doc : corpus()) {
    INFO(doc.name);
    CHECK(strip_ansi(format(doc.input, colour).text) == pretty(doc.input));
    const JsonStyle compact_colour{Mode::Compact, true, 2};
    CHECK(strip_ansi(format(doc.input, compact_colour).text) == compact(doc.input));
  }
  // A token cut short by invalid input still gets its colour reset.
  CHECK(format(R"(["abc)", colour).text == "[\n  \x1b[0;32m\"abc\x1b[0m");
  CHECK(format("[tru]", colour).text == "[\n  \x1b[0;39mtru\x1b[0m]");
}

TEST_CASE("json_stream: NDJSON formats each line as its own document", "[json_stream]") {
  const std::string bulk =
      "{\"index\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"f\":1}\n\n{\"delete\":{\"_id\":\"2\"}}\r\n";
  const Formatted out = format(bulk, kPretty, BodyKind::Ndjson);
  CHECK_FALSE(out.failed);
  CHECK(out.text ==
        "{\n  \"index\": {\n    \"_index\": \"i\",\n    \"_id\": \"1\"\n  }\n}\n"
        "{\n  \"f\": 1\n}\n\n{\n  \"delete\": {\n    \"_id\": \"2\"\n  }\n}\n");
  CHECK(
      format(bulk, kCompact, BodyKind::Ndjson).text ==
      "{\"index\":{\"_index\":\"i\",\"_id\":\"1\"}}\n{\"f\":1}\n\n{\"delete\":{\"_id\":\"2\"}}\n");
  CHECK(format("1\n2", kCompact, BodyKind::Ndjson).text == "1\n2\n");  // last line unterminated
  CHECK(format("\n\n", kCompact, BodyKind::Ndjson).text == "\n\n");
  check_chunk_independent(bulk, kPretty, BodyKind::Ndjson);
  check_chunk_independent(bulk, kCompact, BodyKind::Ndjson);
}

TEST_CASE("json_stream: a broken NDJSON line passes raw and the next line is fresh",
          "[json_stream]") {
  const std::string in = "{\"a\":1}\n{\"b\":\n[1,\n{\"c\":2} x\n\"tail\"";
  const Formatted out = format(in, kCompact, BodyKind::Ndjson);
  CHECK(out.failed);
  CHECK(out.text == "{\"a\":1}\n{\"b\":\n[1,\n{\"c\":2}\nx\n\"tail\"\n");
  check_chunk_independent(in, kCompact, BodyKind::Ndjson);
  check_chunk_independent(in, kPretty, BodyKind::Ndjson);
  CHECK(format("{\"a\":", kCompact, BodyKind::Ndjson).failed);  // truncated last line
}

TEST_CASE("json_stream: whole tokens formatted in bulk agree with byte-by-byte formatting",
          "[json_stream]") {
  for (const std::string& doc : fast_path_docs()) {
    INFO(doc);
    const Formatted out = format(doc);
    CHECK_FALSE(out.failed);
    CHECK(nlohmann::json::parse(out.text) == nlohmann::json::parse(doc));
    CHECK(minify(out.text) == minify(doc));
    CHECK(format(doc, kCompact).text == minify(doc) + "\n");
    check_chunk_independent(doc);
    check_chunk_independent(doc, kCompact);
    check_chunk_independent(doc, JsonStyle{Mode::Pretty, true, 2});
    check_chunk_independent(doc, JsonStyle{Mode::Compact, true, 2});
    check_chunk_independent(doc, JsonStyle{Mode::Pretty, false, 8});
  }
}

TEST_CASE("json_stream: invalid input deep in a document breaks where it does byte by byte",
          "[json_stream]") {
  const std::string head = R"({"pad":")" + std::string(40, 'x') + R"(","list":[1,2,3],)";
  for (const std::string bad :
       {R"("a":tru})",       R"("a":1.})",  R"("a":[1,]})",     R"("a" 1})",       R"("a":"x\qy"})",
        "\"a\":\"x\x01y\"}", R"("a":01})",  R"("a":-})",        R"("a":{"b":1]})", R"("a":[1})",
        R"("a":truex})",     R"("a":1e+})", R"("a":"\u12G4"})", R"("a":1 2})",     R"("a"::1})",
        R"(,"a":1})",        R"("a":1,})",  "\"a\":\v1}",       R"("a":[1]])",     R"("a":+1})"}) {
    const std::string doc = head + bad + std::string(40, ' ') + R"({"next":[1,2,3]})";
    INFO(doc);
    CHECK(format(doc).failed);
    check_chunk_independent(doc);
    check_chunk_independent(doc, JsonStyle{Mode::Compact, true, 2});
  }
  // The nesting limit holds for objects as for arrays, and the output up to it is the same.
  const std::string deep = nested_objects(501);  // 1002 levels
  CHECK(format(deep).failed);
  check_chunk_independent(deep, kCompact);
}

TEST_CASE("json_stream: NDJSON lines formatted in bulk agree with byte-by-byte formatting",
          "[json_stream]") {
  const std::string line = R"({"index":{"_index":"logs-2024","_id":"12345","routing":null}})";
  const std::string doc = line + "\n" + search_response(1) + "\r\n\n" + line +
                          "\n{\"broken\":[1,2,\n" + line + "\n[" + std::string(40, ' ') + "1,\n\n" +
                          line;
  CHECK(format(doc, kCompact, BodyKind::Ndjson).failed);
  check_chunk_independent(doc, kPretty, BodyKind::Ndjson);
  check_chunk_independent(doc, kCompact, BodyKind::Ndjson);
  check_chunk_independent(doc, JsonStyle{Mode::Pretty, true, 2}, BodyKind::Ndjson);
}

TEST_CASE("json_stream: content types choose JSON or NDJSON", "[json_stream]") {
  using escurl::body_kind_for_content_type;
  CHECK(body_kind_for_content_type("application/json; charset=UTF-8") == BodyKind::Json);
  CHECK(body_kind_for_content_type("application/vnd.elasticsearch+json;compatible-with=8") ==
        BodyKind::Json);
  CHECK(body_kind_for_content_type("application/x-ndjson") == BodyKind::Ndjson);
  CHECK(body_kind_for_content_type("Application/VND.Elasticsearch+X-NDJSON; compatible-with=8") ==
        BodyKind::Ndjson);
  CHECK_FALSE(body_kind_for_content_type("text/plain; charset=UTF-8"));
  CHECK_FALSE(body_kind_for_content_type("application/yaml"));
  CHECK_FALSE(body_kind_for_content_type(""));
}

TEST_CASE("json_stream: json_string_run stops at quotes, backslashes and control bytes",
          "[json_stream]") {
  using escurl::json_string_run;
  CHECK(json_string_run("") == 0);
  CHECK(json_string_run("abc") == 3);
  const std::string long_plain(100, '\xc3');
  CHECK(json_string_run(long_plain) == 100);
  for (std::size_t at = 0; at < 40; ++at) {
    for (const char stop : {'"', '\\', '\n', '\x00', '\x1f'}) {
      std::string s(40, 'a');
      s[at] = stop;
      CHECK(json_string_run(s) == at);
    }
  }
  CHECK(json_string_run("\x7f\x80\xff ") == 4);
}

TEST_CASE("json_stream: a 100 MB string streams through in bounded memory", "[json_stream]") {
  constexpr std::size_t kChunk = 64 * 1024;
  constexpr std::size_t kChunks = 1600;  // 100 MiB + a bit
  std::string chunk(kChunk, 'x');
  for (std::size_t i = 0; i < kChunk; i += 1000) chunk.replace(i, 2, "\\\"");
  JsonFormatter f(kPretty);
  std::string out;
  [[maybe_unused]] const long rss_before = peak_rss_kib();
  std::size_t total = 0;
  for (std::size_t i = 0; i <= kChunks; ++i) {
    const std::string_view piece = i == 0 ? std::string_view("\"") : std::string_view(chunk);
    out.clear();
    f.feed(piece, out);
    total += out.size();
    REQUIRE(out == piece);  // nothing held back, nothing added inside a string
  }
  out.clear();
  f.feed("\"", out);
  f.finish(out);
  CHECK(out == "\"\n");
  CHECK_FALSE(f.failed());
  CHECK(total == 1 + kChunks * kChunk);
#ifndef ESCURL_SANITIZED  // ASan holds freed blocks in quarantine
  CHECK(peak_rss_kib() - rss_before < 32 * 1024);
#endif
}

TEST_CASE("json_stream: matches jq . and jq -c . when jq is installed", "[json_stream]") {
  if (std::system("command -v jq >/dev/null 2>&1") != 0) return;  // optional: skip silently
  char path[] = "/tmp/escurl-json-stream-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  const auto run_jq = [&path](const std::string& args) {
    std::string text;
    FILE* pipe = ::popen(("jq " + args + " " + path).c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
    ::pclose(pipe);
    return text;
  };
  const std::vector<std::string> docs = {
      R"({"took":3,"hits":{"hits":[{"_id":"1","_source":{"a":[1,2,{}],"b":"x\"y","c":[]}}]}})",
      nested_objects(30), "1 [2] {\"a\":null} \"s\"", "{\"caf\xc3\xa9\":\"\xe2\x82\xac\"}"};
  for (const std::string& doc : docs) {
    INFO(doc);
    std::ofstream(path, std::ios::binary) << doc;
    CHECK(pretty(doc) == run_jq("."));
    CHECK(compact(doc) == run_jq("-c ."));
  }
  std::remove(path);
}

TEST_CASE("json_stream: mutated documents agree with a reference parser", "[json_stream]") {
  const std::string alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn\n";
  const std::vector<std::string> seeds = {
      R"({"a":[1,2,{"b":null}],"c":"x\"y","d":-1.5e3,"e":true,"f":[]})", search_response(2)};
  std::mt19937 rng(7);
  for (int round = 0; round < 4000; ++round) {
    std::string doc = seeds[static_cast<std::size_t>(round) % seeds.size()];
    for (unsigned edits = 1 + rng() % 3; edits > 0; --edits) {
      const std::size_t at = rng() % doc.size();
      const char c = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          doc.insert(at, 1, c);
          break;
        case 1:
          doc.erase(at, 1);
          break;
        default:
          doc[at] = c;
      }
    }
    INFO(doc);
    const Formatted out = format(doc, kCompact);
    if (nlohmann::json::accept(doc)) {
      REQUIRE_FALSE(out.failed);
      REQUIRE(nlohmann::json::parse(out.text) == nlohmann::json::parse(doc));
    }
    if (!out.failed) {  // several values, one per line, each valid, nothing else changed
      std::string joined;
      std::istringstream lines(out.text);
      for (std::string line; std::getline(lines, line); joined += line) {
        REQUIRE(nlohmann::json::accept(line));
      }
      REQUIRE(joined == minify(doc));
    }
    const std::size_t cut = rng() % (doc.size() + 1);
    REQUIRE(format_cut(doc, {cut / 2, cut}, kCompact) == out);
    REQUIRE(format_cut(doc, {cut}, kPretty) == format(doc));
    if (round % 8 == 0) {  // byte by byte, which never takes the fast path
      std::vector<std::size_t> every(doc.size());
      for (std::size_t i = 0; i < every.size(); ++i) every[i] = i;
      REQUIRE(format_cut(doc, every, kCompact) == out);
    }
  }
}
