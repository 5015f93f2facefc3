// SPDX-License-Identifier: MIT
// Transforms, reduced to what makes secondary authorization visible: each stored transform
// records the authorization it would run with (the secondary user's roles or API key when
// es-secondary-authorization was sent, else the primary's), as Elasticsearch does.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "es_json.h"

namespace es_sandbox {

/// One stored transform.
struct TransformRecord {
  std::string id;
  Json config;         ///< the request body as given
  Json authorization;  ///< {"roles":[...]} or {"api_key":{"id":..,"name":..}}
  int64_t create_time_ms = 0;
};

/// The transforms of a cluster.
class TransformStore {
 public:
  /// Stores `record`; false if a transform with its id exists.
  bool put(TransformRecord record);
  /// The transform `id`, if any.
  std::optional<TransformRecord> get(const std::string& id) const;
  /// All transforms sorted by id.
  std::vector<TransformRecord> list() const;
  /// Removes `id`; false if it did not exist.
  bool remove(const std::string& id);

 private:
  mutable std::mutex mutex_;
  std::vector<TransformRecord> transforms_;
};

}  // namespace es_sandbox
