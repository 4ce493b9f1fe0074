#!/usr/bin/env bash
# Installs the npm packages from package-lock.json (`npm ci`) when node_modules is missing or older
# than the lock file. With CI=true, an install that changes package-lock.json fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages from package-lock.json (npm ci)…"
  before=$(sha256sum package-lock.json)
  # Browsers come from Debian (/usr/bin/chromium); Playwright must not try to download its own.
  if ! PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error; then
    echo "npm ci failed. If package.json was changed, run \`npm install\` and commit the updated package-lock.json." >&2
    exit 1
  fi
  if [ "$(sha256sum package-lock.json)" != "$before" ] && [ "${CI:-}" = true ]; then
    echo "package-lock.json was changed by the install: commit the complete lock file that \`npm install\` writes." >&2
    git --no-pager diff --stat -- package-lock.json >&2 || true
    exit 1
  fi
fi
