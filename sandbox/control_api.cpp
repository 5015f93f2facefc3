// SPDX-License-Identifier: MIT
#include "control_api.h"

#include <fmt/format.h>

namespace es_sandbox {
namespace {

ApiReply bad_request(const ApiRequest& request, const std::string& message) {
  return simple_error_reply(request, 400, message);
}

ApiReply add_faults(Cluster& cluster, const ApiRequest& request) {
  JsonSyntaxError error;
  auto body = parse_json(request.body, error);
  if (!body) return bad_request(request, "invalid JSON: " + error.message);
  // Accept one fault object, {"faults":[...]}, or {"spec":"path=...,status=..."}.
  std::vector<Json> items;
  if (body->is_object() && body->contains("faults") && (*body)["faults"].is_array()) {
    for (const auto& f : (*body)["faults"]) items.push_back(f);
  } else {
    items.push_back(*body);
  }
  std::vector<FaultSpec> parsed;
  for (const auto& item : items) {
    auto fault = item.is_object() && item.contains("spec") && item["spec"].is_string()
                     ? parse_fault(item["spec"].get<std::string>())
                     : fault_from_json(item);
    if (!fault) return bad_request(request, fault.error().message);
    parsed.push_back(*fault);
  }
  Json ids = Json::array();
  for (auto& fault : parsed) ids.push_back(cluster.faults.add(std::move(fault)));
  return json_reply(request, 200, Json::object({{"acknowledged", true}, {"ids", ids}}));
}

ApiReply list_faults(const Cluster& cluster, const ApiRequest& request) {
  Json faults = Json::array();
  for (const auto& f : cluster.faults.list()) faults.push_back(fault_to_json(f));
  return json_reply(request, 200,
                    Json::object({{"faults", faults}, {"fired", cluster.faults.fired()}}));
}

ApiReply stats(const Cluster& cluster, const ApiRequest& request) {
  Json nodes = Json::array();
  const auto counters = cluster.stats.snapshot();
  for (size_t i = 0; i < cluster.nodes.size(); ++i) {
    nodes.push_back(Json::object({{"node", i},
                                  {"name", cluster.nodes[i].name},
                                  {"url", cluster.node_url(i)},
                                  {"connections", counters.at(i).connections},
                                  {"requests", counters.at(i).requests}}));
  }
  return json_reply(request, 200,
                    Json::object({{"nodes", nodes}, {"faults_fired", cluster.faults.fired()}}));
}

}  // namespace

bool is_control_path(std::string_view path) {
  return path == kControlPrefix ||
         (path.rfind(kControlPrefix, 0) == 0 && path.size() > kControlPrefix.size() &&
          path[kControlPrefix.size()] == '/');
}

ApiReply handle_control(Cluster& cluster, const ApiRequest& request) {
  const std::string& m = request.method;
  if (request.path == "/_sandbox/faults") {
    if (m == "POST" || m == "PUT") return add_faults(cluster, request);
    if (m == "GET") return list_faults(cluster, request);
    if (m == "DELETE") {
      const size_t removed = cluster.faults.clear();
      return json_reply(request, 200, Json::object({{"acknowledged", true}, {"removed", removed}}));
    }
  } else if (request.path == "/_sandbox/stats") {
    if (m == "GET") return stats(cluster, request);
    if (m == "DELETE") {
      cluster.stats.reset();
      return json_reply(request, 200, Json::object({{"acknowledged", true}}));
    }
  }
  return simple_error_reply(
      request, 404,
      fmt::format("no sandbox control endpoint for uri [{}] and method [{}]", request.uri, m));
}

ApiReply fault_status_reply(const ApiRequest& request, const FaultSpec& fault) {
  EsFailure failure = make_failure(
      fault.status, fault.status == 429 ? "es_rejected_execution_exception" : "status_exception",
      fmt::format("es-sandbox injected fault: HTTP {}", fault.status));
  ApiReply reply = failure_reply(request, failure);
  if (fault.retry_after >= 0)
    reply.headers.emplace_back("Retry-After", std::to_string(fault.retry_after));
  return reply;
}

}  // namespace es_sandbox
