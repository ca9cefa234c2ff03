// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "otlpprotobufdecoder.h"

#include "encoding/protobufreader.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>

#include <cmath>
#include <cstring>
#include <limits>

namespace Automagik::Sink {

using Internal::ProtobufReader;

namespace {

// How a field's value becomes JSON, by its protobuf type.
enum class Kind : quint8 {
    Message, String, Bytes, HexId, Bool, Enum, // enums as numbers
    Int64, UInt64, // varints, as decimal strings
    UInt32, SInt32, // varints, as numbers
    Fixed64, SFixed64, // as decimal strings
    Fixed32, Double,
};

struct MessageType;
struct Field
{
    int number;
    const char *name;
    Kind kind;
    bool repeated = false;
    const MessageType *type = nullptr;
};
struct MessageType
{
    std::initializer_list<Field> fields;
};

constexpr bool Repeated = true;

// opentelemetry-proto v1: common, resource, trace, metrics, logs (field numbers and JSON names).
extern const MessageType anyValue, keyValue;
const MessageType arrayValue{{{1, "values", Kind::Message, Repeated, &anyValue}}};
const MessageType keyValueList{{{1, "values", Kind::Message, Repeated, &keyValue}}};
const MessageType anyValue{{{1, "stringValue", Kind::String}, {2, "boolValue", Kind::Bool},
                            {3, "intValue", Kind::Int64}, {4, "doubleValue", Kind::Double},
                            {5, "arrayValue", Kind::Message, false, &arrayValue},
                            {6, "kvlistValue", Kind::Message, false, &keyValueList}, {7, "bytesValue", Kind::Bytes}}};
const MessageType keyValue{{{1, "key", Kind::String}, {2, "value", Kind::Message, false, &anyValue}}};
const MessageType resource{{{1, "attributes", Kind::Message, Repeated, &keyValue},
                            {2, "droppedAttributesCount", Kind::UInt32}}};
const MessageType scope{{{1, "name", Kind::String}, {2, "version", Kind::String},
                         {3, "attributes", Kind::Message, Repeated, &keyValue},
                         {4, "droppedAttributesCount", Kind::UInt32}}};

const MessageType spanEvent{{{1, "timeUnixNano", Kind::Fixed64}, {2, "name", Kind::String},
                             {3, "attributes", Kind::Message, Repeated, &keyValue},
                             {4, "droppedAttributesCount", Kind::UInt32}}};
const MessageType spanLink{{{1, "traceId", Kind::HexId}, {2, "spanId", Kind::HexId}, {3, "traceState", Kind::String},
                            {4, "attributes", Kind::Message, Repeated, &keyValue},
                            {5, "droppedAttributesCount", Kind::UInt32}, {6, "flags", Kind::Fixed32}}};
const MessageType status{{{2, "message", Kind::String}, {3, "code", Kind::Enum}}};
const MessageType span{{{1, "traceId", Kind::HexId}, {2, "spanId", Kind::HexId}, {3, "traceState", Kind::String},
                        {4, "parentSpanId", Kind::HexId}, {16, "flags", Kind::Fixed32}, {5, "name", Kind::String},
                        {6, "kind", Kind::Enum}, {7, "startTimeUnixNano", Kind::Fixed64},
                        {8, "endTimeUnixNano", Kind::Fixed64}, {9, "attributes", Kind::Message, Repeated, &keyValue},
                        {10, "droppedAttributesCount", Kind::UInt32},
                        {11, "events", Kind::Message, Repeated, &spanEvent}, {12, "droppedEventsCount", Kind::UInt32},
                        {13, "links", Kind::Message, Repeated, &spanLink}, {14, "droppedLinksCount", Kind::UInt32},
                        {15, "status", Kind::Message, false, &status}}};
const MessageType scopeSpans{{{1, "scope", Kind::Message, false, &scope}, {2, "spans", Kind::Message, Repeated, &span},
                              {3, "schemaUrl", Kind::String}}};
const MessageType resourceSpans{{{1, "resource", Kind::Message, false, &resource},
                                 {2, "scopeSpans", Kind::Message, Repeated, &scopeSpans},
                                 {3, "schemaUrl", Kind::String}}};
const MessageType traceRequest{{{1, "resourceSpans", Kind::Message, Repeated, &resourceSpans}}};

const MessageType exemplar{{{7, "filteredAttributes", Kind::Message, Repeated, &keyValue},
                            {2, "timeUnixNano", Kind::Fixed64}, {3, "asDouble", Kind::Double},
                            {6, "asInt", Kind::SFixed64}, {4, "spanId", Kind::HexId}, {5, "traceId", Kind::HexId}}};
const MessageType numberPoint{{{7, "attributes", Kind::Message, Repeated, &keyValue},
                               {2, "startTimeUnixNano", Kind::Fixed64}, {3, "timeUnixNano", Kind::Fixed64},
                               {4, "asDouble", Kind::Double}, {6, "asInt", Kind::SFixed64},
                               {5, "exemplars", Kind::Message, Repeated, &exemplar}, {8, "flags", Kind::UInt32}}};
const MessageType histogramPoint{{{9, "attributes", Kind::Message, Repeated, &keyValue},
                                  {2, "startTimeUnixNano", Kind::Fixed64}, {3, "timeUnixNano", Kind::Fixed64},
                                  {4, "count", Kind::Fixed64}, {5, "sum", Kind::Double},
                                  {6, "bucketCounts", Kind::Fixed64, Repeated}, {7, "explicitBounds", Kind::Double, Repeated},
                                  {8, "exemplars", Kind::Message, Repeated, &exemplar}, {10, "flags", Kind::UInt32},
                                  {11, "min", Kind::Double}, {12, "max", Kind::Double}}};
const MessageType buckets{{{1, "offset", Kind::SInt32}, {2, "bucketCounts", Kind::UInt64, Repeated}}};
const MessageType exponentialPoint{{{1, "attributes", Kind::Message, Repeated, &keyValue},
                                    {2, "startTimeUnixNano", Kind::Fixed64}, {3, "timeUnixNano", Kind::Fixed64},
                                    {4, "count", Kind::Fixed64}, {5, "sum", Kind::Double}, {6, "scale", Kind::SInt32},
                                    {7, "zeroCount", Kind::Fixed64}, {8, "positive", Kind::Message, false, &buckets},
                                    {9, "negative", Kind::Message, false, &buckets}, {10, "flags", Kind::UInt32},
                                    {11, "exemplars", Kind::Message, Repeated, &exemplar}, {12, "min", Kind::Double},
                                    {13, "max", Kind::Double}, {14, "zeroThreshold", Kind::Double}}};
const MessageType quantile{{{1, "quantile", Kind::Double}, {2, "value", Kind::Double}}};
const MessageType summaryPoint{{{7, "attributes", Kind::Message, Repeated, &keyValue},
                                {2, "startTimeUnixNano", Kind::Fixed64}, {3, "timeUnixNano", Kind::Fixed64},
                                {4, "count", Kind::Fixed64}, {5, "sum", Kind::Double},
                                {6, "quantileValues", Kind::Message, Repeated, &quantile}, {8, "flags", Kind::UInt32}}};
const MessageType gauge{{{1, "dataPoints", Kind::Message, Repeated, &numberPoint}}};
const MessageType sum{{{1, "dataPoints", Kind::Message, Repeated, &numberPoint},
                       {2, "aggregationTemporality", Kind::Enum}, {3, "isMonotonic", Kind::Bool}}};
const MessageType histogram{{{1, "dataPoints", Kind::Message, Repeated, &histogramPoint},
                             {2, "aggregationTemporality", Kind::Enum}}};
const MessageType exponentialHistogram{{{1, "dataPoints", Kind::Message, Repeated, &exponentialPoint},
                                        {2, "aggregationTemporality", Kind::Enum}}};
const MessageType summary{{{1, "dataPoints", Kind::Message, Repeated, &summaryPoint}}};
const MessageType metric{{{1, "name", Kind::String}, {2, "description", Kind::String}, {3, "unit", Kind::String},
                          {5, "gauge", Kind::Message, false, &gauge}, {7, "sum", Kind::Message, false, &sum},
                          {9, "histogram", Kind::Message, false, &histogram},
                          {10, "exponentialHistogram", Kind::Message, false, &exponentialHistogram},
                          {11, "summary", Kind::Message, false, &summary},
                          {12, "metadata", Kind::Message, Repeated, &keyValue}}};
const MessageType scopeMetrics{{{1, "scope", Kind::Message, false, &scope},
                                {2, "metrics", Kind::Message, Repeated, &metric}, {3, "schemaUrl", Kind::String}}};
const MessageType resourceMetrics{{{1, "resource", Kind::Message, false, &resource},
                                   {2, "scopeMetrics", Kind::Message, Repeated, &scopeMetrics},
                                   {3, "schemaUrl", Kind::String}}};
const MessageType metricsRequest{{{1, "resourceMetrics", Kind::Message, Repeated, &resourceMetrics}}};

const MessageType logRecord{{{1, "timeUnixNano", Kind::Fixed64}, {11, "observedTimeUnixNano", Kind::Fixed64},
                             {2, "severityNumber", Kind::Enum}, {3, "severityText", Kind::String},
                             {5, "body", Kind::Message, false, &anyValue},
                             {6, "attributes", Kind::Message, Repeated, &keyValue},
                             {7, "droppedAttributesCount", Kind::UInt32}, {8, "flags", Kind::Fixed32},
                             {9, "traceId", Kind::HexId}, {10, "spanId", Kind::HexId}, {12, "eventName", Kind::String}}};
const MessageType scopeLogs{{{1, "scope", Kind::Message, false, &scope},
                             {2, "logRecords", Kind::Message, Repeated, &logRecord}, {3, "schemaUrl", Kind::String}}};
const MessageType resourceLogs{{{1, "resource", Kind::Message, false, &resource},
                                {2, "scopeLogs", Kind::Message, Repeated, &scopeLogs}, {3, "schemaUrl", Kind::String}}};
const MessageType logsRequest{{{1, "resourceLogs", Kind::Message, Repeated, &resourceLogs}}};

constexpr int MaxDepth = 64; // AnyValue nests; a hostile body must not exhaust the stack

ProtobufReader::WireType wireTypeOf(Kind kind)
{
    switch (kind) {
    case Kind::Message: case Kind::String: case Kind::Bytes: case Kind::HexId:
        return ProtobufReader::LengthDelimited;
    case Kind::Fixed64: case Kind::SFixed64: case Kind::Double:
        return ProtobufReader::Fixed64;
    case Kind::Fixed32:
        return ProtobufReader::Fixed32;
    default:
        return ProtobufReader::Varint;
    }
}

QJsonValue scalar(Kind kind, quint64 v)
{
    switch (kind) {
    case Kind::Bool:
        return v != 0;
    case Kind::Int64: case Kind::SFixed64:
        return QString::number(qint64(v));
    case Kind::UInt64: case Kind::Fixed64:
        return QString::number(v);
    case Kind::SInt32:
        return qint64(qint32(quint32(v >> 1) ^ -qint32(v & 1)));
    case Kind::Enum:
        return qint64(qint32(v));
    case Kind::Double: {
        double d;
        std::memcpy(&d, &v, sizeof d);
        if (std::isnan(d))
            return QStringLiteral("NaN");
        if (std::isinf(d))
            return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        return d;
    }
    default: // UInt32, Fixed32
        return qint64(quint32(v));
    }
}

bool decodeMessage(const MessageType &type, QByteArrayView data, int depth, QJsonObject *out);

// One field's value (a packed run gives several) appended to \a values.
bool decodeValue(const Field &f, const ProtobufReader &r, int depth, QJsonArray *values)
{
    const ProtobufReader::WireType expected = wireTypeOf(f.kind);
    if (r.type() != expected) {
        // A packed run of a repeated number: its values back to back, without keys.
        if (!f.repeated || r.type() != ProtobufReader::LengthDelimited || expected == ProtobufReader::LengthDelimited)
            return false;
        const QByteArrayView run = r.bytes();
        for (qsizetype i = 0; i < run.size();) {
            quint64 v = 0;
            if (expected == ProtobufReader::Varint) {
                int shift = 0;
                for (;; shift += 7) {
                    if (i >= run.size() || shift >= 64)
                        return false;
                    const quint8 byte = quint8(run[i++]);
                    v |= quint64(byte & 0x7f) << shift;
                    if (!(byte & 0x80))
                        break;
                }
            } else {
                const int width = expected == ProtobufReader::Fixed64 ? 8 : 4;
                if (run.size() - i < width)
                    return false;
                for (int b = 0; b < width; ++b)
                    v |= quint64(quint8(run[i + b])) << (8 * b);
                i += width;
            }
            values->append(scalar(f.kind, v));
        }
        return true;
    }
    switch (f.kind) {
    case Kind::Message: {
        QJsonObject child;
        if (depth >= MaxDepth || !decodeMessage(*f.type, r.bytes(), depth + 1, &child))
            return false;
        values->append(child);
        return true;
    }
    case Kind::String:
        values->append(QString::fromUtf8(r.bytes()));
        return true;
    case Kind::Bytes:
        values->append(QString::fromLatin1(r.bytes().toByteArray().toBase64()));
        return true;
    case Kind::HexId:
        values->append(QString::fromLatin1(r.bytes().toByteArray().toHex()));
        return true;
    default:
        values->append(scalar(f.kind, r.value()));
        return true;
    }
}

bool decodeMessage(const MessageType &type, QByteArrayView data, int depth, QJsonObject *out)
{
    ProtobufReader r(data);
    // Repeated fields grow here and go into *out once at the end: appending to a
    // value already in a QJsonObject would copy its whole array for each element.
    // (QJsonObject keeps its keys sorted, so the order of insertion does not matter.)
    QHash<QString, QJsonArray> repeated;
    while (r.next()) {
        const Field *field = nullptr;
        for (const Field &f : type.fields) {
            if (f.number == r.field())
                field = &f;
        }
        if (!field)
            continue; // unknown: a later OTLP's field
        const QString name = QLatin1String(field->name);
        if (field->repeated) {
            // No rehash while decodeValue() runs: a child message has its own hash.
            if (!decodeValue(*field, r, depth, &repeated[name]))
                return false;
            continue;
        }
        QJsonArray values;
        if (!decodeValue(*field, r, depth, &values))
            return false;
        if (!values.isEmpty())
            out->insert(name, values.last()); // the last one wins, as in protobuf
    }
    for (auto it = repeated.cbegin(); it != repeated.cend(); ++it)
        out->insert(it.key(), it.value());
    return r.ok();
}

// A JSON number as a rejected-items count: casting a double outside qint64's range
// is undefined, so it is clamped first (NaN and negatives are 0, i.e. not sent).
qint64 countOf(double d)
{
    constexpr qint64 Max = std::numeric_limits<qint64>::max() / 4;
    if (!(d > 0))
        return 0;
    return d >= double(Max) ? Max : qint64(d);
}

} // namespace

std::optional<QJsonObject> OtlpProtobufDecoder::decodeRequest(const QString &signal, const QByteArray &body)
{
    const MessageType *type = signal == QLatin1String("metrics") ? &metricsRequest
        : signal == QLatin1String("logs")                        ? &logsRequest
                                                                 : &traceRequest;
    QJsonObject out;
    if (!decodeMessage(*type, body, 0, &out))
        return std::nullopt;
    return out;
}

QByteArray OtlpProtobufDecoder::encodeResponse(const QJsonObject &response)
{
    // ExportXServiceResponse {1: partial_success {1: rejected_<items> int64, 2: error_message string}}
    const QJsonObject partial = response.value(QLatin1String("partialSuccess")).toObject();
    QByteArray inner;
    auto varint = [](QByteArray &out, quint64 v) {
        for (; v >= 0x80; v >>= 7)
            out.append(char(v | 0x80));
        out.append(char(v));
    };
    for (const char *key : {"rejectedSpans", "rejectedDataPoints", "rejectedLogRecords"}) {
        const QJsonValue v = partial.value(QLatin1String(key));
        if (const qint64 n = v.isString() ? v.toString().toLongLong() : countOf(v.toDouble())) {
            inner.append(char(1 << 3));
            varint(inner, quint64(n));
        }
    }
    const QByteArray message = partial.value(QLatin1String("errorMessage")).toString().toUtf8();
    if (!message.isEmpty()) {
        inner.append(char(2 << 3 | 2));
        varint(inner, quint64(message.size()));
        inner.append(message);
    }
    if (!response.contains(QLatin1String("partialSuccess")))
        return {};
    QByteArray out(1, char(1 << 3 | 2));
    varint(out, quint64(inner.size()));
    return out + inner;
}

bool OtlpProtobufDecoder::isProtobuf(const QByteArray &contentType)
{
    return contentType.trimmed().toLower().startsWith("application/x-protobuf");
}

} // namespace Automagik::Sink
