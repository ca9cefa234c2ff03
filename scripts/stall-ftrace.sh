#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# What ran on the caller's core during a slow trackEvent: runs stall children of the benchmark
# (automagik-telemetry-bench --child stall N) under the kernel's function tracer, with scheduler,
# interrupt and memory-map events on, until one of them has a call over 1 ms (or the given number of
# microseconds). That child marks the call in the trace and stops it (AUTOMAGIK_BENCH_FTRACE); this
# script then prints, for the marked
# window, how long each task ran on the caller's core and what the calling thread did around it.
# ftrace costs less than `perf sched record`, under which these stalls did not show at all.
#
#   sudo scripts/stall-ftrace.sh build/tests/benchmarks/automagik-telemetry-bench [runs] [calls] [µs]
#
# Needs root and tracefs (mounted at /sys/kernel/tracing; `mount -t tracefs nodev /sys/kernel/tracing`).
# Leaves the trace of the slow run in stall-ftrace.txt in the current directory.
set -euo pipefail

bench=$(realpath "${1:?usage: stall-ftrace.sh BENCH [runs] [calls] [microseconds]}")
runs=${2:-20}
calls=${3:-100000}
threshold_us=${4:-1000}
tracing=/sys/kernel/tracing
out=$PWD/stall-ftrace.txt
[ -w "$tracing/trace_marker" ] || { echo "needs root and tracefs at $tracing" >&2; exit 2; }

events="sched:sched_switch sched:sched_wakeup sched:sched_migrate_task task:task_rename
        irq:softirq_entry irq:softirq_exit irq_vectors:local_timer_entry irq_vectors:call_function_single_entry
        tlb:tlb_flush mmap_lock:mmap_lock_start_locking mmap_lock:mmap_lock_released
        raw_syscalls:sys_enter"
restore() {
    echo 0 > "$tracing/tracing_on"
    echo > "$tracing/set_event"
}
trap restore EXIT
echo 0 > "$tracing/tracing_on"
echo mono > "$tracing/trace_clock" # the benchmark's steady_clock
echo 65536 > "$tracing/buffer_size_kb"
echo > "$tracing/set_event"
for event in $events; do echo "$event" >> "$tracing/set_event"; done

home=$(mktemp -d)
trap 'restore; rm -rf "$home"' EXIT
found=
for run in $(seq "$runs"); do
    sleep 0.5 # the previous child's exit is the kernel's work for a while: not this run's
    echo > "$tracing/trace"
    echo 1 > "$tracing/tracing_on"
    result=$(HOME=$home AUTOMAGIK_TELEMETRY_ENABLED=true AUTOMAGIK_BENCH_FTRACE=$threshold_us "$bench" --child stall "$calls")
    echo "run $run: $result"
    if [ "$(cat "$tracing/tracing_on")" = 0 ]; then
        cat "$tracing/trace" > "$out"
        found=1
        break
    fi
done
[ -n "$found" ] || { echo "no call over $threshold_us µs in $runs runs"; exit 0; }

python3 - "$out" <<'EOF'
import re, sys
LINE = re.compile(r'^\s*(.+?)-(\d+)\s+\[(\d+)\]\s+\S+\s+([\d.]+): (\w+): (.*)$')
events = []
for line in open(sys.argv[1]):
    m = LINE.match(line)
    if m:
        comm, pid, cpu, t, name, rest = m.groups()
        events.append((float(t), int(cpu), comm, int(pid), name, rest))
names = {}
for t, cpu, comm, pid, name, rest in events:
    if name == 'task_rename':
        r = re.search(r'pid=(\d+) oldcomm=.* newcomm=(.*?) oom', rest)
        names[int(r.group(1))] = r.group(2)
marker = next(e for e in events if e[4] == 'tracing_mark_write' and 'stall call=' in e[5])
start = int(re.search(r'start_ns=(\d+)', marker[5]).group(1)) / 1e9
length = int(re.search(r' ns=(\d+)', marker[5]).group(1)) / 1e9
caller = marker[3]
print(f'\nslow call: {marker[5].strip()}; the caller is thread {caller}')
# The caller's core at the start of the window: its last switch-in or event before it.
cpu = marker[1]
for t, c, comm, pid, name, rest in events:
    if t > start:
        break
    if pid == caller or (name == 'sched_switch' and f'next_pid={caller} ' in rest + ' '):
        cpu = c
ran, running, since = {}, None, start
for t, c, comm, pid, name, rest in events:
    if c != cpu or t > start + length:
        continue
    if name == 'sched_switch':
        m = re.search(r'next_comm=(.+?) next_pid=(\d+)', rest)
        if running is not None and t >= start:
            ran[running] = ran.get(running, 0) + t - max(since, start)
        running, since = (m.group(1), int(m.group(2))), t
if running is not None:
    ran[running] = ran.get(running, 0) + start + length - max(since, start)
print(f'on core {cpu} during the {length * 1e3:.2f} ms:')
for (comm, pid), seconds in sorted(ran.items(), key=lambda kv: -kv[1]):
    who = 'the caller' if pid == caller else (names.get(pid, comm) + (' (this process)' if pid in names else ''))
    print(f'  {seconds * 1e3:7.3f} ms  {who} [{pid}]')
print('\nthe caller and the switches on its core, from 1 ms before:')
for t, c, comm, pid, name, rest in events:
    if start - 0.001 <= t <= start + length and (pid == caller or (c == cpu and name in ('sched_switch', 'sched_wakeup', 'sched_migrate_task'))):
        if name in ('sys_enter', 'mmap_lock_start_locking', 'sched_switch', 'sched_wakeup', 'sched_migrate_task', 'tlb_flush', 'softirq_entry'):
            print(f'  {t:.6f} [{c}] {comm}-{pid} {name}: {rest[:110]}')
EOF
