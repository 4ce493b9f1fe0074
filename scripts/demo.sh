#!/usr/bin/env bash
# npm run demo [-- --check]: installs what is missing, builds unless the last build is current, then
# runs simulator, Prometheus and console on loopback (with --check: checks them, stops, exits 0 or 1).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-node-deps.sh
# The build is current when no file it is made from is newer than it (a deleted file touches its folder).
stale_input=""
if [ -f .next/BUILD_ID ]; then
  stale_input=$(find app components lib runbooks public instrumentation.ts instrumentation-node.ts proxy.ts middleware.ts package.json package-lock.json next.config.ts tsconfig.json postcss.config.mjs \
    -newer .next/BUILD_ID -print -quit 2>/dev/null || true)
fi
if [ "${DEMO_SKIP_BUILD:-0}" = 1 ]; then
  echo "Reusing the last build (DEMO_SKIP_BUILD=1)."
elif [ -f .next/BUILD_ID ] && [ -z "$stale_input" ] && [ "${DEMO_REBUILD:-0}" != 1 ]; then
  echo "Reusing the build in .next: nothing it is made from changed since (DEMO_REBUILD=1 builds anyway)."
else
  echo "Building the console${stale_input:+ ($stale_input changed since the last build)}…"
  mkdir -p .run
  node_modules/.bin/next build >.run/build.log 2>&1 || { cat .run/build.log; exit 1; }
fi
exec node_modules/.bin/tsx scripts/demo.ts "$@"
