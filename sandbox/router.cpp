// SPDX-License-Identifier: MIT
#include "router.h"

#include <algorithm>

namespace es_sandbox {
namespace {

bool match_pattern(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   std::map<std::string, std::string>& params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      found[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

bool allows(const Route& route, std::string_view method) {
  const auto& m = route.methods;
  if (std::find(m.begin(), m.end(), method) != m.end()) return true;
  return method == "HEAD" && std::find(m.begin(), m.end(), "GET") != m.end();
}

// Elasticsearch lists allowed methods in its Method enum order.
std::vector<std::string> in_enum_order(const std::vector<std::string>& methods) {
  static const std::vector<std::string> kOrder = {"GET",     "POST", "PUT",   "DELETE",
                                                  "OPTIONS", "HEAD", "PATCH", "TRACE"};
  std::vector<std::string> out;
  for (const auto& m : kOrder) {
    if (std::find(methods.begin(), methods.end(), m) != methods.end()) out.push_back(m);
  }
  return out;
}

}  // namespace

std::vector<std::string> path_segments(std::string_view path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) out.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

Router::Router(std::vector<Route> routes) : routes_(std::move(routes)) {}

std::variant<RouteMatch, MethodNotAllowed, std::monostate> Router::resolve(
    std::string_view method, std::string_view path) const {
  const auto segments = path_segments(path);
  std::vector<std::string> allowed;
  bool path_known = false;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!match_pattern(path_segments(route.pattern), segments, params)) continue;
    if (allows(route, method)) return RouteMatch{&route, std::move(params)};
    // The first template matching the path defines the allowed set, as in ES's path trie.
    if (!path_known) {
      allowed = route.methods;
      if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end()) {
        allowed.push_back("HEAD");
      }
    }
    path_known = true;
  }
  if (path_known) return MethodNotAllowed{in_enum_order(allowed)};
  return std::monostate{};
}

}  // namespace es_sandbox
