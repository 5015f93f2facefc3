// SPDX-License-Identifier: MIT
#include "retry.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

namespace escurl {

bool is_retryable_status(int status) {
  switch (status) {
    case 429:  // too many requests: the cluster asks us to slow down
    case 502:  // bad gateway: a proxy in front of a restarting node
    case 503:  // unavailable: the node is starting, stopping or has no master
    case 504:  // gateway timeout
      return true;
    default:  // 401/403 will not change on their own; other 4xx are the request's fault
      return false;
  }
}

bool is_idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
         method == "OPTIONS";
}

std::optional<double> parse_retry_after(std::string_view value) {
  double seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) return seconds;
  std::tm tm{};
  const std::string text(value);
  if (strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
  const std::time_t at = timegm(&tm);
  return std::max(0.0, std::difftime(at, std::time(nullptr)));
}

RetryDecision decide_retry(const Attempt& a, const RetryOptions& o, std::mt19937_64& rng) {
  RetryDecision d;
  if (a.output_started || a.retries_so_far >= o.max_retries) return d;
  if (a.connection_failed) {
    d.reason = "connection failed";
  } else if (is_retryable_status(a.status)) {
    d.reason = fmt::format("HTTP {}", a.status);
  } else {
    return d;
  }
  if (!a.idempotent && a.request_sent && !o.retry_all) return {};
  if (a.retry_after) {
    d.delay = *a.retry_after;
  } else if (o.fixed_delay) {
    d.delay = *o.fixed_delay;
  } else {
    // Full jitter: a uniform wait up to the exponential ceiling, so clients spread out.
    const double ceiling = std::min(o.cap_delay, o.base_delay * std::pow(2.0, a.retries_so_far));
    d.delay = std::uniform_real_distribution<double>(0, ceiling)(rng);
  }
  const double left = o.max_time - a.waited_so_far;
  if (d.delay > left) return {};  // waiting would overrun --retry-max-time
  d.retry = true;
  return d;
}

}  // namespace escurl
