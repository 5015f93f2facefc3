// SPDX-License-Identifier: MIT
// ConnectProxy: a minimal HTTP CONNECT proxy on 127.0.0.1 and an ephemeral port, for tests only.
// It reads one request head per client connection, optionally demands Basic credentials (407
// otherwise), records what it saw, opens the tunnel upstream and splices bytes both ways until
// either side closes. Owns its listening socket and one thread per client; the destructor shuts
// every socket down and joins every thread.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace escurl::testing {

/// A running CONNECT proxy. Non-copyable, non-movable.
class ConnectProxy {
 public:
  /// user and password a client must send as `Proxy-Authorization: Basic <b64(user:pass)>`.
  using Credentials = std::pair<std::string, std::string>;

  /// Starts listening; with `required_credentials` every CONNECT without them gets a 407. A
  /// refusal (407, 405, ...) always ends the connection; `announce_close` says whether its head
  /// carries `Connection: close` (real proxies differ, and clients must cope with both).
  explicit ConnectProxy(std::optional<Credentials> required_credentials = {},
                        bool announce_close = true);
  /// Stops accepting, shuts down every client and upstream socket, joins every thread.
  ~ConnectProxy();
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  /// Whether the proxy is listening; if not, error() says why.
  bool ok() const { return port_ > 0; }
  /// Why the proxy did not start.
  const std::string& error() const { return error_; }
  /// The bound port (0 if not listening).
  int port() const { return port_; }
  /// "http://127.0.0.1:PORT".
  std::string url() const;
  /// The "host:port" of every CONNECT request, in arrival order, whether or not it was allowed.
  std::vector<std::string> targets() const;
  /// The Proxy-Authorization value of every CONNECT request, parallel to targets() ("" if absent).
  std::vector<std::string> authorizations() const;
  /// Every request head verbatim (request line and header lines, up to the blank line), CONNECT
  /// or not, in arrival order.
  std::vector<std::string> heads() const;
  /// How many tunnels were established (answered "200 Connection established").
  int tunnels() const { return tunnels_.load(); }
  /// How many CONNECT requests were refused with 407.
  int refusals() const { return refusals_.load(); }

 private:
  void accept_loop();
  void serve(int client);
  void splice(int client, int upstream, std::string pending);
  /// Answers `status` with an empty body (plus `extra` header lines) and closes the connection.
  void refuse(int client, const std::string& status, const std::string& extra = {});
  /// Registers `fd` for shutdown by the destructor; false (and `fd` closed) if stopping already.
  bool track(int fd);
  /// Unregisters and closes `fd`.
  void release(int fd);

  std::optional<Credentials> required_;
  bool announce_close_ = true;
  int listen_fd_ = -1;
  int port_ = 0;
  std::string error_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> tunnels_{0};
  std::atomic<int> refusals_{0};
  mutable std::mutex mu_;
  std::set<int> open_fds_;
  std::vector<std::thread> workers_;
  std::vector<std::string> targets_;
  std::vector<std::string> authorizations_;
  std::vector<std::string> heads_;
  std::thread acceptor_;
};

}  // namespace escurl::testing
