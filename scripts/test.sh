#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up a fresh Debian 12 machine, builds everything from scratch and runs the whole test suite:
#   1. Qt 6.4 (Debian 12, this machine) with CMake's default generator, Unix Makefiles;
#      then the ABI check: the core library against the newest v1.* release tag, with libabigail
#      (scripts/abi-check.sh; passes with a note while there is no release tag);
#   2. Qt 6.8 (Debian 13, in a debootstrap root kept in ~/.cache) with Ninja;
#   3. the suite under AddressSanitizer + UndefinedBehaviorSanitizer, then under ThreadSanitizer,
#      and each libFuzzer target for AUTOMAGIK_FUZZ_SECONDS (30) seconds (scripts/sanitizers.sh).
# AUTOMAGIK_SKIP_ABI=1, AUTOMAGIK_SKIP_QT68=1, AUTOMAGIK_SKIP_SANITIZERS=1 or AUTOMAGIK_SKIP_TSAN=1
# leave a step out.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

echo "=== Qt 6.4 (this machine), Unix Makefiles"
bash scripts/build-and-test.sh "${BUILD_DIR:-build}" "Unix Makefiles"

if [ "${AUTOMAGIK_SKIP_ABI:-0}" != "1" ]; then
    echo "=== ABI: the core library against the last v1.* release (libabigail)"
    bash scripts/abi-check.sh
fi

if [ "${AUTOMAGIK_SKIP_QT68:-0}" != "1" ]; then
    echo "=== Qt 6.8 (Debian 13 root), Ninja"
    bash scripts/qt68.sh
fi

if [ "${AUTOMAGIK_SKIP_SANITIZERS:-0}" != "1" ]; then
    tsan=--tsan
    [ "${AUTOMAGIK_SKIP_TSAN:-0}" = "1" ] && tsan=""
    echo "=== ASan + UBSan${tsan:+, TSan}, then fuzzing"
    # The package consumer tests only rebuild the library; they say nothing about memory or threads.
    SANITIZER_CTEST_ARGS="-LE package" bash scripts/sanitizers.sh --clean --asan $tsan \
        --fuzz "${AUTOMAGIK_FUZZ_SECONDS:-30}"
fi
