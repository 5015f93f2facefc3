// SPDX-License-Identifier: MIT
#include "http_exchange.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

#include "gzip_decoder.h"

namespace escurl {
namespace {

constexpr std::size_t kBuffer = 64 * 1024;
// An inline body this small goes out in the same write (one TLS record) as the head.
constexpr std::size_t kCoalesce = 16 * 1024;

// Buffered reads from the stream. Head lines are shown to the meter as they are consumed, so
// its limits see exactly the head; body reads only mark that bytes arrived.
class Reader {
 public:
  Reader(ByteStream& stream, ReplyMeter& meter)
      : stream_(stream), meter_(meter), buf_(std::make_unique<char[]>(kBuffer)) {}

  /// Reads more into the empty buffer: > 0 bytes, 0 at the end, -1 on failure.
  ssize_t fill() {
    pos_ = len_ = 0;
    errno = 0;
    const ssize_t n = stream_.read(buf_.get(), kBuffer);
    if (n < 0) meter_.read_failed(errno);
    if (n > 0) {
      len_ = static_cast<std::size_t>(n);
      if (in_body_) meter_.accept(buf_.get(), len_);
    }
    return n;
  }
  std::size_t available() const { return len_ - pos_; }
  const char* data() const { return buf_.get() + pos_; }
  void consume(std::size_t n) { pos_ += n; }
  void start_body() {
    in_body_ = true;
    meter_.head_done();
  }

  /// One head line without its CRLF: 1 read, 0 the stream ended, -1 failed or broke a limit, -2
  /// the reply cannot be HTTP (its first bytes say so, whether or not a line end follows).
  int read_line(std::string& line) {
    line.clear();
    for (;;) {
      if (available() == 0) {
        const ssize_t n = fill();
        if (n <= 0) return n == 0 ? 0 : -1;
      }
      const char* p = data();
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', available()));
      const std::size_t take = nl != nullptr ? static_cast<std::size_t>(nl - p) + 1 : available();
      if (!meter_.accept(p, take)) return -1;
      line.append(p, take);
      consume(take);
      if (!could_be_http(meter_.first_bytes())) return -2;
      if (nl != nullptr) {
        line.pop_back();
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return 1;
      }
    }
  }

 private:
  static bool could_be_http(std::string_view first) {
    constexpr std::string_view kHttp = "HTTP/";
    const std::size_t n = std::min(first.size(), kHttp.size());
    return first.substr(0, n) == kHttp.substr(0, n);
  }

  ByteStream& stream_;
  ReplyMeter& meter_;
  std::unique_ptr<char[]> buf_;
  std::size_t pos_ = 0;
  std::size_t len_ = 0;
  bool in_body_ = false;
};

WireOutcome failed(WireOutcome o, WireError e, std::string detail = {}) {
  o.error = e;
  o.detail = std::move(detail);
  o.reusable = false;
  return o;
}

// Writes the body from its source: a Length body stops at its length, a chunked one is sent
// as chunks of what each read returns, and ends with the last chunk.
WireError write_source(ByteStream& stream, const WireRequest& r) {
  constexpr std::size_t kRoom = 16;  // a chunk's size line before the data
  auto buf = std::make_unique<char[]>(kRoom + kBuffer + 2);
  const bool chunked = r.framing.kind == RequestFraming::Kind::Chunked;
  std::uint64_t left = r.framing.length;
  while (chunked || left > 0) {
    const std::size_t want =
        chunked ? kBuffer : static_cast<std::size_t>(std::min<std::uint64_t>(left, kBuffer));
    const ssize_t n = r.source(buf.get() + kRoom, want);
    if (n < 0) return WireError::BodySource;
    if (n == 0) {
      if (!chunked) return WireError::BodySource;  // the source ended before its length
      return stream.write_all("0\r\n\r\n", 5) ? WireError::None : WireError::Write;
    }
    const auto size = static_cast<std::size_t>(n);
    if (!chunked) {
      if (!stream.write_all(buf.get() + kRoom, size)) return WireError::Write;
      left -= std::min<std::uint64_t>(left, size);
      continue;
    }
    const std::string line = fmt::format("{:x}\r\n", size);
    char* start = buf.get() + kRoom - line.size();
    std::memcpy(start, line.data(), line.size());
    std::memcpy(buf.get() + kRoom + size, "\r\n", 2);
    if (!stream.write_all(start, line.size() + size + 2)) return WireError::Write;
  }
  return WireError::None;
}

WireError write_request(ByteStream& stream, const WireRequest& r) {
  std::string head = request_head(r.method, r.target, r.host, r.headers, r.framing, r.close);
  if (r.source) {
    if (!stream.write_all(head.data(), head.size())) return WireError::Write;
    return write_source(stream, r);
  }
  if (r.inline_body.size() <= kCoalesce) {
    head.append(r.inline_body);
    return stream.write_all(head.data(), head.size()) ? WireError::None : WireError::Write;
  }
  const bool ok = stream.write_all(head.data(), head.size()) &&
                  stream.write_all(r.inline_body.data(), r.inline_body.size());
  return ok ? WireError::None : WireError::Write;
}

struct HeadRead {
  WireError error = WireError::None;
  std::string detail;
  StatusLine status;
  ResponseHead head;
};

// The final response head, skipping 1xx interim answers (101 excepted: it is final).
HeadRead read_head(Reader& in) {
  HeadRead out;
  std::string line;
  for (;;) {
    const int got = in.read_line(line);
    if (got <= 0) {
      out.error = WireError::Read;
      return out;
    }
    std::optional<StatusLine> status = parse_status_line(line);
    if (!status) {
      out.error = WireError::Framing;
      out.detail = fmt::format("its status line is not HTTP/1.x ({} bytes)", line.size());
      return out;
    }
    ResponseHead head;
    head.version = status->version;
    head.status = status->status;
    head.reason = status->reason;
    for (;;) {
      if (in.read_line(line) <= 0) {
        out.error = WireError::Read;
        return out;
      }
      if (line.empty()) break;
      auto field = parse_header_line(line);
      if (!field) {
        out.error = WireError::Framing;
        out.detail = "a response header line is malformed (no name and colon, or a folded line)";
        return out;
      }
      head.headers.push_back(std::move(*field));
    }
    if (status->status >= 200 || status->status == 101) {
      out.status = std::move(*status);
      out.head = std::move(head);
      return out;
    }
  }
}

// Delivers body bytes: through the decoder when there is one.
class BodyOut {
 public:
  /// `coding` names the Content-Encoding `decoder` undoes ("gzip"), for messages.
  BodyOut(const WireCallbacks& cb, std::unique_ptr<GzipDecoder> decoder, std::string coding,
          WireOutcome& o)
      : cb_(cb), decoder_(std::move(decoder)), coding_(std::move(coding)), o_(o) {}
  /// False when delivery stopped: o_.stopped, or a Decode error in o_.
  bool put(const char* data, std::size_t n) {
    if (!decoder_) return emit(data, n);
    if (decoder_->feed(data, n, [this](const char* d, std::size_t k) { return emit(d, k); })) {
      return true;
    }
    if (!decoder_->stopped()) {
      o_.error = WireError::Decode;
      o_.detail = fmt::format("{}: {}", coding_, decoder_->error());
    }
    return false;
  }
  /// False when a decoder's stream did not end where the body did.
  bool finish() {
    if (!decoder_ || decoder_->finished()) return true;
    o_.error = WireError::Decode;
    o_.detail = fmt::format("{}: it ends before its {} stream does", coding_, coding_);
    return false;
  }

 private:
  bool emit(const char* data, std::size_t n) {
    o_.body_bytes += n;
    if (cb_.on_body(data, n)) return true;
    o_.stopped = true;
    return false;
  }
  const WireCallbacks& cb_;
  std::unique_ptr<GzipDecoder> decoder_;
  std::string coding_;
  WireOutcome& o_;
};

// Reads the body as framed. Returns false when it could not be read whole (o.error set, or
// stopped); `leftover` is true when bytes followed its end.
bool read_body(Reader& in, const BodyFraming& framing, BodyOut& out, WireOutcome& o,
               bool& leftover) {
  using K = BodyFraming::Kind;
  if (framing.kind == K::None) return true;
  std::uint64_t left = framing.length;
  ChunkedDecoder chunks;
  std::vector<std::pair<const char*, std::size_t>> pieces;
  for (;;) {
    if (in.available() == 0) {
      const ssize_t n = in.fill();
      if (n == 0 && framing.kind == K::UntilClose) return true;
      if (n <= 0) {
        o.error = WireError::Read;
        return false;
      }
    }
    if (framing.kind == K::Chunked) {
      pieces.clear();
      std::size_t used = 0;
      const auto status = chunks.feed(in.data(), in.available(), pieces, used);
      for (const auto& [p, n] : pieces) {
        if (!out.put(p, n)) return false;
      }
      in.consume(used);
      if (status == ChunkedDecoder::Status::Error) {
        o.error = WireError::Framing;
        o.detail = chunks.error();
        return false;
      }
      if (status == ChunkedDecoder::Status::Done) {
        leftover = in.available() > 0;
        return true;
      }
      continue;
    }
    std::size_t take = in.available();
    if (framing.kind == K::Length)
      take = static_cast<std::size_t>(std::min<std::uint64_t>(take, left));
    if (!out.put(in.data(), take)) return false;
    in.consume(take);
    if (framing.kind == K::Length && (left -= take) == 0) {
      leftover = in.available() > 0;
      return true;
    }
  }
}

// The decoder for the response's Content-Encoding, and the coding's name; none when not asked
// to decode, or for a coding escurl does not decode (the body is then passed on as it came).
std::pair<std::unique_ptr<GzipDecoder>, std::string> decoder_for(const WireRequest& r,
                                                                 const ResponseHead& head) {
  if (!r.decompress) return {};
  const std::optional<std::string> coding = head.header("Content-Encoding");
  if (!coding) return {};
  if (field_name_equal(*coding, "gzip") || field_name_equal(*coding, "x-gzip")) {
    return {std::make_unique<GzipDecoder>(), "gzip"};
  }
  if (field_name_equal(*coding, "deflate")) return {std::make_unique<GzipDecoder>(), "deflate"};
  return {};
}

}  // namespace

WireOutcome run_exchange(ByteStream& stream, const WireRequest& request, ReplyMeter& meter,
                         const WireCallbacks& callbacks) {
  WireOutcome o;
  o.request_started = true;
  const WireError written = write_request(stream, request);
  if (written == WireError::BodySource) return failed(o, written);
  Reader in(stream, meter);
  HeadRead h = read_head(in);
  if (h.error != WireError::None) {
    // A server may answer early (a 401 before the body) and close: that answer is reported
    // when it can be read, and otherwise the failed write.
    return failed(o, written != WireError::None ? written : h.error, std::move(h.detail));
  }
  in.start_body();
  const FramingOrError framing = response_framing(request.method, h.status.status, h.head.headers);
  if (!framing.error.empty()) return failed(o, WireError::Framing, framing.error);
  o.head_seen = true;
  if (!callbacks.on_head(h.head)) {
    o.stopped = true;
    return o;
  }
  auto [decoder, coding] = decoder_for(request, h.head);
  BodyOut out(callbacks, std::move(decoder), std::move(coding), o);
  bool leftover = false;
  if (!read_body(in, framing.framing, out, o, leftover) || !out.finish()) {
    o.reusable = false;
    return o;
  }
  o.reusable = written == WireError::None && !request.close && !leftover &&
               response_allows_reuse(h.status, h.head.headers, framing.framing);
  return o;
}

}  // namespace escurl
