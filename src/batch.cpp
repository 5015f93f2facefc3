// SPDX-License-Identifier: MIT
#include "batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "options.h"
#include "request.h"

namespace escurl {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_comment(std::string_view t) { return t.starts_with('#') || t.starts_with("//"); }

// Tracks how deep a JSON text is nested, outside strings, across lines.
class DepthTracker {
 public:
  void feed(std::string_view line) {
    for (const char c : line) {
      if (in_string_) {
        if (escape_) {
          escape_ = false;
        } else if (c == '\\') {
          escape_ = true;
        } else if (c == '"') {
          in_string_ = false;
        }
      } else if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        --depth_;
      }
    }
  }
  bool open() const { return depth_ > 0 || in_string_; }

 private:
  int depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
};

struct Lines {
  std::vector<std::string_view> items;
  explicit Lines(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      items.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
};

Error syntax(std::string_view source, int line, std::string message) {
  return make_error(Errc::Usage, fmt::format("{}:{}: {}", source, line, message),
                    {"a request is a 'METHOD path' line, then an optional JSON body; blank lines "
                     "separate requests"});
}

Result<BatchRequest> request_line(std::string_view t, std::string_view source, int line) {
  const std::size_t space = t.find_first_of(" \t");
  const std::string_view method = t.substr(0, space);
  if (!is_method_word(method)) {
    return syntax(source, line,
                  fmt::format("expected a request line (GET, POST, PUT, DELETE, "
                              "HEAD, PATCH), found '{}'",
                              method.substr(0, 30)));
  }
  const std::string_view rest = space == std::string_view::npos ? "" : trim(t.substr(space));
  if (rest.empty() || rest.find_first_of(" \t") != std::string_view::npos) {
    return syntax(source, line, "the request line needs exactly one path after the method");
  }
  BatchRequest r;
  r.line = line;
  r.method = std::string(method);
  std::transform(r.method.begin(), r.method.end(), r.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  r.path = rest.starts_with('/') ? std::string(rest) : "/" + std::string(rest);
  return r;
}

// Adds one body document: NDJSON documents are condensed to one line.
Result<void> add_document(BatchRequest& r, const std::string& doc, bool ndjson,
                          std::string_view source, int line) {
  if (!nlohmann::json::accept(doc)) {
    return syntax(source, line,
                  fmt::format("the body of {} {} is not valid JSON", r.method, r.path));
  }
  r.has_body = true;
  if (!ndjson) {
    r.body += doc;
    return ok();
  }
  std::string one_line;
  for (const char c : doc) {
    if (c != '\n' && c != '\r') one_line += c;
  }
  r.body += one_line + "\n";
  return ok();
}

}  // namespace

Result<std::vector<BatchRequest>> parse_batch(std::string_view text, std::string_view source) {
  const Lines lines(text);
  std::vector<BatchRequest> out;
  std::size_t i = 0;
  while (i < lines.items.size()) {
    const std::string_view t = trim(lines.items[i]);
    const int line_no = static_cast<int>(i) + 1;
    ++i;
    if (t.empty() || is_comment(t)) continue;
    Result<BatchRequest> r = request_line(t, source, line_no);
    if (!r) return r.take_error();
    const bool ndjson = is_ndjson_endpoint(r->path);
    // The body: documents until a blank line or the next request line, outside open JSON.
    std::string doc;
    int doc_line = 0;
    DepthTracker depth;
    while (i < lines.items.size()) {
      const std::string_view b = trim(lines.items[i]);
      if (!depth.open() && doc.empty()) {
        const std::string_view first = b.substr(0, b.find_first_of(" \t"));
        if (b.empty() || is_method_word(first)) break;
      }
      ++i;
      if (!depth.open() && is_comment(b)) continue;
      if (doc.empty()) doc_line = static_cast<int>(i);
      if (!doc.empty()) doc += '\n';
      doc += lines.items[i - 1];
      depth.feed(lines.items[i - 1]);
      if (!depth.open() &&
          (ndjson || i >= lines.items.size() || trim(lines.items[i]).empty() ||
           is_method_word(
               trim(lines.items[i]).substr(0, trim(lines.items[i]).find_first_of(" \t"))))) {
        if (Result<void> a = add_document(*r, doc, ndjson, source, doc_line); !a)
          return a.take_error();
        doc.clear();
      }
    }
    if (!doc.empty()) {
      return syntax(source, doc_line,
                    fmt::format("the body of {} {} is not complete JSON", r->method, r->path));
    }
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace escurl
