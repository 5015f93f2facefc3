// SPDX-License-Identifier: MIT
#include "es_exception.h"

#include <fmt/format.h>

#include <algorithm>

namespace es_sandbox {
namespace {

// A header with one value is a JSON string, with several a JSON array (headerToXContent).
Json header_value(const std::vector<std::string>& values) {
  if (values.size() == 1) return values.front();
  Json array = Json::array();
  for (const auto& v : values) array.push_back(v);
  return array;
}

// guessRootCauses: the innermost ElasticsearchException; a non-Elasticsearch cause ends the walk.
const EsException& root_cause(const EsException& top) {
  const EsException* current = &top;
  if (!current->elasticsearch) return *current;
  while (current->caused_by && current->caused_by->elasticsearch) {
    current = current->caused_by.get();
  }
  return *current;
}

}  // namespace

Json exception_json(const EsException& e, bool with_cause) {
  Json out = Json::object();
  out["type"] = e.type;
  out["reason"] = e.reason;
  for (const auto& [key, value] : e.metadata.items()) out[key] = value;
  if (with_cause && e.caused_by) out["caused_by"] = exception_json(*e.caused_by, true);
  if (!e.www_authenticate.empty()) {
    out["header"] = Json::object({{"WWW-Authenticate", header_value(e.www_authenticate)}});
  }
  return out;
}

Json failure_json(const EsFailure& failure) {
  Json error = Json::object();
  error["root_cause"] = Json::array();
  for (const auto& shard : failure.error.shard_causes) {
    error["root_cause"].push_back(exception_json(root_cause(*shard), false));
  }
  if (failure.error.shard_causes.empty()) {
    error["root_cause"].push_back(exception_json(root_cause(failure.error), false));
  }
  const Json top = exception_json(failure.error, true);
  for (const auto& [key, value] : top.items()) error[key] = value;
  Json body = Json::object();
  body["error"] = std::move(error);
  body["status"] = failure.status;
  return body;
}

EsFailure make_failure(int status, std::string type, std::string reason, Json metadata) {
  EsFailure f;
  f.status = status;
  f.error.type = std::move(type);
  f.error.reason = std::move(reason);
  f.error.metadata = std::move(metadata);
  return f;
}

EsFailure index_not_found(const std::string& index) {
  // Observed key order: resource.type, resource.id, index_uuid, index.
  return make_failure(404, "index_not_found_exception", fmt::format("no such index [{}]", index),
                      Json::object({{"resource.type", "index_or_alias"},
                                    {"resource.id", index},
                                    {"index_uuid", "_na_"},
                                    {"index", index}}));
}

EsFailure index_already_exists(const std::string& index, const std::string& uuid) {
  return make_failure(400, "resource_already_exists_exception",
                      fmt::format("index [{}/{}] already exists", index, uuid),
                      Json::object({{"index_uuid", uuid}, {"index", index}}));
}

EsFailure invalid_index_name(const std::string& index, const std::string& why) {
  return make_failure(400, "invalid_index_name_exception",
                      fmt::format("Invalid index name [{}], {}", index, why),
                      Json::object({{"index_uuid", "_na_"}, {"index", index}}));
}

EsFailure body_required() {
  return make_failure(400, "parse_exception", "request body is required");
}

EsFailure json_syntax_failure(const JsonSyntaxError& error) {
  return make_failure(400, "x_content_parse_exception",
                      fmt::format("[{}:{}] {}", error.line, error.column, error.message));
}

EsFailure validation_failure(const std::vector<std::string>& errors) {
  std::string reason = "Validation Failed: ";
  for (size_t i = 0; i < errors.size(); ++i) reason += fmt::format("{}: {};", i + 1, errors[i]);
  return make_failure(400, "action_request_validation_exception", reason);
}

std::optional<EsFailure> check_index_name(const std::string& index) {
  if (index.empty()) return invalid_index_name(index, "must not be empty");
  if (index == "." || index == "..") return invalid_index_name(index, "must not be '.' or '..'");
  if (index.front() == '_' || index.front() == '-' || index.front() == '+') {
    return invalid_index_name(index, "must not start with '_', '-', or '+'");
  }
  if (index.find('#') != std::string::npos)
    return invalid_index_name(index, "must not contain '#'");
  if (index.find(':') != std::string::npos)
    return invalid_index_name(index, "must not contain ':'");
  static constexpr std::string_view kInvalid = "\\/*?\"<>| ,";
  for (char c : index) {
    if (kInvalid.find(c) != std::string_view::npos) {
      return invalid_index_name(
          index, "must not contain the following characters [ , \", *, \\, <, |, ,, >, /, ?]");
    }
  }
  if (std::any_of(index.begin(), index.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return invalid_index_name(index, "must be lowercase");
  }
  if (index.size() > 255) return invalid_index_name(index, "index name is too long, (256 > 255)");
  return std::nullopt;
}

}  // namespace es_sandbox
