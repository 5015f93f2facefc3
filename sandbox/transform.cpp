// SPDX-License-Identifier: MIT
// PUT/GET/DELETE /_transform/<id>. Only configuration is stored (nothing runs); what matters is
// the recorded authorization, which shows whose privileges the transform would use.
#include <fmt/format.h>

#include <algorithm>

#include "handlers.h"
#include "state.h"

namespace es_sandbox {
namespace {

// TransformConfig records the secondary user's credentials when es-secondary-authorization is
// sent, else the primary's: roles for users, the key's id and name for API keys.
Json authorization_json(const Authentication& auth) {
  const Subject& who = auth.effective();
  if (who.kind == Subject::Kind::ApiKey) {
    return Json::object(
        {{"api_key", Json::object({{"id", who.api_key_id}, {"name", who.api_key_name}})}});
  }
  if (who.kind == Subject::Kind::ServiceAccount) {
    return Json::object({{"service_account", who.username}});
  }
  return Json::object({{"roles", who.roles}});
}

Json transform_json(const TransformRecord& t) {
  Json out = Json::object({{"id", t.id},
                           {"authorization", t.authorization},
                           {"version", "10.0.0"},
                           {"create_time", t.create_time_ms}});
  for (const auto& [key, value] : t.config.items()) {
    if (key != "id") out[key] = value;
  }
  if (!out.contains("settings")) out["settings"] = Json::object();
  return out;
}

const std::string kAllTransforms = "*";

EsFailure transform_not_found(const std::string& id) {
  return make_failure(404, "resource_not_found_exception",
                      fmt::format("Transform with id [{}] could not be found", id));
}

}  // namespace

bool TransformStore::put(TransformRecord record) {
  std::lock_guard lock(mutex_);
  auto same = [&](const TransformRecord& t) { return t.id == record.id; };
  if (std::any_of(transforms_.begin(), transforms_.end(), same)) return false;
  transforms_.push_back(std::move(record));
  return true;
}

std::optional<TransformRecord> TransformStore::get(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(transforms_.begin(), transforms_.end(),
                         [&](const TransformRecord& t) { return t.id == id; });
  if (it == transforms_.end()) return std::nullopt;
  return *it;
}

std::vector<TransformRecord> TransformStore::list() const {
  std::lock_guard lock(mutex_);
  auto out = transforms_;
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

bool TransformStore::remove(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = std::find_if(transforms_.begin(), transforms_.end(),
                         [&](const TransformRecord& t) { return t.id == id; });
  if (it == transforms_.end()) return false;
  transforms_.erase(it);
  return true;
}

ApiReply handle_put_transform(Call& call) {
  const std::string id = call.request.path_param("transform_id");
  auto body = body_object(call.request);
  if (!body) return call.fail(body.failure());
  if (!body->contains("source") || !body->contains("dest")) {
    return call.fail(make_failure(400, "x_content_parse_exception",
                                  "[1:1] [data_frame_transform_config] Required [source, dest]"));
  }
  const Authentication& who = call.secondary ? *call.secondary : call.auth;
  TransformRecord record{id, *body, authorization_json(who), now_millis()};
  if (!call.cluster.transforms.put(std::move(record))) {
    return call.fail(make_failure(409, "resource_already_exists_exception",
                                  fmt::format("Transform with id [{}] already exists", id)));
  }
  return call.json(200, Json::object({{"acknowledged", true}}));
}

ApiReply handle_get_transform(Call& call) {
  const std::string requested = call.request.path_param("transform_id");
  const bool all = requested.empty() || requested == "_all";
  const std::string& id = all ? kAllTransforms : requested;
  Json transforms = Json::array();
  for (const auto& t : call.cluster.transforms.list()) {
    if (glob_match(id, t.id)) transforms.push_back(transform_json(t));
  }
  if (transforms.empty() && id.find('*') == std::string::npos) {
    return call.fail(transform_not_found(id));
  }
  return call.json(200, Json::object({{"count", transforms.size()}, {"transforms", transforms}}));
}

ApiReply handle_delete_transform(Call& call) {
  const std::string id = call.request.path_param("transform_id");
  if (!call.cluster.transforms.remove(id)) return call.fail(transform_not_found(id));
  return call.json(200, Json::object({{"acknowledged", true}}));
}

}  // namespace es_sandbox
