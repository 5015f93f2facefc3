// SPDX-License-Identifier: MIT
// The transport-neutral request and reply every sandbox API handler works with, so handlers and
// the security layer can be unit-tested without sockets; server.cpp builds them from the wire.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "es_exception.h"
#include "es_json.h"

namespace es_sandbox {

/// One REST request as Elasticsearch's RestRequest sees it.
struct ApiRequest {
  std::string method;  ///< GET, HEAD, POST, PUT, DELETE, ...
  std::string path;    ///< decoded path without the query
  std::string uri;     ///< raw request target: path plus query, as sent (used in messages)
  std::string body;
  std::multimap<std::string, std::string> params;            ///< decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  ///< request headers, in order
  std::map<std::string, std::string> path_params;            ///< filled by the router
  int node = 0;                                              ///< which sandbox node received it

  /// The first header called `name` (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
  /// Whether the query has `key` (with or without a value).
  bool has_param(std::string_view key) const;
  /// The query parameter's value, or `fallback` when absent.
  std::string param(std::string_view key, std::string fallback = {}) const;
  /// A query flag: present without value or with "true" means true.
  bool flag(std::string_view key) const;
  /// The named path parameter ("index", "id", ...), empty when absent.
  std::string path_param(std::string_view key) const;
};

/// One REST response. The server adds X-elastic-product, X-Opaque-Id and content-length.
struct ApiReply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers, in order
};

/// A JSON reply, pretty-printed when the request asked for ?pretty.
ApiReply json_reply(const ApiRequest& request, int status, const Json& body);

/// An error reply: the failure's body and, for each WWW-Authenticate value of the top-level
/// exception, one WWW-Authenticate header line.
ApiReply failure_reply(const ApiRequest& request, const EsFailure& failure);

/// Elasticsearch's two-field error {"error":"<message>","status":N} (no handler, bad method).
ApiReply simple_error_reply(const ApiRequest& request, int status, const std::string& message);

/// Parses the request body as a JSON object; a missing body yields `fallback` if given.
Outcome<Json> body_object(const ApiRequest& request, std::optional<Json> fallback = std::nullopt);

}  // namespace es_sandbox
