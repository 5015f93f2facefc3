// SPDX-License-Identifier: MIT
// Transport behaviour of the real binary: several nodes with a dead one, retries on 503 and 429
// (and never on 401, nor for a POST once sent), a reset mid-body, timeouts, kept-alive
// connections across a batch, --parallel output order, redirects that must not carry
// credentials to another origin, --resolve, --compressed, --opaque-id and --compat.
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "catch.h"
#include "certgen.h"
#include "run_cli.h"
#include "temp_dir.h"
#include "test_server.h"

using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::TempDir;
using escurl::testing::TestServer;

namespace {

struct Pki : escurl::testing::TestPki {
  Pki() : TestPki("Transport CA", {"es.test"}) {}
};

RunOptions opts(std::vector<std::string> env = {}) {
  RunOptions o;
  o.env = std::move(env);
  o.timeout_seconds = 60;
  return o;
}

void json_ok(httplib::Response& res, const std::string& body) {
  res.set_content(body, "application/json");
}

int free_port() {
  // A server that is started and stopped leaves a port nobody listens on.
  TestServer gone;
  return gone.port();
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("transport: a dead node is skipped, now and for the rest of the batch",
          "[integration][transport]") {
  Pki pki;
  TestServer live(pki.files, [](httplib::Server& s) {
    s.Get("/.*", [](const httplib::Request& req, httplib::Response& res) {
      json_ok(res, "{\"at\":\"" + req.path + "\"}");
    });
  });
  const std::string dead = "https://127.0.0.1:" + std::to_string(free_port());
  const std::string urls = dead + "," + live.url();
  SECTION("a single request") {
    const auto r =
        run_cli({"--cacert", pki.ca_path, "--url", urls, "GET", "/_cluster/health"}, opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"at":"/_cluster/health"})");
  }
  SECTION("a batch: the dead node is tried once") {
    const std::string batch = pki.dir.write("b.txt", "GET /one\n\nGET /two\n\nGET /three\n", 0644);
    const auto r =
        run_cli({"-v", "--cacert", pki.ca_path, "--url", urls, "--batch", batch}, opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"at\":\"/one\"}\n{\"at\":\"/two\"}\n{\"at\":\"/three\"}\n");
    CHECK(count(r.err, "connection #") == 2);
    CHECK(count(r.err, "connection failed from " + dead) == 1);
    CHECK(live.requests_received() == 3);
  }
}

TEST_CASE("transport: 503, 503, 200 succeeds after two retries; 401 and sent POSTs are not retried",
          "[integration][transport]") {
  Pki pki;
  std::atomic<int> calls{0};
  TestServer es(pki.files, [&](httplib::Server& s) {
    s.Get("/flaky", [&](const httplib::Request&, httplib::Response& res) {
      if (++calls <= 2) {
        res.status = 503;
        json_ok(res, R"({"error":"unavailable","status":503})");
      } else {
        json_ok(res, R"({"ok":true})");
      }
    });
    s.Get("/denied", [&](const httplib::Request&, httplib::Response& res) {
      ++calls;
      res.status = 401;
      json_ok(res,
              R"({"error":"AuthenticationException[Missing authentication token]","status":401})");
    });
    s.Post("/busy", [&](const httplib::Request&, httplib::Response& res) {
      ++calls;
      res.status = 503;
      json_ok(res, R"({"error":"busy","status":503})");
    });
    s.Get("/slow-down", [&](const httplib::Request&, httplib::Response& res) {
      if (++calls == 1) {
        res.status = 429;
        res.set_header("Retry-After", "1");
        json_ok(res, R"({"error":"too many","status":429})");
      } else {
        json_ok(res, R"({"ok":true})");
      }
    });
  });
  const std::vector<std::string> base = {"-v", "--cacert", pki.ca_path, "--url", es.url()};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args, opts());
  };
  SECTION("503 twice, then 200") {
    const auto r = run({"--retry-delay", "0", "GET", "/flaky"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"ok":true})");  // the 503 bodies never reach the output
    CHECK(count(r.err, "retry ") == 2);
    CHECK(calls == 3);
  }
  SECTION("401: once") {
    CHECK(run({"GET", "/denied"}).exit_code == 67);
    CHECK(calls == 1);
  }
  SECTION("a POST that reached the server is not retried, unless --retry-all") {
    CHECK(run({"--retry-delay", "0", "POST", "/busy", "{}"}).exit_code == 22);
    CHECK(calls == 1);
    CHECK(run({"--retry-delay", "0", "--retry", "2", "--retry-all", "POST", "/busy", "{}"})
              .exit_code == 22);
    CHECK(calls == 4);
  }
  SECTION("429 waits for Retry-After") {
    const auto start = std::chrono::steady_clock::now();
    CHECK(run({"GET", "/slow-down"}).exit_code == 0);
    CHECK(calls == 2);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds(900));
  }
  SECTION("--retry 0 returns the first 503") {
    calls = 0;
    CHECK(run({"--retry", "0", "GET", "/flaky"}).exit_code == 22);
    CHECK(calls == 1);
  }
}

TEST_CASE("transport: a reset mid-body exits 56 without a retry; a silent server 28",
          "[integration][transport]") {
  Pki pki;
  std::atomic<int> calls{0};
  TestServer es(pki.files, [&](httplib::Server& s) {
    s.Get("/cut", [&](const httplib::Request&, httplib::Response& res) {
      ++calls;
      res.set_content_provider(100000, "application/json",
                               [](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset > 0) return false;  // stop after the first chunk
                                 const std::string part(1000, 'x');
                                 sink.write(part.data(), part.size());
                                 return true;
                               });
    });
    s.Get("/silent", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      json_ok(res, "{}");
    });
  });
  const auto cut = run_cli({"--cacert", pki.ca_path, es.url() + "/cut"}, opts());
  CHECK(cut.exit_code == 56);
  CHECK(cut.err.find("incomplete") != std::string::npos);
  CHECK(calls == 1);
  const auto silent =
      run_cli({"--cacert", pki.ca_path, "--read-timeout", "0.5", es.url() + "/silent"}, opts());
  CHECK(silent.exit_code == 28);
  CHECK(silent.err.find("no data") != std::string::npos);
}

TEST_CASE("transport: a 1000-request batch uses one connection",
          "[integration][transport][batch]") {
  Pki pki;
  TestServer es(pki.files, [](httplib::Server& s) {
    s.set_keep_alive_max_count(100000);
    s.Get("/doc/.*", [](const httplib::Request& req, httplib::Response& res) {
      json_ok(res, "{\"p\":\"" + req.path + "\"}");
    });
  });
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "GET /doc/" + std::to_string(i) + "\n\n";
  const std::string batch = pki.dir.write("b.txt", text, 0644);
  const auto r = run_cli({"--cacert", pki.ca_path, "--url", es.url(), "--batch", batch}, opts());
  CHECK(r.exit_code == 0);
  CHECK(count(r.out, "\n") == 1000);
  CHECK(es.requests_received() == 1000);
  CHECK(es.connections_seen() == 1);
}

TEST_CASE("transport: --parallel keeps output in input order; ndjson format",
          "[integration][transport][batch]") {
  Pki pki;
  TestServer es(pki.files, [](httplib::Server& s) {
    s.Get("/n/(\\d+)", [](const httplib::Request& req, httplib::Response& res) {
      const int n = std::stoi(req.matches[1]);
      // Early requests answer last, so completion order is the reverse of input order.
      std::this_thread::sleep_for(std::chrono::milliseconds((12 - n) * 15));
      json_ok(res, "{\"n\":" + std::to_string(n) + "}");
    });
  });
  std::string text;
  for (int i = 0; i < 12; ++i) text += "GET /n/" + std::to_string(i) + "\n";
  const std::string batch = pki.dir.write("b.txt", text, 0644);
  const auto r = run_cli({"--cacert", pki.ca_path, "--url", es.url(), "--batch", batch,
                          "--parallel", "4", "--batch-format", "ndjson"},
                         opts());
  CHECK(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::string line;
  int expected = 0;
  while (std::getline(lines, line)) {
    const auto doc = nlohmann::json::parse(line);
    CHECK(doc["request"] == "GET /n/" + std::to_string(expected));
    CHECK(doc["status"] == 200);
    CHECK(doc["body"]["n"] == expected);
    CHECK(doc.contains("took_ms"));
    ++expected;
  }
  CHECK(expected == 12);
  CHECK(es.connections_seen() <= 4);
}

TEST_CASE("transport: batch errors — syntax sends nothing; exit code of the first failure",
          "[integration][transport][batch]") {
  Pki pki;
  TestServer es(pki.files, [](httplib::Server& s) {
    s.Get("/ok", [](const httplib::Request&, httplib::Response& res) { json_ok(res, "{}"); });
    s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
      res.status = 404;
      json_ok(res, R"({"error":"nope","status":404})");
    });
    s.Get("/forbidden", [](const httplib::Request&, httplib::Response& res) {
      res.status = 403;
      json_ok(res, R"({"error":"nope","status":403})");
    });
  });
  const std::string bad = pki.dir.write("bad.txt", "GET /ok\n\nFETCH /x\n", 0644);
  const auto syntax = run_cli({"--cacert", pki.ca_path, "--url", es.url(), "--batch", bad}, opts());
  CHECK(syntax.exit_code == 2);
  CHECK(syntax.err.find("bad.txt:3:") != std::string::npos);
  CHECK(es.requests_received() == 0);
  const std::string mixed =
      pki.dir.write("mixed.txt", "GET /ok\nGET /missing\nGET /forbidden\nGET /ok\n", 0644);
  const auto r = run_cli({"--cacert", pki.ca_path, "--url", es.url(), "--batch", mixed}, opts());
  CHECK(r.exit_code == 22);
  CHECK(r.err.find("line 2") != std::string::npos);
  CHECK(es.requests_received() == 4);
  const auto stop = run_cli(
      {"--cacert", pki.ca_path, "--url", es.url(), "--batch", mixed, "--stop-on-error"}, opts());
  CHECK(stop.exit_code == 22);
  CHECK(es.requests_received() == 6);
}

TEST_CASE("transport: a redirect to another port delivers no credential header there",
          "[integration][transport][redirect]") {
  Pki pki;
  TestServer other(pki.files, [](httplib::Server& s) {
    s.Get("/landing", [](const httplib::Request&, httplib::Response& res) {
      json_ok(res, R"({"landed":true})");
    });
  });
  const std::string target = other.url() + "/landing";
  TestServer es(pki.files, [&](httplib::Server& s) {
    s.Get("/moved",
          [&](const httplib::Request&, httplib::Response& res) { res.set_redirect(target, 302); });
    s.Get("/here", [&](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/landing2", 307);
    });
    s.Get("/landing2", [](const httplib::Request&, httplib::Response& res) {
      json_ok(res, R"({"same":true})");
    });
  });
  const std::vector<std::string> creds = {
      "--cacert", pki.ca_path, "-u",  "elastic:pw", "--secondary-api-key",
      "id:key",   "--run-as",  "bob", "-H",         "Cookie: session=abc",
      "--url",    es.url()};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = creds;
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args, opts());
  };
  SECTION("not followed by default: exit 0 and the Location on stderr") {
    const auto r = run({"GET", "/moved"});
    CHECK(r.exit_code == 0);
    CHECK(r.err.find(target) != std::string::npos);
    CHECK(other.requests_received() == 0);
  }
  SECTION("-L to another origin: no credential header arrives") {
    const auto r = run({"-L", "GET", "/moved"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"landed":true})");
    const auto all = other.captured();
    REQUIRE(all.size() == 1);
    const auto& seen = all.front();
    for (const char* h : {"Authorization", "es-secondary-authorization", "es-security-runas-user",
                          "ES-Client-Authentication", "Cookie"}) {
      CAPTURE(h);
      CHECK_FALSE(seen.header(h).has_value());
    }
  }
  SECTION("-L on the same origin keeps them") {
    const auto r = run({"-L", "GET", "/here"});
    CHECK(r.out == R"({"same":true})");
    CHECK(es.captured().back().header("Authorization").has_value());
  }
}

TEST_CASE("transport: -L after a 307 or 308 re-sends a file body whole, refuses stdin and pipes",
          "[integration][transport][redirect]") {
  const int status = GENERATE(307, 308);
  CAPTURE(status);
  std::atomic<int> landed{0};
  TestServer es([&](httplib::Server& s) {
    s.Post("/old", [&](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/new", status);
    });
    s.Post("/new", [&](const httplib::Request& req, httplib::Response& res) {
      ++landed;
      json_ok(res, "{\"got\":" + req.body + "}");
    });
  });
  REQUIRE(es.ok());
  TempDir dir;
  const std::string body = R"({"field":"value"})";
  const std::string expected = fmt::format(
      "the server redirected ({}) to {}/new; the body came from stdin and cannot be sent again; "
      "give it as @FILE",
      status, es.url());
  SECTION("stdin: exit 65 with one clear line; no empty body reaches the new URL") {
    RunOptions o = opts();
    o.stdin_data = body;
    const auto r = run_cli({"-L", "--url", es.url(), "POST", "/old", "@-"}, o);
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 65);
    CHECK(r.err.find(expected) != std::string::npos);
    CHECK(landed == 0);
  }
  SECTION("-d @- too") {
    RunOptions o = opts();
    o.stdin_data = body;
    const auto r = run_cli({"-L", "-d", "@-", es.url() + "/old"}, o);
    CHECK(r.exit_code == 65);
    CHECK(landed == 0);
  }
  SECTION("a regular @FILE is sent again whole") {
    const std::string file = dir.write("body.json", body, 0644);
    const auto r = run_cli({"-L", "--url", es.url(), "POST", "/old", "@" + file}, opts());
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"got\":" + body + "}");
    CHECK(landed == 1);
  }
  SECTION("a pipe, as @<(...) gives: exit 65, not an empty body") {
    // A pipe holding the body, reachable by path as a process substitution's /dev/fd/63 is:
    // every open of the path reads the same pipe, which is empty once read.
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    REQUIRE(::write(fds[1], body.data(), body.size()) == static_cast<ssize_t>(body.size()));
    ::close(fds[1]);
    const std::string path = fmt::format("/proc/{}/fd/{}", ::getpid(), fds[0]);
    const auto r = run_cli({"-L", "--url", es.url(), "POST", "/old", "@" + path}, opts());
    ::close(fds[0]);
    INFO("stderr: " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 65);
    CHECK(r.err.find("which is not a regular file, and cannot be sent again") != std::string::npos);
    CHECK(landed == 0);
  }
}

TEST_CASE("transport: -L after a 303 (or a 301/302 to a POST) sends a GET without the body",
          "[integration][transport][redirect]") {
  const int status = GENERATE(301, 302, 303);
  CAPTURE(status);
  TestServer es([&](httplib::Server& s) {
    s.Post("/old", [&](const httplib::Request&, httplib::Response& res) {
      res.set_redirect("/new", status);
    });
    s.Get("/new", [](const httplib::Request&, httplib::Response& res) { json_ok(res, "{}"); });
  });
  REQUIRE(es.ok());
  RunOptions o = opts();
  o.stdin_data = "{}";
  const auto r = run_cli({"-L", "--url", es.url(), "POST", "/old", "@-"}, o);
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(es.captured().back().method == "GET");
}

TEST_CASE("transport: a protocol-relative Location is another origin: credentials stay behind",
          "[integration][transport][redirect]") {
  TestServer other([](httplib::Server& s) {
    s.Get("/landing", [](const httplib::Request&, httplib::Response& res) {
      json_ok(res, R"({"landed":true})");
    });
  });
  const std::string location = "//127.0.0.1:" + std::to_string(other.port()) + "/landing";
  TestServer es([&](httplib::Server& s) {
    s.Get("/moved", [&](const httplib::Request&, httplib::Response& res) {
      res.status = 302;
      res.set_header("Location", location);
    });
  });
  const auto r = run_cli({"-L", "--allow-insecure-http", "-u", "elastic:pw", "-H", "Cookie: s=1",
                          "--url", es.url(), "GET", "/moved"},
                         opts());
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out == R"({"landed":true})");
  REQUIRE(other.captured().size() == 1);
  CHECK_FALSE(other.captured().front().header("Authorization").has_value());
  CHECK_FALSE(other.captured().front().header("Cookie").has_value());
  CHECK(es.requests_received() == 1);
}

TEST_CASE("transport: '://' in a Console path's query is a query, not a malformed URL",
          "[integration][transport]") {
  TestServer es([](httplib::Server& s) {
    s.Get("/idx/_search",
          [](const httplib::Request&, httplib::Response& res) { json_ok(res, "{}"); });
  });
  const auto r = run_cli({"--url", es.url(), "GET", R"(idx/_search?q=link:"https://x")"}, opts());
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 0);
  REQUIRE(es.captured().size() == 1);
  CHECK(es.captured().front().path == "/idx/_search?q=link:%22https://x%22");
}

TEST_CASE("transport: --sniff on a _nodes answer of the wrong shape is one clear line",
          "[integration][transport]") {
  TestServer es([](httplib::Server& s) {
    s.Get("/_nodes/http", [](const httplib::Request&, httplib::Response& res) {
      json_ok(res, R"({"nodes":{"a":{"http":{"publish_address":9200}}}})");
    });
  });
  const auto r = run_cli({"--sniff", "--url", es.url(), "GET", "/"}, opts());
  INFO("stderr: " << r.err);
  CHECK(r.exit_code == 22);
  CHECK(r.err.find("--sniff: GET _nodes/http answered in an unexpected shape") !=
        std::string::npos);
  CHECK(r.err.find("json.exception") == std::string::npos);
}

TEST_CASE("transport: --resolve, --compressed, --opaque-id and --compat",
          "[integration][transport]") {
  Pki pki;
  TestServer es(pki.files, [](httplib::Server& s) {
    s.Get("/big", [](const httplib::Request&, httplib::Response& res) {
      json_ok(res, "{\"text\":\"" + std::string(20000, 'a') + "\"}");
    });
    s.Post("/.*", [](const httplib::Request&, httplib::Response& res) { json_ok(res, "{}"); });
    s.Get("/cookie", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Set-Cookie", "sid=cookie-secret-7719; HttpOnly");
      json_ok(res, "{}");
    });
  });
  const std::string port = std::to_string(es.port());
  SECTION("--resolve connects es.test to 127.0.0.1 and still checks the name es.test") {
    const auto r = run_cli({"--cacert", pki.ca_path, "--resolve", "es.test:" + port + ":127.0.0.1",
                            "https://es.test:" + port + "/big"},
                           opts());
    CHECK(r.exit_code == 0);
  }
  SECTION("--compressed decodes gzip") {
    const auto r =
        run_cli({"-v", "--cacert", pki.ca_path, "--compressed", es.url() + "/big"}, opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "{\"text\":\"" + std::string(20000, 'a') + "\"}");
    CHECK(r.err.find("Content-Encoding: gzip") != std::string::npos);
    CHECK(es.captured().back().header("Accept-Encoding") == "gzip");
  }
  SECTION("X-Opaque-Id from the flag, or from the CI job") {
    run_cli({"--cacert", pki.ca_path, "--opaque-id", "nightly-42", es.url() + "/big"}, opts());
    CHECK(es.captured().back().header("X-Opaque-Id") == "nightly-42");
    run_cli({"--cacert", pki.ca_path, es.url() + "/big"},
            opts({"GITHUB_RUN_ID=777", "GITHUB_REPOSITORY=acme/etl"}));
    CHECK(es.captured().back().header("X-Opaque-Id") == "github:acme/etl/777");
  }
  SECTION("--compat 8 sets the compatible-with media types") {
    run_cli({"--cacert", pki.ca_path, "--compat", "8", es.url() + "/big"}, opts());
    CHECK(es.captured().back().header("Accept") ==
          "application/vnd.elasticsearch+json; compatible-with=8");
  }
  SECTION("-v shows a Set-Cookie from the server as <redacted>; -i passes it on as received") {
    const auto r = run_cli({"-v", "-i", "--cacert", pki.ca_path, es.url() + "/cookie"}, opts());
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("< Set-Cookie: <redacted>") != std::string::npos);
    CHECK(r.err.find("cookie-secret-7719") == std::string::npos);
    CHECK(r.out.find("Set-Cookie: sid=cookie-secret-7719; HttpOnly\r\n") != std::string::npos);
  }
  SECTION("--compat 8 also types the bodies of a batch, JSON and NDJSON") {
    const std::string batch = pki.dir.write(
        "compat.txt", "POST /i/_search\n{\"size\":0}\n\nPOST /_bulk\n{\"index\":{}}\n{}\n", 0644);
    const auto r = run_cli(
        {"--cacert", pki.ca_path, "--compat", "8", "--url", es.url(), "--batch", batch}, opts());
    CHECK(r.exit_code == 0);
    REQUIRE(es.captured().size() >= 2);
    const auto& captured = es.captured();
    CHECK(captured[captured.size() - 2].header("Content-Type") ==
          "application/vnd.elasticsearch+json; compatible-with=8");
    CHECK(captured.back().header("Content-Type") ==
          "application/vnd.elasticsearch+x-ndjson; compatible-with=8");
  }
}
