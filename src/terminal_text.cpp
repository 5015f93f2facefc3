// SPDX-License-Identifier: MIT
#include "terminal_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace escurl {
namespace {

constexpr std::string_view kEllipsis = "\xe2\x80\xa6";  // "…"

bool is_continuation(unsigned char b) { return (b & 0xc0) == 0x80; }

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no
// surrogates, nothing past U+10FFFF), with its code point; 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xbf;  // the range of the second byte
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2;
    cp = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3;
    cp = b0 & 0x0f;
    if (b0 == 0xe0) lo = 0xa0;  // overlong
    if (b0 == 0xed) hi = 0x9f;  // surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4;
    cp = b0 & 0x07;
    if (b0 == 0xf0) lo = 0x90;  // overlong
    if (b0 == 0xf4) hi = 0x8f;  // past U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if (!is_continuation(b)) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  return len;
}

// Code points that move the cursor, end a line, or reorder what follows them on screen.
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||       // C0, DEL, C1
         cp == 0x061c || cp == 0x200e || cp == 0x200f ||  // bidirectional marks
         (cp >= 0x2028 && cp <= 0x202e) ||                // line/paragraph separators, embeddings
         (cp >= 0x2066 && cp <= 0x2069);                  // bidirectional isolates
}

void escape_bytes(std::string& out, std::string_view bytes) {
  for (const char c : bytes) {
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    }
  }
}

std::string sanitise(std::string_view text, std::size_t max_chars) {
  std::string out;
  out.reserve(std::min(text.size(), max_chars));
  std::size_t chars = 0;
  // Where the output stood while it still left room for the ellipsis.
  std::size_t room_bytes = 0;
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t len = utf8_sequence(text, i, cp);
    const bool escape = len == 0 || is_control(cp);
    if (len == 0) len = 1;  // one byte of invalid UTF-8 at a time
    const std::size_t before = out.size();
    if (escape) {
      escape_bytes(out, text.substr(i, len));
    } else {
      out.append(text.substr(i, len));
    }
    // An escape prints as its bytes (all ASCII); a kept character as one.
    chars += escape ? out.size() - before : 1;
    if (chars > max_chars) {
      out.resize(room_bytes);
      out += kEllipsis;
      return out;
    }
    if (chars + 1 <= max_chars) room_bytes = out.size();
    i += len;
  }
  return out;
}

}  // namespace

std::string terminal_text(std::string_view text) {
  return sanitise(text, std::numeric_limits<std::size_t>::max());
}

std::string terminal_text(std::string_view text, std::size_t max_chars) {
  if (max_chars == 0) return {};
  return sanitise(text, max_chars);
}

}  // namespace escurl
