// SPDX-License-Identifier: MIT
// The integration-test support code, proven on its own before any test leans on it: run_cli's
// capture, empty environment, timeout and stdin against /bin tools, and TestServer's TLS,
// counting and capturing against httplib's own client. Needs nothing from escurl itself.
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "catch.h"
#include "certgen.h"
#include "run_cli.h"
#include "temp_dir.h"
#include "test_server.h"

namespace {

using es_sandbox::Certificate;
using escurl::testing::RunOptions;
using escurl::testing::TempDir;
using escurl::testing::TestServer;
using escurl::testing::TlsFiles;

Certificate must(escurl::Result<Certificate> r) {
  REQUIRE(r);
  return std::move(r).value();
}

Certificate make_ca(const std::string& cn) {
  return must(es_sandbox::make_ca({.common_name = cn}));
}

Certificate make_localhost(const Certificate& issuer) {
  return must(es_sandbox::make_signed(
      {.common_name = "localhost", .dns_names = {"localhost"}, .ip_addresses = {"127.0.0.1"}},
      issuer));
}

RunOptions sh_options() {
  RunOptions options;
  options.program = "/bin/sh";
  options.timeout_seconds = 20;
  return options;
}

// An SSLClient for `server` that trusts exactly the CAs in `ca_path`.
std::unique_ptr<httplib::SSLClient> client_trusting(const TestServer& server,
                                                    const std::string& ca_path) {
  auto client = std::make_unique<httplib::SSLClient>("127.0.0.1", server.port());
  client->set_ca_cert_path(ca_path.c_str());
  client->enable_server_certificate_verification(true);
  client->set_connection_timeout(5);
  client->set_read_timeout(5);
  return client;
}

}  // namespace

TEST_CASE("support: run_cli captures stdout, stderr and the exit code", "[integration][support]") {
  auto result = escurl::testing::run_cli({"-c", "echo out; echo err >&2; exit 3"}, sh_options());

  CHECK(result.exit_code == 3);
  CHECK_FALSE(result.timed_out);
  CHECK(result.out == "out\n");
  CHECK(result.err == "err\n");
}

TEST_CASE("support: the child environment holds only what the test passes",
          "[integration][support]") {
  RunOptions options;
  options.program = "/usr/bin/env";
  options.env = {"FOO=bar", "ESCURL_TEST_MARKER=1"};

  SECTION("without the default PATH") {
    options.default_path = false;
    CHECK(escurl::testing::run_cli({}, options).out == "FOO=bar\nESCURL_TEST_MARKER=1\n");
  }
  SECTION("with the default PATH") {
    CHECK(escurl::testing::run_cli({}, options).out ==
          "FOO=bar\nESCURL_TEST_MARKER=1\nPATH=/usr/bin:/bin\n");
  }
  SECTION("a PATH the test passes replaces the default") {
    options.env = {"PATH=/bin"};
    CHECK(escurl::testing::run_cli({}, options).out == "PATH=/bin\n");
  }
}

TEST_CASE("support: the timeout kills a hanging child quickly", "[integration][support]") {
  RunOptions options = sh_options();
  options.program = "/bin/sleep";
  options.timeout_seconds = 1;
  auto started = std::chrono::steady_clock::now();
  auto result = escurl::testing::run_cli({"30"}, options);
  auto elapsed = std::chrono::steady_clock::now() - started;

  CHECK(result.timed_out);
  CHECK(result.exit_code == 128 + SIGKILL);
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("support: a child that exits is not held up by a grandchild keeping its pipes",
          "[integration][support]") {
  auto started = std::chrono::steady_clock::now();
  auto result = escurl::testing::run_cli({"-c", "sleep 30 & echo $!"}, sh_options());
  auto elapsed = std::chrono::steady_clock::now() - started;
  int grandchild = std::atoi(result.out.c_str());
  if (grandchild > 0) ::kill(grandchild, SIGKILL);

  CHECK(result.exit_code == 0);
  CHECK_FALSE(result.timed_out);
  CHECK(grandchild > 0);
  CHECK(elapsed < std::chrono::seconds(5));
}

TEST_CASE("support: 10 MiB of stdin round-trip through cat", "[integration][support]") {
  std::string input(10 * 1024 * 1024, '\0');
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<char>('a' + i % 26);
  RunOptions options;
  options.program = "/bin/cat";
  options.stdin_data = input;
  auto result = escurl::testing::run_cli({}, options);

  CHECK(result.exit_code == 0);
  CHECK(result.out.size() == input.size());
  CHECK(result.out == input);
}

TEST_CASE("support: stdin is /dev/null when no data is given", "[integration][support]") {
  auto result = escurl::testing::run_cli({"-c", "cat; readlink /proc/self/fd/0"}, sh_options());

  CHECK(result.exit_code == 0);
  CHECK(result.out == "/dev/null\n");
}

TEST_CASE("support: the child inherits no descriptors beyond 0, 1 and 2",
          "[integration][support]") {
  TempDir dir;
  REQUIRE(dir.valid());
  // A descriptor open without O_CLOEXEC in the test process, like httplib's sockets; moved to a
  // high number so it cannot be confused with the one ls opens to list the directory.
  int opened = ::open(dir.write("f", "x").c_str(), O_RDONLY);
  REQUIRE(opened >= 0);
  int leaked = ::fcntl(opened, F_DUPFD, 100);
  ::close(opened);
  REQUIRE(leaked >= 100);
  auto result = escurl::testing::run_cli({"-c", "ls /proc/self/fd"}, sh_options());
  ::close(leaked);

  CHECK(result.out.rfind("0\n1\n2\n", 0) == 0);
  CHECK(result.out.find(std::to_string(leaked) + "\n") == std::string::npos);
}

TEST_CASE("support: cwd sets the child's working directory", "[integration][support]") {
  TempDir dir;
  REQUIRE(dir.valid());
  RunOptions options;
  options.program = "/bin/pwd";
  options.cwd = dir.path();

  CHECK(escurl::testing::run_cli({"-P"}, options).out ==
        std::filesystem::canonical(dir.path()).string() + "\n");
}

TEST_CASE("support: a program that cannot run exits 127 with a reason", "[integration][support]") {
  RunOptions options;
  options.program = "/nonexistent/escurl";
  auto result = escurl::testing::run_cli({}, options);

  CHECK(result.exit_code == 127);
  CHECK(result.err.find("/nonexistent/escurl") != std::string::npos);
}

TEST_CASE("support: new_session runs the child without a controlling terminal",
          "[integration][support]") {
  RunOptions options = sh_options();
  options.new_session = true;
  // Field 6 of /proc/PID/stat is the session id; a session leader's equals its pid.
  auto result = escurl::testing::run_cli(
      {"-c",
       "read -r pid comm state ppid pgrp sid rest < /proc/$$/stat; "
       "[ \"$sid\" = \"$$\" ] && echo leader; (exec 3</dev/tty) 2>/dev/null || echo no-tty"},
      options);

  CHECK(result.out == "leader\nno-tty\n");
}

TEST_CASE("support: start_cli exposes a running child that can be signalled",
          "[integration][support]") {
  auto running = escurl::testing::start_cli({"-c", "echo ready >&2; exec sleep 30"}, sh_options());
  REQUIRE(running.pid() > 0);
  REQUIRE(running.wait_for_output("ready", 5000));
  CHECK_FALSE(running.finished());

  CHECK(running.send_signal(SIGTERM));
  auto result = running.wait();
  CHECK(result.exit_code == 128 + SIGTERM);
  CHECK_FALSE(result.timed_out);
  CHECK_FALSE(running.send_signal(SIGTERM));
}

TEST_CASE("support: an HTTPS TestServer answers a client that trusts its CA",
          "[integration][support]") {
  TempDir dir;
  Certificate ca = make_ca("support CA");
  Certificate leaf = make_localhost(ca);
  TestServer server(escurl::testing::write_tls_files(dir, leaf, {&ca}));
  REQUIRE(server.ok());
  server.http().Get("/ping", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("pong", "text/plain");
  });
  CHECK(server.url() == "https://127.0.0.1:" + std::to_string(server.port()));

  auto client = client_trusting(server, dir.write("ca.pem", ca.cert_pem()));
  auto res = client->Get("/ping?pretty=true", {{"X-Test", "yes"}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "pong");
  CHECK(server.requests_received() == 1);
  auto captured = server.captured();
  REQUIRE(captured.size() == 1);
  CHECK(captured[0].method == "GET");
  CHECK(captured[0].path == "/ping?pretty=true");
  CHECK(captured[0].header("x-test") == "yes");
  CHECK(captured[0].client_cert_subject.empty());
}

TEST_CASE("support: a client that does not trust the CA fails and delivers no request",
          "[integration][support]") {
  TempDir dir;
  Certificate ca = make_ca("support CA");
  Certificate leaf = make_localhost(ca);
  Certificate other = make_ca("unrelated CA");
  TestServer server(escurl::testing::write_tls_files(dir, leaf, {&ca}));
  REQUIRE(server.ok());

  auto client = client_trusting(server, dir.write("other.pem", other.cert_pem()));
  auto res = client->Get("/");
  REQUIRE_FALSE(res);
  CHECK(res.error() == httplib::Error::SSLServerVerification);
  CHECK(server.requests_received() == 0);
  CHECK(server.captured().empty());
}

TEST_CASE("support: the chain file lets a client trusting only the root verify the leaf",
          "[integration][support]") {
  TempDir dir;
  Certificate root = make_ca("support root");
  Certificate intermediate =
      must(es_sandbox::make_signed({.common_name = "support intermediate", .is_ca = true}, root));
  Certificate leaf = make_localhost(intermediate);
  TestServer server(escurl::testing::write_tls_files(dir, leaf, {&intermediate}));
  REQUIRE(server.ok());

  auto client = client_trusting(server, dir.write("root.pem", root.cert_pem()));
  auto res = client->Get("/missing");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(server.requests_received() == 1);
}

TEST_CASE("support: a TestServer demanding client certificates sees who connected",
          "[integration][support]") {
  TempDir dir;
  Certificate ca = make_ca("support CA");
  Certificate leaf = make_localhost(ca);
  Certificate user =
      must(es_sandbox::make_signed({.common_name = "elastic-user", .client_auth = true}, ca));
  TlsFiles tls = escurl::testing::write_tls_files(dir, leaf, {&ca});
  tls.client_ca_path = dir.write("ca.pem", ca.cert_pem());
  TestServer server(tls);
  REQUIRE(server.ok());

  SECTION("with a client certificate") {
    httplib::SSLClient client("127.0.0.1", server.port(), dir.write("user.pem", user.cert_pem()),
                              dir.write("user.key", user.key_pem()));
    client.set_ca_cert_path(tls.client_ca_path.c_str());
    auto res = client.Get("/");
    REQUIRE(res);
    REQUIRE(server.captured().size() == 1);
    CHECK(server.captured()[0].client_cert_subject == "CN=elastic-user");
  }
  SECTION("without one") {
    auto client = client_trusting(server, tls.client_ca_path);
    CHECK_FALSE(client->Get("/"));
    CHECK(server.requests_received() == 0);
  }
}

TEST_CASE("support: a plain HTTP TestServer captures method, path, headers and body",
          "[integration][support]") {
  TestServer server([](httplib::Server& http) {
    http.Post("/idx/_doc", [](const httplib::Request&, httplib::Response& res) {
      res.status = 201;
      res.set_content("{}", "application/json");
    });
  });
  REQUIRE(server.ok());
  CHECK(server.url() == "http://127.0.0.1:" + std::to_string(server.port()));

  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Post("/idx/_doc?refresh=true", {{"Authorization", "ApiKey abc"}}, "{\"a\":1}",
                         "application/json");
  REQUIRE(res);
  CHECK(res->status == 201);
  auto captured = server.captured();
  REQUIRE(captured.size() == 1);
  CHECK(captured[0].method == "POST");
  CHECK(captured[0].path == "/idx/_doc?refresh=true");
  CHECK(captured[0].header("Authorization") == "ApiKey abc");
  CHECK(captured[0].header("Content-Type") == "application/json");
  CHECK(captured[0].body == "{\"a\":1}");
}

TEST_CASE("support: TempDir writes files with the requested mode and cleans up",
          "[integration][support]") {
  std::string path;
  {
    TempDir dir;
    REQUIRE(dir.valid());
    path = dir.path();
    std::string file = dir.write("secret", "pw", 0600);
    CHECK(file == dir.file("secret"));
    struct stat st {};
    REQUIRE(::stat(file.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(dir.write("open", "x", 0644) == dir.file("open"));
    REQUIRE(::stat(dir.file("open").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0644);
  }
  CHECK(::access(path.c_str(), F_OK) != 0);
}
