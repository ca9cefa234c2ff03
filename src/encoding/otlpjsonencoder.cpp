// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/otlpjsonencoder.h"

#include "encoding/jsonwriter.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QRandomGenerator>
#include <QtCore/QUrl>
#include <QtCore/QUuid>

#include <algorithm>
#include <limits>

namespace Automagik::Internal {

OtlpJsonEncoder::OtlpJsonEncoder(const EncoderResource &resource, const EncoderLimits &limits)
    : m_limits(limits)
{
    // Ids need to be unique, not secret: a fast PRNG seeded from the system source is enough.
    std::seed_seq seed{QRandomGenerator::system()->generate(), QRandomGenerator::system()->generate(),
                       QRandomGenerator::system()->generate(), QRandomGenerator::system()->generate()};
    m_random.seed(seed);

    JsonWriter w(m_resourceJson);
    w.raw("{\"resource\":{\"attributes\":[");
    bool first = true;
    for (const auto &[key, value] : resource.attributes) {
        if (key.isEmpty())
            continue;
        if (!first)
            w.raw(',');
        first = false;
        w.raw("{\"key\":");
        w.string(key);
        w.raw(",\"value\":{\"stringValue\":");
        w.string(value);
        w.raw("}}");
    }
    w.raw("]},");

    JsonWriter s(m_scopeJson);
    s.raw("{\"scope\":{\"name\":");
    s.string(resource.scopeName);
    s.raw(",\"version\":");
    s.string(resource.scopeVersion);
    s.raw("},");
}

QStringView OtlpJsonEncoder::truncated(QStringView text, int maxLength)
{
    if (maxLength < 0 || text.size() <= maxLength)
        return text;
    QStringView cut = text.left(maxLength);
    if (!cut.isEmpty() && cut.back().isHighSurrogate())
        cut.chop(1);
    return cut;
}

void OtlpJsonEncoder::writeLimitedString(JsonWriter &w, QStringView text, int maxLength)
{
    const QStringView cut = truncated(text, maxLength);
    if (cut.size() != text.size())
        ++m_truncated;
    w.string(cut);
}

void OtlpJsonEncoder::writeHexId(JsonWriter &w, int bytes)
{
    static const char hex[] = "0123456789abcdef";
    char buf[34];
    int n = 0;
    buf[n++] = '"';
    bool allZero = true;
    for (int i = 0; i < bytes; i += 8) {
        quint64 v = m_random();
        allZero = allZero && v == 0;
        for (int b = 0; b < 8 && i + b < bytes; ++b) {
            const unsigned byte = unsigned(v >> (8 * b)) & 0xffu;
            buf[n++] = hex[byte >> 4];
            buf[n++] = hex[byte & 0xf];
        }
    }
    if (allZero)
        buf[n - 1] = '1'; // an all-zero id is invalid in OTLP
    buf[n++] = '"';
    w.raw(QByteArrayView(buf, n));
}

void OtlpJsonEncoder::writeAnyValue(JsonWriter &w, const QVariant &value, int depth)
{
    const int type = value.metaType().id();
    switch (type) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        w.raw("{}"); // an empty AnyValue: OTLP's representation of null
        return;
    case QMetaType::Bool:
        w.raw("{\"boolValue\":");
        w.boolean(value.toBool());
        w.raw('}');
        return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::LongLong:
        w.raw("{\"intValue\":");
        w.int64String(value.toLongLong());
        w.raw('}');
        return;
    case QMetaType::ULong:
    case QMetaType::ULongLong: {
        const quint64 u = value.toULongLong();
        if (u <= quint64(std::numeric_limits<qint64>::max())) {
            w.raw("{\"intValue\":");
            w.int64String(qint64(u));
        } else {
            w.raw("{\"doubleValue\":"); // beyond int64: keep the magnitude rather than wrap
            w.number(double(u));
        }
        w.raw('}');
        return;
    }
    case QMetaType::Double:
    case QMetaType::Float:
        w.raw("{\"doubleValue\":");
        w.number(value.toDouble());
        w.raw('}');
        return;
    case QMetaType::QString:
        w.raw("{\"stringValue\":");
        writeLimitedString(w, *static_cast<const QString *>(value.constData()), m_limits.maxStringLength);
        w.raw('}');
        return;
    case QMetaType::QByteArray:
        w.raw("{\"stringValue\":");
        writeLimitedString(w, QString::fromUtf8(value.toByteArray()), m_limits.maxStringLength);
        w.raw('}');
        return;
    case QMetaType::QUrl:
        w.raw("{\"stringValue\":");
        writeLimitedString(w, value.toUrl().adjusted(QUrl::RemoveUserInfo).toString(), m_limits.maxStringLength);
        w.raw('}');
        return;
    case QMetaType::QUuid:
        w.raw("{\"stringValue\":");
        w.string(value.toUuid().toString(QUuid::WithoutBraces));
        w.raw('}');
        return;
    case QMetaType::QDateTime:
        w.raw("{\"stringValue\":");
        w.string(value.toDateTime().toUTC().toString(Qt::ISODateWithMs));
        w.raw('}');
        return;
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
        writeAnyValue(w, value.toJsonValue().toVariant(), depth);
        return;
    default:
        break;
    }

    const bool isList = type == QMetaType::QVariantList || type == QMetaType::QStringList
        || type == QMetaType::QByteArrayList;
    const bool isMap = type == QMetaType::QVariantMap || type == QMetaType::QVariantHash;
    if (isList || isMap) {
        if (depth >= m_limits.maxDepth) {
            ++m_truncated;
            w.raw("{\"stringValue\":\"[nested too deep]\"}");
            return;
        }
        if (isList) {
            const QVariantList list = value.toList();
            w.raw("{\"arrayValue\":{\"values\":[");
            const int n = int(qMin<qsizetype>(list.size(), m_limits.maxCollectionSize));
            if (n < list.size())
                ++m_truncated;
            for (int i = 0; i < n; ++i) {
                if (i)
                    w.raw(',');
                writeAnyValue(w, list.at(i), depth + 1);
            }
            w.raw("]}}");
        } else {
            w.raw("{\"kvlistValue\":{\"values\":[");
            const QVariantMap map = value.toMap(); // a QVariantHash becomes a map: stable key order
            int written = 0;
            for (auto it = map.cbegin(); it != map.cend() && written < m_limits.maxCollectionSize; ++it) {
                if (!isUsableKey(it.key()))
                    continue; // OTLP keys must be non-empty and unique: never cut them
                if (written++)
                    w.raw(',');
                w.raw("{\"key\":");
                w.string(it.key());
                w.raw(",\"value\":");
                writeAnyValue(w, it.value(), depth + 1);
                w.raw('}');
            }
            if (written < map.size())
                ++m_truncated;
            w.raw("]}}");
        }
        return;
    }

    // Types with no OTLP form (pointers, custom types): their text if Qt has one, else a marker.
    QVariant copy = value;
    if (copy.canConvert<QString>() && copy.convert(QMetaType::fromType<QString>())) {
        w.raw("{\"stringValue\":");
        writeLimitedString(w, copy.toString(), m_limits.maxStringLength);
        w.raw('}');
        return;
    }
    ++m_truncated;
    w.raw("{\"stringValue\":");
    w.string(QString(QStringLiteral("[unsupported type ") + QString::fromLatin1(value.typeName()) + QLatin1Char(']')));
    w.raw('}');
}

int OtlpJsonEncoder::writeAttributes(JsonWriter &w, const QVariantMap &attributes, const QList<Attribute> &first)
{
    int written = 0;
    int skipped = 0;
    auto write = [&](const QString &key, const QVariant &value) {
        if (!isUsableKey(key) || written >= m_limits.maxAttributeCount) {
            ++skipped;
            return;
        }
        if (written++)
            w.raw(',');
        w.raw("{\"key\":");
        w.string(key);
        w.raw(",\"value\":");
        writeAnyValue(w, value, 0);
        w.raw('}');
    };
    for (const Attribute &attribute : first)
        write(attribute.first, attribute.second);
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        const QString &key = it.key();
        const bool alreadyWritten = std::any_of(first.cbegin(), first.cend(),
                                                [&key](const Attribute &a) { return a.first == key; });
        if (!alreadyWritten)
            write(key, it.value());
    }
    return skipped;
}

void OtlpJsonEncoder::writeSpan(JsonWriter &w, const Record &r)
{
    w.raw("{\"traceId\":");
    writeHexId(w, 16);
    w.raw(",\"spanId\":");
    writeHexId(w, 8);
    w.raw(",\"name\":");
    const bool isError = r.kind == Record::Kind::Error;
    if (isError)
        w.raw("\"automagik.error\"");
    else
        writeLimitedString(w, r.name, m_limits.maxStringLength);
    w.raw(",\"kind\":1,\"startTimeUnixNano\":");
    w.int64String(r.timeUnixNano);
    w.raw(",\"endTimeUnixNano\":");
    w.int64String(r.timeUnixNano);
    w.raw(",\"attributes\":[");
    int dropped = 0;
    if (isError) {
        // The SDKs' error_type/error_message (which the context may override, as there) and OTel's
        // exception.*, written first so that a large context cannot push them past the attribute limit.
        const QString type = r.name.isEmpty() ? QStringLiteral("Error") : r.name;
        const QString message = truncated(r.message, m_limits.maxErrorMessageLength).toString();
        const QString typeKey = QStringLiteral("error_type");
        const QString messageKey = QStringLiteral("error_message");
        const QList<Attribute> first{{typeKey, r.attributes.value(typeKey, type)},
                                     {messageKey, r.attributes.value(messageKey, message)},
                                     {QStringLiteral("exception.type"), type},
                                     {QStringLiteral("exception.message"), message}};
        dropped = writeAttributes(w, r.attributes, first);
    } else {
        dropped = writeAttributes(w, r.attributes);
    }
    w.raw(']');
    if (dropped) {
        w.raw(",\"droppedAttributesCount\":");
        w.integer(dropped);
    }
    if (isError) {
        w.raw(",\"status\":{\"message\":");
        writeLimitedString(w, r.message, m_limits.maxErrorMessageLength);
        w.raw(",\"code\":2}");
    }
    w.raw('}');
}

void OtlpJsonEncoder::writeMetric(JsonWriter &w, const Record &r)
{
    w.raw("{\"name\":");
    writeLimitedString(w, r.name, m_limits.maxStringLength);
    const QVariant unit = r.attributes.value(QStringLiteral("unit"));
    if (unit.metaType().id() == QMetaType::QString) {
        w.raw(",\"unit\":");
        writeLimitedString(w, unit.toString(), 63); // OTel instrument units are at most 63 characters
    }
    auto writePointHead = [&](bool withStart) {
        w.raw("{\"attributes\":[");
        writeAttributes(w, r.attributes);
        w.raw(']');
        if (withStart) {
            w.raw(",\"startTimeUnixNano\":");
            w.int64String(r.timeUnixNano);
        }
        w.raw(",\"timeUnixNano\":");
        w.int64String(r.timeUnixNano);
    };
    switch (r.metricType) {
    case MetricType::Gauge:
        w.raw(",\"gauge\":{\"dataPoints\":[");
        writePointHead(false);
        w.raw(",\"asDouble\":");
        w.number(r.value);
        w.raw("}]}}");
        return;
    case MetricType::Counter:
        // Each call is an increment, so DELTA temporality (the SDKs' CUMULATIVE misreports totals).
        w.raw(",\"sum\":{\"dataPoints\":[");
        writePointHead(true);
        w.raw(",\"asDouble\":");
        w.number(r.value);
        w.raw("}],\"aggregationTemporality\":1,\"isMonotonic\":true}}");
        return;
    case MetricType::Histogram:
        w.raw(",\"histogram\":{\"dataPoints\":[");
        writePointHead(true);
        w.raw(",\"count\":\"1\",\"sum\":");
        w.number(r.value);
        w.raw(",\"bucketCounts\":[\"1\"],\"explicitBounds\":[],\"min\":");
        w.number(r.value);
        w.raw(",\"max\":");
        w.number(r.value);
        w.raw("}],\"aggregationTemporality\":1}}");
        return;
    }
}

void OtlpJsonEncoder::writeLog(JsonWriter &w, const Record &r)
{
    w.raw("{\"timeUnixNano\":");
    w.int64String(r.timeUnixNano);
    w.raw(",\"observedTimeUnixNano\":");
    w.int64String(r.timeUnixNano);
    w.raw(",\"severityNumber\":");
    w.integer(int(r.severity));
    w.raw(",\"severityText\":");
    w.string(logSeverityToString(r.severity));
    w.raw(",\"body\":{\"stringValue\":");
    writeLimitedString(w, r.name, m_limits.maxLogBodyLength);
    w.raw("},\"attributes\":[");
    const int dropped = writeAttributes(w, r.attributes);
    w.raw(']');
    if (dropped) {
        w.raw(",\"droppedAttributesCount\":");
        w.integer(dropped);
    }
    w.raw('}');
}

QByteArray OtlpJsonEncoder::encode(TelemetrySignal signal, const Record *records, std::size_t count)
{
    QByteArray out;
    out.reserve(qsizetype(m_resourceJson.size() + 96 + count * 320));
    JsonWriter w(out);
    const char *head = nullptr;
    const char *scopes = nullptr;
    const char *items = nullptr;
    switch (signal) {
    case TelemetrySignal::Traces:
        head = "{\"resourceSpans\":[";
        scopes = "\"scopeSpans\":[";
        items = "\"spans\":[";
        break;
    case TelemetrySignal::Metrics:
        head = "{\"resourceMetrics\":[";
        scopes = "\"scopeMetrics\":[";
        items = "\"metrics\":[";
        break;
    case TelemetrySignal::Logs:
        head = "{\"resourceLogs\":[";
        scopes = "\"scopeLogs\":[";
        items = "\"logRecords\":[";
        break;
    }
    w.raw(head);
    w.raw(m_resourceJson);
    w.raw(scopes);
    w.raw(m_scopeJson);
    w.raw(items);
    for (std::size_t i = 0; i < count; ++i) {
        if (i)
            w.raw(',');
        switch (signal) {
        case TelemetrySignal::Traces:
            writeSpan(w, records[i]);
            break;
        case TelemetrySignal::Metrics:
            writeMetric(w, records[i]);
            break;
        case TelemetrySignal::Logs:
            writeLog(w, records[i]);
            break;
        }
    }
    w.raw("]}]}]}");
    return out;
}

} // namespace Automagik::Internal
