// SPDX-License-Identifier: MIT
// Failure scanning of _bulk and _msearch responses: watches the body as it streams to the output
// and counts the items (or searches) that carry an "error", by status and error type, keeping the
// first few with their position, op, index, id and reason. Memory is bounded by the nesting
// depth, the examples kept and the distinct (status, type) pairs: never by the body's size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace escurl {

/// Which response is scanned: `_bulk` ("items") or `_msearch` ("responses").
enum class BulkKind { Bulk, Msearch };

/// The kind a request path calls for (`/_bulk`, `/idx/_msearch/template`, …); nullopt otherwise.
std::optional<BulkKind> bulk_kind_for_path(std::string_view path);

/// One failed item, as kept for display (op up to 32 bytes, index, id and type up to 256).
struct BulkFailure {
  std::size_t position = 0;  ///< 0-based index in "items" / "responses", i.e. request order
  std::string op;            ///< index, create, update or delete; empty for _msearch
  std::string index;         ///< _index, when given
  std::string id;            ///< _id, when given
  int status = 0;            ///< the item's "status"; 0 when absent
  std::string type;          ///< error.type
  std::string reason;        ///< error.reason (or a string "error"), cut near 300 bytes with "…"
};

/// What a scan found.
struct BulkSummary {
  BulkKind kind = BulkKind::Bulk;
  bool errors_flag = false;  ///< the top-level "errors": true of _bulk
  std::size_t items = 0;     ///< elements of "items" / "responses" seen
  std::size_t failed = 0;    ///< of which carry an "error"
  /// Failures by (status, error type); beyond 256 pairs the rest count under (0, "other").
  std::map<std::pair<int, std::string>, std::size_t> by_status_and_type;
  std::vector<BulkFailure> examples;   ///< the first keep_examples failures, in order
  bool parse_failed = false;           ///< the body is not valid JSON (or was cut short)
  std::size_t parse_error_offset = 0;  ///< byte offset where it broke
};

/// A streaming scanner: feed() every chunk of the body, then finish() once.
class BulkScanner {
 public:
  explicit BulkScanner(BulkKind kind, std::size_t keep_examples = 5);

  /// Scans the next chunk; chunks may split the body anywhere.
  void feed(std::string_view chunk);
  /// Ends the body: a truncated document sets parse_failed.
  void finish();
  /// The findings so far.
  const BulkSummary& summary() const { return summary_; }

 private:
  // What a container is, seen from the response's shape.
  enum class Slot : std::uint8_t { Root, Items, Item, Op, Response, Error, Other };
  // What the value about to start means.
  enum class Field : std::uint8_t {
    None,
    Root,
    ErrorsFlag,
    ItemsArray,
    Item,
    OpBody,
    Index,
    Id,
    Status,
    Error,
    Type,
    Reason,
  };
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
    Broken,
  };
  struct Frame {
    char kind;  // '{' or '['
    Slot slot;
  };
  // The item being read; its strings are capped, so it stays small.
  struct Item {
    BulkFailure failure;
    bool has_error = false;
    bool reason_cut = false;
  };
  // Where the bytes of the string being read go, if anywhere.
  struct Capture {
    std::string* target = nullptr;
    std::size_t cap = 0;
    bool* cut = nullptr;
  };

  const char* step(const char* p, const char* end);
  const char* between_tokens(const char* p, const char* end);
  const char* start_value(const char* p);
  void open_container(char kind, Field field);
  const char* close_container(const char* p);
  const char* punctuation(const char* p);
  const char* string_body(const char* p, const char* end);
  const char* escape(const char* p);
  const char* unicode(const char* p, const char* end);
  const char* number(const char* p, const char* end);
  const char* literal(const char* p, const char* end);
  void end_number();
  void start_string(Field field);
  void end_string();
  void append_captured(std::string_view bytes);
  void append_code_point(std::uint32_t cp);
  void flush_surrogate();
  void value_done();
  Field key_field() const;
  bool key_is(std::string_view want) const;
  Field next_field() const;
  void reset_item(std::size_t position);
  void finish_item();
  void count_failure(const BulkFailure& f);
  void fail(const char* p);

  BulkSummary summary_;
  std::size_t keep_examples_;
  State state_ = State::TopLevel;
  std::vector<Frame> stack_;
  Field pending_ = Field::None;      // the field of the value after the current key
  Field value_field_ = Field::None;  // the field of the scalar being read
  bool in_key_ = false;
  std::string key_;  // the current key of an object whose keys matter, capped
  bool key_cut_ = false;
  Capture capture_;
  Item item_;
  bool in_item_ = false;
  std::uint8_t hex_left_ = 0;
  std::uint32_t hex_value_ = 0;
  std::uint32_t high_surrogate_ = 0;  // a \uD800-\uDBFF awaiting its pair
  std::string_view literal_;
  std::uint8_t literal_pos_ = 0;
  std::int64_t number_value_ = 0;
  bool seen_value_ = false;
  const char* chunk_begin_ = nullptr;
  std::size_t consumed_ = 0;  // bytes of earlier chunks
};

/// A few lines for stderr: the headline with counts by status and type, then one line per kept
/// example, e.g. "_bulk: 2 of 1000 items failed (409 version_conflict_engine_exception ×1, …)"
/// and "  item 17 create [i/2]: 409 version_conflict_engine_exception: [2]: version conflict".
/// Control characters from the body are replaced, so a reason cannot drive the terminal.
std::string render_bulk_summary(const BulkSummary& summary);

}  // namespace escurl
