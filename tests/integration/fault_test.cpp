// SPDX-License-Identifier: MIT
// The real binary against servers that misbehave: es-sandbox's fault modes where they fit, and
// RawServer scripts (plain and TLS) for the rest. Every case checks the documented exit code,
// that escurl ended by itself (run_cli's timeout only catches a hang; nothing here is timed), that
// no signal ended it, and that a partial body is flagged on stderr, never passed off as whole.

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "catch.h"
#include "certgen.h"
#include "raw_server.h"
#include "run_cli.h"
#include "sandbox_process.h"
#include "temp_dir.h"

using escurl::testing::hang_guard;
using escurl::testing::RawConnection;
using escurl::testing::RawServer;
using escurl::testing::run_cli;
using escurl::testing::RunResult;
using escurl::testing::SandboxProcess;
using escurl::testing::TempDir;
using nlohmann::json;

namespace {

constexpr const char* kIncomplete = "the response is incomplete";

// Ended by itself, by no signal, with `code`, saying `needle` on stderr.
void check_outcome(const RunResult& r, int code, const std::string& needle) {
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == 0);
  CHECK(r.exit_code == code);
  CHECK(r.err.find(needle) != std::string::npos);
}

// A plain server answering each connection's first request with `reply`, then acting `end`.
RawServer answer_once(std::string reply, bool reset = false) {
  return RawServer([reply, reset](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send(reply);
    if (reset) {
      c.reset();
    } else {
      c.pause(100);
      c.close();
    }
  });
}

std::vector<std::string> plain_get(const RawServer& server, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--url", server.url()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"GET", "/"});
  return args;
}

void require_ready(const SandboxProcess& es) {
  INFO(es.error());
  REQUIRE(es.ready());
}

void add_fault(const SandboxProcess& es, const json& fault) {
  const auto r =
      es.send("POST", "/_sandbox/faults", fault.dump(), {{"Content-Type", "application/json"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
}

std::vector<std::string> sandbox_get(const SandboxProcess& es,
                                     std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"--cacert", es.ca_path(), "--url",
                                es.url(),   "-u",         "elastic:" + es.elastic_password()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.insert(args.end(), {"GET", "/"});
  return args;
}

// A CA and a leaf for 127.0.0.1, with the CA written for --cacert.
struct TlsSetup {
  TempDir dir;
  es_sandbox::Certificate ca = *es_sandbox::make_ca({.common_name = "Fault CA"});
  es_sandbox::Certificate leaf =
      *es_sandbox::make_signed({.common_name = "localhost", .ip_addresses = {"127.0.0.1"}}, ca);
  std::string ca_path = dir.write("ca.pem", ca.cert_pem(), 0644);
};

}  // namespace

TEST_CASE("faults: a reset during the head is a receive error, not an empty reply",
          "[integration][faults]") {
  RawServer server = answer_once("HTTP/1.1 200 OK\r\nContent-Ty", true);
  REQUIRE(server.ok());
  const RunResult r = run_cli(plain_get(server), hang_guard());
  check_outcome(r, 56, "reset the connection after 27 bytes of the response head");
  CHECK(r.out.empty());
}

TEST_CASE("faults: a reset during the body leaves the partial body flagged, and no -o file",
          "[integration][faults]") {
  SandboxProcess es;
  require_ready(es);
  SECTION("on standard output") {
    add_fault(es, {{"path", "/"}, {"reset_after", 10}, {"count", 1}});
    const RunResult r = run_cli(sandbox_get(es), hang_guard());
    check_outcome(r, 56, "reset after 10 body bytes");
    CHECK(r.err.find(kIncomplete) != std::string::npos);
    CHECK(r.out.size() == 10);
  }
  SECTION("with -o, the file is neither created nor left half-written") {
    TempDir out;
    const std::string target = out.file("root.json");
    add_fault(es, {{"path", "/"}, {"reset_after", 10}, {"count", 1}});
    const RunResult r = run_cli(sandbox_get(es, {"-o", target}), hang_guard());
    check_outcome(r, 56, kIncomplete);
    CHECK(out.entries().empty());
    // An earlier complete download stays as it was.
    out.write("root.json", "{\"earlier\":true}", 0644);
    add_fault(es, {{"path", "/"}, {"reset_after", 10}, {"count", 1}});
    const RunResult again = run_cli(sandbox_get(es, {"-o", target}), hang_guard());
    check_outcome(again, 56, kIncomplete);
    CHECK(out.entries() == std::vector<std::string>{"root.json"});
    const RunResult whole = run_cli(sandbox_get(es, {"-o", target}), hang_guard());
    CHECK(whole.exit_code == 0);
    CHECK(out.entries() == std::vector<std::string>{"root.json"});
  }
}

TEST_CASE("faults: a truncated chunked body is flagged incomplete", "[integration][faults]") {
  RawServer server = answer_once(
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n10\r\nabc");
  REQUIRE(server.ok());
  const RunResult r = run_cli(plain_get(server), hang_guard());
  check_outcome(r, 56, "lost after 8 body bytes; the response is incomplete");
  CHECK(r.out == "helloabc");
}

TEST_CASE("faults: a Content-Length longer than the body, then a close, is flagged incomplete",
          "[integration][faults]") {
  RawServer server =
      answer_once("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc");
  REQUIRE(server.ok());
  const RunResult r = run_cli(plain_get(server), hang_guard());
  check_outcome(r, 56, "lost after 3 body bytes; the response is incomplete");
  CHECK(r.out == "abc");
}

TEST_CASE("faults: a garbage status line is a bad reply (exit 8) that shows what came",
          "[integration][faults]") {
  SandboxProcess es;
  require_ready(es);
  add_fault(es, {{"path", "/"}, {"garbage", true}, {"count", 1}});
  const RunResult r = run_cli(sandbox_get(es), hang_guard());
  check_outcome(r, 8, "did not answer with HTTP: the reply starts \"GARBAGE/9.9");
  CHECK(r.out.empty());
}

TEST_CASE("faults: a header line longer than the limit is a bad reply", "[integration][faults]") {
  RawServer server = answer_once("HTTP/1.1 200 OK\r\nX-Long: " + std::string(100000, 'a') +
                                 "\r\nContent-Length: 2\r\n\r\nok");
  REQUIRE(server.ok());
  const RunResult r = run_cli(plain_get(server), hang_guard());
  check_outcome(r, 8, "sent a response header line longer than 8192 bytes");
  CHECK(r.out.empty());
}

TEST_CASE("faults: headers that never end stop at the head limit", "[integration][faults]") {
  RawServer server([](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send("HTTP/1.1 200 OK\r\n");
    for (int i = 0; !c.stopping() && c.send("X-Header-" + std::to_string(i) + ": v\r\n"); ++i) {
    }
  });
  REQUIRE(server.ok());
  // No --max-time: only the head limit can end this.
  const RunResult r = run_cli(plain_get(server), hang_guard());
  check_outcome(r, 8, "did not end within 256 KiB");
}

TEST_CASE("faults: a reply trickled one byte a second ends at the configured timeout",
          "[integration][faults]") {
  SandboxProcess es;
  require_ready(es);
  add_fault(es, {{"path", "/"}, {"trickle_bytes", 1}, {"trickle_interval_ms", 1000}});
  SECTION("--max-time") {
    const RunResult r = run_cli(sandbox_get(es, {"--max-time", "2"}), hang_guard());
    check_outcome(r, 28, "did not finish within --max-time 2s");
    CHECK(r.err.find(kIncomplete) != std::string::npos);
  }
  SECTION("--read-timeout") {
    const RunResult r = run_cli(sandbox_get(es, {"--read-timeout", "0.5"}), hang_guard());
    check_outcome(r, 28, "for 0.5s (--read-timeout)");
    CHECK(r.err.find(kIncomplete) != std::string::npos);
  }
  SECTION("--read-timeout while the head trickles") {
    RawServer server([](RawConnection& c) {
      if (c.read_head().empty()) return;
      for (const char ch : std::string("HTTP/1.1 200 OK\r\n")) {
        if (!c.send(std::string(1, ch)) || !c.pause(1000)) return;
      }
    });
    REQUIRE(server.ok());
    const RunResult r = run_cli(plain_get(server, {"--read-timeout", "0.5"}), hang_guard());
    check_outcome(r, 28, "for 0.5s (--read-timeout)");
    CHECK(r.out.empty());
  }
}

TEST_CASE("faults: a TLS alert in the middle of the body is flagged incomplete",
          "[integration][faults]") {
  TlsSetup tls;
  const std::string head =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nabc";
  SECTION("close_notify before the body ends") {
    RawServer server(tls.leaf, {&tls.ca}, [&](RawConnection& c) {
      if (c.read_head().empty()) return;
      c.send(head);
      c.pause(100);
      c.close();  // sends the close_notify alert
    });
    REQUIRE(server.ok());
    const RunResult r =
        run_cli({"--cacert", tls.ca_path, "--url", server.url(), "GET", "/"}, hang_guard());
    check_outcome(r, 56, "lost after 3 body bytes");
    CHECK(r.err.find(kIncomplete) != std::string::npos);
    CHECK(r.out == "abc");
  }
  SECTION("a record that fails to decrypt") {
    RawServer server(tls.leaf, {&tls.ca}, [&](RawConnection& c) {
      if (c.read_head().empty()) return;
      c.send(head);
      c.pause(100);
      c.send_raw(std::string("\x17\x03\x03\x00\x20", 5) + std::string(32, 'x'));
      c.pause(300);
      c.reset();
    });
    REQUIRE(server.ok());
    const RunResult r =
        run_cli({"--cacert", tls.ca_path, "--url", server.url(), "GET", "/"}, hang_guard());
    // OpenSSL 3.5 adds "; record layer failure" after the reason.
    check_outcome(r, 56, "(TLS: decryption failed or bad record mac");
    CHECK(r.err.find(kIncomplete) != std::string::npos);
    CHECK(r.out == "abc");
  }
}

TEST_CASE("faults: HTTP and TLS crossed between client and port are empty replies (52)",
          "[integration][faults]") {
  SECTION("a plain HTTP reply on the port escurl talks TLS to") {
    RawServer server([](RawConnection& c) {
      c.pause(100);  // the ClientHello has arrived
      c.send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      c.close();
    });
    REQUIRE(server.ok());
    const std::string url = "https://127.0.0.1:" + std::to_string(server.port());
    const RunResult r = run_cli({"-k", "--url", url, "GET", "/"}, hang_guard());
    check_outcome(r, 52, "did not answer TLS");
    CHECK(r.err.find("the port may speak plain HTTP") != std::string::npos);
  }
  SECTION("plain HTTP to a TLS port") {
    TlsSetup tls;
    RawServer server(tls.leaf, {&tls.ca}, [](RawConnection&) {});
    REQUIRE(server.ok());
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port());
    const RunResult r = run_cli({"--url", url, "GET", "/"}, hang_guard());
    INFO(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.term_signal == 0);
    CHECK(r.exit_code == 52);
  }
}

TEST_CASE("faults: a kept-alive connection the server closes between batch requests",
          "[integration][faults][keepalive]") {
  TempDir dir;
  const std::string batch = dir.write("batch.txt", "GET /a\nGET /b\nGET /c\n", 0644);
  const std::string reply =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n";
  enum class End { AfterAnswer, OnNextRequest, ResetOnNextRequest };
  const End end = GENERATE(End::AfterAnswer, End::OnNextRequest, End::ResetOnNextRequest);
  RawServer server([&](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send(reply);
    if (end == End::AfterAnswer) return c.close();
    // The next request crosses the server's close: an idle close as the client reuses it.
    if (c.read_head().empty()) return;
    if (end == End::ResetOnNextRequest) return c.reset();
    c.close();
  });
  REQUIRE(server.ok());
  const RunResult r = run_cli({"--url", server.url(), "--batch", batch}, hang_guard());
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.term_signal == 0);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok\nok\nok\n");
  CHECK(server.connections() >= 3);
}

TEST_CASE("faults: a reset right after the response head is a receive error (56), not 52",
          "[integration][faults]") {
  // curl's 56 ("failure receiving"): the head came, so the server did reply.
  const std::string head = GENERATE(
      std::string("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n"),
      std::string(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"),
      std::string("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"));
  RawServer server = answer_once(head, true);
  REQUIRE(server.ok());
  const RunResult r = run_cli(plain_get(server), hang_guard());
  check_outcome(r, 56, "reset after 0 body bytes");
  CHECK(r.err.find(kIncomplete) != std::string::npos);
  CHECK(r.err.find("without a reply") == std::string::npos);
}

TEST_CASE("faults: a corrupt chunked or gzip body says it is corrupt, with curl's code",
          "[integration][faults]") {
  SECTION("a bad chunk size line: 56") {
    RawServer server = answer_once(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n");
    REQUIRE(server.ok());
    const RunResult r = run_cli(plain_get(server), hang_guard());
    check_outcome(r, 56, "is corrupt: bad chunked coding (a chunk size is not hexadecimal)");
    CHECK(r.err.find(kIncomplete) != std::string::npos);
    CHECK(r.err.find("lost after") == std::string::npos);
    CHECK(r.out == "hello");
  }
  SECTION("a body that is not gzip, with --compressed: 61") {
    RawServer server = answer_once(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: gzip\r\n"
        "Content-Length: 15\r\n\r\nnot gzip at all");
    REQUIRE(server.ok());
    const RunResult r = run_cli(plain_get(server, {"--compressed"}), hang_guard());
    check_outcome(r, 61, "is not valid gzip: ");
    CHECK(r.err.find("lost after") == std::string::npos);
  }
}

TEST_CASE("faults: --max-time during a body that ends at the close exits 28, -o file untouched",
          "[integration][faults]") {
  // Neither Content-Length nor chunked: only the close ends the body, so a stop by --max-time
  // must not read as its end.
  RawServer server([](RawConnection& c) {
    if (c.read_head().empty()) return;
    c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"partial\":");
    while (c.pause(50)) {
    }
  });
  REQUIRE(server.ok());
  TempDir dir;
  const std::string prev = dir.write("prev.json", "{\"earlier\":true}", 0644);
  const RunResult r = run_cli(plain_get(server, {"-m", "2", "-o", prev}), hang_guard());
  check_outcome(r, 28, "did not finish within --max-time 2s");
  CHECK(r.err.find(kIncomplete) != std::string::npos);
  CHECK(dir.entries() == std::vector<std::string>{"prev.json"});
  std::ifstream in(prev, std::ios::binary);
  const std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(kept == "{\"earlier\":true}");
}

TEST_CASE("faults: a TLS handshake the server never answers is a connect timeout (28)",
          "[integration][faults]") {
  RawServer server([](RawConnection& c) {
    while (c.pause(50)) {  // takes the ClientHello and says nothing
    }
  });
  REQUIRE(server.ok());
  const std::string url = "https://127.0.0.1:" + std::to_string(server.port());
  const RunResult r =
      run_cli({"-k", "--connect-timeout", "1", "--url", url, "GET", "/"}, hang_guard());
  check_outcome(r, 28, "did not finish within 1s (--connect-timeout)");
  CHECK(r.err.find("no reason given") == std::string::npos);
}

TEST_CASE("faults: a huge --max-time, --connect-timeout or --read-timeout means no limit",
          "[integration][faults]") {
  RawServer server =
      answer_once("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
  REQUIRE(server.ok());
  const std::vector<std::string> flags = GENERATE(
      std::vector<std::string>{"-m", "1e10"}, std::vector<std::string>{"--max-time", "1e300"},
      std::vector<std::string>{"--connect-timeout", "1e10"},
      std::vector<std::string>{"--read-timeout", "1e10"});
  const RunResult r = run_cli(plain_get(server, flags), hang_guard());
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "ok");
}
