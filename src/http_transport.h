// SPDX-License-Identifier: MIT
// The real Transport: escurl's own HTTP/1.1 exchange (http_exchange.h) on its own connections
// (http_connection.h), TLS verified by tls.h inside the handshake. Bodies stream both ways:
// regular files by pread at their offsets, stdin and other files in chunks, responses into the
// sink. Wire failures become Errc values in transport_errors.cpp.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "http_exchange.h"
#include "transport.h"

namespace escurl {

/// Sends requests, keeping one connection alive per node (origin) for the life of the object.
class HttpTransport : public Transport {
 public:
  explicit HttpTransport(TransportOptions options);
  ~HttpTransport() override;
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;
  Result<ResponseHead> send(const Request& request, ResponseSink& sink, SendInfo& info) override;
  /// How many nodes were connected to so far (for -v and tests).
  int connections_opened() const { return connections_opened_; }

 private:
  struct Connection;
  Result<Connection*> connection_for(const Url& url);
  Result<void> set_up_tls(Connection& c, const Url& url);
  WireRequest wire_request(const Request& request, const std::string& target) const;
  Result<ResponseHead> exchange_once(Connection& c, const Request& request, ResponseSink& sink,
                                     SendInfo& info);

  TransportOptions options_;
  std::map<std::string, std::unique_ptr<Connection>> connections_;
  int connections_opened_ = 0;
};

}  // namespace escurl
