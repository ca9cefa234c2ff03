-- SPDX-License-Identifier: MIT
-- SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
--
-- Automagik Telemetry ClickHouse schema, part 2: the metrics table, one row per observation
-- (each trackMetric() call). Same layout as the Python and TypeScript SDKs' schema.
--
-- Values: an integral value is in value_int (value_double 0), any other in value_double
-- (value_int 0), as all three SDKs write them; toFloat64(value_int) + value_double is the
-- value whichever client sent the row. Counters are SUM rows with DELTA temporality (each row
-- is an increment). The Qt client also fills the histogram_* columns of a HISTOGRAM row as a
-- one-sample distribution (count 1, sum = min = max = the value, one bucket).

CREATE DATABASE IF NOT EXISTS telemetry;

CREATE TABLE IF NOT EXISTS telemetry.metrics
(
    metric_id                       String,
    metric_name                     String,
    metric_type                     Enum8('GAUGE' = 1, 'SUM' = 2, 'HISTOGRAM' = 3, 'EXPONENTIAL_HISTOGRAM' = 4, 'SUMMARY' = 5),
    metric_unit                     String DEFAULT '',
    metric_description              String DEFAULT '',

    timestamp                       DateTime DEFAULT now(),
    timestamp_ns                    UInt64 DEFAULT 0,
    time_window_start               DateTime DEFAULT now(),
    time_window_end                 DateTime DEFAULT now(),

    -- GAUGE and SUM
    value_int                       Int64 DEFAULT 0,
    value_double                    Float64 DEFAULT 0,
    is_monotonic                    UInt8 DEFAULT 0,
    aggregation_temporality         Enum8('UNSPECIFIED' = 0, 'DELTA' = 1, 'CUMULATIVE' = 2) DEFAULT 'UNSPECIFIED',

    -- HISTOGRAM
    histogram_count                 UInt64 DEFAULT 0,
    histogram_sum                   Float64 DEFAULT 0,
    histogram_min                   Float64 DEFAULT 0,
    histogram_max                   Float64 DEFAULT 0,
    histogram_bucket_counts         Array(UInt64) DEFAULT [],
    histogram_explicit_bounds       Array(Float64) DEFAULT [],

    -- SUMMARY (no SDK sends these yet)
    summary_count                   UInt64 DEFAULT 0,
    summary_sum                     Float64 DEFAULT 0,
    quantile_values                 Map(String, Float64) DEFAULT map(),

    -- the application
    project_name                    String,
    project_version                 String DEFAULT '',
    service_name                    String,
    service_namespace               String DEFAULT '',
    service_instance_id             String DEFAULT '',
    environment                     String DEFAULT 'production',
    hostname                        String DEFAULT '',

    -- the observation's attributes, every value as text
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

    INDEX idx_timestamp timestamp TYPE minmax GRANULARITY 1,
    INDEX idx_metric_name metric_name TYPE bloom_filter GRANULARITY 1,
    INDEX idx_service_name service_name TYPE bloom_filter GRANULARITY 1,
    INDEX idx_project_name project_name TYPE bloom_filter GRANULARITY 1,
    INDEX idx_environment environment TYPE bloom_filter GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(timestamp)
ORDER BY (service_name, metric_name, timestamp)
TTL timestamp + INTERVAL 90 DAY
SETTINGS index_granularity = 8192;
