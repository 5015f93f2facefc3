// SPDX-License-Identifier: MIT
// One REST request through the emulated Elasticsearch: authentication (run-as included), then
// secondary authentication, then routing, then authorization of the route's action, then the
// handler. Transport-neutral: server.cpp feeds it ApiRequests.
#pragma once

#include "api.h"
#include "cluster.h"
#include "router.h"

namespace es_sandbox {

/// Answers `request` on behalf of `cluster`, using `router`'s table.
ApiReply dispatch(Cluster& cluster, const Router& router, ApiRequest& request);

}  // namespace es_sandbox
