#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Configures and builds the whole project from scratch in BUILD_DIR with the given CMake generator,
# fails on any warning (compiler, CMake, Qt's code generators), then runs the whole suite.
#
#   bash scripts/build-and-test.sh BUILD_DIR ["Unix Makefiles"|Ninja] [extra cmake arguments...]
#
# Used by scripts/test.sh on the machine itself and by scripts/qt68.sh inside the Debian 13 root.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:?build directory}
generator=${2:-Unix Makefiles}
shift $(($# < 2 ? $# : 2))

rm -rf "$build"
mkdir -p "$build"
log="$build/build-output.log"

cmake -S . -B "$build" -G "$generator" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_COMPILE_WARNING_AS_ERROR=ON "$@" 2>&1 | tee "$log"
cmake --build "$build" --parallel "$(nproc)" 2>&1 | tee -a "$log"

# -Werror stops compiler warnings; this also catches CMake's and those of moc, qmltyperegistrar,
# qmlcachegen and lupdate, which print warnings without failing.
if grep -inE "warning" "$log" | grep -vE "^[0-9]+:-- " >"$build/warnings.txt"; then
    echo "error: the build printed warnings (generator: $generator):" >&2
    cat "$build/warnings.txt" >&2
    exit 1
fi

QT_QPA_PLATFORM=offscreen ctest --test-dir "$build" --output-on-failure --timeout 600
