// SPDX-License-Identifier: MIT
// --write-out: curl's syntax (variables, %header{}, %%, escapes, stream switches), the values
// of each variable for a report, and that credentials in response headers print redacted.
#include "write_out.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "catch.h"
#include "scratch_dir.h"

using escurl::ResponseHead;
using escurl::TransferReport;
using escurl::WriteOutFormat;
using escurl::WriteOutPiece;

namespace {

TransferReport sample() {
  TransferReport r;
  ResponseHead h;
  h.status = 201;
  h.reason = "Created";
  h.headers = {{"Content-Type", "application/json"},
               {"X-Elastic-Product", "Elasticsearch"},
               {"Warning", "299 a"},
               {"warning", "299 b"},
               {"Set-Cookie", "sid=MARKER-COOKIE-SECRET; Path=/"}};
  r.head = h;
  r.method = "PUT";
  r.url_effective = "https://es:9200/idx";
  r.num_retries = 2;
  r.size_download = 1234;
  r.time_total = 0.5;
  r.time_connect = 0.001;
  r.time_appconnect = 0.0125;
  return r;
}

std::string render(std::string_view format, const TransferReport& r = sample()) {
  auto f = WriteOutFormat::parse(format);
  REQUIRE(f);
  std::string out;
  for (const WriteOutPiece& p : f->render(r)) out += fmt::format("[{}]{}", p.fd, p.text);
  return out;
}

}  // namespace

TEST_CASE("write_out: variables, escapes and %%", "[write_out]") {
  CHECK(render("%{http_code} %{response_code}\\n") == "[1]201 201\n");
  CHECK(render("%{time_total} %{time_connect} %{time_appconnect}") ==
        "[1]0.500000 0.001000 0.012500");
  CHECK(render("%{size_download}|%{num_retries}|%{method}|%{url_effective}") ==
        "[1]1234|2|PUT|https://es:9200/idx");
  CHECK(render("%{exitcode}:%{errormsg}:") == "[1]0::");
  CHECK(render("100%% \\t\\r\\\\ \\q") == "[1]100% \t\r\\ \\q");
  CHECK(render("%{content_type} %{http_version}") == "[1]application/json 1.1");
  CHECK(render("%{speed_download}") == "[1]2468");
}

TEST_CASE("write_out: a failed transfer has code 000, its exit code and message", "[write_out]") {
  TransferReport r;
  r.exit_code = 7;
  r.errormsg = "cannot connect to es:9200";
  CHECK(render("%{http_code} %{exitcode} %{errormsg}", r) == "[1]000 7 cannot connect to es:9200");
  CHECK(render("%header{content-type}|%{header_json}", r) == "[1]|{}");
}

TEST_CASE("write_out: %header{} joins repeats, any case; credentials redacted", "[write_out]") {
  CHECK(render("%header{WARNING}") == "[1]299 a, 299 b");
  CHECK(render("%header{missing}x") == "[1]x");
  const std::string cookie = render("%header{set-cookie}");
  CHECK(cookie.find("MARKER-COOKIE-SECRET") == std::string::npos);
  CHECK(cookie.find("<redacted>") != std::string::npos);
}

TEST_CASE("write_out: header_json and json are JSON documents without secrets", "[write_out]") {
  const std::string headers = render("%{header_json}").substr(3);
  const auto h = nlohmann::json::parse(headers);
  CHECK(h["warning"] == nlohmann::json::array({"299 a", "299 b"}));
  CHECK(h["content-type"] == nlohmann::json::array({"application/json"}));
  CHECK(headers.find("MARKER-COOKIE-SECRET") == std::string::npos);
  const auto all = nlohmann::json::parse(render("%{json}").substr(3));
  CHECK(all["http_code"] == 201);
  CHECK(all["time_appconnect"] == 0.0125);
  CHECK(all["num_retries"] == 2);
  CHECK(all["url_effective"] == "https://es:9200/idx");
  CHECK(all["errormsg"] == "");
}

TEST_CASE("write_out: %{stderr} and %{stdout} switch the stream", "[write_out]") {
  CHECK(render("a%{stderr}b%{stderr}c%{stdout}d") == "[1]a[2]bc[1]d");
  CHECK(render("%{stderr}%{stdout}x") == "[1]x");
}

TEST_CASE("write_out: unknown variables and unclosed braces are usage errors", "[write_out]") {
  auto bad = WriteOutFormat::parse("%{http_cod}");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == escurl::Errc::Usage);
  CHECK(bad.error().message.find("%{http_cod}") != std::string::npos);
  REQUIRE(!bad.error().hints.empty());
  CHECK(bad.error().hints[0].find("%{http_code}") != std::string::npos);
  CHECK_FALSE(WriteOutFormat::parse("%{http_code"));
  CHECK_FALSE(WriteOutFormat::parse("%header{x"));
  // A lone % that starts nothing stays as typed.
  CHECK(render("50% done") == "[1]50% done");
}

TEST_CASE("write_out: the format from @FILE, @- and literally", "[write_out]") {
  escurl::testing::ScratchDir dir;
  const std::string path = dir.file("fmt", "%{http_code}\\n");
  escurl::Env env;
  env.read_stdin = [] { return escurl::Result<std::string>(std::string("from stdin")); };
  escurl::StdinClaim claim;
  auto from_file = escurl::load_write_out_format("@" + path, env, claim);
  REQUIRE(from_file);
  CHECK(*from_file == "%{http_code}\\n");
  auto literal = escurl::load_write_out_format("%{json}", env, claim);
  REQUIRE(literal);
  CHECK(*literal == "%{json}");
  auto from_stdin = escurl::load_write_out_format("@-", env, claim);
  REQUIRE(from_stdin);
  CHECK(*from_stdin == "from stdin");
  CHECK_FALSE(escurl::load_write_out_format("@-", env, claim));  // stdin read once
  auto missing = escurl::load_write_out_format("@" + path + ".none", env, claim);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == escurl::Errc::Usage);
  // /dev/zero stops at the cap instead of filling memory.
  auto zero = escurl::load_write_out_format("@/dev/zero", env, claim);
  REQUIRE_FALSE(zero);
  CHECK(zero.error().message.starts_with("cannot read --write-out @/dev/zero: it is larger than"));
}

TEST_CASE("write_out: seconds_since", "[write_out]") {
  const auto t0 = std::chrono::steady_clock::time_point{} + std::chrono::seconds(10);
  CHECK(escurl::seconds_since(t0, std::nullopt) == 0);
  CHECK(escurl::seconds_since(t0, t0 + std::chrono::milliseconds(250)) == Approx(0.25));
  CHECK(escurl::seconds_since(t0, t0 - std::chrono::seconds(1)) == 0);
}
