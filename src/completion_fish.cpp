// SPDX-License-Identifier: MIT
// The fish completion script: one `complete` line per flag of the table, then the Console form's
// positional words (METHOD, API path, body) and the subcommands.
#include <fmt/format.h>

#include "completion.h"

namespace escurl {
namespace {

constexpr std::string_view kTemplate = R"FISH(# fish completion for escurl.
# Generated from the flag table (src/flags.cpp) by `escurl completion fish`; do not edit.
# Regenerate with ./build.sh generate. Install as
# /usr/share/fish/vendor_completions.d/escurl.fish, or: escurl completion fish | source

set -g __escurl_methods @METHODS@

# The words typed before the cursor that are not options or option values (with --options:
# the options instead).
function __escurl_words
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l skip 0
    for t in $tokens
        if test $skip = 1
            set skip 0
            test "$argv[1]" = --options; and echo -- $t
            continue
        end
        switch $t
            case '--*=*' '--'
                test "$argv[1]" = --options; and echo -- $t
            case @VALUED@
                set skip 1
                test "$argv[1]" = --options; and echo -- $t
            case '-'
                # A lone '-' (stdin) is a word. fish 4 no longer reads '?' as a wildcard, so
                # the next pattern is '-*' with this case before it.
                test "$argv[1]" = --options; or echo -- $t
            case '-*'
                test "$argv[1]" = --options; and echo -- $t
                string match -q -- '--*' $t; and continue
                # In a cluster (-ku), the first option that takes a value takes the rest of it.
                set -l chars (string split '' -- (string sub -s 2 -- $t))
                for i in (seq (count $chars))
                    if string match -q -- "*$chars[$i]*" '@SHORT_VALUED@'
                        test $i -eq (count $chars); and set skip 1
                        break
                    end
                end
            case '*'
                test "$argv[1]" = --options; or echo -- $t
        end
    end
end

function __escurl_npos --argument-names n
    test (count (__escurl_words)) -eq $n
end

# True when the first word is a METHOD and $argv[1] words were typed.
function __escurl_method_and --argument-names n
    set -l pos (__escurl_words)
    test (count $pos) -eq $n; and contains -- (string upper -- $pos[1]) $__escurl_methods
end

function __escurl_subcommand_is --argument-names name
    set -l pos (__escurl_words)
    test (count $pos) -eq 1; and test "$pos[1]" = $name
end

# Runs the escurl being completed, with no input and no diagnostics.
function __escurl_run
    set -l cmd (commandline -opc)[1]
    $cmd $argv </dev/null 2>/dev/null
end

# API paths for the METHOD typed, and index names when the profile opts in.
function __escurl_paths
    set -l pos (__escurl_words)
    set -l method GET
    set -q pos[1]; and set method (string upper -- $pos[1])
    set -l tok (commandline -ct)
    __escurl_run completion paths $method $tok
    if not string match -qr '^[_/]|/' -- $tok
        __escurl_run (__escurl_words --options) completion indices
    end
end

# A literal or @FILE: file names once the word starts with '@'.
function __escurl_at_file
    set -l tok (commandline -ct)
    string match -q -- '@*' $tok; or return
    __fish_complete_path (string sub -s 2 -- $tok) | string replace -r '^' '@'
end

function __escurl_profiles
    __escurl_run config profiles
end

complete -c escurl -f
@FLAGS@
complete -c escurl -n '__escurl_npos 0' -a '$__escurl_methods' -d METHOD
complete -c escurl -n '__escurl_npos 0; and string match -qr "^[_/]" -- (commandline -ct)' -a '(__escurl_paths)'
@SUBCOMMANDS@complete -c escurl -n '__escurl_method_and 1' -a '(__escurl_paths)'
complete -c escurl -n '__escurl_method_and 2' -a '(__escurl_at_file)'
)FISH";

std::string fish_quoted(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string value_args(const ValueCompletion& v) {
  std::string words;
  switch (v.kind) {
    case ValueKind::Words:
      for (std::string_view w : v.words) words += (words.empty() ? "" : " ") + std::string(w);
      return " -x -a " + fish_quoted(words);
    case ValueKind::Method:
      return " -x -a '$__escurl_methods'";
    case ValueKind::File:
      return " -r -F";
    case ValueKind::Directory:
      return " -x -a '(__fish_complete_directories)'";
    case ValueKind::AtFile:
      return " -x -a '(__escurl_at_file)'";
    case ValueKind::Profile:
      return " -x -a '(__escurl_profiles)'";
    case ValueKind::Free:
      return " -x";
    case ValueKind::None:
      return "";
  }
  return "";
}

}  // namespace

std::string render_fish_completion(std::span<const FlagSpec> flags) {
  std::string lines;
  std::string valued;
  std::string short_valued;
  for (const FlagSpec& f : flags) {
    const std::string value = value_args(value_completion(f));
    const std::string shorts = f.short_name != 0 ? fmt::format(" -s {}", f.short_name) : "";
    lines += fmt::format("complete -c escurl{} -l {}{} -d {}\n", shorts, f.long_name, value,
                         fish_quoted(f.help));
    if (!f.alias.empty()) {
      lines += fmt::format("complete -c escurl -l {}{} -d {}\n", f.alias, value,
                           fish_quoted(fmt::format("Same as --{}", f.long_name)));
    }
    if (!f.takes_value()) continue;
    valued += fmt::format(" '--{}'", f.long_name);
    if (!f.alias.empty()) valued += fmt::format(" '--{}'", f.alias);
    if (f.short_name != 0) {
      valued += fmt::format(" '-{}'", f.short_name);
      short_valued += f.short_name;
    }
  }
  std::string methods;
  for (std::string_view m : completion_methods())
    methods += (methods.empty() ? "" : " ") + std::string(m);
  std::string subcommands;
  for (const SubcommandWords& s : completion_subcommands()) {
    subcommands +=
        fmt::format("complete -c escurl -n '__escurl_npos 0' -a {} -d subcommand\n", s.name);
    std::string next;
    for (std::string_view w : s.next) next += (next.empty() ? "" : " ") + std::string(w);
    subcommands += fmt::format("complete -c escurl -n '__escurl_subcommand_is {}' -a {}\n", s.name,
                               fish_quoted(next));
  }
  std::string out(kTemplate);
  out = fill_template(out, "METHODS", methods);
  out = fill_template(out, "VALUED", valued.empty() ? "''" : valued.substr(1));
  out = fill_template(out, "SHORT_VALUED", short_valued);
  out = fill_template(out, "FLAGS", lines.substr(0, lines.empty() ? 0 : lines.size() - 1));
  out = fill_template(out, "SUBCOMMANDS", subcommands);
  return out;
}

}  // namespace escurl
