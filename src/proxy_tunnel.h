// SPDX-License-Identifier: MIT
// ProxyTunnel: escurl's own HTTP CONNECT through a proxy, handed to the connection as a port on
// 127.0.0.1, so that a reconnect after an idle close gets a fresh tunnel the same way the first
// connection got its own; the CONNECT and its answer (a refusal explained) are ours.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "error.h"
#include "transport.h"

namespace escurl {

/// Where a tunnel leads and how long its set-up may take.
struct TunnelTarget {
  std::string host;             ///< the cluster's host, as in the URL (no brackets)
  int port = 0;                 ///< the cluster's port
  double timeout_seconds = 10;  ///< for connecting to the proxy and reading its answer
};

/// The status of a proxy's answer head ("HTTP/1.1 407 Proxy Authentication Required\r\n…" →
/// 407, with `reason` set to the phrase); -1 when the head is not HTTP/1.x.
int parse_connect_status(std::string_view head, std::string& reason);

/// An open CONNECT tunnel and the loopback relay in front of it. The relay accepts the HTTP
/// client's connections on local_port(); the first uses the tunnel opened by open(), each later
/// one (a reconnect after an idle close) opens a fresh tunnel. Non-copyable; the destructor shuts
/// every socket down and joins the relay thread.
class ProxyTunnel {
 public:
  /// Connects to the proxy and asks for a tunnel to `target`. Errors: Resolve/Connect/Timeout
  /// for the proxy itself, ProxyRefused when it answers other than 2xx (407 explained).
  static Result<std::unique_ptr<ProxyTunnel>> open(const ProxyOptions& proxy,
                                                   const TunnelTarget& target);
  ~ProxyTunnel();
  ProxyTunnel(const ProxyTunnel&) = delete;
  ProxyTunnel& operator=(const ProxyTunnel&) = delete;

  /// The 127.0.0.1 port the HTTP client connects to instead of the cluster.
  int local_port() const;

  struct State;

 private:
  explicit ProxyTunnel(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace escurl
