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
# The browser tests in two shards at once (E2E_SHARD: every other spec file, see e2e/support/run.ts), each with
# its own simulated estate, Prometheus, console, store, Chromium, output and report (e2e/global-setup.ts,
# e2e/support/run.ts): most of a test's time is waiting for a scenario to show, so two share two cores well.
# Every line is prefixed with its shard; the step fails if either shard fails.
browser_shards() {
  local total=2 i fd status=0
  local -a pids=() prefixers=()
  for ((i = 1; i <= total; i++)); do
    exec {fd}> >(sed -u "s|^|[shard $i/$total] |")
    prefixers+=("$!")
    E2E_SHARD="$i/$total" node_modules/.bin/playwright test >&"$fd" 2>&1 &
    pids+=("$!")
    exec {fd}>&-
  done
  # Ctrl-C or a stop reaches the runners (Playwright then stops its shard's estate and console in its teardown).
  trap 'kill -INT "${pids[@]}" 2>/dev/null || true' INT TERM
  for i in "${!pids[@]}"; do
    if ! wait "${pids[$i]}"; then
      echo "[shard $((i + 1))/$total] failed"
      status=1
    fi
  done
  trap - INT TERM
  # The last lines of each shard are printed before the step's own.
  wait "${prefixers[@]}" 2>/dev/null || true
  return "$status"
}
# Two shards (browser_shards above) are built and were run once; until a clean-clone run of them is green, one run.
step browser node_modules/.bin/playwright test
step browser-replicas node_modules/.bin/playwright test -c playwright.replicas.config.ts
node scripts/summarize-tests.mjs "$reports" unit integration built replicas e2e e2e-replicas
