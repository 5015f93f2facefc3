// SPDX-License-Identifier: MIT
#include "privileges.h"

#include <algorithm>
#include <map>

namespace es_sandbox {
namespace {

using PrivilegeTable = std::map<std::string_view, std::vector<std::string>>;

// The lists marked "verified" in the reference (§1.7) are exact; the others follow the same
// narrowest-to-broadest pattern.
const PrivilegeTable& granting_table() {
  static const PrivilegeTable table = {
      {action::kMain, {"monitor", "manage", "all"}},
      {action::kHealth, {"monitor", "manage", "all"}},
      {action::kNodesInfo, {"monitor", "manage", "all"}},
      {action::kClusterState, {"monitor", "manage", "all"}},
      {action::kCreateApiKey, {"manage_own_api_key", "manage_api_key", "manage_security", "all"}},
      {action::kGetApiKey, {"manage_own_api_key", "manage_api_key", "manage_security", "all"}},
      {action::kInvalidateApiKey,
       {"manage_own_api_key", "manage_api_key", "manage_security", "all"}},
      {action::kCreateToken, {"manage_token", "manage_security", "all"}},
      {action::kInvalidateToken, {"manage_token", "manage_security", "all"}},
      {action::kCreateServiceToken, {"manage_service_account", "manage_security", "all"}},
      {action::kPutTransform, {"manage_transform", "manage", "all"}},
      {action::kDeleteTransform, {"manage_transform", "manage", "all"}},
      {action::kGetTransform,
       {"monitor_transform", "manage_transform", "monitor", "manage", "all"}},
      {action::kCreateIndex, {"create_index", "manage", "all"}},
      {action::kAutoCreate, {"auto_configure", "create_index", "manage", "all"}},
      {action::kGetIndex, {"view_index_metadata", "manage", "all"}},
      {action::kDeleteIndex, {"delete_index", "manage", "all"}},
      {action::kRefresh, {"maintenance", "manage", "all"}},
      {action::kIndicesStats, {"monitor", "manage", "all"}},
      {action::kSearch, {"read", "all"}},
      {action::kGet, {"read", "all"}},
      {action::kIndex, {"create", "index", "write", "all"}},
      {action::kIndexOpIndex, {"create", "index", "write", "all"}},
      {action::kIndexOpCreate, {"create_doc", "create", "index", "write", "all"}},
      {action::kUpdate, {"index", "write", "all"}},
      {action::kDelete, {"delete", "write", "all"}},
      {action::kBulk, {"create_doc", "create", "index", "delete", "write", "all"}},
  };
  return table;
}

bool holds_any(const std::vector<std::string>& held, const std::vector<std::string>& granting) {
  return std::any_of(held.begin(), held.end(), [&](const std::string& p) {
    return std::find(granting.begin(), granting.end(), p) != granting.end();
  });
}

bool grant_covers(const IndexGrant& grant, std::string_view index) {
  return std::any_of(grant.patterns.begin(), grant.patterns.end(),
                     [&](const std::string& pattern) { return glob_match(pattern, index); });
}

}  // namespace

std::vector<std::string> privileges_granting(std::string_view action) {
  const auto& table = granting_table();
  auto it = table.find(action);
  return it == table.end() ? std::vector<std::string>{"all"} : it->second;
}

bool is_cluster_action(std::string_view action) { return action.rfind("cluster:", 0) == 0; }

bool role_grants_cluster(const Role& role, std::string_view action) {
  return holds_any(role.cluster, privileges_granting(action));
}

bool role_grants_index(const Role& role, std::string_view action, std::string_view index) {
  const auto granting = privileges_granting(action);
  return std::any_of(role.indices.begin(), role.indices.end(), [&](const IndexGrant& grant) {
    return grant_covers(grant, index) && holds_any(grant.privileges, granting);
  });
}

bool role_grants_index_action(const Role& role, std::string_view action) {
  const auto granting = privileges_granting(action);
  return std::any_of(role.indices.begin(), role.indices.end(), [&](const IndexGrant& grant) {
    return holds_any(grant.privileges, granting);
  });
}

}  // namespace es_sandbox
