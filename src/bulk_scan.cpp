// SPDX-License-Identifier: MIT
#include "bulk_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "json_stream.h"
#include "terminal_text.h"

namespace escurl {
namespace {

// Elasticsearch nests far less; deeper input is treated as broken, which bounds the stack.
constexpr std::size_t kMaxDepth = 10000;
constexpr std::size_t kKeyKeep = 32;  // longer keys are none of the ones looked for
constexpr std::size_t kNameKeep = 256;
constexpr std::size_t kReasonKeep = 300;
constexpr std::size_t kMaxPairs = 256;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Numbers are only skipped (or read as a status), so their grammar is not checked.
bool is_number_char(char c) {
  return is_digit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}
bool is_value_start(char c) {
  return c == '{' || c == '[' || c == '"' || c == '-' || is_digit(c) || c == 't' || c == 'f' ||
         c == 'n';
}

int hex_digit(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The byte a one-character escape stands for; '\0' when `c` is not one.
char unescaped(char c) {
  constexpr std::string_view kFrom = "bfnrt\"\\/";
  constexpr std::string_view kTo = "\b\f\n\r\t\"\\/";
  const std::size_t at = kFrom.find(c);
  return at == std::string_view::npos ? '\0' : kTo[at];
}

void append_utf8(std::string& out, std::uint32_t cp) {
  const int extra = cp < 0x80 ? 0 : cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
  constexpr unsigned char kLead[] = {0x00, 0xc0, 0xe0, 0xf0};
  out += static_cast<char>(kLead[extra] | (cp >> (6 * extra)));
  for (int i = extra - 1; i >= 0; --i) out += static_cast<char>(0x80 | ((cp >> (6 * i)) & 0x3f));
}

// Drops a UTF-8 sequence left incomplete by a cut, so "…" follows a whole character.
void trim_partial_utf8(std::string& s) {
  std::size_t lead = s.size();
  while (lead > 0 && (static_cast<unsigned char>(s[lead - 1]) & 0xc0) == 0x80) --lead;
  if (lead == 0) return;
  const auto b = static_cast<unsigned char>(s[lead - 1]);
  const std::size_t want = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (s.size() - (lead - 1) < want) s.resize(lead - 1);
}

}  // namespace

std::optional<BulkKind> bulk_kind_for_path(std::string_view path) {
  path = path.substr(0, path.find_first_of("?#"));
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const auto last_segment = [](std::string_view& p) {
    const std::size_t slash = p.rfind('/');
    const std::string_view seg = slash == std::string_view::npos ? p : p.substr(slash + 1);
    p = slash == std::string_view::npos ? std::string_view() : p.substr(0, slash);
    return seg;
  };
  std::string_view last = last_segment(path);
  if (last == "_bulk") return BulkKind::Bulk;
  if (last == "template") last = last_segment(path);
  if (last == "_msearch") return BulkKind::Msearch;
  return std::nullopt;
}

BulkScanner::BulkScanner(BulkKind kind, std::size_t keep_examples) : keep_examples_(keep_examples) {
  summary_.kind = kind;
  stack_.reserve(16);
  key_.reserve(kKeyKeep);
}

// flatten: the per-token helpers are inlined into this loop, which runs on every _bulk response.
[[gnu::flatten]] void BulkScanner::feed(std::string_view chunk) {
  chunk_begin_ = chunk.data();
  const char* p = chunk.data();
  const char* const end = p + chunk.size();
  while (p < end) p = step(p, end);
  consumed_ += chunk.size();
}

void BulkScanner::finish() {
  if (state_ == State::Broken) return;
  if (state_ == State::Number) end_number();
  if (state_ != State::TopLevel || !seen_value_) {  // cut short, or empty
    summary_.parse_failed = true;
    summary_.parse_error_offset = consumed_;
    state_ = State::Broken;
  }
}

// Every step consumes input or moves to a state whose step will.
const char* BulkScanner::step(const char* p, const char* end) {
  switch (state_) {
    case State::String:
      return string_body(p, end);
    case State::Escape:
      return escape(p);
    case State::Unicode:
      return unicode(p, end);
    case State::Number:
      return number(p, end);
    case State::Literal:
      return literal(p, end);
    case State::Broken:
      return end;
    default:
      return between_tokens(p, end);
  }
}

const char* BulkScanner::between_tokens(const char* p, const char* end) {
  while (p < end && is_space(*p)) ++p;
  if (p == end) return p;
  const char c = *p;
  if (c == '}' || c == ']') return close_container(p);
  if (c == ',' || c == ':') return punctuation(p);
  if (is_value_start(c)) return start_value(p);
  fail(p);
  return end;
}

const char* BulkScanner::start_value(const char* p) {
  const char c = *p;
  if ((state_ == State::ObjectOpen || state_ == State::ExpectKey) && c == '"') {
    in_key_ = true;
    key_.clear();
    key_cut_ = false;
    const Slot slot = stack_.back().slot;  // only these objects have keys worth reading
    const bool wanted = slot != Slot::Items && slot != Slot::Other;
    capture_ = wanted ? Capture{&key_, kKeyKeep, &key_cut_} : Capture{};
    state_ = State::String;
    return p + 1;
  }
  if (state_ != State::TopLevel && state_ != State::ArrayOpen && state_ != State::ExpectValue) {
    fail(p);
    return p + 1;
  }
  const Field field = next_field();
  seen_value_ = true;
  if (field == Field::Item) {
    ++summary_.items;
    in_item_ = c == '{';
    reset_item(summary_.items - 1);
  }
  value_field_ = field;
  if (c == '{' || c == '[') {
    if (stack_.size() >= kMaxDepth) fail(p);
    open_container(c, field);
  } else if (c == '"') {
    start_string(field);
  } else if (c == 't' || c == 'f' || c == 'n') {
    literal_ = c == 't' ? "true" : c == 'f' ? "false" : "null";
    literal_pos_ = 1;
    state_ = State::Literal;
  } else {
    number_value_ = is_digit(c) ? c - '0' : 0;
    state_ = State::Number;
  }
  return p + 1;
}

void BulkScanner::open_container(char kind, Field field) {
  if (state_ == State::Broken) return;
  Slot slot = Slot::Other;
  if (kind == '[') {
    if (field == Field::ItemsArray) slot = Slot::Items;
  } else if (field == Field::Root) {
    slot = Slot::Root;
  } else if (field == Field::Item) {
    slot = summary_.kind == BulkKind::Bulk ? Slot::Item : Slot::Response;
  } else if (field == Field::OpBody) {
    slot = Slot::Op;
    item_.failure.op = key_;
  } else if (field == Field::Error) {
    slot = Slot::Error;
    item_.has_error = true;
  }
  stack_.push_back(Frame{kind, slot});
  state_ = kind == '{' ? State::ObjectOpen : State::ArrayOpen;
}

const char* BulkScanner::close_container(const char* p) {
  const char open = stack_.empty() ? '\0' : stack_.back().kind;
  const bool matches = (open == '{' && *p == '}') || (open == '[' && *p == ']');
  const bool empty = state_ == (open == '{' ? State::ObjectOpen : State::ArrayOpen);
  if (!matches || !(empty || state_ == State::AfterValue)) {
    fail(p);
    return p + 1;
  }
  const Slot slot = stack_.back().slot;
  stack_.pop_back();
  if (slot == Slot::Item || slot == Slot::Response) finish_item();
  value_done();
  return p + 1;
}

const char* BulkScanner::punctuation(const char* p) {
  if (*p == ',' && state_ == State::AfterValue) {
    state_ = stack_.back().kind == '{' ? State::ExpectKey : State::ExpectValue;
  } else if (*p == ':' && state_ == State::ExpectColon) {
    state_ = State::ExpectValue;
  } else {
    fail(p);
  }
  return p + 1;
}

void BulkScanner::start_string(Field field) {
  in_key_ = false;
  capture_ = Capture{};
  std::string* target = nullptr;
  switch (field) {
    case Field::Index:
      target = &item_.failure.index;
      break;
    case Field::Id:
      target = &item_.failure.id;
      break;
    case Field::Type:
      target = &item_.failure.type;
      break;
    case Field::Error:  // an error given as a plain string
      item_.has_error = true;
      [[fallthrough]];
    case Field::Reason:
      item_.failure.reason.clear();
      capture_ = Capture{&item_.failure.reason, kReasonKeep, &item_.reason_cut};
      break;
    default:
      break;
  }
  if (target) {
    target->clear();
    capture_ = Capture{target, kNameKeep, nullptr};
  }
  state_ = State::String;
}

// Most bytes of a large response are in strings nobody asked for: they are skipped in runs.
const char* BulkScanner::string_body(const char* p, const char* end) {
  const std::size_t run = json_string_run({p, static_cast<std::size_t>(end - p)});
  if (capture_.target) append_captured({p, run});
  p += run;
  if (p == end) return p;
  if (*p == '"') {
    end_string();
  } else if (*p == '\\') {
    state_ = State::Escape;
  } else {
    fail(p);  // a raw control byte
  }
  return p + 1;
}

const char* BulkScanner::escape(const char* p) {
  if (*p == 'u') {
    hex_left_ = 4;
    hex_value_ = 0;
    state_ = State::Unicode;
  } else if (const char c = unescaped(*p); c != '\0') {
    if (capture_.target) append_captured({&c, 1});
    state_ = State::String;
  } else {
    fail(p);
  }
  return p + 1;
}

const char* BulkScanner::unicode(const char* p, const char* end) {
  for (; p < end && hex_left_ > 0; ++p, --hex_left_) {
    const int d = hex_digit(*p);
    if (d < 0) {
      fail(p);
      return p + 1;
    }
    hex_value_ = hex_value_ * 16 + static_cast<std::uint32_t>(d);
  }
  if (hex_left_ > 0) return p;
  state_ = State::String;
  if (capture_.target) append_code_point(hex_value_);
  return p;
}

const char* BulkScanner::number(const char* p, const char* end) {
  for (; p < end && is_number_char(*p); ++p) {
    if (is_digit(*p) && number_value_ < 1'000'000'000)
      number_value_ = number_value_ * 10 + (*p - '0');
  }
  if (p < end) end_number();  // the byte at p is not part of the number
  return p;
}

void BulkScanner::end_number() {
  if (value_field_ == Field::Status) item_.failure.status = static_cast<int>(number_value_);
  value_done();
}

const char* BulkScanner::literal(const char* p, const char* end) {
  for (; p < end && literal_pos_ < literal_.size(); ++p, ++literal_pos_) {
    if (*p != literal_[literal_pos_]) {
      fail(p);
      return p + 1;
    }
  }
  if (literal_pos_ < literal_.size()) return p;
  if (value_field_ == Field::ErrorsFlag && literal_[0] == 't') summary_.errors_flag = true;
  value_done();
  return p;
}

void BulkScanner::end_string() {
  if (capture_.target) flush_surrogate();
  capture_ = Capture{};
  if (in_key_) {
    in_key_ = false;
    pending_ = key_field();
    state_ = State::ExpectColon;
  } else {
    value_done();
  }
}

// Appends decoded bytes to the capture, up to its cap; a pending high surrogate that gets no
// low half is replaced by U+FFFD first.
void BulkScanner::append_captured(std::string_view bytes) {
  if (bytes.empty()) return;  // not a character: a \uDC00 may still follow
  flush_surrogate();
  std::string& target = *capture_.target;
  const std::size_t room = capture_.cap - std::min(capture_.cap, target.size());
  if (bytes.size() > room && capture_.cut) *capture_.cut = true;
  target.append(bytes.substr(0, room));
}

// A high surrogate that gets no low half stands for U+FFFD.
void BulkScanner::flush_surrogate() {
  if (high_surrogate_ == 0) return;
  high_surrogate_ = 0;
  append_code_point(0xfffd);
}

void BulkScanner::append_code_point(std::uint32_t cp) {
  const bool high = cp >= 0xd800 && cp < 0xdc00;
  const bool low = cp >= 0xdc00 && cp < 0xe000;
  if (high_surrogate_ != 0 && low) {
    cp = 0x10000 + ((high_surrogate_ - 0xd800) << 10) + (cp - 0xdc00);
    high_surrogate_ = 0;
  } else if (high) {
    flush_surrogate();
    high_surrogate_ = cp;
    return;
  } else if (low) {
    cp = 0xfffd;
  }
  std::string bytes;
  append_utf8(bytes, cp);
  append_captured(bytes);
}

void BulkScanner::value_done() { state_ = stack_.empty() ? State::TopLevel : State::AfterValue; }

// The meaning of the value after the key just read, from the object it is in.
BulkScanner::Field BulkScanner::key_field() const {
  if (key_cut_) return Field::None;
  switch (stack_.back().slot) {
    case Slot::Root:
      if (key_is("errors")) return Field::ErrorsFlag;
      return key_is(summary_.kind == BulkKind::Bulk ? "items" : "responses") ? Field::ItemsArray
                                                                             : Field::None;
    case Slot::Item:
      return Field::OpBody;  // {"index": {...}}: the key is the operation
    case Slot::Op:
    case Slot::Response:
      if (key_is("_index")) return Field::Index;
      if (key_is("_id")) return Field::Id;
      if (key_is("status")) return Field::Status;
      return key_is("error") ? Field::Error : Field::None;
    case Slot::Error:
      if (key_is("type")) return Field::Type;
      return key_is("reason") ? Field::Reason : Field::None;
    default:
      return Field::None;
  }
}

// A size check, then a compare of a few bytes: no std::string comparison on the hot path.
bool BulkScanner::key_is(std::string_view want) const {
  return key_.size() == want.size() && std::memcmp(key_.data(), want.data(), want.size()) == 0;
}

BulkScanner::Field BulkScanner::next_field() const {
  if (stack_.empty()) return Field::Root;
  const Frame& top = stack_.back();
  if (top.kind == '[') return top.slot == Slot::Items ? Field::Item : Field::None;
  return pending_;
}

void BulkScanner::finish_item() {
  if (!in_item_) return;
  in_item_ = false;
  if (!item_.has_error) return;
  ++summary_.failed;
  BulkFailure& f = item_.failure;
  if (item_.reason_cut) {
    trim_partial_utf8(f.reason);
    f.reason += "…";
  }
  count_failure(f);
  if (summary_.examples.size() < keep_examples_) summary_.examples.push_back(std::move(f));
}

// Clears the item in place, keeping its strings' capacity for the next one.
void BulkScanner::reset_item(std::size_t position) {
  BulkFailure& f = item_.failure;
  f.position = position;
  f.status = 0;
  for (std::string* s : {&f.op, &f.index, &f.id, &f.type, &f.reason}) s->clear();
  item_.has_error = false;
  item_.reason_cut = false;
}

void BulkScanner::count_failure(const BulkFailure& f) {
  auto& counts = summary_.by_status_and_type;
  std::pair<int, std::string> key(f.status, f.type);
  if (counts.size() >= kMaxPairs && counts.find(key) == counts.end()) key = {0, "other"};
  ++counts[key];
}

void BulkScanner::fail(const char* p) {
  if (state_ == State::Broken) return;
  summary_.parse_failed = true;
  summary_.parse_error_offset = consumed_ + static_cast<std::size_t>(p - chunk_begin_);
  state_ = State::Broken;
}

namespace {

std::string breakdown(const BulkSummary& s) {
  std::vector<std::pair<std::pair<int, std::string>, std::size_t>> rows(
      s.by_status_and_type.begin(), s.by_status_and_type.end());
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [key, count] : rows) {
    out += fmt::format("{}{} {} ×{}", out.empty() ? "" : ", ", key.first,
                       key.second.empty() ? "error" : terminal_text(key.second), count);
  }
  return out;
}

std::string example_line(const BulkSummary& s, const BulkFailure& f) {
  std::string where =
      fmt::format("{} {}", s.kind == BulkKind::Bulk ? "item" : "response", f.position);
  if (!f.op.empty()) where += " " + terminal_text(f.op);
  if (!f.index.empty() || !f.id.empty()) {
    where += fmt::format(" [{}{}{}]", terminal_text(f.index), f.id.empty() ? "" : "/",
                         terminal_text(f.id));
  }
  std::string what = std::to_string(f.status);
  if (!f.type.empty()) what += " " + terminal_text(f.type);
  if (!f.reason.empty()) what += ": " + terminal_text(f.reason);
  return fmt::format("  {}: {}\n", where, what);
}

}  // namespace

std::string render_bulk_summary(const BulkSummary& s) {
  const bool bulk = s.kind == BulkKind::Bulk;
  const std::string_view name = bulk ? "_bulk" : "_msearch";
  const std::string_view things = bulk ? "items" : "responses";
  std::string out;
  if (s.failed > 0) {
    out =
        fmt::format("{}: {} of {} {} failed ({})\n", name, s.failed, s.items, things, breakdown(s));
  } else if (s.errors_flag) {
    out = fmt::format("{}: \"errors\" is true, but none of the {} {} read has an error\n", name,
                      s.items, things);
  } else {
    out = fmt::format("{}: none of {} {} failed\n", name, s.items, things);
  }
  for (const BulkFailure& f : s.examples) out += example_line(s, f);
  if (s.failed > s.examples.size()) {
    out += fmt::format("  … and {} more\n", s.failed - s.examples.size());
  }
  if (s.parse_failed) {
    out += fmt::format(
        "  the body is not valid JSON from byte {} on: the counts cover what came "
        "before\n",
        s.parse_error_offset);
  }
  return out;
}

}  // namespace escurl
