// SPDX-License-Identifier: MIT
// Runs a parsed batch over shared connections: one Client (and kept-alive connection per node)
// for a sequential batch, N for --parallel N, with output kept in input order. Text output
// streams each response (on a terminal, preceded by its request line); --batch-format ndjson
// writes one JSON object per request. The exit code is that of the first failing request.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "batch.h"
#include "client.h"
#include "es_error.h"
#include "options.h"
#include "output.h"
#include "request.h"
#include "transport.h"

namespace escurl {

/// Everything a batch run needs besides its requests.
struct BatchContext {
  const Options& options;
  const Request& base;  ///< headers and credentials every request carries
  AuthContext auth;
  bool stdout_tty = false;
  /// Makes a transport (one per parallel worker).
  std::function<std::unique_ptr<Transport>()> make_transport;
  ClientOptions client_options;
};

/// Runs the batch, writing to `out`; returns the exit code.
int run_batch(const BatchContext& ctx, const std::vector<BatchRequest>& requests, Output& out);

}  // namespace escurl
