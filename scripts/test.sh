#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up a fresh Debian 12 machine, builds everything from scratch and runs the whole test suite:
#   1. Qt 6.4 (Debian 12, this machine) with CMake's default generator, Unix Makefiles;
#   2. Qt 6.8 (Debian 13, in a debootstrap root kept in ~/.cache) with Ninja.
# Set AUTOMAGIK_SKIP_QT68=1 to run only the first phase.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

echo "=== Qt 6.4 (this machine), Unix Makefiles"
bash scripts/build-and-test.sh "${BUILD_DIR:-build}" "Unix Makefiles"

if [ "${AUTOMAGIK_SKIP_QT68:-0}" != "1" ]; then
    echo "=== Qt 6.8 (Debian 13 root), Ninja"
    bash scripts/qt68.sh
fi
