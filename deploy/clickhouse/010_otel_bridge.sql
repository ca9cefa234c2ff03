-- SPDX-License-Identifier: MIT
-- SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
--
-- The collector path into the family's schema. The OpenTelemetry collector's clickhouse exporter
-- can only write its own tables (otel_traces, otel_logs, otel_metrics_*). Here those tables exist
-- with the columns and types of its INSERT statements (exporter/clickhouseexporter/internal/
-- sql_templates, collector-contrib 0.123), but with ENGINE = Null: they keep nothing. Materialized
-- views turn every inserted block into rows of telemetry.traces / metrics / logs, filled as the
-- library's ClickHouse backend fills them (docs/backends.md, "Rows"). So both paths, OTLP through
-- the collector and the application writing to ClickHouse directly, land in the same three tables
-- and the dashboards read only those. The collector runs with create_schema: false.
--
-- Summary and exponential-histogram tables exist so that the exporter finds every table it knows;
-- no SDK of the family sends those kinds, so they have no view and their rows are dropped.
-- Runs after sql/clickhouse/001-003 (the docker entrypoint runs files in name order).

CREATE DATABASE IF NOT EXISTS otel;

CREATE TABLE IF NOT EXISTS otel.otel_traces
(
    Timestamp DateTime64(9),
    TraceId String,
    SpanId String,
    ParentSpanId String,
    TraceState String,
    SpanName LowCardinality(String),
    SpanKind LowCardinality(String),
    ServiceName LowCardinality(String),
    ResourceAttributes Map(LowCardinality(String), String),
    ScopeName String,
    ScopeVersion String,
    SpanAttributes Map(LowCardinality(String), String),
    Duration UInt64,
    StatusCode LowCardinality(String),
    StatusMessage String,
    Events Nested (Timestamp DateTime64(9), Name LowCardinality(String), Attributes Map(LowCardinality(String), String)),
    Links Nested (TraceId String, SpanId String, TraceState String, Attributes Map(LowCardinality(String), String))
)
ENGINE = Null;

CREATE TABLE IF NOT EXISTS otel.otel_logs
(
    Timestamp DateTime64(9),
    TimestampTime DateTime DEFAULT toDateTime(Timestamp),
    TraceId String,
    SpanId String,
    TraceFlags UInt8,
    SeverityText LowCardinality(String),
    SeverityNumber UInt8,
    ServiceName LowCardinality(String),
    Body String,
    ResourceSchemaUrl LowCardinality(String),
    ResourceAttributes Map(LowCardinality(String), String),
    ScopeSchemaUrl LowCardinality(String),
    ScopeName String,
    ScopeVersion LowCardinality(String),
    ScopeAttributes Map(LowCardinality(String), String),
    LogAttributes Map(LowCardinality(String), String),
    EventName String DEFAULT '' -- written by exporters that find it (newer than 0.123)
)
ENGINE = Null;

CREATE TABLE IF NOT EXISTS otel.otel_metrics_gauge
(
    ResourceAttributes Map(LowCardinality(String), String),
    ResourceSchemaUrl String,
    ScopeName String,
    ScopeVersion String,
    ScopeAttributes Map(LowCardinality(String), String),
    ScopeDroppedAttrCount UInt32,
    ScopeSchemaUrl String,
    ServiceName LowCardinality(String),
    MetricName String,
    MetricDescription String,
    MetricUnit String,
    Attributes Map(LowCardinality(String), String),
    StartTimeUnix DateTime64(9),
    TimeUnix DateTime64(9),
    Value Float64,
    Flags UInt32,
    Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String)
)
ENGINE = Null;

CREATE TABLE IF NOT EXISTS otel.otel_metrics_sum
(
    ResourceAttributes Map(LowCardinality(String), String),
    ResourceSchemaUrl String,
    ScopeName String,
    ScopeVersion String,
    ScopeAttributes Map(LowCardinality(String), String),
    ScopeDroppedAttrCount UInt32,
    ScopeSchemaUrl String,
    ServiceName LowCardinality(String),
    MetricName String,
    MetricDescription String,
    MetricUnit String,
    Attributes Map(LowCardinality(String), String),
    StartTimeUnix DateTime64(9),
    TimeUnix DateTime64(9),
    Value Float64,
    Flags UInt32,
    Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String),
    AggregationTemporality Int32,
    IsMonotonic Boolean
)
ENGINE = Null;

CREATE TABLE IF NOT EXISTS otel.otel_metrics_histogram
(
    ResourceAttributes Map(LowCardinality(String), String),
    ResourceSchemaUrl String,
    ScopeName String,
    ScopeVersion String,
    ScopeAttributes Map(LowCardinality(String), String),
    ScopeDroppedAttrCount UInt32,
    ScopeSchemaUrl String,
    ServiceName LowCardinality(String),
    MetricName String,
    MetricDescription String,
    MetricUnit String,
    Attributes Map(LowCardinality(String), String),
    StartTimeUnix DateTime64(9),
    TimeUnix DateTime64(9),
    Count UInt64,
    Sum Float64,
    BucketCounts Array(UInt64),
    ExplicitBounds Array(Float64),
    Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String),
    Flags UInt32,
    Min Float64,
    Max Float64,
    AggregationTemporality Int32
)
ENGINE = Null;

CREATE TABLE IF NOT EXISTS otel.otel_metrics_summary
(
    ResourceAttributes Map(LowCardinality(String), String),
    ResourceSchemaUrl String,
    ScopeName String,
    ScopeVersion String,
    ScopeAttributes Map(LowCardinality(String), String),
    ScopeDroppedAttrCount UInt32,
    ScopeSchemaUrl String,
    ServiceName LowCardinality(String),
    MetricName String,
    MetricDescription String,
    MetricUnit String,
    Attributes Map(LowCardinality(String), String),
    StartTimeUnix DateTime64(9),
    TimeUnix DateTime64(9),
    Count UInt64,
    Sum Float64,
    ValueAtQuantiles Nested (Quantile Float64, Value Float64),
    Flags UInt32
)
ENGINE = Null;

CREATE TABLE IF NOT EXISTS otel.otel_metrics_exp_histogram
(
    ResourceAttributes Map(LowCardinality(String), String),
    ResourceSchemaUrl String,
    ScopeName String,
    ScopeVersion String,
    ScopeAttributes Map(LowCardinality(String), String),
    ScopeDroppedAttrCount UInt32,
    ScopeSchemaUrl String,
    ServiceName LowCardinality(String),
    MetricName String,
    MetricDescription String,
    MetricUnit String,
    Attributes Map(LowCardinality(String), String),
    StartTimeUnix DateTime64(9),
    TimeUnix DateTime64(9),
    Count UInt64,
    Sum Float64,
    Scale Int32,
    ZeroCount UInt64,
    PositiveOffset Int32,
    PositiveBucketCounts Array(UInt64),
    NegativeOffset Int32,
    NegativeBucketCounts Array(UInt64),
    Exemplars Nested (FilteredAttributes Map(LowCardinality(String), String), TimeUnix DateTime64(9), Value Float64, SpanId String, TraceId String),
    Flags UInt32,
    Min Float64,
    Max Float64,
    AggregationTemporality Int32
)
ENGINE = Null;

-- Spans: events and errors. The exporter writes SpanKind as 'Internal' and StatusCode as 'Error',
-- 'Ok' or 'Unset'; the family's rows have 'INTERNAL' and 'ERROR'/'OK'.
CREATE MATERIALIZED VIEW IF NOT EXISTS otel.traces_to_telemetry TO telemetry.traces AS
SELECT
    lower(TraceId) AS trace_id,
    lower(SpanId) AS span_id,
    lower(ParentSpanId) AS parent_span_id,
    toDateTime(Timestamp) AS timestamp,
    toUInt64(toUnixTimestamp64Nano(Timestamp)) AS timestamp_ns,
    toUInt32(intDiv(Duration, 1000000)) AS duration_ms,
    if(ServiceName = '', 'unknown', toString(ServiceName)) AS service_name,
    toString(SpanName) AS span_name,
    upper(toString(SpanKind)) AS span_kind,
    if(StatusCode = 'Error', 'ERROR', 'OK') AS status_code,
    StatusMessage AS status_message,
    if(ResourceAttributes['project.name'] = '', toString(ServiceName), ResourceAttributes['project.name']) AS project_name,
    if(ResourceAttributes['project.version'] = '', ResourceAttributes['service.version'], ResourceAttributes['project.version']) AS project_version,
    if(ResourceAttributes['deployment.environment'] = '', 'production', ResourceAttributes['deployment.environment']) AS environment,
    ResourceAttributes['host.name'] AS hostname,
    CAST(SpanAttributes, 'Map(String, String)') AS attributes,
    ResourceAttributes['user.id'] AS user_id,
    ResourceAttributes['session.id'] AS session_id,
    ResourceAttributes['os.type'] AS os_type,
    ResourceAttributes['os.version'] AS os_version,
    ResourceAttributes['process.runtime.name'] AS runtime_name,
    ResourceAttributes['process.runtime.version'] AS runtime_version,
    ResourceAttributes['cloud.provider'] AS cloud_provider,
    ResourceAttributes['cloud.region'] AS cloud_region,
    ResourceAttributes['cloud.availability_zone'] AS cloud_availability_zone,
    ResourceAttributes['telemetry.sdk.name'] AS instrumentation_library_name,
    ResourceAttributes['telemetry.sdk.version'] AS instrumentation_library_version
FROM otel.otel_traces;

CREATE MATERIALIZED VIEW IF NOT EXISTS otel.logs_to_telemetry TO telemetry.logs AS
SELECT
    toString(generateUUIDv4()) AS log_id,
    lower(TraceId) AS trace_id,
    lower(SpanId) AS span_id,
    toDateTime(Timestamp) AS timestamp,
    toUInt64(toUnixTimestamp64Nano(Timestamp)) AS timestamp_ns,
    toDateTime(Timestamp) AS observed_timestamp,
    toUInt64(toUnixTimestamp64Nano(Timestamp)) AS observed_timestamp_ns,
    upper(toString(SeverityText)) AS severity_text,
    SeverityNumber AS severity_number,
    Body AS body,
    CAST(multiIf(Body = '', 'EMPTY', isValidJSON(Body), 'JSON', 'STRING'), 'Enum8(\'EMPTY\' = 0, \'STRING\' = 1, \'JSON\' = 2, \'BYTES\' = 3)') AS body_type,
    if(ResourceAttributes['project.name'] = '', toString(ServiceName), ResourceAttributes['project.name']) AS project_name,
    if(ResourceAttributes['project.version'] = '', ResourceAttributes['service.version'], ResourceAttributes['project.version']) AS project_version,
    if(ServiceName = '', 'unknown', toString(ServiceName)) AS service_name,
    ResourceAttributes['service.namespace'] AS service_namespace,
    ResourceAttributes['service.instance.id'] AS service_instance_id,
    if(ResourceAttributes['deployment.environment'] = '', 'production', ResourceAttributes['deployment.environment']) AS environment,
    ResourceAttributes['host.name'] AS hostname,
    CAST(LogAttributes, 'Map(String, String)') AS attributes,
    ResourceAttributes['user.id'] AS user_id,
    ResourceAttributes['session.id'] AS session_id,
    ResourceAttributes['os.type'] AS os_type,
    ResourceAttributes['os.version'] AS os_version,
    ResourceAttributes['process.runtime.name'] AS runtime_name,
    ResourceAttributes['process.runtime.version'] AS runtime_version,
    ResourceAttributes['cloud.provider'] AS cloud_provider,
    ResourceAttributes['cloud.region'] AS cloud_region,
    ResourceAttributes['cloud.availability_zone'] AS cloud_availability_zone,
    ResourceAttributes['telemetry.sdk.name'] AS instrumentation_library_name,
    ResourceAttributes['telemetry.sdk.version'] AS instrumentation_library_version,
    toString(ResourceSchemaUrl) AS schema_url,
    LogAttributes['exception.type'] AS exception_type,
    LogAttributes['exception.message'] AS exception_message,
    LogAttributes['exception.stacktrace'] AS exception_stacktrace,
    toUInt8(LogAttributes['exception.type'] != '') AS is_exception,
    toUInt32(TraceFlags) AS flags
FROM otel.otel_logs;

-- Metrics: one row per data point. An integral value goes to value_int, any other to value_double,
-- as the SDKs write them. A histogram point keeps its distribution in histogram_*, and its mean
-- (the observation itself for the one-sample points the Qt client sends) as the value.
CREATE MATERIALIZED VIEW IF NOT EXISTS otel.gauge_to_telemetry TO telemetry.metrics AS
SELECT
    toString(generateUUIDv4()) AS metric_id,
    MetricName AS metric_name,
    'GAUGE' AS metric_type,
    MetricUnit AS metric_unit,
    MetricDescription AS metric_description,
    toDateTime(TimeUnix) AS timestamp,
    toUInt64(toUnixTimestamp64Nano(TimeUnix)) AS timestamp_ns,
    toDateTime(if(StartTimeUnix = 0, TimeUnix, StartTimeUnix)) AS time_window_start,
    toDateTime(TimeUnix) AS time_window_end,
    if(isFinite(Value) AND Value = round(Value) AND abs(Value) < 9e18, toInt64(Value), 0) AS value_int,
    if(isFinite(Value) AND Value = round(Value) AND abs(Value) < 9e18, 0., Value) AS value_double,
    0 AS is_monotonic,
    'UNSPECIFIED' AS aggregation_temporality,
    if(ResourceAttributes['project.name'] = '', toString(ServiceName), ResourceAttributes['project.name']) AS project_name,
    if(ResourceAttributes['project.version'] = '', ResourceAttributes['service.version'], ResourceAttributes['project.version']) AS project_version,
    if(ServiceName = '', 'unknown', toString(ServiceName)) AS service_name,
    ResourceAttributes['service.namespace'] AS service_namespace,
    ResourceAttributes['service.instance.id'] AS service_instance_id,
    if(ResourceAttributes['deployment.environment'] = '', 'production', ResourceAttributes['deployment.environment']) AS environment,
    ResourceAttributes['host.name'] AS hostname,
    CAST(Attributes, 'Map(String, String)') AS attributes,
    ResourceAttributes['user.id'] AS user_id,
    ResourceAttributes['session.id'] AS session_id,
    ResourceAttributes['os.type'] AS os_type,
    ResourceAttributes['os.version'] AS os_version,
    ResourceAttributes['process.runtime.name'] AS runtime_name,
    ResourceAttributes['process.runtime.version'] AS runtime_version,
    ResourceAttributes['telemetry.sdk.name'] AS instrumentation_library_name,
    ResourceAttributes['telemetry.sdk.version'] AS instrumentation_library_version,
    ResourceSchemaUrl AS schema_url
FROM otel.otel_metrics_gauge;

CREATE MATERIALIZED VIEW IF NOT EXISTS otel.sum_to_telemetry TO telemetry.metrics AS
SELECT
    toString(generateUUIDv4()) AS metric_id,
    MetricName AS metric_name,
    'SUM' AS metric_type,
    MetricUnit AS metric_unit,
    MetricDescription AS metric_description,
    toDateTime(TimeUnix) AS timestamp,
    toUInt64(toUnixTimestamp64Nano(TimeUnix)) AS timestamp_ns,
    toDateTime(if(StartTimeUnix = 0, TimeUnix, StartTimeUnix)) AS time_window_start,
    toDateTime(TimeUnix) AS time_window_end,
    if(isFinite(Value) AND Value = round(Value) AND abs(Value) < 9e18, toInt64(Value), 0) AS value_int,
    if(isFinite(Value) AND Value = round(Value) AND abs(Value) < 9e18, 0., Value) AS value_double,
    toUInt8(IsMonotonic) AS is_monotonic,
    multiIf(AggregationTemporality = 1, 'DELTA', AggregationTemporality = 2, 'CUMULATIVE', 'UNSPECIFIED') AS aggregation_temporality,
    if(ResourceAttributes['project.name'] = '', toString(ServiceName), ResourceAttributes['project.name']) AS project_name,
    if(ResourceAttributes['project.version'] = '', ResourceAttributes['service.version'], ResourceAttributes['project.version']) AS project_version,
    if(ServiceName = '', 'unknown', toString(ServiceName)) AS service_name,
    ResourceAttributes['service.namespace'] AS service_namespace,
    ResourceAttributes['service.instance.id'] AS service_instance_id,
    if(ResourceAttributes['deployment.environment'] = '', 'production', ResourceAttributes['deployment.environment']) AS environment,
    ResourceAttributes['host.name'] AS hostname,
    CAST(Attributes, 'Map(String, String)') AS attributes,
    ResourceAttributes['user.id'] AS user_id,
    ResourceAttributes['session.id'] AS session_id,
    ResourceAttributes['os.type'] AS os_type,
    ResourceAttributes['os.version'] AS os_version,
    ResourceAttributes['process.runtime.name'] AS runtime_name,
    ResourceAttributes['process.runtime.version'] AS runtime_version,
    ResourceAttributes['telemetry.sdk.name'] AS instrumentation_library_name,
    ResourceAttributes['telemetry.sdk.version'] AS instrumentation_library_version,
    ResourceSchemaUrl AS schema_url
FROM otel.otel_metrics_sum;

CREATE MATERIALIZED VIEW IF NOT EXISTS otel.histogram_to_telemetry TO telemetry.metrics AS
WITH if(Count = 0, 0., Sum / Count) AS mean
SELECT
    toString(generateUUIDv4()) AS metric_id,
    MetricName AS metric_name,
    'HISTOGRAM' AS metric_type,
    MetricUnit AS metric_unit,
    MetricDescription AS metric_description,
    toDateTime(TimeUnix) AS timestamp,
    toUInt64(toUnixTimestamp64Nano(TimeUnix)) AS timestamp_ns,
    toDateTime(if(StartTimeUnix = 0, TimeUnix, StartTimeUnix)) AS time_window_start,
    toDateTime(TimeUnix) AS time_window_end,
    if(isFinite(mean) AND mean = round(mean) AND abs(mean) < 9e18, toInt64(mean), 0) AS value_int,
    if(isFinite(mean) AND mean = round(mean) AND abs(mean) < 9e18, 0., mean) AS value_double,
    0 AS is_monotonic,
    multiIf(AggregationTemporality = 1, 'DELTA', AggregationTemporality = 2, 'CUMULATIVE', 'UNSPECIFIED') AS aggregation_temporality,
    Count AS histogram_count,
    Sum AS histogram_sum,
    Min AS histogram_min,
    Max AS histogram_max,
    BucketCounts AS histogram_bucket_counts,
    ExplicitBounds AS histogram_explicit_bounds,
    if(ResourceAttributes['project.name'] = '', toString(ServiceName), ResourceAttributes['project.name']) AS project_name,
    if(ResourceAttributes['project.version'] = '', ResourceAttributes['service.version'], ResourceAttributes['project.version']) AS project_version,
    if(ServiceName = '', 'unknown', toString(ServiceName)) AS service_name,
    ResourceAttributes['service.namespace'] AS service_namespace,
    ResourceAttributes['service.instance.id'] AS service_instance_id,
    if(ResourceAttributes['deployment.environment'] = '', 'production', ResourceAttributes['deployment.environment']) AS environment,
    ResourceAttributes['host.name'] AS hostname,
    CAST(Attributes, 'Map(String, String)') AS attributes,
    ResourceAttributes['user.id'] AS user_id,
    ResourceAttributes['session.id'] AS session_id,
    ResourceAttributes['os.type'] AS os_type,
    ResourceAttributes['os.version'] AS os_version,
    ResourceAttributes['process.runtime.name'] AS runtime_name,
    ResourceAttributes['process.runtime.version'] AS runtime_version,
    ResourceAttributes['telemetry.sdk.name'] AS instrumentation_library_name,
    ResourceAttributes['telemetry.sdk.version'] AS instrumentation_library_version,
    ResourceSchemaUrl AS schema_url
FROM otel.otel_metrics_histogram;
