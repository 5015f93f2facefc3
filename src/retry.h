// SPDX-License-Identifier: MIT
// The retry policy, as a pure function: which outcomes are retried, how long to wait, and when
// the budget is spent. Retried: connection failures, 502, 503, 504 and 429 (honouring
// Retry-After, capped by --retry-max-time). Not retried: 401, 403, other 4xx, timeouts, and
// anything once response bytes reached the output. Non-idempotent requests (POST, PATCH) are
// retried only when no request byte was sent, unless --retry-all.
#pragma once

#include <optional>
#include <random>
#include <string>

#include "clock.h"

namespace escurl {

/// --retry, --retry-delay, --retry-max-time, --retry-all.
struct RetryOptions {
  int max_retries = 3;
  std::optional<double> fixed_delay;  ///< --retry-delay: the same wait every time
  double base_delay = 0.5;            ///< first backoff ceiling, doubled per retry
  double cap_delay = 30;              ///< backoff ceiling
  double max_time = 120;              ///< total seconds that may be spent waiting to retry
  bool retry_all = false;
};

/// What happened on one attempt.
struct Attempt {
  int retries_so_far = 0;
  bool idempotent = true;
  bool request_sent = false;    ///< a request byte may have reached the server
  bool output_started = false;  ///< response bytes reached the output
  bool connection_failed = false;
  int status = 0;                     ///< 0 when no response head arrived
  std::optional<double> retry_after;  ///< seconds, from a Retry-After header
  double waited_so_far = 0;           ///< seconds already slept for retries
};

/// The policy's answer.
struct RetryDecision {
  bool retry = false;
  double delay = 0;    ///< seconds to wait first
  std::string reason;  ///< why, for -v ("503 Service Unavailable", "connection failed")
};

/// True for the statuses worth another try: 429, 502, 503, 504.
bool is_retryable_status(int status);

/// True for methods that may safely be sent twice.
bool is_idempotent(std::string_view method);

/// Decides whether to retry; `rng` draws the jitter.
RetryDecision decide_retry(const Attempt& a, const RetryOptions& o, std::mt19937_64& rng);

/// Parses Retry-After: delta seconds, or an HTTP date (seconds from now). nullopt if neither.
std::optional<double> parse_retry_after(std::string_view value);

}  // namespace escurl
