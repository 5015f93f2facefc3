// SPDX-License-Identifier: MIT
// The zsh completion script: one _arguments spec per flag of the table, then the Console form's
// positional words (METHOD, API path, body) and the subcommands.
#include <fmt/format.h>

#include "completion.h"

namespace escurl {
namespace {

constexpr std::string_view kTemplate = R"ZSH(#compdef escurl
# zsh completion for escurl.
# Generated from the flag table (src/flags.cpp) by `escurl completion zsh`; do not edit.
# Regenerate with ./build.sh generate. Install as _escurl in a directory on $fpath, e.g.
# /usr/share/zsh/vendor-completions/_escurl.

# Runs the escurl being completed, with no input and no diagnostics.
_escurl_run() {
  ${~_escurl_cmd} "$@" </dev/null 2>/dev/null
}

# A literal or @FILE: file names once the word starts with '@'.
_escurl_at_file() {
  if [[ $PREFIX == @* ]]; then
    compset -P '@'
    _files
  else
    _message 'value, @FILE'
  fi
}

# Profile names from the configuration file.
_escurl_profiles() {
  local -a profiles
  profiles=(${(f)"$(_escurl_run config profiles)"})
  compadd -a profiles
}

# API paths for the method $1, and index names when the profile opts in.
_escurl_paths() {
  local -a paths full partial indices
  paths=(${(f)"$(_escurl_run completion paths $1 $PREFIX)"})
  full=(${paths:#*/})
  partial=(${(M)paths:#*/})
  compadd -a full
  compadd -S '' -a partial
  if [[ $PREFIX != [_/]* && $PREFIX != */* ]]; then
    indices=(${(f)"$(_escurl_run $_escurl_opts completion indices)"})
    compadd -a indices
  fi
}

_escurl() {
  local curcontext=$curcontext state line ret=1
  local _escurl_cmd=${words[1]}
  local -a _escurl_all _escurl_opts
  _escurl_all=("${words[@]}")
  _arguments -s -S : \
@SPECS@    '*:: :->args' && ret=0
  case $state in
    args)
      # words now holds the positional words only; what came before them are options.
      _escurl_opts=("${(@)_escurl_all[2,$(( ${#_escurl_all} - ${#words} ))]}")
      if (( CURRENT == 1 )); then
        compadd -- @METHODS@ @SUBCOMMANDS@
        [[ $PREFIX == [_/]* ]] && _escurl_paths GET
        return 0
      fi
      case ${words[1]} in
@SUBCOMMAND_CASES@        *)
          if [[ " @METHODS@ " == *" ${(U)words[1]} "* ]]; then
            if (( CURRENT == 2 )); then
              _escurl_paths ${(U)words[1]}
            elif (( CURRENT == 3 )); then
              _escurl_at_file
            fi
          fi
          ;;
      esac
      ret=0
      ;;
  esac
  return ret
}

_escurl "$@"
)ZSH";

// Text inside a single-quoted _arguments spec: quotes closed and reopened, brackets and colons
// escaped for _arguments.
std::string spec_text(std::string_view s, bool in_brackets) {
  std::string out;
  for (const char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '\\' || c == '[' || c == ']' || (!in_brackets && c == ':')) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

std::string action_for(const ValueCompletion& v) {
  std::string words;
  switch (v.kind) {
    case ValueKind::Words:
      for (std::string_view w : v.words) words += (words.empty() ? "" : " ") + std::string(w);
      return "(" + words + ")";
    case ValueKind::Method:
      for (std::string_view w : completion_methods()) {
        words += (words.empty() ? "" : " ") + std::string(w);
      }
      return "(" + words + ")";
    case ValueKind::File:
      return "_files";
    case ValueKind::Directory:
      return "_files -/";
    case ValueKind::AtFile:
      return "_escurl_at_file";
    case ValueKind::Profile:
      return "_escurl_profiles";
    case ValueKind::None:
    case ValueKind::Free:
      return " ";
  }
  return " ";
}

std::string spec_for(const FlagSpec& f) {
  std::vector<std::string> names;
  const std::string value_suffix = f.takes_value() ? "=" : "";
  if (f.short_name != 0)
    names.push_back(fmt::format("-{}{}", f.short_name, f.takes_value() ? "+" : ""));
  names.push_back(fmt::format("--{}{}", f.long_name, value_suffix));
  if (!f.alias.empty()) names.push_back(fmt::format("--{}{}", f.alias, value_suffix));
  std::string exclusion;
  std::string joined;
  for (const std::string& n : names) {
    std::string bare = n;
    while (bare.ends_with('=') || bare.ends_with('+')) bare.pop_back();
    exclusion += (exclusion.empty() ? "" : " ") + bare;
    joined += (joined.empty() ? "" : ",") + n;
  }
  std::string prefix = f.repeatable ? "'*'" : (names.size() > 1 ? "'(" + exclusion + ")'" : "");
  std::string rest = "'[" + spec_text(f.help, true) + "]";
  if (f.takes_value()) {
    rest += ":" + spec_text(f.value_name, false) + ":" + action_for(value_completion(f));
  }
  rest += "'";
  // Adjacent quoted words join into one shell word; brace expansion makes one spec per name.
  if (names.size() > 1) return prefix + "{" + joined + "}" + rest;
  return prefix + "'" + joined + rest.substr(1);
}

}  // namespace

std::string render_zsh_completion(std::span<const FlagSpec> flags) {
  std::string specs;
  for (const FlagSpec& f : flags) specs += "    " + spec_for(f) + " \\\n";
  std::string methods;
  for (std::string_view m : completion_methods()) {
    methods += (methods.empty() ? "" : " ") + std::string(m);
  }
  std::string subcommands;
  std::string subcommand_cases;
  for (const SubcommandWords& s : completion_subcommands()) {
    subcommands += (subcommands.empty() ? "" : " ") + std::string(s.name);
    std::string next;
    for (std::string_view w : s.next) next += " " + std::string(w);
    subcommand_cases += fmt::format(
        "        {})\n          (( CURRENT == 2 )) && compadd --{}\n          ;;\n", s.name, next);
  }
  std::string out(kTemplate);
  out = fill_template(out, "SPECS", specs);
  out = fill_template(out, "METHODS", methods);
  out = fill_template(out, "SUBCOMMANDS", subcommands);
  out = fill_template(out, "SUBCOMMAND_CASES", subcommand_cases);
  return out;
}

}  // namespace escurl
