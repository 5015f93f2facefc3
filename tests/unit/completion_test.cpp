// SPDX-License-Identifier: MIT
// Completions: value kinds derived from the flag table, every flag in every script, the profile
// hook, and the committed scripts equal to what escurl generates now.
#include "completion.h"

#include <string>

#include "catch.h"

using escurl::Category;
using escurl::FlagSpec;
using escurl::ValueKind;

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

ValueKind kind_of(std::string_view name) {
  const FlagSpec* f = escurl::find_flag(name);
  REQUIRE(f != nullptr);
  return escurl::value_completion(*f).kind;
}

}  // namespace

TEST_CASE("completion: value kinds come from the value names", "[completion]") {
  CHECK(kind_of("insecure") == ValueKind::None);
  CHECK(kind_of("request") == ValueKind::Method);
  CHECK(kind_of("color") == ValueKind::Words);
  CHECK(kind_of("cacert") == ValueKind::File);
  CHECK(kind_of("capath") == ValueKind::Directory);
  CHECK(kind_of("data") == ValueKind::AtFile);
  CHECK(kind_of("header") == ValueKind::AtFile);
  CHECK(kind_of("api-key") == ValueKind::AtFile);
  CHECK(kind_of("url") == ValueKind::Free);
  CHECK(kind_of("data-raw") == ValueKind::Free);  // no @ expansion, so no files either
}

TEST_CASE("completion: enumerated values", "[completion]") {
  const struct {
    std::string_view flag;
    std::vector<std::string_view> words;
  } cases[] = {
      {"color", {"auto", "always", "never"}},
      {"batch-format", {"text", "ndjson"}},
      {"compat", {"8", "9"}},
      {"tls-min", {"1.2", "1.3"}},
      {"tls-max", {"1.2", "1.3"}},
      {"cert-type", {"PEM", "P12"}},
      {"format", {"text", "json"}},
  };
  for (const auto& c : cases) {
    CAPTURE(c.flag);
    const FlagSpec* f = escurl::find_flag(c.flag);
    REQUIRE(f != nullptr);
    const escurl::ValueCompletion v = escurl::value_completion(*f);
    CHECK(v.kind == ValueKind::Words);
    CHECK(v.words == c.words);
  }
  // Alternatives that are placeholders, not words, are not a closed set.
  const FlagSpec batch{.long_name = "batch", .value_name = "FILE | -"};
  CHECK(escurl::value_completion(batch).kind == ValueKind::File);
  const FlagSpec data{.long_name = "data", .value_name = "DATA | @FILE | @-"};
  CHECK(escurl::value_completion(data).kind == ValueKind::AtFile);
}

TEST_CASE("completion: every flag name is in every script", "[completion]") {
  const std::string scripts[] = {escurl::render_bash_completion(escurl::all_flags()),
                                 escurl::render_zsh_completion(escurl::all_flags()),
                                 escurl::render_fish_completion(escurl::all_flags())};
  for (const std::string& script : scripts) {
    CHECK_FALSE(contains(script, "@METHODS@"));  // every placeholder was filled
    CHECK_FALSE(contains(script, "@VALUE_CASES@"));
    for (const FlagSpec& f : escurl::all_flags()) {
      CAPTURE(f.long_name);
      // fish names a long option without its dashes ("-l url").
      CHECK((contains(script, "--" + std::string(f.long_name)) ||
             contains(script, "-l " + std::string(f.long_name) + " ")));
    }
  }
}

TEST_CASE("completion: a --profile flag completes from `escurl config profiles`", "[completion]") {
  const FlagSpec flags[] = {
      {.long_name = "profile",
       .value_name = "NAME",
       .category = Category::Other,
       .help = "Use this profile"},
      {.long_name = "verbose", .short_name = 'v', .category = Category::Output, .help = "More"},
  };
  CHECK(escurl::value_completion(flags[0]).kind == ValueKind::Profile);
  CHECK(contains(escurl::render_bash_completion(flags), "--profile) _escurl_profiles ;;"));
  CHECK(contains(escurl::render_zsh_completion(flags), ":NAME:_escurl_profiles'"));
  CHECK(contains(escurl::render_fish_completion(flags), "-l profile -x -a '(__escurl_profiles)'"));
  for (const std::string& script :
       {escurl::render_bash_completion(flags), escurl::render_zsh_completion(flags),
        escurl::render_fish_completion(flags)}) {
    CHECK(contains(script, "config profiles"));
  }
}

TEST_CASE("completion: zsh specs escape what _arguments would misread", "[completion]") {
  const FlagSpec flags[] = {
      {.long_name = "header",
       .short_name = 'H',
       .value_name = "'NAME: VALUE' | @FILE",
       .help = "Add a [header]",
       .repeatable = true},
  };
  const std::string zsh = escurl::render_zsh_completion(flags);
  CHECK(contains(zsh,
                 "'*'{-H+,--header=}'[Add a \\[header\\]]:'\\''NAME\\: VALUE'\\'' | "
                 "@FILE:_escurl_at_file'"));
}

TEST_CASE("completion: fill_template replaces every marker", "[completion]") {
  CHECK(escurl::fill_template("a @X@ b @X@", "X", "@X@y") == "a @X@y b @X@y");
  CHECK(escurl::fill_template("no marker @ here", "X", "y") == "no marker @ here");
}
