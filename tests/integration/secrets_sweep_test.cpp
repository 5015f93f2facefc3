// SPDX-License-Identifier: MIT
// The secrets sweep: marker secrets, random on every run, given through every source a secret
// flag takes (a literal, @FILE, @-, env:NAME, the native environment variables, a profile's
// literal and *_command, .netrc, the terminal prompt, a URL's user information, -H) for every
// secret flag, against es-sandbox — whose elastic password, API keys and tokens are the markers,
// so a run that succeeds proves the secret was read — and every output path scanned for them and
// for the base64 of anything containing them: -v, -i, error messages (a 401, a refused
// connection, a refused TLS handshake, plain http refused), --offline, --curl, config show (text
// and JSON), --write-out, --batch with ndjson, whoami, login and logout. Also: literal secrets no
// longer show in /proc/<pid>/cmdline once escurl has parsed its arguments.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base64.h"
#include "catch.h"
#include "certgen.h"
#include "connect_proxy.h"
#include "flags.h"
#include "run_cli.h"
#include "sandbox_process.h"
#include "temp_dir.h"

using escurl::testing::ConnectProxy;
using escurl::testing::run_cli;
using escurl::testing::RunOptions;
using escurl::testing::RunResult;
using escurl::testing::SandboxOptions;
using escurl::testing::SandboxProcess;
using escurl::testing::start_cli;
using escurl::testing::TempDir;
using nlohmann::json;

namespace {

// 24 characters of [A-Za-z0-9], different on every run, so no output can hold one by chance or
// by a test that knows it in advance.
std::string random_marker() {
  static std::mt19937_64 rng{std::random_device{}()};
  static constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::uniform_int_distribution<std::size_t> pick(0, kChars.size() - 1);
  std::string s;
  for (int i = 0; i < 24; ++i) s += kChars[pick(rng)];
  return s;
}

// How a secret could show: itself, or inside the base64 of any text holding it (a Basic or
// ApiKey credential). Base64 maps 3 bytes to 4 characters, so for each of the 3 offsets the
// secret may start at, the characters decided by its bytes alone are a fixed string.
std::vector<std::string> leak_forms(const std::string& secret) {
  std::vector<std::string> forms = {secret};
  for (std::size_t offset = 0; offset < 3; ++offset) {
    const std::string encoded = escurl::base64_encode(std::string(offset, '\0') + secret);
    const std::size_t first = offset == 0 ? 0 : 1;          // a group shared with what precedes
    const std::size_t last = (offset + secret.size()) / 3;  // groups the secret fills
    if (last > first) forms.push_back(encoded.substr(first * 4, (last - first) * 4));
  }
  return forms;
}

// Quotes `s` for /bin/sh.
std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string toml_list(const std::string& program) { return "[\"" + program + "\"]"; }

// Where a secret comes from and what else the invocation needs for it.
struct Delivery {
  std::string name;                       ///< "password @FILE": shown when a check fails
  std::string flag;                       ///< the secret flag of the table it stands for
  std::vector<std::string> args{};        ///< the flags carrying it (and what they need)
  std::vector<std::string> env{};         ///< extra environment
  std::optional<std::string> stdin_data;  ///< for @-
  std::string profile{};                  ///< the body of [profiles.sweep]; empty: no profile
  int profile_mode = 0600;
  std::optional<std::string> typed{};  ///< the answer to the terminal prompt
  std::string userinfo{};              ///< "user:password@" put into the cluster URL
  std::string shown{};                 ///< what -v must show of it (when a success proves nothing)
  bool basic = false;                  ///< a primary user and password: login applies
  bool valid = true;                   ///< the cluster (and proxy) accept it
  bool whoami = true;                  ///< whoami uses it (-H headers it does not)
};

// An output path: one invocation, with the URLs written as "$ES" (the sandbox), "$DOWN" (a port
// nothing listens on) and "$HTTP" (plain http, where escurl refuses to send credentials).
struct Mode {
  std::string name;
  std::vector<std::string> args;
  int expect = 0;                ///< the exit code of a valid delivery; -1: any failure
  bool with_credentials = true;  ///< false: only the profile and stored login authenticate
  bool prompts = true;           ///< whether a missing secret is asked for
  bool basic_only = false;       ///< login and what follows it
  bool sends = true;             ///< the cluster (or proxy) sees the credentials
};

const char* const kWriteOut =
    "%{json}%{header_json}%header{authorization}%header{es-secondary-authorization}"
    "%header{es-client-authentication}%header{proxy-authorization}%header{cookie}"
    "%header{set-cookie}%{url_effective}%{errormsg}";

std::vector<Mode> modes() {
  const std::string bad_pin = "sha256//" + std::string(43, 'A') + "=";
  return {
      {.name = "-v -i -w",
       .args = {"--url", "$ES", "-v", "-i", "-w", kWriteOut, "GET", "_security/_authenticate"}},
      {.name = "401",
       .args = {"--url", "$ES", "-v", "-w", kWriteOut, "GET", "_denied"},
       .expect = 67},
      {.name = "refused",
       .args = {"--url", "$DOWN", "-v", "--retry", "0", "-w", kWriteOut, "GET", "/"},
       .expect = -1},
      {.name = "TLS refused",
       .args = {"--url", "$ES", "-v", "--pinnedpubkey", bad_pin, "-w", kWriteOut, "GET", "/"},
       .expect = -1},
      {.name = "plain http",
       .args = {"--url", "$HTTP", "-v", "--retry", "0", "-w", kWriteOut, "GET", "/"},
       .expect = -1},
      {.name = "--offline",
       .args = {"--url", "$ES", "--offline", "PUT", "sweep/_doc/1", R"({"a":1})"},
       .sends = false},
      {.name = "--curl", .args = {"--url", "$ES", "--curl", "GET", "/"}, .sends = false},
      {.name = "config show",
       .args = {"--url", "$ES", "config", "show"},
       .prompts = false,
       .sends = false},
      {.name = "config show json",
       .args = {"--url", "$ES", "config", "show", "--format", "json"},
       .prompts = false,
       .sends = false},
      {.name = "batch ndjson",
       .args = {"--url", "$ES", "-v", "--batch", "$BATCH", "--batch-format", "ndjson"},
       .expect = 67},
      {.name = "whoami", .args = {"--url", "$ES", "-v", "whoami"}},
      {.name = "login", .args = {"--url", "$ES", "-v", "login"}, .basic_only = true},
      {.name = "whoami after login",
       .args = {"--url", "$ES", "-v", "whoami"},
       .with_credentials = false,
       .prompts = false,
       .basic_only = true},
      {.name = "logout",
       .args = {"--url", "$ES", "-v", "logout"},
       .with_credentials = false,
       .prompts = false,
       .basic_only = true},
  };
}

// An API key or an OAuth2 access token the sandbox made.
struct ApiKey {
  std::string id, key, encoded, response;
};

// The sandbox (whose elastic password is a marker), a proxy wanting a marker password, a client
// key a marker unlocks, keys and tokens, and every marker to look for.
struct World {
  std::string password = random_marker();
  std::string client_secret = random_marker();
  std::string key_password = random_marker();
  std::string proxy_password = random_marker();
  std::string cookie = random_marker();
  std::string wrong = random_marker();  ///< a secret the cluster or proxy refuses
  SandboxProcess es{SandboxOptions{
      .extra_args = {"--elastic-password", password, "--fault", "path=/_denied,status=401"}}};
  ConnectProxy proxy{ConnectProxy::Credentials{"proxyuser", proxy_password},
                     /*announce_close=*/false};
  TempDir dir;
  ApiKey key1, key2;
  std::string token1, token2;
  std::string cert, client_key, batch;

  World() {
    if (!es.ready() || !proxy.ok()) return;
    key1 = api_key("sweep-1");
    key2 = api_key("sweep-2");
    token1 = token();
    token2 = token();
    const es_sandbox::Certificate ca = *es_sandbox::make_ca({.common_name = "sweep CA"});
    const es_sandbox::Certificate client =
        *es_sandbox::make_signed({.common_name = "sweep-client", .client_auth = true}, ca);
    cert = dir.write("client.pem", client.cert_pem(), 0644);
    client_key = dir.write("client.key", *client.key_pem_encrypted(key_password), 0600);
    batch = dir.write("batch", "GET _security/_authenticate\n\nGET _denied\n\nGET /\n");
  }
  bool ready() const {
    return es.ready() && proxy.ok() && !key1.key.empty() && !key2.key.empty() && !token1.empty() &&
           !token2.empty() && !client_key.empty();
  }

  ApiKey api_key(const std::string& name) const {
    const auto r = es.send_as_elastic("POST", "/_security/api_key", R"({"name":")" + name + "\"}");
    const json j = json::parse(r.body, nullptr, false);
    if (!j.is_object() || !j.contains("encoded")) return {};
    return {j["id"], j["api_key"], j["encoded"], r.body};
  }
  std::string token() const {
    const auto r = es.send_as_elastic("POST", "/_security/oauth2/token",
                                      R"({"grant_type":"client_credentials"})");
    const json j = json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("access_token") ? j["access_token"].get<std::string>() : "";
  }

  // Every form of every marker.
  std::vector<std::string> leak_patterns() const {
    std::vector<std::string> all;
    for (const std::string& s :
         {password, client_secret, key_password, proxy_password, cookie, wrong, key1.key,
          key1.encoded, key2.key, key2.encoded, token1, token2}) {
      for (std::string& f : leak_forms(s)) all.push_back(std::move(f));
    }
    return all;
  }

  std::string file(const std::string& name, const std::string& content) const {
    return dir.write(name, content + "\n");
  }
  // A credential command that prints `secret` and exits with `status` (failing, it also says
  // the secret on stderr).
  std::string command(const std::string& name, const std::string& secret, int status = 0) const {
    return dir.write(name,
                     fmt::format("#!/bin/sh\nprintf '%s\\n' '{0}'\n{1}exit {2}\n", secret,
                                 status == 0 ? "" : fmt::format("echo '{}' >&2\n", secret), status),
                     0700);
  }
};

// The secret sources of a flag whose value is a secret reference: `needs` are the flags it goes
// with, `in_file` what its @FILE holds; a profile gives it with `profile_extra` (settings taken
// as a whole go with it) while the command line gives `profile_args`.
std::vector<Delivery> reference_sources(const World& w, const std::string& flag,
                                        const std::string& profile_key,
                                        const std::vector<std::string>& needs,
                                        const std::string& secret, const std::string& in_file,
                                        const std::string& profile_extra,
                                        const std::vector<std::string>& profile_args) {
  auto with = [&](std::vector<std::string> more) {
    std::vector<std::string> args = needs;
    args.insert(args.end(), more.begin(), more.end());
    return args;
  };
  const std::string var = "SWEEP_" + profile_key;
  const std::string command = w.command(profile_key + ".sh", secret);
  return {
      {.name = flag + " literal", .flag = flag, .args = with({"--" + flag, secret})},
      {.name = flag + " literal (=)", .flag = flag, .args = with({"--" + flag + "=" + secret})},
      {.name = flag + " @FILE",
       .flag = flag,
       .args = with({"--" + flag, "@" + w.file(profile_key, in_file)})},
      {.name = flag + " @-",
       .flag = flag,
       .args = with({"--" + flag, "@-"}),
       .stdin_data = secret + "\n"},
      {.name = flag + " env:NAME",
       .flag = flag,
       .args = with({"--" + flag, "env:" + var}),
       .env = {var + "=" + secret}},
      {.name = flag + " in a profile",
       .flag = flag,
       .args = profile_args,
       .profile = profile_extra + profile_key + " = \"" + secret + "\"\n"},
      {.name = flag + " from a profile's command",
       .flag = flag,
       .args = profile_args,
       .profile = profile_extra + profile_key + "_command = " + toml_list(command) + "\n"},
  };
}

std::string substitute(const std::string& arg, const World& w, const Delivery& d) {
  if (arg == "$ES") return "https://" + d.userinfo + w.es.url().substr(8);
  if (arg == "$DOWN") return "https://" + d.userinfo + "127.0.0.1:9";
  if (arg == "$HTTP") return "http://" + d.userinfo + "127.0.0.1:9";
  if (arg == "$BATCH") return w.batch;
  return arg;
}

// Runs `args` at a terminal made by script(1): the answer is typed once a prompt is up (escurl
// flushes what was typed before it), not at all when escurl ends without asking, and stdout and
// stderr both arrive as the terminal's output.
RunResult run_at_terminal(const std::vector<std::string>& args, RunOptions o,
                          const std::string& typed, const TempDir& dir) {
  const std::string typescript = dir.file("typescript");
  const std::string done = dir.file("done");
  ::unlink(typescript.c_str());
  ::unlink(done.c_str());
  std::string command = sh_quote(ESCURL_BIN);
  for (const std::string& a : args) command += " " + sh_quote(a);
  command += "; rc=$?; : > " + sh_quote(done) + "; exit $rc";
  const std::string feeder = fmt::format(
      "i=0; until grep -q Enter {0} 2>/dev/null || [ -e {1} ] || [ $i -ge 1200 ]; do "
      "sleep 0.05; i=$((i+1)); done; "
      "[ -e {1} ] || printf '%s\\n' {2}",
      sh_quote(typescript), sh_quote(done), sh_quote(typed));
  o.program = "/bin/sh";
  return run_cli({"-c", "(" + feeder + ") | /usr/bin/script -qfec " + sh_quote(command) + " " +
                            sh_quote(typescript)},
                 o);
}

// Runs every mode for every delivery and checks that no form of any marker is in any output.
void sweep(const World& w, const std::vector<Delivery>& deliveries) {
  const std::vector<std::string> patterns = w.leak_patterns();
  for (const Delivery& d : deliveries) {
    // Each delivery has its own config file and token store.
    TempDir home;
    RunOptions base;
    base.timeout_seconds = 60;
    base.env = d.env;
    base.env.push_back("XDG_STATE_HOME=" + home.path());
    if (!d.profile.empty()) {
      const std::string config =
          home.write("config.toml", "default_profile = \"sweep\"\n[profiles.sweep]\n" + d.profile,
                     d.profile_mode);
      base.env.push_back("ESCURL_CONFIG=" + config);
    }
    const std::vector<Mode> all = modes();
    for (const Mode& m : all) {
      if (m.basic_only && !d.basic) continue;
      std::vector<std::string> args = {"--cacert", w.es.ca_path()};
      if (m.with_credentials) args.insert(args.end(), d.args.begin(), d.args.end());
      for (const std::string& a : m.args) args.push_back(substitute(a, w, d));
      RunOptions o = base;
      if (m.with_credentials) o.stdin_data = d.stdin_data;
      const bool terminal = d.typed && m.with_credentials && m.prompts;
      const RunResult r = terminal ? run_at_terminal(args, o, *d.typed, home) : run_cli(args, o);
      INFO(d.name << " — " << m.name << ": escurl " << fmt::format("{}", fmt::join(args, " ")));
      INFO("exit " << r.exit_code << "\nstdout:\n" << r.out << "\nstderr:\n" << r.err);
      CHECK_FALSE(r.timed_out);
      const bool applies = d.whoami || m.name != "whoami";
      if (d.valid && applies && m.expect >= 0) CHECK(r.exit_code == m.expect);
      if (!d.shown.empty() && &m == &all.front()) CHECK(r.err.find(d.shown) != std::string::npos);
      if (d.valid && m.expect < 0) CHECK(r.exit_code != 0);
      if (!d.valid && m.sends) CHECK(r.exit_code != 0);
      for (const std::string& p : patterns) {
        CHECK(r.out.find(p) == std::string::npos);
        CHECK(r.err.find(p) == std::string::npos);
      }
    }
  }
}

const std::vector<std::string> kRdeniro = {"-u", "rdeniro:taxidriver"};

// The primary user and password: every source, each one valid for login too.
std::vector<Delivery> basic_deliveries(const World& w) {
  std::vector<Delivery> d = reference_sources(w, "password", "password", {"-u", "elastic"},
                                              w.password, w.password, "user = \"elastic\"\n", {});
  const std::string netrc =
      w.file("netrc", "machine 127.0.0.1 login elastic password " + w.password);
  const std::string user = "elastic:" + w.password;
  d.insert(
      d.end(),
      {
          {.name = "user literal", .flag = "user", .args = {"-u", user}},
          {.name = "user, short and joined", .flag = "user", .args = {"-u" + user}},
          {.name = "user in a profile", .flag = "user", .profile = "user = \"" + user + "\"\n"},
          {.name = "user in the URL", .flag = "user", .userinfo = user + "@"},
          {.name = "ELASTICSEARCH_USERNAME and ELASTICSEARCH_PASSWORD",
           .flag = "password",
           .env = {"ELASTICSEARCH_USERNAME=elastic", "ELASTICSEARCH_PASSWORD=" + w.password}},
          {.name = "ES_LOCAL_PASSWORD",
           .flag = "password",
           .env = {"ES_LOCAL_PASSWORD=" + w.password}},
          {.name = ".netrc", .flag = "password", .args = {"--netrc-file", netrc}},
          {.name = ".netrc with -u",
           .flag = "password",
           .args = {"-u", "elastic", "--netrc-file", netrc}},
          {.name = "password at the prompt",
           .flag = "password",
           .args = {"-u", "elastic"},
           .typed = w.password},
      });
  for (Delivery& x : d) x.basic = true;
  return d;
}

// API keys and bearer tokens, and an Authorization header given whole.
std::vector<Delivery> token_deliveries(const World& w) {
  std::vector<Delivery> d = reference_sources(
      w, "api-key", "api_key", {}, w.key1.id + ":" + w.key1.key, w.key1.response, {}, {});
  for (Delivery& x : reference_sources(w, "bearer", "bearer", {}, w.token1, w.token1, {}, {})) {
    d.push_back(std::move(x));
  }
  const std::string header = "Authorization: ApiKey " + w.key1.encoded;
  d.insert(
      d.end(),
      {
          {.name = "api-key encoded", .flag = "api-key", .args = {"--api-key", w.key1.encoded}},
          {.name = "ELASTIC_API_KEY",
           .flag = "api-key",
           .env = {"ELASTIC_API_KEY=" + w.key1.encoded}},
          {.name = "ES_API_KEY", .flag = "api-key", .env = {"ES_API_KEY=" + w.key1.encoded}},
          {.name = "ES_LOCAL_API_KEY",
           .flag = "api-key",
           .env = {"ES_LOCAL_API_KEY=" + w.key1.encoded}},
          {.name = "oauth2-bearer literal",
           .flag = "bearer",
           .args = {"--oauth2-bearer", w.token1}},
          {.name = "ELASTICSEARCH_BEARER_TOKEN",
           .flag = "bearer",
           .env = {"ELASTICSEARCH_BEARER_TOKEN=" + w.token1}},
          {.name = "Authorization with -H", .args = {"-H", header}, .whoami = false},
          {.name = "Authorization with -H @FILE",
           .args = {"-H", "@" + w.file("header", header)},
           .whoami = false},
      });
  return d;
}

// es-secondary-authorization from every secondary flag, rdeniro being the primary user.
std::vector<Delivery> secondary_deliveries(const World& w) {
  std::vector<Delivery> d =
      reference_sources(w, "secondary-password", "secondary_password",
                        {"-u", "rdeniro:taxidriver", "--secondary-user", "elastic"}, w.password,
                        w.password, "secondary_user = \"elastic\"\n", kRdeniro);
  auto add = [&](std::vector<Delivery> more) {
    for (Delivery& x : more) {
      x.args.insert(x.args.begin(), kRdeniro.begin(), kRdeniro.end());
      d.push_back(std::move(x));
    }
  };
  add(reference_sources(w, "secondary-api-key", "secondary_api_key", {},
                        w.key2.id + ":" + w.key2.key, w.key2.response, {}, {}));
  add(reference_sources(w, "secondary-bearer", "secondary_bearer", {}, w.token2, w.token2, {}, {}));
  const std::string user = "elastic:" + w.password;
  add({
      {.name = "secondary-user literal",
       .flag = "secondary-user",
       .args = {"--secondary-user", user}},
      {.name = "secondary-user in a profile",
       .flag = "secondary-user",
       .profile = "secondary_user = \"" + user + "\"\n"},
      {.name = "secondary password at the prompt",
       .flag = "secondary-password",
       .args = {"--secondary-user", "elastic"},
       .typed = w.password},
  });
  return d;
}

// The JWT client secret, the client key's password, the proxy's password, a cookie.
std::vector<Delivery> other_deliveries(const World& w) {
  std::vector<Delivery> d = reference_sources(w, "client-secret", "client_secret", kRdeniro,
                                              w.client_secret, w.client_secret, {}, kRdeniro);
  // The sandbox ignores the client secret: -v shows it went out.
  for (Delivery& x : d) x.shown = "ES-Client-Authentication: SharedSecret <redacted>";
  // The client certificate's settings come as a whole: a profile's key_password goes with its
  // cert and key.
  const std::string identity = fmt::format("cert = \"{}\"\nkey = \"{}\"\n", w.cert, w.client_key);
  std::vector<std::string> with_key = kRdeniro;
  with_key.insert(with_key.end(), {"--cert", w.cert, "--key", w.client_key});
  for (Delivery& x : reference_sources(w, "key-password", "key_password", with_key, w.key_password,
                                       w.key_password, identity, kRdeniro)) {
    d.push_back(std::move(x));
  }
  const std::string proxy_user = "proxyuser:" + w.proxy_password;
  const std::string proxy_url = "http://" + proxy_user + "@" + w.proxy.url().substr(7);
  d.insert(d.end(),
           {
               {.name = "key password at the prompt",
                .flag = "key-password",
                .args = with_key,
                .typed = w.key_password},
               {.name = "proxy-user literal",
                .flag = "proxy-user",
                .args = {"-u", "rdeniro:taxidriver", "--proxy", w.proxy.url(), "--proxy-user",
                         proxy_user}},
               {.name = "proxy password at the prompt",
                .flag = "proxy-user",
                .args = {"-u", "rdeniro:taxidriver", "--proxy", w.proxy.url(), "--proxy-user",
                         "proxyuser"},
                .typed = w.proxy_password},
               {.name = "proxy-password @FILE",
                .flag = "proxy-password",
                .args = {"-u", "rdeniro:taxidriver", "--proxy", w.proxy.url(), "--proxy-user",
                         "proxyuser", "--proxy-password",
                         "@" + w.file("proxy_password", w.proxy_password)}},
               {.name = "proxy-password @-",
                .flag = "proxy-password",
                .args = {"-u", "rdeniro:taxidriver", "--proxy", w.proxy.url(), "--proxy-user",
                         "proxyuser", "--proxy-password", "@-"},
                .stdin_data = w.proxy_password + "\n"},
               {.name = "proxy-password env:NAME",
                .flag = "proxy-password",
                .args = {"-u", "rdeniro:taxidriver", "--proxy", w.proxy.url(), "--proxy-user",
                         "proxyuser", "--proxy-password", "env:SWEEP_PROXY_PW"},
                .env = {"SWEEP_PROXY_PW=" + w.proxy_password}},
               {.name = "proxy-password literal",
                .flag = "proxy-password",
                .args = {"-u", "rdeniro:taxidriver", "--proxy", w.proxy.url(), "--proxy-user",
                         "proxyuser", "--proxy-password", w.proxy_password}},
               {.name = "proxy user in the proxy URL",
                .flag = "proxy-user",
                .args = {"-u", "rdeniro:taxidriver", "--proxy", proxy_url}},
               {.name = "proxy user in HTTPS_PROXY",
                .flag = "proxy-user",
                .args = kRdeniro,
                .env = {"HTTPS_PROXY=" + proxy_url}},
               {.name = "Cookie with -H",
                .args = {"-u", "rdeniro:taxidriver", "-H", "Cookie: sid=" + w.cookie},
                .shown = "Cookie: <redacted>"},
           });
  return d;
}

// Secrets that fail: wrong ones the cluster or proxy refuses, and ones escurl cannot read.
std::vector<Delivery> refused_deliveries(const World& w) {
  const std::string wrong_pw = "user = \"elastic\"\npassword = ";
  std::vector<Delivery> d = {
      {.name = "a wrong password", .flag = "user", .args = {"-u", "elastic:" + w.wrong}},
      {.name = "a wrong API key", .flag = "api-key", .args = {"--api-key", "sweepid:" + w.wrong}},
      {.name = "a wrong bearer token", .flag = "bearer", .args = {"--bearer", w.wrong}},
      {.name = "a wrong secondary password",
       .flag = "secondary-user",
       .args = {"-u", "rdeniro:taxidriver", "--secondary-user", "elastic:" + w.wrong}},
      {.name = "an API key that is not JSON",
       .flag = "api-key",
       .args = {"--api-key", "{" + w.wrong}},
      {.name = "a wrong key password",
       .flag = "key-password",
       .args = {"-u", "rdeniro:taxidriver", "--cert", w.cert, "--key", w.client_key,
                "--key-password", w.wrong}},
      {.name = "a wrong proxy password",
       .flag = "proxy-user",
       .args = {"-u", "rdeniro:taxidriver", "--proxy", w.proxy.url(), "--proxy-user",
                "proxyuser:" + w.wrong}},
      {.name = "a profile others may read",
       .flag = "password",
       .profile = wrong_pw + "\"" + w.wrong + "\"\n",
       .profile_mode = 0644},
      {.name = "a profile string never closed",
       .flag = "password",
       .profile = wrong_pw + "\"" + w.wrong + "\n"},
      {.name = "a profile value not quoted",
       .flag = "password",
       .profile = wrong_pw + w.wrong + "\n"},
      {.name = "a credential command that fails",
       .flag = "password",
       .profile = "user = \"elastic\"\npassword_command = " +
                  toml_list(w.command("fails.sh", w.wrong, 3)) + "\n"},
      {.name = ".netrc with a quote never closed",
       .flag = "password",
       .args = {"--netrc-file",
                w.file("bad-netrc", "machine 127.0.0.1 login elastic password \"" + w.wrong)}},
  };
  for (Delivery& x : d) x.valid = false;
  return d;
}

// A fresh world, swept with the deliveries `make` builds for it.
void sweep_group(std::vector<Delivery> (*make)(const World&)) {
  World w;
  REQUIRE(w.ready());
  sweep(w, make(w));
}

}  // namespace

TEST_CASE("secrets sweep: every secret flag of the table is swept", "[integration][secrets]") {
  World w;
  REQUIRE(w.ready());
  std::set<std::string> swept;
  for (const auto& make : {basic_deliveries, token_deliveries, secondary_deliveries,
                           other_deliveries, refused_deliveries}) {
    for (const Delivery& d : make(w)) swept.insert(d.flag);
  }
  for (const escurl::FlagSpec& f : escurl::all_flags()) {
    if (!f.secret) continue;
    CAPTURE(f.long_name);
    CHECK(swept.contains(std::string(f.long_name)));  // a new secret flag needs deliveries here
  }
}

TEST_CASE("secrets sweep: user and password", "[integration][secrets]") {
  sweep_group(basic_deliveries);
}

TEST_CASE("secrets sweep: API keys and bearer tokens", "[integration][secrets]") {
  sweep_group(token_deliveries);
}

TEST_CASE("secrets sweep: secondary authorization", "[integration][secrets]") {
  sweep_group(secondary_deliveries);
}

TEST_CASE("secrets sweep: client secret and key password and proxy password and cookies",
          "[integration][secrets]") {
  sweep_group(other_deliveries);
}

TEST_CASE("secrets sweep: secrets refused by the cluster or the proxy or escurl",
          "[integration][secrets]") {
  sweep_group(refused_deliveries);
}

TEST_CASE("secrets sweep: literal secrets are scrubbed from the process's argv",
          "[integration][secrets]") {
  World w;
  REQUIRE(w.ready());
  // A listener that never answers: once escurl connects, it has parsed (and scrubbed) its argv,
  // and it stays waiting for the TLS handshake while /proc/<pid>/cmdline is read.
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(listener >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::listen(listener, 8) == 0);
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const std::string stall = fmt::format("127.0.0.1:{}", ntohs(addr.sin_port));
  const std::string url = "https://" + stall;
  const std::vector<std::vector<std::string>> cases = {
      {"-u", "elastic:" + w.password},
      {"-uelastic:" + w.password},
      {"-ku", "elastic:" + w.password},
      {"--user=elastic:" + w.password},
      {"-u", "elastic", "--password", w.password},
      {"-u", "elastic", "--password=" + w.password},
      {"--api-key", w.key1.encoded},
      {"--bearer", w.token1},
      {"--oauth2-bearer=" + w.token1},
      {"-u", "rdeniro:taxidriver", "--secondary-user", "elastic:" + w.password},
      {"-u", "rdeniro:taxidriver", "--secondary-user", "elastic", "--secondary-password",
       w.password},
      {"-u", "rdeniro:taxidriver", "--secondary-api-key", w.key2.encoded},
      {"-u", "rdeniro:taxidriver", "--secondary-bearer", w.token2},
      {"--bearer", w.token1, "--client-secret", w.client_secret},
      {"-u", "rdeniro:taxidriver", "--cert", w.cert, "--key", w.client_key, "--key-password",
       w.key_password},
      {"-u", "rdeniro:taxidriver", "--proxy", "http://" + stall, "--proxy-user",
       "proxyuser:" + w.proxy_password},
      {"-u", "rdeniro:taxidriver", "--proxy", "http://proxyuser:" + w.proxy_password + "@" + stall},
      {"https://elastic:" + w.password + "@" + stall + "/"},
      {"elastic:" + w.password + "@" + stall + "/"},  // no scheme: https
      {"--url", "elastic:" + w.password + "@" + stall, "GET", "/"},
      {"--url=elastic:" + w.password + "@" + stall, "GET", "/"},
      {"-H", "Authorization: ApiKey " + w.key1.encoded},
      {"-H", "Authorization;Bearer " + w.token1},  // curl's NAME;VALUE form
      {"-u", "rdeniro:taxidriver", "-H", "Cookie: sid=" + w.cookie},
  };
  const std::vector<std::string> patterns = w.leak_patterns();
  for (const auto& secret_args : cases) {
    std::vector<std::string> args = secret_args;
    // Unless the case names the cluster itself (a URL positional, with or without a scheme, or
    // --url), it goes to the stalling listener.
    if (std::none_of(args.begin(), args.end(), [](const std::string& a) {
          return a.starts_with("https://") || a.starts_with("--url") ||
                 (a.starts_with("elastic:") && a.find('@') != std::string::npos);
        })) {
      args.push_back(url);
    }
    INFO(fmt::format("escurl {}", fmt::join(args, " ")));
    escurl::testing::RunningCli cli = start_cli(args, {.timeout_seconds = 30});
    pollfd p{listener, POLLIN, 0};
    REQUIRE(::poll(&p, 1, 20000) == 1);
    const int conn = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    REQUIRE(conn >= 0);
    std::ifstream in(fmt::format("/proc/{}/cmdline", cli.pid()), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    std::string cmdline = text.str();
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    INFO("cmdline: " << cmdline);
    CHECK(cmdline.find(stall) != std::string::npos);  // escurl's own, read while it runs
    for (const std::string& pattern : patterns) CHECK(cmdline.find(pattern) == std::string::npos);
    cli.send_signal(SIGTERM);
    const RunResult r = cli.wait();
    ::close(conn);
    // A connection the child opened more than once must not be taken for the next child's.
    while (::poll(&p, 1, 0) == 1) ::close(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
    for (const std::string& pattern : patterns) {
      CHECK(r.out.find(pattern) == std::string::npos);
      CHECK(r.err.find(pattern) == std::string::npos);
    }
  }
  ::close(listener);
}

TEST_CASE("secrets sweep: a password where the URL goes is not echoed in the error",
          "[integration][secrets]") {
  const std::string pw = "Zt8vQm2pLx";
  SECTION("a forgotten -u: escurl elastic:PASSWORD") {
    const RunResult r = run_cli({"elastic:" + pw}, {.timeout_seconds = 30});
    INFO("stderr: " << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find(pw) == std::string::npos);
    CHECK(r.err.find("looks like USER:PASSWORD") != std::string::npos);
    CHECK(r.err.find("-u elastic") != std::string::npos);
  }
  SECTION("a URL list cut at a ',' in the password") {
    for (const std::string list :
         {"https://elastic:Zt8v,Qm2pLx@127.0.0.1:9", "https://elastic:5531,Qm2pLx@127.0.0.1:9"}) {
      CAPTURE(list);
      const RunResult r = run_cli({"--url", list, "GET", "/"}, {.timeout_seconds = 30});
      INFO("stderr: " << r.err);
      CHECK(r.exit_code == 3);
      for (const char* part : {"Zt8v", "Qm2pLx", "5531"})
        CHECK(r.err.find(part) == std::string::npos);
      CHECK(r.err.find("%2C") != std::string::npos);
    }
  }
}
