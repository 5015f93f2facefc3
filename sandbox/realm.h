// SPDX-License-Identifier: MIT
// The sandbox's fixed identities: the built-in users (elastic in the reserved realm; rdeniro and
// jdoe in the file realm), the service accounts, and the roles that grant them cluster and index
// privileges. Read-only after construction, so it needs no lock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "es_json.h"

namespace es_sandbox {

/// Index privileges a role grants on indices matching any of `patterns` ('*' wildcards).
struct IndexGrant {
  std::vector<std::string> patterns;
  std::vector<std::string> privileges;
};

/// A role: cluster privileges, index grants, and whether it may run as any user.
struct Role {
  std::string name;
  std::vector<std::string> cluster;
  std::vector<IndexGrant> indices;
  bool run_as_any = false;
};

/// A user of a realm; full_name, email and metadata are rendered by _authenticate as is.
struct User {
  std::string username;
  std::string password;
  std::vector<std::string> roles;
  Json full_name;  ///< null or a string
  Json email;      ///< null or a string
  Json metadata;
  std::string realm_name;
  std::string realm_type;
};

/// A service account (namespace/service) and the role its tokens act with.
struct ServiceAccount {
  std::string principal;  ///< e.g. "elastic/fleet-server"
  Role role;
};

/// The users, roles and service accounts of one sandbox cluster.
class Realm {
 public:
  /// Builds the fixed users; `elastic_password` is the superuser's password.
  explicit Realm(std::string elastic_password);

  /// The user called `username`, or null.
  const User* find_user(std::string_view username) const;
  /// The role called `name`, or null.
  const Role* find_role(std::string_view name) const;
  /// The service account `principal` ("elastic/fleet-server"), or null.
  const ServiceAccount* find_service_account(std::string_view principal) const;

 private:
  std::vector<User> users_;
  std::vector<Role> roles_;
  std::vector<ServiceAccount> service_accounts_;
};

/// Whether `name` matches `pattern`, where '*' matches any run of characters.
bool glob_match(std::string_view pattern, std::string_view name);

}  // namespace es_sandbox
