#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Who took the calling thread's core: reads a `perf sched record` trace of one stall child
(automagik-telemetry-bench --child stall N) and prints, for the benchmark's main thread, the longest
time it waited after being preempted, split by what ran instead: a thread of its own process (the
library's worker, its consent reading, Qt's HTTP thread, the benchmark's collector) or anything else.

    perf sched record -o trace.data -- automagik-telemetry-bench --child stall 100000
    scripts/stall-trace.py trace.data
"""
import re
import subprocess
import sys

EVENT = re.compile(r'\s*(.+?)\s+(-?\d+)/(-?\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s+(.*)')
SWITCH = re.compile(r'prev_pid=(\d+) .*prev_state=(\S+) ==> next_comm=(.*) next_pid=(\d+)')


def events(trace):
    text = subprocess.run(['perf', 'script', '-i', trace, '-F', 'comm,pid,tid,cpu,time,event,trace'],
                          capture_output=True, text=True, check=True).stdout
    for line in text.splitlines():
        match = EVENT.match(line)
        if match:
            comm, pid, tid, cpu, time, event, detail = match.groups()
            yield comm, int(pid), int(tid), int(cpu), float(time), event, detail


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    trace = list(events(sys.argv[1]))
    process = min(pid for comm, pid, *_ in trace if comm.startswith('automagik-tele'))
    caller = process  # the main thread's id is the process id
    own = {tid for _, pid, tid, *_ in trace if pid == process}
    worst = {'own': (0.0, ''), 'other': (0.0, '')}
    preempted = None  # (time, the thread that ran instead, its name)
    for _, _, _, _, time, event, detail in trace:
        if event != 'sched:sched_switch':
            continue
        match = SWITCH.search(detail)
        if not match:
            continue
        previous, state, next_name, following = int(match[1]), match[2], match[3], int(match[4])
        if previous == caller and state.startswith('R'):  # runnable, yet switched out: preempted
            preempted = (time, following, next_name)
        elif following == caller and preempted:
            waited = (time - preempted[0]) * 1000
            kind = 'own' if preempted[1] in own else 'other'
            if waited > worst[kind][0]:
                worst[kind] = (waited, preempted[2])
            preempted = None
    print('longest wait of the caller after a preemption: by its own process %.2f ms (%s), by others %.2f ms (%s)'
          % (worst['own'][0], worst['own'][1] or '-', worst['other'][0], worst['other'][1] or '-'))


if __name__ == '__main__':
    main()
