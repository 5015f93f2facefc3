// SPDX-License-Identifier: MIT
// Which privileges grant which action: the ordered lists Elasticsearch prints after "this action
// is granted by the (cluster|index) privileges [...]", and the checks of a role against them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "realm.h"

namespace es_sandbox {

/// Cluster and index action names the sandbox authorizes.
namespace action {
inline constexpr std::string_view kMain = "cluster:monitor/main";
inline constexpr std::string_view kHealth = "cluster:monitor/health";
inline constexpr std::string_view kNodesInfo = "cluster:monitor/nodes/info";
inline constexpr std::string_view kClusterState = "cluster:monitor/state";
inline constexpr std::string_view kAuthenticate = "cluster:admin/xpack/security/user/authenticate";
inline constexpr std::string_view kCreateApiKey = "cluster:admin/xpack/security/api_key/create";
inline constexpr std::string_view kGetApiKey = "cluster:admin/xpack/security/api_key/get";
inline constexpr std::string_view kInvalidateApiKey =
    "cluster:admin/xpack/security/api_key/invalidate";
inline constexpr std::string_view kCreateToken = "cluster:admin/xpack/security/token/create";
inline constexpr std::string_view kInvalidateToken =
    "cluster:admin/xpack/security/token/invalidate";
inline constexpr std::string_view kCreateServiceToken =
    "cluster:admin/xpack/security/service_account/token/create";
inline constexpr std::string_view kPutTransform = "cluster:admin/transform/put";
inline constexpr std::string_view kGetTransform = "cluster:monitor/transform/get";
inline constexpr std::string_view kDeleteTransform = "cluster:admin/transform/delete";
inline constexpr std::string_view kCreateIndex = "indices:admin/create";
inline constexpr std::string_view kAutoCreate = "indices:admin/auto_create";
inline constexpr std::string_view kGetIndex = "indices:admin/get";
inline constexpr std::string_view kDeleteIndex = "indices:admin/delete";
inline constexpr std::string_view kRefresh = "indices:admin/refresh";
inline constexpr std::string_view kIndicesStats = "indices:monitor/stats";
inline constexpr std::string_view kSearch = "indices:data/read/search";
inline constexpr std::string_view kGet = "indices:data/read/get";
inline constexpr std::string_view kIndex = "indices:data/write/index";
inline constexpr std::string_view kIndexOpIndex = "indices:data/write/index:op_type/index";
inline constexpr std::string_view kIndexOpCreate = "indices:data/write/index:op_type/create";
inline constexpr std::string_view kUpdate = "indices:data/write/update";
inline constexpr std::string_view kDelete = "indices:data/write/delete";
inline constexpr std::string_view kBulk = "indices:data/write/bulk";
}  // namespace action

/// The privileges that grant `action`, narrowest first, as Elasticsearch lists them.
std::vector<std::string> privileges_granting(std::string_view action);

/// Whether `action` is a cluster action ("cluster:...") rather than an index action.
bool is_cluster_action(std::string_view action);

/// Whether `role` grants the cluster `action`.
bool role_grants_cluster(const Role& role, std::string_view action);

/// Whether `role` grants the index `action` on `index`.
bool role_grants_index(const Role& role, std::string_view action, std::string_view index);

/// Whether `role` grants the index `action` on at least one index (Elasticsearch's name-only
/// check for bulk, index and delete requests).
bool role_grants_index_action(const Role& role, std::string_view action);

}  // namespace es_sandbox
