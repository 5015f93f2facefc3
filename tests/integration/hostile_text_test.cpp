// SPDX-License-Identifier: MIT
// What a hostile server, proxy or certificate says reaches stderr only escaped: escape
// sequences and CR/LF in the status reason phrase, in an Elasticsearch error reason, in a -v
// response header, in an unfollowed redirect's Location, in a proxy's 407 reason, and in the
// names of a certificate (host mismatch, `escurl tls inspect`). None can forge an
// "escurl: error:" line. Also nginx's page for a missing client certificate gets its hint.
#include <sstream>
#include <string>
#include <vector>

#include "catch.h"
#include "certgen.h"
#include "raw_server.h"
#include "run_cli.h"
#include "temp_dir.h"

using escurl::testing::hang_guard;
using escurl::testing::RawConnection;
using escurl::testing::RawServer;
using escurl::testing::run_cli;
using escurl::testing::RunResult;
using escurl::testing::TempDir;

namespace {

// A plain server answering every request with `reply`, then closing.
RawServer answering(std::string reply) {
  return RawServer([reply](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send(reply);
    c.pause(100);
    c.close();
  });
}

std::string response(const std::string& status_line, const std::string& headers,
                     const std::string& body) {
  return status_line + "\r\n" + headers + "Content-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

// No byte that drives a terminal or breaks a line, and no line but escurl's own starts with
// "escurl: error:".
void check_clean(const std::string& err, int error_lines = 0) {
  INFO("stderr: " << err);
  CHECK(err.find('\x1b') == std::string::npos);
  CHECK(err.find('\x07') == std::string::npos);
  CHECK(err.find('\r') == std::string::npos);
  CHECK(err.find("\xc2\x9b") == std::string::npos);
  int errors = 0;
  std::istringstream lines(err);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("escurl: error:")) ++errors;
    CHECK_FALSE(line.starts_with("escurl: error: forged"));
  }
  CHECK(errors == error_lines);
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("hostile text: a status reason phrase with escape sequences and a bare CR",
          "[integration][terminal_text]") {
  RawServer server =
      answering(response("HTTP/1.1 502 Bad\x1b[2J\x1b]0;pwned\x07 Gate\rescurl: error: forged",
                         "Content-Type: text/html\r\n", "<html>no</html>"));
  REQUIRE(server.ok());
  const RunResult r = run_cli({"--url", server.url(), "GET", "/"}, hang_guard());
  CHECK(r.exit_code == 22);
  check_clean(r.err);
  CHECK(contains(r.err, "HTTP 502 Bad\\x1b[2J\\x1b]0;pwned\\x07 Gate\\rescurl: error: forged"));
}

TEST_CASE("hostile text: an error reason cannot forge a line or reach the terminal",
          "[integration][terminal_text]") {
  const std::string body =
      R"({"error":{"type":"illegal_argument_exception\u001b[31m","reason":"bad\r\nescurl: error: forged \u001b]0;pwned\u0007 \u009b2J"},"status":400})";
  RawServer server =
      answering(response("HTTP/1.1 400 Bad Request", "Content-Type: application/json\r\n", body));
  REQUIRE(server.ok());
  const RunResult r = run_cli({"--url", server.url(), "GET", "/"}, hang_guard());
  CHECK(r.exit_code == 22);
  check_clean(r.err);
  CHECK(contains(r.err,
                 "escurl: HTTP 400 illegal_argument_exception\\x1b[31m: bad\\r\\nescurl: "
                 "error: forged \\x1b]0;pwned\\x07 \\xc2\\x9b2J\n"));
  CHECK(r.out == body);  // the body itself is the output's, as received
}

TEST_CASE("hostile text: -v shows response headers escaped", "[integration][terminal_text]") {
  RawServer server = answering(response("HTTP/1.1 200 OK",
                                        "X-Evil: \x1b]0;pwned\x07\x1b[2J\rescurl: error: "
                                        "forged\r\nContent-Type: application/json\r\n",
                                        "{}"));
  REQUIRE(server.ok());
  const RunResult r = run_cli({"-v", "--url", server.url(), "GET", "/"}, hang_guard());
  CHECK(r.exit_code == 0);
  check_clean(r.err);
  CHECK(contains(r.err, "< X-Evil: \\x1b]0;pwned\\x07\\x1b[2J\\rescurl: error: forged\n"));
  // -i writes the head to the output as received, as curl does.
  const RunResult raw = run_cli({"-i", "--url", server.url(), "GET", "/"}, hang_guard());
  CHECK(contains(raw.out, "X-Evil: \x1b]0;pwned"));
}

TEST_CASE("hostile text: an unfollowed redirect's Location is escaped and bounded",
          "[integration][terminal_text]") {
  RawServer server =
      answering(response("HTTP/1.1 302 Found",
                         "Location: /next\x1b[2J\x1b]0;pwned\x07\rescurl: error: forged" +
                             std::string(5000, 'x') + "\r\n",
                         ""));
  REQUIRE(server.ok());
  const RunResult r = run_cli({"--url", server.url(), "GET", "/"}, hang_guard());
  CHECK(r.exit_code == 0);
  check_clean(r.err);
  CHECK(contains(r.err,
                 "HTTP 302 redirect to /next\\x1b[2J\\x1b]0;pwned\\x07\\rescurl: error: "
                 "forged"));
  CHECK(contains(r.err, "x\xe2\x80\xa6 (not followed: add -L to follow)"));
  CHECK(r.err.size() < 5000);
}

TEST_CASE("hostile text: a proxy's 407 reason is escaped", "[integration][terminal_text]") {
  RawServer proxy([](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send(
        "HTTP/1.1 407 Auth\x1b[2J\x1b]0;pwned\x07 \xc2\x9b"
        "31m\rescurl: error: forged\r\n"
        "Content-Length: 0\r\nConnection: close\r\n\r\n");
    c.pause(100);
    c.close();
  });
  REQUIRE(proxy.ok());
  const RunResult r =
      run_cli({"--proxy", proxy.url(), "--url", "https://127.0.0.1:9", "GET", "/"}, hang_guard());
  CHECK(r.exit_code == 97);
  check_clean(r.err, 1);
  CHECK(contains(r.err,
                 "(407 Auth\\x1b[2J\\x1b]0;pwned\\x07 \\xc2\\x9b31m\\rescurl: error: forged)"));
}

namespace {

// A CA, and a leaf whose names are a hostile server's choice: none is 127.0.0.1.
struct HostilePki {
  TempDir dir;
  es_sandbox::Certificate ca = *es_sandbox::make_ca({.common_name = "Hostile CA"});
  es_sandbox::Certificate leaf = *es_sandbox::make_signed(
      {.common_name = "evil\xc2\x9b"
                      "2Jcn",
       .dns_names = {"evil\x1b]0;pwned\x07.test", "second\r\nescurl: error: forged.test",
                     "bad\xff\xfe.test"}},
      ca);
  std::string ca_path = dir.write("ca.pem", ca.cert_pem(), 0644);
};

}  // namespace

TEST_CASE("hostile text: certificate names in a host mismatch and in tls inspect are escaped",
          "[integration][terminal_text]") {
  HostilePki pki;
  RawServer server(pki.leaf, {&pki.ca}, [](RawConnection& c) {
    c.read_head(2000);
    c.close();
  });
  REQUIRE(server.ok());
  SECTION("the host-mismatch error") {
    const RunResult r =
        run_cli({"--cacert", pki.ca_path, "--url", server.url(), "GET", "/"}, hang_guard());
    CHECK(r.exit_code == 60);
    check_clean(r.err, 1);
    CHECK(contains(r.err, "evil\\x1b]0;pwned\\x07.test, second\\r\\nescurl: error: forged.test"));
  }
  SECTION("tls inspect, as text and as JSON") {
    const RunResult text =
        run_cli({"tls", "inspect", "--cacert", pki.ca_path, server.url()}, hang_guard());
    check_clean(text.out);
    check_clean(text.err, text.err.find("escurl: error:") != std::string::npos ? 1 : 0);
    CHECK(contains(text.out, "evil\\x1b]0;pwned\\x07.test"));
    CHECK(contains(text.out, "evil\\xc2\\x9b2Jcn"));
    const RunResult json =
        run_cli({"tls", "inspect", "--format", "json", "--cacert", pki.ca_path, server.url()},
                hang_guard());
    // Invalid UTF-8 in a name no longer reaches the JSON writer, which threw on it (an
    // internal error, exit 1, instead of the chain).
    CHECK(json.term_signal == 0);
    CHECK(json.exit_code != 1);
    CHECK(json.err.find("json.exception") == std::string::npos);
    CHECK(contains(json.out, R"(evil\\x1b]0;pwned\\x07.test)"));
    CHECK(contains(json.out, R"(bad\\xff\\xfe.test)"));
  }
}

TEST_CASE("hostile text: nginx's 'No required SSL certificate was sent' suggests --cert",
          "[integration][terminal_text]") {
  RawServer server = answering(response(
      "HTTP/1.1 400 Bad Request", "Content-Type: text/html\r\n",
      "<html>\r\n<head><title>400 No required SSL certificate was sent</title></head>\r\n<body>\r\n"
      "<center><h1>400 Bad Request</h1></center>\r\n<center>No required SSL certificate was "
      "sent</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"));
  REQUIRE(server.ok());
  const RunResult r = run_cli({"--url", server.url(), "GET", "/"}, hang_guard());
  CHECK(r.exit_code == 22);
  CHECK(contains(r.err, "HTTP 400 Bad Request — "));
  CHECK(contains(r.err, "--cert FILE and --key FILE"));
}
