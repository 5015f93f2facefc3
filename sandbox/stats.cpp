// SPDX-License-Identifier: MIT
#include "stats.h"

namespace es_sandbox {

Stats::Stats(size_t nodes) : nodes_(nodes), seen_(nodes) {}

void Stats::record(int node, const std::string& remote_addr, int remote_port) {
  std::lock_guard lock(mutex_);
  const auto i = static_cast<size_t>(node);
  if (i >= nodes_.size()) return;
  ++nodes_[i].requests;
  if (seen_[i].emplace(remote_addr, remote_port).second) ++nodes_[i].connections;
}

std::vector<NodeStats> Stats::snapshot() const {
  std::lock_guard lock(mutex_);
  return nodes_;
}

void Stats::reset() {
  std::lock_guard lock(mutex_);
  for (auto& n : nodes_) n = NodeStats{};
  for (auto& s : seen_) s.clear();
}

}  // namespace es_sandbox
