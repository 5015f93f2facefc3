// SPDX-License-Identifier: MIT
#include "toml_prescan.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace escurl {
namespace {

bool is_non_ascii(char c) { return static_cast<unsigned char>(c) > 0x7F; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_quote(char c) { return c == '"' || c == '\''; }
bool is_bare_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}
bool is_key_start(char c) { return is_bare_key_char(c) || is_quote(c); }
// The ASCII characters toml++ ends a bare value at: whitespace (\t, space, \n, \v, \f, \r), ']',
// '}', ',' and '#'.
bool ends_value(char c) {
  return is_blank(c) || (c >= '\n' && c <= '\r') || c == ']' || c == '}' || c == ',' || c == '#';
}

constexpr const char* kNonAscii = "a character other than ASCII outside a string or comment";
constexpr const char* kNonAsciiHint = "keys are ASCII; put other text in double quotes";

// Each step returns false to stop: with found_ set for a finding, without it at an error toml++
// reports itself (it stops there too, so nothing after it matters). Every step that looks at a
// character outside a string goes through skip_blanks() or bare_value(), which make a non-ASCII
// one a finding: wherever toml++ meets it there, it asks its whitespace classes about it.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}

  std::optional<TomlScanFinding> run() {
    document();
    return std::move(found_);
  }

 private:
  std::string_view t_;
  std::size_t i_ = 0;
  std::vector<char> open_;  // the arrays ('[') and inline tables ('{') being read, innermost last
  std::optional<TomlScanFinding> found_;

  bool eof() const { return i_ >= t_.size(); }
  char cur() const { return t_[i_]; }
  char next() const { return i_ + 1 < t_.size() ? t_[i_ + 1] : '\0'; }

  bool fail(std::size_t at, std::string message, std::string hint) {
    const std::string_view before = t_.substr(0, at);
    const std::size_t nl = before.rfind('\n');
    const std::string_view line = before.substr(nl == std::string_view::npos ? 0 : nl + 1);
    // A column counts code points: every byte but UTF-8 continuation bytes.
    const auto column = std::count_if(line.begin(), line.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    found_ = TomlScanFinding{
        static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1,
        static_cast<std::size_t>(column) + 1, std::move(message), std::move(hint)};
    return false;
  }

  // Spaces and tabs; false on a non-ASCII character after them.
  bool skip_blanks() {
    while (!eof() && is_blank(cur())) ++i_;
    return eof() || !is_non_ascii(cur()) || fail(i_, kNonAscii, kNonAsciiHint);
  }

  // "\n" or "\r\n"; toml++ refuses a lone '\r' (and '\v', '\f') as a line break.
  bool newline() {
    if (eof()) return false;
    if (cur() == '\n') {
      ++i_;
      return true;
    }
    if (cur() == '\r' && next() == '\n') {
      i_ += 2;
      return true;
    }
    return false;
  }

  // From '#' to the end of the line: anything goes there.
  void comment() {
    while (!eof() && cur() != '\n') ++i_;
  }

  // Blanks, line breaks and comments, as between an array's values.
  bool skip_array_space() {
    while (true) {
      if (!skip_blanks()) return false;
      if (newline()) continue;
      if (eof() || cur() != '#') return true;
      comment();
    }
  }

  // After a table header or a key/value pair: blanks, then a comment, a line break or the end.
  bool end_of_line() {
    if (!skip_blanks()) return false;
    if (eof() || newline()) return true;
    if (cur() != '#') return false;
    comment();
    return true;
  }

  void document() {
    while (skip_blanks() && !eof()) {
      if (newline()) continue;
      if (cur() == '#') {
        comment();
      } else if (cur() == '[') {
        if (!table_header() || !end_of_line()) return;
      } else if (is_key_start(cur())) {
        if (!key() || !equals() || !value() || !end_of_line()) return;
      } else {
        return;
      }
    }
  }

  // At the '[' of "[a.b]" or "[[a.b]]".
  bool table_header() {
    ++i_;
    const std::size_t after_bracket = i_;
    if (!skip_blanks() || eof()) return false;
    const bool array_of_tables = cur() == '[';
    if (array_of_tables) {
      if (i_ != after_bracket) return false;  // "[ [": toml++ wants the brackets together
      ++i_;
      if (!skip_blanks() || eof()) return false;
    }
    if (cur() == ']') return false;  // toml++ reports the empty key
    if (!is_key_start(cur())) {
      // toml++ asserts (or, built with NDEBUG by clang, assumes) that it starts like a key.
      return fail(i_, "a table header's key must start with a letter, digit, '_', '-' or a quote",
                  "write the table's name, e.g. [profiles.NAME]");
    }
    if (!key() || eof() || cur() != ']') return false;
    ++i_;
    if (array_of_tables) {
      if (eof() || cur() != ']') return false;
      ++i_;
    }
    return true;
  }

  // At a key's first character: dotted parts, each bare or quoted, with blanks around the dots.
  // Ends after the blanks that follow it.
  bool key() {
    while (true) {
      if (eof()) return false;
      if (is_bare_key_char(cur())) {
        while (!eof() && is_bare_key_char(cur())) ++i_;
      } else if (is_quote(cur())) {
        bool multi_line = false;
        if (!string(&multi_line) || multi_line) return false;  // toml++ refuses a multi-line key
      } else {
        return false;  // after a dot (skip_blanks() has seen it is ASCII): toml++ reports it
      }
      if (!skip_blanks()) return false;
      if (eof() || cur() != '.') return true;
      ++i_;
      if (!skip_blanks()) return false;
    }
  }

  // At what follows a key/value pair's key: '=', blanks, then the value's first character.
  bool equals() {
    if (eof() || cur() != '=') return false;
    ++i_;
    return skip_blanks() && !eof() && !ends_value(cur());
  }

  // At a value's first character (not a terminator): reads the whole value, arrays and inline
  // tables included, without recursion (their depth is bounded only by the file's size).
  bool value() {
    const std::size_t base = open_.size();
    enum class Next { Value, ArrayItem, AfterArrayItem, TableKey, AfterTableItem };
    Next next = Next::Value;
    bool after_comma = false;  // in an inline table, where '}' may not follow a comma
    while (true) {
      switch (next) {
        case Next::Value:
          if (cur() == '[' || cur() == '{') {
            open_.push_back(cur());
            ++i_;
            next = open_.back() == '[' ? Next::ArrayItem : Next::TableKey;
            after_comma = false;
            continue;
          }
          if (!(is_quote(cur()) ? string() : bare_value())) return false;
          break;
        case Next::ArrayItem:  // after '[' or ','
          if (!skip_array_space() || eof()) return false;
          if (cur() == ']') {
            ++i_;
            open_.pop_back();
            break;
          }
          if (cur() == '}') {
            // toml++ asserts (or assumes) that an array's value does not start with one.
            return fail(i_, "expected a value or ']', saw '}'", "close the array with ']'");
          }
          if (ends_value(cur())) return false;  // a comma too many, a lone '\r', ...
          next = Next::Value;
          continue;
        case Next::AfterArrayItem:
          if (!skip_array_space() || eof()) return false;
          if (cur() == ',') {
            ++i_;
            next = Next::ArrayItem;
            continue;
          }
          if (cur() != ']') return false;
          ++i_;
          open_.pop_back();
          break;
        case Next::TableKey:  // after '{' or ','
          if (!skip_blanks() || eof()) return false;
          if (cur() == '}' && !after_comma) {
            ++i_;
            open_.pop_back();
            break;
          }
          if (!is_key_start(cur()) || !key() || !equals()) return false;
          next = Next::Value;
          continue;
        case Next::AfterTableItem:
          if (!skip_blanks() || eof()) return false;
          if (cur() == ',') {
            ++i_;
            after_comma = true;
            next = Next::TableKey;
            continue;
          }
          if (cur() != '}') return false;
          ++i_;
          open_.pop_back();
          break;
      }
      // A value or a container has ended: back to the one around it, if any.
      if (open_.size() == base) return true;
      next = open_.back() == '[' ? Next::AfterArrayItem : Next::AfterTableItem;
    }
  }

  // At a value that is neither a string, an array nor an inline table: a number, a boolean, a
  // date or time, inf or nan, or something invalid. toml++ reads it up to a terminator, quotes
  // included, before it decides what it is.
  bool bare_value() {
    const std::size_t start = i_;
    // A date and a time may be separated by a space (1979-05-27 07:32:00): toml++ reads on past
    // one followed by a digit when what comes before looks enough like a date, and so does this
    // whatever comes before (in valid TOML, only a date does).
    std::size_t space = std::string_view::npos;
    while (true) {
      while (!eof() && !ends_value(cur())) {
        if (is_non_ascii(cur())) return fail(i_, kNonAscii, kNonAsciiHint);
        ++i_;
      }
      if (space != std::string_view::npos || eof() || cur() != ' ' || !is_digit(next())) break;
      space = i_++;
    }
    // toml++ asserts (or assumes) that a digit follows a date's 'T', and that after a space and
    // one digit comes no terminator; without the assertion it would read on past that one.
    const std::size_t t = start + 10;
    const bool no_time_after_t = i_ > t && is_date(start) && (t_[t] == 'T' || t_[t] == 't') &&
                                 (i_ == t + 1 || !is_digit(t_[t + 1]));
    const bool one_digit_after_space = space != std::string_view::npos && i_ == space + 2 &&
                                       !eof() && looks_like_date(start, space);
    if (no_time_after_t || one_digit_after_space) {
      return fail(no_time_after_t ? t + 1 : i_, "expected a time (07:32:00) after the date",
                  "a date and time is written 1979-05-27T07:32:00");
    }
    return true;
  }

  // Whether the ten characters at `at` are a date: 1979-05-27.
  bool is_date(std::size_t at) const {
    if (t_.size() - at < 10) return false;
    for (std::size_t k = 0; k < 10; ++k) {
      if ((k == 4 || k == 7) ? t_[at + k] != '-' : !is_digit(t_[at + k])) return false;
    }
    return true;
  }

  // Whether [from, to) may be what toml++ takes for a date before a space: it starts with a
  // digit and has ten characters but '_', the fifth and eighth of them '-'. (toml++ also looks
  // at which letters and signs it holds; this is the looser test.)
  bool looks_like_date(std::size_t from, std::size_t to) const {
    std::string kept;
    for (std::size_t k = from; k < to; ++k) {
      if (t_[k] != '_') kept += t_[k];
    }
    return kept.size() == 10 && is_digit(kept[0]) && kept[4] == '-' && kept[7] == '-';
  }

  // At the opening quote of one of the four kinds of string; ends after the closing one.
  bool string(bool* multi_line = nullptr) {
    const char quote = cur();
    const bool basic = quote == '"';
    const bool multi = t_.substr(i_, 3) == (basic ? R"(""")" : "'''");
    if (multi_line) *multi_line = multi;
    if (!multi) {
      ++i_;
      while (!eof() && cur() != '\n' && cur() != '\r') {  // toml++ refuses a line break here
        if (cur() == quote) {
          ++i_;
          return true;
        }
        if (basic && cur() == '\\') {
          if (!escape(false)) return false;
        } else {
          ++i_;
        }
      }
      return false;
    }
    i_ += 3;
    while (!eof()) {
      if (cur() == quote) {
        // Three to five quotes close the string, those beyond three being its last characters;
        // toml++ looks no further than five.
        const std::size_t run = std::min(t_.find_first_not_of(quote, i_), t_.size()) - i_;
        i_ += std::min<std::size_t>(run, 5);
        if (run >= 3) return true;
      } else if (basic && cur() == '\\') {
        if (!escape(true)) return false;
      } else {
        ++i_;
      }
    }
    return false;
  }

  // At a backslash in a basic string; ends after the escape, or for a line-ending backslash at
  // the first character it does not trim.
  bool escape(bool multi_line) {
    const std::size_t backslash = i_;
    ++i_;
    if (eof()) return false;
    if (is_non_ascii(cur())) {
      return fail(backslash, "unknown escape sequence",
                  R"(the escapes are \" \\ \b \f \n \r \t \uXXXX and \UXXXXXXXX)");
    }
    if (!multi_line || !(is_blank(cur()) || cur() == '\n' || cur() == '\r')) {
      if (cur() == '\n' || cur() == '\r') return false;  // toml++ reports the unknown escape
      ++i_;  // a valid escape, or an unknown one toml++ reports
      return true;
    }
    while (!eof() && is_blank(cur())) ++i_;
    if (!eof() && is_non_ascii(cur())) {
      // toml++ asks its whitespace class whether this is a blank too.
      return fail(i_,
                  "line-ending backslashes must be the last non-whitespace character on the line",
                  "end the line right after the backslash");
    }
    if (!newline()) return false;  // toml++ reports what follows the blanks
    while (true) {
      if (!eof() && is_blank(cur())) {
        ++i_;
      } else if (!newline()) {
        break;
      }
    }
    if (!eof() && is_non_ascii(cur())) {
      // Valid TOML, but toml++ asks its whitespace class whether this is a blank to trim, which
      // for many characters (U+00A1..U+0499 among them) reaches __builtin_unreachable().
      return fail(i_, "a character other than ASCII right after a line-ending backslash",
                  R"(write that character as a \uXXXX escape (toml++ cannot read it there))");
    }
    return true;
  }
};

}  // namespace

std::optional<TomlScanFinding> toml_prescan(std::string_view text) {
  // toml++ skips a byte order mark, and counts lines and columns after it.
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return Scanner(text).run();
}

}  // namespace escurl
