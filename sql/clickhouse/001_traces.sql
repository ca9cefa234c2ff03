-- SPDX-License-Identifier: MIT
-- SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
--
-- Automagik Telemetry ClickHouse schema, part 1: the database and the traces table.
-- The same layout the Python and TypeScript SDKs write to (their infra/clickhouse/*.sql), so
-- that all three clients share one database and one dashboard. One row per event or error.
-- Run the files in order (001, 002, 003), e.g.
--     clickhouse-client --multiquery < sql/clickhouse/001_traces.sql
-- Every statement is idempotent (IF NOT EXISTS). docs/backends.md has the details.

CREATE DATABASE IF NOT EXISTS telemetry;

CREATE TABLE IF NOT EXISTS telemetry.traces
(
    -- identity: 32 and 16 lower-case hex characters (the Qt client); no parent spans
    trace_id                        String,
    span_id                         String,
    parent_span_id                  String DEFAULT '',

    -- time: DateTime in seconds, plus the exact nanoseconds; events have no duration
    timestamp                       DateTime DEFAULT now(),
    timestamp_ns                    UInt64 DEFAULT 0,
    duration_ms                     UInt32 DEFAULT 0,

    -- what happened: the event name, or automagik.error for errors (status_code 'ERROR')
    service_name                    String,
    span_name                       String,
    span_kind                       String DEFAULT 'INTERNAL',
    status_code                     String DEFAULT 'OK',
    status_message                  String DEFAULT '',

    -- the application
    project_name                    String,
    project_version                 String,
    environment                     String DEFAULT 'production',
    hostname                        String DEFAULT '',

    -- the event's attributes, every value as text
    attributes                      Map(String, String) DEFAULT map(),

    -- anonymous ids
    user_id                         String DEFAULT '',
    session_id                      String DEFAULT '',

    -- platform
    os_type                         String DEFAULT '',
    os_version                      String DEFAULT '',
    runtime_name                    String DEFAULT '',
    runtime_version                 String DEFAULT '',

    cloud_provider                  String DEFAULT '',
    cloud_region                    String DEFAULT '',
    cloud_availability_zone         String DEFAULT '',

    -- the SDK that sent the row
    instrumentation_library_name    String DEFAULT '',
    instrumentation_library_version String DEFAULT '',

    INDEX idx_timestamp timestamp TYPE minmax GRANULARITY 1,
    INDEX idx_service_name service_name TYPE bloom_filter GRANULARITY 1,
    INDEX idx_span_name span_name TYPE bloom_filter GRANULARITY 1,
    INDEX idx_project_name project_name TYPE bloom_filter GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (service_name, span_name, timestamp)
TTL timestamp + INTERVAL 90 DAY
SETTINGS index_granularity = 8192;
