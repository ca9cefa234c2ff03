#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Builds the whole project with sanitizers and runs the whole test suite under them (Debian 12).
#
#   scripts/sanitizers.sh [--asan] [--tsan] [--fuzz SECONDS] [-j N] [--clean]
#
#   --asan          AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer (GCC), in build-asan/
#   --tsan          ThreadSanitizer (GCC), in build-tsan/
#   --fuzz SECONDS  libFuzzer (Clang 14): builds tests/fuzz/ with ASan+UBSan and runs each fuzzer
#                   for SECONDS, in build-fuzz/; crash inputs land in build-fuzz/artifacts/<target>/
#                   (cleared at the start of the next run)
#   -j N, --jobs N  parallel build jobs (default: nproc); tests run one at a time
#   --clean         delete the build directories first (default: build incrementally)
#
# Without --asan, --tsan or --fuzz, runs --asan and --tsan. Every phase runs even when an earlier
# one failed; the exit status is non-zero when any failed. Each sanitizer report goes to a file
# (log_path), also from the child processes that tests start (the CLI, the sink), and the files
# are printed at the end of the phase: <build>/sanitizer-logs/.
#
# The fuzz build is the documented way to build the libFuzzer targets by hand:
#   cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
#       -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer" \
#       -DAUTOMAGIK_TELEMETRY_BUILD_FUZZERS=ON
#   cmake --build build-fuzz --target fuzz_attributes fuzz_response fuzz_auditlog fuzz_spool
#   build-fuzz/tests/fuzz/fuzz_attributes -max_total_time=60 CORPUS_DIR tests/fuzz/corpus/fuzz_attributes
# The whole build carries the sanitizers (and libFuzzer's coverage, fuzzer-no-link, so the fuzzer
# sees which branches of the library an input reached); only the fuzz executables link libFuzzer.
#
# A fuzzer's crash inputs are also copied into tests/fuzz/corpus/<target>/ (named crash-<sha1>),
# so that once fixed they stay in the seed corpus, which ctest replays on every build: commit them.
#
# Environment: ASAN_BUILD_DIR, TSAN_BUILD_DIR, FUZZ_BUILD_DIR override the build directories;
# SANITIZER_BUILD_TYPE the build type (RelWithDebInfo); FUZZ_ARGS adds libFuzzer options;
# SANITIZER_CTEST_ARGS adds ctest options (CI: -LE package, the install and add_subdirectory
# consumer tests, which rebuild the library and check no memory or thread behaviour).
# ASAN_OPTIONS, UBSAN_OPTIONS, TSAN_OPTIONS set by the caller are appended (so they win).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() { sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

run_asan=0 run_tsan=0 fuzz_seconds="" jobs=$(nproc) clean=0
while [ $# -gt 0 ]; do
    case "$1" in
    --asan) run_asan=1 ;;
    --tsan) run_tsan=1 ;;
    --fuzz) [ $# -ge 2 ] || usage 2; fuzz_seconds=$2; shift ;;
    --fuzz=*) fuzz_seconds=${1#--fuzz=} ;;
    -j|--jobs) [ $# -ge 2 ] || usage 2; jobs=$2; shift ;;
    -j*) jobs=${1#-j} ;;
    --jobs=*) jobs=${1#--jobs=} ;;
    --clean) clean=1 ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
    esac
    shift
done
if [ -n "$fuzz_seconds" ] && ! [[ "$fuzz_seconds" =~ ^[0-9]+$ ]]; then
    echo "--fuzz needs a number of seconds, not '$fuzz_seconds'" >&2
    exit 2
fi
if [ $run_asan -eq 0 ] && [ $run_tsan -eq 0 ] && [ -z "$fuzz_seconds" ]; then
    run_asan=1 run_tsan=1
fi

asan_dir=$(realpath -m "${ASAN_BUILD_DIR:-build-asan}")
tsan_dir=$(realpath -m "${TSAN_BUILD_DIR:-build-tsan}")
fuzz_dir=$(realpath -m "${FUZZ_BUILD_DIR:-build-fuzz}")
build_type=${SANITIZER_BUILD_TYPE:-RelWithDebInfo}
user_asan_options=${ASAN_OPTIONS:-}
user_ubsan_options=${UBSAN_OPTIONS:-}
user_tsan_options=${TSAN_OPTIONS:-}

# --- What the sanitizers need, on top of scripts/install-deps.sh (idempotent, like it) ------------

bash scripts/install-deps.sh

install_missing() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -eq 0 ]; then return 0; fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# GCC 12's sanitizer runtimes (usually there already with build-essential).
install_missing libasan8 libubsan1 liblsan0 libtsan2
if [ -n "$fuzz_seconds" ]; then
    install_missing clang-14 libclang-rt-14-dev
fi

# --- Helpers ----------------------------------------------------------------------------------------

failures=()

# Prints the sanitizer reports a phase left in DIR/sanitizer-logs, and UBSan's (which GCC's runtime
# writes to stderr whatever log_path says) from the test log; true when there were any.
has_reports() {
    local dir=$1 name=$2 f found=1
    for f in "$dir"/sanitizer-logs/*; do
        [ -s "$f" ] || continue
        found=0
        echo "----- $name report: $f"
        cat "$f"
    done
    if grep -q -E 'runtime error:|ERROR: [A-Za-z]+Sanitizer|WARNING: ThreadSanitizer' "$dir/sanitizers-ctest.log" 2>/dev/null; then
        found=0
        echo "----- $name reports in the test output ($dir/sanitizers-ctest.log):"
        grep -n -E -A12 'runtime error:|ERROR: [A-Za-z]+Sanitizer|WARNING: ThreadSanitizer' "$dir/sanitizers-ctest.log"
    fi
    return $found
}

# The suppressions option for FILE, if the file exists (a sanitizer refuses a missing one).
suppressions() {
    if [ -f "$1" ]; then
        echo "suppressions=$1:"
    fi
}

# configure_and_build DIR COMPILER FLAGS [cmake args...] [-- build targets...]
configure_and_build() {
    local dir=$1 compiler=$2 flags=$3
    shift 3
    local cmake_args=() targets=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmake_args+=("$1"); shift; done
    if [ $# -gt 0 ]; then shift; fi
    targets=("$@")
    if [ $clean -eq 1 ]; then rm -rf "$dir"; fi
    # CXXFLAGS too: the package consumer tests configure projects of their own from ctest, and those
    # must carry the same sanitizer (an instrumented library cannot be loaded by a plain executable).
    CXXFLAGS="$flags" cmake -S "$root" -B "$dir" -G Ninja \
        -DCMAKE_BUILD_TYPE="$build_type" \
        -DCMAKE_CXX_COMPILER="$compiler" \
        -DCMAKE_CXX_FLAGS="$flags" \
        "${cmake_args[@]}" || return 1
    if [ ${#targets[@]} -gt 0 ]; then
        cmake --build "$dir" --parallel "$jobs" --target "${targets[@]}"
    else
        cmake --build "$dir" --parallel "$jobs"
    fi
}

# run_ctest DIR [COMMAND PREFIX...]: the whole suite, one test at a time (sanitized tests are slow,
# and timing-sensitive ones must not compete for the CPU).
run_ctest() {
    local dir=$1
    shift
    env CXXFLAGS="$(grep -m1 '^CMAKE_CXX_FLAGS:' "$dir/CMakeCache.txt" | cut -d= -f2-)" QT_QPA_PLATFORM=offscreen \
        "$@" ctest --test-dir "$dir" --output-on-failure --timeout 600 --output-log "$dir/sanitizers-ctest.log" \
        ${SANITIZER_CTEST_ARGS:-}
}

# --- ASan + LSan + UBSan ----------------------------------------------------------------------------

if [ $run_asan -eq 1 ]; then
    echo "=== AddressSanitizer + LeakSanitizer + UndefinedBehaviorSanitizer: $asan_dir"
    asan_flags="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    if configure_and_build "$asan_dir" g++ "$asan_flags"; then
        rm -rf "$asan_dir/sanitizer-logs"
        mkdir -p "$asan_dir/sanitizer-logs"
        status=0
        # quarantine_size_mb=32 (default 256): tst_cli bounds the CLI's peak RSS at 150 MiB while it
        # streams 100 MB, and freed memory held back by the default quarantine alone exceeds that.
        ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=32:log_path=$asan_dir/sanitizer-logs/asan${user_asan_options:+:$user_asan_options}" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$asan_dir/sanitizer-logs/ubsan${user_ubsan_options:+:$user_ubsan_options}" \
        LSAN_OPTIONS="$(suppressions "$root/tests/sanitizers/lsan.supp")print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
            run_ctest "$asan_dir" || status=1
        if has_reports "$asan_dir" ASan/UBSan; then
            status=1
        fi
        [ $status -eq 0 ] || failures+=("asan")
    else
        failures+=("asan (build)")
    fi
fi

# --- TSan -------------------------------------------------------------------------------------------

if [ $run_tsan -eq 1 ]; then
    echo "=== ThreadSanitizer: $tsan_dir"
    tsan_flags="-fsanitize=thread -fno-omit-frame-pointer"
    if configure_and_build "$tsan_dir" g++ "$tsan_flags"; then
        rm -rf "$tsan_dir/sanitizer-logs"
        mkdir -p "$tsan_dir/sanitizer-logs"
        # Kernels with more mmap randomisation than TSan's shadow layout allows make it die with
        # "unexpected memory mapping"; without address randomisation it always starts.
        norandom=()
        if command -v setarch >/dev/null && setarch "$(uname -m)" -R true 2>/dev/null; then
            norandom=(setarch "$(uname -m)" -R)
        fi
        status=0
        # Qt from Debian is not built with TSan: its locks, atomics and event queues are invisible.
        #  ignore_noninstrumented_modules: accesses that Qt, GLib or libc make through interceptors
        #    (malloc/free, memcpy, pthread_cond_*, eventfd writes) are not checked, as on macOS by default;
        #    races between accesses in our own (instrumented) code are still reported.
        #  die_after_fork=0: QProcess (tst_cli, tst_telemetry's validator) forks a threaded process and
        #    the child only execs.
        #  history_size=7: the longest access history, so fewer "failed to restore the stack".
        #  tests/sanitizers/tsan.supp: the handoffs through Qt's event queue TSan still cannot see.
        TSAN_OPTIONS="$(suppressions "$root/tests/sanitizers/tsan.supp")ignore_noninstrumented_modules=1:die_after_fork=0:history_size=7:second_deadlock_stack=1:log_path=$tsan_dir/sanitizer-logs/tsan${user_tsan_options:+:$user_tsan_options}" \
            run_ctest "$tsan_dir" "${norandom[@]}" || status=1
        if has_reports "$tsan_dir" TSan; then
            status=1
        fi
        [ $status -eq 0 ] || failures+=("tsan")
    else
        failures+=("tsan (build)")
    fi
fi

# --- libFuzzer --------------------------------------------------------------------------------------

if [ -n "$fuzz_seconds" ]; then
    echo "=== libFuzzer, ${fuzz_seconds}s per target: $fuzz_dir"
    fuzz_flags="-fsanitize=address,undefined,fuzzer-no-link -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
    targets=(fuzz_attributes fuzz_response fuzz_auditlog fuzz_spool)
    if configure_and_build "$fuzz_dir" clang++-14 "$fuzz_flags" \
        -DAUTOMAGIK_TELEMETRY_BUILD_FUZZERS=ON -DAUTOMAGIK_TELEMETRY_BUILD_QML=OFF \
        -DAUTOMAGIK_TELEMETRY_BUILD_WIDGETS=OFF -DAUTOMAGIK_TELEMETRY_BUILD_EXAMPLES=OFF \
        -- "${targets[@]}"; then
        for target in "${targets[@]}"; do
            # New inputs go to the first directory (kept between runs); the seeds are only read.
            # Crash inputs of an earlier run are cleared: copy them elsewhere to keep them.
            corpus="$fuzz_dir/corpus/$target"
            artifacts="$fuzz_dir/artifacts/$target"
            rm -rf "$artifacts"
            mkdir -p "$corpus" "$artifacts"
            echo "--- $target"
            status=0
            # shellcheck disable=SC2086 # FUZZ_ARGS is a list of options
            ASAN_OPTIONS="detect_leaks=1${user_asan_options:+:$user_asan_options}" \
            UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${user_ubsan_options:+:$user_ubsan_options}" \
            QT_QPA_PLATFORM=offscreen \
                "$fuzz_dir/tests/fuzz/$target" -max_total_time="$fuzz_seconds" -timeout=30 -rss_limit_mb=4096 \
                -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
                "$corpus" "$root/tests/fuzz/corpus/$target" >"$fuzz_dir/$target.log" 2>&1 || status=1
            # The log without libFuzzer's progress lines and dictionary: the start, any report, the statistics.
            grep -a -v -E '^(#[0-9]+|"|###### )' "$fuzz_dir/$target.log" | tail -n 80 || true
            if compgen -G "$artifacts/*" >/dev/null; then
                echo "$target: inputs that fail (replay with $fuzz_dir/tests/fuzz/$target FILE):"
                ls -l "$artifacts"
                for input in "$artifacts"/*; do
                    cp "$input" "$root/tests/fuzz/corpus/$target/crash-$(sha1sum "$input" | cut -c1-40)"
                done
                echo "$target: copied into tests/fuzz/corpus/$target/ as regression seeds (commit them once fixed)"
                status=1
            fi
            [ $status -eq 0 ] || failures+=("fuzz: $target")
        done
    else
        failures+=("fuzz (build)")
    fi
fi

if [ ${#failures[@]} -gt 0 ]; then
    printf 'FAILED: %s\n' "${failures[@]}"
    exit 1
fi
echo "All sanitizer runs passed."
