// SPDX-License-Identifier: MIT
// The Elasticsearch REST endpoints (data/es-endpoints.tsv, compiled in at build time), for
// completing API paths after a METHOD word.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace escurl {

/// One REST endpoint as the specification lists it.
struct Endpoint {
  std::string_view method;  ///< upper case: GET, HEAD, POST, PUT, DELETE
  std::string_view path;    ///< template with a leading '/', e.g. "/_cat/indices/{index}"
  std::string_view api;     ///< the API's name, e.g. "cat.indices"
};

/// Every endpoint, in the TSV's order (sorted by path).
std::span<const Endpoint> es_endpoints();

/// The Console-form paths a completion offers after `method` (any case) for the word typed so
/// far: without the leading '/' (kept when `typed` has one), cut before the first {placeholder}
/// (so "_cat/indices/{index}" offers "_cat/indices/"). When `typed` starts with a name and a
/// '/' ("logs/_se"), the paths of the templates that start with a placeholder, with that name
/// in its place ("logs/_search"). Sorted, without duplicates.
std::vector<std::string> completion_paths(std::string_view method, std::string_view typed = {});

}  // namespace escurl
