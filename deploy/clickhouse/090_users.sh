#!/bin/bash
# SPDX-License-Identifier: MIT
# SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#
# Run once by the ClickHouse image's entrypoint on an empty data directory, after the .sql files.
# Creates the two users the stack needs, with passwords from .env:
#   telemetry_writer  may only INSERT: into the family's three tables (applications with
#                     Backend::ClickHouse) and into the otel landing tables (the collector);
#   grafana_reader    may only SELECT from the telemetry database (the dashboards).
# The administrator (CLICKHOUSE_ADMIN_USER) is the one the image creates.
set -euo pipefail

for name in CLICKHOUSE_WRITER_PASSWORD CLICKHOUSE_GRAFANA_PASSWORD; do
    value="${!name:-}"
    if [ -z "$value" ]; then
        echo "090_users.sh: $name is empty; set it in deploy/.env" >&2
        exit 1
    fi
    case "$value" in
    *"'"* | *'\'*)
        echo "090_users.sh: $name must not contain ' or \\" >&2
        exit 1
        ;;
    esac
done

clickhouse client --host 127.0.0.1 --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE USER IF NOT EXISTS telemetry_writer IDENTIFIED WITH sha256_password BY '${CLICKHOUSE_WRITER_PASSWORD}';
GRANT INSERT ON telemetry.traces TO telemetry_writer;
GRANT INSERT ON telemetry.metrics TO telemetry_writer;
GRANT INSERT ON telemetry.logs TO telemetry_writer;
GRANT INSERT, SHOW COLUMNS ON otel.* TO telemetry_writer; -- the exporter may DESCRIBE its tables
CREATE USER IF NOT EXISTS grafana_reader IDENTIFIED WITH sha256_password BY '${CLICKHOUSE_GRAFANA_PASSWORD}';
GRANT SELECT ON telemetry.* TO grafana_reader;
SQL
