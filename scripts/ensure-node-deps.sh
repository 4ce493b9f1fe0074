#!/usr/bin/env bash
# Installs the npm packages when node_modules is missing or older than package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages…"
  # Browsers come from Debian (/usr/bin/chromium); Playwright must not try to download its own.
  # `npm install`, not `npm ci`: npm here (omit-lockfile-registry-resolved) leaves the other platforms'
  # optional binaries out of the lock file, which `npm ci` then refuses as out of sync.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error
fi
