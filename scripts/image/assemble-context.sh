#!/usr/bin/env bash
# Assembles the build context of the Containerfile (FROM scratch: no registry image can be pulled here, so the
# root filesystem is put together from this machine's files):
#   runtime/  Node's runtime binary (`command -v node`) and the shared libraries it and the native addons
#             (better-sqlite3) load, as `ldd` names them, at the same paths
#   etc/      passwd and group with the non-root user `voicehive` (uid/gid 10001)
#   app/      the standalone output of `next build` (server files and the traced node_modules, native code
#             included), its static files, public/, server.mjs, the catalog (runbooks/) and config/
#   data/     an empty directory for the SQLite store (mounted over in practice)
# Needs a fresh `next build` (output: 'standalone' in next.config.ts).
# Usage: scripts/image/assemble-context.sh [context dir]   (default .run/image/context)
set -euo pipefail
cd "$(dirname "$0")/../.."
ctx=${1:-.run/image/context}
standalone=.next/standalone
[ -f "$standalone/package.json" ] || { echo "no $standalone: run \`npx next build\` first (output: 'standalone' in next.config.ts)" >&2; exit 1; }
rm -rf "$ctx"
mkdir -p "$ctx/runtime/usr/bin" "$ctx/etc" "$ctx/app" "$ctx/data" "$ctx/tmp"

# The app: the traced server files, then what the standalone output leaves to the deployer.
# Only the built server and the traced modules: not Next.js's own server.js (the console starts with server.mjs,
# the peer address comes from the socket), nor sources the tracer may have picked up.
cp -a "$standalone/.next" "$standalone/node_modules" "$standalone/package.json" "$ctx/app/"
cp -a .next/static "$ctx/app/.next/static"
cp -a public "$ctx/app/public"
cp server.mjs "$ctx/app/server.mjs"
mkdir -p "$ctx/app/runbooks" "$ctx/app/config"
cp runbooks/*.yaml "$ctx/app/runbooks/"
cp config/*.yaml "$ctx/app/config/"
# Nothing of the build machine's store or caches.
rm -rf "$ctx/app/data" "$ctx/app/.next/cache"
addon=$(find "$ctx/app/node_modules" -name better_sqlite3.node -path '*/build/Release/*' | head -1)
[ -n "$addon" ] || { echo "better-sqlite3's native addon is missing from $standalone (serverExternalPackages / output file tracing)" >&2; exit 1; }

# The runtime: node and every shared library ldd names for it and for the native addons, at the same paths.
node_bin=$(readlink -f "$(command -v node)")
ctx_abs=$(readlink -f "$ctx")
cp "$node_bin" "$ctx/runtime/usr/bin/node"
libs() { ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'; }
while IFS= read -r object; do
  for lib in $(libs "$object"); do
    # A library shipped inside the app (sharp's libvips, found through the addon's $ORIGIN) is there already.
    case "$lib" in "$ctx_abs"/*) continue ;; esac
    mkdir -p "$ctx/runtime$(dirname "$lib")"
    cp -L "$lib" "$ctx/runtime$lib"
  done
done < <(echo "$node_bin"; find "$ctx/app/node_modules" -name '*.node' -type f)

# The user the console runs as (never root); only /data and /tmp are its to write.
printf 'root:x:0:0:root:/root:/sbin/nologin\nvoicehive:x:10001:10001:VoiceHive Ops:/app:/sbin/nologin\n' >"$ctx/etc/passwd"
printf 'root:x:0:\nvoicehive:x:10001:\n' >"$ctx/etc/group"
echo "context: $ctx (app $(du -sh "$ctx/app" | cut -f1), runtime $(du -sh "$ctx/runtime" | cut -f1))"
