// SPDX-License-Identifier: MIT
// JsonFormatter's fast path: inside a container, the tokens that lie whole in the chunk. The
// byte-by-byte state machine in json_stream.cpp does the rest and defines the grammar.
#include <cassert>
#include <cstring>
#include <string_view>

#include "json_scan.h"
#include "json_stream.h"
#include "json_stream_writer.h"

namespace escurl {

using json_scan::copy_string;
using json_scan::kBlock;
using json_scan::kStringRoom;
using json_scan::number_end;
using json_scan::skip_blank;
using json_write::kPalette;
using json_write::kReset;
using json_write::put_indent;
using json_write::put_sgr;

// Output room checked for at the start of a turn, on top of the indent: what any token but a
// long string or number writes (a string starts with 8 bytes of colour and quote before its
// copy needs kStringRoom), with what follows a value (a colour reset stored as 16 bytes, ": ").
constexpr std::size_t kTurnRoom = 8 + kStringRoom + 2 * kBlock;

// Inside a container, the tokens that lie whole in the chunk are formatted here, with the state,
// depth and output pointer in registers and no per-byte bookkeeping. Anything else (a token cut
// by the chunk's end, invalid input, an NDJSON newline, the end of the document) is left to
// step() at a position where both agree on the state, so the output does not depend on which of
// the two formats a token; step() remains the reference for the grammar.
// flatten: every helper and lambda inlined, so that the locals stay in registers.
template <bool pretty, bool color>
[[gnu::flatten]] const char* JsonFormatter::fast_path(const char* p, const char* const end,
                                                      Writer& w) {
  using S = State;
  // A token starts only where 32 bytes can be read: enough for a literal, a short number, and the
  // first block of a string.
  if (end - p < static_cast<std::ptrdiff_t>(2 * kBlock)) return p;
  const char* const last = end - 2 * kBlock;
  // Members in locals: a store through char* may alias them, and they would be reloaded.
  char* o = w.at();
  char* limit = w.limit();
  const auto room = [&o, &limit, &w](std::size_t n) {
    if (limit - o < static_cast<std::ptrdiff_t>(n)) {
      o = w.grow_at(o, n);
      limit = w.limit();
    }
  };
  char* const stack = stack_.data();
  const char* const spaces = indent_.data();
  const auto indent = static_cast<std::size_t>(pretty_ ? style_.indent : 0);
  const bool newline_is_space = !ndjson_;  // in NDJSON, step() fails the open document
  std::size_t depth = depth_;
  std::size_t width = 1 + depth * indent;  // "\n" and the indent at this depth
  State s = state_;
  bool pending = pending_break_;

  const auto paint = [&](Paint what) {
    if constexpr (color) o = put_sgr(o, kPalette[static_cast<std::size_t>(what)]);
  };
  const auto unpaint = [&] {
    if constexpr (color) o = put_sgr(o, kReset);
  };
  // What start_value() writes before a token's first byte.
  const auto break_line = [&] {
    if (pretty && pending) o = put_indent(o, spaces, width);
    pending = false;
  };
  // After a value: the comma that usually follows is taken at once, as comma() would.
  const auto value_done = [&] {
    s = S::AfterValue;
    if (p < end && *p == ',') {
      *o++ = ',';
      ++p;
      pending = true;
      s = stack[depth - 1] == '{' ? S::ExpectKey : S::ExpectValue;
    }
  };
  // Closes a container; false at the top level, where the document ends and step() takes over.
  const auto close = [&](char c, bool empty) {
    --depth;
    width -= indent;
    if (pretty && !empty) o = put_indent(o, spaces, width);
    *o++ = c;
    ++p;
    pending = false;
    if (depth == 0) {  // JsonFormatter::value_done() at the top level
      *o++ = '\n';
      s = S::TopLevel;
      line_has_value_ = true;
      return false;
    }
    value_done();
    return true;
  };

  // A string's inside, copied; false when step() must carry on inside it (state String).
  const auto string = [&](bool key) {
    break_line();
    paint(key ? Paint::Key : Paint::String);
    *o++ = '"';
    const char* q = p + 1;
    if (!copy_string(q, end, o, room)) {
      p = q;
      s = S::String;
      in_key_ = key;
      color_open_ = color;
      return false;
    }
    assert(limit - o >= static_cast<std::ptrdiff_t>(kStringRoom - 15));
    *o++ = '"';
    unpaint();
    p = q + 1;
    return true;
  };

  // One member or element per turn; `return` hands over to step() with the state as it would
  // have it there.
  [&] {
    while (p <= last) {
      char c = *p;
      if (static_cast<unsigned char>(c) <= ' ') {
        const char* const q = skip_blank(p, end, newline_is_space);
        if (q == p) return;  // a control byte or an NDJSON newline: step() fails there
        p = q;
        continue;
      }
      room(width + kTurnRoom);
      if (s == S::ObjectOpen || s == S::ExpectKey) {
        if (c != '"') {
          if (c != '}' || s != S::ObjectOpen || !close(c, true)) return;
          continue;
        }
        if (!string(true)) return;
        if (p == end || *p != ':') {
          s = S::ExpectColon;
          continue;
        }
        ++p;  // as colon() does
        *o++ = ':';
        if (pretty) *o++ = ' ';
        s = S::ExpectValue;
        // In compact input the value follows at once: on with it, without another turn.
        if (p > last || static_cast<unsigned char>(*p) <= ' ') continue;
        c = *p;
        room(kTurnRoom);  // nothing to indent before a member's value
      } else if (s == S::AfterValue) {
        if (c == ',') {
          *o++ = ',';
          ++p;
          pending = true;
          s = stack[depth - 1] == '{' ? S::ExpectKey : S::ExpectValue;
          continue;
        }
        if ((c != '}' && c != ']') || stack[depth - 1] != (c == '}' ? '{' : '[')) return;
        if (!close(c, false)) return;
        continue;
      } else if (s == S::ExpectColon) {
        if (c != ':') return;
        ++p;
        *o++ = ':';
        if (pretty) *o++ = ' ';
        s = S::ExpectValue;
        continue;
      } else if (c == ']' && s == S::ArrayOpen) {
        if (!close(c, true)) return;
        continue;
      }
      // A value, in an array or after a key's colon.
      if (c == '"') {
        if (!string(false)) return;
        value_done();
        continue;
      }
      if (c == '{' || c == '[') {
        if (depth >= kMaxDepth) return;
        break_line();
        pending = true;
        stack[depth++] = c;
        width += indent;
        s = c == '{' ? S::ObjectOpen : S::ArrayOpen;
        *o++ = c;
        ++p;
        continue;
      }
      if (c == 't' || c == 'f' || c == 'n') {
        // Fixed-size compares, which compile to one or two loads; `false` is `alse` after its f.
        const bool whole = c == 't'   ? std::memcmp(p, "true", 4) == 0
                           : c == 'n' ? std::memcmp(p, "null", 4) == 0
                                      : std::memcmp(p + 1, "alse", 4) == 0;
        if (!whole) return;
        const std::size_t n = c == 'f' ? 5 : 4;
        break_line();
        paint(c == 'n' ? Paint::Null : Paint::Bool);
        std::memcpy(o, p, 8);  // 32 bytes are readable at p, and the room is there
        o += n;
        unpaint();
        p += n;
        value_done();
        continue;
      }
      const char* const q = number_end(p, end);
      if (q == nullptr) return;  // not a number, or not one whole here
      const auto n = static_cast<std::size_t>(q - p);
      break_line();
      paint(Paint::Number);
      if (n <= kBlock) {
        std::memcpy(o, p, kBlock);  // 32 bytes are readable at p
      } else {
        room(n + 2 * kBlock);
        std::memcpy(o, p, n);
      }
      o += n;
      unpaint();
      p = q;
      value_done();
    }
  }();
  assert(o <= limit);
  w.seek(o);
  depth_ = depth;
  state_ = s;
  pending_break_ = pending;
  return p;
}

template const char* JsonFormatter::fast_path<true, true>(const char*, const char*, Writer&);
template const char* JsonFormatter::fast_path<true, false>(const char*, const char*, Writer&);
template const char* JsonFormatter::fast_path<false, true>(const char*, const char*, Writer&);
template const char* JsonFormatter::fast_path<false, false>(const char*, const char*, Writer&);

}  // namespace escurl
