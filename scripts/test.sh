#!/usr/bin/env bash
# The one gate: type-check (tests included), Biome, then every unit and e2e test file listed explicitly.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.check.json
npx biome check .
mapfile -t files < <(find src test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
# A test that hangs fails after 5 minutes instead of holding CI until its limit.
exec node --import tsx --test --test-concurrency=2 --test-timeout=300000 --test-force-exit "${files[@]}"
