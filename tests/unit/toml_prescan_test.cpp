// SPDX-License-Identifier: MIT
// The TOML pre-scan: valid documents pass, whatever their strings and comments hold; non-ASCII
// outside them, a table header whose key starts wrong, '}' for an array's value and a backslash
// before non-ASCII are findings at the right line and column; strings of all four kinds and
// comments are told apart from the rest as toml++ tells them; other errors are left to toml++.
#include "toml_prescan.h"

#include <optional>
#include <string>

#include "catch.h"

using escurl::toml_prescan;
using escurl::TomlScanFinding;

namespace {

// "LINE:COLUMN: MESSAGE" of the finding, or "clean".
std::string scan(const std::string& text) {
  const std::optional<TomlScanFinding> f = toml_prescan(text);
  if (!f) return "clean";
  CHECK_FALSE(f->hint.empty());
  return std::to_string(f->line) + ":" + std::to_string(f->column) + ": " + f->message;
}

constexpr const char* kNonAscii = "a character other than ASCII outside a string or comment";
const std::string kCyrillic = "\xd1\x8a";  // 'ъ' (U+044A), which toml++ 3.3 and 3.4 trip on

}  // namespace

TEST_CASE("toml_prescan: valid documents pass, non-ASCII in any string or comment included",
          "[toml_prescan]") {
  const std::string b = kCyrillic;
  for (const std::string& text : {
           std::string(),
           "# " + b + "\n[profiles.p] # " + b + "\nurl = \"https://" + b + "\" # \" " + b + "\n",
           "a = \"" + b + " \\\" " + b + " \\\\\"\n",                  // basic, with escapes
           "a = '" + b + " \\'\n",                                     // literal: no escapes
           "a = \"\"\"\n" + b + " \"\" \\\"\"\" " + b + "\n\"\"\"\n",  // multi-line basic
           "a = '''\n" + b + " '' \"\"\" " + b + "\n'''\n",            // multi-line literal
           "a = \"\"\"" + b + "\"\"\"\"\"\nb = '''" + b + "'''''\n",  // up to two quotes at the end
           "a = \"\"\"\\\n  x" + b + "\"\"\"\n",  // a line-ending backslash before ASCII
           "a = \"\"\"\\  \r\n\r\n  \\u044a" + b + "\"\"\"\n",
           "\"" + b + "\" = 1\n'" + b + "'.\"" + b + "\" . x = 2\n",  // quoted keys
           "[\"" + b + "\"]\n[[ '" + b + "' . x ]]\n[ a . \"]" + b + "\" ]\n",
           "a = [ \"" + b + "\", '" + b + "', [1, -2.5e3, {x = \"" + b + "\"}], # " + b +
               "\n"
               "  1979-05-27 07:32:00, 1979-05-27T07:32:00Z, 07:32:00, +inf, nan, true, ]\n",
           "a = { \"" + b + "\" = 1, 'q'.r = \"" + b + "\", s = [ ], t = {} }\n",
           std::string("\xEF\xBB\xBF") + "a = 1\r\n",  // a byte order mark, and CRLF line breaks
       }) {
    CAPTURE(text);
    CHECK(scan(text) == "clean");
  }
}

TEST_CASE("toml_prescan: non-ASCII outside strings and comments is a finding", "[toml_prescan]") {
  const std::string b = kCyrillic;
  const struct {
    std::string text;
    std::string expect;
  } cases[] = {
      {b + "\n", "1:1: "},                            // a bare 'ъ': toml++'s UB
      {"[profiles.p]\n  " + b + " = 1\n", "2:3: "},   // columns count code points
      {"a" + b + " = 1\n", "1:2: "},                  // a bare key is ASCII
      {"a = 1" + b + "\n", "1:6: "},                  // in a number
      {"a = 3\"" + b + "\"\n", "1:7: "},              // a quote inside a value opens nothing
      {"a = [1, " + b + "]\n", "1:9: "},              //
      {"a = {x = 1, " + b + " = 2}\n", "1:13: "},     //
      {"[" + b + "]\n", "1:2: "},                     //
      {"[a." + b + "]\n", "1:4: "},                   //
      {"a = \"x\"" + b + "\n", "1:8: "},              // after a string
      {"a = \"\"\"x\n\"\"\" " + b + "\n", "2:5: "},   // after a multi-line one
      {"a = '''x\n'''''" + b + "\n", "2:6: "},        // after five quotes
      {"a = 1979-05-27 07:32" + b + "\n", "1:21: "},  // in a date and time
      {"# " + b + "\n" + b + "\n", "2:1: "},          // a comment ends at its line
      {"\xEF\xBB\xBF" + b + "\n", "1:1: "},           // after a byte order mark
      {"a = \xc2\xa0"
       "1\n",
       "1:5: "},  // a no-break space is no blank
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    CHECK(scan(c.text) == c.expect + kNonAscii);
  }
}

TEST_CASE("toml_prescan: what toml++ asserts on is a finding", "[toml_prescan]") {
  const std::string header =
      "a table header's key must start with a letter, digit, '_', '-' or a quote";
  const std::string brace = "expected a value or ']', saw '}'";
  CHECK(scan("[ = 1]\n") == "1:3: " + header);
  CHECK(scan("[[ =]]\n") == "1:4: " + header);
  CHECK(scan("x = 1\n[\t.a]\n") == "2:3: " + header);
  CHECK(scan("default_profile = \"p\"\n\n[ = p\"prro") == "3:3: " + header);
  CHECK(scan("a = [}]\n") == "1:6: " + brace);
  CHECK(scan("a = [1,\n # c\n }]\n") == "3:2: " + brace);
  CHECK(scan("a = { b = [[}]] }\n") == "1:13: " + brace);
  const std::string time = "expected a time (07:32:00) after the date";
  CHECK(scan("a = 1979-05-27Tx:00\n") == "1:16: " + time);
  CHECK(scan("a = 1979-05-27t:1\n") == "1:16: " + time);
  // After a space and one digit, toml++ reads on past the terminator: here into the string.
  CHECK(scan("a = [1979-05-27 0,\"" + kCyrillic + "\"]\n") == "1:18: " + time);
  CHECK(scan("a = 1979_-05-2w 0 # x\n") == "1:18: " + time);
  CHECK(scan("a = 1979-05-27 07:32:00\nb = 1979-05-27 0") == "clean");  // the end stops it
}

TEST_CASE("toml_prescan: a backslash before non-ASCII is a finding", "[toml_prescan]") {
  const std::string b = kCyrillic;
  CHECK(scan("a = \"x\\" + b + "\"\n") == "1:7: unknown escape sequence");
  CHECK(scan("a = \"\"\"\nx\\" + b + "\"\"\"\n") == "2:2: unknown escape sequence");
  CHECK(scan("a = \"\"\"x\\  " + b + "\n\"\"\"\n") ==
        "1:12: line-ending backslashes must be the last non-whitespace character on the line");
  // Valid TOML, but toml++ asks its whitespace class about the first character kept.
  CHECK(scan("a = \"\"\"x\\\n\n  " + b + "\"\"\"\n") ==
        "3:3: a character other than ASCII right after a line-ending backslash");
  // Literal strings have no escapes.
  CHECK(scan("a = '''x\\\n" + b + "'''\n") == "clean");
}

TEST_CASE("toml_prescan: other errors are left to toml++", "[toml_prescan]") {
  const std::string b = kCyrillic;
  // Each is invalid, and toml++ reports it before it gets to the 'ъ' (which the scan takes for
  // text in a string, or never reaches).
  for (const std::string& text : {
           "[]\n" + b, "[ [a]]\n" + b, "= 1\n" + b,
           "a = \"x\n" + b + "\"\n",   // a basic string ends at its line
           "a = 'x\n" + b + "'\n",     // so does a literal one
           "a = \"\"\"x\n" + b,        // never closed
           "\"\"\"a\"\"\" = 1\n" + b,  // a multi-line key
           "a = [1,,2]\n" + b, "a = {x = 1,}\n" + b,
           "a = {x = 1\n}\n" + b,                // an inline table stays on its line
           "a = 1 # x\r" + b,                    // a lone '\r'
           "a = \"\"\"\\ x\n" + b + "\"\"\"\n",  // a line-ending backslash not last
       }) {
    CAPTURE(text);
    CHECK(scan(text) == "clean");
  }
}
