// SPDX-License-Identifier: MIT
#include "options.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>

#include "cloud_id.h"
#include "pins.h"

namespace escurl {
namespace {

constexpr std::string_view kCommaInPassword =
    "a password holding ',' must be percent-encoded (%2C) in a URL list, or given with -u USER "
    "and --password";

constexpr std::string_view kUsage =
    "usage: escurl [options] METHOD PATH [BODY]  or  escurl [options] URL";

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

BodySpec body_from(std::string_view value, DataKind kind, std::string flag) {
  BodySpec b;
  b.flag = std::move(flag);
  if (kind == DataKind::Data && value == "@-") {
    b.kind = BodySpec::Kind::Stdin;
  } else if (kind == DataKind::Data && value.starts_with('@')) {
    b.kind = BodySpec::Kind::File;
    b.path = std::string(value.substr(1));
  } else {
    b.kind = BodySpec::Kind::Inline;
    b.bytes = std::string(value);
  }
  return b;
}

// A list whose URL does not parse. When the list holds user information, no piece is shown: a
// password holding ',' was cut at it, so a "host" or "port" may be part of the password.
Error bad_url_in_list(Error e, std::string_view list, std::size_t item, std::string_view source) {
  if (list.find('@') != std::string_view::npos) {
    e = make_error(Errc::BadUrl,
                   fmt::format("malformed URL: item {} of the comma-separated URL list does not "
                               "parse (not shown: the list holds user information)",
                               item),
                   {std::string(kCommaInPassword)});
  }
  if (!source.empty()) e.message = fmt::format("{} holds a {}", source, e.message);
  return e;
}

Result<std::vector<Url>> parse_url_list(std::string_view list, std::string_view source) {
  std::vector<Url> urls;
  const std::string_view whole = list;
  std::size_t item = 0;
  bool last_had_at = false;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view one = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (one.starts_with(' ')) one.remove_prefix(1);
    while (one.ends_with(' ')) one.remove_suffix(1);
    ++item;
    if (one.empty()) continue;
    const bool has_at = one.find('@') != std::string_view::npos;
    if (item > 1 && has_at && !last_had_at && scheme_length(one) == 0) {
      // "https://u:12,34@h" splits into https://u:12 and 34@h, both valid URLs.
      Error e = make_error(Errc::BadUrl,
                           fmt::format("item {} of the comma-separated URL list holds user "
                                       "information but the item before it does not: is it a "
                                       "password cut at ','? (not shown)",
                                       item),
                           {std::string(kCommaInPassword)});
      if (!source.empty()) e.message = fmt::format("{}: {}", source, e.message);
      return e;
    }
    last_had_at = has_at;
    Result<Url> u = parse_url(one);
    if (!u) return bad_url_in_list(u.take_error(), whole, item, source);
    urls.push_back(std::move(*u));
  }
  return urls;
}

// The cluster's nodes: every --url (each may list several, comma-separated), else the
// environment, else https://localhost:9200.
Result<std::vector<Url>> cluster_urls(const RawOptions& raw, const Env& env) {
  std::vector<Url> nodes;
  for (const std::string& u : raw.urls) {
    Result<std::vector<Url>> some = parse_url_list(u, "");
    if (!some) return some.take_error();
    nodes.insert(nodes.end(), some->begin(), some->end());
  }
  if (!nodes.empty() && raw.cloud_id) {
    return make_error(Errc::Usage, "--url and --cloud-id both name the cluster; give one");
  }
  if (nodes.empty() && raw.cloud_id) {
    Result<CloudId> cloud = decode_cloud_id(*raw.cloud_id);
    if (!cloud) return cloud.take_error();
    nodes.push_back(*parse_url(cloud->es_url));
  }
  // Without apply_environment (unit tests call this directly), the URL variables still count.
  if (nodes.empty()) {
    if (auto v = env.first_of({"ELASTICSEARCH_URL", "ES_URL"})) {
      Result<std::vector<Url>> some = parse_url_list(v->second, v->first);
      if (!some) return some.take_error();
      nodes = std::move(*some);
    }
  }
  if (nodes.empty()) nodes.push_back(*parse_url(kDefaultClusterUrl));
  return nodes;
}

Result<Url> cluster_url(const RawOptions& raw, const Env& env) {
  Result<std::vector<Url>> nodes = cluster_urls(raw, env);
  if (!nodes) return nodes.take_error();
  return nodes->front();
}

// Points the request at a path on the cluster: the node pool picks the node per attempt.
Result<void> use_cluster_path(const RawOptions& raw, const Env& env, std::string_view path,
                              Options& o) {
  Result<std::vector<Url>> nodes = cluster_urls(raw, env);
  if (!nodes) return nodes.take_error();
  o.nodes = std::move(*nodes);
  std::string p(path);
  if (!p.starts_with('/')) p.insert(0, "/");
  o.cluster_path = p;
  o.url = join_path(o.nodes.front(), p);
  return ok();
}

// A curl-form argument starting with '/' or '_' cannot be a host name, so it is a path on the
// cluster URL: `escurl _cat/indices` works like the Console form's GET.
bool is_cluster_path(std::string_view arg) { return arg.starts_with('/') || arg.starts_with('_'); }

constexpr std::string_view kAuthUsage =
    "commands: escurl login | logout | whoami | api-key create --name N | "
    "api-key invalidate --id ID|--name N | config show | config profiles";

bool is_auth_subcommand_word(std::string_view w) {
  return w == "login" || w == "logout" || w == "whoami" || w == "api-key" || w == "config";
}

std::optional<Subcommand> auth_subcommand(const std::vector<std::string>& pos) {
  if (pos.size() == 1 && pos[0] == "login") return Subcommand::Login;
  if (pos.size() == 1 && pos[0] == "logout") return Subcommand::Logout;
  if (pos.size() == 1 && pos[0] == "whoami") return Subcommand::Whoami;
  if (pos.size() == 2 && pos[0] == "api-key" && pos[1] == "create") return Subcommand::ApiKeyCreate;
  if (pos.size() == 2 && pos[0] == "api-key" && pos[1] == "invalidate") {
    return Subcommand::ApiKeyInvalidate;
  }
  if (pos.size() == 2 && pos[0] == "config" && pos[1] == "show") return Subcommand::ConfigShow;
  if (pos.size() == 2 && pos[0] == "config" && pos[1] == "profiles") {
    return Subcommand::ConfigProfiles;
  }
  return std::nullopt;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// `escurl tls inspect [URL]`: the URL defaults to the cluster URL.
Result<void> resolve_tls_subcommand(const RawOptions& raw, const Env& env, Options& o) {
  const std::vector<std::string>& pos = raw.positionals;
  if (pos.size() < 2 || pos[1] != "inspect" || pos.size() > 3) {
    return make_error(Errc::Usage, "usage: escurl tls inspect [URL]");
  }
  o.subcommand = Subcommand::TlsInspect;
  Result<Url> url = pos.size() == 3 ? parse_url(pos[2]) : cluster_url(raw, env);
  if (!url) return url.take_error();
  if (!url->is_https()) return make_error(Errc::Usage, "tls inspect needs an https:// URL");
  o.url = std::move(*url);
  return ok();
}

// `escurl login|logout|whoami|api-key …|config …`: requests of their own to the cluster.
Result<void> resolve_auth_subcommand(const RawOptions& raw, const Env& env, Options& o) {
  const std::vector<std::string>& pos = raw.positionals;
  const std::optional<Subcommand> s = auth_subcommand(pos);
  if (!s) {
    return make_error(Errc::Usage, fmt::format("unknown command 'escurl {}'", join_words(pos)),
                      {std::string(kAuthUsage)});
  }
  o.subcommand = *s;
  o.method = "GET";
  return use_cluster_path(raw, env, "/", o);
}

Result<void> resolve_target(const RawOptions& raw, const Env& env, Options& o) {
  const std::vector<std::string>& pos = raw.positionals;
  if (pos.empty()) {
    return make_error(Errc::Usage, "no request given", {std::string(kUsage)});
  }
  if (pos[0] == "tls") return resolve_tls_subcommand(raw, env, o);
  if (is_auth_subcommand_word(pos[0])) return resolve_auth_subcommand(raw, env, o);
  const bool console = pos.size() >= 2 && is_method_word(pos[0]);
  if (!console && pos.size() > 1) {
    return make_error(Errc::Usage, fmt::format("unexpected argument '{}'", pos[1]),
                      {std::string(kUsage)});
  }
  if (console && pos.size() > 3) {
    return make_error(Errc::Usage, fmt::format("unexpected argument '{}' after the body", pos[3]),
                      {"quote the body as one argument, or give it as @FILE"});
  }
  if (console) {
    if (raw.method) {
      return make_error(
          Errc::Usage,
          fmt::format("-X {} conflicts with the Console form's method {}", *raw.method, pos[0]),
          {"drop -X: in `escurl METHOD PATH` the method comes first"});
    }
    o.method = upper(pos[0]);
    if (scheme_length(pos[1]) != 0) {
      Result<Url> u = parse_url(pos[1]);
      if (!u) return u.take_error();
      o.url = std::move(*u);
    } else if (Result<void> r = use_cluster_path(raw, env, pos[1], o); !r) {
      return r;
    }
    if (pos.size() == 3) o.body = body_from(pos[2], DataKind::Data, "the BODY argument");
    return ok();
  }
  if (is_cluster_path(pos[0])) {
    return use_cluster_path(raw, env, pos[0], o);
  } else {
    Result<Url> u = parse_url(pos[0]);
    if (!u) return u.take_error();
    o.url = std::move(*u);
  }
  return ok();
}

Result<void> resolve_body(const RawOptions& raw, Options& o) {
  if (raw.data.empty()) return ok();
  if (o.body.kind != BodySpec::Kind::None) {
    return make_error(
        Errc::Usage,
        fmt::format("{} conflicts with the Console form's BODY argument", raw.data.front().flag),
        {"give the body once"});
  }
  if (raw.data.size() > 1) {
    return make_error(Errc::Usage,
                      fmt::format("{} and {} both give a body", raw.data[0].flag, raw.data[1].flag),
                      {"escurl sends one body as given; join the parts into one file"});
  }
  o.body = body_from(raw.data.front().value, raw.data.front().kind, raw.data.front().flag);
  return ok();
}

bool host_matches_noproxy(const std::string& host, std::string_view list) {
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view one = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (one.starts_with(' ') || one.starts_with('.')) one.remove_prefix(1);
    while (one.ends_with(' ')) one.remove_suffix(1);
    if (one == "*") return true;
    if (one.empty()) continue;
    if (host == one || (host.ends_with(one) && host[host.size() - one.size() - 1] == '.')) {
      return true;
    }
  }
  return false;
}

Result<void> resolve_proxy(const RawOptions& raw, const Env& env, Options& o) {
  std::optional<std::pair<std::string, std::string>> from_env;
  if (!raw.proxy && o.url.is_https()) from_env = env.first_of({"HTTPS_PROXY", "https_proxy"});
  if (!raw.proxy && !from_env) return ok();
  const std::string text = raw.proxy ? *raw.proxy : from_env->second;
  const std::string source = raw.proxy ? "--proxy" : from_env->first;
  const std::optional<std::string> noproxy =
      raw.noproxy ? raw.noproxy : [&]() -> std::optional<std::string> {
    if (auto v = env.first_of({"NO_PROXY", "no_proxy"})) return v->second;
    return std::nullopt;
  }();
  if (noproxy && host_matches_noproxy(o.url.host, *noproxy)) return ok();
  std::string with_scheme = scheme_length(text) == 0 ? "http://" + text : text;
  if (!with_scheme.starts_with("http://")) {
    return make_error(Errc::Usage, fmt::format("{}: only http:// proxies are supported", source));
  }
  Result<Url> proxy = parse_url(with_scheme);
  if (!proxy) return make_error(Errc::Usage, fmt::format("{}: {}", source, proxy.error().message));
  if (with_scheme.find(':', 7) == std::string::npos) proxy->port = 1080;  // curl's default
  if (!o.url.is_https()) {
    return make_error(Errc::Usage,
                      fmt::format("{}: escurl tunnels only https through a proxy", source),
                      {"use an https:// cluster URL, or --noproxy for this host"});
  }
  o.proxy = std::move(*proxy);
  o.proxy_user_ref = raw.proxy_user;
  o.proxy_password_ref = raw.proxy_password;
  if (raw.proxy_password && !raw.proxy_user) {
    return make_error(Errc::Usage, "--proxy-password needs --proxy-user USER");
  }
  if (raw.proxy_password && raw.proxy_user->find(':') != std::string::npos) {
    return make_error(Errc::Usage, "--proxy-user already holds a password; drop --proxy-password",
                      {"give --proxy-user USER --proxy-password @FILE|@-|env:NAME"});
  }
  return ok();
}

Result<void> resolve_resolve(const RawOptions& raw, Options& o) {
  for (const std::string& entry : raw.resolve) {
    // HOST:PORT:ADDR, where ADDR may be an IPv6 literal in brackets.
    const std::size_t first = entry.find(':');
    const std::size_t second = first == std::string::npos ? first : entry.find(':', first + 1);
    if (second == std::string::npos || second + 1 >= entry.size()) {
      return make_error(Errc::Usage, fmt::format("--resolve '{}' is not HOST:PORT:ADDR", entry));
    }
    std::string addr = entry.substr(second + 1);
    if (addr.starts_with('[') && addr.ends_with(']')) addr = addr.substr(1, addr.size() - 2);
    o.resolve.emplace_back(entry.substr(0, second), addr);
  }
  return ok();
}

// X-Opaque-Id by default: the CI job, so the cluster's logs and tasks trace back to it.
std::optional<std::string> ci_opaque_id(const Env& env) {
  if (auto run = env.get("GITHUB_RUN_ID")) {
    return fmt::format("github:{}/{}", env.get("GITHUB_REPOSITORY").value_or(""), *run);
  }
  if (auto job = env.get("CI_JOB_ID")) {
    return fmt::format("gitlab:{}/{}", env.get("CI_PROJECT_PATH").value_or(""), *job);
  }
  if (auto tag = env.get("BUILD_TAG")) return fmt::format("jenkins:{}", *tag);
  if (auto id = env.get("BUILDKITE_JOB_ID")) return fmt::format("buildkite:{}", *id);
  if (auto id = env.get("CIRCLE_WORKFLOW_JOB_ID")) return fmt::format("circleci:{}", *id);
  return std::nullopt;
}

Result<void> resolve_transfer(const RawOptions& raw, const Env& env, Options& o) {
  if (raw.retry) o.retry.max_retries = *raw.retry;
  o.retry.fixed_delay = raw.retry_delay;
  if (raw.retry_max_time) o.retry.max_time = *raw.retry_max_time;
  o.retry.retry_all = raw.retry_all;
  o.follow_redirects = raw.location;
  if (raw.max_redirs) o.max_redirects = *raw.max_redirs;
  if (Result<void> r = resolve_proxy(raw, env, o); !r) return r;
  if (Result<void> r = resolve_resolve(raw, o); !r) return r;
  o.compressed = raw.compressed;
  o.sniff = raw.sniff;
  o.opaque_id = raw.opaque_id ? raw.opaque_id : ci_opaque_id(env);
  if (raw.compat) {
    if (*raw.compat != "8" && *raw.compat != "9") {
      return make_error(Errc::Usage, fmt::format("--compat takes 8 or 9, not '{}'", *raw.compat));
    }
    o.compat = std::stoi(*raw.compat);
  }
  return ok();
}

Result<void> resolve_batch(const RawOptions& raw, const Env& env, Options& o) {
  if (raw.batch_format && *raw.batch_format != "text" && *raw.batch_format != "ndjson") {
    return make_error(Errc::Usage, fmt::format("--batch-format takes text or ndjson, not '{}'",
                                               *raw.batch_format));
  }
  if (!raw.batch) {
    if (raw.batch_format || raw.parallel || raw.stop_on_error) {
      return make_error(Errc::Usage, "--batch-format, --parallel and --stop-on-error need --batch");
    }
    return ok();
  }
  if (!raw.positionals.empty()) {
    return make_error(Errc::Usage,
                      fmt::format("--batch takes its requests from the file; unexpected '{}'",
                                  raw.positionals.front()));
  }
  o.batch = raw.batch;
  o.batch_ndjson = raw.batch_format == "ndjson";
  o.parallel = raw.parallel.value_or(1);
  o.stop_on_error = raw.stop_on_error;
  o.method = "GET";
  return use_cluster_path(raw, env, "/", o);
}

Result<int> tls_version(std::string_view flag, const std::string& v) {
  if (v == "1.2") return TLS1_2_VERSION;
  if (v == "1.3") return TLS1_3_VERSION;
  return make_error(Errc::Usage, fmt::format("{} takes 1.2 or 1.3, not '{}'", flag, v));
}

Result<void> resolve_tls(const RawOptions& raw, const Env& env, Options& o) {
  TlsOptions& t = o.tls;
  t.cacert = raw.cacert;
  t.capath = raw.capath;
  t.insecure = raw.insecure;
  t.cert_file = env.get("SSL_CERT_FILE");
  t.cert_dir = env.get("SSL_CERT_DIR");
  t.server_name = raw.tls_server_name;
  if (raw.ca_fingerprint) {
    Result<std::string> fp = parse_ca_fingerprint(*raw.ca_fingerprint);
    if (!fp) return fp.take_error();
    t.ca_fingerprint = std::move(*fp);
  }
  if (raw.pinned_pubkey) {
    Result<std::vector<std::string>> pins = parse_pinned_pubkeys(*raw.pinned_pubkey);
    if (!pins) return pins.take_error();
    t.pinned_pubkeys = std::move(*pins);
  }
  if (t.insecure && (t.ca_fingerprint || !t.pinned_pubkeys.empty())) {
    return make_error(Errc::Usage, "--insecure contradicts --ca-fingerprint and --pinnedpubkey",
                      {"a pin already makes a self-signed cluster trusted: drop --insecure"});
  }
  for (const auto& [field, flag, value] : {std::tuple{&t.min_version, "--tls-min", raw.tls_min},
                                           std::tuple{&t.max_version, "--tls-max", raw.tls_max}}) {
    if (!value) continue;
    Result<int> v = tls_version(flag, *value);
    if (!v) return v.take_error();
    *field = *v;
  }
  if (t.max_version != 0 && t.max_version < t.min_version) {
    return make_error(Errc::Usage, "--tls-max is lower than --tls-min");
  }
  return ok();
}

Result<void> resolve_client_cert(const RawOptions& raw, Options& o) {
  if (!raw.cert) {
    if (raw.key || raw.cert_type || raw.key_password) {
      return make_error(Errc::Usage, "--key, --cert-type and --key-password need --cert");
    }
    return ok();
  }
  ClientCertOptions c;
  c.cert_path = *raw.cert;
  c.key_path = raw.key.value_or("");
  c.type = infer_cert_type(c.cert_path);
  if (raw.cert_type) {
    const std::string t = upper(*raw.cert_type);
    if (t != "PEM" && t != "P12") {
      return make_error(Errc::Usage,
                        fmt::format("--cert-type takes PEM or P12, not '{}'", *raw.cert_type));
    }
    c.type = t == "P12" ? CertType::P12 : CertType::Pem;
  }
  o.client_cert = std::move(c);
  o.key_password_ref = raw.key_password;
  return ok();
}

// --offline, --curl, --write-out and the progress line.
Result<void> resolve_preview_and_write_out(const RawOptions& raw, const Env& env, Options& o) {
  if (raw.offline && raw.curl) {
    return make_error(Errc::Usage,
                      "--offline and --curl both print the request instead of sending it: give "
                      "one of them");
  }
  if ((raw.offline || raw.curl || raw.write_out) && raw.batch) {
    return make_error(Errc::Usage, fmt::format("{} works on a single request, not on --batch",
                                               raw.offline ? "--offline"
                                               : raw.curl  ? "--curl"
                                                           : "--write-out"));
  }
  o.write_out = raw.write_out;
  o.offline = raw.offline;
  o.curl = raw.curl;
  o.progress = env.stderr_tty && !raw.silent && (raw.output || !env.stdout_tty);
  return ok();
}

}  // namespace

bool is_method_word(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kMethods = {"GET", "HEAD",   "POST",
                                                               "PUT", "DELETE", "PATCH"};
  const std::string u = upper(word);
  return std::find(kMethods.begin(), kMethods.end(), u) != kMethods.end();
}

Result<Options> resolve_options(const RawOptions& raw, const Env& env) {
  Options o;
  if (raw.batch) {
    if (Result<void> r = resolve_batch(raw, env, o); !r) return r.take_error();
  } else if (Result<void> r = resolve_target(raw, env, o); !r) {
    return r.take_error();
  }
  if (Result<void> r = resolve_transfer(raw, env, o); !r) return r.take_error();
  if (Result<void> r = resolve_body(raw, o); !r) return r.take_error();
  if (o.method.empty()) {
    if (raw.method && raw.method->empty()) return make_error(Errc::Usage, "-X needs a method");
    o.method =
        raw.method ? upper(*raw.method) : (o.body.kind == BodySpec::Kind::None ? "GET" : "POST");
  }
  o.header_args = raw.headers;
  if (Result<void> r = resolve_tls(raw, env, o); !r) return r.take_error();
  if (Result<void> r = resolve_client_cert(raw, o); !r) return r.take_error();
  if (raw.format) {
    if (*raw.format != "json" && *raw.format != "text") {
      return make_error(Errc::Usage,
                        fmt::format("--format takes text or json, not '{}'", *raw.format));
    }
    o.json_format = *raw.format == "json";
  }
  o.allow_insecure_http = raw.allow_insecure_http;
  if (raw.connect_timeout) o.connect_timeout = *raw.connect_timeout;
  // A --cacert or --cert that is not a regular file (a FIFO) may keep escurl waiting as long as
  // a connection may.
  o.tls.file_wait = o.connect_timeout;
  if (o.client_cert) o.client_cert->file_wait = o.connect_timeout;
  o.max_time = raw.max_time;
  if (raw.read_timeout) o.read_timeout = *raw.read_timeout;
  if (raw.pretty && raw.compact) {
    return make_error(Errc::Usage, "--pretty and --compact contradict each other");
  }
  // Piped output is byte-exact unless asked otherwise; a terminal gets it re-indented.
  o.body_format = raw.compact                                     ? Options::BodyFormat::Compact
                  : raw.pretty || (env.stdout_tty && !raw.output) ? Options::BodyFormat::Pretty
                                                                  : Options::BodyFormat::Raw;
  const std::string when = raw.color.value_or("auto");
  if (when != "auto" && when != "always" && when != "never") {
    return make_error(Errc::Usage,
                      fmt::format("--color takes auto, always or never, not '{}'", when));
  }
  o.color =
      when == "always" || (when == "auto" && env.stdout_tty && !raw.output && !env.get("NO_COLOR"));
  o.complete_indices = raw.complete_indices;
  o.include = raw.include;
  o.verbose = raw.verbose;
  o.silent = raw.silent;
  o.show_error = raw.show_error;
  o.fail = raw.fail;
  o.output = raw.output;
  if (Result<void> r = resolve_preview_and_write_out(raw, env, o); !r) return r.take_error();
  return o;
}

}  // namespace escurl
