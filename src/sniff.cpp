// SPDX-License-Identifier: MIT
#include "sniff.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace escurl {
namespace {

constexpr std::size_t kMaxNodesBody = 8 << 20;

class BoundedSink : public ResponseSink {
 public:
  bool on_head(const ResponseHead&) override { return true; }
  bool on_body(const char* data, std::size_t size) override {
    body.append(data, size);
    return body.size() <= kMaxNodesBody;
  }
  std::string body;
};

}  // namespace

Result<std::vector<Url>> parse_nodes_http(std::string_view body, std::string_view scheme) {
  const nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("nodes") ||
      !doc["nodes"].is_object()) {
    return make_error(Errc::HttpError, "--sniff: GET _nodes/http did not answer with nodes");
  }
  std::vector<Url> urls;
  for (const auto& [id, node] : doc["nodes"].items()) {
    // Every access is checked for its type first: json's get<>() throws on a mismatch.
    const auto http = node.is_object() ? node.find("http") : node.end();
    if (http == node.end()) continue;  // a node without HTTP enabled
    const auto published = http->is_object() ? http->find("publish_address") : http->end();
    if (http->is_object() && published == http->end()) continue;
    if (!http->is_object() || !published->is_string()) {
      return make_error(Errc::HttpError,
                        "--sniff: GET _nodes/http answered in an unexpected shape (a node's "
                        "http.publish_address is not a string)",
                        {"check that --url names an Elasticsearch node, or drop --sniff"});
    }
    std::string address = published->get<std::string>();
    // "hostname/1.2.3.4:9200": the name is what a certificate holds.
    if (const std::size_t slash = address.find('/'); slash != std::string::npos) {
      const std::string name = address.substr(0, slash);
      const std::string port = address.substr(address.rfind(':') + 1);
      address = name.empty() ? address.substr(slash + 1) : name + ":" + port;
    }
    Result<Url> u = parse_url(fmt::format("{}://{}", scheme, address));
    if (u) urls.push_back(std::move(*u));
  }
  if (urls.empty())
    return make_error(Errc::HttpError, "--sniff: no node publishes an HTTP address");
  return urls;
}

Result<std::vector<Url>> sniff_nodes(Client& client, const Request& base) {
  Request r = base;
  r.method = "GET";
  r.body = {};
  BoundedSink sink;
  Result<ResponseHead> head = client.execute(r, std::string("/_nodes/http"), sink);
  if (!head) return head.take_error();
  if (head->status != 200) {
    return make_error(Errc::HttpError,
                      fmt::format("--sniff: GET _nodes/http answered {}", head->status));
  }
  return parse_nodes_http(sink.body, base.url.scheme);
}

}  // namespace escurl
