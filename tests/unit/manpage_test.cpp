// SPDX-License-Identifier: MIT
// The man page: escaping, pure ASCII, every flag under its category, every exit code, the
// environment.
#include "manpage.h"

#include <algorithm>
#include <string>

#include "catch.h"
#include "exit_code.h"

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("manpage: roff_escape", "[manpage]") {
  CHECK(escurl::roff_escape("--ca-fingerprint") == "\\-\\-ca\\-fingerprint");
  CHECK(escurl::roff_escape("a\\b") == "a\\eb");
  CHECK(escurl::roff_escape(".leading dot") == "\\&.leading dot");
  CHECK(escurl::roff_escape("'quoted'") == "\\(aqquoted\\(aq");
}

// Each escape renders without a warning under LC_ALL=C as well as in UTF-8 locales (the shell
// test renders the page in all three); an ellipsis has no such glyph on Debian 12's groff.
TEST_CASE("manpage: roff_escape spells non-ASCII text in escapes every device has", "[manpage]") {
  CHECK(escurl::roff_escape("a \u2013 b \u2014 c") == "a \\(en b \\(em c");
  CHECK(escurl::roff_escape("\u201Cx\u201D \u2018y\u2019") == "\\(lqx\\(rq \\(oqy\\(cq");
  CHECK(escurl::roff_escape("host:port \u2192 address") == "host:port \\(-> address");
  CHECK(escurl::roff_escape("1000 \u00D7 indent") == "1000 \\(mu indent");
  CHECK(escurl::roff_escape("sha256//B64[;\u2026]") == "sha256//B64[;...]");
  CHECK(escurl::roff_escape("\u2026 and more") == "\\&... and more");
  // No spelling known: a '?' rather than an escape that would warn under LC_ALL=C.
  CHECK(escurl::roff_escape("caf\u00E9") == "caf?");
  CHECK(escurl::roff_escape("\U0001F600") == "?");
}

TEST_CASE("manpage: the generated page is pure ASCII", "[manpage]") {
  const std::string page = escurl::render_manpage(escurl::all_flags());
  const auto non_ascii = std::find_if(page.begin(), page.end(),
                                      [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (non_ascii != page.end()) {
    const std::size_t at = static_cast<std::size_t>(non_ascii - page.begin());
    const std::size_t line_start = page.rfind('\n', at) + 1;  // npos + 1 == 0
    FAIL("non-ASCII byte at offset "
         << at << ", in the line: " << page.substr(line_start, page.find('\n', at) - line_start));
  }
}

// A '?' in the page that the text did not have is a character roff_escape has no spelling for:
// add one to its table in src/manpage.cpp rather than lose the character.
TEST_CASE("manpage: every character of the flag and exit-code texts has a spelling", "[manpage]") {
  const auto questions = [](std::string_view s) { return std::count(s.begin(), s.end(), '?'); };
  const auto check_text = [&](std::string_view text) {
    CAPTURE(text);
    CHECK(questions(escurl::roff_escape(text)) == questions(text));
  };
  for (const escurl::FlagSpec& f : escurl::all_flags()) {
    check_text(f.help);
    check_text(f.long_help);
    check_text(f.value_name);
  }
  for (const escurl::ExitCodeRow& row : escurl::exit_code_table()) check_text(row.meaning);
}

TEST_CASE("manpage: every flag, with its help, under its category", "[manpage]") {
  const std::string page = escurl::render_manpage(escurl::all_flags());
  CHECK(page.starts_with(".\\\""));
  CHECK(contains(page, ".TH ESCURL 1 "));
  const std::size_t options = page.find(".SH OPTIONS");
  REQUIRE(options != std::string::npos);
  for (const escurl::FlagSpec& f : escurl::all_flags()) {
    CAPTURE(f.long_name);
    const std::string name = "\\fB" + escurl::roff_escape("--" + std::string(f.long_name)) + "\\fR";
    const std::size_t at = page.find(name, options);
    REQUIRE(at != std::string::npos);
    const std::size_t heading =
        page.rfind(".SS \"" + escurl::roff_escape(escurl::category_title(f.category)) + "\"", at);
    CHECK(heading != std::string::npos);
    CHECK(page.find(".SS", heading + 1) > at);  // no other heading in between
    CHECK(contains(page, escurl::roff_escape(f.help)));
    if (f.secret) CHECK(contains(page.substr(at, 1000), "A credential"));
  }
}

TEST_CASE("manpage: the exit status section lists the exit-code table", "[manpage]") {
  const std::string page = escurl::render_manpage(escurl::all_flags());
  const std::size_t section = page.find(".SH \"EXIT STATUS\"");
  REQUIRE(section != std::string::npos);
  for (const escurl::ExitCodeRow& row : escurl::exit_code_table()) {
    CAPTURE(row.code);
    CHECK(contains(page.substr(section),
                   ".B " + std::to_string(row.code) + "\n" + escurl::roff_escape(row.meaning)));
  }
}

TEST_CASE("manpage: environment from the flags and the fixed variables", "[manpage]") {
  const std::string page = escurl::render_manpage(escurl::all_flags());
  const std::size_t section = page.find(".SH ENVIRONMENT");
  REQUIRE(section != std::string::npos);
  const std::string env = page.substr(section, page.find(".SH", section + 1) - section);
  for (const char* name : {"ELASTICSEARCH_URL", "ES_URL", "ELASTIC_CLOUD_ID", "ESCURL_PROFILE",
                           "ESCURL_CONFIG", "NO_COLOR", "NETRC", "HTTPS_PROXY", "NO_PROXY"}) {
    CAPTURE(name);
    CHECK(contains(env, escurl::roff_escape(name) + "\n"));
  }
}

TEST_CASE("manpage: no line starts with a quote or dot that is not a request", "[manpage]") {
  const std::string page = escurl::render_manpage(escurl::all_flags());
  std::size_t start = 0;
  while (start < page.size()) {
    const std::size_t end = page.find('\n', start);
    const std::string line = page.substr(start, end - start);
    CAPTURE(line);
    CHECK_FALSE(line.starts_with('\''));
    if (line.starts_with('.'))
      CHECK((line.size() >= 2 && (std::isalpha(line[1]) || line[1] == '\\')));
    start = end + 1;
  }
}
