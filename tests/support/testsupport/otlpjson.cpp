// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "otlpjson.h"

#include <QtCore/QJsonValue>

namespace TestSupport {

OtlpLayout otlpLayout(Automagik::TelemetrySignal signal)
{
    switch (signal) {
    case Automagik::TelemetrySignal::Metrics:
        return {"resourceMetrics", "scopeMetrics", "metrics"};
    case Automagik::TelemetrySignal::Logs:
        return {"resourceLogs", "scopeLogs", "logRecords"};
    case Automagik::TelemetrySignal::Traces:
        break;
    }
    return {"resourceSpans", "scopeSpans", "spans"};
}

QJsonArray otlpItems(const QJsonObject &root, Automagik::TelemetrySignal signal)
{
    const OtlpLayout layout = otlpLayout(signal);
    const QJsonObject resource = root.value(QLatin1String(layout.resources)).toArray().at(0).toObject();
    const QJsonObject scope = resource.value(QLatin1String(layout.scopes)).toArray().at(0).toObject();
    return scope.value(QLatin1String(layout.items)).toArray();
}

void forEachSpan(const QJsonObject &root, const std::function<void(const QJsonObject &)> &visit)
{
    const QJsonArray resourceSpans = root.value(QLatin1String("resourceSpans")).toArray();
    for (const QJsonValue &rs : resourceSpans) {
        const QJsonArray scopeSpans = rs.toObject().value(QLatin1String("scopeSpans")).toArray();
        for (const QJsonValue &ss : scopeSpans) {
            const QJsonArray spans = ss.toObject().value(QLatin1String("spans")).toArray();
            for (const QJsonValue &span : spans)
                visit(span.toObject());
        }
    }
}

QJsonObject attribute(const QJsonArray &attributes, const QString &key)
{
    for (const QJsonValue &kv : attributes) {
        if (kv.toObject().value(QLatin1String("key")).toString() == key)
            return kv.toObject().value(QLatin1String("value")).toObject();
    }
    return {};
}

bool hasAttribute(const QJsonArray &attributes, const QString &key)
{
    for (const QJsonValue &kv : attributes) {
        if (kv.toObject().value(QLatin1String("key")).toString() == key)
            return true;
    }
    return false;
}

QSet<QString> attributeKeys(const QJsonArray &attributes)
{
    QSet<QString> keys;
    for (const QJsonValue &kv : attributes)
        keys.insert(kv.toObject().value(QLatin1String("key")).toString());
    return keys;
}

qint64 intValue(const QJsonObject &anyValue)
{
    const QJsonValue v = anyValue.value(QLatin1String("intValue"));
    return v.isString() ? v.toString().toLongLong() : qint64(v.toDouble());
}

} // namespace TestSupport
