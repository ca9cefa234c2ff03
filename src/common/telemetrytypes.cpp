// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/telemetrytypes.h>

namespace Automagik {

MetricType metricTypeFromString(QStringView name, bool *ok)
{
    const QStringView n = name.trimmed();
    auto is = [n](const char *literal) { return n.compare(QLatin1String(literal), Qt::CaseInsensitive) == 0; };
    bool known = true;
    MetricType type = MetricType::Gauge;
    if (is("counter") || is("sum"))
        type = MetricType::Counter;
    else if (is("histogram"))
        type = MetricType::Histogram;
    else if (!is("gauge"))
        known = false;
    if (ok)
        *ok = known;
    return type;
}

LogSeverity logSeverityFromString(QStringView name, bool *ok)
{
    const QStringView n = name.trimmed();
    auto is = [n](const char *literal) { return n.compare(QLatin1String(literal), Qt::CaseInsensitive) == 0; };
    bool known = true;
    LogSeverity severity = LogSeverity::Info;
    if (is("trace"))
        severity = LogSeverity::Trace;
    else if (is("debug"))
        severity = LogSeverity::Debug;
    else if (is("warn") || is("warning"))
        severity = LogSeverity::Warn; // TypeScript's mapping; Python's maps WARNING to INFO (a defect)
    else if (is("error"))
        severity = LogSeverity::Error;
    else if (is("fatal") || is("critical"))
        severity = LogSeverity::Fatal;
    else if (!is("info"))
        known = false;
    if (ok)
        *ok = known;
    return severity;
}

QString metricTypeToString(MetricType type)
{
    switch (type) {
    case MetricType::Counter:
        return QStringLiteral("counter");
    case MetricType::Histogram:
        return QStringLiteral("histogram");
    case MetricType::Gauge:
        break;
    }
    return QStringLiteral("gauge");
}

QString logSeverityToString(LogSeverity severity)
{
    switch (severity) {
    case LogSeverity::Trace:
        return QStringLiteral("TRACE");
    case LogSeverity::Debug:
        return QStringLiteral("DEBUG");
    case LogSeverity::Info:
        break;
    case LogSeverity::Warn:
        return QStringLiteral("WARN");
    case LogSeverity::Error:
        return QStringLiteral("ERROR");
    case LogSeverity::Fatal:
        return QStringLiteral("FATAL");
    }
    return QStringLiteral("INFO");
}

QString signalToString(TelemetrySignal signal)
{
    switch (signal) {
    case TelemetrySignal::Metrics:
        return QStringLiteral("metrics");
    case TelemetrySignal::Logs:
        return QStringLiteral("logs");
    case TelemetrySignal::Traces:
        break;
    }
    return QStringLiteral("traces");
}

} // namespace Automagik
