// SPDX-License-Identifier: MIT
// The man page: escaping, every flag under its category, every exit code, the environment.
#include "manpage.h"

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
  CHECK(escurl::roff_escape("sha256//B64[;\xE2\x80\xA6]") == "sha256//B64[;\\[u2026]]");
  CHECK(escurl::roff_escape("caf\xC3\xA9") == "caf\\[u00E9]");
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
    for (const char c : line) CHECK(static_cast<unsigned char>(c) < 0x80);
    start = end + 1;
  }
}
