// SPDX-License-Identifier: MIT
// Single-document APIs: index (PUT|POST /<index>/_doc[/<id>]), create (_create), get and
// delete, with index auto-creation and the per-document authorization Elasticsearch applies.
#include <fmt/format.h>

#include "handlers.h"
#include "privileges.h"

namespace es_sandbox {
namespace {

ApiReply write_document(Call& call, WriteMode mode) {
  const std::string index = call.request.path_param("index");
  const std::string id = call.request.path_param("id");
  // The REST layer insists on a body; the source is parsed only on the shard, after
  // auto-creation and authorization.
  if (call.request.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    return call.fail(body_required());
  }
  if (auto failure = ensure_index_for_write(call, index)) return call.fail(*failure);
  // The single-document write runs as a one-item bulk, authorized per item like _bulk.
  const auto item_action =
      mode == WriteMode::Create ? action::kIndexOpCreate : action::kIndexOpIndex;
  if (auto denied = call.cluster.security.authorize(call.auth, item_action, {index})) {
    return call.fail(*denied);
  }
  auto source = parse_source(call.request.body);
  if (!source) return call.fail(source.failure());
  auto result = call.cluster.indices.write(index, id, *source, mode);
  if (!result) return call.fail(result.failure());
  ApiReply reply = call.json(result->status, write_result_json(call.cluster, index, *result));
  if (result->status == 201) {
    reply.headers.emplace_back("Location", fmt::format("/{}/_doc/{}", index, result->id));
  }
  return reply;
}

}  // namespace

Json write_shards_json(const Cluster& cluster) {
  return Json::object(
      {{"total", 2}, {"successful", cluster.nodes.size() > 1 ? 2 : 1}, {"failed", 0}});
}

Json write_result_json(const Cluster& cluster, const std::string& index, const WriteResult& r) {
  return Json::object({{"_index", index},
                       {"_id", r.id},
                       {"_version", r.version},
                       {"result", r.result},
                       {"_shards", write_shards_json(cluster)},
                       {"_seq_no", r.seq_no},
                       {"_primary_term", 1}});
}

Outcome<Json> parse_source(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return body_required();
  JsonSyntaxError error;
  auto parsed = parse_json(text, error);
  if (parsed && parsed->is_object()) return *parsed;
  if (parsed) {
    error.message = "Malformed content, must start with an object";
  }
  EsFailure failure =
      make_failure(400, "document_parsing_exception",
                   fmt::format("[{}:{}] failed to parse", error.line, error.column));
  auto cause = std::make_shared<EsException>();
  cause->type = "json_parse_exception";
  cause->reason = error.message;
  cause->elasticsearch = false;
  failure.error.caused_by = cause;
  return failure;
}

std::optional<EsFailure> ensure_index_for_write(const Call& call, const std::string& index) {
  if (auto invalid = check_index_name(index)) return invalid;
  if (call.cluster.indices.exists(index)) return std::nullopt;
  if (auto denied = call.cluster.security.authorize(call.auth, action::kAutoCreate, {index})) {
    return denied;
  }
  auto created = call.cluster.indices.create(index);
  // Losing a creation race to another request is fine: the index exists either way.
  if (!created && created.failure().error.type != "resource_already_exists_exception") {
    return created.failure();
  }
  return std::nullopt;
}

ApiReply handle_index_document(Call& call) {
  const bool auto_id = call.request.path_param("id").empty();
  // POST /<index>/_doc generates the id and, like ES's AutoIdHandler, uses op_type=create.
  const bool create = auto_id || call.request.param("op_type") == "create";
  return write_document(call, create ? WriteMode::Create : WriteMode::Index);
}

ApiReply handle_create_document(Call& call) { return write_document(call, WriteMode::Create); }

ApiReply handle_get_document(Call& call) {
  const std::string index = call.request.path_param("index");
  const std::string id = call.request.path_param("id");
  if (!call.cluster.indices.exists(index)) return call.fail(index_not_found(index));
  auto doc = call.cluster.indices.get(index, id);
  if (!doc) {
    return call.json(404, Json::object({{"_index", index}, {"_id", id}, {"found", false}}));
  }
  return call.json(200, Json::object({{"_index", index},
                                      {"_id", id},
                                      {"_version", doc->version},
                                      {"_seq_no", doc->seq_no},
                                      {"_primary_term", 1},
                                      {"found", true},
                                      {"_source", doc->source}}));
}

ApiReply handle_delete_document(Call& call) {
  const std::string index = call.request.path_param("index");
  const std::string id = call.request.path_param("id");
  if (auto denied = call.cluster.security.authorize(call.auth, action::kDelete, {index})) {
    return call.fail(*denied);
  }
  auto result = call.cluster.indices.remove_document(index, id);
  if (!result) return call.fail(result.failure());
  return call.json(result->status, write_result_json(call.cluster, index, *result));
}

}  // namespace es_sandbox
