// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/telemetrytypes.h>

#include <QtCore/QString>
#include <QtCore/QVariantMap>

namespace Automagik::Internal {

/*
    One tracked call, as cheap to build on the caller's thread as possible:
    strings and the map are implicitly shared, so this is a few reference
    count increments. All formatting happens later, on the worker.
*/
struct Record
{
    enum class Kind : quint8 { Event, Error, Metric, Log };

    Kind kind = Kind::Event;
    MetricType metricType = MetricType::Gauge;
    LogSeverity severity = LogSeverity::Info;
    quint32 approxBytes = 0; // estimated memory held, for the queue's byte bound
    double value = 0;
    qint64 timeUnixNano = 0;
    QString name; // event name, metric name, log message or error type
    QString message; // error message
    QVariantMap attributes;

    TelemetrySignal signal() const
    {
        switch (kind) {
        case Kind::Metric:
            return TelemetrySignal::Metrics;
        case Kind::Log:
            return TelemetrySignal::Logs;
        case Kind::Event:
        case Kind::Error:
            break;
        }
        return TelemetrySignal::Traces;
    }
};

constexpr int SignalCount = 3;
inline int signalIndex(TelemetrySignal s) { return int(s); }

} // namespace Automagik::Internal
