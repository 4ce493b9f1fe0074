#!/usr/bin/env bash
# Installs the Debian packages the demo and the tests need, and only those that are missing.
# Usage: scripts/ensure-system-deps.sh [package ...]   (default: the whole set)
set -euo pipefail
wanted=("$@")
# python3, make and g++ (build-essential) compile better-sqlite3 when npm installs it: no prebuilt binary
# can be downloaded here, only the npm registry and Debian are reachable. buildah builds and runs the console image;
# haproxy balances the replica tests.
[ ${#wanted[@]} -gt 0 ] || wanted=(prometheus prometheus-alertmanager chromium redis-server postgresql haproxy build-essential python3 openssl buildah)
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts packaged services on install; the project starts its own on loopback, so stop those.
for svc in prometheus prometheus-alertmanager prometheus-node-exporter redis-server postgresql; do
  if command -v systemctl >/dev/null && systemctl is-active --quiet "$svc" 2>/dev/null; then $SUDO systemctl stop "$svc" || true; fi
  if command -v service >/dev/null; then $SUDO service "$svc" stop >/dev/null 2>&1 || true; fi
done
