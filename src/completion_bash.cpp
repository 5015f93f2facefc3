// SPDX-License-Identifier: MIT
// The bash completion script: a fixed function body, with the flag table's names, value kinds and
// enumerated values filled in. It needs bash 4.3 and nothing from the bash-completion package.
#include <fmt/format.h>

#include <map>

#include "completion.h"

namespace escurl {
namespace {

constexpr std::string_view kTemplate =
    R"BASH(# bash completion for escurl                                  -*- shell-script -*-
# Generated from the flag table (src/flags.cpp) by `escurl completion bash`; do not edit.
# Regenerate with ./build.sh generate. Install as
# /usr/share/bash-completion/completions/escurl, or: source <(escurl completion bash)

_escurl_methods='@METHODS@'
_escurl_subcommands='@SUBCOMMANDS@'
_escurl_options='@OPTIONS@'
_escurl_short_valued='@SHORT_VALUED@'

# Adds the words of $1 that start with $cur.
_escurl_offer() {
  local IFS=$' \t\n'
  COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}

# Adds file names ($2: -f files, -d directories) after the prefix $1 ('' or '@').
_escurl_files() {
  local prefix=$1 action=$2 word=${cur#"$1"} f
  local IFS=$'\n'
  if [[ -z $prefix ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY+=($(compgen "$action" -- "$word"))
    return
  fi
  for f in $(compgen "$action" -- "$word"); do
    if [[ -d $f ]]; then
      COMPREPLY+=("$prefix$f/")
      compopt -o nospace 2>/dev/null
    else
      COMPREPLY+=("$prefix$f")
    fi
  done
}

# A literal or @FILE: file names once the word starts with '@'.
_escurl_at_file() {
  [[ $cur == @* ]] && _escurl_files @ -f
}

# Runs the escurl being completed, with no input and no diagnostics.
_escurl_run() {
  "${words[0]}" "$@" </dev/null 2>/dev/null
}

# Profile names from the configuration file.
_escurl_profiles() {
  local IFS=$'\n'
  COMPREPLY+=($(compgen -W "$(_escurl_run config profiles)" -- "$cur"))
}

# API paths for the method $1, and index names when the profile opts in; $2... are the options
# typed so far, so the index names come from the same cluster.
_escurl_paths() {
  local method=$1
  shift
  local IFS=$'\n'
  COMPREPLY+=($(compgen -W "$(_escurl_run completion paths "$method" "$cur")" -- "$cur"))
  if [[ $cur != [_/]* && $cur != */* ]]; then
    COMPREPLY+=($(compgen -W "$(_escurl_run "$@" completion indices)" -- "$cur"))
  fi
  if ((${#COMPREPLY[@]} == 1)) && [[ ${COMPREPLY[0]} == */ ]]; then
    compopt -o nospace 2>/dev/null
  fi
}

# The value of the option $1.
_escurl_value() {
  case $1 in
@VALUE_CASES@  esac
}

# Whether the short-option cluster $1 ends with an option that takes the next word as its value.
_escurl_short_takes_value() {
  local i c
  for ((i = 1; i < ${#1}; i++)); do
    c=${1:i:1}
    if [[ $_escurl_short_valued == *"$c"* ]]; then
      ((i == ${#1} - 1))
      return
    fi
  done
  return 1
}

# A word that is not an option: METHOD or subcommand first, then what follows it.
_escurl_positional() {
  local n=${#pos[@]}
  if ((n == 0)); then
    _escurl_offer "$_escurl_methods $_escurl_subcommands"
    # The curl form takes a path on the cluster too: escurl _cat/indices
    [[ $cur == [_/]* ]] && _escurl_paths GET
    return
  fi
  case ${pos[0]} in
@SUBCOMMAND_CASES@  esac
  if [[ " $_escurl_methods " == *" ${pos[0]^^} "* ]]; then
    if ((n == 1)); then
      _escurl_paths "${pos[0]}" "${opts[@]}"
    elif ((n == 2)); then
      _escurl_at_file
    fi
  fi
}

_escurl() {
  local -a words=() opts=() pos=()
  local cword=0 i at=0 joined w
  # bash splits words at the characters of COMP_WORDBREAKS (':', '=', '@', ...): glue a piece
  # back to the word before it when no blank separates them in the line (https://es:9200,
  # --color=never, @file).
  for ((i = 0; i < ${#COMP_WORDS[@]}; i++)); do
    w=${COMP_WORDS[i]}
    joined=1
    while [[ ${COMP_LINE:at:1} == [[:blank:]] ]]; do
      ((at++))
      joined=0
    done
    ((at += ${#w}))
    if ((i > 0 && joined)) && [[ -n ${COMP_LINE+set} ]]; then
      words[${#words[@]} - 1]+=$w
    else
      words+=("$w")
    fi
    ((i == COMP_CWORD)) && cword=$((${#words[@]} - 1))
  done
  local cur=${words[cword]} expect_value=0
  for ((i = 1; i < cword; i++)); do
    w=${words[i]}
    if ((expect_value)); then
      opts+=("$w")
      expect_value=0
      continue
    fi
    case $w in
      --) ;;
      --*=*) opts+=("$w") ;;
      @VALUED@)
        opts+=("$w")
        expect_value=1
        ;;
      --*) opts+=("$w") ;;
      -?*)
        opts+=("$w")
        _escurl_short_takes_value "$w" && expect_value=1
        ;;
      *) pos+=("$w") ;;
    esac
  done
  COMPREPLY=()
  if ((expect_value)); then
    local flag=${words[cword - 1]}
    [[ $flag == --* ]] || flag=-${flag: -1}
    _escurl_value "$flag"
  elif [[ $cur == --*=* ]]; then
    local flag=${cur%%=*}
    cur=${cur#*=}
    _escurl_value "$flag"
    COMPREPLY=("${COMPREPLY[@]/#/$flag=}")
    cur=$flag=$cur
  elif [[ $cur == -* ]]; then
    _escurl_offer "$_escurl_options"
  else
    _escurl_positional
  fi
  # bash replaces only the text after the word's last ':' or '=' (an '@' it keeps in the word it
  # replaces): trim the replies to match.
  if [[ $cur == *[:=]* ]]; then
    local trim=${cur%"${cur##*[:=]}"}
    COMPREPLY=("${COMPREPLY[@]#"$trim"}")
  fi
  return 0
}

complete -F _escurl escurl
)BASH";

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::vector<std::string> names_of(const FlagSpec& f) {
  std::vector<std::string> names;
  if (f.short_name != 0) names.push_back(fmt::format("-{}", f.short_name));
  names.push_back(fmt::format("--{}", f.long_name));
  if (!f.alias.empty()) names.push_back(fmt::format("--{}", f.alias));
  return names;
}

// The case arm's action for a value kind; empty when there is nothing to offer.
std::string action_for(const ValueCompletion& v) {
  switch (v.kind) {
    case ValueKind::Words: {
      std::vector<std::string> words(v.words.begin(), v.words.end());
      return fmt::format("_escurl_offer '{}'", join(words, " "));
    }
    case ValueKind::File:
      return "_escurl_files '' -f";
    case ValueKind::Directory:
      return "_escurl_files '' -d";
    case ValueKind::AtFile:
      return "_escurl_at_file";
    case ValueKind::Method:
      return "_escurl_offer \"$_escurl_methods\"";
    case ValueKind::Profile:
      return "_escurl_profiles";
    case ValueKind::None:
    case ValueKind::Free:
      return "";
  }
  return "";
}

}  // namespace

std::string render_bash_completion(std::span<const FlagSpec> flags) {
  std::vector<std::string> options;
  std::vector<std::string> valued;
  std::string short_valued;
  // Flags that complete the same way share one case arm, in table order of first appearance.
  std::vector<std::string> actions;
  std::map<std::string, std::vector<std::string>> names_by_action;
  for (const FlagSpec& f : flags) {
    const std::vector<std::string> names = names_of(f);
    options.insert(options.end(), names.begin(), names.end());
    if (!f.takes_value()) continue;
    for (const std::string& n : names) {
      if (n.starts_with("--")) valued.push_back(n);
    }
    if (f.short_name != 0) short_valued += f.short_name;
    const std::string action = action_for(value_completion(f));
    if (action.empty()) continue;
    if (!names_by_action.contains(action)) actions.push_back(action);
    auto& arm = names_by_action[action];
    arm.insert(arm.end(), names.begin(), names.end());
  }
  std::string cases;
  for (const std::string& action : actions) {
    cases += fmt::format("    {}) {} ;;\n", join(names_by_action[action], "|"), action);
  }
  std::vector<std::string> methods(completion_methods().begin(), completion_methods().end());
  std::vector<std::string> subcommands;
  std::string subcommand_cases;
  for (const SubcommandWords& s : completion_subcommands()) {
    subcommands.emplace_back(s.name);
    std::vector<std::string> next(s.next.begin(), s.next.end());
    subcommand_cases +=
        fmt::format("    {})\n      ((n == 1)) && _escurl_offer '{}'\n      return\n      ;;\n",
                    s.name, join(next, " "));
  }
  std::string out(kTemplate);
  out = fill_template(out, "METHODS", join(methods, " "));
  out = fill_template(out, "SUBCOMMANDS", join(subcommands, " "));
  out = fill_template(out, "OPTIONS", join(options, " "));
  out = fill_template(out, "SHORT_VALUED", short_valued);
  out = fill_template(out, "VALUED", join(valued, "|"));
  out = fill_template(out, "VALUE_CASES", cases);
  out = fill_template(out, "SUBCOMMAND_CASES", subcommand_cases);
  return out;
}

}  // namespace escurl
