// SPDX-License-Identifier: MIT
#include "http_codec.h"

#include <strings.h>

#include <charconv>
#include <cstdint>

namespace es_sandbox {
namespace {

constexpr size_t kMaxHeadBytes = 64 * 1024;
// Elasticsearch's default http.max_content_length.
constexpr size_t kMaxBodyBytes = 100 * 1024 * 1024;

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t");
  return std::string(s.substr(first, last - first + 1));
}

// Appends more bytes from the connection; false at end of stream or on error.
bool fill(Connection& connection, std::string& buffer) {
  char chunk[16 * 1024];
  const ssize_t n = connection.read_some(chunk, sizeof chunk);
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<size_t>(n));
  return true;
}

bool ensure(Connection& connection, std::string& buffer, size_t bytes) {
  while (buffer.size() < bytes) {
    if (!fill(connection, buffer)) return false;
  }
  return true;
}

ReadResult parse_head(std::string_view head, HttpRequest& request) {
  size_t line_end = head.find("\r\n");
  const std::string_view line = head.substr(0, line_end);
  const auto sp1 = line.find(' ');
  const auto sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return ReadResult::Malformed;
  request.method = std::string(line.substr(0, sp1));
  request.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  request.version = std::string(line.substr(sp2 + 1));
  if ((request.version != "HTTP/1.1" && request.version != "HTTP/1.0") || request.target.empty() ||
      request.method.empty()) {
    return ReadResult::Malformed;
  }
  while (line_end != std::string_view::npos && line_end + 2 < head.size()) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const auto header =
        head.substr(start, line_end == std::string_view::npos ? head.npos : line_end - start);
    const auto colon = header.find(':');
    if (colon == std::string_view::npos || colon == 0) return ReadResult::Malformed;
    request.headers.emplace_back(std::string(header.substr(0, colon)),
                                 trim(header.substr(colon + 1)));
  }
  const auto connection = request.header("Connection").value_or("");
  request.keep_alive = request.version == "HTTP/1.1" ? !equals_ignore_case(connection, "close")
                                                     : equals_ignore_case(connection, "keep-alive");
  return ReadResult::Ok;
}

ReadResult read_chunked(Connection& connection, std::string& buffer, std::string& body) {
  for (;;) {
    size_t eol;
    while ((eol = buffer.find("\r\n")) == std::string::npos) {
      if (buffer.size() > kMaxHeadBytes || !fill(connection, buffer)) return ReadResult::Malformed;
    }
    size_t size = 0;
    const auto* end = buffer.data() + eol;
    auto [ptr, ec] = std::from_chars(buffer.data(), end, size, 16);
    if (ec != std::errc() || (ptr != end && *ptr != ';' && *ptr != ' ')) {
      return ReadResult::Malformed;
    }
    buffer.erase(0, eol + 2);
    if (size == 0) break;
    if (body.size() + size > kMaxBodyBytes) return ReadResult::TooLarge;
    if (!ensure(connection, buffer, size + 2)) return ReadResult::Malformed;
    body.append(buffer, 0, size);
    buffer.erase(0, size + 2);
  }
  // Trailers, up to the blank line.
  for (;;) {
    size_t eol;
    while ((eol = buffer.find("\r\n")) == std::string::npos) {
      if (buffer.size() > kMaxHeadBytes || !fill(connection, buffer)) return ReadResult::Malformed;
    }
    buffer.erase(0, eol + 2);
    if (eol == 0) return ReadResult::Ok;
  }
}

ReadResult read_body(Connection& connection, std::string& buffer, HttpRequest& request) {
  const bool chunked =
      request.header("Transfer-Encoding").value_or("").find("chunked") != std::string::npos;
  const auto length_text = request.header("Content-Length");
  size_t length = 0;
  if (!chunked && length_text) {
    auto [ptr, ec] =
        std::from_chars(length_text->data(), length_text->data() + length_text->size(), length);
    if (ec != std::errc() || ptr != length_text->data() + length_text->size()) {
      return ReadResult::Malformed;
    }
    if (length > kMaxBodyBytes) return ReadResult::TooLarge;
  }
  // Without Content-Length or chunked framing a request has no body (RFC 9112 §6.3).
  if (!chunked && length == 0) return ReadResult::Ok;
  if (equals_ignore_case(request.header("Expect").value_or(""), "100-continue") && buffer.empty()) {
    connection.write_all("HTTP/1.1 100 Continue\r\n\r\n");
  }
  if (chunked) return read_chunked(connection, buffer, request.body);
  if (!ensure(connection, buffer, length)) return ReadResult::Malformed;
  request.body = buffer.substr(0, length);
  buffer.erase(0, length);
  return ReadResult::Ok;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equals_ignore_case(key, name)) return value;
  }
  return std::nullopt;
}

ReadResult read_request(Connection& connection, std::string& buffer, HttpRequest& request) {
  request = HttpRequest{};
  size_t head_end;
  for (;;) {
    // Tolerate blank lines before a request line (RFC 9112 §2.2).
    while (buffer.rfind("\r\n", 0) == 0) buffer.erase(0, 2);
    head_end = buffer.find("\r\n\r\n");
    if (head_end != std::string::npos) break;
    if (buffer.size() > kMaxHeadBytes) return ReadResult::TooLarge;
    if (!fill(connection, buffer))
      return buffer.empty() ? ReadResult::Closed : ReadResult::Malformed;
  }
  const std::string head = buffer.substr(0, head_end);
  buffer.erase(0, head_end + 4);
  if (auto parsed = parse_head(head, request); parsed != ReadResult::Ok) return parsed;
  return read_body(connection, buffer, request);
}

std::string url_decode(std::string_view text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += plus_as_space && c == '+' ? ' ' : c;
  }
  return out;
}

void split_target(const std::string& target, std::string& path,
                  std::multimap<std::string, std::string>& params) {
  const auto question = target.find('?');
  path = url_decode(target.substr(0, question), false);
  if (question == std::string::npos) return;
  const std::string_view query = std::string_view(target).substr(question + 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string_view::npos) amp = query.size();
    const auto item = query.substr(start, amp - start);
    if (!item.empty()) {
      const auto eq = item.find('=');
      params.emplace(
          url_decode(item.substr(0, eq), true),
          eq == std::string_view::npos ? std::string() : url_decode(item.substr(eq + 1), true));
    }
    start = amp + 1;
  }
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 406:
      return "Not Acceptable";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Request Entity Too Large";
    case 415:
      return "Unsupported Media Type";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Unknown";
  }
}

std::string response_head(int status, const HeaderList& headers) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status));
  out += "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  return out;
}

}  // namespace es_sandbox
