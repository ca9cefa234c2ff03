#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sets up a fresh Debian 12 machine, builds, starts the local receiver and runs the console demo
# against it. Nothing leaves the machine: the receiver listens on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

build=${BUILD_DIR:-build-demo}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTOMAGIK_TELEMETRY_BUILD_TESTS=OFF
cmake --build "$build" --parallel "$(nproc)"

port_file=$(mktemp)
trap 'kill "$sink_pid" 2>/dev/null || true; rm -f "$port_file"' EXIT
# Port 0 picks a free port, so the demo works even when a collector already uses 4318.
"$build/src/tools/sink/automagik-telemetry-sink" --port 0 --port-file "$port_file" --out "$build/demo-requests.jsonl" &
sink_pid=$!
for _ in $(seq 100); do [ -s "$port_file" ] && break; sleep 0.1; done
endpoint="http://127.0.0.1:$(cat "$port_file")"

echo "--- console demo (telemetry enabled for this run only) ---"
AUTOMAGIK_TELEMETRY_ENABLED=true "$build/examples/console/automagik-telemetry-console-demo" --endpoint "$endpoint"
echo "--- the same, with the command-line tool ---"
AUTOMAGIK_TELEMETRY_ENABLED=true "$build/src/tools/cli/automagik-telemetry" --endpoint "$endpoint" \
    event demo.finished duration_ms=1234 ok=true
sleep 0.5
echo "Every request the receiver got is in $build/demo-requests.jsonl"
