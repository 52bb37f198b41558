#!/usr/bin/env bash
# The static checks `npm test` runs first: the type check, lint and the format check, at the same
# time (each alone leaves a core idle for much of its run). Fails if any fails, printing the output
# of each that failed whole; says which passed.
set -uo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
npx tsc -p tsconfig.json --noEmit >"$out/typecheck" 2>&1 &
typecheck=$!
npx eslint --max-warnings 0 . >"$out/eslint" 2>&1 &
eslint=$!
npx prettier --check . >"$out/prettier" 2>&1 &
prettier=$!
status=0
for check in typecheck eslint prettier; do
  if wait "${!check}"; then
    echo "passed: $check"
  else
    status=1
    echo "FAILED: $check"
    cat "$out/$check"
  fi
done
exit "$status"
