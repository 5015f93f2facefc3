// SPDX-License-Identifier: MIT
// Exit codes: the documented table, the Errc → code mapping, HTTP statuses with and without
// --fail, and docs/exit-codes.md kept equal to the table's rendering.
#include "exit_code.h"

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "catch.h"

using escurl::Errc;
using escurl::ExitCodeRow;

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

struct Mapping {
  Errc errc;
  int code;
};

// Every Errc and its documented code.
const Mapping kMappings[] = {
    {Errc::Internal, 1},
    {Errc::Usage, 2},
    {Errc::BadUrl, 3},
    {Errc::Resolve, 6},
    {Errc::Connect, 7},
    {Errc::HttpForbidden, 9},
    {Errc::HttpError, 22},
    {Errc::WriteOutput, 23},
    {Errc::ReadBody, 26},
    {Errc::Timeout, 28},
    {Errc::TlsHandshake, 35},
    {Errc::EmptyReply, 52},
    {Errc::RecvError, 56},
    {Errc::ClientCert, 58},
    {Errc::CertUntrusted, 60},
    {Errc::HttpUnauthorized, 67},
    {Errc::CaUnreadable, 77},
    {Errc::PinMismatch, 90},
    {Errc::Interrupted, 130},
    {Errc::BulkFailures, 62},
    {Errc::BadReply, 8},
    {Errc::ProxyRefused, 97},
    {Errc::BadContentEncoding, 61},
    {Errc::SendRewind, 65},
};

}  // namespace

TEST_CASE("exit_code: the table holds exactly the documented codes, in order", "[exit_code]") {
  std::vector<int> codes;
  for (const ExitCodeRow& row : escurl::exit_code_table()) codes.push_back(row.code);
  CHECK(codes == std::vector<int>{0,  1,  2,  3,  6,  7,  8,  9,  22, 23, 26, 28, 35,
                                  52, 56, 58, 60, 61, 62, 65, 67, 77, 90, 97, 130});
}

TEST_CASE("exit_code: every row has a one-line meaning", "[exit_code]") {
  for (const ExitCodeRow& row : escurl::exit_code_table()) {
    CAPTURE(row.code);
    CHECK_FALSE(row.meaning.empty());
    CHECK(row.meaning.find('\n') == std::string_view::npos);
    CHECK(row.meaning.find('|') == std::string_view::npos);  // it goes into a markdown table
  }
}

TEST_CASE("exit_code: exit_code_for maps each Errc to its row", "[exit_code]") {
  for (const Mapping& m : kMappings) {
    CAPTURE(static_cast<int>(m.errc), m.code);
    CHECK(escurl::exit_code_for(m.errc) == m.code);
    bool row_found = false;
    for (const ExitCodeRow& row : escurl::exit_code_table()) {
      if (row.code == m.code) {
        row_found = true;
        if (m.code != 1) CHECK(row.errc == m.errc);
      }
    }
    CHECK(row_found);
  }
}

TEST_CASE("exit_code: the rows name what their code means", "[exit_code]") {
  const struct {
    int code;
    std::string word;
  } cases[] = {{0, "success"}, {67, "401"},         {9, "403"},
               {22, ">= 400"}, {60, "certificate"}, {130, "SIGINT"}};
  for (const auto& c : cases) {
    CAPTURE(c.code);
    bool found = false;
    for (const ExitCodeRow& row : escurl::exit_code_table()) {
      if (row.code == c.code) {
        found = true;
        CHECK(contains(std::string(row.meaning), c.word));
      }
    }
    CHECK(found);
  }
}

TEST_CASE("exit_code: errc_for_status", "[exit_code]") {
  const struct {
    int status;
    Errc errc;
    int code;
  } cases[] = {
      {401, Errc::HttpUnauthorized, 67}, {403, Errc::HttpForbidden, 9}, {404, Errc::HttpError, 22},
      {400, Errc::HttpError, 22},        {409, Errc::HttpError, 22},    {500, Errc::HttpError, 22},
      {503, Errc::HttpError, 22},
  };
  for (const auto& c : cases) {
    CAPTURE(c.status);
    CHECK(escurl::errc_for_status(c.status) == c.errc);
    CHECK(escurl::exit_code_for(escurl::errc_for_status(c.status)) == c.code);
  }
}

TEST_CASE("exit_code: status_is_failure with and without --fail", "[exit_code]") {
  const struct {
    int status;
    bool fail;
    bool failure;
  } cases[] = {
      {200, true, false},  {201, true, false},  {204, true, false},  {301, true, false},
      {399, true, false},  {400, true, true},   {401, true, true},   {403, true, true},
      {404, true, true},   {500, true, true},   {599, true, true},   {200, false, false},
      {401, false, false}, {403, false, false}, {404, false, false}, {500, false, false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.status, c.fail);
    CHECK(escurl::status_is_failure(c.status, c.fail) == c.failure);
  }
}

TEST_CASE("exit_code: the markdown has one table row per code", "[exit_code]") {
  const std::string md = escurl::render_exit_codes_markdown();
  CHECK(md.starts_with("# Exit codes\n"));
  CHECK(contains(md, "| code | meaning |"));
  for (const ExitCodeRow& row : escurl::exit_code_table()) {
    CAPTURE(row.code);
    CHECK(
        contains(md, "| " + std::to_string(row.code) + " | " + std::string(row.meaning) + " |\n"));
  }
}

TEST_CASE("exit_code: the --help form lists every code and meaning", "[exit_code]") {
  const std::string help = escurl::render_exit_codes_help();
  std::istringstream lines(help);
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    ++n;
    CAPTURE(line);
    CHECK(line.starts_with("  "));
  }
  CHECK(n == escurl::exit_code_table().size());
  for (const ExitCodeRow& row : escurl::exit_code_table()) {
    CAPTURE(row.code);
    CHECK(contains(help, std::to_string(row.code) + "  " + std::string(row.meaning) + "\n"));
  }
}

TEST_CASE("exit_code: docs/exit-codes.md equals render_exit_codes_markdown()", "[exit_code]") {
  const std::string path = ESCURL_SOURCE_DIR "/docs/exit-codes.md";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    FAIL(path << " does not exist; generate it from escurl::render_exit_codes_markdown()");
  }
  std::ostringstream text;
  text << in.rdbuf();
  INFO(path << " is stale; regenerate it from escurl::render_exit_codes_markdown()");
  CHECK(text.str() == escurl::render_exit_codes_markdown());
}
