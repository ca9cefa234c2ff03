// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/otlpjsonencoder.h"

#include "encoding/jsonwriter.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>

#include <iterator>
#include <limits>
#include <utility>

namespace Automagik::Internal {

OtlpJsonEncoder::OtlpJsonEncoder(const EncoderResource &resource, const EncoderLimits &limits)
    : RecordEncoder(limits)
{
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

// {"key":...,"value":...}, inline: it runs for every attribute.
inline void OtlpJsonEncoder::writeKeyValue(JsonWriter &w, const QString &key, const QVariant &value, int depth)
{
    w.raw("{\"key\":");
    w.string(key);
    w.raw(",\"value\":");
    writeAnyValue(w, value, depth);
    w.raw('}');
}

void OtlpJsonEncoder::writeAnyValue(JsonWriter &w, const QVariant &value, int depth)
{
    const ValueKind kind = valueKind(value);
    switch (kind) {
    case ValueKind::Null:
        w.raw("{}"); // an empty AnyValue: OTLP's representation of null
        return;
    case ValueKind::Json:
        writeAnyValue(w, value.toJsonValue().toVariant(), depth);
        return;
    case ValueKind::List:
    case ValueKind::Map:
        writeCollection(w, value, kind, depth);
        return;
    case ValueKind::Bool:
        w.raw(value.toBool() ? QByteArrayView("{\"boolValue\":true}") : QByteArrayView("{\"boolValue\":false}"));
        return;
    case ValueKind::Integer:
    case ValueKind::Unsigned64:
        if (kind == ValueKind::Integer || value.toULongLong() <= quint64(std::numeric_limits<qint64>::max())) {
            w.raw("{\"intValue\":");
            w.int64String(value.toLongLong());
        } else {
            w.raw("{\"doubleValue\":"); // beyond int64: keep the magnitude rather than wrap
            w.number(value.toDouble());
        }
        break;
    case ValueKind::Double:
        w.raw("{\"doubleValue\":");
        w.number(value.toDouble());
        break;
    case ValueKind::String:
        w.raw("{\"stringValue\":");
        writeLimitedString(w, *static_cast<const QString *>(value.constData()), m_limits.maxStringLength);
        break;
    case ValueKind::Text:
        w.raw("{\"stringValue\":");
        writeLimitedString(w, valueText(value), m_limits.maxStringLength);
        break;
    case ValueKind::FixedText:
        w.raw("{\"stringValue\":");
        w.string(valueText(value)); // short, never cut
        break;
    case ValueKind::Other:
        // Types with no OTLP form (pointers, custom types): their text if Qt has one, else a marker.
        w.raw("{\"stringValue\":");
        if (const std::optional<QString> text = convertedText(value))
            writeLimitedString(w, *text, m_limits.maxStringLength);
        else
            w.string(unsupportedTypeMarker(value));
        break;
    }
    w.raw('}');
}

void OtlpJsonEncoder::writeCollection(JsonWriter &w, const QVariant &value, ValueKind kind, int depth)
{
    if (isTooDeep(depth)) {
        w.raw("{\"stringValue\":\"[nested too deep]\"}");
        return;
    }
    constexpr qsizetype noBudget = std::numeric_limits<qsizetype>::max();
    if (kind == ValueKind::List) {
        w.raw("{\"arrayValue\":{\"values\":[");
        writeListElements(w, value.toList(), noBudget,
                          [&](const QVariant &element) { writeAnyValue(w, element, depth + 1); });
    } else {
        // OTLP keys must be non-empty and unique: entries whose keys would need cutting are left out.
        w.raw("{\"kvlistValue\":{\"values\":[");
        writeMapEntries(w, value.toMap(), noBudget, MapKeys::UsableOnly,
                        [&](const QString &key, const QVariant &entry) { writeKeyValue(w, key, entry, depth + 1); });
    }
    w.raw("]}}");
}

int OtlpJsonEncoder::writeAttributes(JsonWriter &w, const QVariantMap &attributes, const QList<Attribute> &first)
{
    return writeAttributeEntries(w, attributes, first, [&](const QString &key, const QVariant &value) {
        writeKeyValue(w, key, value, 0);
    });
}

// \a opening (up to "attributes":[), the attributes, then how many were left out: spans and log records
// have a field for that.
void OtlpJsonEncoder::writeRecordAttributes(JsonWriter &w, const char *opening, const QVariantMap &attributes,
                                            const QList<Attribute> &first)
{
    w.raw(opening);
    const int dropped = writeAttributes(w, attributes, first);
    w.raw(']');
    if (dropped) {
        w.raw(",\"droppedAttributesCount\":");
        w.integer(dropped);
    }
}

void OtlpJsonEncoder::writeSpan(JsonWriter &w, const Record &r)
{
    w.raw("{\"traceId\":");
    writeHexId(w, traceId());
    w.raw(",\"spanId\":");
    writeHexId(w, nextSpanId());
    w.raw(",\"name\":");
    w.string(spanName(r));
    w.raw(",\"kind\":1,\"startTimeUnixNano\":");
    w.int64String(r.timeUnixNano);
    w.raw(",\"endTimeUnixNano\":");
    w.int64String(r.timeUnixNano);
    if (r.kind == Record::Kind::Error) {
        const QString message = truncated(r.message, m_limits.maxErrorMessageLength).toString();
        writeRecordAttributes(w, ",\"attributes\":[", r.attributes, errorAttributes(r, message));
        w.raw(",\"status\":{\"message\":");
        writeLimitedString(w, r.message, m_limits.maxErrorMessageLength);
        w.raw(",\"code\":2}");
    } else {
        writeRecordAttributes(w, ",\"attributes\":[", r.attributes);
    }
    w.raw('}');
}

void OtlpJsonEncoder::writeMetric(JsonWriter &w, const Record &r)
{
    w.raw("{\"name\":");
    writeLimitedString(w, r.name, m_limits.maxStringLength);
    if (const QStringView unit = metricUnit(r); !unit.isEmpty()) {
        w.raw(",\"unit\":");
        w.string(unit);
    }
    // One data point, in the container of its metric type (by MetricType's order) and closed with the
    // container's fields. Each call is an increment or an observation of its own, so DELTA temporality
    // (the SDKs' CUMULATIVE misreports totals).
    static constexpr std::pair<const char *, const char *> containers[] = {
        {",\"gauge\":{\"dataPoints\":[", "}]}}"},
        {",\"sum\":{\"dataPoints\":[", "}],\"aggregationTemporality\":1,\"isMonotonic\":true}}"},
        {",\"histogram\":{\"dataPoints\":[", "}],\"aggregationTemporality\":1}}"},
    };
    static_assert(std::size(containers) == int(MetricType::Histogram) + 1);
    const int type = metricTypeIndex(r);
    const auto &[opening, closing] = containers[type];
    w.raw(opening);
    w.raw("{\"attributes\":[");
    writeAttributes(w, r.attributes);
    w.raw(']');
    if (type != int(MetricType::Gauge)) { // a gauge is a point in time, the others cover an interval
        w.raw(",\"startTimeUnixNano\":");
        w.int64String(r.timeUnixNano);
    }
    w.raw(",\"timeUnixNano\":");
    w.int64String(r.timeUnixNano);
    if (type == int(MetricType::Histogram)) {
        // A one-sample distribution: the value is its sum, min and max.
        for (const char *field :
             {",\"count\":\"1\",\"sum\":", ",\"bucketCounts\":[\"1\"],\"explicitBounds\":[],\"min\":", ",\"max\":"}) {
            w.raw(field);
            w.number(r.value);
        }
    } else {
        w.raw(",\"asDouble\":");
        w.number(r.value);
    }
    w.raw(closing);
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
    writeRecordAttributes(w, "},\"attributes\":[", r.attributes);
    w.raw('}');
}

QByteArray OtlpJsonEncoder::encode(TelemetrySignal signal, const Record *records, std::size_t count)
{
    // Per signal: {"resourceX":[{resource,"scopeX":[{scope,"items":[...]}]}]}, and the item writer.
    struct Envelope
    {
        const char *resources;
        const char *scopes;
        const char *items;
        void (OtlpJsonEncoder::*writeItem)(JsonWriter &, const Record &);
    };
    static constexpr Envelope envelopes[SignalCount] = {
        {"{\"resourceSpans\":[", "\"scopeSpans\":[", "\"spans\":[", &OtlpJsonEncoder::writeSpan},
        {"{\"resourceMetrics\":[", "\"scopeMetrics\":[", "\"metrics\":[", &OtlpJsonEncoder::writeMetric},
        {"{\"resourceLogs\":[", "\"scopeLogs\":[", "\"logRecords\":[", &OtlpJsonEncoder::writeLog},
    };
    const Envelope &envelope = envelopes[signalIndex(signal)];

    startTrace();
    QByteArray out;
    out.reserve(qsizetype(m_resourceJson.size() + 96 + count * 320));
    JsonWriter w(out);
    w.raw(envelope.resources);
    w.raw(m_resourceJson);
    w.raw(envelope.scopes);
    w.raw(m_scopeJson);
    w.raw(envelope.items);
    writeRecords(w, records, count, ',', [&](const Record &r) { (this->*envelope.writeItem)(w, r); });
    w.raw("]}]}]}");
    return out;
}

} // namespace Automagik::Internal
