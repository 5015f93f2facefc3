// SPDX-License-Identifier: MIT
// One HTTP/1.1 request and its response on a connected ByteStream: writes the head and the
// body (inline, or pulled from a source with a Content-Length or chunked), reads the status line
// and headers under ReplyMeter's limits (skipping 1xx interim answers), and streams the body,
// framed by Content-Length, chunked coding or the close, gzip-decoded on request, into callbacks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http_wire.h"
#include "reply_meter.h"
#include "response.h"
#include "socket_stream.h"

namespace escurl {

/// Pulls request body bytes into `buf` (at most `size`): > 0 bytes, 0 at the end, -1 on failure
/// (the source keeps its own error).
using BodySource = std::function<ssize_t(char* buf, std::size_t size)>;

/// What to send.
struct WireRequest {
  std::string_view method;
  std::string_view target;  ///< encoded
  std::string_view host;    ///< the Host value, used when `headers` has none
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view inline_body;  ///< used when `source` is empty
  BodySource source;             ///< streamed body: framed by `framing`
  RequestFraming framing;        ///< None, Length (inline or source) or Chunked (source)
  bool close = false;            ///< ask the server to close after the response
  bool decompress = false;       ///< decode a gzip or deflate Content-Encoding
};

/// Where the response goes; either may return false to stop.
struct WireCallbacks {
  std::function<bool(const ResponseHead&)> on_head;
  std::function<bool(const char*, std::size_t)> on_body;
};

/// How the exchange went.
struct WireOutcome {
  WireError error = WireError::None;
  std::string detail;            ///< what was wrong: for Framing, and for Decode after "gzip: "
  bool request_started = false;  ///< some request byte was written
  bool head_seen = false;        ///< the final response head was delivered
  bool stopped = false;          ///< a callback returned false
  bool reusable = false;         ///< the connection may carry another request
  std::uint64_t body_bytes = 0;  ///< body bytes delivered (decoded, when decoding)
};

/// Runs one exchange. Failures of `stream` are noted in `meter` (read_failed) for the reason.
WireOutcome run_exchange(ByteStream& stream, const WireRequest& request, ReplyMeter& meter,
                         const WireCallbacks& callbacks);

}  // namespace escurl
