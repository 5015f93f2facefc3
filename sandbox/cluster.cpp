// SPDX-License-Identifier: MIT
#include "cluster.h"

#include <fmt/format.h>

#include "random.h"

namespace es_sandbox {

Cluster::Cluster(ClusterConfig cfg)
    : config(std::move(cfg)),
      realm(config.elastic_password),
      credentials(config.token_lifetime_seconds),
      security(realm, credentials, config.tls),
      stats(config.nodes) {
  if (config.cluster_uuid.empty()) config.cluster_uuid = random_uuid();
  for (size_t i = 0; i < config.nodes; ++i) {
    NodeInfo node;
    node.index = static_cast<int>(i);
    node.id = random_uuid();
    node.name = fmt::format("es-sandbox-{}", i);
    nodes.push_back(node);
  }
}

std::string Cluster::node_url(size_t i) const {
  const NodeInfo& node = nodes.at(i);
  return fmt::format("{}://{}:{}", config.tls ? "https" : "http", node.host, node.port);
}

}  // namespace es_sandbox
