// SPDX-License-Identifier: MIT
// escurl through an HTTP CONNECT proxy (tests/support/connect_proxy.h): --proxy, HTTPS_PROXY and
// https_proxy tunnel https with exactly one CONNECT and the cluster certificate is still verified
// end to end; NO_PROXY and --noproxy bypass the proxy; --proxy-user answers a proxy's 407 without
// the password reaching -v output; the cluster credentials stay inside the tunnel; and --proxy
// with an http:// cluster URL is a usage error. The [!mayfail] case records a known hang.
#include <strings.h>

#include <cstring>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "catch.h"
#include "certgen.h"
#include "connect_proxy.h"
#include "run_cli.h"
#include "temp_dir.h"
#include "test_server.h"

using escurl::testing::ConnectProxy;
using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::TempDir;
using escurl::testing::TestServer;

namespace {

struct Pki : escurl::testing::TestPki {
  Pki() : TestPki("Proxy Test CA") {}
};

// Far above any run here, which all stay on 127.0.0.1: a timeout means escurl hung.
constexpr int kHangSeconds = 10;

RunOptions opts(std::vector<std::string> env = {}, int timeout_seconds = 30) {
  RunOptions o;
  o.env = std::move(env);
  o.timeout_seconds = timeout_seconds;
  return o;
}

RunOptions opts(int timeout_seconds) { return opts({}, timeout_seconds); }

bool contains_nocase(const std::string& text, const std::string& needle) {
  return ::strcasestr(text.c_str(), needle.c_str()) != nullptr;
}

/// A TLS server answering every GET with {"path":"<path>"}.
void echo_path(httplib::Server& s) {
  s.Get("/.*", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("{\"path\":\"" + req.path + "\"}", "application/json");
  });
}

std::string target_of(const TestServer& es) { return "127.0.0.1:" + std::to_string(es.port()); }

/// Whether some line of `head` is the header field `name` (any case).
bool has_field(const std::string& head, const std::string& name) {
  std::istringstream lines(head);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() > name.size() && line[name.size()] == ':' &&
        ::strncasecmp(line.c_str(), name.c_str(), name.size()) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("proxy: --proxy tunnels https with one CONNECT and the cluster is still verified",
          "[integration][transport][proxy]") {
  Pki pki;
  ConnectProxy proxy;
  REQUIRE(proxy.ok());
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());

  SECTION("one request") {
    const auto r = run_cli(
        {"-v", "--cacert", pki.ca_path, "--proxy", proxy.url(), es.url() + "/_cluster/health"},
        opts());
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"path":"/_cluster/health"})");
    CHECK(proxy.targets() == std::vector<std::string>{target_of(es)});
    CHECK(proxy.tunnels() == 1);
    CHECK(es.requests_received() == 1);
    CHECK(r.err.find("through the proxy") != std::string::npos);
  }
  SECTION("a batch keeps its one tunnel") {
    const std::string batch = pki.dir.write("b.txt", "GET /a\nGET /b\nGET /c\nGET /d\n", 0644);
    const auto r = run_cli(
        {"--cacert", pki.ca_path, "--proxy", proxy.url(), "--url", es.url(), "--batch", batch},
        opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"path\":\"/a\"}\n{\"path\":\"/b\"}\n{\"path\":\"/c\"}\n{\"path\":\"/d\"}\n");
    CHECK(proxy.targets() == std::vector<std::string>{target_of(es)});
    CHECK(es.requests_received() == 4);
    CHECK(es.connections_seen() == 1);
  }
  SECTION("a CA that did not issue the server certificate: exit 60, nothing delivered") {
    Pki other;
    const auto r =
        run_cli({"--cacert", other.ca_path, "--proxy", proxy.url(), es.url() + "/"}, opts());
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 60);
    // The tunnel was opened, so the failure is the cluster's certificate, checked end to end.
    CHECK(proxy.tunnels() >= 1);
    for (const std::string& target : proxy.targets()) CHECK(target == target_of(es));
    CHECK(es.requests_received() == 0);
  }
}

TEST_CASE(
    "proxy: after the server closes a kept-alive connection, the next request gets a new "
    "tunnel",
    "[integration][transport][proxy]") {
  Pki pki;
  ConnectProxy proxy;
  REQUIRE(proxy.ok());
  TestServer es(pki.files, [](httplib::Server& s) {
    s.Get("/.*", [](const httplib::Request& req, httplib::Response& res) {
      res.set_header("Connection", "close");
      res.set_content("{\"path\":\"" + req.path + "\"}", "application/json");
    });
  });
  REQUIRE(es.ok());
  const std::string batch = pki.dir.write("b.txt", "GET /a\nGET /b\nGET /c\n", 0644);
  const auto r = run_cli(
      {"--cacert", pki.ca_path, "--proxy", proxy.url(), "--url", es.url(), "--batch", batch},
      opts(kHangSeconds));
  INFO("escurl stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "{\"path\":\"/a\"}\n{\"path\":\"/b\"}\n{\"path\":\"/c\"}\n");
  CHECK(proxy.tunnels() == 3);
  CHECK(es.requests_received() == 3);
}

TEST_CASE("proxy: HTTPS_PROXY and https_proxy tunnel like --proxy",
          "[integration][transport][proxy]") {
  Pki pki;
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());
  for (const std::string name : {"HTTPS_PROXY", "https_proxy"}) {
    for (const bool with_scheme : {true, false}) {
      CAPTURE(name, with_scheme);
      ConnectProxy proxy;
      REQUIRE(proxy.ok());
      const std::string value =
          with_scheme ? proxy.url() : "127.0.0.1:" + std::to_string(proxy.port());
      const auto r =
          run_cli({"--cacert", pki.ca_path, es.url() + "/env"}, opts({name + "=" + value}));
      CHECK_FALSE(r.timed_out);
      CHECK(r.exit_code == 0);
      CHECK(r.out == R"({"path":"/env"})");
      CHECK(proxy.targets() == std::vector<std::string>{target_of(es)});
      CHECK(proxy.tunnels() == 1);
    }
  }
}

TEST_CASE("proxy: NO_PROXY, no_proxy and --noproxy reach a listed host directly",
          "[integration][transport][proxy]") {
  Pki pki;
  ConnectProxy proxy;
  REQUIRE(proxy.ok());
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());
  const std::string url = es.url() + "/direct";

  SECTION("NO_PROXY=127.0.0.1") {
    const auto r = run_cli({"--cacert", pki.ca_path, url},
                           opts({"HTTPS_PROXY=" + proxy.url(), "NO_PROXY=127.0.0.1"}));
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"path":"/direct"})");
    CHECK(proxy.tunnels() == 0);
    CHECK(proxy.heads().empty());
  }
  SECTION("no_proxy in a list") {
    const auto r = run_cli({"--cacert", pki.ca_path, url},
                           opts({"https_proxy=" + proxy.url(), "no_proxy=es.test, 127.0.0.1"}));
    CHECK(r.exit_code == 0);
    CHECK(proxy.heads().empty());
  }
  SECTION("--noproxy 127.0.0.1 with --proxy") {
    const auto r = run_cli(
        {"--cacert", pki.ca_path, "--proxy", proxy.url(), "--noproxy", "127.0.0.1", url}, opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"path":"/direct"})");
    CHECK(proxy.tunnels() == 0);
    CHECK(proxy.heads().empty());
  }
  SECTION("a NO_PROXY that lists other hosts still tunnels") {
    const auto r =
        run_cli({"--cacert", pki.ca_path, url},
                opts({"HTTPS_PROXY=" + proxy.url(), "NO_PROXY=localhost,10.0.0.1,.example.com"}));
    CHECK(r.exit_code == 0);
    CHECK(proxy.tunnels() == 1);
  }
  CHECK(es.requests_received() == 1);
}

TEST_CASE("proxy: a 407 without --proxy-user, or with a wrong one, fails and reaches nothing",
          "[integration][transport][proxy]") {
  Pki pki;
  // The refusal closes the connection without saying so in a header; see the case
  // "a 407 with Connection: close" for a proxy that does say so.
  ConnectProxy proxy(ConnectProxy::Credentials{"u", "p"}, /*announce_close=*/false);
  REQUIRE(proxy.ok());
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());
  for (const std::vector<std::string>& user :
       {std::vector<std::string>{}, std::vector<std::string>{"--proxy-user", "u:wrong"}}) {
    CAPTURE(user);
    std::vector<std::string> args = {"--cacert", pki.ca_path, "--proxy", proxy.url()};
    args.insert(args.end(), user.begin(), user.end());
    args.push_back(es.url() + "/");
    const auto r = run_cli(args, opts(kHangSeconds));
    INFO("escurl stderr: " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code != 0);
    CHECK(r.exit_code != 60);  // not mistaken for a certificate failure
  }
  CHECK(proxy.refusals() == 2);
  CHECK(proxy.authorizations() == std::vector<std::string>{"", "Basic dTp3cm9uZw=="});
  CHECK(proxy.tunnels() == 0);
  CHECK(es.requests_received() == 0);
}

TEST_CASE("proxy: a 407 is reported as the proxy's and suggests --proxy-user",
          "[integration][transport][proxy]") {
  Pki pki;
  ConnectProxy proxy(ConnectProxy::Credentials{"u", "p"}, /*announce_close=*/false);
  REQUIRE(proxy.ok());
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());
  const auto r = run_cli({"--cacert", pki.ca_path, "--proxy", proxy.url(), es.url() + "/"},
                         opts(kHangSeconds));
  INFO("escurl stderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(proxy.refusals() == 1);
  // The cluster never answered: the error must say the proxy refused, and how to fix it.
  CHECK(r.exit_code == 97);
  CHECK(contains_nocase(r.err, "proxy"));
  CHECK(r.err.find("407") != std::string::npos);
  CHECK(r.err.find("--proxy-user") != std::string::npos);
}

TEST_CASE("proxy: a proxy that cannot reach the node, or cannot be reached, is a connect failure",
          "[integration][transport][proxy]") {
  Pki pki;
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());
  int dead_port = 0;
  {
    TestServer gone(pki.files, echo_path);  // a port that was just free, now closed
    REQUIRE(gone.ok());
    dead_port = gone.port();
  }
  const std::string dead = "https://127.0.0.1:" + std::to_string(dead_port);

  SECTION("502 from the proxy for a dead node: exit 7, naming the node") {
    ConnectProxy proxy;
    REQUIRE(proxy.ok());
    const auto r =
        run_cli({"--cacert", pki.ca_path, "--proxy", proxy.url(), "--retry", "0", dead + "/"},
                opts(kHangSeconds));
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 7);
    CHECK(r.err.find("502") != std::string::npos);
    CHECK(r.err.find("127.0.0.1:" + std::to_string(dead_port)) != std::string::npos);
  }
  SECTION("a dead node behind the proxy is skipped for the next one") {
    ConnectProxy proxy;
    REQUIRE(proxy.ok());
    const auto r = run_cli({"--cacert", pki.ca_path, "--proxy", proxy.url(), "--url",
                            dead + "," + es.url(), "GET", "/next"},
                           opts(kHangSeconds));
    INFO("escurl stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"path":"/next"})");
    CHECK(es.requests_received() == 1);
  }
  SECTION("no proxy listening: exit 7, naming the proxy") {
    const auto r =
        run_cli({"--cacert", pki.ca_path, "--proxy",
                 "http://127.0.0.1:" + std::to_string(dead_port), "--retry", "0", es.url() + "/"},
                opts(kHangSeconds));
    CHECK(r.exit_code == 7);
    CHECK(r.err.find("proxy") != std::string::npos);
    CHECK(es.requests_received() == 0);
  }
}

// httplib 0.11.4's own CONNECT deadlocks on this answer (it takes a mutex its caller holds);
// escurl's tunnel (src/proxy_tunnel.cpp) reads the answer itself.
TEST_CASE("proxy: a 407 with Connection: close does not hang escurl",
          "[integration][transport][proxy]") {
  Pki pki;
  ConnectProxy proxy(ConnectProxy::Credentials{"u", "p"}, /*announce_close=*/true);
  REQUIRE(proxy.ok());
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());
  // Both at once, so a hang costs one timeout, not two.
  std::vector<escurl::testing::RunningCli> running;
  for (const std::vector<std::string>& user :
       {std::vector<std::string>{}, std::vector<std::string>{"--proxy-user", "u:wrong"}}) {
    std::vector<std::string> args = {"--cacert", pki.ca_path, "--proxy", proxy.url()};
    args.insert(args.end(), user.begin(), user.end());
    args.push_back(es.url() + "/");
    running.push_back(escurl::testing::start_cli(args, opts(kHangSeconds)));
  }
  for (std::size_t i = 0; i < running.size(); ++i) {
    CAPTURE(i);
    const auto r = running[i].wait();
    INFO("escurl stderr: " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 97);
  }
  CHECK(proxy.refusals() == 2);
  CHECK(es.requests_received() == 0);
}

TEST_CASE("proxy: --proxy-user answers the proxy's challenge, and its password stays out of -v",
          "[integration][transport][proxy]") {
  Pki pki;
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());

  SECTION("u:p is sent as Basic dTpw") {
    ConnectProxy proxy(ConnectProxy::Credentials{"u", "p"});
    REQUIRE(proxy.ok());
    const auto r = run_cli(
        {"--cacert", pki.ca_path, "--proxy", proxy.url(), "--proxy-user", "u:p", es.url() + "/"},
        opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"path":"/"})");
    CHECK(proxy.authorizations() == std::vector<std::string>{"Basic dTpw"});
    CHECK(proxy.tunnels() == 1);
    CHECK(es.requests_received() == 1);
  }
  SECTION("-v shows neither the password nor its encoding") {
    const std::string password = "Pr0xy-S3cret-7731";
    ConnectProxy proxy(ConnectProxy::Credentials{"proxyuser", password});
    REQUIRE(proxy.ok());
    const auto r = run_cli({"-v", "--cacert", pki.ca_path, "--proxy", proxy.url(), "--proxy-user",
                            "proxyuser:" + password, es.url() + "/"},
                           opts());
    CHECK(r.exit_code == 0);
    CHECK(proxy.tunnels() == 1);
    REQUIRE(proxy.authorizations().size() == 1);
    const std::string sent = proxy.authorizations().front();
    REQUIRE(sent.starts_with("Basic "));
    CHECK(r.err.find(password) == std::string::npos);
    CHECK(r.err.find(sent.substr(6)) == std::string::npos);
    CHECK(r.out.find(password) == std::string::npos);
  }
}

TEST_CASE("proxy: the cluster credentials travel inside the tunnel, never in the CONNECT head",
          "[integration][transport][proxy]") {
  Pki pki;
  ConnectProxy proxy;
  REQUIRE(proxy.ok());
  TestServer es(pki.files, echo_path);
  REQUIRE(es.ok());
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"-u", "elastic:pw"}, "Basic ZWxhc3RpYzpwdw=="},
      {{"--api-key", "id:key"}, "ApiKey aWQ6a2V5"},
  };
  for (const auto& [flags, expected] : cases) {
    CAPTURE(flags);
    std::vector<std::string> args = {"--cacert", pki.ca_path, "--proxy", proxy.url()};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back(es.url() + "/");
    CHECK(run_cli(args, opts()).exit_code == 0);
    // The cluster did get the credential, so its absence at the proxy means something.
    REQUIRE(!es.captured().empty());
    CHECK(es.captured().back().header("Authorization") == expected);
  }
  const std::vector<std::string> heads = proxy.heads();
  REQUIRE(heads.size() == cases.size());
  for (const std::string& head : heads) {
    CAPTURE(head);
    CHECK(head.starts_with("CONNECT " + target_of(es) + " HTTP/1.1\r\n"));
    CHECK_FALSE(has_field(head, "Authorization"));
    CHECK_FALSE(has_field(head, "Proxy-Authorization"));
    CHECK(head.find("ZWxhc3RpYzpwdw") == std::string::npos);
    CHECK(head.find("aWQ6a2V5") == std::string::npos);
    CHECK(head.find("elastic") == std::string::npos);
  }
}

TEST_CASE("proxy: --proxy with an http:// cluster URL is a usage error",
          "[integration][transport][proxy]") {
  ConnectProxy proxy;
  REQUIRE(proxy.ok());
  TestServer plain(echo_path);
  REQUIRE(plain.ok());
  const auto r = run_cli({"--proxy", proxy.url(), plain.url() + "/"}, opts());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("https") != std::string::npos);
  CHECK(proxy.heads().empty());
  CHECK(plain.requests_received() == 0);
  // HTTPS_PROXY, by its name, is only for https targets: an http:// one goes direct.
  const auto env = run_cli({plain.url() + "/plain"}, opts({"HTTPS_PROXY=" + proxy.url()}));
  CHECK(env.exit_code == 0);
  CHECK(env.out == R"({"path":"/plain"})");
  CHECK(proxy.heads().empty());
  CHECK(plain.requests_received() == 1);
}
