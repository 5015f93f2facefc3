// SPDX-License-Identifier: MIT
// Transport: sends one Request and streams the response into a ResponseSink. The interface is
// the main test seam; http_transport.h is the real one, escurl's own HTTP/1.1 over OpenSSL.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "error.h"
#include "request.h"
#include "response.h"
#include "tls.h"

namespace escurl {

/// An HTTP proxy that https requests are tunnelled through (CONNECT).
struct ProxyOptions {
  std::string host;
  int port = 0;
  std::optional<std::string> user;
  std::optional<Secret> password;
};

/// Connection settings shared by every request of a run.
struct TransportOptions {
  TlsOptions tls;
  double connect_timeout = 10;     ///< seconds
  double read_timeout = 300;       ///< seconds without a byte
  std::optional<double> max_time;  ///< seconds for the whole transfer
  bool keep_alive = true;          ///< reuse one connection per node
  bool decompress = false;         ///< --compressed: decode gzip responses
  std::optional<ProxyOptions> proxy;
  /// --resolve: "host:port" → the address to connect to instead of resolving host.
  std::vector<std::pair<std::string, std::string>> resolve;
  /// Receives one line per new connection ("connecting to https://…"), for -v.
  std::function<void(const std::string&)> trace;
  /// Receives the request body bytes handed to the connection so far and the body's size when
  /// known, for the progress line. Not called for bodies given inline.
  std::function<void(std::uint64_t sent, std::optional<std::uint64_t> total)> upload_progress;
};

/// How long a connection may take to come up: --connect-timeout, within --max-time.
inline double connect_seconds(const TransportOptions& o) {
  return o.max_time && *o.max_time < o.connect_timeout ? *o.max_time : o.connect_timeout;
}

/// Facts about one send, for the retry policy.
struct SendInfo {
  bool request_sent = false;       ///< request bytes may have reached the server
  bool connection_failed = false;  ///< no connection was made, so nothing was sent
  bool reused_connection = false;  ///< the request went on a kept-alive connection
  /// When the TCP connection was up (the send's start, for a kept-alive connection); for
  /// --write-out's time_connect.
  std::optional<std::chrono::steady_clock::time_point> connected_at;
  /// When the TLS handshake finished (the send's start, for a kept-alive connection).
  std::optional<std::chrono::steady_clock::time_point> tls_done_at;
};

/// Sends requests.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `request`; the head and body go to `sink` as they arrive. Errors are classified Errc.
  virtual Result<ResponseHead> send(const Request& request, ResponseSink& sink, SendInfo& info) = 0;
};

}  // namespace escurl
