#!/usr/bin/env bash
# npm run demo: installs what is missing, builds, then runs simulator, Prometheus and console on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
bash scripts/ensure-node-deps.sh
if [ "${DEMO_SKIP_BUILD:-0}" != 1 ]; then
  echo "Building the console (set DEMO_SKIP_BUILD=1 to reuse the last build)…"
  mkdir -p .run
  node_modules/.bin/next build >.run/build.log 2>&1 || { cat .run/build.log; exit 1; }
fi
exec node_modules/.bin/tsx scripts/demo.ts
