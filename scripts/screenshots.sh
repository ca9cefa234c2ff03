#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Renders both consent dialogs (Qt Quick and widgets) in real windows under Xvfb, in light, dark and
# Arabic (right-to-left), into docs/images/. Run from a build made by scripts/test.sh or scripts/demo.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
build=${BUILD_DIR:-build}
if [ ! -d "$build" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DAUTOMAGIK_TELEMETRY_BUILD_TESTS=OFF
fi
cmake --build "$build" --parallel "$(nproc)"
mkdir -p docs/images

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
shoot() { # name, program, extra arguments...
    local name=$1 program=$2
    shift 2
    # A private HOME: the examples start undecided, so the dialog shows as a first run would.
    HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
        xvfb-run -a -s "-screen 0 1280x1024x24" "$program" --screenshot "docs/images/$name.png" "$@"
    echo "docs/images/$name.png"
}
quick="$build/examples/quick/automagik-telemetry-quick-demo"
widgets="$build/examples/widgets/automagik-telemetry-widgets-demo"
shoot quick-light "$quick"
shoot quick-dark "$quick" --dark
shoot quick-arabic "$quick" --locale ar
shoot widgets-light "$widgets"
shoot widgets-dark "$widgets" --dark
shoot widgets-arabic "$widgets" --locale ar
