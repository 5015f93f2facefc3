// SPDX-License-Identifier: MIT
// json_scan: the runs the formatter skips or copies in bulk. A plain string run stops at '"', '\\'
// and control bytes at any offset; whitespace stops at anything else (in NDJSON at a newline);
// number_end takes what the number grammar takes and no more, and refuses a number that is
// incomplete or may go on past the chunk; copy_string copies up to the closing quote, escapes
// whole, and stops where a byte-by-byte reader must take over.
#include "json_scan.h"

#include <optional>
#include <string>
#include <string_view>

#include "catch.h"

namespace scan = escurl::json_scan;

namespace {

// Offset of the pointer a scanner returned, or nullopt for nullptr.
std::optional<std::size_t> offset(const char* at, const std::string& s) {
  if (at == nullptr) return std::nullopt;
  return static_cast<std::size_t>(at - s.data());
}

struct Copied {
  bool closed = false;
  std::size_t stop = 0;  // offset of q on return
  std::string out;
  int grows = 0;
};

// Runs copy_string on the string body `body` (16 readable bytes guaranteed by padding with
// `pad`), into a buffer that starts with exactly kStringRoom bytes of room.
Copied copy(const std::string& body, char pad = 'z') {
  const std::string in = body + std::string(scan::kBlock, pad);
  const char* const end = in.data() + body.size();
  const char* q = in.data();
  std::string buf(scan::kStringRoom, '\0');
  char* o = buf.data();
  Copied r;
  const auto grow = [&](std::size_t n) {
    const auto used = static_cast<std::size_t>(o - buf.data());
    if (buf.size() - used < n) {
      buf.resize(used + n);
      ++r.grows;
    }
    o = buf.data() + used;
  };
  r.closed = scan::copy_string(q, end, o, grow);
  r.stop = static_cast<std::size_t>(q - in.data());
  r.out.assign(buf.data(), o);
  return r;
}

}  // namespace

TEST_CASE("json_scan: plain_end stops at quotes, backslashes and control bytes", "[json_scan]") {
  for (std::size_t at = 0; at < 40; ++at) {
    for (const char stop : {'"', '\\', '\n', '\x00', '\x1f'}) {
      std::string s(40, '\xe9');  // bytes above 0x7f are plain
      s[at] = stop;
      CHECK(offset(scan::plain_end(s.data(), s.data() + s.size()), s) == at);
    }
  }
  const std::string plain(37, ' ');
  CHECK(offset(scan::plain_end(plain.data(), plain.data() + plain.size()), plain) == 37);
}

TEST_CASE("json_scan: skip_blank stops at the first byte that is not whitespace", "[json_scan]") {
  for (std::size_t n = 0; n < 40; ++n) {
    for (const char after : {'{', '"', '\x0b', '\x0c', '\x01', '\xa0'}) {
      const std::string s = std::string(n, ' ') + "\r\n\t " + std::string(n, ' ') + after + " ";
      INFO(n << " " << static_cast<int>(after));
      CHECK(offset(scan::skip_blank(s.data(), s.data() + s.size(), true), s) == s.size() - 2);
      // In NDJSON a newline ends the run.
      CHECK(offset(scan::skip_blank(s.data(), s.data() + s.size(), false), s) == n + 1);
    }
  }
  const std::string blank(33, ' ');
  CHECK(offset(scan::skip_blank(blank.data(), blank.data() + blank.size(), true), blank) == 33);
}

TEST_CASE("json_scan: number_end takes what the number grammar takes", "[json_scan]") {
  struct Case {
    std::string text;
    std::optional<std::size_t> end;
  };
  const Case cases[] = {
      {"0,", 1},
      {"-0]", 2},
      {"01", 1},
      {"123 ", 3},
      {"1.5e+10}", 7},
      {"0.0,", 3},
      {"2.5E-3,", 6},
      {"0e0,", 3},
      {"1.5.3", 3},
      {"1e5.0", 3},
      {"1E5e", 3},
      {"-12.25e3}", 8},
      {"1.", std::nullopt},
      {"1.]", std::nullopt},
      {"-", std::nullopt},
      {"-x", std::nullopt},
      {"1e]", std::nullopt},
      {"1e+]", std::nullopt},
      {"x", std::nullopt},
      {"+1,", std::nullopt},
      {".5,", std::nullopt},
      // Reaching the end of the chunk, the number may go on: the caller must wait.
      {"123", std::nullopt},
      {"1.5", std::nullopt},
      {"1e", std::nullopt},
      {"0", std::nullopt},
      {"123456789012345678901234567890,", 30},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(offset(scan::number_end(c.text.data(), c.text.data() + c.text.size()), c.text) == c.end);
  }
}

TEST_CASE("json_scan: copy_string copies up to the closing quote, escapes whole", "[json_scan]") {
  const Copied plain = copy(R"(abc"rest)");
  CHECK(plain.closed);
  CHECK(plain.stop == 3);
  CHECK(plain.out == "abc");

  // Escapes at every offset, so that each straddles a block boundary somewhere.
  for (std::size_t at = 0; at < 40; ++at) {
    for (const std::string esc : {R"(\")", R"(\\)", R"(\/)", R"(\n)", R"(\u00e9)", R"(\uD83D)"}) {
      const std::string body = std::string(at, 'x') + esc + "y\"";
      INFO(body);
      const Copied r = copy(body + std::string(40, '-'));
      CHECK(r.closed);
      CHECK(r.out == body.substr(0, body.size() - 1));
    }
  }

  // Where a byte-by-byte reader must take over: q on the byte, everything before it copied.
  for (const std::string bad : {R"(\q)", R"(\u12G4)", "\x01", "\n"}) {
    const std::string body = std::string(20, 'x') + bad + "\"" + std::string(40, '-');
    const Copied r = copy(body);
    CHECK_FALSE(r.closed);
    CHECK(r.stop == 20);
    CHECK(r.out == std::string(20, 'x'));
  }

  // Near the end: within 16 bytes of it nothing is copied, and an escape that might be cut short
  // is left alone even when it is whole.
  const Copied tail = copy(std::string(20, 'x'));
  CHECK_FALSE(tail.closed);
  CHECK(tail.stop == 16);
  CHECK(tail.out == std::string(16, 'x'));
  const Copied cut = copy(std::string(12, 'x') + "\\nab");
  CHECK_FALSE(cut.closed);
  CHECK(cut.stop == 12);
  CHECK(cut.out == std::string(12, 'x'));
}

TEST_CASE("json_scan: copy_string grows the output as a long string goes", "[json_scan]") {
  std::string body;
  for (int i = 0; i < 200; ++i) body += "0123456789\\t";
  const Copied r = copy(body + "\"" + std::string(40, '-'));
  CHECK(r.closed);
  CHECK(r.out == body);
  CHECK(r.grows > 0);
}
