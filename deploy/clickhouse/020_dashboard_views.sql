-- SPDX-License-Identifier: MIT
-- SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
--
-- One view the dashboards read for everything that is about installs, users and sessions: every
-- row of the three tables with its signal, who sent it and when. A user who only sends metrics or
-- logs is still active; a session lasts from its first to its last row of any kind.
--
-- What counts as an error and as a crash is decided here, once, for every panel:
--   is_error  an error event: trackError() (span automagik.error, status ERROR); Python and
--             TypeScript rows have status OK for errors, hence the span name as well;
--   is_crash  a FATAL log, or an event named automagik.crash (the name reserved for an automatic
--             crash signal). A session with is_crash rows is not crash-free.
-- approx_bytes is the size of a row's attributes and text, before compression: what an install
-- makes the network and the database carry, to compare installs, not to bill them.
-- ClickHouse pushes the panels' WHERE conditions down into each branch of the UNION ALL.

CREATE VIEW IF NOT EXISTS telemetry.activity AS
SELECT
    'trace' AS signal,
    timestamp, timestamp_ns, project_name, project_version, user_id, session_id,
    os_type, os_version, runtime_name, runtime_version,
    span_name AS name,
    toUInt8(status_code = 'ERROR' OR span_name = 'automagik.error') AS is_error,
    toUInt8(span_name = 'automagik.crash') AS is_crash,
    toUInt64(byteSize(attributes) + length(span_name) + length(status_message)) AS approx_bytes
FROM telemetry.traces
UNION ALL
SELECT
    'metric' AS signal,
    timestamp, timestamp_ns, project_name, project_version, user_id, session_id,
    os_type, os_version, runtime_name, runtime_version,
    metric_name AS name,
    toUInt8(0) AS is_error,
    toUInt8(0) AS is_crash,
    toUInt64(byteSize(attributes) + length(metric_name) + length(metric_unit) + 16) AS approx_bytes
FROM telemetry.metrics
UNION ALL
SELECT
    'log' AS signal,
    timestamp, timestamp_ns, project_name, project_version, user_id, session_id,
    os_type, os_version, runtime_name, runtime_version,
    severity_text AS name,
    toUInt8(0) AS is_error,
    toUInt8(severity_number >= 21) AS is_crash,
    toUInt64(byteSize(attributes) + length(body) + length(severity_text)) AS approx_bytes
FROM telemetry.logs;
