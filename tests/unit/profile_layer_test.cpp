// SPDX-License-Identifier: MIT
// The profile layer and the precedence matrix: flag > environment > profile > .netrc > prompt,
// with credentials, secondary credentials, trust and the client certificate each taken whole
// from one layer; *_command keys become secret commands; sources are recorded.
#include "profile_layer.h"

#include "catch.h"
#include "cli.h"
#include "credentials.h"
#include "environment.h"
#include "scratch_dir.h"

using namespace escurl;

namespace {

Profile profile_of(std::map<std::string, ProfileValue> values) {
  Profile p;
  p.name = "prod";
  p.path = "/cfg/config.toml";
  p.selected_by = "--profile";
  for (auto& [option, value] : values) {
    p.settings.emplace(option, ProfileSetting{option, std::move(value), "/cfg/config.toml:1"});
  }
  return p;
}

// Runs the layers as app.cpp does: flags, then environment, then profile.
RawOptions layered(std::vector<std::string> args, std::map<std::string, std::string> vars,
                   const Profile& profile, SettingSources& sources) {
  args.push_back("/");
  Result<RawOptions> raw = parse_command_line(args);
  REQUIRE(raw);
  Env env;
  env.vars = std::move(vars);
  apply_environment(*raw, env, &sources);
  apply_profile(*raw, profile, sources);
  return *raw;
}

}  // namespace

TEST_CASE("profile layer: the precedence matrix for the cluster URL", "[profile_layer]") {
  const Profile p = profile_of({{"url", std::vector<std::string>{"https://profile:9200"}}});
  struct Case {
    std::vector<std::string> args;
    std::map<std::string, std::string> vars;
    std::string want;
    std::string source;  // empty: a flag
  };
  const std::vector<Case> cases = {
      {{"--url", "https://flag:9200"}, {{"ES_URL", "https://env:9200"}}, "https://flag:9200", ""},
      {{}, {{"ES_URL", "https://env:9200"}}, "https://env:9200", "env ES_URL"},
      {{}, {}, "https://profile:9200", "profile prod in /cfg/config.toml"},
  };
  for (const Case& c : cases) {
    SettingSources sources;
    const RawOptions raw = layered(c.args, c.vars, p, sources);
    CAPTURE(c.want);
    CHECK(raw.urls == std::vector<std::string>{c.want});
    if (c.source.empty()) {
      CHECK_FALSE(sources.contains("url"));
    } else {
      CHECK(sources.at("url") == c.source);
    }
  }
  // A cloud ID from the environment also names the cluster: the profile's URL is not mixed in.
  SettingSources sources;
  const RawOptions raw = layered({}, {{"ELASTIC_CLOUD_ID", "x:abc"}}, p, sources);
  CHECK(raw.urls.empty());
  CHECK(raw.cloud_id == "x:abc");
}

TEST_CASE("profile layer: credentials come whole from one layer", "[profile_layer]") {
  const Profile p = profile_of({{"user", Secret("ops")},
                                {"password", Secret("env:OPS_PW")},
                                {"secondary-api-key", Secret("env:SECOND")},
                                {"run-as", std::string("jdoe")}});
  SECTION("a flag's credential keeps the profile's user and password out") {
    SettingSources sources;
    const RawOptions raw = layered({"--api-key", "k"}, {}, p, sources);
    CHECK(raw.api_key == "k");
    CHECK_FALSE(raw.user);
    CHECK_FALSE(raw.password);
    // Other groups still come from the profile.
    CHECK(raw.secondary_api_key == "env:SECOND");
    CHECK(raw.run_as == "jdoe");
  }
  SECTION("an environment credential keeps them out too") {
    SettingSources sources;
    const RawOptions raw = layered({}, {{"ELASTIC_API_KEY", "k"}}, p, sources);
    CHECK(raw.api_key == "env:ELASTIC_API_KEY");
    CHECK_FALSE(raw.user);
    CHECK(sources.at("api-key") == "env ELASTIC_API_KEY");
  }
  SECTION("without either, the profile gives them") {
    SettingSources sources;
    const RawOptions raw = layered({}, {}, p, sources);
    CHECK(raw.user == "ops");
    CHECK(raw.password == "env:OPS_PW");
    CHECK(sources.at("user") == "profile prod in /cfg/config.toml");
  }
  SECTION("a flag's secondary credential keeps the profile's out") {
    SettingSources sources;
    const RawOptions raw = layered({"--secondary-bearer", "t"}, {}, p, sources);
    CHECK_FALSE(raw.secondary_api_key);
    CHECK(raw.user == "ops");
  }
  SECTION("--run-as on the command line wins") {
    SettingSources sources;
    const RawOptions raw = layered({"--run-as", "other"}, {}, p, sources);
    CHECK(raw.run_as == "other");
  }
}

TEST_CASE("profile layer: a command key becomes a secret command", "[profile_layer]") {
  const Profile p =
      profile_of({{"api-key-command", std::vector<std::string>{"pass", "show", "es/prod"}},
                  {"command-timeout", 5.0}});
  SettingSources sources;
  RawOptions raw = layered({}, {}, p, sources);
  REQUIRE(raw.secret_commands.contains("api-key"));
  CHECK(raw.secret_commands.at("api-key").argv ==
        std::vector<std::string>{"pass", "show", "es/prod"});
  CHECK(raw.secret_commands.at("api-key").what == "api-key-command in profile 'prod'");
  CHECK_FALSE(raw.api_key);
  CHECK(raw.command_timeout == 5.0);
  CHECK(has_primary_credential(raw));
  CHECK(sources.at("api-key") == "profile prod in /cfg/config.toml (api-key-command)");
  // A flag's user keeps the command from running at all.
  SettingSources s2;
  const RawOptions flagged = layered({"-u", "elastic:pw"}, {}, p, s2);
  CHECK(flagged.secret_commands.empty());
}

TEST_CASE("profile layer: the command's output is the secret", "[profile_layer]") {
  testing::ScratchDir dir("profile-layer");
  const std::string script = dir.file("key.sh", "#!/bin/sh\nprintf 'id:secret\\n'\n", 0700);
  RawOptions raw;
  raw.secret_commands["api-key"] = SecretCommand{{script}, "api_key_command in profile 'p'"};
  Env env;
  StdinClaim claim;
  Result<Credentials> c = resolve_credentials(raw, *parse_url("https://h:9200"), env, claim);
  REQUIRE(c);
  REQUIRE(c->primary);
  CHECK(c->primary->scheme == AuthScheme::ApiKey);
  CHECK(c->primary->token.reveal() == "aWQ6c2VjcmV0");  // base64("id:secret")

  raw.secret_commands["api-key"].argv = {dir.path() + "/missing"};
  Result<Credentials> bad = resolve_credentials(raw, *parse_url("https://h:9200"), env, claim);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("api_key_command in profile 'p'") != std::string::npos);
}

TEST_CASE("profile layer: trust and timeouts", "[profile_layer]") {
  const Profile p = profile_of({{"cacert", std::string("/profile/ca.pem")},
                                {"ca-fingerprint", std::string("AA")},
                                {"connect-timeout", 3.0},
                                {"retry", 7.0},
                                {"complete-indices", true},
                                {"insecure", false}});
  SECTION("the environment's trust keeps the profile's out, timeouts still apply") {
    SettingSources sources;
    const RawOptions raw = layered({}, {{"ELASTICSEARCH_CA", "/env/ca.pem"}}, p, sources);
    CHECK(raw.cacert == "/env/ca.pem");
    CHECK_FALSE(raw.ca_fingerprint);
    CHECK(raw.connect_timeout == 3.0);
    CHECK(raw.retry == 7);
    CHECK(raw.complete_indices);
    CHECK_FALSE(raw.insecure);
    CHECK_FALSE(sources.contains("insecure"));  // false is no setting
  }
  SECTION("a flag's timeout wins") {
    SettingSources sources;
    const RawOptions raw = layered({"--connect-timeout", "9", "--retry", "0"}, {}, p, sources);
    CHECK(raw.connect_timeout == 9.0);
    CHECK(raw.retry == 0);
    CHECK(raw.cacert == "/profile/ca.pem");
    CHECK(raw.ca_fingerprint == "AA");
  }
}

TEST_CASE("profile layer: a profile's credential keeps .netrc out", "[profile_layer]") {
  testing::ScratchDir dir("profile-netrc", 0600);
  const std::string netrc = dir.file("netrc", "machine h login netrc-user password x\n");
  const Profile p = profile_of({{"api-key", Secret("aWQ6c2VjcmV0")}});
  SettingSources sources;
  const RawOptions raw = layered({"--netrc-file", netrc}, {}, p, sources);
  Env env;
  StdinClaim claim;
  Result<Credentials> c = resolve_credentials(raw, *parse_url("https://h:9200"), env, claim);
  REQUIRE(c);
  CHECK(c->primary->scheme == AuthScheme::ApiKey);
  // Without the profile's key, .netrc gives the user.
  SettingSources s2;
  const RawOptions bare = layered({"--netrc-file", netrc}, {}, profile_of({}), s2);
  Result<Credentials> n = resolve_credentials(bare, *parse_url("https://h:9200"), env, claim);
  REQUIRE(n);
  CHECK(n->primary->scheme == AuthScheme::Basic);
  CHECK(n->primary_user == "netrc-user");
}
