// SPDX-License-Identifier: MIT
// The real Transport over cpp-httplib (plain) and its SSLClient (TLS, verified by tls.h). Bodies
// stream both ways: files by pread at their offsets, stdin in chunks, responses into the sink.
// This is the only place httplib and OpenSSL errors become Errc values.
#pragma once

#include "transport.h"

namespace escurl {

/// Sends each request on its own connection (keep-alive across requests comes later).
class HttpTransport : public Transport {
 public:
  explicit HttpTransport(TransportOptions options) : options_(std::move(options)) {}
  Result<ResponseHead> send(const Request& request, ResponseSink& sink) override;

 private:
  TransportOptions options_;
};

}  // namespace escurl
