// SPDX-License-Identifier: MIT
// GET /_cat/indices: Elasticsearch's padded text table (with ?v headers, ?h column selection,
// ?s sorting, ?bytes units) or, with ?format=json, the same rows as JSON strings.
#include <fmt/format.h>

#include <algorithm>

#include "handlers.h"
#include "privileges.h"

namespace es_sandbox {
namespace {

struct Column {
  const char* name;
  bool right_aligned;
};

constexpr Column kColumns[] = {
    {"health", false},        {"status", false},      {"index", false},
    {"uuid", false},          {"pri", true},          {"rep", true},
    {"docs.count", true},     {"docs.deleted", true}, {"store.size", true},
    {"pri.store.size", true}, {"dataset.size", true},
};

using Row = std::map<std::string, std::string>;

// ByteSizeValue.toString: the largest unit that keeps the value >= 1, one decimal, ".0" dropped.
std::string format_bytes(int64_t bytes, const std::string& unit) {
  static const std::vector<std::pair<std::string, double>> kUnits = {
      {"pb", 1125899906842624.0}, {"tb", 1099511627776.0}, {"gb", 1073741824.0},
      {"mb", 1048576.0},          {"kb", 1024.0},          {"b", 1.0}};
  for (const auto& [suffix, size] : kUnits) {
    if (!unit.empty() && unit != suffix) continue;
    if (unit.empty() && static_cast<double>(bytes) < size && suffix != "b") continue;
    if (!unit.empty())
      return std::to_string(static_cast<int64_t>(static_cast<double>(bytes) / size));
    std::string text = fmt::format("{:.1f}", static_cast<double>(bytes) / size);
    if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0)
      text.resize(text.size() - 2);
    return text + suffix;
  }
  return std::to_string(bytes);
}

Row make_row(const IndexInfo& index, size_t nodes, const std::string& unit) {
  const bool replicated = nodes > 1;
  const int64_t total = replicated ? index.store_bytes * 2 : index.store_bytes;
  return Row{{"health", replicated ? "green" : "yellow"},
             {"status", "open"},
             {"index", index.name},
             {"uuid", index.uuid},
             {"pri", "1"},
             {"rep", "1"},
             {"docs.count", std::to_string(index.docs_count)},
             {"docs.deleted", std::to_string(index.docs_deleted)},
             {"store.size", format_bytes(total, unit)},
             {"pri.store.size", format_bytes(index.store_bytes, unit)},
             {"dataset.size", format_bytes(index.store_bytes, unit)}};
}

std::vector<Column> selected_columns(const std::string& h) {
  if (h.empty()) return {std::begin(kColumns), std::end(kColumns)};
  std::vector<Column> out;
  size_t start = 0;
  while (start <= h.size()) {
    size_t comma = h.find(',', start);
    if (comma == std::string::npos) comma = h.size();
    const std::string wanted = h.substr(start, comma - start);
    for (const auto& c : kColumns) {
      if (glob_match(wanted, c.name)) out.push_back(c);
    }
    start = comma + 1;
  }
  return out;
}

void sort_rows(std::vector<Row>& rows, const std::string& s) {
  if (s.empty()) return;
  const auto colon = s.find(':');
  const std::string key = s.substr(0, colon);
  const bool desc = colon != std::string::npos && s.substr(colon + 1) == "desc";
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    const std::string& x = a.at(key);
    const std::string& y = b.at(key);
    const bool numeric = !x.empty() && std::isdigit(static_cast<unsigned char>(x[0])) &&
                         x.find_first_not_of("0123456789") == std::string::npos;
    const bool less = numeric && x.size() != y.size() ? x.size() < y.size() : x < y;
    const bool greater = numeric && x.size() != y.size() ? x.size() > y.size() : y < x;
    return desc ? greater : less;
  });
}

std::string render_text(const std::vector<Row>& rows, const std::vector<Column>& columns,
                        bool headers) {
  std::vector<size_t> width(columns.size(), 0);
  for (size_t c = 0; c < columns.size(); ++c) {
    if (headers) width[c] = std::string(columns[c].name).size();
    for (const auto& row : rows) width[c] = std::max(width[c], row.at(columns[c].name).size());
  }
  std::string out;
  auto emit = [&](auto cell_of) {
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string cell = cell_of(columns[c]);
      const std::string pad(width[c] - cell.size(), ' ');
      const bool last = c + 1 == columns.size();
      // A left-aligned last column is not padded, so lines carry no trailing blanks.
      out += columns[c].right_aligned ? pad + cell : (last ? cell : cell + pad);
      if (!last) out += ' ';
    }
    out += '\n';
  };
  if (headers) emit([](const Column& c) { return std::string(c.name); });
  for (const auto& row : rows) emit([&](const Column& c) { return row.at(c.name); });
  return out;
}

}  // namespace

ApiReply handle_cat_indices(Call& call) {
  const ApiRequest& request = call.request;
  const std::string pattern = request.path_param("index");
  const std::string unit = request.param("bytes");
  std::vector<Row> rows;
  for (const auto& index : call.cluster.indices.list()) {
    if (!pattern.empty() && !glob_match(pattern, index.name)) continue;
    if (!call.cluster.security.may(call.auth, action::kIndicesStats, index.name)) continue;
    rows.push_back(make_row(index, call.cluster.nodes.size(), unit));
  }
  if (!pattern.empty() && pattern.find('*') == std::string::npos && rows.empty()) {
    return call.fail(index_not_found(pattern));
  }
  sort_rows(rows, request.param("s"));
  const auto columns = selected_columns(request.param("h"));
  if (request.param("format") == "json") {
    Json out = Json::array();
    for (const auto& row : rows) {
      Json item = Json::object();
      for (const auto& c : columns) item[c.name] = row.at(c.name);
      out.push_back(item);
    }
    return call.json(200, out);
  }
  ApiReply reply;
  reply.content_type = "text/plain; charset=UTF-8";
  reply.body = render_text(rows, columns, request.flag("v"));
  return reply;
}

}  // namespace es_sandbox
