// SPDX-License-Identifier: MIT
// The committed generated files (man page, completions) equal what the flag table generates now:
// after changing a flag, run ./build.sh generate.
#include <fstream>
#include <sstream>
#include <string>

#include "catch.h"
#include "completion.h"
#include "manpage.h"
#include "version.h"

namespace {

void check_current(const std::string& relative, const std::string& generated) {
  const std::string path = ESCURL_SOURCE_DIR "/" + relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL(path << " does not exist; run ./build.sh generate");
  std::ostringstream text;
  text << in.rdbuf();
  INFO(relative << " is stale: run ./build.sh generate and commit the result");
  CHECK(text.str() == generated);
}

}  // namespace

TEST_CASE("generated files: docs/escurl.1 is current", "[generated]") {
  check_current("docs/escurl.1", escurl::render_manpage(escurl::all_flags()));
}

TEST_CASE("generated files: the completions are current", "[generated]") {
  check_current("completions/escurl.bash", escurl::render_bash_completion(escurl::all_flags()));
  check_current("completions/_escurl", escurl::render_zsh_completion(escurl::all_flags()));
  check_current("completions/escurl.fish", escurl::render_fish_completion(escurl::all_flags()));
}

TEST_CASE("generated files: the Homebrew formula's tarball carries the project version",
          "[generated]") {
  std::ifstream in(ESCURL_SOURCE_DIR "/packaging/homebrew/escurl.rb", std::ios::binary);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string tarball = std::string("/escurl-") + escurl::kVersion + "-Source.tar.gz\"";
  INFO("packaging/homebrew/escurl.rb must name " << tarball << " (the version in CMakeLists.txt)");
  CHECK(text.str().find(tarball) != std::string::npos);
}
