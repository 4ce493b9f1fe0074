#!/usr/bin/env bash
# Builds the console image from a fresh `next build`: assembles the context, then buildah (Debian's) builds
# the Containerfile FROM scratch, and prints the image's size and the build time.
# Usage: scripts/image/build.sh [image name]   (default localhost/voicehive-ops:dev)
#   BUILDAH_STORAGE=<dir> keeps buildah's storage (vfs driver) there instead of its default.
set -euo pipefail
cd "$(dirname "$0")/../.."
image=${1:-localhost/voicehive-ops:dev}
ctx=.run/image/context
storage=()
[ -z "${BUILDAH_STORAGE:-}" ] || storage=(--root "$BUILDAH_STORAGE/root" --runroot "$BUILDAH_STORAGE/runroot")
t0=$SECONDS
bash scripts/image/assemble-context.sh "$ctx"
buildah "${storage[@]}" --storage-driver vfs bud --isolation chroot --layers=false -q -f Containerfile -t "$image" "$ctx" >/dev/null
size=$(buildah "${storage[@]}" --storage-driver vfs images --format '{{.Size}}' "$image" | head -1)
echo "image $image built in $((SECONDS - t0)) s, size $size"
