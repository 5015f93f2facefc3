// SPDX-License-Identifier: MIT
// Fault injection for tests: what a fault does (status, delay, trickled body, reset, close
// without reply, garbage status line), which requests it hits (path glob, method, node) and how
// many times. Parses the --fault text form and the control API's JSON form; a mutex guards the set.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.h"
#include "es_json.h"

namespace es_sandbox {

using escurl::Result;

/// One fault. Keys are the same in the text form ("path=/_search,status=503,count=2") and in
/// JSON ({"path":"/_search","status":503,"count":2}).
struct FaultSpec {
  int id = 0;                   ///< assigned by FaultSet::add
  std::string path = "*";       ///< glob over the request path ('*' matches anything)
  std::string method;           ///< empty: any method
  int node = -1;                ///< -1: any node
  int count = -1;               ///< firings left; -1: until cleared
  int status = 0;               ///< reply with this status instead of the real response
  int retry_after = -1;         ///< with status: a Retry-After header (seconds)
  int delay_ms = 0;             ///< wait this long before sending the head
  int trickle_bytes = 0;        ///< send the body this many bytes at a time...
  int trickle_interval_ms = 0;  ///< ...this far apart
  int reset_after = -1;         ///< reset the connection after this many body bytes
  bool close = false;           ///< close the connection without any reply
  bool garbage = false;         ///< answer with a garbage status line, then close
};

/// Parses the text form: comma-separated key=value pairs; `close` and `garbage` take no value.
Result<FaultSpec> parse_fault(std::string_view text);

/// Parses the JSON form (an object with the same keys; close/garbage are booleans).
Result<FaultSpec> fault_from_json(const Json& json);

/// The JSON form of `fault`, including its id and remaining count.
Json fault_to_json(const FaultSpec& fault);

/// The active faults of a cluster.
class FaultSet {
 public:
  /// Adds a fault and returns its id.
  int add(FaultSpec fault);
  /// The first active fault matching the request, consuming one of its firings.
  std::optional<FaultSpec> take(int node, std::string_view method, std::string_view path);
  /// Removes every fault; returns how many there were.
  size_t clear();
  /// The active faults in the order they were added.
  std::vector<FaultSpec> list() const;
  /// How many times any fault has fired.
  int64_t fired() const;

 private:
  mutable std::mutex mutex_;
  std::vector<FaultSpec> faults_;
  int next_id_ = 1;
  int64_t fired_ = 0;
};

}  // namespace es_sandbox
