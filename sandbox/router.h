// SPDX-License-Identifier: MIT
// REST routing the way Elasticsearch's RestController resolves it: path templates with {params},
// literal routes tried before templated ones, HEAD served by GET routes, and the distinction
// between an unknown path (400 "no handler found") and a known path with the wrong method (405).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api.h"

namespace es_sandbox {

struct Call;

/// How the dispatcher authorizes a route before calling its handler.
enum class Scope {
  None,           ///< the handler authorizes (or needs nothing beyond authentication)
  Cluster,        ///< the route's cluster action
  Index,          ///< the route's index action on the {index} path parameter
  IndexNameOnly,  ///< the index action on any index (ES's check for single-document writes)
};

/// One REST endpoint.
struct Route {
  std::vector<std::string> methods;  ///< e.g. {"PUT", "POST"}; GET routes also answer HEAD
  std::string pattern;               ///< e.g. "/{index}/_doc/{id}"
  std::function<ApiReply(Call&)> handler;
  std::string_view action;  ///< the transport action name the route performs
  Scope scope = Scope::None;
};

/// A resolved route and its path parameters.
struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

/// The methods a known path allows, when the request's method is not among them.
struct MethodNotAllowed {
  std::vector<std::string> allowed;
};

/// Routes requests over a fixed table.
class Router {
 public:
  /// Takes the route table; literal routes should precede templated ones they overlap.
  explicit Router(std::vector<Route> routes);

  /// Resolves `method` and `path`: a match, a 405, or std::monostate for an unknown path.
  std::variant<RouteMatch, MethodNotAllowed, std::monostate> resolve(std::string_view method,
                                                                     std::string_view path) const;

 private:
  std::vector<Route> routes_;
};

/// Splits a path into its non-empty segments.
std::vector<std::string> path_segments(std::string_view path);

}  // namespace es_sandbox
