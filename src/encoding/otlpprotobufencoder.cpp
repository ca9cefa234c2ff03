// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/otlpprotobufencoder.h"

#include <QtCore/QJsonValue>

#include <limits>

namespace Automagik::Internal {

namespace {

// Field numbers of opentelemetry-proto (v1), by message.
namespace Envelope { // Export*ServiceRequest, Resource*, Scope*: the same numbers for all three signals
constexpr int Resources = 1, Resource = 1, Scopes = 2, Scope = 1, Items = 2;
}
namespace ResourceMsg { constexpr int Attributes = 1; }
namespace ScopeMsg { constexpr int Name = 1, Version = 2; }
namespace KeyValue { constexpr int Key = 1, Value = 2; }
namespace AnyValue {
constexpr int String = 1, Bool = 2, Int = 3, Double = 4, Array = 5, KvList = 6;
}
namespace Collection { constexpr int Values = 1; } // ArrayValue and KeyValueList
namespace Span {
constexpr int TraceId = 1, SpanId = 2, Name = 5, Kind = 6, Start = 7, End = 8, Attributes = 9, Dropped = 10,
              Status = 15;
constexpr int KindInternal = 1;
}
namespace Status { constexpr int Message = 2, Code = 3, CodeError = 2; }
namespace Metric { constexpr int Name = 1, Unit = 3; }
namespace Container { constexpr int DataPoints = 1, Temporality = 2, Monotonic = 3, Delta = 1; } // Gauge, Sum, Histogram
namespace NumberPoint { constexpr int Start = 2, Time = 3, AsDouble = 4, Attributes = 7; }
namespace HistogramPoint {
constexpr int Start = 2, Time = 3, Count = 4, Sum = 5, BucketCounts = 6, Attributes = 9, Min = 11, Max = 12;
}
namespace Log {
constexpr int Time = 1, Severity = 2, SeverityText = 3, Body = 5, Attributes = 6, Dropped = 7, ObservedTime = 11;
}

// Metric's field for each MetricType, in the enum's order: gauge, sum, histogram.
constexpr int metricContainers[] = {5, 7, 9};

} // namespace

OtlpProtobufEncoder::OtlpProtobufEncoder(const EncoderResource &resource, const EncoderLimits &limits)
    : RecordEncoder(limits)
{
    ProtobufWriter r(m_resource);
    const qsizetype resourceMark = r.beginMessage(Envelope::Resource);
    for (const auto &[key, value] : resource.attributes) {
        if (key.isEmpty())
            continue;
        const qsizetype kv = r.beginMessage(ResourceMsg::Attributes);
        r.stringField(KeyValue::Key, key);
        const qsizetype any = r.beginMessage(KeyValue::Value);
        r.stringField(AnyValue::String, value);
        r.endMessage(any);
        r.endMessage(kv);
    }
    r.endMessage(resourceMark);

    ProtobufWriter s(m_scope);
    const qsizetype scopeMark = s.beginMessage(Envelope::Scope);
    if (!resource.scopeName.isEmpty())
        s.stringField(ScopeMsg::Name, resource.scopeName);
    if (!resource.scopeVersion.isEmpty())
        s.stringField(ScopeMsg::Version, resource.scopeVersion);
    s.endMessage(scopeMark);
}

void OtlpProtobufEncoder::writeKeyValue(ProtobufWriter &w, int field, const QString &key, const QVariant &value,
                                        int depth)
{
    const qsizetype mark = w.beginMessage(field);
    w.stringField(KeyValue::Key, key);
    writeAnyValue(w, KeyValue::Value, value, depth);
    w.endMessage(mark);
}

void OtlpProtobufEncoder::writeAnyValue(ProtobufWriter &w, int field, const QVariant &value, int depth)
{
    const ValueKind kind = valueKind(value);
    if (kind == ValueKind::Null) {
        w.emptyMessage(field); // an empty AnyValue: OTLP's representation of null
        return;
    }
    if (kind == ValueKind::Json) {
        writeAnyValue(w, field, value.toJsonValue().toVariant(), depth);
        return;
    }
    // AnyValue's value is a oneof: its field is written even when it holds the default (false, 0, "").
    const qsizetype mark = w.beginMessage(field);
    switch (kind) {
    case ValueKind::Null:
    case ValueKind::Json:
        break; // handled above
    case ValueKind::List:
    case ValueKind::Map:
        writeCollection(w, value, kind, depth);
        break;
    case ValueKind::Bool:
        w.boolField(AnyValue::Bool, value.toBool());
        break;
    case ValueKind::Integer:
    case ValueKind::Unsigned64:
        if (kind == ValueKind::Integer || value.toULongLong() <= quint64(std::numeric_limits<qint64>::max()))
            w.int64Field(AnyValue::Int, value.toLongLong());
        else
            w.doubleField(AnyValue::Double, value.toDouble()); // beyond int64: keep the magnitude rather than wrap
        break;
    case ValueKind::Double:
        w.doubleField(AnyValue::Double, value.toDouble());
        break;
    case ValueKind::String:
        w.stringField(AnyValue::String,
                      limited(*static_cast<const QString *>(value.constData()), m_limits.maxStringLength));
        break;
    case ValueKind::Text:
        w.stringField(AnyValue::String, limited(valueText(value), m_limits.maxStringLength));
        break;
    case ValueKind::FixedText:
        w.stringField(AnyValue::String, valueText(value)); // short, never cut
        break;
    case ValueKind::Other:
        if (const std::optional<QString> text = convertedText(value))
            w.stringField(AnyValue::String, limited(*text, m_limits.maxStringLength));
        else
            w.stringField(AnyValue::String, unsupportedTypeMarker(value));
        break;
    }
    w.endMessage(mark);
}

// The inside of an AnyValue holding a list or a map.
void OtlpProtobufEncoder::writeCollection(ProtobufWriter &w, const QVariant &value, ValueKind kind, int depth)
{
    if (isTooDeep(depth)) {
        w.stringField(AnyValue::String, u"[nested too deep]");
        return;
    }
    constexpr qsizetype noBudget = std::numeric_limits<qsizetype>::max();
    if (kind == ValueKind::List) {
        const qsizetype mark = w.beginMessage(AnyValue::Array);
        writeListElements(w, value.toList(), noBudget, [&](const QVariant &element) {
            writeAnyValue(w, Collection::Values, element, depth + 1);
        });
        w.endMessage(mark);
    } else {
        // OTLP keys must be non-empty and unique: entries whose keys would need cutting are left out.
        const qsizetype mark = w.beginMessage(AnyValue::KvList);
        writeMapEntries(w, value.toMap(), noBudget, MapKeys::UsableOnly, [&](const QString &key, const QVariant &entry) {
            writeKeyValue(w, Collection::Values, key, entry, depth + 1);
        });
        w.endMessage(mark);
    }
}

int OtlpProtobufEncoder::writeAttributes(ProtobufWriter &w, int field, const QVariantMap &attributes,
                                         const QList<Attribute> &first)
{
    return writeAttributeEntries(w, attributes, first, [&](const QString &key, const QVariant &value) {
        writeKeyValue(w, field, key, value, 0);
    });
}

void OtlpProtobufEncoder::writeSpan(ProtobufWriter &w, const Record &r)
{
    const qsizetype mark = w.beginMessage(Envelope::Items);
    const TraceId &trace = traceId();
    w.bytesField(Span::TraceId, QByteArrayView(trace.data(), qsizetype(trace.size())));
    const SpanId span = nextSpanId();
    w.bytesField(Span::SpanId, QByteArrayView(span.data(), qsizetype(span.size())));
    w.stringField(Span::Name, spanName(r));
    w.varintField(Span::Kind, Span::KindInternal);
    w.fixed64Field(Span::Start, quint64(r.timeUnixNano));
    w.fixed64Field(Span::End, quint64(r.timeUnixNano));
    const bool isError = r.kind == Record::Kind::Error;
    const QString message = isError ? truncated(r.message, m_limits.maxErrorMessageLength).toString() : QString();
    const int dropped = isError ? writeAttributes(w, Span::Attributes, r.attributes, errorAttributes(r, message))
                                : writeAttributes(w, Span::Attributes, r.attributes);
    if (dropped)
        w.varintField(Span::Dropped, quint64(dropped));
    if (isError) {
        const qsizetype status = w.beginMessage(Span::Status);
        const QStringView statusMessage = limited(r.message, m_limits.maxErrorMessageLength);
        if (!statusMessage.isEmpty())
            w.stringField(Status::Message, statusMessage);
        w.varintField(Status::Code, Status::CodeError);
        w.endMessage(status);
    }
    w.endMessage(mark);
}

void OtlpProtobufEncoder::writeMetric(ProtobufWriter &w, const Record &r)
{
    const qsizetype mark = w.beginMessage(Envelope::Items);
    w.stringField(Metric::Name, limited(r.name, m_limits.maxStringLength));
    if (const QStringView unit = metricUnit(r); !unit.isEmpty())
        w.stringField(Metric::Unit, unit);
    // One data point in the container of its type; DELTA temporality, as the JSON encoder says why.
    const int type = metricTypeIndex(r);
    const qsizetype container = w.beginMessage(metricContainers[type]);
    const qsizetype point = w.beginMessage(Container::DataPoints);
    const quint64 time = quint64(r.timeUnixNano);
    if (type == int(MetricType::Histogram)) {
        // A one-sample distribution: the value is its sum, min and max.
        w.fixed64Field(HistogramPoint::Start, time);
        w.fixed64Field(HistogramPoint::Time, time);
        w.fixed64Field(HistogramPoint::Count, 1);
        w.doubleField(HistogramPoint::Sum, r.value);
        w.tag(HistogramPoint::BucketCounts, ProtobufWriter::LengthDelimited); // packed repeated fixed64: [1]
        w.varint(8);
        w.fixed64(1);
        writeAttributes(w, HistogramPoint::Attributes, r.attributes);
        w.doubleField(HistogramPoint::Min, r.value);
        w.doubleField(HistogramPoint::Max, r.value);
    } else {
        if (type != int(MetricType::Gauge)) // a gauge is a point in time, a sum covers an interval
            w.fixed64Field(NumberPoint::Start, time);
        w.fixed64Field(NumberPoint::Time, time);
        w.doubleField(NumberPoint::AsDouble, r.value);
        writeAttributes(w, NumberPoint::Attributes, r.attributes);
    }
    w.endMessage(point);
    if (type != int(MetricType::Gauge)) {
        w.varintField(Container::Temporality, Container::Delta);
        if (type == int(MetricType::Counter))
            w.boolField(Container::Monotonic, true);
    }
    w.endMessage(container);
    w.endMessage(mark);
}

void OtlpProtobufEncoder::writeLog(ProtobufWriter &w, const Record &r)
{
    const qsizetype mark = w.beginMessage(Envelope::Items);
    w.fixed64Field(Log::Time, quint64(r.timeUnixNano));
    w.varintField(Log::Severity, quint64(int(r.severity)));
    w.stringField(Log::SeverityText, logSeverityToString(r.severity));
    const qsizetype body = w.beginMessage(Log::Body);
    w.stringField(AnyValue::String, limited(r.name, m_limits.maxLogBodyLength));
    w.endMessage(body);
    if (const int dropped = writeAttributes(w, Log::Attributes, r.attributes))
        w.varintField(Log::Dropped, quint64(dropped));
    w.fixed64Field(Log::ObservedTime, quint64(r.timeUnixNano));
    w.endMessage(mark);
}

QByteArray OtlpProtobufEncoder::encode(TelemetrySignal signal, const Record *records, std::size_t count)
{
    using ItemWriter = void (OtlpProtobufEncoder::*)(ProtobufWriter &, const Record &);
    static constexpr ItemWriter itemWriters[SignalCount] = {&OtlpProtobufEncoder::writeSpan,
                                                            &OtlpProtobufEncoder::writeMetric,
                                                            &OtlpProtobufEncoder::writeLog};
    const ItemWriter writeItem = itemWriters[signalIndex(signal)];
    startTrace();
    QByteArray out;
    out.reserve(qsizetype(m_resource.size() + m_scope.size() + 16 + count * 160));
    ProtobufWriter w(out);
    // The three requests share their shape: {resource_x {resource, scope_x {scope, items...}}}.
    const qsizetype resources = w.beginMessage(Envelope::Resources);
    w.raw(m_resource);
    const qsizetype scopes = w.beginMessage(Envelope::Scopes);
    w.raw(m_scope);
    for (std::size_t i = 0; i < count; ++i)
        (this->*writeItem)(w, records[i]);
    w.endMessage(scopes);
    w.endMessage(resources);
    return out;
}

} // namespace Automagik::Internal
