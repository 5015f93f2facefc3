// SPDX-License-Identifier: MIT
#include "es_error.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "terminal_text.h"

namespace escurl {
namespace {

using nlohmann::json;

// How much of the server's text one line of explanation shows. The reason may quote what the
// request sent (a 30 KB --run-as name comes back in it); the body itself still goes to the
// output whole.
constexpr std::size_t kReasonChars = 1000;
constexpr std::size_t kCauseChars = 300;
constexpr std::size_t kNameChars = 100;
constexpr std::size_t kRootCausesShown = 5;

// The server's text as one printable line of at most `max` characters.
std::string shown(std::string_view text, std::size_t max = kCauseChars) {
  return terminal_text(text, max);
}

// The text between the first `open` (which ends in '[') in `text` and the next ']'. Plain
// scanning, bounded by the text: std::regex recursed once per character and overflowed the
// stack on a 30 KB reason.
std::optional<std::string_view> bracketed_after(std::string_view text, std::string_view open) {
  const std::size_t at = text.find(open);
  if (at == std::string_view::npos) return std::nullopt;
  const std::size_t start = at + open.size();
  const std::size_t close = text.find(']', start);
  if (close == std::string_view::npos) return std::nullopt;
  return text.substr(start, close - start);
}

std::string string_at(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string joined_strings(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  std::string out;
  if (!v.is_array()) return out;
  for (const json& item : v) {
    if (item.is_string()) out += (out.empty() ? "" : "; ") + item.get<std::string>();
  }
  return out;
}

std::string who(const AuthContext& auth) {
  switch (*auth.primary) {
    case AuthScheme::Basic:
      return fmt::format("the password for user [{}]", shown(auth.user, kNameChars));
    case AuthScheme::ApiKey:
      return "the API key (--api-key)";
    case AuthScheme::Bearer:
      return "the bearer token (--bearer)";
  }
  return "the credentials";
}

std::string hint_401(const EsError& e, const AuthContext& auth) {
  if (e.reason.find("secondary user") != std::string::npos) {
    return fmt::format("the secondary credentials (--secondary-*) were rejected{}",
                       e.caused_by_reason.empty() ? "" : ": " + shown(e.caused_by_reason));
  }
  if (!auth.primary) {
    return "no credentials were sent: give --user USER, --api-key KEY or --bearer TOKEN";
  }
  if (e.reason == "token expired") {
    return "the bearer token has expired: get a new one (POST _security/oauth2/token)";
  }
  std::string hint = fmt::format("{} was rejected", who(auth));
  if (!e.unsuccessful.empty()) hint += fmt::format(" ({})", shown(e.unsuccessful));
  return hint;
}

std::string hint_403(const EsError& e) {
  if (const auto user = bracketed_after(e.reason, "is unauthorized to run as [")) {
    return fmt::format("the user may not run as [{}]: that needs the run_as privilege for it",
                       shown(*user, kNameChars));
  }
  constexpr std::string_view kGranted = "this action is granted by the ";
  for (std::size_t at = e.reason.find(kGranted); at != std::string::npos;
       at = e.reason.find(kGranted, at + 1)) {
    const std::string_view rest = std::string_view(e.reason).substr(at + kGranted.size());
    for (const std::string_view kind : {"cluster", "index"}) {
      const std::string open = fmt::format("{} privileges [", kind);
      if (!rest.starts_with(open)) continue;
      if (const auto list = bracketed_after(rest, open)) {
        return fmt::format("authenticated, but this needs one of the {} privileges [{}]", kind,
                           shown(*list));
      }
    }
  }
  return "authenticated, but not authorized for this action";
}

std::string hint_root_causes(const EsError& e) {
  if (e.root_causes.empty()) return "a shard could not run the search";
  std::string out = "root cause";
  out += e.root_causes.size() > 1 ? "s: " : ": ";
  const std::size_t n = std::min(e.root_causes.size(), kRootCausesShown);
  for (std::size_t i = 0; i < n; ++i) out += (i ? "; " : "") + shown(e.root_causes[i]);
  if (e.root_causes.size() > n) out += fmt::format("; and {} more", e.root_causes.size() - n);
  return out;
}

// What a body that is not Elasticsearch's says, when it says something useful: nginx (or another
// TLS-terminating proxy) in front of the cluster wanting or refusing a client certificate.
std::string hint_for_page(int status, std::string_view body) {
  if (status != 400 && status != 495 && status != 496) return "";
  if (body.find("No required SSL certificate was sent") != std::string_view::npos) {
    return "the server (or a TLS-terminating proxy in front of it) wants a client certificate: "
           "give it with --cert FILE and --key FILE";
  }
  if (body.find("The SSL certificate error") != std::string_view::npos) {
    return "the server (or a TLS-terminating proxy in front of it) refused the client "
           "certificate: check --cert and --key, and that the server trusts its issuer";
  }
  if (body.find("The plain HTTP request was sent to HTTPS port") != std::string_view::npos) {
    return "this port speaks TLS: use an https:// URL";
  }
  return "";
}

// What to do about the common errors beyond authentication, by error.type.
std::string hint_for_type(int status, const EsError& e) {
  const std::string& t = e.type;
  if (t == "index_not_found_exception") {
    return "check the name (GET _cat/indices lists them), or create the index first";
  }
  if (t == "resource_already_exists_exception") {
    return "it exists already: use it, or delete it first if it should be replaced";
  }
  if (t == "version_conflict_engine_exception") {
    if (e.reason.find("document already exists") != std::string::npos) {
      return "a document with this id exists already (op_type=create): use PUT _doc/ID to "
             "replace it";
    }
    return "the document changed since it was read: fetch it again and retry with its "
           "current if_seq_no and if_primary_term";
  }
  if (t == "mapper_parsing_exception" || t == "document_parsing_exception") {
    std::string hint = "the document does not fit the index's mapping or is not valid JSON";
    if (!e.caused_by_reason.empty()) {
      hint = fmt::format("{} ({})", hint, shown(e.caused_by_reason));
    }
    return hint + "; GET <index>/_mapping shows the field types";
  }
  if (t == "search_phase_execution_exception") return hint_root_causes(e);
  if (t == "circuit_breaking_exception") {
    if (e.durability == "PERMANENT") {
      return "a memory circuit breaker tripped and will again: make the request smaller "
             "(fewer documents per _bulk, smaller aggregations)";
    }
    return "a memory circuit breaker tripped: the cluster is short of heap; retry later "
           "(--retry N) or make the request smaller";
  }
  if (t == "es_rejected_execution_exception" || status == 429) {
    return "the cluster is overloaded and rejected the request: retry later with backoff "
           "(--retry N waits between tries and honours Retry-After)";
  }
  return "";
}

}  // namespace

AuthContext AuthContext::from(const Credentials& c) {
  AuthContext a;
  if (c.primary) a.primary = c.primary->scheme;
  a.user = c.primary_user;
  a.secondary = c.secondary.has_value();
  a.run_as = c.run_as;
  return a;
}

std::optional<EsError> parse_es_error(std::string_view body) {
  const json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  const auto err = doc.find("error");
  if (err == doc.end()) return std::nullopt;
  EsError e;
  if (err->is_string()) {
    e.reason = err->get<std::string>();  // the old {"error":"…","status":401} form
    return e;
  }
  if (!err->is_object()) return std::nullopt;
  e.type = string_at(*err, "type");
  e.reason = string_at(*err, "reason");
  e.durability = string_at(*err, "durability");
  auto add_cause = [&e](const json& c) {
    if (!c.is_object()) return;
    const std::string type = string_at(c, "type");
    std::string text = string_at(c, "reason");
    if (!type.empty()) text = text.empty() ? type : fmt::format("{}: {}", type, text);
    if (text.empty()) return;
    if (std::find(e.root_causes.begin(), e.root_causes.end(), text) == e.root_causes.end()) {
      e.root_causes.push_back(std::move(text));
    }
  };
  if (const auto rc = err->find("root_cause"); rc != err->end() && rc->is_array()) {
    for (const json& c : *rc) add_cause(c);
  }
  // search_phase_execution_exception: each failed shard's reason, when the root causes are
  // missing.
  if (const auto fs = err->find("failed_shards"); fs != err->end() && fs->is_array()) {
    for (const json& shard : *fs) {
      if (shard.is_object() && shard.contains("reason")) add_cause(shard["reason"]);
    }
  }
  if (const auto cb = err->find("caused_by"); cb != err->end() && cb->is_object()) {
    e.caused_by_reason = string_at(*cb, "reason");
    e.caused_by_type = string_at(*cb, "type");
    if (const auto u = cb->find("additional_unsuccessful_credentials"); u != cb->end()) {
      e.unsuccessful = joined_strings(*u);
    }
  }
  if (const auto u = err->find("additional_unsuccessful_credentials"); u != err->end()) {
    e.unsuccessful = joined_strings(*u);
  }
  return e;
}

std::string explain_http_error(int status, std::string_view reason_phrase, std::string_view body,
                               const AuthContext& auth) {
  const std::optional<EsError> e = parse_es_error(body);
  // Everything the server wrote goes through terminal_text: a CR/LF or an escape sequence in
  // it must not forge a line nor reach the terminal.
  std::string line = fmt::format("HTTP {}", status);
  if (!e) {
    if (!reason_phrase.empty()) line += fmt::format(" {}", shown(reason_phrase, kNameChars));
  } else {
    if (!e->type.empty()) line += fmt::format(" {}", shown(e->type, kNameChars));
    if (!e->reason.empty()) line += fmt::format(": {}", shown(e->reason, kReasonChars));
  }
  const EsError empty;
  std::string hint;
  if (status == 401) hint = hint_401(e ? *e : empty, auth);
  if (status == 403) hint = hint_403(e ? *e : empty);
  if (status == 407) hint = "the proxy wants credentials: give --proxy-user USER[:PASSWORD]";
  if (hint.empty() && status != 401 && status != 403) hint = hint_for_type(status, e ? *e : empty);
  if (hint.empty() && !e) hint = hint_for_page(status, body);
  if (!hint.empty()) line += fmt::format(" — {}", hint);
  return line;
}

}  // namespace escurl
