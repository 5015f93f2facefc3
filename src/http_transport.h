// SPDX-License-Identifier: MIT
// The real Transport over cpp-httplib (plain) and its SSLClient (TLS, verified by tls.h). Bodies
// stream both ways: files by pread at their offsets, stdin in chunks, responses into the sink.
// httplib and OpenSSL errors become Errc values only here and in transport_errors.cpp.
#pragma once

#include <map>
#include <memory>

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
  /// How many connections were opened so far (for -v and tests).
  int connections_opened() const { return connections_opened_; }

 private:
  struct Connection;
  Result<Connection*> connection_for(const Url& url);
  Result<ResponseHead> exchange_once(Connection& c, const Request& request, ResponseSink& sink,
                                     SendInfo& info);

  TransportOptions options_;
  std::map<std::string, std::unique_ptr<Connection>> connections_;
  int connections_opened_ = 0;
};

}  // namespace escurl
