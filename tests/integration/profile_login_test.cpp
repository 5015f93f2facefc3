// SPDX-License-Identifier: MIT
// Profiles, credential commands, the token service, whoami and api-key through the real binary
// against es-sandbox: a profile with api_key_command works; a readable file with a literal
// password is refused; commands that fail or hang are reported by name only; login → use →
// expiry → refresh → logout; whoami with run-as and secondary; api-key create then use.
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catch.h"
#include "run_cli.h"
#include "sandbox_process.h"

using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::RunResult;
using escurl::testing::SandboxOptions;
using escurl::testing::SandboxProcess;
using nlohmann::json;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Lines in the counter file a credential script appends to: how often it ran.
int runs(const std::string& counter) {
  const std::string text = slurp(counter);
  return static_cast<int>(std::count(text.begin(), text.end(), '\n'));
}

// A script that counts its runs and prints `secret`.
std::string counting_script(const SandboxProcess& es, const std::string& name,
                            const std::string& secret) {
  return es.dir().write(name,
                        "#!/bin/sh\necho run >> '" + es.dir().file(name + ".count") +
                            "'\nprintf '%s\\n' '" + secret + "'\n",
                        0700);
}

std::string toml_list(const std::string& program) { return "[\"" + program + "\"]"; }

struct Cli {
  RunOptions options;
  std::vector<std::string> base;
  RunResult operator()(std::vector<std::string> args, std::optional<std::string> in = {}) const {
    std::vector<std::string> all = base;
    all.insert(all.end(), args.begin(), args.end());
    RunOptions o = options;
    o.stdin_data = std::move(in);
    return run_cli(all, o);
  }
};

// Polls `check` (up to ~10 s) until it holds.
template <class F>
bool eventually(F check) {
  for (int i = 0; i < 100; ++i) {
    if (check()) return true;
    ::usleep(100 * 1000);
  }
  return false;
}

}  // namespace

TEST_CASE("profiles: api_key_command works, a readable literal password is refused",
          "[integration][profiles]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const auto key = es.send_as_elastic("POST", "/_security/api_key", R"({"name":"profile"})");
  const std::string encoded = json::parse(key.body)["encoded"];
  const std::string script =
      es.dir().write("key.sh", "#!/bin/sh\nprintf '%s\\n' " + encoded + "\n", 0700);
  // Only references: the file may be readable by others.
  const std::string config = es.dir().write("config.toml",
                                            "default_profile = \"sb\"\n[profiles.sb]\nurl = \"" +
                                                es.url() + "\"\ncacert = \"" + es.ca_path() +
                                                "\"\napi_key_command = " + toml_list(script) + "\n",
                                            0644);
  Cli cli{{.env = {"ESCURL_CONFIG=" + config}}, {}};
  const auto who = cli({"GET", "_security/_authenticate"});
  CHECK(who.exit_code == 0);
  CHECK(json::parse(who.out)["authentication_type"] == "api_key");

  // The profile is below the environment: ELASTICSEARCH_USERNAME replaces its key.
  Cli env_cli = cli;
  env_cli.options.env.push_back("ELASTICSEARCH_USERNAME=rdeniro");
  env_cli.options.env.push_back("ELASTICSEARCH_PASSWORD=taxidriver");
  CHECK(json::parse(env_cli({"GET", "_security/_authenticate"}).out)["username"] == "rdeniro");

  const auto unknown = cli({"--profile", "sbb", "GET", "/"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("no profile 'sbb'") != std::string::npos);
  CHECK(unknown.err.find("did you mean 'sb'?") != std::string::npos);

  const auto names = cli({"config", "profiles"});
  CHECK(names.exit_code == 0);
  CHECK(names.out == "sb\n");

  const auto shown = cli({"config", "show"});
  CHECK(shown.exit_code == 0);
  CHECK(shown.out.find("default_profile in " + config) != std::string::npos);
  CHECK(shown.out.find("profile sb in " + config + " (api_key_command)") != std::string::npos);
  CHECK(shown.out.find(encoded) == std::string::npos);

  // A literal password in a file others can read.
  const std::string literal = es.dir().write(
      "literal.toml",
      "[profiles.x]\nurl = \"" + es.url() + "\"\nuser = \"rdeniro\"\npassword = \"taxidriver\"\n",
      0644);
  const auto refused = run_cli({"--config", literal, "--profile", "x", "GET", "/"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("chmod 600 " + literal) != std::string::npos);
  CHECK(refused.err.find("taxidriver") == std::string::npos);
  ::chmod(literal.c_str(), 0600);
  CHECK(run_cli({"--config", literal, "--profile", "x", "--cacert", es.ca_path(), "GET", "/"})
            .exit_code == 0);
}

TEST_CASE("profiles: a failing or hanging credential command is named, its output never",
          "[integration][profiles]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const std::string fails = es.dir().write(
      "fails.sh", "#!/bin/sh\necho LEAKED-OUTPUT\necho LEAKED-ERR >&2\nexit 3\n", 0700);
  const std::string hangs = es.dir().write("hangs.sh", "#!/bin/sh\nexec sleep 30\n", 0700);
  const std::string config =
      es.dir().write("config.toml",
                     "[profiles.fails]\nurl = \"" + es.url() +
                         "\"\nuser = \"rdeniro\"\npassword_command = " + toml_list(fails) +
                         "\n[profiles.hangs]\nurl = \"" + es.url() +
                         "\"\ncommand_timeout = 1\napi_key_command = " + toml_list(hangs) + "\n",
                     0600);
  const auto failed = run_cli({"--config", config, "--profile", "fails", "GET", "/"});
  CHECK(failed.exit_code == 2);
  CHECK(failed.err.find("password_command in profile 'fails'") != std::string::npos);
  CHECK(failed.err.find(fails) != std::string::npos);
  CHECK(failed.err.find("LEAKED") == std::string::npos);
  const auto hung = run_cli({"--config", config, "--profile", "hangs", "GET", "/"});
  CHECK(hung.exit_code == 2);
  CHECK_FALSE(hung.timed_out);
  CHECK(hung.err.find("api_key_command in profile 'hangs'") != std::string::npos);
  CHECK(hung.err.find("did not finish within 1000 ms") != std::string::npos);
}

TEST_CASE("login: use, expiry, refresh through the profile's password command, logout",
          "[integration][login]") {
  SandboxProcess es(SandboxOptions{.token_lifetime_seconds = 1});
  REQUIRE(es.ready());
  const std::string pw = counting_script(es, "pw.sh", "taxidriver");
  const std::string config =
      es.dir().write("config.toml",
                     "[profiles.sb]\nurl = \"" + es.url() + "\"\ncacert = \"" + es.ca_path() +
                         "\"\nuser = \"rdeniro\"\npassword_command = " + toml_list(pw) + "\n",
                     0600);
  const std::string state = es.dir().file("state");
  const std::string tokens = state + "/escurl/sb.tokens.json";
  Cli cli{{.env = {"XDG_STATE_HOME=" + state}}, {"--config", config, "--profile", "sb"}};

  const auto login = cli({"login"});
  REQUIRE(login.exit_code == 0);
  CHECK(login.out.empty());
  CHECK(login.err.find("as rdeniro") != std::string::npos);
  CHECK(runs(pw + ".count") == 1);
  struct stat st {};
  REQUIRE(::stat(tokens.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  const std::string first = json::parse(slurp(tokens))["access_token"];

  // Wait until the cluster itself says the access token expired.
  CHECK(eventually([&] {
    return es.send("GET", "/", {}, {{"Authorization", "Bearer " + first}}).status == 401;
  }));
  const auto who = cli({"GET", "_security/_authenticate"});
  CHECK(who.exit_code == 0);
  CHECK(json::parse(who.out)["authentication_type"] == "token");
  CHECK(json::parse(who.out)["username"] == "rdeniro");
  CHECK(runs(pw + ".count") == 2);  // one refresh, authenticated by the profile's command
  const json refreshed = json::parse(slurp(tokens));
  CHECK(refreshed["access_token"] != first);

  const auto logout = cli({"logout"});
  CHECK(logout.exit_code == 0);
  CHECK_FALSE(exists(tokens));
  const json refresh = {{"grant_type", "refresh_token"},
                        {"refresh_token", refreshed["refresh_token"]}};
  CHECK(es.send_as_elastic("POST", "/_security/oauth2/token", refresh.dump()).status == 400);
  CHECK(cli({"logout"}).err.find("not logged in") != std::string::npos);
}

TEST_CASE("login: later requests need no password; an expired 401 is refreshed and replayed",
          "[integration][login]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  const std::string pw = counting_script(es, "pw.sh", "taxidriver");
  const std::string config = es.dir().write(
      "config.toml",
      "[profiles.sb]\nurl = \"" + es.url() + "\"\ncacert = \"" + es.ca_path() +
          "\"\nuser = \"rdeniro\"\npassword_command = " + toml_list(pw) +
          "\n[profiles.bare]\nurl = \"" + es.url() + "\"\ncacert = \"" + es.ca_path() + "\"\n",
      0600);
  const std::string state = es.dir().file("state");
  Cli sb{{.env = {"XDG_STATE_HOME=" + state}}, {"--config", config, "--profile", "sb"}};
  auto invalidate_stored = [&](const std::string& profile) {
    const json t = json::parse(slurp(state + "/escurl/" + profile + ".tokens.json"));
    return es.send_as_elastic("DELETE", "/_security/oauth2/token",
                              json{{"token", t["access_token"]}}.dump());
  };

  REQUIRE(sb({"login"}).exit_code == 0);
  const auto first = sb({"GET", "_security/_authenticate"});
  CHECK(first.exit_code == 0);
  CHECK(json::parse(first.out)["authentication_type"] == "token");
  CHECK(runs(pw + ".count") == 1);  // no password needed once logged in

  // The cluster answers "token expired" for an invalidated token too.
  REQUIRE(invalidate_stored("sb").status == 200);
  const auto put = sb({"-v", "PUT", "books/_doc/1", R"({"t":1})"});
  CHECK(put.exit_code == 0);
  CHECK(json::parse(put.out)["result"] == "created");
  CHECK(runs(pw + ".count") == 2);
  CHECK(put.err.find("HTTP 401") == std::string::npos);
  CHECK(put.err.find("* the access token expired: refreshed, sending again") != std::string::npos);
  CHECK(put.out.find("token expired") == std::string::npos);

  // A body from stdin cannot be sent twice: the 401 stands.
  REQUIRE(invalidate_stored("sb").status == 200);
  const auto piped = sb({"PUT", "books/_doc/2", "@-"}, R"({"t":2})");
  CHECK(piped.exit_code == 67);

  // A profile with no credentials of its own: the login still serves, until it expires.
  Cli bare{{.env = {"XDG_STATE_HOME=" + state}}, {"--config", config, "--profile", "bare"}};
  const auto login = bare({"login", "-u", "rdeniro", "--password", "@-"}, "taxidriver\n");
  REQUIRE(login.exit_code == 0);
  const auto root = bare({"GET", "/"});
  CHECK(root.exit_code == 0);
  CHECK(json::parse(root.out)["tagline"] == "You Know, for Search");
  // The curl form's full URL on the same cluster uses the login too.
  const auto full = bare({es.url() + "/_security/_authenticate"});
  CHECK(full.exit_code == 0);
  CHECK(json::parse(full.out)["authentication_type"] == "token");
  REQUIRE(invalidate_stored("bare").status == 200);
  const auto expired = bare({"GET", "/"});
  CHECK(expired.exit_code == 67);
  CHECK(expired.err.find("escurl login --profile bare") != std::string::npos);
  // Flags still win over a stored login.
  CHECK(json::parse(
            bare({"-u", "jdoe:jdoe-readonly", "GET", "_security/_authenticate"}).out)["username"] ==
        "jdoe");
  // Logging out needs credentials once the cluster refuses the access token.
  const auto stuck = bare({"logout"});
  CHECK(stuck.exit_code == 67);
  CHECK(stuck.err.find("rm " + state + "/escurl/bare.tokens.json") != std::string::npos);
  CHECK(exists(state + "/escurl/bare.tokens.json"));
  CHECK(bare({"-u", "rdeniro:taxidriver", "logout"}).exit_code == 0);
  CHECK_FALSE(exists(state + "/escurl/bare.tokens.json"));
}

TEST_CASE("whoami: user, realm, roles, run-as and the secondary user", "[integration][whoami]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  Cli cli{{}, {"--url", es.url(), "--cacert", es.ca_path()}};
  const auto plain = cli({"whoami", "-u", "rdeniro:taxidriver"});
  CHECK(plain.exit_code == 0);
  CHECK(plain.out == "user: rdeniro\nrealm: file\nroles: admin\nauthentication type: realm\n");
  const auto both = cli({"whoami", "-u", "elastic:" + es.elastic_password(), "--run-as", "jdoe",
                         "--secondary-user", "rdeniro:taxidriver"});
  CHECK(both.exit_code == 0);
  CHECK(both.out.find("user: jdoe\n") != std::string::npos);
  CHECK(both.out.find("run as: jdoe (authenticated in realm reserved, looked up in realm file)") !=
        std::string::npos);
  CHECK(both.out.find("secondary user: rdeniro (realm file, roles admin)") != std::string::npos);
  CHECK(both.out.find(es.elastic_password()) == std::string::npos);
  CHECK(cli({"whoami", "-u", "rdeniro:wrong"}).exit_code == 67);
  // A credential given as a header is the one asked about; other headers stay behind.
  const auto header = cli({"whoami", "-H", "Authorization: Basic cmRlbmlybzp0YXhpZHJpdmVy", "-H",
                           "Content-Type: text/plain"});
  CHECK(header.exit_code == 0);
  CHECK(header.out.find("user: rdeniro\n") != std::string::npos);
}

TEST_CASE("api-key: create prints only the key, which then works; invalidate by name",
          "[integration][api_key]") {
  SandboxProcess es;
  REQUIRE(es.ready());
  Cli cli{{}, {"--url", es.url(), "--cacert", es.ca_path()}};
  const auto created =
      cli({"api-key", "create", "--name", "ci", "--expiration", "1d", "-u", "rdeniro:taxidriver"});
  REQUIRE(created.exit_code == 0);
  REQUIRE(created.out.ends_with("\n"));
  const std::string key = created.out.substr(0, created.out.size() - 1);
  CHECK(key.find('\n') == std::string::npos);
  CHECK(created.err.find("created API key 'ci' (id ") != std::string::npos);
  CHECK(created.err.find("expires ") != std::string::npos);
  CHECK(created.err.find(key) == std::string::npos);

  Cli with_key = cli;
  with_key.options.env = {"ELASTIC_API_KEY=" + key};
  const auto who = with_key({"whoami"});
  CHECK(who.exit_code == 0);
  CHECK(who.out.find("api key: ci (id ") != std::string::npos);

  const auto gone = cli({"api-key", "invalidate", "--name", "ci", "-u", "rdeniro:taxidriver"});
  CHECK(gone.exit_code == 0);
  CHECK(gone.err.find("invalidated 1 API key(s) with name 'ci'") != std::string::npos);
  CHECK(with_key({"GET", "/"}).exit_code == 67);
  CHECK(cli({"api-key", "create", "-u", "rdeniro:taxidriver"}).exit_code == 2);
  CHECK(cli({"api-key", "invalidate", "--id", "nope", "-u", "rdeniro:taxidriver"}).exit_code == 22);
}
