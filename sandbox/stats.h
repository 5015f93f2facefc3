// SPDX-License-Identifier: MIT
// Per-node traffic counters for GET /_sandbox/stats: requests served and connections seen, a
// connection being a distinct (remote address, remote port) pair. Control API calls are not
// counted, so tests can read the stats without disturbing them.
#pragma once

#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace es_sandbox {

/// One node's counters.
struct NodeStats {
  int64_t requests = 0;
  int64_t connections = 0;
};

/// Counters for every node.
class Stats {
 public:
  /// Counters for `nodes` nodes.
  explicit Stats(size_t nodes);
  /// Counts a request from `remote_addr`:`remote_port` on `node`.
  void record(int node, const std::string& remote_addr, int remote_port);
  /// A snapshot of every node's counters.
  std::vector<NodeStats> snapshot() const;
  /// Zeroes every counter and forgets the connections seen.
  void reset();

 private:
  mutable std::mutex mutex_;
  std::vector<NodeStats> nodes_;
  std::vector<std::set<std::pair<std::string, int>>> seen_;
};

}  // namespace es_sandbox
