// SPDX-License-Identifier: MIT
#include "retry.h"

#include "catch.h"

using namespace escurl;

namespace {
Attempt status(int s, int retries = 0) {
  Attempt a;
  a.status = s;
  a.retries_so_far = retries;
  a.request_sent = true;
  return a;
}
}  // namespace

TEST_CASE("retry: transient statuses are retried, client errors are not", "[retry]") {
  std::mt19937_64 rng(1);
  const RetryOptions o;
  for (int s : {429, 502, 503, 504}) {
    CAPTURE(s);
    CHECK(decide_retry(status(s), o, rng).retry);
  }
  for (int s : {200, 400, 401, 403, 404, 409, 500}) {
    CAPTURE(s);
    CHECK_FALSE(decide_retry(status(s), o, rng).retry);
  }
  CHECK_FALSE(decide_retry(status(503, 3), o, rng).retry);  // budget spent
}

TEST_CASE("retry: nothing is retried once the output has bytes", "[retry]") {
  std::mt19937_64 rng(1);
  Attempt a = status(503);
  a.output_started = true;
  CHECK_FALSE(decide_retry(a, {}, rng).retry);
}

TEST_CASE("retry: POST only when no request byte was sent, unless --retry-all", "[retry]") {
  std::mt19937_64 rng(1);
  Attempt a = status(503);
  a.idempotent = false;
  CHECK_FALSE(decide_retry(a, {}, rng).retry);
  RetryOptions all;
  all.retry_all = true;
  CHECK(decide_retry(a, all, rng).retry);
  Attempt refused;
  refused.idempotent = false;
  refused.connection_failed = true;
  refused.request_sent = false;
  CHECK(decide_retry(refused, {}, rng).retry);
}

TEST_CASE("retry: full jitter stays under the exponential ceiling", "[retry]") {
  std::mt19937_64 rng(7);
  RetryOptions o;
  o.max_retries = 10;
  for (int n = 0; n < 8; ++n) {
    const double ceiling = std::min(o.cap_delay, o.base_delay * std::pow(2.0, n));
    for (int k = 0; k < 50; ++k) {
      const RetryDecision d = decide_retry(status(503, n), o, rng);
      REQUIRE(d.retry);
      CHECK(d.delay >= 0);
      CHECK(d.delay <= ceiling);
    }
  }
}

TEST_CASE("retry: Retry-After is honoured and capped by --retry-max-time", "[retry]") {
  std::mt19937_64 rng(1);
  Attempt a = status(429);
  a.retry_after = 2.0;
  RetryOptions o;
  CHECK(decide_retry(a, o, rng).delay == 2.0);
  o.max_time = 1.0;
  CHECK_FALSE(decide_retry(a, o, rng).retry);
  a.retry_after.reset();
  o.fixed_delay = 0.25;
  CHECK(decide_retry(a, o, rng).delay == 0.25);
}

TEST_CASE("retry: Retry-After parses seconds and HTTP dates", "[retry]") {
  CHECK(parse_retry_after("3") == 3.0);
  CHECK(parse_retry_after("0") == 0.0);
  CHECK_FALSE(parse_retry_after("soon").has_value());
  CHECK(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0);  // in the past
}

TEST_CASE("retry: idempotent methods", "[retry]") {
  CHECK(is_idempotent("GET"));
  CHECK(is_idempotent("PUT"));
  CHECK(is_idempotent("DELETE"));
  CHECK(is_idempotent("HEAD"));
  CHECK_FALSE(is_idempotent("POST"));
  CHECK_FALSE(is_idempotent("PATCH"));
}
