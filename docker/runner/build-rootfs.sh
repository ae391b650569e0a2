#!/usr/bin/env bash
# Builds the perfgate runner root filesystem (imported as image perfgate/runner:<hash>).
# Usage: build-rootfs.sh <rootfs dir> <suite> <variant> <mirror> <comma-separated packages> <node binary> <node target>
# Needs root (debootstrap + chroot). Prints debootstrap's "I:" progress lines on stdout.
set -euo pipefail

rootfs=$1 suite=$2 variant=$3 mirror=$4 packages=$5 node_bin=$6 node_target=$7

if [[ -e "$rootfs" ]]; then
  echo "E: $rootfs already exists; refusing to build over it" >&2
  exit 2
fi

debootstrap --variant="$variant" --include="$packages" "$suite" "$rootfs" "$mirror"

# Debian bookworm ships Node 18; the stand-in actions and the perfgate bundle need Node 20,
# so the host's Node binary (same glibc generation) goes in front of it on PATH.
install -D -m 0755 "$node_bin" "$rootfs$node_target"
# The caller's PATH means nothing inside the new root; give the checks the image's own.
in_root() { chroot "$rootfs" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
in_root "$node_target" -e 'if (Number(process.versions.node.split(".")[0]) < 20) process.exit(3)'
in_root /bin/bash -c 'command -v python3 git tar gzip >/dev/null'

# Drop what a runner never needs: downloaded .debs, package lists, docs and man pages.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
  "$rootfs"/var/log/*.log "$rootfs"/var/cache/debconf/*-old
echo "I: Runner rootfs ready."
