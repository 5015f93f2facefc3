// SPDX-License-Identifier: MIT
#include "json_stream.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "json_scan.h"
#include "json_stream_writer.h"

namespace escurl {
namespace {

constexpr int kMaxIndent = 8;
// The Writer's first guess is at most 16 times the input; deeper nesting grows the buffer.
constexpr std::size_t kMaxExpansion = 16 * 16;

using json_scan::is;
using json_scan::kBlock;
using json_scan::kDigit;
using json_scan::kEscape;
using json_scan::kHex;
using json_scan::kSpace;
using json_scan::kValueStart;
using json_write::kPalette;
using json_write::kReset;

std::string lowercase_media_type(std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  std::string out;
  for (const char c : type) {
    if (!is(c, kSpace)) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

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
  return static_cast<std::size_t>(json_scan::plain_end(s.data(), s.data() + s.size()) - s.data());
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
    if (depth_ != 0 && state_ <= State::AfterValue) {  // in a container, between tokens
      p = pretty_ ? (style_.color ? fast_path<true, true>(p, end, w)
                                  : fast_path<true, false>(p, end, w))
                  : (style_.color ? fast_path<false, true>(p, end, w)
                                  : fast_path<false, false>(p, end, w));
      if (p == end) break;
    }
    p = step(p, end, w);
  }
  if (chunk.size() >= 1024) {  // a few bytes say little about the next chunk
    expansion_ = std::min(w.written() * 16 / chunk.size() + 2, kMaxExpansion);
  }
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
  const json_write::Sgr& sgr = kPalette[static_cast<std::size_t>(what)];
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
