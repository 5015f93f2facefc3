// SPDX-License-Identifier: MIT
// _bulk: NDJSON index/create/update/delete items, each auto-creating, authorizing and executing
// on its own, answered with per-item results in request order and "errors": true when any failed.
#include <fmt/format.h>

#include <chrono>
#include <map>

#include "handlers.h"
#include "privileges.h"
#include "random.h"

namespace es_sandbox {
namespace {

// One parsed bulk item.
struct BulkItem {
  std::string op;  ///< index, create, update, delete
  std::string index;
  std::string id;
  std::string source;  ///< the raw source line (absent for delete)
};

Outcome<std::vector<std::string>> split_lines(const std::string& body) {
  if (body.find_first_not_of(" \t\r\n") == std::string::npos) return body_required();
  if (body.back() != '\n') {
    return make_failure(400, "illegal_argument_exception",
                        "The bulk request must be terminated by a newline [\\n]");
  }
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < body.size()) {
    const size_t end = body.find('\n', start);
    std::string line = body.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

EsFailure malformed(size_t line, const std::string& detail) {
  return make_failure(400, "illegal_argument_exception",
                      fmt::format("Malformed action/metadata line [{}], {}", line, detail));
}

Outcome<std::vector<BulkItem>> parse_items(const std::string& body,
                                           const std::string& default_index) {
  auto lines = split_lines(body);
  if (!lines) return lines.failure();
  std::vector<BulkItem> items;
  for (size_t i = 0; i < lines->size(); ++i) {
    const std::string& line = (*lines)[i];
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    JsonSyntaxError error;
    auto action = parse_json(line, error);
    if (!action || !action->is_object()) {
      return malformed(i + 1, "expected START_OBJECT or END_OBJECT but found [VALUE_STRING]");
    }
    if (action->size() != 1) return malformed(i + 1, "expected a single action");
    const std::string op = action->begin().key();
    const Json& meta = action->begin().value();
    if (op != "index" && op != "create" && op != "update" && op != "delete") {
      return malformed(i + 1, fmt::format("expected field [create], [delete], [index] or [update] "
                                          "but found [{}]",
                                          op));
    }
    BulkItem item{op, meta.value("_index", default_index), meta.value("_id", std::string()), {}};
    if (item.index.empty()) return validation_failure({"index is missing"});
    if (op != "delete") {
      if (i + 1 >= lines->size() || (*lines)[i + 1].empty()) {
        return validation_failure({"source is missing"});
      }
      item.source = (*lines)[++i];
    }
    if (item.id.empty() && op != "index" && op != "create") {
      return validation_failure({"id is missing"});
    }
    // Ids are generated up front, so even a refused item reports the id it would have had.
    if (item.id.empty()) item.id = random_id(20);
    items.push_back(std::move(item));
  }
  return items;
}

std::string_view item_action(const std::string& op) {
  if (op == "create") return action::kIndexOpCreate;
  if (op == "update") return action::kUpdate;
  if (op == "delete") return action::kDelete;
  return action::kIndexOpIndex;
}

Json item_failure(const BulkItem& item, const EsFailure& failure) {
  Json body = Json::object({{"_index", item.index}, {"_id", item.id}, {"status", failure.status}});
  body["error"] = exception_json(failure.error);
  return body;
}

Outcome<WriteResult> execute(const Call& call, const BulkItem& item) {
  auto& store = call.cluster.indices;
  if (item.op == "delete") return store.remove_document(item.index, item.id);
  auto source = parse_source(item.source);
  if (!source) return source.failure();
  if (item.op != "update") {
    return store.write(item.index, item.id, *source,
                       item.op == "create" ? WriteMode::Create : WriteMode::Index);
  }
  const Json doc = source->value("doc", Json::object());
  if (source->value("doc_as_upsert", false) && !store.get(item.index, item.id)) {
    return store.write(item.index, item.id, doc, WriteMode::Create);
  }
  return store.write(item.index, item.id, doc, WriteMode::Update);
}

// Auto-creation is decided once per index, before any item runs, as TransportBulkAction does.
std::map<std::string, std::optional<EsFailure>> prepare_indices(
    const Call& call, const std::vector<BulkItem>& items) {
  std::map<std::string, std::optional<EsFailure>> outcome;
  for (const auto& item : items) {
    if (outcome.count(item.index)) continue;
    if (item.op == "delete" && !call.cluster.indices.exists(item.index)) {
      outcome[item.index] = index_not_found(item.index);
      continue;
    }
    outcome[item.index] = ensure_index_for_write(call, item.index);
  }
  return outcome;
}

Json run_item(const Call& call, BulkItem item, const std::optional<EsFailure>& index_failure,
              bool& failed) {
  Json result;
  if (index_failure) {
    result = item_failure(item, *index_failure);
  } else if (auto denied =
                 call.cluster.security.authorize(call.auth, item_action(item.op), {item.index})) {
    result = item_failure(item, *denied);
  } else if (auto done = execute(call, item); !done) {
    result = item_failure(item, done.failure());
  } else {
    item.id = done->id;
    result = write_result_json(call.cluster, item.index, *done);
    if (done->result == "noop") {
      result["_shards"] = Json::object({{"total", 0}, {"successful", 0}, {"failed", 0}});
    }
    result["status"] = done->status;
  }
  failed = failed || result.contains("error");
  return Json::object({{item.op, result}});
}

}  // namespace

ApiReply handle_bulk(Call& call) {
  const auto started = std::chrono::steady_clock::now();
  auto items = parse_items(call.request.body, call.request.path_param("index"));
  if (!items) return call.fail(items.failure());
  const auto index_outcomes = prepare_indices(call, *items);
  bool failed = false;
  Json results = Json::array();
  for (auto& item : *items) {
    results.push_back(run_item(call, item, index_outcomes.at(item.index), failed));
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  return call.json(200, Json::object({{"errors", failed}, {"took", took}, {"items", results}}));
}

}  // namespace es_sandbox
