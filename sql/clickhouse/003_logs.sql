-- SPDX-License-Identifier: MIT
-- SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
--
-- Automagik Telemetry ClickHouse schema, part 3: the logs table, one row per log record
-- (each trackLog() call). Same layout as the Python and TypeScript SDKs' schema.
-- Severity numbers are OpenTelemetry's: TRACE 1, DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21.

CREATE DATABASE IF NOT EXISTS telemetry;

CREATE TABLE IF NOT EXISTS telemetry.logs
(
    log_id                          String,
    trace_id                        String DEFAULT '',
    span_id                         String DEFAULT '',

    timestamp                       DateTime DEFAULT now(),
    timestamp_ns                    UInt64 DEFAULT 0,
    observed_timestamp              DateTime DEFAULT now(),
    observed_timestamp_ns           UInt64 DEFAULT 0,

    severity_text                   String DEFAULT '',
    severity_number                 UInt8 DEFAULT 0,

    body                            String,
    body_type                       Enum8('EMPTY' = 0, 'STRING' = 1, 'JSON' = 2, 'BYTES' = 3) DEFAULT 'STRING',

    -- the application
    project_name                    String,
    project_version                 String DEFAULT '',
    service_name                    String,
    service_namespace               String DEFAULT '',
    service_instance_id             String DEFAULT '',
    environment                     String DEFAULT 'production',
    hostname                        String DEFAULT '',

    -- the record's attributes, every value as text
    attributes                      Map(String, String) DEFAULT map(),

    user_id                         String DEFAULT '',
    session_id                      String DEFAULT '',

    os_type                         String DEFAULT '',
    os_version                      String DEFAULT '',
    runtime_name                    String DEFAULT '',
    runtime_version                 String DEFAULT '',
    cloud_provider                  String DEFAULT '',
    cloud_region                    String DEFAULT '',
    cloud_availability_zone         String DEFAULT '',

    instrumentation_library_name    String DEFAULT '',
    instrumentation_library_version String DEFAULT '',
    schema_url                      String DEFAULT '',

    -- from the attributes exception.type / exception.message / exception.stacktrace
    exception_type                  String DEFAULT '',
    exception_message               String DEFAULT '',
    exception_stacktrace            String DEFAULT '',
    is_exception                    UInt8 DEFAULT 0,

    -- not sent by any SDK yet
    source_file                     String DEFAULT '',
    source_line                     UInt32 DEFAULT 0,
    source_function                 String DEFAULT '',
    flags                           UInt32 DEFAULT 0,

    INDEX idx_timestamp timestamp TYPE minmax GRANULARITY 1,
    INDEX idx_severity severity_number TYPE minmax GRANULARITY 1,
    INDEX idx_service_name service_name TYPE bloom_filter GRANULARITY 1,
    INDEX idx_project_name project_name TYPE bloom_filter GRANULARITY 1,
    INDEX idx_environment environment TYPE bloom_filter GRANULARITY 1,
    INDEX idx_trace_id trace_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_body body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (service_name, severity_number, timestamp)
TTL timestamp + INTERVAL 90 DAY
SETTINGS index_granularity = 8192;
