#!/usr/bin/env bash
# npm test: typecheck, lint, unit, integration, build, built-console tests (shutdown, image), browser tests — installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-node-deps.sh
reports=.run/reports
rm -rf "$reports" && mkdir -p "$reports"
step() { local name=$1; shift; echo; echo "== $name"; local t0=$SECONDS; "$@"; echo "== $name: ok ($((SECONDS - t0)) s)"; }
step typecheck node_modules/.bin/tsc --noEmit
step lint node_modules/.bin/eslint --max-warnings=0 .
step unit node_modules/.bin/vitest run --project unit --reporter=default --reporter=json --outputFile.json="$reports/unit.json"
step integration node_modules/.bin/vitest run --project integration --reporter=default --reporter=json --outputFile.json="$reports/integration.json"
step build node_modules/.bin/next build
# Tests of the built console: graceful shutdown, and the container image built and run with buildah.
step built node_modules/.bin/vitest run --project built --reporter=default --reporter=json --outputFile.json="$reports/built.json"
step replicas node_modules/.bin/vitest run --project replicas --reporter=default --reporter=json --outputFile.json="$reports/replicas.json"
step browser node_modules/.bin/playwright test
step browser-replicas node_modules/.bin/playwright test -c playwright.replicas.config.ts
node scripts/summarize-tests.mjs "$reports" unit integration built replicas e2e e2e-replicas
