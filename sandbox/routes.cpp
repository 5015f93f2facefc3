// SPDX-License-Identifier: MIT
// The route table: which handler answers which method and path, with the action it performs.
#include "handlers.h"
#include "privileges.h"

namespace es_sandbox {

std::vector<Route> api_routes() {
  using S = Scope;
  namespace a = action;
  return {
      {{"GET"}, "/", handle_info, a::kMain, S::Cluster},
      {{"GET"}, "/_security/_authenticate", handle_authenticate, a::kAuthenticate, S::Cluster},
      {{"POST", "PUT"}, "/_security/api_key", handle_create_api_key, a::kCreateApiKey, S::Cluster},
      {{"GET"}, "/_security/api_key", handle_get_api_keys, a::kGetApiKey, S::Cluster},
      {{"DELETE"},
       "/_security/api_key",
       handle_invalidate_api_keys,
       a::kInvalidateApiKey,
       S::Cluster},
      {{"POST"}, "/_security/oauth2/token", handle_create_token, a::kCreateToken, S::Cluster},
      {{"DELETE"},
       "/_security/oauth2/token",
       handle_invalidate_token,
       a::kInvalidateToken,
       S::Cluster},
      {{"POST", "PUT"},
       "/_security/service/{namespace}/{service}/credential/token/{name}",
       handle_create_service_token,
       a::kCreateServiceToken,
       S::Cluster},
      {{"POST"},
       "/_security/service/{namespace}/{service}/credential/token",
       handle_create_service_token,
       a::kCreateServiceToken,
       S::Cluster},
      {{"GET"}, "/_cluster/health", handle_cluster_health, a::kHealth, S::Cluster},
      {{"GET"}, "/_cluster/health/{index}", handle_cluster_health, a::kHealth, S::Cluster},
      {{"GET"}, "/_nodes", handle_nodes_info, a::kNodesInfo, S::Cluster},
      {{"GET"}, "/_nodes/{metric}", handle_nodes_info, a::kNodesInfo, S::Cluster},
      {{"GET"}, "/_nodes/{node_id}/{metric}", handle_nodes_info, a::kNodesInfo, S::Cluster},
      {{"GET"}, "/_cat/indices", handle_cat_indices, a::kClusterState, S::Cluster},
      {{"GET"}, "/_cat/indices/{index}", handle_cat_indices, a::kClusterState, S::Cluster},
      {{"GET", "POST"}, "/_search", handle_search, a::kSearch, S::None},
      {{"GET", "POST"}, "/_count", handle_count, a::kSearch, S::None},
      {{"POST", "PUT"}, "/_bulk", handle_bulk, a::kBulk, S::IndexNameOnly},
      {{"GET", "POST"}, "/_refresh", handle_refresh, a::kRefresh, S::None},
      {{"GET"}, "/_transform", handle_get_transform, a::kGetTransform, S::Cluster},
      {{"GET"}, "/_transform/{transform_id}", handle_get_transform, a::kGetTransform, S::Cluster},
      {{"PUT"}, "/_transform/{transform_id}", handle_put_transform, a::kPutTransform, S::Cluster},
      {{"DELETE"},
       "/_transform/{transform_id}",
       handle_delete_transform,
       a::kDeleteTransform,
       S::Cluster},
      {{"GET", "POST"}, "/{index}/_search", handle_search, a::kSearch, S::None},
      {{"GET", "POST"}, "/{index}/_count", handle_count, a::kSearch, S::None},
      {{"POST", "PUT"}, "/{index}/_bulk", handle_bulk, a::kBulk, S::IndexNameOnly},
      {{"GET", "POST"}, "/{index}/_refresh", handle_refresh, a::kRefresh, S::None},
      {{"POST"}, "/{index}/_doc", handle_index_document, a::kIndex, S::IndexNameOnly},
      {{"PUT", "POST"}, "/{index}/_doc/{id}", handle_index_document, a::kIndex, S::IndexNameOnly},
      {{"GET"}, "/{index}/_doc/{id}", handle_get_document, a::kGet, S::Index},
      {{"DELETE"}, "/{index}/_doc/{id}", handle_delete_document, a::kDelete, S::IndexNameOnly},
      {{"PUT", "POST"},
       "/{index}/_create/{id}",
       handle_create_document,
       a::kIndex,
       S::IndexNameOnly},
      {{"PUT"}, "/{index}", handle_create_index, a::kCreateIndex, S::None},
      {{"GET"}, "/{index}", handle_get_index, a::kGetIndex, S::None},
      {{"DELETE"}, "/{index}", handle_delete_index, a::kDeleteIndex, S::None},
  };
}

}  // namespace es_sandbox
