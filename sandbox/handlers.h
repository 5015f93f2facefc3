// SPDX-License-Identifier: MIT
// The REST handlers of the emulated Elasticsearch APIs, the Call context they receive, and the
// route table that binds them to paths, actions and authorization scopes.
#pragma once

#include <optional>
#include <vector>

#include "api.h"
#include "cluster.h"
#include "router.h"
#include "security.h"

namespace es_sandbox {

/// What a handler works with: the cluster, the request and who sent it.
struct Call {
  Cluster& cluster;
  const ApiRequest& request;
  const Authentication& auth;
  const std::optional<Authentication>& secondary;

  /// A JSON reply to this call's request.
  ApiReply json(int status, const Json& body) const { return json_reply(request, status, body); }
  /// An error reply to this call's request.
  ApiReply fail(const EsFailure& failure) const { return failure_reply(request, failure); }
};

/// Every emulated endpoint, literal routes before templated ones.
std::vector<Route> api_routes();

// cluster_api.cpp
ApiReply handle_info(Call& call);
ApiReply handle_cluster_health(Call& call);
ApiReply handle_nodes_info(Call& call);
// cat.cpp
ApiReply handle_cat_indices(Call& call);
// security_api.cpp
ApiReply handle_authenticate(Call& call);
ApiReply handle_create_api_key(Call& call);
ApiReply handle_get_api_keys(Call& call);
ApiReply handle_invalidate_api_keys(Call& call);
ApiReply handle_create_token(Call& call);
ApiReply handle_invalidate_token(Call& call);
ApiReply handle_create_service_token(Call& call);
// index_api.cpp
ApiReply handle_create_index(Call& call);
ApiReply handle_get_index(Call& call);
ApiReply handle_delete_index(Call& call);
ApiReply handle_refresh(Call& call);
// document_api.cpp
ApiReply handle_index_document(Call& call);
ApiReply handle_create_document(Call& call);
ApiReply handle_get_document(Call& call);
ApiReply handle_delete_document(Call& call);
// search.cpp
ApiReply handle_search(Call& call);
ApiReply handle_count(Call& call);
// bulk.cpp
ApiReply handle_bulk(Call& call);
// transform.cpp
ApiReply handle_put_transform(Call& call);
ApiReply handle_get_transform(Call& call);
ApiReply handle_delete_transform(Call& call);

/// The _authenticate body for `auth` (also embedded in token responses).
Json authenticate_json(const Authentication& auth);

/// Resolves an index expression ("a,b", "logs-*", "_all" or empty) for `action`: wildcards
/// expand to the existing indices the caller may act on; explicit names must be authorized
/// (403) and, unless `allow_missing`, exist (404).
Outcome<std::vector<std::string>> resolve_indices(const Call& call, const std::string& expression,
                                                  std::string_view action,
                                                  bool allow_missing = false);

/// Makes sure `index` exists before a document write: validates the name, then (if missing)
/// authorizes indices:admin/auto_create and creates it.
std::optional<EsFailure> ensure_index_for_write(const Call& call, const std::string& index);

/// The body of a successful document write, in Elasticsearch's field order.
Json write_result_json(const Cluster& cluster, const std::string& index, const WriteResult& result);

/// Parses a document source; malformed JSON gives Elasticsearch's document_parsing_exception.
Outcome<Json> parse_source(std::string_view text);

/// The "_shards" object of a write: 2 copies, 1 successful on one node, 2 with several nodes.
Json write_shards_json(const Cluster& cluster);

}  // namespace es_sandbox
