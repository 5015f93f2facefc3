// SPDX-License-Identifier: MIT
// Batch files in Kibana Dev Tools Console syntax: a "METHOD path" line, then an optional body —
// JSON over several lines, or NDJSON documents for _bulk and _msearch (each condensed to one
// line, as Console does) — with # and // comments and blank lines between requests. The whole
// file is parsed before anything is sent, so a syntax error sends nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "error.h"

namespace escurl {

/// One request of a batch.
struct BatchRequest {
  int line = 0;        ///< 1-based line of the request line
  std::string method;  ///< upper case
  std::string path;    ///< as written, starting with '/'
  bool has_body = false;
  std::string body;  ///< JSON as written, or NDJSON lines each ending in '\n'
};

/// Parses a batch; errors are Usage errors naming `source:line`.
Result<std::vector<BatchRequest>> parse_batch(std::string_view text, std::string_view source);

}  // namespace escurl
