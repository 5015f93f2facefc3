// SPDX-License-Identifier: MIT
#include "node_pool.h"

#include "catch.h"
#include "fake_clock.h"

using namespace escurl;
using escurl::testing::FakeClock;

namespace {
std::vector<Url> three() {
  return {*parse_url("https://a:9200"), *parse_url("https://b:9200"), *parse_url("https://c:9200")};
}
}  // namespace

TEST_CASE("node_pool: round-robin over live nodes", "[node_pool]") {
  FakeClock clock;
  NodePool pool(three(), clock);
  CHECK(pool.select() == 0);
  CHECK(pool.select() == 1);
  CHECK(pool.select() == 2);
  CHECK(pool.select() == 0);
}

TEST_CASE("node_pool: a dead node is skipped until its backoff ends", "[node_pool]") {
  FakeClock clock;
  NodePool pool(three(), clock);
  pool.mark_dead(1);
  CHECK(pool.select() == 0);
  CHECK(pool.select() == 2);
  CHECK(pool.select() == 0);
  clock.advance(std::chrono::milliseconds(1001));
  CHECK_FALSE(pool.is_dead(1));
  CHECK(pool.select() == 1);
}

TEST_CASE("node_pool: backoff is min(1 s × 2^(n−1), 30 s)", "[node_pool]") {
  using std::chrono::seconds;
  CHECK(NodePool::backoff(1) == seconds(1));
  CHECK(NodePool::backoff(2) == seconds(2));
  CHECK(NodePool::backoff(3) == seconds(4));
  CHECK(NodePool::backoff(5) == seconds(16));
  CHECK(NodePool::backoff(6) == seconds(30));
  CHECK(NodePool::backoff(40) == seconds(30));
}

TEST_CASE("node_pool: with every node dead, the soonest back is tried", "[node_pool]") {
  FakeClock clock;
  NodePool pool(three(), clock);
  pool.mark_dead(0);
  pool.mark_dead(0);  // 2 s
  pool.mark_dead(2);  // 1 s
  pool.mark_dead(1);
  pool.mark_dead(1);
  pool.mark_dead(1);  // 4 s
  CHECK(pool.select() == 2);
  pool.mark_live(2);
  CHECK_FALSE(pool.is_dead(2));
}
