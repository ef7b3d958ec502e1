#!/usr/bin/env bash
# The booking story, step by step, with curl through the gateway: what the original system's
# README showed with httpie, plus the failures it never handled. Each step prints its command
# and the answer; the script stops with a non-zero exit at the first unexpected status.
#
#   scripts/demo.sh                       # against npm start (http://127.0.0.1:8088)
#   GATEWAY_URL=http://host:8088 scripts/demo.sh
#
# It books seats 1A and 2B, so run it on a fresh platform (an empty data/ folder).
set -euo pipefail

GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:8088}"
BOOKING='{"qty":2,"movieName":"soul","seat":"1A,2B","totalPrice":10000}'
if [ -t 1 ]; then bold=$'\033[1m' red=$'\033[31m' green=$'\033[32m' plain=$'\033[0m'
else bold='' red='' green='' plain=''; fi
answer_file="$(mktemp)"
trap 'rm -f "$answer_file"' EXIT

# json_in FILE EXPRESSION [ARG...]: a JavaScript expression over the JSON in FILE, as `d`
# (undefined if it is not JSON), with the ARGs as `a`. Node is there anyway; jq may not be.
json_in() {
  node -e '
    const fs = require("fs");
    const [file, expression, ...a] = process.argv.slice(1);
    let d;
    try { d = JSON.parse(fs.readFileSync(file, "utf8")); } catch { d = undefined; }
    const value = new Function("d", "a", "fs", "file", `return (${expression});`)(d, a, fs, file);
    if (value !== undefined && value !== null) process.stdout.write(String(value));' "$@"
}
# fail MESSAGE: says what was not as expected, on stderr, and stops the script.
fail() { printf '%s%s%s\n' "$red" "$1" "$plain" >&2; exit 1; }

# js EXPRESSION [ARG...]: the same over the last answer.
js() { json_in "$answer_file" "$@"; }

# step TITLE EXPECTED_STATUS METHOD PATH [JSON_BODY]
step() {
  local title="$1" expected="$2" method="$3" path="$4" body="${5:-}"
  local args=(-sS -o "$answer_file" -w '%{http_code}' -X "$method" "$GATEWAY_URL$path")
  printf '\n%s== %s%s\n$ curl -X %s %s' "$bold" "$title" "$plain" "$method" "$GATEWAY_URL$path"
  if [ -n "$body" ]; then
    args+=(-H 'content-type: application/json' -d "$body")
    printf " -H 'content-type: application/json' -d '%s'" "$body"
  fi
  printf '\n'
  status="$(curl "${args[@]}")" || status=000
  if [ "$status" = 000 ]; then
    fail "no answer from $GATEWAY_URL: is the platform running (npm start)?"
  fi
  printf 'HTTP %s\n' "$status"
  js 'd === undefined ? fs.readFileSync(file, "utf8") : JSON.stringify(d, null, 2)'
  printf '\n'
  if [ "$status" != "$expected" ]; then
    fail "expected HTTP $expected, got $status"
  fi
}

# eventually TITLE EXPECTED_STATUS METHOD PATH [CONDITION]: repeats a read until it answers as expected
# and CONDITION (a JavaScript expression over the answer, as `d`) holds: events take a moment.
eventually() {
  local condition="${5:-true}"
  for _ in $(seq 1 50); do
    if ( step "$1" "$2" "$3" "$4" ) >/dev/null 2>&1 && [ "$(js "$condition")" = true ]; then break; fi
    sleep 0.2
  done
  step "$1" "$2" "$3" "$4"
  [ "$(js "$condition")" = true ] || fail "expected $condition"
}

step "List the movies" 200 GET /movies
screening="$(js '(Array.isArray(d) ? d : d.items ?? []).flatMap((m) => m.screenings ?? []).map((s) => s.id)[0]')"
[ -n "$screening" ] || fail "expected the movie list to name a screening"
step "See the seat map of the first screening" 200 GET "/screenings/$screening/seats"

step "Book two seats and pay, in one request (the original system's request)" 201 POST /books "$BOOKING"
booking="$(js 'd.id')"
[ "$(js 'd.status')" = 1 ] || fail "expected status 1 (booked)"

step "Show the booking: status 1, booked and paid" 200 GET "/books/$booking"
step "Book the same seats again: refused, they are taken" 409 POST /books "$BOOKING"
step "Book with a wrong total: refused" 400 POST /books '{"qty":2,"movieName":"soul","seat":"3C,4D","totalPrice":999}'

eventually "My page shows the booking (built from events)" 200 GET "/mypages/$booking"

eventually "The ticket waits at the cinema" 200 GET "/tickets?bookingId=$booking" '(Array.isArray(d) ? d : d.items ?? []).length > 0'
ticket="$(js '(Array.isArray(d) ? d : d.items ?? [])[0].id')"
step "Staff prints the ticket" 200 PATCH "/tickets/$ticket" '{"status":"Printed"}'
step "Cancel after printing: refused" 409 DELETE "/books/$booking"

step "Book two more seats" 201 POST /books '{"qty":2,"movieName":"soul","seat":"5E,6F","totalPrice":10000}'
second="$(js 'd.id')"
step "Cancel them before printing: status 9, refunded" 200 DELETE "/books/$second"
[ "$(js 'd.status')" = 9 ] || fail "expected status 9 (cancelled)"

printf '\n%sThe booking story ran as expected.%s\n' "$green" "$plain"
