// SPDX-License-Identifier: MIT
// The network side of es-sandbox: one listener per node on 127.0.0.1, one thread per
// connection, HTTP/1.1 keep-alive over plain TCP or TLS, all nodes over one shared Cluster.
// Per request: control API, else injected fault, else the emulated Elasticsearch; replies carry
// the headers Elasticsearch sends (X-elastic-product except on 401/403, X-Opaque-Id echoed).
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api.h"
#include "cluster.h"
#include "connection.h"
#include "error.h"
#include "faults.h"
#include "http_codec.h"
#include "router.h"

namespace es_sandbox {

/// The node certificate chain (leaf then CA) and its private key, as PEM files.
struct TlsFiles {
  std::string cert_chain_path;
  std::string key_path;
};

/// Every node's listener and connections.
class ServerGroup {
 public:
  /// Servers for each of `cluster`'s nodes; HTTPS with `tls`, plain HTTP without.
  ServerGroup(Cluster& cluster, std::optional<TlsFiles> tls);
  ~ServerGroup();
  ServerGroup(const ServerGroup&) = delete;
  ServerGroup& operator=(const ServerGroup&) = delete;

  /// Binds node i to 127.0.0.1:`first_port`+i, or to ephemeral ports when `first_port` is 0,
  /// and records the ports in the cluster's node list.
  Result<void> bind(int first_port);
  /// Starts accepting connections on every node.
  void start();
  /// Stops accepting, interrupts every connection and joins every thread; idempotent.
  void stop();

 private:
  struct Worker {
    std::thread thread;
    std::shared_ptr<Connection> connection;
    std::shared_ptr<std::atomic<bool>> done;
  };

  void accept_loop(size_t node);
  void reap_finished_workers();
  void serve_connection(size_t node, Connection& connection);
  bool serve_request(size_t node, Connection& connection, const HttpRequest& http);
  bool send_reply(Connection& connection, const HttpRequest& http, const ApiRequest& request,
                  const ApiReply& reply, const std::optional<FaultSpec>& fault);
  void pause(int milliseconds) const;

  Cluster& cluster_;
  Router router_;
  std::optional<TlsFiles> tls_files_;
  std::optional<TlsContext> tls_;
  std::vector<int> listeners_;
  std::vector<std::thread> acceptors_;
  std::mutex workers_mutex_;
  std::list<Worker> workers_;
  std::atomic<bool> stopping_{false};
  bool stopped_ = false;
};

/// Converts a request read from the wire into an ApiRequest for `node`.
ApiRequest to_api_request(int node, const HttpRequest& http);

}  // namespace es_sandbox
