// SPDX-License-Identifier: MIT
#include "whoami.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api_call.h"
#include "output.h"

namespace escurl {
namespace {

using nlohmann::json;

std::string text_of(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "file (type file)", or the name alone when both agree.
std::string realm_of(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_object()) return "";
  const std::string name = text_of(*it, "name");
  const std::string type = text_of(*it, "type");
  return name == type || type.empty() ? name : fmt::format("{} (type {})", name, type);
}

std::string roles_of(const json& j) {
  const auto it = j.find("roles");
  if (it == j.end() || !it->is_array() || it->empty()) return "(none)";
  std::string out;
  for (const json& r : *it) {
    if (r.is_string()) out += (out.empty() ? "" : ", ") + r.get<std::string>();
  }
  return out;
}

Result<json> parse_object(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return make_error(Errc::HttpError, "_security/_authenticate answered with something not JSON");
  }
  return j;
}

}  // namespace

Result<std::string> summarize_authenticate(std::string_view body, bool run_as) {
  Result<json> parsed = parse_object(body);
  if (!parsed) return parsed.take_error();
  const json& j = *parsed;
  std::string out = fmt::format("user: {}\n", text_of(j, "username"));
  if (run_as) {
    out += fmt::format("run as: {} (authenticated in realm {}, looked up in realm {})\n",
                       text_of(j, "username"), realm_of(j, "authentication_realm"),
                       realm_of(j, "lookup_realm"));
  } else {
    out += fmt::format("realm: {}\n", realm_of(j, "authentication_realm"));
  }
  out += fmt::format("roles: {}\n", roles_of(j));
  out += fmt::format("authentication type: {}\n", text_of(j, "authentication_type"));
  if (const auto key = j.find("api_key"); key != j.end() && key->is_object()) {
    out += fmt::format("api key: {} (id {})\n", text_of(*key, "name"), text_of(*key, "id"));
  }
  if (const auto token = j.find("token"); token != j.end() && token->is_object()) {
    out += fmt::format("token: {} (type {})\n", text_of(*token, "name"), text_of(*token, "type"));
  }
  return out;
}

Result<void> run_whoami(const Options& o, const Credentials& credentials,
                        const TransportOptions& transport, Env& env) {
  Result<ApiReply> reply =
      call_api(o, transport, credentials, "GET", "/_security/_authenticate", "", env);
  if (!reply) return reply.take_error();
  if (reply->head.status >= 400) return api_failure("whoami", *reply, credentials);
  Result<std::string> text = summarize_authenticate(reply->body, credentials.run_as.has_value());
  if (!text) return text.take_error();
  if (credentials.secondary) {
    Credentials secondary;
    secondary.primary = credentials.secondary;
    Result<ApiReply> second =
        call_api(o, transport, secondary, "GET", "/_security/_authenticate", "", env);
    if (!second) return second.take_error();
    if (second->head.status >= 400) {
      return api_failure("whoami (the secondary credentials)", *second, secondary);
    }
    Result<json> j = parse_object(second->body);
    if (!j) return j.take_error();
    *text += fmt::format("secondary user: {} (realm {}, roles {})\n", text_of(*j, "username"),
                         realm_of(*j, "authentication_realm"), roles_of(*j));
  }
  if (!write_all(1, text->data(), text->size())) {
    return make_error(Errc::WriteOutput, "cannot write to standard output");
  }
  return ok();
}

}  // namespace escurl
