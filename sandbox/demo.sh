#!/usr/bin/env bash
# The seed exchange, replayed against es-sandbox: a 401 explained, a user creating an index, an
# API key created and used, secondary authorization recorded on a transform, a 403 for a
# read-only user, all trusting the sandbox's auto-generated CA with --cacert.
# Run as: ESCURL=build/escurl ES_SANDBOX=build/es-sandbox ./sandbox/demo.sh  (./build.sh demo)
set -euo pipefail

ESCURL=$(realpath "${ESCURL:-build/escurl}")
ES_SANDBOX=$(realpath "${ES_SANDBOX:-build/es-sandbox}")
for bin in "$ESCURL" "$ES_SANDBOX"; do
  [[ -x $bin ]] || { echo "demo: $bin is not built (try ./build.sh demo)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/escurl-demo.XXXXXX")
sandbox_pid=

# Stop the sandbox and remove its directory however the script ends.
cleanup() {
  if [[ -n $sandbox_pid ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$ES_SANDBOX" --port 0 --data "$work/data" --ready-file "$work/ready.json" \
  >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!

for _ in $(seq 300); do
  [[ -s $work/ready.json ]] && break
  if ! kill -0 "$sandbox_pid" 2>/dev/null; then
    echo "demo: es-sandbox exited:" >&2
    cat "$work/sandbox.log" >&2
    exit 1
  fi
  sleep 0.05
done
[[ -s $work/ready.json ]] || { echo "demo: es-sandbox did not start" >&2; exit 1; }

# The ready file is one line of JSON; none of these values contains a quote.
ready_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p" "$work/ready.json"; }
URL=$(sed -n 's/.*"urls":\["\([^"]*\)".*/\1/p' "$work/ready.json")
CA=$(ready_field ca)
FINGERPRINT=$(ready_field fingerprint)
ES_PW=$(ready_field elastic_password)
export ES_PW

# Quotes an argument for display only where a shell would need it.
shell_word() {
  if [[ $1 =~ ^[A-Za-z0-9_./:@=+,-]+$ ]]; then printf '%s' "$1"; else printf "'%s'" "$1"; fi
}

# Runs a command, prints its output (stdout and stderr) and its exit status; escurl's non-zero
# exits (67 for 401, 9 for 403) are reported, never fatal.
run_and_report() {
  local status
  set +e
  "$@" >"$work/output" 2>&1
  status=$?
  set -e
  cat "$work/output"
  [[ ! -s $work/output || $(tail -c1 "$work/output" | od -An -c) == *'\n'* ]] || echo
  printf '[exit %d]\n' "$status"
}

# Shows an escurl command the way a user would type it (paths relative to the demo directory),
# then runs it.
step() {
  local shown="escurl" arg
  for arg in "${@:2}"; do shown+=" $(shell_word "${arg//$work\//}")"; done
  printf '\n$ %s\n' "$shown"
  run_and_report "$ESCURL" "${@:2}"
}

echo "== es-sandbox started (a stand-in for a secured Elasticsearch 8.15) =="
sed -n '/Password for the elastic user/,/fingerprint:/{p}' "$work/sandbox.log"
sed -n '/fingerprint:/{n;p}' "$work/sandbox.log"
echo "URL: $URL"
echo "CA:  $CA   (ES 8 writes it as config/certs/http_ca.crt)"
cp "$CA" "$work/http_ca.crt"

echo
echo "== 1. No credentials: Elasticsearch answers 401 and escurl explains it =="
step escurl --cacert "$work/http_ca.crt" --url "$URL" PUT idx

echo
echo "== 2. A user who may create indices =="
step escurl --cacert "$work/http_ca.crt" --user rdeniro:taxidriver -XPUT "$URL/idx"
step escurl --cacert "$work/http_ca.crt" --user rdeniro:taxidriver --url "$URL" \
  PUT idx/_doc/1 '{"title":"Taxi Driver","year":1976}'

echo
echo "== 3. An API key, created by elastic (password from the environment) and then used =="
printf '\n$ escurl --cacert http_ca.crt --url %s --user elastic --password env:ES_PW POST _security/api_key %s > api-key.json\n' \
  "$URL" "'{\"name\":\"demo-key\",\"expiration\":\"1h\"}'"
run_and_report "$ESCURL" --cacert "$work/http_ca.crt" --url "$URL" --user elastic \
  --password env:ES_PW POST _security/api_key '{"name":"demo-key","expiration":"1h"}'
cp "$work/output" "$work/api-key.json"
step escurl --cacert "$work/http_ca.crt" --url "$URL" --api-key "@$work/api-key.json" \
  GET _security/_authenticate

echo
echo "== 4. Secondary authorization: the transform records rdeniro's roles, not elastic's =="
step escurl --cacert "$work/http_ca.crt" --url "$URL" --user elastic --password env:ES_PW \
  --secondary-user rdeniro:taxidriver PUT _transform/demo-transform \
  '{"source":{"index":"idx"},"dest":{"index":"idx-by-year"},"pivot":{"group_by":{"year":{"terms":{"field":"year"}}},"aggregations":{"films":{"value_count":{"field":"title.keyword"}}}}}'
step escurl --cacert "$work/http_ca.crt" --url "$URL" --user elastic --password env:ES_PW \
  GET _transform/demo-transform

echo
echo "== 5. A read-only user: reads work, writes get 403 =="
step escurl --cacert "$work/http_ca.crt" --url "$URL" --user jdoe:jdoe-readonly GET idx/_doc/1
step escurl --cacert "$work/http_ca.crt" --url "$URL" --user jdoe:jdoe-readonly \
  PUT idx/_doc/2 '{"title":"Raging Bull"}'

echo
echo "== 6. Trust by fingerprint instead of --cacert, as ES 8 prints it =="
step escurl --ca-fingerprint "$FINGERPRINT" --url "$URL" --user rdeniro:taxidriver GET /

echo
echo "== done; stopping es-sandbox =="
