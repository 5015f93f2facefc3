// SPDX-License-Identifier: MIT
// The real escurl binary against an in-process HTTPS server with a CA made at test time: the
// seed exchange, every auth scheme's exact header bytes, trust failures that send nothing, bodies
// byte for byte, and the documented exit codes. (That no secret reaches any output, or stays in
// argv, is secrets_sweep_test.cpp's.)
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "base64.h"
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

constexpr const char* kSeed401 =
    R"({"error":"AuthenticationException[Missing authentication token]","status":401})";
constexpr const char* kRdeniro = "Basic cmRlbmlybzp0YXhpZHJpdmVy";

// A CA, a leaf for 127.0.0.1/localhost served with the CA, and the CA written to ca.pem.
struct Pki : escurl::testing::TestPki {
  Pki() : TestPki("Test CA") {}
};

// The seed's server: PUT /idx wants rdeniro's Basic credentials; other paths echo a small body.
void seed_routes(httplib::Server& s) {
  s.Put("/idx", [](const httplib::Request& req, httplib::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    if (auth.empty()) {
      res.status = 401;
      res.set_header("WWW-Authenticate", R"(Basic realm="security", charset="UTF-8")");
      res.set_content(kSeed401, "application/json");
    } else if (auth == kRdeniro) {
      res.set_content(R"({"acknowledged":true})", "application/json");
    } else {
      res.status = 401;
      res.set_content(
          R"({"error":{"root_cause":[],"type":"security_exception","reason":"unable to authenticate user [x] for REST request [/idx]"},"status":401})",
          "application/json");
    }
  });
  s.Get("/forbidden", [](const httplib::Request&, httplib::Response& res) {
    res.status = 403;
    res.set_content(
        R"({"error":{"root_cause":[],"type":"security_exception","reason":"action [indices:admin/create] is unauthorized for user [jdoe] with effective roles [viewer] on indices [idx], this action is granted by the index privileges [create_index,manage,all]"},"status":403})",
        "application/json");
  });
  s.Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"error":"not here","status":404})", "application/json");
  });
  auto echo = [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(R"({"ok":true,"path":")" + req.path + "\"}", "application/json");
  };
  s.Get("/.*", echo);
  s.Post("/.*", echo);
  s.Put("/other.*", echo);
  s.Delete("/.*", echo);
}

RunOptions opts(std::vector<std::string> env = {}) {
  RunOptions o;
  o.env = std::move(env);
  o.timeout_seconds = 30;
  return o;
}

std::string last_auth(const TestServer& s, const std::string& header = "Authorization") {
  const auto reqs = s.captured();
  if (reqs.empty()) return "<no request>";
  return reqs.back().header(header).value_or("<absent>");
}

}  // namespace

TEST_CASE("request: the seed exchange — 401 without credentials, acknowledged with them",
          "[integration][request]") {
  Pki pki;
  TestServer es(pki.files, seed_routes);
  REQUIRE(es.ok());

  SECTION("no credentials: the body on stdout, the summary on stderr, exit 67") {
    const auto r = run_cli({"--cacert", pki.ca_path, "-XPUT", es.url() + "/idx"}, opts());
    CHECK(r.exit_code == 67);
    CHECK(r.out == kSeed401);
    CHECK(r.err.find("HTTP 401") != std::string::npos);
    CHECK(r.err.find("--user") != std::string::npos);
  }
  SECTION("curl form with --user") {
    const auto r = run_cli(
        {"--cacert", pki.ca_path, "--user", "rdeniro:taxidriver", "-XPUT", es.url() + "/idx"},
        opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"acknowledged":true})");
    CHECK(r.err.empty());
  }
  SECTION("Console form with --url") {
    const auto r = run_cli(
        {"--cacert", pki.ca_path, "--url", es.url(), "--user", "rdeniro:taxidriver", "PUT", "idx"},
        opts());
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"acknowledged":true})");
  }
  SECTION("the cluster URL from ELASTICSEARCH_URL") {
    const auto r = run_cli({"--cacert", pki.ca_path, "-u", "rdeniro:taxidriver", "put", "/idx"},
                           opts({"ELASTICSEARCH_URL=" + es.url()}));
    CHECK(r.exit_code == 0);
    CHECK(r.out == R"({"acknowledged":true})");
  }
  SECTION("wrong password: exit 67 and the user named, not the password") {
    const auto r = run_cli(
        {"--cacert", pki.ca_path, "-u", "rdeniro:wrong-pass-123", "-XPUT", es.url() + "/idx"},
        opts());
    CHECK(r.exit_code == 67);
    CHECK(r.err.find("rdeniro") != std::string::npos);
    CHECK(r.err.find("wrong-pass-123") == std::string::npos);
  }
}

TEST_CASE("request: each scheme sends the exact header bytes of Elastic's clients",
          "[integration][request][auth]") {
  Pki pki;
  TestServer es(pki.files, seed_routes);
  REQUIRE(es.ok());
  const std::vector<std::string> base = {"--cacert", pki.ca_path, "--url", es.url()};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), {"GET", "/_security/_authenticate"});
    return run_cli(args, opts({"ESCURL_TEST_TOKEN=tok-from-env"}));
  };
  const std::string id_key_b64 =
      escurl::base64_encode("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw");
  CHECK(id_key_b64 == "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");

  struct Case {
    std::vector<std::string> args;
    std::string header;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {{"--user", "rdeniro:taxidriver"}, "Authorization", kRdeniro},
      {{"-u", "elastic:pa:ss:word"},
       "Authorization",
       "Basic " + escurl::base64_encode("elastic:pa:ss:word")},
      {{"-u", "j\xC3\xBCrgen:p\xC3\xA4ss"},
       "Authorization",
       "Basic " + escurl::base64_encode("j\xC3\xBCrgen:p\xC3\xA4ss")},
      {{"--api-key", "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw"},
       "Authorization",
       "ApiKey " + id_key_b64},
      {{"--api-key", id_key_b64}, "Authorization", "ApiKey " + id_key_b64},
      {{"--api-key",
        R"({"id":"VuaCfGcBCdbkQm-e5aOx","name":"k","api_key":"ui2lp2axTNmsyakw9tvNnw"})"},
       "Authorization",
       "ApiKey " + id_key_b64},
      {{"--bearer", "dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu"},
       "Authorization",
       "Bearer dGhpcyBpcyBub3QgYSByZWFsIHRva2Vu"},
      {{"--oauth2-bearer", "env:ESCURL_TEST_TOKEN"}, "Authorization", "Bearer tok-from-env"},
      {{"-u", "elastic:x", "--secondary-user", "rdeniro:taxidriver"},
       "es-secondary-authorization",
       kRdeniro},
      {{"-u", "elastic:x", "--secondary-api-key", "VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw"},
       "es-secondary-authorization",
       "ApiKey " + id_key_b64},
      {{"-u", "elastic:x", "--secondary-bearer", "abc.def"},
       "es-secondary-authorization",
       "Bearer abc.def"},
      {{"-u", "elastic:x", "--run-as", "rdeniro"}, "es-security-runas-user", "rdeniro"},
      {{"--bearer", "a.b.c", "--client-secret", "shh"},
       "ES-Client-Authentication",
       "SharedSecret shh"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.args, c.header);
    const auto r = run(c.args);
    CHECK(r.exit_code == 0);
    CHECK(last_auth(es, c.header) == c.expected);
  }
}

TEST_CASE("request: a server the CA does not vouch for gets no request at all",
          "[integration][request][tls]") {
  Pki pki;
  Pki other;  // a different CA
  TestServer es(pki.files, seed_routes);
  REQUIRE(es.ok());

  SECTION("wrong CA: exit 60, nothing sent") {
    const auto r =
        run_cli({"--cacert", other.ca_path, "-u", "rdeniro:taxidriver", "-XPUT", es.url() + "/idx"},
                opts());
    CHECK(r.exit_code == 60);
    CHECK(r.err.find("not trusted") != std::string::npos);
    CHECK(r.err.find(pki.leaf.sha256_fingerprint()) != std::string::npos);
    CHECK(es.requests_received() == 0);
  }
  SECTION("no --cacert: the system store does not know the test CA") {
    const auto r = run_cli({"-u", "rdeniro:taxidriver", "-XPUT", es.url() + "/idx"}, opts());
    CHECK(r.exit_code == 60);
    CHECK(es.requests_received() == 0);
  }
  SECTION("host name mismatch: exit 60 naming the certificate's names") {
    TempDir d;
    es_sandbox::Certificate wrong = *es_sandbox::make_signed(
        {.common_name = "elsewhere", .dns_names = {"elsewhere.example"}}, pki.ca);
    TestServer bad(escurl::testing::write_tls_files(d, wrong, {&pki.ca}), seed_routes);
    const auto r = run_cli({"--cacert", pki.ca_path, "-u", "a:b", bad.url() + "/x"}, opts());
    CHECK(r.exit_code == 60);
    CHECK(r.err.find("elsewhere.example") != std::string::npos);
    CHECK(bad.requests_received() == 0);
  }
  SECTION("unreadable --cacert: exit 77") {
    const auto r = run_cli({"--cacert", "/nonexistent/ca.pem", es.url() + "/x"}, opts());
    CHECK(r.exit_code == 77);
  }
  SECTION("a --cacert holding no certificate: exit 77 naming it, server up or not") {
    // The file is parsed during the handshake; its fault must still be the one reported.
    TempDir d;
    const std::string not_pem = d.write("ca.pem", "this is not a certificate\n");
    for (const std::string& url : {es.url() + "/x", std::string("https://127.0.0.1:1/x")}) {
      CAPTURE(url);
      const auto r = run_cli({"--cacert", not_pem, "-u", "a:b", url}, opts());
      CHECK(r.exit_code == 77);
      CHECK(r.err.find("holds no PEM certificate") != std::string::npos);
    }
    CHECK(es.requests_received() == 0);
  }
  SECTION("-k works and warns every time") {
    const auto r = run_cli({"-k", es.url() + "/x"}, opts());
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("warning: --insecure") != std::string::npos);
  }
}

TEST_CASE("request: no terminal for a password prompt is a usage error",
          "[integration][request][secrets]") {
  RunOptions o = opts();
  o.new_session = true;
  const auto r = run_cli({"-u", "rdeniro", "https://127.0.0.1:1/"}, o);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("no terminal") != std::string::npos);
  CHECK(r.err.find("--password") != std::string::npos);
}

TEST_CASE("request: bodies go out byte for byte with the right content type",
          "[integration][request][body]") {
  Pki pki;
  TestServer es(pki.files, seed_routes);
  REQUIRE(es.ok());
  const std::string ndjson = "{\"index\":{\"_index\":\"a\"}}\n{\"f\":1}\r\n{\"delete\":{}}\n";
  const std::string file = pki.dir.write("bulk.ndjson", ndjson, 0644);
  const std::vector<std::string> base = {"--cacert", pki.ca_path, "--url", es.url(), "-u", "a:b"};
  auto run = [&](std::vector<std::string> extra, std::optional<std::string> in = std::nullopt) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    RunOptions o = opts();
    o.stdin_data = std::move(in);
    return run_cli(args, o);
  };
  SECTION("_bulk from @FILE: bytes unchanged, NDJSON content type") {
    CHECK(run({"POST", "_bulk", "@" + file}).exit_code == 0);
    REQUIRE(!es.captured().empty());
    CHECK(es.captured().back().body == ndjson);
    CHECK(es.captured().back().header("Content-Type") == "application/x-ndjson");
  }
  SECTION("index-scoped _bulk from stdin") {
    CHECK(run({"POST", "idx/_bulk", "@-"}, ndjson).exit_code == 0);
    CHECK(es.captured().back().body == ndjson);
    CHECK(es.captured().back().header("Content-Type") == "application/x-ndjson");
  }
  SECTION("-d JSON: POST by default, application/json") {
    CHECK(run({"-d", R"({"query":{"match_all":{}}})", es.url() + "/idx/_search"}).exit_code == 0);
    CHECK(es.captured().back().method == "POST");
    CHECK(es.captured().back().body == R"({"query":{"match_all":{}}})");
    CHECK(es.captured().back().header("Content-Type") == "application/json");
  }
  SECTION("--data-raw keeps a leading @") {
    CHECK(run({"--data-raw", "@not-a-file", es.url() + "/other"}).exit_code == 0);
    CHECK(es.captured().back().body == "@not-a-file");
  }
  SECTION("a missing body file: exit 26, nothing sent") {
    const auto r = run({"POST", "_bulk", "@/nonexistent/file"});
    CHECK(r.exit_code == 26);
    CHECK(es.requests_received() == 0);
  }
}

TEST_CASE("request: exit codes and output options", "[integration][request][output]") {
  Pki pki;
  TestServer es(pki.files, seed_routes);
  REQUIRE(es.ok());
  const std::vector<std::string> base = {"--cacert", pki.ca_path, "--url", es.url(), "-u", "a:b"};
  auto run = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return run_cli(args, opts());
  };
  SECTION("403: exit 9 and the privilege named") {
    const auto r = run({"GET", "forbidden"});
    CHECK(r.exit_code == 9);
    CHECK(r.err.find("[create_index,manage,all]") != std::string::npos);
  }
  SECTION("404: exit 22; --no-fail: 0; -s: no summary") {
    CHECK(run({"GET", "missing"}).exit_code == 22);
    CHECK(run({"--no-fail", "GET", "missing"}).exit_code == 0);
    const auto r = run({"-s", "GET", "missing"});
    CHECK(r.exit_code == 22);
    CHECK(r.err.empty());
  }
  SECTION("-i prints the head first on stdout") {
    const auto r = run({"-i", "GET", "x"});
    CHECK(r.out.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(r.out.find("\r\n\r\n{\"ok\":true") != std::string::npos);
  }
  SECTION("-o writes the file and nothing to stdout") {
    const std::string path = pki.dir.file("out.json");
    const auto r = run({"-o", path, "GET", "x"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == R"({"ok":true,"path":"/x"})");
  }
  SECTION("HEAD: exit 0, no body") {
    const auto r = run({"HEAD", "x"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
  }
  SECTION("credentials over http:// are refused before connecting") {
    TestServer plain(seed_routes);
    const auto r = run_cli({"-u", "rdeniro:taxidriver", plain.url() + "/x"}, opts());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--allow-insecure-http") != std::string::npos);
    CHECK(plain.requests_received() == 0);
    const auto allowed =
        run_cli({"--allow-insecure-http", "-u", "rdeniro:taxidriver", plain.url() + "/x"}, opts());
    CHECK(allowed.exit_code == 0);
  }
  SECTION("https to a plain HTTP port: exit 52") {
    TestServer plain(seed_routes);
    const std::string port = std::to_string(plain.port());
    const auto r = run_cli({"https://127.0.0.1:" + port + "/x"}, opts());
    CHECK(r.exit_code == 52);
  }
  SECTION("malformed URL: exit 3; unknown flag: exit 2 with a suggestion") {
    CHECK(run_cli({"https://127.0.0.1:99999/"}, opts()).exit_code == 3);
    const auto r = run_cli({"--insecur", "https://x/"}, opts());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--insecure") != std::string::npos);
  }
  SECTION("nothing listening: exit 7") {
    TestServer gone(seed_routes);
    const std::string url = gone.url();
    // Port 1 is privileged and unused on test machines.
    CHECK(run_cli({"https://127.0.0.1:1/"}, opts()).exit_code == 7);
  }
}

TEST_CASE("request: --max-time bounds a slow server with exit 28", "[integration][request]") {
  Pki pki;
  TestServer es(pki.files, [](httplib::Server& s) {
    s.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::seconds(3));
      res.set_content("{}", "application/json");
    });
  });
  const auto r = run_cli({"--cacert", pki.ca_path, "-m", "0.5", es.url() + "/slow"}, opts());
  CHECK(r.exit_code == 28);
  CHECK(r.err.find("--max-time") != std::string::npos);
}
