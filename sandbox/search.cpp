// SPDX-License-Identifier: MIT
// _search and _count over the in-memory documents: match_all, term and match queries, from and
// size, answered in Elasticsearch's hits shape. Scores are a constant 1.0 (no relevance model).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>

#include "handlers.h"
#include "privileges.h"

namespace es_sandbox {
namespace {

// A query reduced to what the sandbox evaluates.
struct Query {
  enum class Kind { MatchAll, Term, Match } kind = Kind::MatchAll;
  std::string field;
  Json value;
};

std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c >= 0x80) {
      current += static_cast<char>(std::tolower(c));
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

// The values at a dotted path; arrays contribute each element.
void collect(const Json& node, std::string_view path, std::vector<Json>& out) {
  if (node.is_array()) {
    for (const auto& item : node) collect(item, path, out);
    return;
  }
  if (path.empty()) {
    out.push_back(node);
    return;
  }
  if (!node.is_object()) return;
  const auto dot = path.find('.');
  const std::string head(path.substr(0, dot));
  const auto rest = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  if (auto it = node.find(head); it != node.end()) collect(*it, rest, out);
}

std::string scalar_text(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

bool matches(const Query& q, const Json& source) {
  if (q.kind == Query::Kind::MatchAll) return true;
  std::string field = q.field;
  const bool keyword = field.size() > 8 && field.compare(field.size() - 8, 8, ".keyword") == 0;
  if (keyword) field.resize(field.size() - 8);
  std::vector<Json> values;
  collect(source, field, values);
  const std::string wanted = scalar_text(q.value);
  const auto wanted_tokens = tokens(wanted);
  return std::any_of(values.begin(), values.end(), [&](const Json& v) {
    if (!v.is_string() || keyword) return scalar_text(v) == wanted;
    const auto have = tokens(v.get<std::string>());
    // term looks up one indexed token; match analyzes its text and ORs the tokens.
    if (q.kind == Query::Kind::Term)
      return std::find(have.begin(), have.end(), wanted) != have.end();
    return std::any_of(wanted_tokens.begin(), wanted_tokens.end(), [&](const std::string& t) {
      return std::find(have.begin(), have.end(), t) != have.end();
    });
  });
}

Outcome<Query> parse_query(const Json& body) {
  auto it = body.find("query");
  if (it == body.end()) return Query{};
  if (!it->is_object() || it->size() != 1) {
    return make_failure(400, "parsing_exception",
                        "[query] malformed query, expected a single object");
  }
  const std::string name = it->begin().key();
  const Json& spec = it->begin().value();
  if (name == "match_all") return Query{};
  if ((name == "term" || name == "match") && spec.is_object() && spec.size() == 1) {
    const std::string field = spec.begin().key();
    const Json& value = spec.begin().value();
    Query q{name == "term" ? Query::Kind::Term : Query::Kind::Match, field, value};
    if (value.is_object()) q.value = value.value(name == "term" ? "value" : "query", Json());
    return q;
  }
  if (name == "term" || name == "match") {
    return make_failure(400, "parsing_exception",
                        fmt::format("[{}] query doesn't support multiple fields", name));
  }
  return make_failure(400, "parsing_exception", fmt::format("unknown query [{}]", name));
}

Outcome<int64_t> int_option(const ApiRequest& request, const Json& body, const char* key,
                            int64_t fallback) {
  if (auto it = body.find(key); it != body.end() && it->is_number_integer()) {
    return it->get<int64_t>();
  }
  if (!request.has_param(key)) return fallback;
  const std::string text = request.param(key);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return make_failure(400, "number_format_exception",
                        fmt::format("For input string: \"{}\"", text));
  }
  return value;
}

bool is_numeric_type(const std::string& type) {
  static const std::vector<std::string> kNumeric = {
      "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float"};
  return std::find(kNumeric.begin(), kNumeric.end(), type) != kNumeric.end();
}

// The mapped type of a top-level field, or "".
std::string mapped_type(const IndexInfo& info, const std::string& field) {
  const Json* props = nullptr;
  if (auto p = info.mappings.find("properties"); p != info.mappings.end()) props = &*p;
  if (props == nullptr || !props->is_object()) return "";
  auto f = props->find(field);
  if (f == props->end() || !f->is_object()) return "";
  return f->value("type", "");
}

bool parses_as_number(const Json& value) {
  if (value.is_number()) return true;
  if (!value.is_string()) return false;
  const std::string text = value.get<std::string>();
  double d = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// A term or match query with text on a numeric field fails on every shard of that index, and
// when it fails on all of them the search fails as search_phase_execution_exception.
std::optional<EsFailure> shard_failures(const Call& call, const std::vector<std::string>& indices,
                                        const Query& q) {
  if (q.kind == Query::Kind::MatchAll || parses_as_number(q.value) || indices.empty()) {
    return std::nullopt;
  }
  const std::string text = scalar_text(q.value);
  Json failed = Json::array();
  EsFailure f = make_failure(400, "search_phase_execution_exception", "all shards failed");
  for (const auto& name : indices) {
    const auto info = call.cluster.indices.info(name);
    if (!info || !is_numeric_type(mapped_type(*info, q.field))) return std::nullopt;
    auto number = std::make_shared<EsException>();
    number->type = "number_format_exception";
    number->reason = fmt::format("For input string: \"{}\"", text);
    number->elasticsearch = false;
    auto cause = std::make_shared<EsException>();
    cause->type = "query_shard_exception";
    cause->reason = fmt::format("failed to create query: For input string: \"{}\"", text);
    cause->metadata = Json::object({{"index_uuid", info->uuid}, {"index", name}});
    cause->caused_by = number;
    failed.push_back(Json::object({{"shard", 0},
                                   {"index", name},
                                   {"node", call.cluster.nodes.at(call.request.node).id},
                                   {"reason", exception_json(*cause, true)}}));
    f.error.shard_causes.push_back(cause);
  }
  f.error.metadata =
      Json::object({{"phase", "query"}, {"grouped", true}, {"failed_shards", failed}});
  return f;
}

// Everything _search and _count share: the indices, the query, the matching documents.
struct Selection {
  std::vector<std::string> indices;
  std::vector<Document> hits;
  Json body;
};

Outcome<Selection> select(const Call& call) {
  auto body = body_object(call.request, Json::object());
  if (!body) return body.failure();
  auto names = resolve_indices(call, call.request.path_param("index"), action::kSearch);
  if (!names) return names.failure();
  auto query = parse_query(*body);
  if (!query) return query.failure();
  if (auto failure = shard_failures(call, *names, *query)) return *failure;
  Selection out{*names, {}, *body};
  for (auto& doc : call.cluster.indices.documents(*names)) {
    if (matches(*query, doc.source)) out.hits.push_back(std::move(doc));
  }
  return out;
}

Json shards_json(size_t indices) {
  const auto n = static_cast<int64_t>(indices);
  return Json::object({{"total", n}, {"successful", n}, {"skipped", 0}, {"failed", 0}});
}

}  // namespace

ApiReply handle_search(Call& call) {
  const auto started = std::chrono::steady_clock::now();
  auto selection = select(call);
  if (!selection) return call.fail(selection.failure());
  auto size = int_option(call.request, selection->body, "size", 10);
  if (!size) return call.fail(size.failure());
  auto from = int_option(call.request, selection->body, "from", 0);
  if (!from) return call.fail(from.failure());
  const auto& docs = selection->hits;
  Json hits = Json::array();
  for (int64_t i = std::max<int64_t>(*from, 0);
       i < static_cast<int64_t>(docs.size()) && i < *from + *size; ++i) {
    const Document& d = docs[static_cast<size_t>(i)];
    hits.push_back(
        Json::object({{"_index", d.index}, {"_id", d.id}, {"_score", 1.0}, {"_source", d.source}}));
  }
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  Json total = Json::object({{"value", docs.size()}, {"relation", "eq"}});
  return call.json(
      200, Json::object({{"took", took},
                         {"timed_out", false},
                         {"_shards", shards_json(selection->indices.size())},
                         {"hits", Json::object({{"total", total},
                                                {"max_score", hits.empty() ? Json() : Json(1.0)},
                                                {"hits", hits}})}}));
}

ApiReply handle_count(Call& call) {
  auto selection = select(call);
  if (!selection) return call.fail(selection.failure());
  return call.json(200, Json::object({{"count", selection->hits.size()},
                                      {"_shards", shards_json(selection->indices.size())}}));
}

}  // namespace es_sandbox
