#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what building and testing need on Debian 12. Idempotent: does nothing when all is there.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools zlib1g-dev libgl-dev
    qt6-declarative-dev qt6-declarative-dev-tools          # the QML module
    qml6-module-qtqml qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtqml-workerscript
    qml6-module-qttest qml6-module-qtquick-dialogs
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools       # translations
    libprotobuf-dev          # the strict OTLP validator used by the tests
    doxygen                  # the API reference; the api_docs test fails on undocumented public API
    abigail-tools            # abidiff, for the ABI check against the last release (scripts/abi-check.sh)
    xvfb xauth x11-apps fonts-dejavu-core                   # screenshots in a real window (DejaVu has Arabic)
    curl
    python3-yaml             # tests/clickhouse/check_deploy.py reads deploy/'s compose and provisioning files
)

# Headless, for the local receiver's page test (tests/auto/sink/tst_sinkpage); AUTOMAGIK_SKIP_BROWSER=1
# leaves it out (the Qt 6.8 root does: that test then reports SKIP there).
if [ "${AUTOMAGIK_SKIP_BROWSER:-0}" != "1" ]; then
    packages+=(chromium)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ---------------------------------------------------------------------------------------------
# Optional npm packages the tests run with Node. Never fails this script: without one, the tests
# that need it report SKIP and say why. Each is installed outside the source tree, into
# ${XDG_CACHE_HOME:-~/.cache}/automagik-telemetry/<name> (or the directory its variable names), from
# the pinned package*.json of its test folder; --prefer-offline reuses npm's cache, so setting up
# again needs no network.

# Ensures Node.js and npm; false when they cannot be had. $1 names what needs them.
have_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        echo "$1: installing Node.js and npm (Debian packages)"
        $sudo apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm || true
    fi
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1
}

# install_npm_folder LABEL SOURCE_DIR TARGET_DIR NPM_COMMAND: copies the pinned package files of
# SOURCE_DIR to TARGET_DIR and installs them there; a failed install leaves it marked as not installed.
install_npm_folder() {
    local label=$1 src=$2 dir=$3 command=$4
    have_node "$label" || { echo "$label: Node.js/npm unavailable; its tests will be skipped" >&2; return 1; }
    mkdir -p "$dir" || return 1
    cp "$src/package.json" "$src/package-lock.json" "$dir/" || return 1
    (cd "$dir" && npm $command --ignore-scripts --prefer-offline --no-audit --no-fund) || {
        echo "$label: npm could not install it (offline?); its tests will be skipped" >&2
        rm -f "$dir/package.json" # not marked as installed
        return 1
    }
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/automagik-telemetry"

# The ClickHouse engine for tests/clickhouse: chDB, ClickHouse as a library (about 190 MB download,
# 550 MB on disk). No install scripts needed: the engine ships prebuilt as libchdb.so in
# @chdb/lib-<platform>. Not `npm ci`: the lock lists only the platform packages the registry serves,
# which npm ci counts as out of sync. AUTOMAGIK_CHDB_DIR, AUTOMAGIK_SKIP_CHDB=1.
install_chdb() {
    local src="$root/tests/clickhouse" dir="${AUTOMAGIK_CHDB_DIR:-$cache/chdb}" want
    want="$(sed -n 's/.*"chdb": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -n1)"
    if [ -f "$dir/node_modules/chdb/package.json" ] \
        && grep -q "\"version\": *\"$want\"" "$dir/node_modules/chdb/package.json" \
        && ls "$dir"/node_modules/@chdb/lib-*/libchdb.so >/dev/null 2>&1 \
        && cmp -s "$src/package.json" "$dir/package.json"; then
        return 0 # already there
    fi
    echo "chDB: installing chdb $want into $dir"
    install_npm_folder chDB "$src" "$dir" install || return 1
    if ! ls "$dir"/node_modules/@chdb/lib-*/libchdb.so >/dev/null 2>&1; then
        echo "chDB: no prebuilt libchdb.so for this platform; the ClickHouse integration test will be skipped" >&2
        return 1
    fi
}

# An OTLP protobuf decoder this project did not write, for tst_otlpprotobufencoder: the protobufjs
# messages in @opentelemetry/otlp-transformer 0.52 (later versions dropped them); about 5 MB.
# AUTOMAGIK_OTLPDECODER_DIR, AUTOMAGIK_SKIP_OTLPDECODER=1.
install_otlpdecoder() {
    local src="$root/tests/otlpdecoder" dir="${AUTOMAGIK_OTLPDECODER_DIR:-$cache/otlpdecoder}" want
    want="$(sed -n 's/.*"@opentelemetry\/otlp-transformer": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -n1)"
    if [ -f "$dir/node_modules/@opentelemetry/otlp-transformer/build/src/generated/root.js" ] \
        && grep -q "\"version\": *\"$want\"" "$dir/node_modules/@opentelemetry/otlp-transformer/package.json" \
        && cmp -s "$src/package.json" "$dir/package.json"; then
        return 0 # already there
    fi
    echo "OTLP decoder: installing @opentelemetry/otlp-transformer $want into $dir"
    install_npm_folder "OTLP decoder" "$src" "$dir" ci
}

if [ "${AUTOMAGIK_SKIP_CHDB:-0}" != "1" ]; then
    install_chdb || true
fi
if [ "${AUTOMAGIK_SKIP_OTLPDECODER:-0}" != "1" ]; then
    install_otlpdecoder || true
fi
