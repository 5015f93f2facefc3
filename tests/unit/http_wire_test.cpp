// SPDX-License-Identifier: MIT
#include "http_wire.h"

#include <string>
#include <vector>

#include "catch.h"

using escurl::BodyFraming;
using escurl::ChunkedDecoder;
using escurl::RequestFraming;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

// Feeds `wire` to a decoder in pieces of `step` bytes; returns the payload, or "ERROR: why".
std::string dechunk(const std::string& wire, std::size_t step, std::size_t* rest = nullptr) {
  ChunkedDecoder d;
  std::string out;
  std::vector<std::pair<const char*, std::size_t>> pieces;
  for (std::size_t at = 0; at < wire.size(); at += step) {
    const std::size_t n = std::min(step, wire.size() - at);
    pieces.clear();
    std::size_t used = 0;
    const auto status = d.feed(wire.data() + at, n, pieces, used);
    for (const auto& [p, k] : pieces) out.append(p, k);
    if (status == ChunkedDecoder::Status::Error) return "ERROR: " + d.error();
    if (status == ChunkedDecoder::Status::Done) {
      if (rest != nullptr) *rest = wire.size() - at - used;
      return out;
    }
  }
  return "INCOMPLETE: " + out;
}

}  // namespace

TEST_CASE("http_wire: the request head", "[http_wire]") {
  const std::string head = escurl::request_head("PUT", "/idx", "es:9200", {{"Accept", "*/*"}},
                                                {RequestFraming::Kind::Length, 12}, false);
  CHECK(head == "PUT /idx HTTP/1.1\r\nHost: es:9200\r\nAccept: */*\r\nContent-Length: 12\r\n\r\n");
  const std::string chunked = escurl::request_head("POST", "/_bulk", "h", {{"Host", "other"}},
                                                   {RequestFraming::Kind::Chunked, 0}, true);
  CHECK(chunked ==
        "POST /_bulk HTTP/1.1\r\nHost: other\r\nTransfer-Encoding: chunked\r\nConnection: "
        "close\r\n\r\n");
}

TEST_CASE("http_wire: status lines", "[http_wire]") {
  auto s = escurl::parse_status_line("HTTP/1.1 404 Not Found");
  REQUIRE(s);
  CHECK(s->version == "HTTP/1.1");
  CHECK(s->status == 404);
  CHECK(s->reason == "Not Found");
  CHECK(escurl::parse_status_line("HTTP/1.0 200")->reason.empty());
  CHECK(escurl::parse_status_line("HTTP/1.1 200 ")->reason.empty());
  CHECK_FALSE(escurl::parse_status_line("HTTP/2 200 OK"));
  CHECK_FALSE(escurl::parse_status_line("HTTP/1.1 20x OK"));
  CHECK_FALSE(escurl::parse_status_line("HTTP/1.1 2000 OK"));
  CHECK_FALSE(escurl::parse_status_line("HTTP/1.1 099 Low"));
  CHECK_FALSE(escurl::parse_status_line("SSH-2.0-OpenSSH_9.2"));
}

TEST_CASE("http_wire: header lines", "[http_wire]") {
  auto h = escurl::parse_header_line("Content-Type:  application/json \t");
  REQUIRE(h);
  CHECK(h->first == "Content-Type");
  CHECK(h->second == "application/json");
  CHECK(escurl::parse_header_line("X-Empty:")->second.empty());
  CHECK_FALSE(escurl::parse_header_line(" folded continuation"));
  CHECK_FALSE(escurl::parse_header_line("No colon here"));
  CHECK_FALSE(escurl::parse_header_line(": no name"));
  CHECK_FALSE(escurl::parse_header_line("Bad Name: x"));
}

TEST_CASE("http_wire: how a response body is framed", "[http_wire]") {
  using K = BodyFraming::Kind;
  auto framing = [](std::string_view method, int status, const Headers& h) {
    return escurl::response_framing(method, status, h);
  };
  CHECK(framing("GET", 200, {{"Content-Length", "42"}}).framing.kind == K::Length);
  CHECK(framing("GET", 200, {{"Content-Length", "42"}}).framing.length == 42);
  CHECK(framing("GET", 200, {{"Content-Length", "0"}}).framing.kind == K::None);
  CHECK(framing("HEAD", 200, {{"Content-Length", "42"}}).framing.kind == K::None);
  CHECK(framing("GET", 204, {}).framing.kind == K::None);
  CHECK(framing("GET", 304, {{"Content-Length", "9"}}).framing.kind == K::None);
  CHECK(framing("GET", 200, {}).framing.kind == K::UntilClose);
  CHECK(framing("GET", 200, {{"Transfer-Encoding", "gzip, chunked"}}).framing.kind == K::Chunked);
  CHECK(framing("GET", 200, {{"Transfer-Encoding", "chunked"}, {"Content-Length", "3"}})
            .framing.kind == K::Chunked);
  CHECK(framing("GET", 200, {{"Transfer-Encoding", "gzip"}}).framing.kind == K::UntilClose);
  CHECK(framing("GET", 200, {{"Content-Length", "5, 5"}}).framing.length == 5);
  CHECK_FALSE(
      framing("GET", 200, {{"Content-Length", "5"}, {"Content-Length", "6"}}).error.empty());
  CHECK_FALSE(framing("GET", 200, {{"Content-Length", "-1"}}).error.empty());
  CHECK_FALSE(framing("GET", 200, {{"Content-Length", "99999999999999999999999"}}).error.empty());
}

TEST_CASE("http_wire: when a connection may be reused", "[http_wire]") {
  const escurl::StatusLine v11{"HTTP/1.1", 200, "OK"};
  const escurl::StatusLine v10{"HTTP/1.0", 200, "OK"};
  const BodyFraming length{BodyFraming::Kind::Length, 3};
  CHECK(escurl::response_allows_reuse(v11, {}, length));
  CHECK_FALSE(escurl::response_allows_reuse(v11, {{"Connection", "Close"}}, length));
  CHECK_FALSE(escurl::response_allows_reuse(v11, {}, {BodyFraming::Kind::UntilClose, 0}));
  CHECK_FALSE(escurl::response_allows_reuse(v10, {}, length));
  CHECK(escurl::response_allows_reuse(v10, {{"Connection", "keep-alive"}}, length));
}

TEST_CASE("http_wire: chunked bodies in any pieces", "[http_wire]") {
  const std::string wire =
      "5;ext=1\r\nhello\r\n1a\r\n" + std::string(26, 'z') + "\r\n0\r\nTrailer: x\r\n\r\nNEXT";
  for (const std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{7}, wire.size()}) {
    std::size_t rest = 0;
    CHECK(dechunk(wire, step, &rest) == "hello" + std::string(26, 'z'));
    // Whatever follows the last chunk is left for the caller, within the last piece.
    CHECK(rest <= 4);
  }
  CHECK(dechunk("3\nabc\n0\n\n", 1) == "abc");  // bare LF line ends are accepted
}

TEST_CASE("http_wire: broken chunked framing is an error", "[http_wire]") {
  CHECK(dechunk("zz\r\n", 1).starts_with("ERROR: a chunk size is not hexadecimal"));
  CHECK(dechunk("\r\n", 1).starts_with("ERROR: a chunk size is missing"));
  CHECK(dechunk("11111111111111111\r\n", 3).starts_with("ERROR: a chunk size is too large"));
  CHECK(dechunk("3\r\nabcX\r\n", 1).starts_with("ERROR: a chunk does not end with CRLF"));
  CHECK(dechunk(std::string(5000, '1'), 100).starts_with("ERROR: a chunk header or trailer"));
  CHECK(dechunk("3\r\nab", 1).starts_with("INCOMPLETE"));
}
