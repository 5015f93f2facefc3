// SPDX-License-Identifier: MIT
// The completion subcommands run as the real binary: scripts and paths without a cluster, index
// names never fetched unless the profile opts in, and fetched from the cluster when it does.
#include <string>
#include <vector>

#include "catch.h"
#include "certgen.h"
#include "completion_command.h"
#include "credentials.h"
#include "options.h"
#include "request.h"
#include "run_cli.h"
#include "secret_source.h"
#include "temp_dir.h"
#include "test_server.h"

using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::TempDir;
using escurl::testing::TestServer;

namespace {

struct Pki : escurl::testing::TestPki {
  Pki() : TestPki("Completion CA") {}
};

void cat_indices(httplib::Server& s) {
  s.Get("/_cat/indices", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_param_value("h") != "index") {
      res.status = 400;
      return;
    }
    res.set_content("logs-2026.11\n.kibana_1  \nproducts\n", "text/plain");
  });
  s.Get("/.*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok":true})", "application/json");
  });
  s.Put("/.*", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"ok":true})", "application/json");
  });
}

RunOptions opts() {
  RunOptions o;
  o.timeout_seconds = 30;
  return o;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("completion: scripts and paths need no cluster", "[integration][completion]") {
  for (const char* shell : {"bash", "zsh", "fish"}) {
    CAPTURE(shell);
    const auto r = run_cli({"completion", shell}, opts());
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "escurl"));
    CHECK(r.err.empty());
  }
  const auto paths = run_cli({"completion", "paths", "GET"}, opts());
  CHECK(paths.exit_code == 0);
  CHECK(contains(paths.out, "\n_cat/indices\n"));
  const auto man = run_cli({"generate", "man"}, opts());
  CHECK(man.exit_code == 0);
  CHECK(man.out.starts_with(".\\\""));
}

TEST_CASE("completion: an unknown shell is a usage error", "[integration][completion]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"completion"}, {"completion", "tcsh"}, {"generate", "pdf"}}) {
    CAPTURE(args);
    const auto r = run_cli(args, opts());
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "usage: escurl"));
  }
}

TEST_CASE("completion: index names are never fetched unless the profile opts in",
          "[integration][completion]") {
  Pki pki;
  TestServer es(pki.files, cat_indices);
  REQUIRE(es.ok());
  const auto r = run_cli(
      {"--cacert", pki.ca_path, "--url", es.url(), "-u", "elastic:pw", "completion", "indices"},
      opts());
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
  CHECK(es.requests_received() == 0);
}

TEST_CASE("completion: index names from the cluster once opted in", "[integration][completion]") {
  Pki pki;
  TestServer es(pki.files, cat_indices);
  REQUIRE(es.ok());
  escurl::RawOptions raw;
  raw.positionals = {"completion", "indices"};
  raw.urls = {es.url()};
  raw.cacert = pki.ca_path;
  raw.password = "@-";  // would block on stdin; completing must never read it
  raw.user = "elastic";
  escurl::Env env;
  escurl::prepare_index_completion(raw, env);
  CHECK(raw.positionals == std::vector<std::string>{"GET", "_cat/indices?h=index"});
  CHECK(raw.silent);
  REQUIRE(raw.max_time.has_value());
  escurl::Result<escurl::Options> o = escurl::resolve_options(raw, env);
  REQUIRE(o);
  o->complete_indices = true;
  escurl::StdinClaim claim;
  escurl::Result<escurl::Credentials> creds = escurl::resolve_credentials(raw, o->url, env, claim);
  CHECK_FALSE(creds);  // standard input is unavailable while completing
  raw.password.reset();
  raw.user = "elastic:pw";
  creds = escurl::resolve_credentials(raw, o->url, env, claim);
  REQUIRE(creds);
  escurl::Result<escurl::Request> request = escurl::build_request(*o, *creds, env, claim);
  REQUIRE(request);
  escurl::TransportOptions t;
  t.tls = o->tls;
  CHECK(escurl::fetch_index_names(*o, *request, t) ==
        std::vector<std::string>{"logs-2026.11", ".kibana_1", "products"});
  REQUIRE(es.captured().size() == 1);
  CHECK(es.captured()[0].path == "/_cat/indices?h=index");

  SECTION("an error answer offers nothing") {
    TestServer refusing(pki.files, [](httplib::Server& s) {
      s.Get("/.*", [](const httplib::Request&, httplib::Response& res) {
        res.status = 401;
        res.set_content(R"({"error":"no"})", "application/json");
      });
    });
    REQUIRE(refusing.ok());
    raw.urls = {refusing.url()};
    escurl::Result<escurl::Options> o2 = escurl::resolve_options(raw, env);
    REQUIRE(o2);
    escurl::Result<escurl::Request> r2 = escurl::build_request(*o2, *creds, env, claim);
    REQUIRE(r2);
    CHECK(escurl::fetch_index_names(*o2, *r2, t).empty());
  }
}
