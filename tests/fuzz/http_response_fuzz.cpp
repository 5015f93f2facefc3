// SPDX-License-Identifier: MIT
// The response path through the real transport code: what a server sends back (status line,
// headers, a body framed by length, chunks or the close, gzip or not, cut anywhere) is written
// into a socketpair and read by run_exchange over the real PlainStream; a failure is then
// explained by classify(), as HttpTransport does. Never crashes or hangs; what it delivers never
// exceeds what a decoded body could be, a clean result has a final status, and every failure
// gets a real classification with a message.
//
// Input: one flags byte, one piece-length byte, then the server's bytes.
//   flags bit 0  HEAD instead of GET
//   flags bit 1  decode gzip and deflate (--compressed)
//   flags bit 2  deliver the bytes in pieces of the piece length (at most 8, the last takes the
//                rest), each read separately (a SOCK_SEQPACKET pair keeps the boundaries)
//   flags bit 3  the server's end is closed before the request is written: the write fails,
//                and what the server sent is still read
//   flags bit 4  after the bytes, the connection is reset (ECONNRESET) instead of closed
//   flags bit 5  POST with a small body instead (Content-Length framing on the request)
//   flags bit 6  after a reusable response, a second exchange on the same connection
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "http_exchange.h"
#include "transport_errors.h"

namespace {

constexpr std::size_t kMaxInput = 60 * 1024;  // under one read of the reader, and one record
constexpr std::size_t kMaxPieces = 8;         // under net.unix.max_dgram_qlen's default of 10

struct Choices {
  bool head = false;
  bool decompress = false;
  bool pieces = false;
  bool closed_first = false;
  bool reset = false;
  bool post = false;
  bool again = false;
  std::size_t piece_length = 0;
};

Choices choices_from(std::uint8_t flags, std::uint8_t piece_length) {
  Choices c;
  c.head = (flags & 0x01) != 0;
  c.decompress = (flags & 0x02) != 0;
  c.pieces = (flags & 0x04) != 0;
  c.closed_first = (flags & 0x08) != 0;
  c.reset = (flags & 0x10) != 0;
  c.post = (flags & 0x20) != 0 && !c.head;
  c.again = (flags & 0x40) != 0;
  c.piece_length = piece_length == 0 ? kMaxInput : piece_length;
  return c;
}

// Writes the server's side into `fd`, then ends it as chosen; false when the pair cannot take it.
bool play_server(int fd, int client, std::string_view reply, const Choices& c) {
  std::size_t at = 0;
  for (std::size_t piece = 0; at < reply.size(); ++piece) {
    const std::size_t want = c.pieces && piece + 1 < kMaxPieces
                                 ? std::min(c.piece_length, reply.size() - at)
                                 : reply.size() - at;
    const ssize_t n = ::send(fd, reply.data() + at, want, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  if (c.reset) {
    // A unix socket closed with unread input resets its peer, which reads what was queued
    // first, as after a TCP RST.
    if (::send(client, "x", 1, MSG_NOSIGNAL) != 1) return false;
    ::close(fd);
    return true;
  }
  if (c.closed_first) {
    ::close(fd);
    return true;
  }
  return ::shutdown(fd, SHUT_WR) == 0;
}

// Runs one exchange and checks what it did against what it said.
escurl::WireOutcome exchange(escurl::PlainStream& stream, const escurl::WireRequest& request,
                             std::size_t received) {
  escurl::ReplyMeter meter;
  int heads = 0;
  std::uint64_t delivered = 0;
  escurl::WireCallbacks callbacks{.on_head =
                                      [&](const escurl::ResponseHead& h) {
                                        ++heads;
                                        fuzz_require(h.status >= 100 && h.status <= 999,
                                                     "status out of range");
                                        fuzz_require(h.status >= 200 || h.status == 101,
                                                     "an interim answer delivered as final");
                                        return true;
                                      },
                                  .on_body =
                                      [&](const char*, std::size_t n) {
                                        delivered += n;
                                        return true;
                                      }};
  const escurl::WireOutcome o = escurl::run_exchange(stream, request, meter, callbacks);
  fuzz_require(heads <= 1, "more than one final head delivered");
  fuzz_require(o.head_seen == (heads == 1), "head_seen disagrees with the callback");
  fuzz_require(o.body_bytes == delivered, "body_bytes disagrees with what was delivered");
  fuzz_require(request.method != "HEAD" || delivered == 0, "a HEAD response delivered a body");
  if (!request.decompress) fuzz_require(delivered <= received, "more body than bytes received");
  if (o.error == escurl::WireError::None) {
    fuzz_require(heads == 1, "success without a head");
  } else {
    fuzz_require(!o.reusable, "a failed exchange left the connection reusable");
  }
  if (o.error == escurl::WireError::Framing || o.error == escurl::WireError::Decode) {
    fuzz_require(!o.detail.empty(), "a framing or decoding failure without its reason");
  }
  if (o.error != escurl::WireError::None && o.error != escurl::WireError::BodySource) {
    // As HttpTransport explains a failure: a real class and one line, never "unexpected".
    const escurl::Url url{.scheme = "http", .host = "fuzz", .port = 80};
    const escurl::ExchangeFacts facts{
        .head_seen = o.head_seen, .body_bytes = o.body_bytes, .meter = &meter};
    const escurl::Error e =
        escurl::classify({o.error, o.detail, o.request_started}, url, facts, {}, nullptr);
    fuzz_require(e.code != escurl::Errc::Internal, "a wire failure classified as internal");
    fuzz_require(!e.message.empty(), "a failure without a message");
    fuzz_require(e.message.find('\n') == std::string::npos, "a failure message spans lines");
  }
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  if (size < 2 || size - 2 > kMaxInput) return 0;
  const Choices c = choices_from(bytes[0], bytes[1]);
  const std::string_view reply(reinterpret_cast<const char*>(bytes) + 2, size - 2);
  int fds[2];
  const int type = c.pieces ? SOCK_SEQPACKET : SOCK_STREAM;
  if (::socketpair(AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) return 0;
  const bool server_open = !c.closed_first && !c.reset;
  if (!play_server(fds[1], fds[0], reply, c)) {
    ::close(fds[0]);
    if (server_open) ::close(fds[1]);
    return 0;
  }

  escurl::PlainStream stream(fds[0]);
  stream.set_timeouts(1, 1);
  escurl::WireRequest request;
  request.method = c.head ? "HEAD" : (c.post ? "POST" : "GET");
  request.target = "/idx/_search";
  request.host = "fuzz";
  request.headers = {{"Accept", "application/json"}};
  if (c.post) {
    request.inline_body = R"({"query":{"match_all":{}}})";
    request.framing = {escurl::RequestFraming::Kind::Length, request.inline_body.size()};
  }
  request.decompress = c.decompress;
  const escurl::WireOutcome first = exchange(stream, request, reply.size());
  if (c.again && first.reusable) (void)exchange(stream, request, reply.size());
  ::close(fds[0]);
  if (server_open) ::close(fds[1]);
  return 0;
}
