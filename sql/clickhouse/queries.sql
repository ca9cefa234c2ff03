-- SPDX-License-Identifier: MIT
-- SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
--
-- Dashboard queries for the schema in 001-003, correct for rows from every Automagik SDK
-- (Python, TypeScript, Qt). Each statement stands alone (paste one into Grafana's ClickHouse
-- data source or clickhouse-client). The ClickHouse integration test runs all of them.
--
-- Notes that make them SDK-neutral:
--   * a metric's value is toFloat64(value_int) + value_double (integral values are in value_int);
--   * errors are status_code != 'OK' (the Qt client writes 'ERROR'; older Python/TypeScript
--     rows have 'OK' for errors too, so span_name = 'automagik.error' is counted as well);
--   * instrumentation_library_name/version tell which SDK wrote a row, runtime_name which
--     language runtime ('Qt' for this library).

-- Events per hour and name, last 24 hours.
SELECT toStartOfHour(timestamp) AS hour, span_name, count() AS events
FROM telemetry.traces
WHERE timestamp >= now() - INTERVAL 24 HOUR
GROUP BY hour, span_name
ORDER BY hour, events DESC;

-- Error rate per project and version, last 7 days.
SELECT project_name, project_version,
       countIf(status_code != 'OK' OR span_name = 'automagik.error') AS errors,
       count() AS events,
       round(errors / events, 4) AS error_rate
FROM telemetry.traces
WHERE timestamp >= now() - INTERVAL 7 DAY
GROUP BY project_name, project_version
ORDER BY errors DESC;

-- Most frequent error types and messages, last 24 hours.
SELECT project_name, attributes['error_type'] AS error_type, any(status_message) AS example_message, count() AS n
FROM telemetry.traces
WHERE span_name = 'automagik.error' AND timestamp >= now() - INTERVAL 24 HOUR
GROUP BY project_name, error_type
ORDER BY n DESC
LIMIT 20;

-- Feature usage (StandardEvents::FeatureUsed), last 30 days.
SELECT project_name, attributes['feature_name'] AS feature, count() AS uses, uniqExact(user_id) AS users
FROM telemetry.traces
WHERE span_name = 'automagik.feature.used' AND timestamp >= now() - INTERVAL 30 DAY
GROUP BY project_name, feature
ORDER BY uses DESC
LIMIT 50;

-- Daily active (anonymous) users and sessions per project.
SELECT toDate(timestamp) AS day, project_name, uniqExact(user_id) AS users, uniqExact(session_id) AS sessions
FROM telemetry.traces
WHERE timestamp >= now() - INTERVAL 30 DAY AND user_id != ''
GROUP BY day, project_name
ORDER BY day, project_name;

-- Platforms and SDKs in use, last 30 days.
SELECT os_type, runtime_name, runtime_version, instrumentation_library_name, instrumentation_library_version,
       uniqExact(session_id) AS sessions
FROM telemetry.traces
WHERE timestamp >= now() - INTERVAL 30 DAY
GROUP BY os_type, runtime_name, runtime_version, instrumentation_library_name, instrumentation_library_version
ORDER BY sessions DESC;

-- Gauges and histograms: percentiles per minute, last hour.
SELECT toStartOfMinute(timestamp) AS minute, metric_name, metric_unit,
       quantile(0.5)(toFloat64(value_int) + value_double) AS p50,
       quantile(0.95)(toFloat64(value_int) + value_double) AS p95,
       quantile(0.99)(toFloat64(value_int) + value_double) AS p99,
       count() AS observations
FROM telemetry.metrics
WHERE metric_type IN ('GAUGE', 'HISTOGRAM') AND timestamp >= now() - INTERVAL 1 HOUR
GROUP BY minute, metric_name, metric_unit
ORDER BY minute, metric_name;

-- Counters: totals per minute (each SUM row is an increment), last hour.
SELECT toStartOfMinute(timestamp) AS minute, metric_name, sum(toFloat64(value_int) + value_double) AS total
FROM telemetry.metrics
WHERE metric_type = 'SUM' AND timestamp >= now() - INTERVAL 1 HOUR
GROUP BY minute, metric_name
ORDER BY minute, metric_name;

-- Log volume by severity, last 24 hours.
SELECT toStartOfHour(timestamp) AS hour, project_name, severity_text, count() AS records
FROM telemetry.logs
WHERE timestamp >= now() - INTERVAL 24 HOUR
GROUP BY hour, project_name, severity_text
ORDER BY hour, severity_text;

-- Latest warnings and errors with their context.
SELECT timestamp, project_name, severity_text, body, attributes, exception_type
FROM telemetry.logs
WHERE severity_number >= 13
ORDER BY timestamp_ns DESC
LIMIT 100;
