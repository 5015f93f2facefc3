// SPDX-License-Identifier: MIT
// config show: each setting's source (flag, env, profile, netrc, default) and no secret, ever.
#include "config_show.h"

#include <nlohmann/json.hpp>

#include "catch.h"
#include "cli.h"
#include "environment.h"
#include "profile_layer.h"
#include "scratch_dir.h"

using namespace escurl;

namespace {

struct Shown {
  std::string text;
  nlohmann::json json;
};

Shown show(std::vector<std::string> args, std::map<std::string, std::string> vars,
           const std::optional<Profile>& profile) {
  args.insert(args.begin(), {"config", "show"});
  Result<RawOptions> flags = parse_command_line(args);
  REQUIRE(flags);
  Env env;
  env.vars = std::move(vars);
  RawOptions raw = *flags;
  SettingSources sources;
  apply_environment(raw, env, &sources);
  const bool outer = has_primary_credential(raw);
  if (profile) apply_profile(raw, *profile, sources);
  Result<Options> o = resolve_options(raw, env);
  REQUIRE(o);
  o->profile = profile ? profile->name : "default";
  Shown out;
  Result<std::string> text = render_config_show({*flags, raw, sources, *o, profile, outer}, env);
  REQUIRE(text);
  out.text = *text;
  o->json_format = true;
  Result<std::string> json = render_config_show({*flags, raw, sources, *o, profile, outer}, env);
  REQUIRE(json);
  out.json = nlohmann::json::parse(*json);
  return out;
}

}  // namespace

TEST_CASE("config show: every source named, no secret printed", "[config_show]") {
  Profile p;
  p.name = "prod";
  p.path = "/cfg/config.toml";
  p.selected_by = "ESCURL_PROFILE";
  p.settings.emplace("user", ProfileSetting{"user", Secret("ops:profile-secret"), "x:1"});
  p.settings.emplace("read-timeout", ProfileSetting{"read_timeout", 42.0, "x:2"});
  p.settings.emplace("secondary-api-key-command",
                     ProfileSetting{"secondary_api_key_command",
                                    std::vector<std::string>{"pass", "show", "k"}, "x:3"});
  const Shown s = show({"--password", "flag-secret", "--connect-timeout", "4"},
                       {{"ES_URL", "https://env:9200"}, {"ELASTICSEARCH_CA", "/env/ca.pem"}}, p);
  const nlohmann::json& j = s.json;
  CHECK(j["profile"]["value"] == "prod");
  CHECK(j["profile"]["source"] == "env ESCURL_PROFILE");
  CHECK(j["url"]["value"] == "https://env:9200");
  CHECK(j["url"]["source"] == "env ES_URL");
  CHECK(j["cacert"]["source"] == "env ELASTICSEARCH_CA");
  CHECK(j["password"]["value"] == "<redacted>");
  CHECK(j["password"]["source"] == "flag --password");
  CHECK(j["user"]["value"] == "ops:<redacted>");
  CHECK(j["user"]["source"] == "profile prod in /cfg/config.toml");
  CHECK(j["secondary-api-key"]["value"] == "<redacted> (from the command pass)");
  CHECK(j["secondary-api-key"]["source"] ==
        "profile prod in /cfg/config.toml (secondary_api_key_command)");
  CHECK(j["connect-timeout"]["value"] == "4");
  CHECK(j["connect-timeout"]["source"] == "flag --connect-timeout");
  CHECK(j["read-timeout"]["value"] == "42");
  CHECK(j["retry"]["source"] == "default");
  CHECK(j["complete-indices"]["value"] == "false");
  for (const std::string& out : {s.text, j.dump()}) {
    CHECK(out.find("flag-secret") == std::string::npos);
    CHECK(out.find("profile-secret") == std::string::npos);
  }
  CHECK(s.text.find("env ES_URL") != std::string::npos);
}

TEST_CASE("config show: .netrc named as the source of the user", "[config_show]") {
  testing::ScratchDir dir("config-show", 0600);
  const std::string netrc = dir.file("netrc", "machine h login ops password netrc-secret\n");
  const Shown s = show({"--url", "https://h:9200", "--netrc-file", netrc}, {}, std::nullopt);
  CHECK(s.json["user"]["value"] == "ops");
  CHECK(s.json["user"]["source"] == "netrc " + netrc);
  CHECK(s.json["password"]["value"] == "<redacted>");
  CHECK(s.json["profile"]["value"] == "(none)");
  CHECK(s.text.find("netrc-secret") == std::string::npos);
}

TEST_CASE("config show: a password still missing is asked for, or read from .netrc",
          "[config_show]") {
  const Shown asked = show({"--url", "https://h:9200", "-u", "ops"}, {}, std::nullopt);
  CHECK(asked.json["password"]["value"] == "(asked for on the terminal)");
  CHECK(asked.json["password"]["source"] == "prompt");
  testing::ScratchDir dir("config-show", 0600);
  const std::string netrc = dir.file("netrc", "machine h login ops password x\n");
  const Shown from_netrc =
      show({"--url", "https://h:9200", "-u", "ops", "--netrc-file", netrc}, {}, std::nullopt);
  CHECK(from_netrc.json["password"]["source"] == "netrc " + netrc);
  CHECK(from_netrc.json["user"]["source"] == "flag --user");
}

TEST_CASE("config show: a password in a URL is redacted", "[config_show]") {
  const Shown s =
      show({"--url", "https://ops:url-secret@h:9200,https://h2:9200/x@y"}, {}, std::nullopt);
  CHECK(s.json["url"]["value"] == "https://ops:<redacted>@h:9200,https://h2:9200/x@y");
  CHECK(s.text.find("url-secret") == std::string::npos);
}
