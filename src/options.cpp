// SPDX-License-Identifier: MIT
#include "options.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>

#include "pins.h"

namespace escurl {
namespace {

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

Result<Url> cluster_url(const RawOptions& raw, const Env& env) {
  if (!raw.urls.empty()) return parse_url(raw.urls.front());
  if (auto v = env.first_of({"ELASTICSEARCH_URL", "ES_URL"})) {
    Result<Url> u = parse_url(v->second);
    if (!u) {
      Error e = u.take_error();
      e.message = fmt::format("{} holds a {}", v->first, e.message);
      return e;
    }
    return u;
  }
  return parse_url(kDefaultClusterUrl);
}

// A curl-form argument starting with '/' or '_' cannot be a host name, so it is a path on the
// cluster URL: `escurl _cat/indices` works like the Console form's GET.
bool is_cluster_path(std::string_view arg) { return arg.starts_with('/') || arg.starts_with('_'); }

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

Result<void> resolve_target(const RawOptions& raw, const Env& env, Options& o) {
  const std::vector<std::string>& pos = raw.positionals;
  if (pos.empty()) {
    return make_error(Errc::Usage, "no request given", {std::string(kUsage)});
  }
  if (pos[0] == "tls") return resolve_tls_subcommand(raw, env, o);
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
    if (pos[1].find("://") != std::string::npos) {
      Result<Url> u = parse_url(pos[1]);
      if (!u) return u.take_error();
      o.url = std::move(*u);
    } else {
      Result<Url> base = cluster_url(raw, env);
      if (!base) return base.take_error();
      o.url = join_path(*base, pos[1]);
    }
    if (pos.size() == 3) o.body = body_from(pos[2], DataKind::Data, "the BODY argument");
    return ok();
  }
  if (is_cluster_path(pos[0])) {
    Result<Url> base = cluster_url(raw, env);
    if (!base) return base.take_error();
    o.url = join_path(*base, pos[0]);
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

}  // namespace

bool is_method_word(std::string_view word) {
  static constexpr std::array<std::string_view, 6> kMethods = {"GET", "HEAD",   "POST",
                                                               "PUT", "DELETE", "PATCH"};
  const std::string u = upper(word);
  return std::find(kMethods.begin(), kMethods.end(), u) != kMethods.end();
}

Result<Options> resolve_options(const RawOptions& raw, const Env& env) {
  Options o;
  if (Result<void> r = resolve_target(raw, env, o); !r) return r.take_error();
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
  o.max_time = raw.max_time;
  if (raw.read_timeout) o.read_timeout = *raw.read_timeout;
  o.include = raw.include;
  o.verbose = raw.verbose;
  o.silent = raw.silent;
  o.show_error = raw.show_error;
  o.fail = raw.fail;
  o.output = raw.output;
  return o;
}

}  // namespace escurl
