// SPDX-License-Identifier: MIT
#include "json_stream.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace escurl {
namespace {

// Deeper documents are passed through raw, as invalid. 1000 is the nesting limit of the JSON
// parser Elasticsearch uses, and it bounds how much one input byte can expand: a value at depth
// d costs a newline and d indents.
constexpr std::size_t kMaxDepth = 1000;
constexpr int kMaxIndent = 8;
// The Writer's first guess is at most 16 times the input; deeper nesting grows the buffer.
constexpr std::size_t kMaxExpansion = 16 * 16;

// Byte classes, one table lookup per byte in the loops that are not vectorised.
constexpr std::uint8_t kSpace = 1;       // JSON insignificant whitespace
constexpr std::uint8_t kStringStop = 2;  // ends a plain run inside a string
constexpr std::uint8_t kDigit = 4;
constexpr std::uint8_t kHex = 8;
constexpr std::uint8_t kValueStart = 16;  // first byte of a value
constexpr std::uint8_t kEscape = 32;      // may follow a backslash

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] |= kStringStop;
  t['"'] |= kStringStop;
  t['\\'] |= kStringStop;
  for (const char c : {' ', '\t', '\n', '\r'}) t[static_cast<unsigned char>(c)] |= kSpace;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kDigit | kHex;
  for (int c = 'a'; c <= 'f'; ++c) t[c] |= kHex;
  for (int c = 'A'; c <= 'F'; ++c) t[c] |= kHex;
  for (int c = '0'; c <= '9'; ++c) t[c] |= kValueStart;
  for (const char c : std::string_view("{[\"-tfn")) t[static_cast<unsigned char>(c)] |= kValueStart;
  for (const char c : std::string_view("\"\\/bfnrtu")) t[static_cast<unsigned char>(c)] |= kEscape;
  return t;
}
constexpr std::array<std::uint8_t, 256> kClass = make_classes();

bool is(char c, std::uint8_t cls) { return (kClass[static_cast<unsigned char>(c)] & cls) != 0; }

// jq's default palette; structural punctuation stays uncoloured.
// Each sequence sits in a block of its own, so that it is copied as one block.
constexpr std::size_t kBlock = 16;
struct Sgr {
  char text[kBlock];
  std::size_t size;
};
constexpr std::array<Sgr, 5> kPalette = {{
    {"\x1b[34;1m", 7},  // key
    {"\x1b[0;32m", 7},  // string
    {"\x1b[0;39m", 7},  // number
    {"\x1b[1;30m", 7},  // null
    {"\x1b[0;39m", 7},  // true, false
}};
constexpr Sgr kReset = {"\x1b[0m", 4};

// Copies n bytes of s to o in whole 16-byte blocks (both must allow n rounded up); returns o + n.
char* put_blocks(char* o, const char* s, std::size_t n) {
  for (std::size_t i = 0; i < n; i += kBlock) std::memcpy(o + i, s + i, kBlock);
  return o + n;
}

char* put_sgr(char* o, const Sgr& sgr) {
  std::memcpy(o, sgr.text, kBlock);
  return o + sgr.size;
}

// Writes "\n" and the indent, `width` bytes of `spaces` (which has 32 more), as one fixed-size
// copy when it is not too deep.
char* put_indent(char* o, const char* spaces, std::size_t width) {
  if (width <= 2 * kBlock) {
    std::memcpy(o, spaces, 2 * kBlock);
    return o + width;
  }
  return put_blocks(o, spaces, width);
}

// The first byte at p that is not JSON whitespace; a newline counts only when newline_is_space.
const char* skip_blank(const char* p, const char* end, bool newline_is_space) {
#ifdef __SSE2__
  // Indented input has a newline and a run of spaces before every token.
  const __m128i newline = _mm_set1_epi8(newline_is_space ? '\n' : ' ');
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i blank = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, newline)),
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
    if (const unsigned mask = ~static_cast<unsigned>(_mm_movemask_epi8(blank)) & 0xffff;
        mask != 0) {
      return p + __builtin_ctz(mask);
    }
  }
#endif
  while (p < end && is(*p, kSpace) && (*p != '\n' || newline_is_space)) ++p;
  return p;
}

bool is_digit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Where the number at p ends, by the grammar of JsonFormatter::number_step, taking as many bytes
// as it would; nullptr when the number is incomplete there or reaches `end`, which step() then
// handles (it fails, or waits for the next chunk).
const char* number_end(const char* p, const char* end) {
  const char* q = p + (*p == '-');
  const auto digits = [&q, end] {
    if (q == end || !is_digit(*q)) return false;
    while (++q < end && is_digit(*q)) {
    }
    return true;
  };
  if (q < end && *q == '0') {
    ++q;
  } else if (!digits()) {
    return nullptr;
  }
  if (q < end && *q == '.' && (++q, !digits())) return nullptr;
  if (q < end && (*q == 'e' || *q == 'E')) {
    ++q;
    if (q < end && (*q == '+' || *q == '-')) ++q;
    if (!digits()) return nullptr;
  }
  return q < end ? q : nullptr;
}

// Copies the inside of a string from q to o up to its closing quote, whole escapes included, and
// returns true with q on that quote; or returns false with q where step() must take over: a raw
// control byte, an escape that is invalid or cut by the chunk's end, or fewer than 16 bytes left.
// On entry 16 bytes can be read at q and o has room for 24; `grow` makes room as the string goes.
template <class Grow>
bool copy_string(const char*& q, const char* end, char*& o, Grow&& grow) {
  for (;;) {
#ifdef __SSE2__
    // Scan and copy in one: the block is stored whole, and o moves only past its plain bytes.
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), v);
    const __m128i control =
        _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
    const __m128i stop = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
        control);
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(stop));
    const std::size_t run = mask == 0 ? kBlock : static_cast<std::size_t>(__builtin_ctz(mask));
#else
    const std::size_t run = json_string_run({q, kBlock});
    std::memcpy(o, q, kBlock);
#endif
    q += run;
    o += run;
    if (run == kBlock) {
      grow(kBlock + 8);
      if (end - q < static_cast<std::ptrdiff_t>(kBlock)) return false;
      continue;
    }
    if (*q == '"') return true;
    // An escape is copied whole, once checked as step() would check it.
    if (*q != '\\' || end - q < 6 || !is(q[1], kEscape)) return false;
    const std::size_t n = q[1] == 'u' ? 6 : 2;
    for (std::size_t i = 2; i < n; ++i) {
      if (!is(q[i], kHex)) return false;
    }
    std::memcpy(o, q, 6);  // room: 24 on entry to the block, less at most 15 of its bytes
    q += n;
    o += n;
    grow(kBlock + 8);
    if (end - q < static_cast<std::ptrdiff_t>(kBlock)) return false;
  }
}

std::string lowercase_media_type(std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  std::string out;
  for (const char c : type) {
    if (!is(c, kSpace)) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

// Appends to the caller's string through a raw pointer: one size check per token instead of
// std::string's per-call bookkeeping. The string is trimmed to what was written on destruction.
// The fast path borrows the pointer (at/seek) so that it lives in a register: a store through a
// char* may alias any member, so the compiler reloads members after every byte written.
class JsonFormatter::Writer {
 public:
  Writer(std::string& out, std::size_t hint) : out_(out), start_(out.size()) {
    out_.resize(start_ + hint);  // zero-filled: the hint should be close to what is written
    rebind(start_);
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() { out_.resize(static_cast<std::size_t>(w_ - out_.data())); }

  void put(char c) {
    reserve(1);
    *w_++ = c;
  }
  void put(std::string_view s) {
    reserve(s.size());
    std::memcpy(w_, s.data(), s.size());
    w_ += s.size();
  }
  // Copies n bytes of s, which may be read up to `readable`. Most tokens are short: a fixed
  // 16-byte copy is one load and one store where a memcpy call would cost more than the bytes.
  void copy(const char* s, std::size_t n, const char* readable) {
    reserve(n + kBlock);
    if (n <= kBlock && readable - s >= static_cast<std::ptrdiff_t>(kBlock)) {
      std::memcpy(w_, s, kBlock);
    } else {
      std::memcpy(w_, s, n);
    }
    w_ += n;
  }
  // Copies n bytes of s, which may be read up to n rounded up to a whole block.
  void copy_blocks(const char* s, std::size_t n) {
    reserve(n + kBlock);
    w_ = put_blocks(w_, s, n);
  }

  std::size_t written() const { return static_cast<std::size_t>(w_ - out_.data()) - start_; }
  char* at() const { return w_; }
  char* limit() const { return end_; }
  void seek(char* at) { w_ = at; }
  // Makes room for n bytes at `at`, moving the buffer; `at` and limit() change.
  [[gnu::noinline]] char* grow_at(char* at, std::size_t n) {
    w_ = at;
    grow(n);
    return w_;
  }

 private:
  void reserve(std::size_t n) {
    if (static_cast<std::size_t>(end_ - w_) < n) grow(n);
  }
  void grow(std::size_t n) {
    const auto used = static_cast<std::size_t>(w_ - out_.data());
    out_.resize(std::max(out_.size() * 2, used + n));
    rebind(used);
  }
  void rebind(std::size_t used) {
    w_ = out_.data() + used;
    end_ = out_.data() + out_.size();
  }

  std::string& out_;
  std::size_t start_;
  char* w_ = nullptr;
  char* end_ = nullptr;
};

std::optional<BodyKind> body_kind_for_content_type(std::string_view content_type) {
  const std::string type = lowercase_media_type(content_type);
  const auto ends_with = [&type](std::string_view s) { return type.ends_with(s); };
  if (ends_with("/x-ndjson") || ends_with("+x-ndjson") || ends_with("/ndjson") ||
      ends_with("/x-ldjson") || ends_with("/jsonl")) {
    return BodyKind::Ndjson;
  }
  if (ends_with("/json") || ends_with("+json")) return BodyKind::Json;
  return std::nullopt;
}

std::size_t json_string_run(std::string_view s) {
  const char* const begin = s.data();
  const char* const end = begin + s.size();
  const char* p = begin;
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1f);
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max);
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    if (const int mask = _mm_movemask_epi8(stop); mask != 0) {
      return static_cast<std::size_t>(p - begin) + static_cast<unsigned>(__builtin_ctz(mask));
    }
  }
#endif
  while (p < end && !is(*p, kStringStop)) ++p;
  return static_cast<std::size_t>(p - begin);
}

JsonFormatter::JsonFormatter(JsonStyle style, BodyKind kind)
    : style_(style),
      pretty_(style.mode == JsonStyle::Mode::Pretty),
      ndjson_(kind == BodyKind::Ndjson) {
  style_.indent = std::clamp(style_.indent, 0, kMaxIndent);
  stack_.resize(kMaxDepth);
  // One allocation for every depth, so that no indent needs a size check.
  indent_.assign(1 + kMaxDepth * static_cast<std::size_t>(style_.indent) + 2 * kBlock, ' ');
  indent_[0] = '\n';
}

// flatten: the per-token helpers are inlined into this loop; as calls they cost a third of the
// time.
[[gnu::flatten]] void JsonFormatter::feed(std::string_view chunk, std::string& out) {
  Writer w(out, chunk.size() * expansion_ / 16 + 64);
  const char* p = chunk.data();
  const char* const end = p + chunk.size();
  while (p < end) {
    if (depth_ != 0 && state_ <= State::AfterValue) {  // between tokens, in a container
      p = pretty_ ? (style_.color ? fast_path<true, true>(p, end, w)
                                  : fast_path<true, false>(p, end, w))
                  : (style_.color ? fast_path<false, true>(p, end, w)
                                  : fast_path<false, false>(p, end, w));
      if (p == end) break;
    }
    p = step(p, end, w);
  }
  if (chunk.size() >= 1024)
    expansion_ = std::min(w.written() * 16 / chunk.size() + 2, kMaxExpansion);
}

// Inside a container, the tokens that lie whole in the chunk are formatted here, with the state,
// depth and output pointer in registers and no per-byte bookkeeping. Anything else (a token cut
// by the chunk's end, invalid input, an NDJSON newline, the end of the document) is left to
// step() at a position where both agree on the state, so the output does not depend on which of
// the two formats a token; step() remains the reference for the grammar.
template <bool pretty, bool color>
const char* JsonFormatter::fast_path(const char* p, const char* const end, Writer& w) {
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

  const auto paint = [&o](Paint what) {
    if constexpr (color) o = put_sgr(o, kPalette[static_cast<std::size_t>(what)]);
  };
  const auto unpaint = [&o] {
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
      // Enough for any token but a long string or number: indent, colours, a literal, escapes.
      room(width + 4 * kBlock);
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
        room(4 * kBlock);  // nothing to indent before a member's value
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
  w.seek(o);
  depth_ = depth;
  state_ = s;
  pending_break_ = pending;
  return p;
}

void JsonFormatter::finish(std::string& out) {
  Writer w(out, 64);
  if (state_ == State::Number) end_number(w);
  if (state_ != State::TopLevel && state_ != State::Raw) fail(w);  // a truncated document
}

// Every step consumes input or moves to a state whose step will.
const char* JsonFormatter::step(const char* p, const char* end, Writer& w) {
  switch (state_) {
    case State::String:
      return string_body(p, end, w);
    case State::Escape:
      return escape(p, w);
    case State::Unicode:
      return unicode(p, end, w);
    case State::Number:
      return number(p, end, w);
    case State::Literal:
      return literal(p, end, w);
    case State::Raw:
      return raw(p, end, w);
    default:
      return between_tokens(p, end, w);
  }
}

const char* JsonFormatter::between_tokens(const char* p, const char* end, Writer& w) {
  p = skip_whitespace(p, end, w);
  if (p == end || state_ == State::Raw) return p;
  const char c = *p;
  if (c == '}' || c == ']') return close_container(p, w);
  if (c == ',') return comma(p, w);
  if (c == ':') return colon(p, w);
  if (is(c, kValueStart)) return start_value(p, w);
  fail(w);
  return p;
}

const char* JsonFormatter::skip_whitespace(const char* p, const char* end, Writer& w) {
  for (; p < end && is(*p, kSpace); ++p) {
    need_delimiter_ = false;
    if (*p != '\n' || !ndjson_) continue;
    // NDJSON: a newline ends the document, so one still open is broken.
    if (state_ != State::TopLevel) {
      fail(w);
      return p;
    }
    if (!line_has_value_) w.put('\n');  // a blank line stays blank
    line_has_value_ = false;
  }
  return p;
}

const char* JsonFormatter::start_value(const char* p, Writer& w) {
  const char c = *p;
  const bool key_slot = state_ == State::ObjectOpen || state_ == State::ExpectKey;
  const bool value_slot = state_ == State::TopLevel
                              ? !need_delimiter_
                              : state_ == State::ArrayOpen || state_ == State::ExpectValue;
  const bool opens = c == '{' || c == '[';
  if (!(value_slot || (key_slot && c == '"')) || (opens && depth_ >= kMaxDepth)) {
    fail(w);
    return p;
  }
  if (pretty_ && pending_break_) newline_indent(depth_, w);
  pending_break_ = opens;  // after '{' or '[', the line breaks only if the container is not empty
  if (opens) {
    stack_[depth_++] = c;
    state_ = c == '{' ? State::ObjectOpen : State::ArrayOpen;
  } else if (c == '"') {
    in_key_ = key_slot;
    paint(key_slot ? Paint::Key : Paint::String, w);
    state_ = State::String;
  } else if (c == 't' || c == 'f' || c == 'n') {
    literal_ = c == 't' ? "true" : c == 'f' ? "false" : "null";
    literal_pos_ = 1;
    paint(c == 'n' ? Paint::Null : Paint::Bool, w);
    state_ = State::Literal;
  } else {
    num_ = c == '-' ? NumState::Minus : c == '0' ? NumState::Zero : NumState::Int;
    paint(Paint::Number, w);
    state_ = State::Number;
  }
  w.put(c);
  return p + 1;
}

const char* JsonFormatter::close_container(const char* p, Writer& w) {
  const char open = depth_ == 0 ? '\0' : stack_[depth_ - 1];
  const bool matches = (open == '{' && *p == '}') || (open == '[' && *p == ']');
  const bool empty = state_ == (open == '{' ? State::ObjectOpen : State::ArrayOpen);
  if (!matches || !(empty || state_ == State::AfterValue)) {  // `[1,]`, `{"a":}`, `{"a"}`
    fail(w);
    return p;
  }
  --depth_;
  if (pretty_ && !empty) newline_indent(depth_, w);
  pending_break_ = false;
  w.put(*p);
  value_done(w);
  return p + 1;
}

const char* JsonFormatter::comma(const char* p, Writer& w) {
  if (state_ != State::AfterValue) {
    fail(w);
    return p;
  }
  w.put(',');
  pending_break_ = true;  // broken at the next value, so a failure there leaves no dangling indent
  state_ = stack_[depth_ - 1] == '{' ? State::ExpectKey : State::ExpectValue;
  return p + 1;
}

const char* JsonFormatter::colon(const char* p, Writer& w) {
  if (state_ != State::ExpectColon) {
    fail(w);
    return p;
  }
  w.put(':');
  if (pretty_) w.put(' ');
  state_ = State::ExpectValue;
  return p + 1;
}

// The hot loop for most bodies: plain runs are found 16 bytes at a time and copied in bulk.
const char* JsonFormatter::string_body(const char* p, const char* end, Writer& w) {
  const std::size_t run = json_string_run({p, static_cast<std::size_t>(end - p)});
  w.copy(p, run, end);
  p += run;
  if (p == end) return p;
  if (*p == '"') {
    w.put('"');
    end_string(w);
  } else if (*p == '\\') {
    w.put('\\');
    state_ = State::Escape;
  } else {
    fail(w);  // a raw control byte is not allowed in a JSON string
    return p;
  }
  return p + 1;
}

const char* JsonFormatter::escape(const char* p, Writer& w) {
  if (!is(*p, kEscape)) {
    fail(w);
    return p;
  }
  state_ = *p == 'u' ? State::Unicode : State::String;
  hex_left_ = 4;
  w.put(*p);
  return p + 1;
}

const char* JsonFormatter::unicode(const char* p, const char* end, Writer& w) {
  for (; p < end && hex_left_ > 0; ++p, --hex_left_) {
    if (!is(*p, kHex)) {
      fail(w);
      return p;
    }
    w.put(*p);
  }
  if (hex_left_ == 0) state_ = State::String;
  return p;
}

// One step of the number grammar; false when `c` cannot continue the number from `s`.
bool JsonFormatter::number_step(NumState& s, char c) {
  using N = NumState;
  const bool digit = is(c, kDigit);
  switch (s) {
    case N::Minus:
      if (!digit) return false;
      s = c == '0' ? N::Zero : N::Int;
      return true;
    case N::Zero:
    case N::Int:
      if (digit && s == N::Int) return true;
      if (c == '.') return s = N::Dot, true;
      if (c == 'e' || c == 'E') return s = N::Exp, true;
      return false;
    case N::Dot:
    case N::Frac:
      if (digit) return s = N::Frac, true;
      if (s == N::Frac && (c == 'e' || c == 'E')) return s = N::Exp, true;
      return false;
    case N::Exp:
      if (c == '+' || c == '-') return s = N::ExpSign, true;
      [[fallthrough]];
    case N::ExpSign:
    case N::ExpDigits:
      if (digit) return s = N::ExpDigits, true;
      return false;
  }
  return false;
}

bool JsonFormatter::number_complete(NumState s) {
  using N = NumState;
  return s == N::Zero || s == N::Int || s == N::Frac || s == N::ExpDigits;
}

const char* JsonFormatter::number(const char* p, const char* end, Writer& w) {
  const char* const start = p;
  while (p < end && number_step(num_, *p)) ++p;
  w.copy(start, static_cast<std::size_t>(p - start), end);
  if (p < end) end_number(w);  // the byte at p is not part of the number
  return p;
}

const char* JsonFormatter::literal(const char* p, const char* end, Writer& w) {
  for (; p < end && literal_pos_ < literal_.size(); ++p, ++literal_pos_) {
    if (*p != literal_[literal_pos_]) {
      fail(w);
      return p;
    }
    w.put(*p);
  }
  if (literal_pos_ == literal_.size()) {
    unpaint(w);
    need_delimiter_ = depth_ == 0;  // `truex` and `1true` are not two values
    value_done(w);
  }
  return p;
}

const char* JsonFormatter::raw(const char* p, const char* end, Writer& w) {
  if (!ndjson_) {
    w.put({p, static_cast<std::size_t>(end - p)});
    return end;
  }
  // NDJSON: only the broken line passes through raw; the next line is a new document.
  const auto* nl =
      static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
  const char* const stop = nl ? nl + 1 : end;
  w.put({p, static_cast<std::size_t>(stop - p)});
  if (nl) reset_document();
  return stop;
}

void JsonFormatter::end_string(Writer& w) {
  unpaint(w);
  if (in_key_) {
    state_ = State::ExpectColon;
  } else {
    value_done(w);
  }
}

void JsonFormatter::end_number(Writer& w) {
  if (!number_complete(num_)) {  // `-`, `1.`, `1e+`
    fail(w);
    return;
  }
  unpaint(w);
  need_delimiter_ = depth_ == 0;
  value_done(w);
}

void JsonFormatter::value_done(Writer& w) {
  if (depth_ != 0) {
    state_ = State::AfterValue;
    return;
  }
  w.put('\n');  // each top-level value on its own line, as jq prints them
  state_ = State::TopLevel;
  line_has_value_ = true;
}

void JsonFormatter::newline_indent(std::size_t depth, Writer& w) {
  w.copy_blocks(indent_.data(), 1 + depth * static_cast<std::size_t>(style_.indent));
}

void JsonFormatter::paint(Paint what, Writer& w) {
  if (!style_.color) return;
  const Sgr& sgr = kPalette[static_cast<std::size_t>(what)];
  w.copy_blocks(sgr.text, sgr.size);
  color_open_ = true;
}

void JsonFormatter::unpaint(Writer& w) {
  if (!color_open_) return;
  w.copy_blocks(kReset.text, kReset.size);
  color_open_ = false;
}

void JsonFormatter::fail(Writer& w) {
  failed_ = true;
  unpaint(w);
  state_ = State::Raw;
}

void JsonFormatter::reset_document() {
  depth_ = 0;
  state_ = State::TopLevel;
  need_delimiter_ = false;
  line_has_value_ = false;
  pending_break_ = false;
}

}  // namespace escurl
