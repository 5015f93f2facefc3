// SPDX-License-Identifier: MIT
#include "http_wire.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "header_check.h"

namespace escurl {
namespace {

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The comma-separated elements of every field named `name`, trimmed and in order.
std::vector<std::string_view> list_values(
    const std::vector<std::pair<std::string, std::string>>& headers, std::string_view name) {
  std::vector<std::string_view> out;
  for (const auto& [n, v] : headers) {
    if (!field_name_equal(n, name)) continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      if (std::string_view item = trim_blanks(rest.substr(0, comma)); !item.empty()) {
        out.push_back(item);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

bool has_token(const std::vector<std::pair<std::string, std::string>>& headers,
               std::string_view name, std::string_view token) {
  const std::vector<std::string_view> values = list_values(headers, name);
  return std::any_of(values.begin(), values.end(),
                     [&](std::string_view v) { return field_name_equal(v, token); });
}

bool parse_u64(std::string_view digits, std::uint64_t& out) {
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

bool field_name_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string request_head(std::string_view method, std::string_view target, std::string_view host,
                         const std::vector<std::pair<std::string, std::string>>& headers,
                         const RequestFraming& framing, bool close) {
  std::string out;
  out.reserve(256);
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  bool has_host = false;
  bool has_connection = false;
  for (const auto& [name, value] : headers) {
    has_host = has_host || field_name_equal(name, "Host");
    has_connection = has_connection || field_name_equal(name, "Connection");
  }
  if (!has_host) out.append("Host: ").append(host).append("\r\n");
  for (const auto& [name, value] : headers)
    out.append(name).append(": ").append(value).append("\r\n");
  switch (framing.kind) {
    case RequestFraming::Kind::None:
      break;
    case RequestFraming::Kind::Length:
      out.append(fmt::format("Content-Length: {}\r\n", framing.length));
      break;
    case RequestFraming::Kind::Chunked:
      out.append("Transfer-Encoding: chunked\r\n");
      break;
  }
  if (close && !has_connection) out.append("Connection: close\r\n");
  out.append("\r\n");
  return out;
}

std::optional<StatusLine> parse_status_line(std::string_view line) {
  // HTTP/1.x SP 3DIGIT SP reason; a missing reason (and its space) is tolerated.
  if (line.size() < 12 || !line.starts_with("HTTP/1.") || line[8] != ' ') return std::nullopt;
  if (line[7] != '0' && line[7] != '1') return std::nullopt;
  const std::string_view code = line.substr(9, 3);
  if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  if (line.size() > 12 && line[12] != ' ') return std::nullopt;
  StatusLine s;
  s.version = std::string(line.substr(0, 8));
  s.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  if (s.status < 100) return std::nullopt;
  if (line.size() > 13) s.reason = std::string(line.substr(13));
  return s;
}

std::optional<std::pair<std::string, std::string>> parse_header_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  const std::string_view name = line.substr(0, colon);
  if (!is_token(name)) return std::nullopt;
  return std::pair{std::string(name), std::string(trim_blanks(line.substr(colon + 1)))};
}

FramingOrError response_framing(std::string_view method, int status,
                                const std::vector<std::pair<std::string, std::string>>& headers) {
  using K = BodyFraming::Kind;
  if (method == "HEAD" || status == 204 || status == 304 || (status >= 100 && status < 200)) {
    return {{K::None, 0}, ""};
  }
  const std::vector<std::string_view> codings = list_values(headers, "Transfer-Encoding");
  if (!codings.empty()) {
    // Chunked must be the final coding; anything else is read until the close (RFC 9112 6.3).
    if (field_name_equal(codings.back(), "chunked")) return {{K::Chunked, 0}, ""};
    return {{K::UntilClose, 0}, ""};
  }
  std::optional<std::uint64_t> length;
  for (const std::string_view v : list_values(headers, "Content-Length")) {
    std::uint64_t n = 0;
    if (!parse_u64(v, n)) {
      return {{}, fmt::format("its Content-Length is not a number ({} bytes of it)", v.size())};
    }
    if (length && *length != n) return {{}, "it has two different Content-Length values"};
    length = n;
  }
  if (length) return {{*length == 0 ? K::None : K::Length, *length}, ""};
  return {{K::UntilClose, 0}, ""};
}

bool response_allows_reuse(const StatusLine& status,
                           const std::vector<std::pair<std::string, std::string>>& headers,
                           const BodyFraming& framing) {
  if (framing.kind == BodyFraming::Kind::UntilClose) return false;
  if (has_token(headers, "Connection", "close")) return false;
  // A chunked body next to a Content-Length could be a smuggling attempt: do not reuse.
  if (framing.kind == BodyFraming::Kind::Chunked &&
      !list_values(headers, "Content-Length").empty()) {
    return false;
  }
  if (status.version == "HTTP/1.0") return has_token(headers, "Connection", "keep-alive");
  return true;
}

ChunkedDecoder::Status ChunkedDecoder::fail(std::string message) {
  state_ = State::Failed;
  error_ = std::move(message);
  return Status::Error;
}

ChunkedDecoder::Status ChunkedDecoder::take_size_line() {
  std::string_view line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  line = line.substr(0, line.find(';'));  // chunk extensions are dropped
  line = trim_blanks(line);
  if (line.empty() || line.size() > 16) {
    return fail(line.empty() ? "a chunk size is missing" : "a chunk size is too large");
  }
  std::uint64_t size = 0;
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
  if (ec != std::errc() || end != line.data() + line.size()) {
    return fail("a chunk size is not hexadecimal");
  }
  line_.clear();
  remaining_ = size;
  state_ = size == 0 ? State::Trailer : State::Data;
  return Status::More;
}

ChunkedDecoder::Status ChunkedDecoder::feed(const char* data, std::size_t size,
                                            std::vector<std::pair<const char*, std::size_t>>& out,
                                            std::size_t& consumed) {
  std::size_t i = 0;
  while (i < size) {
    switch (state_) {
      case State::Size:
      case State::Trailer: {
        const char c = data[i++];
        if (c != '\n') {
          line_.push_back(c);
          if (line_.size() > kMaxLine) return fail("a chunk header or trailer line is too long");
          if (state_ == State::Trailer && ++trailer_bytes_ > 64 * 1024) {
            return fail("the chunked trailer is too long");
          }
          break;
        }
        if (state_ == State::Size) {
          if (take_size_line() == Status::Error) return Status::Error;
          break;
        }
        // A trailer field, or the empty line that ends the body.
        const bool end = line_.empty() || line_ == "\r";
        line_.clear();
        if (end) {
          state_ = State::Done;
          consumed = i;
          return Status::Done;
        }
        break;
      }
      case State::Data: {
        const std::size_t n =
            static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, size - i));
        out.emplace_back(data + i, n);
        i += n;
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::DataCr;
        break;
      }
      case State::DataCr:
        if (data[i] == '\r') {
          ++i;
          state_ = State::DataLf;
          break;
        }
        [[fallthrough]];
      case State::DataLf:
        if (data[i++] != '\n') return fail("a chunk does not end with CRLF");
        state_ = State::Size;
        break;
      case State::Done:
        consumed = i;
        return Status::Done;
      case State::Failed:
        return Status::Error;
    }
  }
  consumed = i;
  return state_ == State::Done ? Status::Done : Status::More;
}

}  // namespace escurl
