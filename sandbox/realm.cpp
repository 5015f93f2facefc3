// SPDX-License-Identifier: MIT
#include "realm.h"

#include <algorithm>
#include <utility>

namespace es_sandbox {
namespace {

User file_user(std::string name, std::string password, std::vector<std::string> roles) {
  return User{std::move(name), std::move(password), std::move(roles), nullptr,
              nullptr,         Json::object(),      "file",           "file"};
}

std::vector<Role> builtin_roles() {
  std::vector<Role> roles;
  roles.push_back(Role{"superuser", {"all"}, {IndexGrant{{"*"}, {"all"}}}, true});
  // rdeniro: creates, writes and reads any index; monitors the cluster; owns API keys and tokens.
  roles.push_back(Role{"admin",
                       {"monitor", "manage_own_api_key", "manage_token"},
                       {IndexGrant{{"*"}, {"all"}}},
                       false});
  // jdoe: reads everything. The write grant on jdoe-* exists so that, as in Elasticsearch, a bulk
  // request passes the action-name check and is refused item by item on the other indices.
  roles.push_back(Role{"viewer",
                       {"monitor"},
                       {IndexGrant{{"*"}, {"read", "view_index_metadata", "monitor"}},
                        IndexGrant{{"jdoe-*"}, {"write", "create_index"}}},
                       false});
  return roles;
}

std::vector<ServiceAccount> builtin_service_accounts() {
  std::vector<ServiceAccount> accounts;
  accounts.push_back(
      ServiceAccount{"elastic/fleet-server",
                     Role{"elastic/fleet-server",
                          {"monitor"},
                          {IndexGrant{{"logs-*", "metrics-*", "traces-*", ".fleet-*"}, {"all"}}},
                          false}});
  accounts.push_back(ServiceAccount{"elastic/kibana", Role{"elastic/kibana",
                                                           {"monitor", "manage_token"},
                                                           {IndexGrant{{".kibana*"}, {"all"}}},
                                                           false}});
  return accounts;
}

}  // namespace

Realm::Realm(std::string elastic_password)
    : roles_(builtin_roles()), service_accounts_(builtin_service_accounts()) {
  User elastic{"elastic", std::move(elastic_password),         {"superuser"}, nullptr,
               nullptr,   Json::object({{"_reserved", true}}), "reserved",    "reserved"};
  users_.push_back(std::move(elastic));
  users_.push_back(file_user("rdeniro", "taxidriver", {"admin"}));
  users_.push_back(file_user("jdoe", "jdoe-readonly", {"viewer"}));
}

const User* Realm::find_user(std::string_view username) const {
  auto it = std::find_if(users_.begin(), users_.end(),
                         [&](const User& u) { return u.username == username; });
  return it == users_.end() ? nullptr : &*it;
}

const Role* Realm::find_role(std::string_view name) const {
  auto it =
      std::find_if(roles_.begin(), roles_.end(), [&](const Role& r) { return r.name == name; });
  return it == roles_.end() ? nullptr : &*it;
}

const ServiceAccount* Realm::find_service_account(std::string_view principal) const {
  auto it = std::find_if(service_accounts_.begin(), service_accounts_.end(),
                         [&](const ServiceAccount& a) { return a.principal == principal; });
  return it == service_accounts_.end() ? nullptr : &*it;
}

bool glob_match(std::string_view pattern, std::string_view name) {
  // Iterative wildcard match with single-star backtracking.
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace es_sandbox
