// SPDX-License-Identifier: MIT
// Streaming JSON re-indentation: turns a JSON (or NDJSON) body into jq-style pretty or minified
// text, optionally coloured, chunk by chunk, without ever building a tree. State is a depth stack
// and a few flags, so a 100 MB string or a 1 GB document streams through in bounded memory.
// Strings and numbers are copied byte for byte. Invalid input is passed through raw from the
// byte where it breaks, and failed() tells the caller to warn.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace escurl {

/// How a JSON body is printed.
struct JsonStyle {
  enum class Mode { Pretty, Compact };
  Mode mode = Mode::Pretty;  ///< Pretty: jq's layout; Compact: no insignificant whitespace
  bool color = false;        ///< ANSI colours in jq's default palette
  int indent = 2;            ///< spaces per level in Pretty mode, clamped to 0..8
};

/// What a body holds: one JSON text (possibly several values), or one document per line.
enum class BodyKind { Json, Ndjson };

/// The kind a Content-Type announces; nullopt when it is not JSON at all.
std::optional<BodyKind> body_kind_for_content_type(std::string_view content_type);

/// The length of the leading run of `s` that needs no attention inside a JSON string: it stops
/// at the first '"', '\\' or control byte (< 0x20), or is s.size() when there is none.
std::size_t json_string_run(std::string_view s);

/// An incremental formatter: feed() the body as it arrives, then finish() once. Every top-level
/// value is printed on its own line(s) and followed by "\n", in both modes. In NDJSON each line
/// is a document of its own: blank lines are kept, and a broken line passes raw up to its
/// newline, the next line being formatted afresh. Raw UTF-8 is copied without being checked.
class JsonFormatter {
 public:
  explicit JsonFormatter(JsonStyle style, BodyKind kind = BodyKind::Json);

  /// Formats the next chunk, appending output to `out` (cleared by caller). Chunks may split
  /// the body anywhere; the output is the same whatever the boundaries. Nesting deeper than 1000
  /// counts as invalid, so one input byte yields at most about 1000 × indent + 20 output bytes.
  void feed(std::string_view chunk, std::string& out);
  /// Flushes pending state at end of body: ends a trailing number, and marks a truncated
  /// document as failed.
  void finish(std::string& out);
  /// True once the input was found not to be valid JSON (the rest was passed through raw).
  bool failed() const { return failed_; }

 private:
  // Deeper documents are passed through raw, as invalid. 1000 is the nesting limit of the JSON
  // parser Elasticsearch uses, and it bounds how much one input byte can expand: a value at depth
  // d costs a newline and d indents.
  static constexpr std::size_t kMaxDepth = 1000;

  // Where the grammar stands between tokens (TopLevel to AfterValue, in that order: feed() tests
  // `<= AfterValue`), or which token is being read.
  enum class State : std::uint8_t {
    TopLevel,
    ObjectOpen,
    ArrayOpen,
    ExpectKey,
    ExpectColon,
    ExpectValue,
    AfterValue,
    String,
    Escape,
    Unicode,
    Number,
    Literal,
    Raw,
  };
  // The number grammar, one state per position in -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  enum class NumState : std::uint8_t { Minus, Zero, Int, Dot, Frac, Exp, ExpSign, ExpDigits };
  // What a coloured token is, for the palette.
  enum class Paint : std::uint8_t { Key, String, Number, Null, Bool };
  class Writer;

  // A token or part of one, byte by byte: the reference for the grammar (json_stream.cpp).
  const char* step(const char* p, const char* end, Writer& w);
  // Whole tokens inside a container, in bulk (json_stream_fast.cpp); stops where step() must go
  // on, leaving the state as step() would have left it there.
  template <bool pretty, bool color>
  const char* fast_path(const char* p, const char* end, Writer& w);

  const char* between_tokens(const char* p, const char* end, Writer& w);
  const char* skip_whitespace(const char* p, const char* end, Writer& w);
  const char* start_value(const char* p, Writer& w);
  const char* close_container(const char* p, Writer& w);
  const char* string_body(const char* p, const char* end, Writer& w);
  const char* escape(const char* p, Writer& w);
  const char* unicode(const char* p, const char* end, Writer& w);
  const char* number(const char* p, const char* end, Writer& w);
  const char* literal(const char* p, const char* end, Writer& w);
  const char* raw(const char* p, const char* end, Writer& w);
  void end_string(Writer& w);
  void end_number(Writer& w);
  void value_done(Writer& w);
  const char* comma(const char* p, Writer& w);
  const char* colon(const char* p, Writer& w);
  void newline_indent(std::size_t depth, Writer& w);
  void paint(Paint what, Writer& w);
  void unpaint(Writer& w);
  void fail(Writer& w);
  static bool number_step(NumState& s, char c);
  static bool number_complete(NumState s);
  void reset_document();

  JsonStyle style_;
  bool pretty_;
  bool ndjson_;
  bool failed_ = false;
  State state_ = State::TopLevel;
  NumState num_ = NumState::Int;
  bool in_key_ = false;           // the string being read is an object key
  bool color_open_ = false;       // a colour sequence awaits its reset
  bool need_delimiter_ = false;   // a top-level number or literal just ended
  bool line_has_value_ = false;   // NDJSON: the current line printed a document
  bool pending_break_ = false;    // a newline and indent are due before the next value or key
  std::uint8_t hex_left_ = 0;     // \uXXXX digits still expected
  std::uint8_t literal_pos_ = 0;  // bytes of literal_ matched so far
  std::string_view literal_;      // "true", "false" or "null" while reading one
  // Output bytes per 16 input bytes in the last feed, plus a margin: the next feed sizes its
  // buffer by it, since std::string zero-fills what it grows by (a fixed 2x guess cost 2% of the
  // time in compact mode, and 6% in colour mode, whose 3x output doubled the buffer to 4x).
  std::size_t expansion_ = 32;
  std::size_t depth_ = 0;    // open containers
  std::vector<char> stack_;  // '{' or '[' per open container, sized for the deepest
  std::string indent_;       // "\n" followed by enough spaces for the deepest level
};

}  // namespace escurl
