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
)

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
# Optional: the ClickHouse engine for tests/clickhouse (chDB from the npm registry, run by Node).
# Never fails this script: without it the ClickHouse integration test reports SKIP and says why.
# Installed outside the source tree, into $AUTOMAGIK_CHDB_DIR (default
# ${XDG_CACHE_HOME:-~/.cache}/automagik-telemetry/chdb), from the pinned tests/clickhouse/package*.json.
# Set AUTOMAGIK_SKIP_CHDB=1 to leave it out.
install_chdb() {
    local src dir want
    src="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/clickhouse"
    dir="${AUTOMAGIK_CHDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/automagik-telemetry/chdb}"
    want="$(sed -n 's/.*"chdb": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -n1)"
    if [ -f "$dir/node_modules/chdb/package.json" ] \
        && grep -q "\"version\": *\"$want\"" "$dir/node_modules/chdb/package.json" \
        && ls "$dir"/node_modules/@chdb/lib-*/libchdb.so >/dev/null 2>&1 \
        && cmp -s "$src/package.json" "$dir/package.json"; then
        return 0 # already there
    fi
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        echo "chDB: installing Node.js and npm (Debian packages)"
        $sudo apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm || true
    fi
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        echo "chDB: Node.js/npm unavailable; the ClickHouse integration test will be skipped" >&2
        return 1
    fi
    echo "chDB: installing chdb $want into $dir (about 190 MB download, 550 MB on disk)"
    mkdir -p "$dir" || return 1
    cp "$src/package.json" "$src/package-lock.json" "$dir/" || return 1
    # No install scripts needed (the engine ships prebuilt as libchdb.so in @chdb/lib-<platform>);
    # --prefer-offline reuses npm's cache, so setting up again needs no network. Not `npm ci`: the
    # lock lists only the platform packages the registry serves, which npm ci counts as out of sync.
    (cd "$dir" && npm install --ignore-scripts --prefer-offline --no-audit --no-fund) || {
        echo "chDB: npm could not install chdb (offline?); the ClickHouse integration test will be skipped" >&2
        rm -f "$dir/package.json" # not marked as installed
        return 1
    }
    if ! ls "$dir"/node_modules/@chdb/lib-*/libchdb.so >/dev/null 2>&1; then
        echo "chDB: no prebuilt libchdb.so for this platform; the ClickHouse integration test will be skipped" >&2
        return 1
    fi
}
if [ "${AUTOMAGIK_SKIP_CHDB:-0}" != "1" ]; then
    install_chdb || true
fi
