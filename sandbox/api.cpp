// SPDX-License-Identifier: MIT
#include "api.h"

#include <strings.h>

namespace es_sandbox {

std::optional<std::string> ApiRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && strncasecmp(key.data(), name.data(), key.size()) == 0) {
      return value;
    }
  }
  return std::nullopt;
}

bool ApiRequest::has_param(std::string_view key) const {
  return params.find(std::string(key)) != params.end();
}

std::string ApiRequest::param(std::string_view key, std::string fallback) const {
  auto it = params.find(std::string(key));
  return it == params.end() ? fallback : it->second;
}

bool ApiRequest::flag(std::string_view key) const {
  auto it = params.find(std::string(key));
  return it != params.end() && (it->second.empty() || it->second == "true");
}

std::string ApiRequest::path_param(std::string_view key) const {
  auto it = path_params.find(std::string(key));
  return it == path_params.end() ? std::string() : it->second;
}

ApiReply json_reply(const ApiRequest& request, int status, const Json& body) {
  ApiReply reply;
  reply.status = status;
  reply.body = render_json(body, request.flag("pretty"));
  return reply;
}

ApiReply failure_reply(const ApiRequest& request, const EsFailure& failure) {
  ApiReply reply = json_reply(request, failure.status, failure_json(failure));
  // RestResponse.copyHeaders: only the top-level exception's headers reach the HTTP response.
  for (const auto& value : failure.error.www_authenticate) {
    reply.headers.emplace_back("WWW-Authenticate", value);
  }
  return reply;
}

ApiReply simple_error_reply(const ApiRequest& request, int status, const std::string& message) {
  return json_reply(request, status, Json::object({{"error", message}, {"status", status}}));
}

Outcome<Json> body_object(const ApiRequest& request, std::optional<Json> fallback) {
  const bool blank = request.body.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) {
    if (fallback) return *fallback;
    return body_required();
  }
  JsonSyntaxError error;
  auto parsed = parse_json(request.body, error);
  if (!parsed) return json_syntax_failure(error);
  if (!parsed->is_object()) {
    return make_failure(400, "parse_exception",
                        "request body or source parameter is required and must be an object");
  }
  return *parsed;
}

}  // namespace es_sandbox
