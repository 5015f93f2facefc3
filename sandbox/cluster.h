// SPDX-License-Identifier: MIT
// The shared state of one sandbox cluster: configuration, nodes, identities, credentials,
// indices, transforms, faults and stats. Every node's server holds a reference to the same
// Cluster, which is what makes the nodes one cluster.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "faults.h"
#include "index_store.h"
#include "realm.h"
#include "security.h"
#include "state.h"
#include "stats.h"
#include "transform.h"

namespace es_sandbox {

/// The Elasticsearch release the sandbox presents itself as (the 8.15.0 deb capture of §3.5).
inline constexpr std::string_view kVersionNumber = "8.15.0";
inline constexpr std::string_view kBuildHash = "1a77947f34deddb41af25e6f0ddb8e830159c179";
inline constexpr std::string_view kBuildDate = "2024-08-05T10:05:34.233336849Z";
inline constexpr std::string_view kLuceneVersion = "9.11.1";

/// One node: where it listens and how it names itself.
struct NodeInfo {
  int index = 0;
  std::string id;    ///< 22-character node id
  std::string name;  ///< node name, e.g. "es-sandbox-0"
  std::string host = "127.0.0.1";
  int port = 0;
};

/// Settings fixed at start.
struct ClusterConfig {
  bool tls = true;                        ///< HTTPS (and with it the token service)
  int64_t token_lifetime_seconds = 1200;  ///< access token lifetime
  std::string elastic_password;
  std::string cluster_uuid;
  std::string cluster_name = "elasticsearch";
  size_t nodes = 1;
};

/// The cluster every node serves.
struct Cluster {
  /// Builds the cluster's stores from `config`; nodes are filled in once they listen.
  explicit Cluster(ClusterConfig config);
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  /// The base URL of node `i`, e.g. "https://127.0.0.1:9200".
  std::string node_url(size_t i) const;

  ClusterConfig config;
  Realm realm;
  CredentialStore credentials;
  Security security;  // refers to realm and credentials, so it is declared after them
  IndexStore indices;
  TransformStore transforms;
  FaultSet faults;
  Stats stats;
  std::vector<NodeInfo> nodes;
};

}  // namespace es_sandbox
