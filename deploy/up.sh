#!/bin/sh
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#
# Starts the stack. The first time, writes .env from .env.example with a random password for every
# empty one (readable by you only), so that no password is ever a default.
set -eu
cd "$(dirname "$0")"
if [ ! -f .env ]; then
    umask 077
    while IFS= read -r line; do
        case "$line" in
        *_PASSWORD=) printf '%s%s\n' "$line" "$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')" ;;
        *) printf '%s\n' "$line" ;;
        esac
    done < .env.example > .env
    echo "Wrote deploy/.env with random passwords (Grafana: user admin, GRAFANA_ADMIN_PASSWORD in deploy/.env)."
fi
docker compose up -d "$@"
address=$(sed -n 's/^PUBLISH_ADDRESS=//p' .env)
echo "Grafana:    http://${address:-127.0.0.1}:3000"
echo "OTLP/HTTP:  http://${address:-127.0.0.1}:4318   (Backend::Otlp)"
echo "ClickHouse: http://${address:-127.0.0.1}:8123   (Backend::ClickHouse, user telemetry_writer)"
