// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The records tests hand to the encoders, the queue and the splitter, built one way: each kind with
// the fields the client sets for it (src/client/telemetry.cpp), stamped with a fixed time.
// Automagik::TestSupportInternals: it needs the library's internal headers.
#pragma once

#include "common/record.h"

#include <QtCore/QString>
#include <QtCore/QVariantMap>

namespace TestSupport {

using Automagik::Internal::Record;

//! A fixed record time above 2^53 nanoseconds: exact only as a 64-bit integer, never as a double.
constexpr qint64 kRecordTime = 1795212256536123457;

//! A record of \a kind named \a name (event name, error type, metric name or log message).
inline Record makeRecord(Record::Kind kind, const QString &name, const QVariantMap &attributes = {},
                         qint64 timeUnixNano = kRecordTime)
{
    Record r;
    r.kind = kind;
    r.name = name;
    r.attributes = attributes;
    r.timeUnixNano = timeUnixNano;
    return r;
}

inline Record makeEvent(const QString &name, const QVariantMap &attributes = {}, qint64 timeUnixNano = kRecordTime)
{
    return makeRecord(Record::Kind::Event, name, attributes, timeUnixNano);
}

//! An error of type \a type; \a context becomes its attributes.
inline Record makeError(const QString &type, const QString &message, const QVariantMap &context = {})
{
    Record r = makeRecord(Record::Kind::Error, type, context);
    r.message = message;
    return r;
}

inline Record makeMetric(const QString &name, double value, Automagik::MetricType type,
                         const QVariantMap &attributes = {})
{
    Record r = makeRecord(Record::Kind::Metric, name, attributes);
    r.metricType = type;
    r.value = value;
    return r;
}

inline Record makeLog(const QString &message, Automagik::LogSeverity severity, const QVariantMap &attributes = {})
{
    Record r = makeRecord(Record::Kind::Log, message, attributes);
    r.severity = severity;
    return r;
}

} // namespace TestSupport
