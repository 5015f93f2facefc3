// SPDX-License-Identifier: MIT
// How a failed exchange is explained: the wire failure, OpenSSL's reasons and what the exchange saw
// (head or not, body bytes, what ReplyMeter counted, a deadline or an interrupt) become one Errc
// and message. The only place wire and OpenSSL errors are translated.
#pragma once

#include <cstdint>
#include <optional>

#include "error.h"
#include "http_wire.h"
#include "reply_meter.h"
#include "tls.h"
#include "transport.h"
#include "url.h"

namespace escurl {

/// What happened on one exchange up to its failure.
struct ExchangeFacts {
  bool head_seen = false;
  std::uint64_t body_bytes = 0;
  std::optional<Error> body_source_error;  ///< reading the request body failed
  bool deadline_hit = false;               ///< --max-time stopped it
  bool interrupted = false;                ///< SIGINT stopped it
  const ReplyMeter* meter = nullptr;       ///< what arrived; null when nothing was metered
};

/// How a send failed on the wire.
struct WireFailure {
  WireError error = WireError::None;
  std::string detail;         ///< the system's or the parser's words, when there are any
  bool request_sent = false;  ///< some request byte was written
};

/// The error for a send that failed as `failure`.
Error classify(const WireFailure& failure, const Url& url, const ExchangeFacts& facts,
               const TransportOptions& options, const TlsVerifier* verifier);

}  // namespace escurl
