// SPDX-License-Identifier: MIT
// Indices and their documents, in memory and shared by every node: one primary shard per index,
// per-index sequence numbers, per-document versions, sizes for _cat. One mutex guards it all;
// callers get copies.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "es_exception.h"
#include "es_json.h"

namespace es_sandbox {

/// One stored document.
struct Document {
  std::string index;
  std::string id;
  Json source;
  int64_t version = 1;
  int64_t seq_no = 0;
  int64_t order = 0;  ///< position in the index's Lucene order (a rewrite moves it last)
};

/// An index's summary, for _cat/indices, health and GET /<index>.
struct IndexInfo {
  std::string name;
  std::string uuid;
  int64_t creation_ms = 0;
  int64_t docs_count = 0;
  int64_t docs_deleted = 0;
  int64_t store_bytes = 0;
  Json mappings = Json::object();
  Json settings = Json::object();
};

/// How a document write should treat an existing document.
enum class WriteMode {
  Index,   ///< create or overwrite
  Create,  ///< fail with a version conflict if it exists
  Update,  ///< merge into the existing source; fail if it does not exist
};

/// A successful write, delete or noop.
struct WriteResult {
  std::string id;
  std::string result;  ///< "created", "updated", "deleted", "not_found", "noop"
  int64_t version = 1;
  int64_t seq_no = 0;
  int status = 200;  ///< 201 for created, 404 for not_found
};

/// The index and document store.
class IndexStore {
 public:
  /// Creates `name`; fails if it exists. Returns the new index's summary.
  Outcome<IndexInfo> create(const std::string& name, Json mappings = Json::object(),
                            Json settings = Json::object());
  /// Whether `name` exists.
  bool exists(const std::string& name) const;
  /// The summary of `name`, if it exists.
  std::optional<IndexInfo> info(const std::string& name) const;
  /// Every index, sorted by name.
  std::vector<IndexInfo> list() const;
  /// Deletes `name`; returns false if it did not exist.
  bool remove(const std::string& name);

  /// Writes a document (`id` empty = generate one). The index must exist.
  Outcome<WriteResult> write(const std::string& index, const std::string& id, const Json& source,
                             WriteMode mode);
  /// Deletes a document; a missing one gives result "not_found", status 404.
  Outcome<WriteResult> remove_document(const std::string& index, const std::string& id);
  /// The document, if both it and its index exist.
  std::optional<Document> get(const std::string& index, const std::string& id) const;
  /// The documents of `indices` in index-name then Lucene order.
  std::vector<Document> documents(const std::vector<std::string>& indices) const;

 private:
  struct Index {
    IndexInfo info;
    std::map<std::string, Document> docs;
    int64_t next_seq_no = 0;
    int64_t next_order = 0;
  };
  IndexInfo summary(const Index& index) const;

  mutable std::mutex mutex_;
  std::map<std::string, Index> indices_;
};

}  // namespace es_sandbox
