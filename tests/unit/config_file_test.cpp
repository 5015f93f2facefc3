// SPDX-License-Identifier: MIT
// Config file and profiles: which file is read (--config, ESCURL_CONFIG, XDG_CONFIG_HOME, HOME),
// which profile is chosen (--profile, ESCURL_PROFILE, default_profile), values and their sources,
// unknown keys with a did-you-mean, type errors, parse errors with their position and no secret,
// the refusal of readable files holding literal secrets, and profile_names for completions.
#include "config_file.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catch.h"
#include "scratch_dir.h"

using escurl::ConfigLocation;
using escurl::Env;
using escurl::Errc;
using escurl::Profile;
using escurl::Result;

namespace {

// Every test of this file writes its files into its own scratch directory.
struct TempDir : escurl::testing::ScratchDir {
  TempDir() : ScratchDir("config", 0600) {}
};

Env make_env(std::map<std::string, std::string> vars) {
  Env env;
  env.vars = std::move(vars);
  return env;
}

Profile load_ok(const Env& env, std::optional<std::string> config,
                std::optional<std::string> profile) {
  Result<std::optional<Profile>> r = escurl::load_profile(env, config, profile);
  if (!r) FAIL("load_profile failed: " << r.error().message);
  if (!r->has_value()) FAIL("load_profile selected no profile");
  return std::move(**r);
}

escurl::Error load_error(const Env& env, std::optional<std::string> config,
                         std::optional<std::string> profile = std::nullopt) {
  Result<std::optional<Profile>> r = escurl::load_profile(env, config, profile);
  if (r) FAIL("load_profile succeeded where it should fail");
  return r.error();
}

using Strings = std::vector<std::string>;

// The option's value, failing the test when it is unset or of another type.
template <class T>
T value_of(const Profile& p, std::string_view option) {
  const T* v = p.get<T>(option);
  if (!v) FAIL("option " << option << " is unset or of another type");
  return *v;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("config_file: the file is --config, ESCURL_CONFIG, XDG_CONFIG_HOME, then HOME",
          "[config_file]") {
  const std::optional<std::string> none;
  const struct {
    std::optional<std::string> flag;
    std::map<std::string, std::string> vars;
    std::optional<ConfigLocation> expect;
  } cases[] = {
      {"/f.toml",
       {{"ESCURL_CONFIG", "/e.toml"}, {"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}},
       ConfigLocation{"/f.toml", "--config", true}},
      {none,
       {{"ESCURL_CONFIG", "/e.toml"}, {"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}},
       ConfigLocation{"/e.toml", "ESCURL_CONFIG", true}},
      {none,
       {{"ESCURL_CONFIG", ""}, {"XDG_CONFIG_HOME", "/x"}, {"HOME", "/h"}},
       ConfigLocation{"/x/escurl/config.toml", "XDG_CONFIG_HOME", false}},
      // A relative XDG_CONFIG_HOME is invalid per the XDG spec and ignored.
      {none,
       {{"XDG_CONFIG_HOME", "rel"}, {"HOME", "/h"}},
       ConfigLocation{"/h/.config/escurl/config.toml", "HOME", false}},
      {none,
       {{"XDG_CONFIG_HOME", ""}, {"HOME", "/h"}},
       ConfigLocation{"/h/.config/escurl/config.toml", "HOME", false}},
      {none, {{"HOME", ""}}, std::nullopt},
      {none, {}, std::nullopt},
  };
  for (const auto& c : cases) {
    const std::optional<ConfigLocation> loc = escurl::config_location(make_env(c.vars), c.flag);
    REQUIRE(loc.has_value() == c.expect.has_value());
    if (!loc) continue;
    CHECK(loc->path == c.expect->path);
    CHECK(loc->origin == c.expect->origin);
    CHECK(loc->required == c.expect->required);
  }
}

TEST_CASE("config_file: load_profile reads the file of highest precedence", "[config_file]") {
  TempDir dir;
  const auto config = [&](const std::string& rel, const std::string& name) {
    return dir.file(rel, "default_profile = \"" + name + "\"\n[profiles." + name +
                             "]\nurl = \"https://" + name + ":9200\"\n");
  };
  const std::string flag = config("flag.toml", "flag");
  const std::string env_file = config("env.toml", "env");
  config("xdg/escurl/config.toml", "xdg");
  config("home/.config/escurl/config.toml", "home");
  std::map<std::string, std::string> vars = {{"ESCURL_CONFIG", env_file},
                                             {"XDG_CONFIG_HOME", dir.path() + "/xdg"},
                                             {"HOME", dir.path() + "/home"}};
  CHECK(load_ok(make_env(vars), flag, std::nullopt).name == "flag");
  CHECK(load_ok(make_env(vars), std::nullopt, std::nullopt).name == "env");
  vars.erase("ESCURL_CONFIG");
  CHECK(load_ok(make_env(vars), std::nullopt, std::nullopt).name == "xdg");
  vars.erase("XDG_CONFIG_HOME");
  const Profile home = load_ok(make_env(vars), std::nullopt, std::nullopt);
  CHECK(home.name == "home");
  CHECK(home.path == dir.path() + "/home/.config/escurl/config.toml");
}

TEST_CASE("config_file: a missing default file is no error, a missing named one is",
          "[config_file]") {
  TempDir dir;
  const Env home = make_env({{"HOME", dir.path()}});
  Result<std::optional<Profile>> r = escurl::load_profile(home, std::nullopt, std::nullopt);
  REQUIRE(r);
  CHECK_FALSE(r->has_value());
  CHECK_FALSE(escurl::load_profile(make_env({}), std::nullopt, std::nullopt)->has_value());

  const std::string missing = dir.path() + "/missing.toml";
  const struct {
    Env env;
    std::optional<std::string> flag;
    std::optional<std::string> profile;
    std::string message;
  } cases[] = {
      {home, missing, std::nullopt,
       "the config file '" + missing + "' (named by --config) does not exist"},
      {make_env({{"HOME", dir.path()}, {"ESCURL_CONFIG", missing}}), std::nullopt, std::nullopt,
       "the config file '" + missing + "' (named by ESCURL_CONFIG) does not exist"},
      {home, std::nullopt, "prod",
       "profile 'prod' (named by --profile) needs a config file, and '" + dir.path() +
           "/.config/escurl/config.toml' does not exist"},
      {make_env({{"HOME", dir.path()}, {"ESCURL_PROFILE", "prod"}}), std::nullopt, std::nullopt,
       "profile 'prod' (named by ESCURL_PROFILE) needs a config file, and '" + dir.path() +
           "/.config/escurl/config.toml' does not exist"},
      {make_env({}), std::nullopt, "prod",
       "profile 'prod' (named by --profile) needs a config file, and none can be found without "
       "HOME"},
      {home, std::nullopt, "", "--profile needs a profile name"},
  };
  for (const auto& c : cases) {
    const escurl::Error e = load_error(c.env, c.flag, c.profile);
    CHECK(e.code == Errc::Usage);
    CHECK(e.message == c.message);
  }
}

TEST_CASE("config_file: --profile, then ESCURL_PROFILE, then default_profile", "[config_file]") {
  TempDir dir;
  const std::string with_default = dir.file("a.toml",
                                            "default_profile = \"dev\"\n"
                                            "[profiles.dev]\nurl = \"https://dev\"\n"
                                            "[profiles.prod]\nurl = \"https://prod\"\n"
                                            "[profiles.\"eu west\"]\nurl = \"https://eu\"\n");
  const std::string without = dir.file("b.toml", "[profiles.dev]\nurl = \"https://dev\"\n");
  const std::optional<std::string> none;
  const struct {
    std::string file;
    std::map<std::string, std::string> vars;
    std::optional<std::string> flag;
    std::optional<std::string> name;
    std::string selected_by;
  } cases[] = {
      {with_default, {{"ESCURL_PROFILE", "prod"}}, "eu west", "eu west", "--profile"},
      {with_default, {{"ESCURL_PROFILE", "prod"}}, none, "prod", "ESCURL_PROFILE"},
      {with_default, {{"ESCURL_PROFILE", ""}}, none, "dev", "default_profile"},
      {with_default, {}, none, "dev", "default_profile"},
      {without, {}, "dev", "dev", "--profile"},
      {without, {}, none, none, ""},
  };
  for (const auto& c : cases) {
    CAPTURE(c.file, c.flag.value_or("<none>"));
    Result<std::optional<Profile>> r = escurl::load_profile(make_env(c.vars), c.file, c.flag);
    REQUIRE(r);
    REQUIRE(r->has_value() == c.name.has_value());
    if (!c.name) continue;
    CHECK((*r)->name == *c.name);
    CHECK((*r)->selected_by == c.selected_by);
    CHECK((*r)->path == c.file);
  }
}

TEST_CASE("config_file: an unknown profile lists those there are", "[config_file]") {
  TempDir dir;
  const std::string file = dir.file("c.toml",
                                    "[profiles.prod]\nurl = \"https://p\"\n"
                                    "[profiles.dev]\nurl = \"https://d\"\n");
  const std::string bad_default = dir.file("d.toml",
                                           "[profiles.dev]\nurl = \"https://d\"\n\n"
                                           "default_profile = \"prd\"\n");
  const std::string empty = dir.file("e.toml", "");

  escurl::Error e = load_error(make_env({}), file, "staging");
  CHECK(e.message == file + ": no profile 'staging' (named by --profile)");
  CHECK(e.hints == std::vector<std::string>{"profiles in the file: dev, prod"});

  e = load_error(make_env({{"ESCURL_PROFILE", "x"}}), empty);
  CHECK(e.message == empty + ": no profile 'x' (named by ESCURL_PROFILE)");
  CHECK(e.hints == std::vector<std::string>{"the file has no profiles"});

  // TOML puts a top-level key after a table inside that table, so this default_profile is
  // inside [profiles.dev]: an unknown key there.
  e = load_error(make_env({}), bad_default);
  CHECK(e.message == bad_default + ":4:1: unknown key 'default_profile' in profile 'dev'");

  const std::string top = dir.file("f.toml",
                                   "default_profile = \"prd\"\n"
                                   "[profiles.dev]\nurl = \"https://d\"\n");
  e = load_error(make_env({}), top);
  CHECK(e.message == top + ":1:19: no profile 'prd' (named by default_profile)");
  CHECK(e.hints == std::vector<std::string>{"profiles in the file: dev"});
}

TEST_CASE("config_file: values, their option names and their sources", "[config_file]") {
  TempDir dir;
  const std::string file = dir.file("full.toml",
                                    "default_profile = \"prod\"\n"
                                    "\n"
                                    "[profiles.prod]\n"
                                    "urls = [\"https://a:9200\", \"https://b:9200\"]\n"
                                    "user = \"elastic\"\n"
                                    "password = \"env:ES_PASSWORD\"\n"
                                    "api_key_command = [\"pass\", \"show\", \"es/prod\"]\n"
                                    "cacert = \"/etc/es/ca.pem\"\n"
                                    "pinnedpubkey = \"sha256//abc=\"\n"
                                    "insecure = false\n"
                                    "connect_timeout = 2.5\n"
                                    "max_time = 30\n"
                                    "retry = 3\n"
                                    "retry_delay = 0\n"
                                    "compressed = true\n"
                                    "[profiles.dev]\n"
                                    "url = \"http://localhost:9200\"\n"
                                    "api_key = \"@/run/secrets/es\"\n");
  const Profile p = load_ok(make_env({}), file, std::nullopt);
  CHECK(p.name == "prod");
  CHECK(p.settings.size() == 12);
  CHECK(value_of<Strings>(p, "url") == Strings{"https://a:9200", "https://b:9200"});
  CHECK(p.find("url")->key == "urls");
  CHECK(p.find("url")->source == file + ":4");
  CHECK(value_of<escurl::Secret>(p, "user").reveal() == "elastic");
  CHECK(value_of<escurl::Secret>(p, "password").reveal() == "env:ES_PASSWORD");
  CHECK(value_of<Strings>(p, "api-key-command") == Strings{"pass", "show", "es/prod"});
  CHECK(p.find("api-key-command")->key == "api_key_command");
  CHECK(p.find("api-key-command")->source == file + ":7");
  CHECK(value_of<std::string>(p, "cacert") == "/etc/es/ca.pem");
  CHECK(value_of<std::string>(p, "pinnedpubkey") == "sha256//abc=");
  CHECK(value_of<bool>(p, "insecure") == false);
  CHECK(value_of<bool>(p, "compressed") == true);
  CHECK(value_of<double>(p, "connect-timeout") == 2.5);
  CHECK(value_of<double>(p, "max-time") == 30.0);
  CHECK(value_of<double>(p, "retry") == 3.0);
  CHECK(value_of<double>(p, "retry-delay") == 0.0);
  CHECK(p.find("connect-timeout")->source == file + ":11");
  // Absent options, and typed views of the wrong type, are empty.
  CHECK(p.find("bearer") == nullptr);
  CHECK(p.get<std::string>("password") == nullptr);
  CHECK(p.get<bool>("connect-timeout") == nullptr);

  const Profile dev = load_ok(make_env({}), file, "dev");
  CHECK(value_of<Strings>(dev, "url") == Strings{"http://localhost:9200"});
  CHECK(dev.find("url")->key == "url");
  CHECK(value_of<escurl::Secret>(dev, "api-key").reveal() == "@/run/secrets/es");
}

TEST_CASE("config_file: unknown keys are errors with a did-you-mean", "[config_file]") {
  const struct {
    std::string body;
    std::string message;  // after "FILE:"
    std::vector<std::string> hints;
  } cases[] = {
      {"[profiles.p]\nurl = \"https://x\"\napi_kye = \"env:K\"\n",
       "3:1: unknown key 'api_kye' in profile 'p'",
       {"did you mean 'api_key'?"}},
      {"[profiles.p]\napi-key-command = [\"k\"]\n",
       "2:1: unknown key 'api-key-command' in profile 'p'",
       {"did you mean 'api_key_command'?"}},
      {"[profiles.p]\nca_cert = \"/ca\"\n",
       "2:1: unknown key 'ca_cert' in profile 'p'",
       {"did you mean 'cacert'?"}},
      {"[profiles.p]\nCONNECT_TIMEOUT = 3\n",
       "2:1: unknown key 'CONNECT_TIMEOUT' in profile 'p'",
       {"did you mean 'connect_timeout'?"}},
      {"[profiles.p]\nverbose = true\n", "2:1: unknown key 'verbose' in profile 'p'", {}},
      {"[profiles.p]\nusr = \"u\"\n",
       "2:1: unknown key 'usr' in profile 'p'",
       {"did you mean 'user'?"}},
      {"[profiles.p]\nsecondary_apikey_comand = [\"k\"]\n",
       "2:1: unknown key 'secondary_apikey_comand' in profile 'p'",
       {"did you mean 'secondary_api_key_command'?"}},
      {"[profiles.p.tls]\ncacert = \"/ca\"\n", "1:13: unknown key 'tls' in profile 'p'", {}},
      {"default_profil = \"p\"\n",
       "1:1: unknown key 'default_profil'",
       {"did you mean 'default_profile'?"}},
      {"url = \"https://x\"\n",
       "1:1: 'url' is outside any profile",
       {"put it under a [profiles.NAME] table, and name that profile in default_profile = "
        "\"NAME\" to use it by default"}},
      {"[prod]\nurl = \"https://x\"\n",
       "1:2: unknown key 'prod'",
       {"a profile's table is written [profiles.prod]"}},
  };
  TempDir dir;
  for (const auto& c : cases) {
    CAPTURE(c.body);
    const std::string file = dir.file("k.toml", c.body);
    const escurl::Error e = load_error(make_env({}), file);
    CHECK(e.code == Errc::Usage);
    CHECK(e.message == file + ":" + c.message);
    std::vector<std::string> hints = c.hints;
    if (contains(c.message, "in profile")) {
      hints.emplace_back("the keys a profile may hold are listed in docs/configuration.md");
    }
    CHECK(e.hints == hints);
  }
}

TEST_CASE("config_file: wrong types name the key and the expected type", "[config_file]") {
  const struct {
    std::string line;
    std::string message;  // after "FILE:2:"
  } cases[] = {
      {"insecure = \"yes\"", "12: 'insecure' in profile 'p' must be true or false"},
      {"url = [\"https://x\"]", "7: 'url' in profile 'p' must be a string"},
      {"password = 1234", "12: 'password' in profile 'p' must be a string"},
      {"connect_timeout = 0",
       "19: 'connect_timeout' in profile 'p' must be a number of seconds "
       "greater than 0"},
      {"max_time = \"5\"",
       "12: 'max_time' in profile 'p' must be a number of seconds greater "
       "than 0"},
      {"read_timeout = nan",
       "16: 'read_timeout' in profile 'p' must be a number of seconds "
       "greater than 0"},
      {"retry = 1.5", "9: 'retry' in profile 'p' must be a whole number, 0 or more"},
      {"retry = -1", "9: 'retry' in profile 'p' must be a whole number, 0 or more"},
      {"retry_delay = -0.5",
       "15: 'retry_delay' in profile 'p' must be a number of seconds, 0 or "
       "more"},
      {"urls = []", "8: 'urls' in profile 'p' must be a non-empty array of strings"},
      {"urls = [\"https://x\", 2]",
       "8: 'urls' in profile 'p' must be a non-empty array of "
       "strings"},
      {"api_key_command = \"pass show es\"",
       "19: 'api_key_command' in profile 'p' must be a "
       "non-empty array of strings: the program and its "
       "arguments"},
      {"api_key_command = [\"\", \"x\"]",
       "19: 'api_key_command' in profile 'p' must be a "
       "non-empty array of strings: the program and its "
       "arguments"},
  };
  TempDir dir;
  for (const auto& c : cases) {
    CAPTURE(c.line);
    const std::string file = dir.file("t.toml", "[profiles.p]\n" + c.line + "\n");
    const escurl::Error e = load_error(make_env({}), file);
    CHECK(e.code == Errc::Usage);
    CHECK(e.message == file + ":2:" + c.message);
  }

  const struct {
    std::string body;
    std::string message;  // after "FILE:"
  } top_cases[] = {
      {"default_profile = 1\n", "1:19: 'default_profile' must be a string: a profile's name"},
      {"profiles = 1\n", "1:12: 'profiles' must be a table of profiles"},
      {"[profiles]\np = 1\n", "2:5: profile 'p' must be a table"},
  };
  for (const auto& c : top_cases) {
    const std::string file = dir.file("t.toml", c.body);
    CHECK(load_error(make_env({}), file).message == file + ":" + c.message);
  }
}

TEST_CASE("config_file: a setting given twice over is refused", "[config_file]") {
  const struct {
    std::string body;
    std::string message;  // after "FILE:"
  } cases[] = {
      {"[profiles.p]\nurl = \"https://a\"\nurls = [\"https://b\"]\n",
       "3:1: profile 'p' sets both 'url' and 'urls'"},
      {"[profiles.p]\napi_key_command = [\"k\"]\napi_key = \"env:K\"\n",
       "2: profile 'p' sets both 'api_key' and 'api_key_command'"},
      {"[profiles.p]\npassword = \"@/f\"\npassword_command = [\"k\"]\n",
       "3: profile 'p' sets both 'password' and 'password_command'"},
  };
  TempDir dir;
  for (const auto& c : cases) {
    const std::string file = dir.file("d.toml", c.body);
    const escurl::Error e = load_error(make_env({}), file);
    CHECK(e.code == Errc::Usage);
    CHECK(e.message == file + ":" + c.message);
  }
}

TEST_CASE("config_file: invalid TOML gives the position and never the text", "[config_file]") {
  const struct {
    std::string body;
    std::string message;  // after "FILE:"
  } cases[] = {
      {"[profiles.a]\nurl = https://x\n", "2:7: invalid TOML: could not determine value type"},
      {"[profiles.a]\npassword = s3cret\n", "2:12: invalid TOML: could not determine value type"},
      {"[profiles.a]\npassword = \"s3\\qcret\"\n", "2:16: invalid TOML: unknown escape sequence"},
      {"[profiles.a]\npassword = \"s3cret\" s3cret\n",
       "2:21: invalid TOML: expected a comment or whitespace"},
      {"[profiles.a\nurl = \"x\"\n", "1:12: invalid TOML: expected ']'"},
      {"[profiles.a]\npassword = 0x1234567890abcdef0\n",
       "2:31: invalid TOML: the value is not representable in 64 bits"},
      {"[profiles.a]\npassword = 12345678901234567890\n",
       "2:32: invalid TOML: the value is not representable in 64 bits"},
      {"[profiles.a]\npassword = trues3\n", "2:16: invalid TOML: expected value-terminator"},
      {"[profiles.a]\npassword = tru3\n", "2:15: invalid TOML: expected 'true'"},
      {"[profiles.a]\nurl = \"x\"\nurl = \"y\"\n",
       "3:7: invalid TOML: cannot redefine existing string 'url'"},
  };
  TempDir dir;
  for (const auto& c : cases) {
    CAPTURE(c.body);
    const std::string file = dir.file("p.toml", c.body);
    const escurl::Error e = load_error(make_env({}), file);
    CHECK(e.code == Errc::Usage);
    CHECK(e.message == file + ":" + c.message);
    for (const std::string_view secret : {"s3", "1234", "abcd"}) {
      CHECK_FALSE(contains(e.message, secret));
    }
    for (const std::string& h : e.hints) CHECK_FALSE(contains(h, "s3"));
  }
}

TEST_CASE("config_file: a readable file with a literal secret is refused", "[config_file]") {
  const struct {
    std::string line;
    mode_t mode;
    bool refused;
  } cases[] = {
      {"password = \"s3cret\"", 0644, true},
      {"password = \"s3cret\"", 0640, true},
      {"password = \"s3cret\"", 0604, true},
      {"password = \"s3cret\"", 0600, false},
      {"password = \"s3cret\"", 0400, false},
      {"api_key = \"s3cret\"", 0644, true},
      {"client_secret = \"s3cret\"", 0644, true},
      {"key_password = \"s3cret\"", 0644, true},
      {"user = \"elastic:s3cret\"", 0644, true},
      {"secondary_user = \"elastic:s3cret\"", 0644, true},
      // A password in a URL's user information is a secret too.
      {"url = \"https://elastic:s3cret@es:9200/\"", 0644, true},
      {"urls = [\"https://a\", \"elastic:s3cret@b\"]", 0644, true},
      {"url = \"https://elastic@es:9200/a:b@c\"", 0644, false},
      // References and commands are no secret; neither is a user without a password.
      {"password = \"env:ES_PASSWORD\"", 0644, false},
      {"password = \"@/run/secrets/es\"", 0644, false},
      {"api_key_command = [\"pass\", \"show\", \"es/prod\"]", 0644, false},
      {"user = \"elastic\"", 0644, false},
      {"password = \"\"", 0644, false},
      {"url = \"https://x\"", 0644, false},
  };
  TempDir dir;
  for (const auto& c : cases) {
    CAPTURE(c.line, c.mode);
    // The secret is in another profile than the selected one: the whole file counts.
    const std::string file =
        dir.file("my config.toml",
                 "default_profile = \"a\"\n[profiles.a]\nurl = \"https://a\"\n[profiles.b]\n" +
                     c.line + "\n",
                 c.mode);
    Result<std::optional<Profile>> r = escurl::load_profile(make_env({}), file, std::nullopt);
    REQUIRE(static_cast<bool>(r) == !c.refused);
    if (!c.refused) continue;
    const std::string key = c.line.substr(0, c.line.find(' '));
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(c.mode));
    CHECK(r.error().code == Errc::Usage);
    CHECK(r.error().message == "refusing the config file '" + file + "': it holds a secret ('" +
                                   key + "' in profile 'b' at line 5) and can be read by group " +
                                   "or others (mode " + mode + ")");
    REQUIRE(r.error().hints.size() == 2);
    CHECK(r.error().hints[0] == "run: chmod 600 '" + file + "'");
    CHECK_FALSE(contains(r.error().message, "s3cret"));
  }
}

TEST_CASE("config_file: a file any user can change is refused", "[config_file]") {
  TempDir dir;
  const std::string file =
      dir.file("w.toml", "[profiles.a]\napi_key_command = [\"pass\", \"es\"]\n", 0666);
  const escurl::Error e = load_error(make_env({}), file, "a");
  CHECK(e.message == "refusing the config file '" + file +
                         "': any user can change it (mode 0666), and it decides where "
                         "credentials are sent and what runs");
  CHECK(e.hints == std::vector<std::string>{"run: chmod 600 " + file});
}

TEST_CASE("config_file: profile_names lists the profiles, or nothing", "[config_file]") {
  TempDir dir;
  const std::string file = dir.file("n.toml",
                                    "default_profile = \"b\"\n[profiles.b]\n[profiles.a]\n"
                                    "url = \"https://a\"\n[profiles.\"c d\"]\n",
                                    0644);
  CHECK(escurl::profile_names(make_env({}), file) == std::vector<std::string>{"a", "b", "c d"});
  CHECK(escurl::profile_names(make_env({{"ESCURL_CONFIG", file}}), std::nullopt) ==
        std::vector<std::string>{"a", "b", "c d"});
  const std::string broken = dir.file("broken.toml", "[profiles.a\n");
  CHECK(escurl::profile_names(make_env({}), broken).empty());
  CHECK(escurl::profile_names(make_env({}), dir.path() + "/missing.toml").empty());
  CHECK(escurl::profile_names(make_env({}), std::nullopt).empty());
}

TEST_CASE("config_file: the key list and which keys are secret", "[config_file]") {
  const std::vector<std::string_view> keys = escurl::profile_keys();
  CHECK(keys.size() == 43);
  CHECK(keys.front() == "url");
  for (const std::string_view k :
       {"user", "password", "api_key", "bearer", "secondary_user", "secondary_password",
        "secondary_api_key", "secondary_bearer", "client_secret", "key_password"}) {
    CAPTURE(k);
    CHECK(std::find(keys.begin(), keys.end(), k) != keys.end());
    CHECK(escurl::is_secret_profile_key(k));
  }
  for (const std::string_view k :
       {"url", "cloud_id", "api_key_command", "cacert", "run_as", "complete_indices", "nonsense"}) {
    CAPTURE(k);
    CHECK_FALSE(escurl::is_secret_profile_key(k));
  }
}

TEST_CASE("config_file: text other than ASCII is an error outside strings, fine inside",
          "[config_file]") {
  TempDir dir;
  const Env env = make_env({});
  SECTION("a bare Cyrillic letter: an error at its line and column (toml++ meets it with UB)") {
    const struct {
      std::string text;
      std::string where;
    } cases[] = {{"[profiles.p]\nurl = \"https://h\"\n  \xd1\x8a = 1\n", ":3:3: "},
                 {"[profiles.p]\nurl = \"https://h\"\nr\xd1\x8a = 1\n", ":3:2: "},
                 {"\xd1\x8a", ":1:1: "}};
    for (const auto& c : cases) {
      CAPTURE(c.text);
      const std::string path = dir.file("c.toml", c.text);
      const escurl::Error e = load_error(env, path, "p");
      CHECK(e.code == escurl::Errc::Usage);
      CHECK(e.message == path + c.where +
                             "invalid TOML: a character other than ASCII outside a string or "
                             "comment");
      CHECK(e.hints == Strings{"keys are ASCII; put other text in double quotes"});
    }
  }
  SECTION("in strings of all four kinds and in comments it is fine") {
    const std::string path =
        dir.file("c.toml",
                 "# caf\xc3\xa9\n[profiles.p] # \xd1\x8a\nurl = \"https://h\" # \xc3\xa9\"\n"
                 "opaque_id = \"\xd1\x8a \\\" \xc3\xa9\"\n"
                 "run_as = '\xd1\x8a \\'\n"
                 "cacert = \"\"\"\n\xd1\x8a \\\"\"\" \"\" \\\n   \\u044a\xd1\x8a\"\"\"\n"
                 "cert = '''\n\xd1\x8a '' ' \\\n'''''\n"
                 "[\"profiles\".'\xd1\x8a'] # \xd1\x8a\n");
    const Profile p = load_ok(env, path, "p");
    CHECK(value_of<std::string>(p, "opaque-id") == "\xd1\x8a \" \xc3\xa9");
    CHECK(value_of<std::string>(p, "run-as") == "\xd1\x8a \\");
    CHECK(value_of<std::string>(p, "cacert") == "\xd1\x8a \"\"\" \"\" \xd1\x8a\xd1\x8a");
    CHECK(value_of<std::string>(p, "cert") == "\xd1\x8a '' ' \\\n''");
    CHECK(load_ok(env, path, "\xd1\x8a").name == "\xd1\x8a");
  }
  SECTION("in the quoted key of an array of tables it is fine: the error is the key's") {
    const std::string path = dir.file("c.toml", "[[\"\xd1\x8a\"]]\n");
    CHECK(load_error(env, path).message == path + ":1:3: unknown key '\xd1\x8a'");
  }
  SECTION("after a multi-line string") {
    const std::string path =
        dir.file("c.toml", "[profiles.p]\nopaque_id = \"\"\"a\n\xc3\xa9\"\"\"\n\xc3\xa9 = 1\n");
    CHECK(contains(load_error(env, path, "p").message, ":4:1: invalid TOML"));
  }
  SECTION("after a line-ending backslash, which toml++ cannot read: an error with a way out") {
    const std::string path =
        dir.file("c.toml", "[profiles.p]\nopaque_id = \"\"\"a \\\n  \xd1\x8a\"\"\"\n");
    const escurl::Error e = load_error(env, path, "p");
    CHECK(e.message == path +
                           ":3:3: invalid TOML: a character other than ASCII right after a "
                           "line-ending backslash");
    CHECK(e.hints ==
          Strings{"write that character as a \\uXXXX escape (toml++ cannot read it there)"});
  }
}

TEST_CASE("config_file: what toml++ would assert on is an error, not an assertion",
          "[config_file]") {
  TempDir dir;
  const Env env = make_env({});
  const std::string header =
      "invalid TOML: a table header's key must start with a letter, digit, '_', '-' or a quote";
  const struct {
    std::string text;
    std::string message;  // after "FILE:"
  } cases[] = {
      {"[ = 1]\n", "1:3: " + header},
      {"[profiles.p]\n[[ =]]\n", "2:4: " + header},
      {"[profiles.p]\nurls = [\"https://h\", }]\n",
       "2:22: invalid TOML: expected a value or ']', saw '}'"},
      {"[profiles.p]\nopaque_id = 2026-11-24Tx:00\n",
       "2:24: invalid TOML: expected a time (07:32:00) after the date"},
      // A dotted header's later keys toml++ checks itself.
      {"[profiles. = 1]\n",
       "1:12: invalid TOML: expected bare key starting character or string delimiter"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    const std::string path = dir.file("c.toml", c.text);
    const escurl::Error e = load_error(env, path, "p");
    CHECK(e.code == escurl::Errc::Usage);
    CHECK(e.message == path + ":" + c.message);
    CHECK(e.hints.size() == 1);
  }
}

TEST_CASE("config_file: the fuzzer's regression inputs are errors", "[config_file]") {
  TempDir dir;
  const Env env = make_env({});
  std::size_t seen = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(ESCURL_SOURCE_DIR "/tests/fuzz/corpus/config")) {
    if (!entry.path().filename().string().starts_with("regress-toml-")) continue;
    CAPTURE(entry.path());
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::string path = dir.file("c.toml", text);
    for (const std::optional<std::string>& profile : {std::optional<std::string>(), {"p"}}) {
      Result<std::optional<Profile>> r = escurl::load_profile(env, path, profile);
      REQUIRE_FALSE(r);
      CHECK(r.error().code == Errc::Usage);
      CHECK(contains(r.error().message, "invalid TOML"));
    }
    ++seen;
  }
  CHECK(seen >= 3);
}
