// SPDX-License-Identifier: MIT
#include "header_check.h"

#include <fmt/format.h>

#include <algorithm>

#include "redact.h"
#include "terminal_text.h"

namespace escurl {
namespace {

// RFC 9110 §5.6.2: tchar.
bool is_tchar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string_view fault_words(ValueFault f) {
  switch (f) {
    case ValueFault::LineBreak:
      return "a line break (CR/LF)";
    case ValueFault::Nul:
      return "a NUL byte";
    case ValueFault::Control:
      return "a control character";
    case ValueFault::None:
      break;
  }
  return "";
}

// " from --run-as", or nothing for escurl's own headers.
std::string from(std::string_view origin) {
  return origin.empty() ? std::string() : fmt::format(" from {}", origin);
}

// Where to mend the value: a header file, a secret's source, or the argument itself.
std::string fix_for(std::string_view origin, bool secret) {
  if (origin.starts_with("-H @-")) return "remove it from what standard input gives -H";
  if (origin.starts_with("-H @")) return "remove it from the file";
  if (secret) {
    return "a credential read from a file (@FILE), a variable (env:NAME) or a command must be "
           "one line: remove it there";
  }
  return "a header value must be one line of text without control characters (a tab excepted)";
}

}  // namespace

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar);
}

ValueFault value_fault(std::string_view value) {
  ValueFault found = ValueFault::None;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\r' || c == '\n') return ValueFault::LineBreak;  // the worst: it ends the field
    if (u == 0) {
      found = ValueFault::Nul;
    } else if ((u < 0x20 && c != '\t') || u == 0x7f) {
      if (found == ValueFault::None) found = ValueFault::Control;
    }
  }
  return found;
}

Result<void> check_header(std::string_view name, std::string_view value, std::string_view origin,
                          bool secret) {
  if (!is_token(name)) {
    // Not echoed: a malformed name is often a credential that lost its colon.
    return make_error(Errc::Usage,
                      fmt::format("a header name{} is not a valid field name", from(origin)),
                      {"a field name is letters, digits and !#$%&'*+-.^_`|~ only"});
  }
  if (iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding")) {
    return make_error(
        Errc::Usage,
        fmt::format("the {} header{} cannot be set: escurl frames the request body itself", name,
                    from(origin)),
        {"remove it; escurl sends Content-Length, or Transfer-Encoding: chunked for a body of "
         "unknown size"});
  }
  const ValueFault fault = value_fault(value);
  if (fault == ValueFault::None) return ok();
  return make_error(
      Errc::Usage,
      fmt::format("the {} header{} contains {}", name, from(origin), fault_words(fault)),
      {fix_for(origin, secret || is_credential_header(name))});
}

Result<void> check_request_head(const Request& request) {
  if (!is_token(request.method)) {
    const bool breaks = request.method.find_first_of("\r\n") != std::string::npos;
    return make_error(Errc::Usage,
                      fmt::format("the method '{}' is not a valid HTTP method{}",
                                  terminal_text(request.method, 40),
                                  breaks ? ": it contains a line break (CR/LF)" : ""),
                      {"a method is one word of letters, digits and !#$%&'*+-.^_`|~ (e.g. GET, "
                       "POST, PUT)"});
  }
  for (const HeaderField& h : request.headers) {
    if (Result<void> r = check_header(h.name, h.wire_value(), h.origin, h.is_secret()); !r) {
      return r;
    }
  }
  return ok();
}

}  // namespace escurl
