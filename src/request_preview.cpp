// SPDX-License-Identifier: MIT
#include "request_preview.h"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <sys/stat.h>

#include <cctype>
#include <cerrno>

#include "diagnostics.h"
#include "exit_code.h"
#include "output.h"
#include "redact.h"
#include "secret.h"

namespace escurl {
namespace {

std::string body_note(const BodySpec& body) {
  switch (body.kind) {
    case BodySpec::Kind::File: {
      struct stat st {};
      const std::string size =
          ::stat(body.path.c_str(), &st) == 0 ? fmt::format(", {} bytes", st.st_size) : "";
      return fmt::format("<body: the file '{}'{}, not shown>\n", body.path, size);
    }
    case BodySpec::Kind::Stdin:
      return "<body: standard input, not read>\n";
    case BodySpec::Kind::Inline:
      if (body.bytes.size() > kOfflineBodyLimit) {
        return fmt::format("<body: {} bytes given inline, not shown>\n", body.bytes.size());
      }
      return body.bytes.ends_with('\n') ? body.bytes : body.bytes + "\n";
    case BodySpec::Kind::None:
      break;
  }
  return "";
}

// The scheme word the redaction kept ("ApiKey" of "ApiKey <redacted>"), or empty.
std::string kept_scheme(const HeaderField& h) {
  const std::string shown = h.display_value();
  const std::size_t at = shown.find(kRedacted);
  return at == std::string::npos ? std::string() : shown.substr(0, at);
}

// Text for inside double quotes, where $ ` " \ would be special.
std::string double_quote_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '$' || c == '`' || c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string env_name_for_header(std::string_view name) {
  std::string out = "ESCURL_";
  for (const char c : name) {
    out += std::isalnum(static_cast<unsigned char>(c))
               ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
               : '_';
  }
  return out;
}

class CurlBuilder {
 public:
  void arg(std::string_view flag) { words_.emplace_back(flag); }
  void operand(std::string_view value) { words_.push_back(shell_quote(value)); }
  void arg(std::string_view flag, std::string_view value) {
    words_.emplace_back(flag);
    words_.push_back(shell_quote(value));
  }
  // A value with a "$NAME" reference: double-quoted so the shell expands it.
  void arg_with_variable(std::string_view flag, std::string_view before, const std::string& name,
                         std::string_view what) {
    words_.emplace_back(flag);
    words_.push_back(fmt::format("\"{}${}\"", double_quote_escape(before), name));
    cmd_.variables.push_back(fmt::format("{}: {}", name, what));
  }
  void warn(std::string text) { cmd_.warnings.push_back(std::move(text)); }
  CurlCommand finish() {
    cmd_.command = "curl";
    for (const std::string& w : words_) cmd_.command += " " + w;
    cmd_.command += "\n";
    return std::move(cmd_);
  }

 private:
  std::vector<std::string> words_;
  CurlCommand cmd_;
};

void add_credential_header(CurlBuilder& b, const HeaderField& h, const Credentials& c) {
  const std::string scheme = kept_scheme(h);
  if (iequals(h.name, "Authorization") && c.primary) {
    switch (c.primary->scheme) {
      case AuthScheme::Basic:
        b.arg_with_variable("-u", c.primary_user + ":", "ESCURL_PASSWORD",
                            fmt::format("the password of user [{}]", c.primary_user));
        return;
      case AuthScheme::ApiKey:
        b.arg_with_variable("-H", "Authorization: ApiKey ", "ESCURL_API_KEY",
                            "the encoded API key (base64 of ID:KEY)");
        return;
      case AuthScheme::Bearer:
        b.arg_with_variable("-H", "Authorization: Bearer ", "ESCURL_BEARER_TOKEN",
                            "the bearer token");
        return;
    }
  }
  if (iequals(h.name, "es-secondary-authorization")) {
    b.arg_with_variable("-H", h.name + ": " + scheme, "ESCURL_SECONDARY_AUTH",
                        fmt::format("the secondary credential after '{}'", scheme));
    return;
  }
  if (iequals(h.name, "ES-Client-Authentication")) {
    b.arg_with_variable("-H", h.name + ": " + scheme, "ESCURL_CLIENT_SECRET",
                        "the shared secret (--client-secret)");
    return;
  }
  const std::string name = env_name_for_header(h.name);
  b.arg_with_variable("-H", h.name + ": " + scheme, name,
                      scheme.empty() ? fmt::format("the value of the {} header", h.name)
                                     : fmt::format("the {} header after '{}'", h.name, scheme));
}

void add_method_and_body(CurlBuilder& b, const Request& r) {
  if (r.method == "HEAD") {
    b.arg("--head");
  } else if (r.method != "GET" || r.body.kind != BodySpec::Kind::None) {
    b.arg("-X", r.method);
  }
  switch (r.body.kind) {
    case BodySpec::Kind::Inline:
      // --data-raw sends the bytes as given, a leading '@' included.
      b.arg("--data-raw", r.body.bytes);
      break;
    case BodySpec::Kind::File:
      b.arg("--data-binary", "@" + r.body.path);
      break;
    case BodySpec::Kind::Stdin:
      b.arg("--data-binary", "@-");
      break;
    case BodySpec::Kind::None:
      break;
  }
}

std::string_view tls_version_flag(int version) {
  switch (version) {
    case TLS1_3_VERSION:
      return "1.3";
    case TLS1_2_VERSION:
      return "1.2";
    default:
      return "";
  }
}

void add_tls(CurlBuilder& b, const Options& o) {
  const TlsOptions& t = o.tls;
  if (t.insecure) b.arg("-k");
  if (t.cacert) b.arg("--cacert", *t.cacert);
  if (t.capath) b.arg("--capath", *t.capath);
  if (!t.pinned_pubkeys.empty()) {
    std::string pins;
    for (const std::string& p : t.pinned_pubkeys)
      pins += (pins.empty() ? "" : ";") + ("sha256//" + p);
    b.arg("--pinnedpubkey", pins);
  }
  if (t.ca_fingerprint) {
    b.warn(
        "--ca-fingerprint has no curl equivalent: give curl the CA certificate with --cacert "
        "(`escurl tls inspect` shows the chain)");
  }
  if (t.server_name) {
    b.warn("--tls-server-name has no direct curl equivalent: curl checks the URL's host name");
  }
  if (t.min_version == TLS1_3_VERSION) b.arg("--tlsv1.3");
  if (!tls_version_flag(t.max_version).empty()) b.arg("--tls-max", tls_version_flag(t.max_version));
  if (o.client_cert) {
    b.arg("--cert", o.client_cert->cert_path);
    if (!o.client_cert->key_path.empty()) b.arg("--key", o.client_cert->key_path);
    if (o.client_cert->type == CertType::P12) b.arg("--cert-type", "P12");
    if (o.key_password_ref) {
      b.arg_with_variable("--pass", "", "ESCURL_KEY_PASSWORD", "the client key's password");
    }
  }
}

void add_connection(CurlBuilder& b, const Options& o) {
  if (o.proxy) {
    b.arg("-x", o.proxy->display());
    if (o.proxy_user_ref) {
      const std::string user = o.proxy_user_ref->substr(0, o.proxy_user_ref->find(':'));
      b.arg_with_variable("-U", user + ":", "ESCURL_PROXY_PASSWORD", "the proxy password");
    } else if (o.proxy->user) {
      b.arg_with_variable("-U", *o.proxy->user + ":", "ESCURL_PROXY_PASSWORD",
                          "the proxy password");
    }
  }
  for (const auto& [host_port, addr] : o.resolve) b.arg("--resolve", host_port + ":" + addr);
  if (o.compressed) b.arg("--compressed");
  b.arg("--connect-timeout", fmt::format("{}", o.connect_timeout));
  if (o.max_time) b.arg("--max-time", fmt::format("{}", *o.max_time));
  if (o.follow_redirects) {
    b.arg("-L");
    b.arg("--max-redirs", std::to_string(o.max_redirects));
  }
  if (o.retry.max_retries > 0) b.arg("--retry", std::to_string(o.retry.max_retries));
  if (o.output) b.arg("-o", *o.output);
  if (o.include) b.arg("-i");
  if (o.fail) b.arg("--fail-with-body");
}

}  // namespace

std::string shell_quote(std::string_view s) {
  const bool plain = !s.empty() && s.find_first_not_of(
                                       "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789_-./:=@%+,") == std::string_view::npos;
  if (plain) return std::string(s);
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string render_offline(const Request& r) {
  std::string out = fmt::format("{} {} HTTP/1.1\nHost: {}\n", r.method, encode_target(r.url.target),
                                r.url.authority());
  for (const HeaderField& h : r.headers) out += fmt::format("{}: {}\n", h.name, h.display_value());
  if (r.body.kind == BodySpec::Kind::Inline) {
    out += fmt::format("Content-Length: {}\n", r.body.bytes.size());
  } else if (r.body.kind == BodySpec::Kind::Stdin) {
    out += "Transfer-Encoding: chunked\n";
  }
  return out + "\n" + body_note(r.body);
}

CurlCommand render_curl(const Request& r, const Options& o, const Credentials& c) {
  CurlBuilder b;
  add_method_and_body(b, r);
  for (const HeaderField& h : r.headers) {
    // --compressed asks for gzip and decodes it; a bare header would leave it encoded.
    if (iequals(h.name, "Accept-Encoding") && o.compressed) continue;
    if (h.is_secret() || is_credential_header(h.name)) {
      add_credential_header(b, h, c);
    } else {
      b.arg("-H", fmt::format("{}: {}", h.name, h.display_value()));
    }
  }
  add_tls(b, o);
  add_connection(b, o);
  b.operand(r.url.display());
  return b.finish();
}

int run_preview(const Options& o, const Request& request, const Credentials& credentials) {
  if (o.offline) {
    const std::string text = render_offline(request);
    return write_all(1, text.data(), text.size()) || errno == EPIPE
               ? 0
               : exit_code_for(Errc::WriteOutput);
  }
  const CurlCommand cmd = render_curl(request, o, credentials);
  if (!o.silent) {
    if (!cmd.variables.empty()) {
      std::string list;
      for (const std::string& v : cmd.variables) list += "\n  " + v;
      report_line(fmt::format("--curl: set these environment variables first:{}", list));
    }
    for (const std::string& w : cmd.warnings) report_warning(w);
  }
  return write_all(1, cmd.command.data(), cmd.command.size()) || errno == EPIPE
             ? 0
             : exit_code_for(Errc::WriteOutput);
}

}  // namespace escurl
