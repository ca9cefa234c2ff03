#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks that the core library of the working tree is binary compatible with the newest 1.x release:
# builds the library of the newest v1.* tag (from `git archive`, so the repository is not touched) and
# of the working tree, RelWithDebInfo so that DWARF is there, installs both, and compares them with
# libabigail's abidiff, counting only the types of the installed public headers (docs/abi.md).
#
#   bash scripts/abi-check.sh
#
# Exit status: 0 compatible (added API is listed, not failed) or no v1.* tag yet; 1 an incompatible
# change (anything beyond additions and what abidiff knows to be harmless); 2 the check itself failed
# (build, abidiff). Release candidates (v1.2.0-rc1) are not baselines.
# Environment:
#   AUTOMAGIK_ABI_BASELINE  the tag to compare with (default: the newest v1.* release tag)
#   AUTOMAGIK_ABI_CACHE     where the builds are kept between runs (default
#                           ${XDG_CACHE_HOME:-~/.cache}/automagik-telemetry/abi); the baseline is built
#                           once per tag commit, the working tree incrementally
#   AUTOMAGIK_ABI_JOBS      parallel build jobs (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

say() { echo "abi-check: $*"; }
die() {
    echo "abi-check: error: $*" >&2
    exit 2
}

command -v abidiff >/dev/null 2>&1 || die "abidiff not found (install abigail-tools: bash scripts/install-deps.sh)"
if ! git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
    say "not a git checkout, so there is no release tag to compare with; skipped"
    exit 0
fi

tag=${AUTOMAGIK_ABI_BASELINE:-}
if [ -z "$tag" ]; then
    # Newest release by version, not by date; a shallow clone needs `git fetch --tags` first.
    tag=$(git -C "$src" tag --list 'v1.*' --sort=-version:refname | grep -E '^v1\.[0-9]+(\.[0-9]+)*$' | head -n1 || true)
fi
if [ -z "$tag" ]; then
    say "no v1.* release tag yet: nothing to compare with (the first release defines the ABI)"
    exit 0
fi
commit=$(git -C "$src" rev-parse --verify --quiet "$tag^{commit}") || die "no such tag: $tag"

cache=${AUTOMAGIK_ABI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/automagik-telemetry/abi}
jobs=${AUTOMAGIK_ABI_JOBS:-2}
mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9 # one check at a time per cache

generator=()
if command -v ninja >/dev/null 2>&1; then
    generator=(-G Ninja)
fi

# build_library <source dir> <build dir> <prefix>: the core library alone, installed with its headers.
build_library() {
    local source=$1 build=$2 prefix=$3 log=$2.log
    mkdir -p "$(dirname "$build")"
    # Options a tag does not know are ignored (--no-warn-unused-cli): each tag builds with its own.
    if ! { cmake -S "$source" -B "$build" "${generator[@]}" --no-warn-unused-cli \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DAUTOMAGIK_TELEMETRY_BUILD_TESTS=OFF -DAUTOMAGIK_TELEMETRY_BUILD_EXAMPLES=OFF \
        -DAUTOMAGIK_TELEMETRY_BUILD_QML=OFF -DAUTOMAGIK_TELEMETRY_BUILD_WIDGETS=OFF \
        -DAUTOMAGIK_TELEMETRY_BUILD_TOOLS=OFF -DAUTOMAGIK_TELEMETRY_BUILD_DOCS=OFF \
        -DAUTOMAGIK_TELEMETRY_INSTALL=ON &&
        cmake --build "$build" --target AutomagikTelemetry --parallel "$jobs" &&
        rm -rf "$prefix" &&
        env -u DESTDIR cmake --install "$build" --prefix "$prefix"; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "building the library from $source failed (whole log: $log)"
    fi
}

# library_in <prefix>: the real file of the installed shared library.
library_in() {
    local lib
    lib=$(find "$1" -name 'libautomagiktelemetry.so.*.*.*' -type f | head -n1)
    [ -n "$lib" ] || die "no libautomagiktelemetry.so installed in $1"
    echo "$lib"
}

baseline="$cache/baseline-$tag-${commit:0:12}"
if [ ! -f "$baseline/done" ]; then
    say "building $tag (${commit:0:12}), once"
    rm -rf "$baseline"
    mkdir -p "$baseline/src"
    git -C "$src" archive "$commit" | tar -x -C "$baseline/src"
    build_library "$baseline/src" "$baseline/build" "$baseline/prefix"
    rm -rf "$baseline/src" "$baseline/build" # the installed library and headers are all the check needs
    touch "$baseline/done"
fi

say "building the working tree"
# One incremental build per checkout: CMake refuses a build directory made for other sources.
current="$cache/current-$(printf '%s' "$src" | sha1sum | cut -c1-12)"
build_library "$src" "$current/build" "$current/prefix"

old=$(library_in "$baseline/prefix")
new=$(library_in "$current/prefix")
# run_abidiff <report> [options]: sets rc to abidiff's status, a bit field: 1 error, 2 usage error,
# 4 ABI change, 8 incompatible ABI change (only removed symbols set that one).
run_abidiff() {
    local report=$1
    shift
    set +e
    abidiff --fail-no-debug-info --drop-private-types "$@" \
        --headers-dir1 "$baseline/prefix/include/automagik" \
        --headers-dir2 "$current/prefix/include/automagik" \
        "$old" "$new" >"$report" 2>&1
    rc=$?
    set -e
    if ((rc & 3)); then
        cat "$report" >&2
        die "abidiff failed (status $rc)"
    fi
}

# The verdict leaves additions out: whatever abidiff still reports then changed what 1.x users
# already compiled against (a class grew or lost a data member, a virtual function came or went, a
# signature changed, a symbol was removed). abidiff flags only removals as incompatible, so any change
# left counts; the changes it knows to be harmless (enumerators, non-virtual member functions) are
# filtered out by abidiff itself.
run_abidiff "$current/abidiff-existing.txt" --no-added-syms
if ((rc & 12)); then
    cat "$current/abidiff-existing.txt"
    say "FAIL: incompatible ABI change against $tag (abidiff status $rc); see docs/abi.md"
    exit 1
fi
run_abidiff "$current/abidiff-all.txt"
if ((rc & 4)); then
    cat "$current/abidiff-all.txt"
    say "compatible with $tag; the changes above are additions"
else
    say "compatible with $tag: no ABI change"
fi
exit 0
