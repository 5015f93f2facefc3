// SPDX-License-Identifier: MIT
#include "es_json.h"

#include <fmt/format.h>

#include <cctype>

namespace es_sandbox {
namespace {

void append_pretty(std::string& out, const Json& value, int depth) {
  const std::string inner(static_cast<size_t>(depth + 1) * 2, ' ');
  const std::string outer(static_cast<size_t>(depth) * 2, ' ');
  if (value.is_object()) {
    if (value.empty()) {
      out += "{ }";
      return;
    }
    out += "{\n";
    bool first = true;
    for (const auto& [key, item] : value.items()) {
      if (!first) out += ",\n";
      first = false;
      out += inner + Json(key).dump() + " : ";
      append_pretty(out, item, depth + 1);
    }
    out += "\n" + outer + "}";
  } else if (value.is_array()) {
    if (value.empty()) {
      out += "[ ]";
      return;
    }
    out += "[\n";
    bool first = true;
    for (const auto& item : value) {
      if (!first) out += ",\n";
      first = false;
      out += inner;
      append_pretty(out, item, depth + 1);
    }
    out += "\n" + outer + "]";
  } else {
    out += value.dump();
  }
}

// Jackson names the offending character with its code point; mimic that for the common cases.
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::string describe_unexpected(std::string_view text, size_t& offset) {
  if (offset >= text.size()) return "Unexpected end-of-input";
  // nlohmann may stop inside a bare word; Jackson reports from the word's first character.
  size_t start = offset;
  while (start > 0 && is_word_char(text[start - 1]) && is_word_char(text[offset])) --start;
  size_t back = start;
  while (back > 0 && std::isspace(static_cast<unsigned char>(text[back - 1]))) --back;
  // Where a field name is expected Jackson says so; a bare word elsewhere is one unrecognized
  // token; anything else is an unexpected character where a value should start.
  const bool expects_name = back > 0 && (text[back - 1] == '{' || text[back - 1] == ',');
  const auto c = static_cast<unsigned char>(text[start]);
  const std::string shown =
      c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c)) : fmt::format("\\u{:04x}", c);
  if (expects_name && c != '"' && c != '}') {
    offset = start;
    return fmt::format(
        "Unexpected character ('{}' (code {})): was expecting double-quote to start field name",
        shown, c);
  }
  if (std::isalpha(c)) {
    size_t end = start;
    while (end < text.size() && is_word_char(text[end])) ++end;
    offset = start;
    return fmt::format(
        "Unrecognized token '{}': was expecting (JSON String, Number, Array, Object or token "
        "'null', 'true' or 'false')",
        text.substr(start, end - start));
  }
  return fmt::format(
      "Unexpected character ('{}' (code {})): expected a valid value (JSON String, Number, "
      "Array, Object or token 'null', 'true' or 'false')",
      shown, c);
}

}  // namespace

std::string render_json(const Json& value, bool pretty) {
  if (!pretty) return value.dump();
  std::string out;
  append_pretty(out, value, 0);
  out += "\n";
  return out;
}

std::optional<Json> parse_json(std::string_view text, JsonSyntaxError& error) {
  Json parsed = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_discarded()) return parsed;
  // Find the failing offset by re-parsing with a callback-free SAX pass.
  struct Locator : nlohmann::json_sax<Json> {
    size_t offset = 0;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t position, const std::string&, const Json::exception&) override {
      offset = position;
      return false;
    }
  } locator;
  Json::sax_parse(text.begin(), text.end(), &locator, Json::input_format_t::json,
                  /*strict=*/true);
  // nlohmann reports the position just past the offending character.
  size_t offset = locator.offset > 0 ? locator.offset - 1 : 0;
  error.message = describe_unexpected(text, offset);
  error.line = 1;
  error.column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++error.line;
      error.column = 1;
    } else {
      ++error.column;
    }
  }
  return std::nullopt;
}

}  // namespace es_sandbox
