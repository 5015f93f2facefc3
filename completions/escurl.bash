# bash completion for escurl                                  -*- shell-script -*-
# Generated from the flag table (src/flags.cpp) by `escurl completion bash`; do not edit.
# Regenerate with ./build.sh generate. Install as
# /usr/share/bash-completion/completions/escurl, or: source <(escurl completion bash)

_escurl_methods='GET HEAD POST PUT DELETE PATCH'
_escurl_subcommands='tls completion config api-key login logout whoami'
_escurl_options='--url --cloud-id --profile --config -X --request -H --header -d --data --data-binary --data-raw --opaque-id --compat -u --user --password --api-key --bearer --oauth2-bearer --secondary-user --secondary-password --secondary-api-key --secondary-bearer --run-as --client-secret --netrc --netrc-optional --netrc-file --cacert --capath --ca-fingerprint --pinnedpubkey --tls-server-name --cert --key --cert-type --key-password --tls-min --tls-max -k --insecure --connect-timeout -m --max-time --read-timeout --allow-insecure-http --retry --retry-delay --retry-max-time --retry-all -L --location --max-redirs -x --proxy --proxy-user --proxy-password --noproxy --resolve --compressed --sniff -i --include -v --verbose -s --silent -S --show-error -o --output --pretty --compact --color --fail --no-fail -w --write-out --offline --curl --batch --batch-format --parallel --stop-on-error --format --name --id --expiration --role-descriptors -h --help --version'
_escurl_short_valued='XHdumxow'

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
    --profile) _escurl_profiles ;;
    --config|--netrc-file|--cacert|--pinnedpubkey|--cert|--key|-o|--output|--batch) _escurl_files '' -f ;;
    -X|--request) _escurl_offer "$_escurl_methods" ;;
    -H|--header|-d|--data|--data-binary|--password|--api-key|--bearer|--oauth2-bearer|--secondary-password|--secondary-api-key|--secondary-bearer|--client-secret|--key-password|--proxy-password|--role-descriptors) _escurl_at_file ;;
    --compat) _escurl_offer '8 9' ;;
    --capath) _escurl_files '' -d ;;
    --cert-type) _escurl_offer 'PEM P12' ;;
    --tls-min|--tls-max) _escurl_offer '1.2 1.3' ;;
    --color) _escurl_offer 'auto always never' ;;
    --batch-format) _escurl_offer 'text ndjson' ;;
    --format) _escurl_offer 'text json' ;;
  esac
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
    tls)
      ((n == 1)) && _escurl_offer 'inspect'
      return
      ;;
    completion)
      ((n == 1)) && _escurl_offer 'bash zsh fish'
      return
      ;;
    config)
      ((n == 1)) && _escurl_offer 'show profiles'
      return
      ;;
    api-key)
      ((n == 1)) && _escurl_offer 'create invalidate'
      return
      ;;
    login)
      ((n == 1)) && _escurl_offer ''
      return
      ;;
    logout)
      ((n == 1)) && _escurl_offer ''
      return
      ;;
    whoami)
      ((n == 1)) && _escurl_offer ''
      return
      ;;
  esac
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
      --url|--cloud-id|--profile|--config|--request|--header|--data|--data-binary|--data-raw|--opaque-id|--compat|--user|--password|--api-key|--bearer|--oauth2-bearer|--secondary-user|--secondary-password|--secondary-api-key|--secondary-bearer|--run-as|--client-secret|--netrc-file|--cacert|--capath|--ca-fingerprint|--pinnedpubkey|--tls-server-name|--cert|--key|--cert-type|--key-password|--tls-min|--tls-max|--connect-timeout|--max-time|--read-timeout|--retry|--retry-delay|--retry-max-time|--max-redirs|--proxy|--proxy-user|--proxy-password|--noproxy|--resolve|--output|--color|--write-out|--batch|--batch-format|--parallel|--format|--name|--id|--expiration|--role-descriptors)
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
