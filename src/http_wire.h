// SPDX-License-Identifier: MIT
// HTTP/1.1 as bytes, with no I/O: the request head escurl writes, the response status line and
// header lines it reads, how the response body is framed (RFC 9112 section 6.3), and a chunked
// decoder that takes the body in whatever pieces the network delivers. The transport
// (http_exchange.h) is the only user; everything here is tested and fuzzed on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace escurl {

/// Whether two field names (or tokens) are equal ignoring ASCII case, as HTTP compares them.
bool field_name_equal(std::string_view a, std::string_view b);

/// How the request body goes on the wire.
struct RequestFraming {
  enum class Kind { None, Length, Chunked } kind = Kind::None;
  std::uint64_t length = 0;  ///< Length: the Content-Length
};

/// The request line and header block, ending with the empty line. `headers` are written in
/// order; Host comes first. Content-Length or Transfer-Encoding follows `framing`, and
/// "Connection: close" is added when `close` is true and no Connection header is given.
/// Framing headers in `headers` are the caller's to have removed.
std::string request_head(std::string_view method, std::string_view target, std::string_view host,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         const RequestFraming& framing, bool close);

/// "HTTP/1.1 200 OK" (CRLF removed) → its parts; nullopt when it is not an HTTP/1.x status line.
struct StatusLine {
  std::string version;  ///< "HTTP/1.1"
  int status = 0;
  std::string reason;
};
std::optional<StatusLine> parse_status_line(std::string_view line);

/// "Name: value" (CRLF removed) → name and value without surrounding blanks; nullopt when the
/// name is not an HTTP token or there is no colon (a folded continuation line included).
std::optional<std::pair<std::string, std::string>> parse_header_line(std::string_view line);

/// How a response body ends.
struct BodyFraming {
  enum class Kind { None, Length, Chunked, UntilClose } kind = Kind::None;
  std::uint64_t length = 0;  ///< Length: bytes to read
};

/// The framing of a response to `method` with `status` and `headers`, or an error message for a
/// head that frames its body ambiguously (differing or malformed Content-Length values).
struct FramingOrError {
  BodyFraming framing;
  std::string error;  ///< empty when framing is valid
};
FramingOrError response_framing(std::string_view method, int status,
                                const std::vector<std::pair<std::string, std::string>>& headers);

/// Whether the connection may carry another request after this response (its body read whole).
bool response_allows_reuse(const StatusLine& status,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const BodyFraming& framing);

/// Decodes a chunked body fed in arbitrary pieces. Chunk extensions and trailers are read and
/// dropped; a chunk-size line or trailer line longer than its limit is an error.
class ChunkedDecoder {
 public:
  /// Result of one feed().
  enum class Status { More, Done, Error };

  /// Decodes what it can of `data`; appends payload pieces to `out` as (pointer into data, size)
  /// pairs; sets `consumed` to the bytes of `data` used (less than size only when Done: the rest
  /// belongs to the next response). On Error, error() says what was wrong.
  Status feed(const char* data, std::size_t size,
              std::vector<std::pair<const char*, std::size_t>>& out, std::size_t& consumed);
  const std::string& error() const { return error_; }
  bool done() const { return state_ == State::Done; }

 private:
  enum class State { Size, Data, DataCr, DataLf, Trailer, Done, Failed };
  Status fail(std::string message);
  Status take_size_line();

  static constexpr std::size_t kMaxLine = 4096;
  State state_ = State::Size;
  std::string line_;
  std::uint64_t remaining_ = 0;
  std::size_t trailer_bytes_ = 0;
  std::string error_;
};

}  // namespace escurl

namespace escurl {

/// Why an HTTP exchange failed on the wire, before classification into an Errc.
enum class WireError {
  None,
  Resolve,              ///< the host name did not resolve
  Connection,           ///< no TCP connection could be made
  ConnectionTimeout,    ///< the TCP connection did not come up in time
  TlsHandshake,         ///< the TLS handshake failed (trust failures included)
  TlsHandshakeTimeout,  ///< the TLS handshake did not finish in time
  Write,                ///< sending the request failed
  Read,                 ///< receiving failed or the connection ended early
  Framing,              ///< the response head or body framing is malformed
  Decode,               ///< the Content-Encoding could not be decoded
  BodySource,           ///< reading the request body (file, stdin) failed
  Canceled,             ///< cancelled by --max-time or SIGINT
};

}  // namespace escurl
