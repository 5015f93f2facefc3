// SPDX-License-Identifier: MIT
#include "node_pool.h"

#include <algorithm>

namespace escurl {

NodePool::NodePool(std::vector<Url> nodes, Clock& clock) : clock_(clock) {
  for (Url& u : nodes) nodes_.push_back({std::move(u)});
}

void NodePool::replace(std::vector<Url> nodes) {
  nodes_.clear();
  for (Url& u : nodes) nodes_.push_back({std::move(u)});
  next_ = 0;
}

Clock::Duration NodePool::backoff(int failures) {
  const int shift = std::clamp(failures - 1, 0, 5);  // 2^5 s already exceeds the 30 s cap
  return std::min<Clock::Duration>(std::chrono::seconds(1LL << shift), std::chrono::seconds(30));
}

bool NodePool::is_dead(std::size_t i) const {
  return nodes_[i].failures > 0 && clock_.now() < nodes_[i].dead_until;
}

std::size_t NodePool::select() {
  for (std::size_t tried = 0; tried < nodes_.size(); ++tried) {
    const std::size_t i = next_;
    next_ = (next_ + 1) % nodes_.size();
    if (!is_dead(i)) return i;
  }
  // Every node is dead: try the one that comes back first.
  const auto soonest =
      std::min_element(nodes_.begin(), nodes_.end(),
                       [](const Node& a, const Node& b) { return a.dead_until < b.dead_until; });
  return static_cast<std::size_t>(soonest - nodes_.begin());
}

void NodePool::mark_dead(std::size_t i) {
  Node& n = nodes_[i];
  ++n.failures;
  n.dead_until = clock_.now() + backoff(n.failures);
}

void NodePool::mark_live(std::size_t i) {
  nodes_[i].failures = 0;
  nodes_[i].dead_until = {};
}

}  // namespace escurl
