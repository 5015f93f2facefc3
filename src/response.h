// SPDX-License-Identifier: MIT
// The response as escurl handles it: a head (status, reason, headers in the order received) and
// a sink the body is streamed into, chunk by chunk, so no body is ever held whole.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace escurl {

/// Status line and headers of a response.
struct ResponseHead {
  std::string version = "HTTP/1.1";
  int status = 0;
  std::string reason;
  std::vector<std::pair<std::string, std::string>> headers;

  /// The first value of a header, any case.
  std::optional<std::string> header(std::string_view name) const;
};

/// Receives a response as it arrives.
class ResponseSink {
 public:
  virtual ~ResponseSink() = default;
  /// Called once, before any body byte. Return false to abort the transfer.
  virtual bool on_head(const ResponseHead& head) = 0;
  /// Called for each chunk of the body. Return false to abort the transfer.
  virtual bool on_body(const char* data, std::size_t size) = 0;
  /// Called when the transport is about to wait for more bytes: a sink that gathers output
  /// writes it out here, so that nothing received is held back while the network is slow.
  virtual void on_idle() {}
};

}  // namespace escurl
