// SPDX-License-Identifier: MIT
// The node pool: a cluster's node URLs, picked round-robin among live nodes. A node that fails
// to connect or answers 502/503/504 is dead for min(1 s × 2^(n−1), 30 s) after its n-th failure
// in a row; a 429 or a timeout does not kill a node (killing healthy nodes on timeouts is a known
// complaint about the official clients). With every node dead, the one whose backoff ends first
// is tried.
#pragma once

#include <string>
#include <vector>

#include "clock.h"
#include "url.h"

namespace escurl {

/// Nodes and their health.
class NodePool {
 public:
  NodePool(std::vector<Url> nodes, Clock& clock);

  /// Replaces the nodes (after sniffing); every node starts live.
  void replace(std::vector<Url> nodes);
  /// The node to send the next request to.
  std::size_t select();
  /// Records a failure of node `i`: it is dead until its backoff ends.
  void mark_dead(std::size_t i);
  /// Records a success of node `i`.
  void mark_live(std::size_t i);
  bool is_dead(std::size_t i) const;
  const Url& node(std::size_t i) const { return nodes_[i].url; }
  std::size_t size() const { return nodes_.size(); }
  /// The backoff after `failures` failures in a row.
  static Clock::Duration backoff(int failures);

 private:
  struct Node {
    Url url;
    int failures = 0;
    Clock::TimePoint dead_until{};
  };
  std::vector<Node> nodes_;
  Clock& clock_;
  std::size_t next_ = 0;
};

}  // namespace escurl
