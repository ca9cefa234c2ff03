// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Reading OTLP/HTTP JSON request bodies back in tests.
#pragma once

#include <automagik/telemetrytypes.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QSet>
#include <QtCore/QString>

#include <functional>

namespace TestSupport {

//! The JSON field names of one signal's export request, outside in.
struct OtlpLayout
{
    const char *resources; //!< resourceSpans, resourceMetrics, resourceLogs
    const char *scopes; //!< scopeSpans, scopeMetrics, scopeLogs
    const char *items; //!< spans, metrics, logRecords
};
OtlpLayout otlpLayout(Automagik::TelemetrySignal signal);

//! The items array of a request holding one resource with one scope (what the encoder writes).
QJsonArray otlpItems(const QJsonObject &root, Automagik::TelemetrySignal signal);

//! Calls \a visit with every span of a traces request, over all resources and scopes.
void forEachSpan(const QJsonObject &root, const std::function<void(const QJsonObject &span)> &visit);

//! The first attribute value named \a key in an OTLP attributes array, as its AnyValue object; empty if none.
QJsonObject attribute(const QJsonArray &attributes, const QString &key);
bool hasAttribute(const QJsonArray &attributes, const QString &key);
QSet<QString> attributeKeys(const QJsonArray &attributes);

//! The integer of an {"intValue": ...} AnyValue: OTLP JSON carries 64-bit integers as strings.
qint64 intValue(const QJsonObject &anyValue);

//! An attribute value of a type with no OTLP (or ClickHouse) form: the encoders must name it, never fail.
struct Opaque
{
    int x = 0;
};

} // namespace TestSupport

Q_DECLARE_METATYPE(TestSupport::Opaque)
