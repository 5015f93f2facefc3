// SPDX-License-Identifier: MIT
// How a failed exchange is explained: httplib's error, OpenSSL's reasons and what the exchange saw
// (head or not, body bytes, what ReplyMeter counted, a deadline or an interrupt) become one Errc
// and message. With http_transport.cpp, the only place httplib and OpenSSL errors are translated.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <optional>

#include "error.h"
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

/// The error for a send that httplib reported as `err`.
Error classify(httplib::Error err, const Url& url, const ExchangeFacts& facts,
               const TransportOptions& options, const TlsVerifier* verifier);

/// Whether `err` means no request byte left escurl.
bool nothing_sent(httplib::Error err);

}  // namespace escurl
