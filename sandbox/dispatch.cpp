// SPDX-License-Identifier: MIT
#include "dispatch.h"

#include <fmt/format.h>

#include "compatibility.h"
#include "handlers.h"

namespace es_sandbox {
namespace {

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::optional<EsFailure> authorize_route(const Cluster& cluster, const Route& route,
                                         const ApiRequest& request, const Authentication& auth) {
  switch (route.scope) {
    case Scope::None:
      // Run-as still has to be allowed before a handler that authorizes by itself runs.
      if (auth.run_as) return cluster.security.authorize(auth, route.action, {}, true);
      return std::nullopt;
    case Scope::Cluster:
      return cluster.security.authorize(auth, route.action);
    case Scope::Index:
      return cluster.security.authorize(auth, route.action,
                                        split_commas(request.path_param("index")));
    case Scope::IndexNameOnly:
      return cluster.security.authorize(auth, route.action, {}, true);
  }
  return std::nullopt;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? std::string(separator) : "") + items[i];
  return out;
}

}  // namespace

ApiReply dispatch(Cluster& cluster, const Router& router, ApiRequest& request) {
  // Since 8.8 Elasticsearch authenticates as soon as the headers arrive, before routing.
  auto auth = cluster.security.authenticate(request);
  if (!auth) return failure_reply(request, auth.failure());
  auto secondary = cluster.security.authenticate_secondary(request);
  if (!secondary) return failure_reply(request, secondary.failure());

  if (auto incompatible = check_compatibility(request)) {
    return failure_reply(request, *incompatible);
  }
  auto resolved = router.resolve(request.method, request.path);
  if (std::holds_alternative<std::monostate>(resolved)) {
    return simple_error_reply(
        request, 400,
        fmt::format("no handler found for uri [{}] and method [{}]", request.uri, request.method));
  }
  if (auto* bad = std::get_if<MethodNotAllowed>(&resolved)) {
    ApiReply reply = simple_error_reply(
        request, 405,
        fmt::format("Incorrect HTTP method for uri [{}] and method [{}], allowed: [{}]",
                    request.uri, request.method, join(bad->allowed, ", ")));
    reply.headers.emplace_back("Allow", join(bad->allowed, ","));
    return reply;
  }
  auto& match = std::get<RouteMatch>(resolved);
  request.path_params = std::move(match.params);
  if (auto denied = authorize_route(cluster, *match.route, request, *auth)) {
    return failure_reply(request, *denied);
  }
  Call call{cluster, request, *auth, *secondary};
  return match.route->handler(call);
}

}  // namespace es_sandbox
