// SPDX-License-Identifier: MIT
// The one sanitiser for text from the network: controls (C0, DEL, C1 in UTF-8), line separators,
// bidirectional overrides and invalid UTF-8 become visible escapes; printable UTF-8 stays; a
// bounded form cuts on a whole character or escape with "…".
#include "terminal_text.h"

#include <string>

#include "catch.h"

using escurl::terminal_text;

TEST_CASE("terminal_text: printable text, ASCII and UTF-8, passes unchanged", "[terminal_text]") {
  const std::string cases[] = {
      "",
      "plain ASCII with punctuation !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
      "caf\xc3\xa9 \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",  // é — 日本 😀
      "\xc2\xa0 no-break space, \xef\xbf\xbd replacement character",
      "a backslash \\x1b stays as typed",
  };
  for (const std::string& s : cases) {
    CAPTURE(s);
    CHECK(terminal_text(s) == s);
  }
}

TEST_CASE("terminal_text: controls become visible escapes", "[terminal_text]") {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"},
      {"a\r\nescurl: error: forged", "a\\r\\nescurl: error: forged"},
      {"tab\there", "tab\\there"},
      {std::string("nul\0byte", 8), "nul\\x00byte"},
      {"bell\x07 del\x7f", "bell\\x07 del\\x7f"},
      {"\x1b]0;title\x07", "\\x1b]0;title\\x07"},
      // C1 controls in UTF-8: CSI (U+009B), NEL (U+0085).
      {"\xc2\x9b"
       "2J \xc2\x85",
       "\\xc2\\x9b2J \\xc2\\x85"},
      // Line and paragraph separators, a right-to-left override, an isolate.
      {"\xe2\x80\xa8\xe2\x80\xa9", "\\xe2\\x80\\xa8\\xe2\\x80\\xa9"},
      {"abc\xe2\x80\xae"
       "def",
       "abc\\xe2\\x80\\xaedef"},
      {"\xe2\x81\xa6x\xe2\x81\xa9", "\\xe2\\x81\\xa6x\\xe2\\x81\\xa9"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(terminal_text(c.in) == c.out);
  }
}

TEST_CASE("terminal_text: invalid UTF-8 is escaped byte by byte", "[terminal_text]") {
  const struct {
    std::string in;
    std::string out;
  } cases[] = {
      {"\xff", "\\xff"},
      {"a\x80z", "a\\x80z"},                         // a lone continuation byte
      {"\xc3", "\\xc3"},                             // cut short at the end
      {"\xc3(", "\\xc3("},                           // cut short mid-text
      {"\xc0\xaf", "\\xc0\\xaf"},                    // overlong '/'
      {"\xe0\x80\xaf", "\\xe0\\x80\\xaf"},           // overlong, three bytes
      {"\xed\xa0\x80", "\\xed\\xa0\\x80"},           // a UTF-16 surrogate
      {"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},  // past U+10FFFF
      {"\xf0\x9f\x98", "\\xf0\\x9f\\x98"},           // four-byte form cut short
      {"ok \xe2\x82 then \xe2\x82\xac", "ok \\xe2\\x82 then \xe2\x82\xac"},  // € after a bad one
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(terminal_text(c.in) == c.out);
  }
}

TEST_CASE("terminal_text: its output passes through again unchanged", "[terminal_text]") {
  const std::string once = terminal_text("\x1b[2J\r\n\xff\xc2\x9b caf\xc3\xa9");
  CHECK(terminal_text(once) == once);
}

TEST_CASE("terminal_text: the bounded form cuts on a whole character or escape",
          "[terminal_text]") {
  CHECK(terminal_text("short", 10) == "short");
  CHECK(terminal_text("exactly10!", 10) == "exactly10!");
  CHECK(terminal_text("eleven char", 10) == "eleven ch\xe2\x80\xa6");
  // Multi-byte characters count as one each.
  CHECK(terminal_text("\xc3\xa9\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9\xc3\xa9\xc3\xa9");
  CHECK(terminal_text("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
  // An escape is never split: "\x1b" is four characters.
  CHECK(terminal_text("ab\x1b"
                      "cdef",
                      6) == "ab\xe2\x80\xa6");
  CHECK(terminal_text("ab\x1b", 6) == "ab\\x1b");
  CHECK(terminal_text("anything", 1) == "\xe2\x80\xa6");
  CHECK(terminal_text("anything", 0).empty());
  // A long reason is cut early, whatever its length.
  const std::string cut = terminal_text(std::string(40000, 'r'), 200);
  CHECK(cut == std::string(199, 'r') + "\xe2\x80\xa6");
}
