// SPDX-License-Identifier: MIT
// Cluster-level read APIs: GET / (the product check every client starts with), cluster health,
// and node info with every node's HTTP publish address (what sniffing clients read).
#include <fmt/format.h>

#include "handlers.h"

namespace es_sandbox {
namespace {

Json version_json() {
  return Json::object({{"number", kVersionNumber},
                       {"build_flavor", "default"},
                       {"build_type", "deb"},
                       {"build_hash", kBuildHash},
                       {"build_date", kBuildDate},
                       {"build_snapshot", false},
                       {"lucene_version", kLuceneVersion},
                       {"minimum_wire_compatibility_version", "7.17.0"},
                       {"minimum_index_compatibility_version", "7.0.0"}});
}

Json node_json(const NodeInfo& node) {
  const std::string address = fmt::format("{}:{}", node.host, node.port);
  return Json::object({{"name", node.name},
                       {"transport_address", fmt::format("{}:{}", node.host, 9300 + node.index)},
                       {"host", node.host},
                       {"ip", node.host},
                       {"version", kVersionNumber},
                       {"transport_version", 8702002},
                       {"index_version", 8512000},
                       {"build_flavor", "default"},
                       {"build_type", "deb"},
                       {"build_hash", kBuildHash},
                       {"roles", Json::array({"data", "data_cold", "data_content", "data_frozen",
                                              "data_hot", "data_warm", "ingest", "master", "ml",
                                              "remote_cluster_client", "transform"})},
                       {"attributes", Json::object({{"xpack.installed", "true"}})},
                       {"http", Json::object({{"bound_address", Json::array({address})},
                                              {"publish_address", address},
                                              {"max_content_length_in_bytes", 104857600}})}});
}

}  // namespace

ApiReply handle_info(Call& call) {
  const Cluster& cluster = call.cluster;
  const NodeInfo& node = cluster.nodes.at(static_cast<size_t>(call.request.node));
  return call.json(200, Json::object({{"name", node.name},
                                      {"cluster_name", cluster.config.cluster_name},
                                      {"cluster_uuid", cluster.config.cluster_uuid},
                                      {"version", version_json()},
                                      {"tagline", "You Know, for Search"}}));
}

ApiReply handle_cluster_health(Call& call) {
  const Cluster& cluster = call.cluster;
  const auto indices = cluster.indices.list();
  const std::string wanted = call.request.path_param("index");
  int64_t count = 0;
  for (const auto& index : indices) {
    if (wanted.empty() || glob_match(wanted, index.name)) ++count;
  }
  const int64_t nodes = static_cast<int64_t>(cluster.nodes.size());
  // One primary and one replica per index; the replica needs a second node.
  const int64_t replicas = nodes > 1 ? count : 0;
  const int64_t unassigned = count - replicas;
  const bool missing = !wanted.empty() && count == 0;
  const std::string status = missing ? "red" : unassigned > 0 ? "yellow" : "green";
  const int64_t active = count + replicas;
  const double percent = active + unassigned == 0 ? 100.0 : 100.0 * active / (active + unassigned);
  Json out = Json::object({{"cluster_name", cluster.config.cluster_name},
                           {"status", status},
                           {"timed_out", missing},
                           {"number_of_nodes", nodes},
                           {"number_of_data_nodes", nodes},
                           {"active_primary_shards", count},
                           {"active_shards", active},
                           {"relocating_shards", 0},
                           {"initializing_shards", 0},
                           {"unassigned_shards", unassigned},
                           {"delayed_unassigned_shards", 0},
                           {"number_of_pending_tasks", 0},
                           {"number_of_in_flight_fetch", 0},
                           {"task_max_waiting_in_queue_millis", 0},
                           {"active_shards_percent_as_number", percent}});
  // Waiting for a missing index times out with 408 Request Timeout.
  return call.json(missing ? 408 : 200, out);
}

ApiReply handle_nodes_info(Call& call) {
  const Cluster& cluster = call.cluster;
  Json nodes = Json::object();
  for (const auto& node : cluster.nodes) nodes[node.id] = node_json(node);
  const auto total = static_cast<int64_t>(cluster.nodes.size());
  return call.json(
      200, Json::object(
               {{"_nodes", Json::object({{"total", total}, {"successful", total}, {"failed", 0}})},
                {"cluster_name", cluster.config.cluster_name},
                {"nodes", nodes}}));
}

}  // namespace es_sandbox
