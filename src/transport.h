// SPDX-License-Identifier: MIT
// Transport: sends one Request and streams the response into a ResponseSink. The interface is
// the main test seam; http_transport.h is the real one over cpp-httplib and OpenSSL.
#pragma once

#include <optional>
#include <string>

#include "error.h"
#include "request.h"
#include "response.h"
#include "tls.h"

namespace escurl {

/// Connection settings shared by every request of a run.
struct TransportOptions {
  TlsOptions tls;
  double connect_timeout = 10;     ///< seconds
  double read_timeout = 300;       ///< seconds without a byte
  std::optional<double> max_time;  ///< seconds for the whole transfer
};

/// Sends requests.
class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `request`; the head and body go to `sink` as they arrive. Errors are classified Errc.
  virtual Result<ResponseHead> send(const Request& request, ResponseSink& sink) = 0;
};

}  // namespace escurl
