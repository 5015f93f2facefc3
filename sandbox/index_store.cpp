// SPDX-License-Identifier: MIT
#include "index_store.h"

#include <fmt/format.h>

#include <algorithm>

#include "random.h"
#include "state.h"

namespace es_sandbox {
namespace {

// An empty index occupies a couple of hundred bytes in Lucene; each document its source plus
// some overhead. Only the order of magnitude matters for _cat output.
constexpr int64_t kEmptyIndexBytes = 227;
constexpr int64_t kPerDocumentBytes = 120;

EsFailure version_conflict(const std::string& index, const std::string& uuid, const std::string& id,
                           int64_t version) {
  return make_failure(
      409, "version_conflict_engine_exception",
      fmt::format("[{}]: version conflict, document already exists (current version [{}])", id,
                  version),
      Json::object({{"index_uuid", uuid}, {"shard", "0"}, {"index", index}}));
}

EsFailure document_missing(const std::string& index, const std::string& uuid,
                           const std::string& id) {
  return make_failure(404, "document_missing_exception", fmt::format("[{}]: document missing", id),
                      Json::object({{"index_uuid", uuid}, {"shard", "0"}, {"index", index}}));
}

// The partial-document merge of the update API: objects merge recursively, the rest replaces.
void merge_into(Json& target, const Json& patch) {
  for (const auto& [key, value] : patch.items()) {
    if (value.is_object() && target.contains(key) && target[key].is_object()) {
      merge_into(target[key], value);
    } else {
      target[key] = value;
    }
  }
}

}  // namespace

Outcome<IndexInfo> IndexStore::create(const std::string& name, Json mappings, Json settings) {
  std::lock_guard lock(mutex_);
  auto it = indices_.find(name);
  if (it != indices_.end()) return index_already_exists(name, it->second.info.uuid);
  Index index;
  index.info.name = name;
  index.info.uuid = random_uuid();
  index.info.creation_ms = now_millis();
  index.info.mappings = std::move(mappings);
  index.info.settings = std::move(settings);
  auto& stored = indices_.emplace(name, std::move(index)).first->second;
  return summary(stored);
}

bool IndexStore::exists(const std::string& name) const {
  std::lock_guard lock(mutex_);
  return indices_.count(name) > 0;
}

std::optional<IndexInfo> IndexStore::info(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = indices_.find(name);
  if (it == indices_.end()) return std::nullopt;
  return summary(it->second);
}

std::vector<IndexInfo> IndexStore::list() const {
  std::lock_guard lock(mutex_);
  std::vector<IndexInfo> out;
  for (const auto& [name, index] : indices_) out.push_back(summary(index));
  return out;
}

bool IndexStore::remove(const std::string& name) {
  std::lock_guard lock(mutex_);
  return indices_.erase(name) > 0;
}

Outcome<WriteResult> IndexStore::write(const std::string& index_name, const std::string& id_in,
                                       const Json& source, WriteMode mode) {
  std::lock_guard lock(mutex_);
  auto it = indices_.find(index_name);
  if (it == indices_.end()) return index_not_found(index_name);
  Index& index = it->second;
  const std::string id = id_in.empty() ? random_id(20) : id_in;
  auto doc_it = index.docs.find(id);
  const bool existed = doc_it != index.docs.end();
  if (mode == WriteMode::Create && existed) {
    return version_conflict(index_name, index.info.uuid, id, doc_it->second.version);
  }
  if (mode == WriteMode::Update && !existed) {
    return document_missing(index_name, index.info.uuid, id);
  }
  Json new_source = source;
  if (mode == WriteMode::Update) {
    new_source = doc_it->second.source;
    merge_into(new_source, source);
    if (new_source == doc_it->second.source) {
      const Document& doc = doc_it->second;
      return WriteResult{id, "noop", doc.version, doc.seq_no, 200};
    }
  }
  Document& doc = index.docs[id];
  doc.index = index_name;
  doc.id = id;
  doc.source = std::move(new_source);
  doc.version = existed ? doc.version + 1 : 1;
  doc.seq_no = index.next_seq_no++;
  doc.order = index.next_order++;
  if (existed) ++index.info.docs_deleted;  // Lucene keeps the overwritten copy until a merge
  return WriteResult{id, existed ? "updated" : "created", doc.version, doc.seq_no,
                     existed ? 200 : 201};
}

Outcome<WriteResult> IndexStore::remove_document(const std::string& index_name,
                                                 const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = indices_.find(index_name);
  if (it == indices_.end()) return index_not_found(index_name);
  Index& index = it->second;
  auto doc_it = index.docs.find(id);
  if (doc_it == index.docs.end()) {
    // Elasticsearch still consumes a sequence number for a delete of a missing document.
    return WriteResult{id, "not_found", 1, index.next_seq_no++, 404};
  }
  const int64_t version = doc_it->second.version + 1;
  index.docs.erase(doc_it);
  ++index.info.docs_deleted;
  return WriteResult{id, "deleted", version, index.next_seq_no++, 200};
}

std::optional<Document> IndexStore::get(const std::string& index, const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = indices_.find(index);
  if (it == indices_.end()) return std::nullopt;
  auto doc_it = it->second.docs.find(id);
  if (doc_it == it->second.docs.end()) return std::nullopt;
  return doc_it->second;
}

std::vector<Document> IndexStore::documents(const std::vector<std::string>& names) const {
  std::lock_guard lock(mutex_);
  std::vector<Document> out;
  for (const auto& name : names) {
    auto it = indices_.find(name);
    if (it == indices_.end()) continue;
    const size_t first = out.size();
    for (const auto& [id, doc] : it->second.docs) out.push_back(doc);
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [](const Document& a, const Document& b) { return a.order < b.order; });
  }
  return out;
}

IndexInfo IndexStore::summary(const Index& index) const {
  IndexInfo info = index.info;
  info.docs_count = static_cast<int64_t>(index.docs.size());
  info.store_bytes = kEmptyIndexBytes;
  for (const auto& [id, doc] : index.docs) {
    info.store_bytes += kPerDocumentBytes + static_cast<int64_t>(doc.source.dump().size());
  }
  return info;
}

}  // namespace es_sandbox
