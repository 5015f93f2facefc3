// SPDX-License-Identifier: MIT
// The sandbox-only control API under /_sandbox (no authentication, not part of Elasticsearch):
// POST/GET/DELETE /_sandbox/faults to manage injected faults, GET/DELETE /_sandbox/stats for
// per-node connection and request counters.
#pragma once

#include <string_view>

#include "api.h"
#include "cluster.h"

namespace es_sandbox {

/// The path prefix of the control API.
inline constexpr std::string_view kControlPrefix = "/_sandbox";

/// Whether `path` belongs to the control API.
bool is_control_path(std::string_view path);

/// Answers a control API request.
ApiReply handle_control(Cluster& cluster, const ApiRequest& request);

/// The reply an injected status fault gives: an Elasticsearch-shaped error with that status.
ApiReply fault_status_reply(const ApiRequest& request, const FaultSpec& fault);

}  // namespace es_sandbox
