# Prints the matches zsh's completion system offers for a command line, one per line: runs an
# interactive zsh on a pseudo-terminal, loads the completions with compinit, types the line and
# a TAB, and records every compadd. Nothing is executed.
# usage: zsh -f zsh_complete.zsh COMPLETIONS_DIR BIN_DIR WORK_DIR 'command line'
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PROMPT= ; cd ${(q)3}; PATH=${(q)2}:\$PATH; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
# A NUL line before and after the completion run frames the matches in the output.
zpty -w z 'bindkey "^I" complete-word; null-line () { echo -E - $'"'"'\0'"'"' }; compprefuncs=( null-line ); comppostfuncs=( null-line exit )'
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do echo -E - "HIT:$IPREFIX$h"; done; }'
zpty -n -w z "$4"$'\t'
integer frames=0
local line
while zpty -r z line; do
  line=${line%$'\n'}
  line=${line%$'\r'}
  if [[ $line == *$'\0' ]]; then
    (( frames += 1 ))
    (( frames >= 2 )) && break
    continue
  fi
  (( frames == 1 )) && [[ $line == HIT:* ]] && print -r -- "${line#HIT:}"
done
zpty -d z
