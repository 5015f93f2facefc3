// SPDX-License-Identifier: MIT
// HTTP/1.1 on the server side, as much as es-sandbox needs: reading one request (request line,
// headers, a body framed by Content-Length or chunked, Expect: 100-continue, keep-alive), URL and
// query decoding, reason phrases and the response head.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connection.h"

namespace es_sandbox {

/// Header name/value pairs in wire order.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// One request as read from the wire.
struct HttpRequest {
  std::string method;
  std::string target;  ///< raw request target (path and query)
  std::string version;
  HeaderList headers;
  std::string body;
  bool keep_alive = true;  ///< whether the connection may serve another request

  /// The first header called `name` (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
};

/// The outcome of reading a request.
enum class ReadResult {
  Ok,         ///< a complete request
  Closed,     ///< the peer closed (or went idle) between requests
  Malformed,  ///< not HTTP/1.x: answer 400 and close
  TooLarge,   ///< head or body over the limit: answer 413 and close
};

/// Reads the next request from `connection`; `buffer` carries bytes read past its end.
ReadResult read_request(Connection& connection, std::string& buffer, HttpRequest& request);

/// Percent-decodes `text`; with `plus_as_space`, '+' means ' ' (query strings).
std::string url_decode(std::string_view text, bool plus_as_space);

/// Splits a request target into its decoded path and decoded query parameters.
void split_target(const std::string& target, std::string& path,
                  std::multimap<std::string, std::string>& params);

/// The reason phrase for `status` ("Unauthorized"), or "Unknown".
std::string_view reason_phrase(int status);

/// "HTTP/1.1 <status> <reason>\r\n", the headers, and the blank line.
std::string response_head(int status, const HeaderList& headers);

}  // namespace es_sandbox
