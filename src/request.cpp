// SPDX-License-Identifier: MIT
#include "request.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

#include "file_read.h"
#include "header_check.h"
#include "redact.h"
#include "version.h"

namespace escurl {
namespace {

// A header argument: a value to set, or (for "NAME:") a default to remove.
struct HeaderArg {
  std::string name;
  std::string value;
  std::string origin;  // "-H", or "-H @FILE line N"
  bool remove = false;
};

Result<HeaderArg> parse_header_arg(std::string_view text, std::string_view origin) {
  const std::size_t sep = text.find_first_of(":;");
  const std::string_view name = text.substr(0, sep);
  if (sep == std::string_view::npos || !is_token(name)) {
    // Echo nothing of it: a malformed header is often a credential missing its colon.
    return make_error(Errc::Usage, fmt::format("{}: not a header", origin),
                      {"write it as 'NAME: VALUE'"});
  }
  std::string_view value = text.substr(sep + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  // The value is not judged here: header_check does that for every header, whatever its source.
  HeaderArg h{std::string(name), std::string(value), std::string(origin)};
  h.remove = text[sep] == ':' && value.empty();
  return h;
}

Result<std::vector<HeaderArg>> read_header_args(const std::vector<std::string>& args, Env& env,
                                                StdinClaim& claim) {
  std::vector<HeaderArg> out;
  for (const std::string& arg : args) {
    if (!arg.starts_with('@')) {
      Result<HeaderArg> h = parse_header_arg(arg, "-H");
      if (!h) return h.take_error();
      out.push_back(std::move(*h));
      continue;
    }
    Result<std::string> text = make_error(Errc::Usage, "");
    if (arg == "@-") {
      if (Result<void> c = claim.claim("-H @-"); !c) return c.take_error();
      text = env.read_stdin();
    } else {
      text = read_whole_file(arg.substr(1), {"-H " + arg, kSmallFileLimit, env.file_wait});
      if (!text) return text.take_error();
    }
    if (!text) return make_error(Errc::Usage, fmt::format("-H {}: {}", arg, text.error().message));
    std::size_t start = 0;
    int line_no = 0;
    while (start < text->size()) {
      std::size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      std::string_view line(text->data() + start, end - start);
      ++line_no;
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (!line.empty()) {
        Result<HeaderArg> h = parse_header_arg(line, fmt::format("-H {} line {}", arg, line_no));
        if (!h) return h.take_error();
        out.push_back(std::move(*h));
      }
      start = end + 1;
    }
    secure_wipe(*text);
  }
  return out;
}

void set_header(std::vector<HeaderField>& headers, HeaderField field) {
  std::erase_if(headers, [&](const HeaderField& h) { return iequals(h.name, field.name); });
  headers.push_back(std::move(field));
}

Result<void> check_conflict(const std::vector<HeaderArg>& args, std::string_view header,
                            bool from_flags, std::string_view flags) {
  if (!from_flags) return ok();
  for (const HeaderArg& a : args) {
    if (iequals(a.name, header) && !a.remove) {
      return make_error(Errc::Usage, fmt::format("-H {} conflicts with {}", a.name, flags),
                        {"give the credential once"});
    }
  }
  return ok();
}

// The flag a credential of `scheme` comes from, for header_check's messages.
std::string credential_origin(AuthScheme scheme, bool secondary) {
  const std::string_view prefix = secondary ? "--secondary-" : "--";
  switch (scheme) {
    case AuthScheme::Basic:
      return fmt::format("{}user", prefix);
    case AuthScheme::ApiKey:
      return fmt::format("{}api-key", prefix);
    case AuthScheme::Bearer:
      return fmt::format("{}bearer", prefix);
  }
  return "";
}

void add_credential_headers(const Credentials& c, std::vector<HeaderField>& headers) {
  if (c.primary) {
    headers.push_back(
        {"Authorization", c.primary->header_value(), credential_origin(c.primary->scheme, false)});
  }
  if (c.secondary) {
    headers.push_back({"es-secondary-authorization", c.secondary->header_value(),
                       credential_origin(c.secondary->scheme, true)});
  }
  if (c.run_as) headers.push_back({"es-security-runas-user", *c.run_as, "--run-as"});
  if (c.client_secret) {
    headers.push_back({"ES-Client-Authentication",
                       Secret("SharedSecret " + c.client_secret->reveal()), "--client-secret"});
  }
}

}  // namespace

std::string body_content_type(std::string_view target, std::optional<int> compat) {
  const bool ndjson = is_ndjson_endpoint(target);
  if (!compat) return ndjson ? "application/x-ndjson" : "application/json";
  return fmt::format("application/vnd.elasticsearch+{}; compatible-with={}",
                     ndjson ? "x-ndjson" : "json", *compat);
}

namespace {

// User-Agent, Accept, Content-Type (by endpoint, or the compatible-with media types), and the
// optional X-Opaque-Id and Accept-Encoding.
void add_default_headers(const Options& o, Request& req) {
  req.headers.push_back({"User-Agent", fmt::format("escurl/{}", kVersion)});
  if (o.compat) {
    req.headers.push_back(
        {"Accept",
         fmt::format("application/vnd.elasticsearch+json; compatible-with={}", *o.compat)});
  } else {
    req.headers.push_back({"Accept", std::string("*/*")});
  }
  if (req.body.kind != BodySpec::Kind::None) {
    req.headers.push_back({"Content-Type", body_content_type(req.url.target, o.compat)});
  }
  if (o.opaque_id) {
    req.headers.push_back({"X-Opaque-Id", *o.opaque_id,
                           "--opaque-id (or, without it, the CI job id from GITHUB_RUN_ID, "
                           "CI_JOB_ID and the like)"});
  }
  if (o.compressed) req.headers.push_back({"Accept-Encoding", std::string("gzip")});
}

Result<void> check_body_source(const BodySpec& body, StdinClaim& claim) {
  if (body.kind == BodySpec::Kind::Stdin) return claim.claim(body.flag + " @-");
  if (body.kind != BodySpec::Kind::File) return ok();
  // Only asked, not read: a FIFO opened here and closed again would lose its writer.
  return check_readable(body.path, {fmt::format("the body file '{}' ({})", body.path, body.flag),
                                    kSmallFileLimit, std::nullopt, Errc::ReadBody});
}

}  // namespace

const std::string& HeaderField::wire_value() const {
  if (const auto* s = std::get_if<Secret>(&value)) return s->reveal();
  return std::get<std::string>(value);
}

std::string HeaderField::display_value() const {
  if (const auto* s = std::get_if<Secret>(&value)) {
    const std::string shown = display_header_value(name, s->reveal());
    // A Secret in a header no redaction rule knows still never prints.
    return shown == s->reveal() ? std::string(kRedacted) : shown;
  }
  return std::get<std::string>(value);
}

bool Request::carries_credentials() const {
  return std::any_of(headers.begin(), headers.end(), [](const HeaderField& h) {
    return h.is_secret() || iequals(h.name, "es-security-runas-user");
  });
}

bool is_ndjson_endpoint(std::string_view target) {
  std::string_view path = target.substr(0, target.find('?'));
  while (path.ends_with('/')) path.remove_suffix(1);
  static constexpr std::array<std::string_view, 6> kSuffixes = {"_bulk",
                                                                "_msearch",
                                                                "_msearch/template",
                                                                "_monitoring/bulk",
                                                                "_fleet/_fleet_msearch",
                                                                "_text_structure/find_structure"};
  for (const std::string_view s : kSuffixes) {
    if (path == s || (path.ends_with(s) && path[path.size() - s.size() - 1] == '/')) return true;
  }
  return false;
}

Result<Request> build_request(const Options& options, const Credentials& credentials, Env& env,
                              StdinClaim& stdin_claim) {
  Request req{options.method, options.url, {}, options.body};
  Result<std::vector<HeaderArg>> args = read_header_args(options.header_args, env, stdin_claim);
  if (!args) return args.take_error();
  if (Result<void> r = check_conflict(*args, "Authorization", credentials.primary.has_value(),
                                      "--user/--api-key/--bearer");
      !r) {
    return r.take_error();
  }
  if (Result<void> r = check_conflict(*args, "es-secondary-authorization",
                                      credentials.secondary.has_value(), "--secondary-*");
      !r) {
    return r.take_error();
  }
  add_default_headers(options, req);
  add_credential_headers(credentials, req.headers);
  for (HeaderArg& a : *args) {
    if (a.remove) {
      std::erase_if(req.headers, [&](const HeaderField& h) { return iequals(h.name, a.name); });
    } else if (is_credential_header(a.name)) {
      set_header(req.headers, {a.name, Secret(std::move(a.value)), std::move(a.origin)});
    } else {
      set_header(req.headers, {a.name, std::move(a.value), std::move(a.origin)});
    }
  }
  if (!req.url.is_https() && req.carries_credentials() && !options.allow_insecure_http) {
    return make_error(
        Errc::Usage,
        fmt::format("refusing to send credentials over plain http:// to {}", req.url.authority()),
        {"anyone on the network could read them; use https:// (Elasticsearch's HTTP layer should "
         "have TLS on)",
         "or add --allow-insecure-http if this network is trusted"});
  }
  if (Result<void> r = check_body_source(req.body, stdin_claim); !r) return r.take_error();
  return req;
}

}  // namespace escurl
