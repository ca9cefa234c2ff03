#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the whole project and runs the whole suite against Qt 6.8, Debian 13's Qt, inside a
# Debian 13 (trixie) root made by debootstrap from Debian's registry. The root is kept between
# runs (about 2 GB) and only brought up to date when it is already there.
#
#   bash scripts/qt68.sh            # make the root if needed, build, test
#   bash scripts/qt68.sh --setup    # only make or update the root
#
# Environment: AUTOMAGIK_QT68_ROOT (default ${XDG_CACHE_HOME:-~/.cache}/automagik-telemetry/trixie-root),
# AUTOMAGIK_CHDB_DIR and AUTOMAGIK_OTLPDECODER_DIR (the host's npm installs, shared read-only with the
# root for the ClickHouse and protobuf tests).
# Needs root for debootstrap, chroot and mount (uses sudo otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

if [ "$(id -u)" -ne 0 ]; then
    exec sudo --preserve-env=AUTOMAGIK_QT68_ROOT,AUTOMAGIK_CHDB_DIR,XDG_CACHE_HOME,HOME bash "$0" "$@"
fi

cache=${XDG_CACHE_HOME:-$HOME/.cache}/automagik-telemetry
root=${AUTOMAGIK_QT68_ROOT:-$cache/trixie-root}
chdb=${AUTOMAGIK_CHDB_DIR:-$cache/chdb}
mirror=${AUTOMAGIK_DEBIAN_MIRROR:-http://deb.debian.org/debian}

mkdir -p "$(dirname "$root")"
exec 9>"$root.lock"
flock 9 # one run at a time per root

if [ ! -x "$root/usr/bin/apt-get" ]; then
    if ! command -v debootstrap >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
    fi
    echo "Qt 6.8: making a Debian 13 root in $root (a few minutes, once)"
    rm -rf "$root.partial"
    debootstrap --variant=minbase --include=ca-certificates trixie "$root.partial" "$mirror"
    mv "$root.partial" "$root"
fi

mounts=()
cleanup() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount -R "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
    done
}
trap cleanup EXIT
bind() { # bind <host path> <path inside the root> [ro]
    mkdir -p "$root$2"
    mount --rbind "$1" "$root$2"
    mount --make-rslave "$root$2"
    mounts+=("$root$2")
    if [ "${3:-}" = ro ]; then
        mount -o remount,bind,ro "$root$2"
    fi
}
bind /proc /proc
bind /dev /dev
bind /sys /sys
mkdir -p "$root/tmp" && chmod 1777 "$root/tmp"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
bind "$src" /automagik/src
if [ -d "$chdb" ]; then
    bind "$chdb" /automagik/chdb ro
fi
# The OTLP decoder is plain JavaScript: the host's copy serves the root too.
otlpdecoder="${AUTOMAGIK_OTLPDECODER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/automagik-telemetry/otlpdecoder}"
if [ -d "$otlpdecoder" ]; then
    bind "$otlpdecoder" /automagik/otlpdecoder ro
fi

in_root() {
    chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive AUTOMAGIK_SKIP_CHDB=1 \
        AUTOMAGIK_CHDB_DIR=/automagik/chdb AUTOMAGIK_SKIP_OTLPDECODER=1 AUTOMAGIK_SKIP_BROWSER=1 \
        AUTOMAGIK_OTLPDECODER_DIR=/automagik/otlpdecoder "$@"
}

# The same package list as on Debian 12 (idempotent), plus Node.js for the ClickHouse test.
in_root bash /automagik/src/scripts/install-deps.sh
if ! in_root sh -c 'command -v node' >/dev/null 2>&1; then
    in_root apt-get install -y -qq --no-install-recommends nodejs >/dev/null || true
fi
echo "Qt 6.8 root: $(in_root sh -c 'dpkg-query -W -f="\${Version}" qt6-base-dev')"

if [ "${1:-}" = --setup ]; then
    exit 0
fi

in_root bash /automagik/src/scripts/build-and-test.sh /automagik/build Ninja
