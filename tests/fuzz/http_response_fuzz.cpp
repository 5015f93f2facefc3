// SPDX-License-Identifier: MIT
// The response path: the input is what a server sends back (status line, headers, a body framed
// by length, chunks or the close, gzip or not, cut anywhere), written into a socketpair and read
// by run_exchange over the real PlainStream. Never crashes or hangs; what it delivers never
// exceeds what a decoded body could be, and a clean result has a final status.
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "fuzz_util.h"
#include "http_exchange.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  // A socketpair's buffer takes this much without a reader, so no thread is needed.
  if (size > 96 * 1024) return 0;
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) != 0) return 0;
  const char* data = reinterpret_cast<const char*>(bytes);
  std::size_t at = 0;
  while (at < size) {
    const ssize_t n = ::send(fds[1], data + at, size - at, MSG_NOSIGNAL);
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  ::shutdown(fds[1], SHUT_WR);

  escurl::PlainStream stream(fds[0]);
  stream.set_timeouts(1, 1);
  escurl::ReplyMeter meter;
  escurl::WireRequest request;
  // The input's length picks the method and whether gzip is decoded, so that every path is
  // reached while the bytes themselves stay a plain reply.
  const bool head = size % 4 == 3;
  request.method = head ? "HEAD" : "GET";
  request.target = "/";
  request.host = "fuzz";
  request.decompress = size % 2 == 1 && !head;
  int heads = 0;
  std::uint64_t delivered = 0;
  escurl::WireCallbacks callbacks{.on_head =
                                      [&](const escurl::ResponseHead& h) {
                                        ++heads;
                                        fuzz_require(h.status >= 100 && h.status <= 999,
                                                     "status out of range");
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
  fuzz_require(!head || delivered == 0, "a HEAD response delivered a body");
  if (!request.decompress) fuzz_require(delivered <= size, "more body than bytes received");
  if (o.error == escurl::WireError::None) fuzz_require(heads == 1, "success without a head");
  ::close(fds[0]);
  ::close(fds[1]);
  return 0;
}
