#!/usr/bin/env bash
# Drives the demo Kent case from representation to Stage 2 through the JSON API, signing in as
# each member of staff the procedure names. Start the service first (npm start), then:
#   bash scripts/kent-walkthrough.sh            (or BASE=http://host:port/api/v1 ...)
set -euo pipefail
BASE=${BASE:-http://localhost:3000/api/v1}
PASSWORD=${DEMO_PASSWORD:-demo-password-not-for-real-use}
JARS=$(mktemp -d)
trap 'rm -rf "$JARS"' EXIT
field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);const f=process.argv[1];if(!(f in v)){console.error(JSON.stringify(v,null,2));process.exit(1)}console.log(typeof v[f]==="object"?JSON.stringify(v[f]):v[f])})' "$1"; }

# Sign in: the session cookie goes in a jar per person; the CSRF token is needed for changes.
signin() { curl -sf -c "$JARS/$1" -H 'content-type: application/json' -d "{\"email\":\"$1@kent.demo\",\"password\":\"$PASSWORD\"}" "$BASE/session" | field csrfToken; }
declare -A CSRF
for who in complaints-manager conference-chair conference-service-manager; do CSRF[$who]=$(signin "$who"); done

post() { curl -s -b "$JARS/$1" -H "x-csrf-token: ${CSRF[$1]}" -H 'content-type: application/json' -d "$3" "$BASE$2"; }
version() { curl -sf -b "$JARS/$1" "$BASE/cases/$CASE" | field version; }
act() { # who, action, details: performs the action against the version just read
  local v; v=$(version "$1")
  post "$1" "/cases/$CASE/actions" "{\"type\":\"perform\",\"expectedVersion\":$v,\"action\":\"$2\",\"details\":$3}" | field stage
}

NOW=$(TZ=Europe/London date +%Y-%m-%dT%H:%M)
CASE=$(post complaints-manager /cases "{\"conferenceId\":\"kent.conference.demo\",\"track\":\"family\",\"complainant\":{\"kind\":\"parent\"},\"aspects\":[\"decision\"],\"receivedAt\":\"$NOW\",\"summary\":\"Disagrees with the plan\"}" | field id)
echo "raised case $CASE"
echo "triage (Customer Care Manager):       $(act complaints-manager triage.decided '{"kind":"choice","option":"representation","reason":"About the decision"}')"
echo "appeal notified (conference chair):   $(act conference-chair stage1.appeal-notified '{"kind":"record"}')"
echo "Stage 1 meeting (chair, note-taker):  $(act conference-chair stage1.meeting-held '{"kind":"meeting","minuteTaker":{"personId":"kent.minute-taker","role":"note-taker"}}')"
echo "Stage 1 response letter (chair):      $(act conference-chair stage1.response-sent '{"kind":"letter","method":"email","content":{"meeting-notes":"Notes","outcome-of-meeting":"Remains dissatisfied","how-to-take-further":"Write to the Chair'"'"'s Manager"},"copiedTo":["customer-care-manager","chairs-manager","conference-attendees-and-invitees"]}')"
echo "Stage 2 requested (Chair's Manager):  $(act conference-service-manager stage2.requested '{"kind":"request","reasons":"Still disagrees"}')"
curl -sf -b "$JARS/conference-service-manager" "$BASE/cases/$CASE" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const c=JSON.parse(s);console.log(`\nnow at: ${c.stage.name} (version ${c.version})`);for(const d of c.deadlines.filter(d=>d.status==="open"))console.log(`  due ${d.dueDate}: ${d.label} [${d.clause}]`)})'
