// SPDX-License-Identifier: MIT
// Index-level APIs: create (PUT /<index>), exists (HEAD), get, delete and refresh, plus the index
// expression resolution the read APIs share (wildcards filtered by privilege, 403 before 404).
#include <fmt/format.h>

#include "handlers.h"
#include "privileges.h"

namespace es_sandbox {
namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Json index_settings_json(const IndexInfo& index) {
  Json settings = Json::object(
      {{"routing",
        Json::object(
            {{"allocation",
              Json::object({{"include", Json::object({{"_tier_preference", "data_content"}})}})}})},
       {"number_of_shards", "1"},
       {"provided_name", index.name},
       {"creation_date", std::to_string(index.creation_ms)},
       {"number_of_replicas", "1"},
       {"uuid", index.uuid},
       {"version", Json::object({{"created", "8512000"}})}});
  return Json::object({{"index", settings}});
}

}  // namespace

Outcome<std::vector<std::string>> resolve_indices(const Call& call, const std::string& expression,
                                                  std::string_view action, bool allow_missing) {
  const auto& store = call.cluster.indices;
  const auto& security = call.cluster.security;
  std::vector<std::string> parts = split_commas(expression);
  if (parts.empty() || (parts.size() == 1 && parts[0] == "_all")) parts = {"*"};
  std::vector<std::string> explicit_names;
  std::vector<std::string> out;
  const auto existing = store.list();
  for (const auto& part : parts) {
    if (part.find('*') == std::string::npos) {
      explicit_names.push_back(part);
      continue;
    }
    for (const auto& index : existing) {
      if (glob_match(part, index.name) && security.may(call.auth, action, index.name)) {
        out.push_back(index.name);
      }
    }
  }
  if (auto denied = security.authorize(call.auth, action, explicit_names)) return *denied;
  for (const auto& name : explicit_names) {
    if (store.exists(name)) {
      out.push_back(name);
    } else if (!allow_missing) {
      return index_not_found(name);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

ApiReply handle_create_index(Call& call) {
  const std::string name = call.request.path_param("index");
  auto& security = call.cluster.security;
  if (auto denied = security.authorize(call.auth, action::kCreateIndex, {name})) {
    return call.fail(*denied);
  }
  if (auto invalid = check_index_name(name)) return call.fail(*invalid);
  auto body = body_object(call.request, Json::object());
  if (!body) return call.fail(body.failure());
  auto created = call.cluster.indices.create(name, body->value("mappings", Json::object()),
                                             body->value("settings", Json::object()));
  if (!created) return call.fail(created.failure());
  return call.json(
      200, Json::object({{"acknowledged", true}, {"shards_acknowledged", true}, {"index", name}}));
}

ApiReply handle_get_index(Call& call) {
  const std::string expression = call.request.path_param("index");
  if (expression.size() > 1 && expression.front() == '_' && expression != "_all") {
    if (auto invalid = check_index_name(expression)) return call.fail(*invalid);
  }
  auto names = resolve_indices(call, expression, action::kGetIndex);
  if (!names) return call.fail(names.failure());
  Json out = Json::object();
  for (const auto& name : *names) {
    auto info = call.cluster.indices.info(name);
    if (!info) continue;
    out[name] = Json::object({{"aliases", Json::object()},
                              {"mappings", info->mappings},
                              {"settings", index_settings_json(*info)}});
  }
  return call.json(200, out);
}

ApiReply handle_delete_index(Call& call) {
  const std::string expression = call.request.path_param("index");
  auto names = resolve_indices(call, expression, action::kDeleteIndex);
  if (!names) return call.fail(names.failure());
  for (const auto& name : *names) call.cluster.indices.remove(name);
  return call.json(200, Json::object({{"acknowledged", true}}));
}

ApiReply handle_refresh(Call& call) {
  auto names = resolve_indices(call, call.request.path_param("index"), action::kRefresh);
  if (!names) return call.fail(names.failure());
  const auto count = static_cast<int64_t>(names->size());
  const int64_t copies = call.cluster.nodes.size() > 1 ? 2 : 1;
  return call.json(200, Json::object({{"_shards", Json::object({{"total", count * 2},
                                                                {"successful", count * copies},
                                                                {"failed", 0}})}}));
}

}  // namespace es_sandbox
