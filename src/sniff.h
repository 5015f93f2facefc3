// SPDX-License-Identifier: MIT
// Sniffing: reads GET /_nodes/http once at start and turns every node's publish address into a
// node URL, keeping the scheme (and so TLS settings) of the URL it was asked through.
#pragma once

#include <string_view>
#include <vector>

#include "client.h"
#include "error.h"
#include "url.h"

namespace escurl {

/// Parses a _nodes/http response into node URLs with `scheme`. Addresses take the forms
/// "1.2.3.4:9200", "host/1.2.3.4:9200" (the name is kept) and "[::1]:9200".
Result<std::vector<Url>> parse_nodes_http(std::string_view body, std::string_view scheme);

/// Asks the cluster for its nodes with the headers (and credentials) of `base`.
Result<std::vector<Url>> sniff_nodes(Client& client, const Request& base);

}  // namespace escurl
