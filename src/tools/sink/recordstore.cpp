// SPDX-License-Identifier: MIT
#include "recordstore.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <utility>

namespace Automagik::Sink {

namespace {

constexpr qsizetype kMaxNameLength = 120; // log bodies become names; keep the list readable

// An OTLP AnyValue as plain JSON: strings stay strings, int64 strings become
// numbers where a double holds them exactly, lists and maps nest.
QJsonValue plainValue(const QJsonObject &any)
{
    if (any.contains(QLatin1String("stringValue")))
        return any.value(QLatin1String("stringValue"));
    if (any.contains(QLatin1String("boolValue")))
        return any.value(QLatin1String("boolValue"));
    if (any.contains(QLatin1String("intValue"))) {
        const QJsonValue raw = any.value(QLatin1String("intValue"));
        bool ok = false;
        const qint64 n = raw.toVariant().toLongLong(&ok);
        constexpr qint64 exact = qint64(1) << 53;
        return ok && n > -exact && n < exact ? QJsonValue(double(n)) : raw;
    }
    if (any.contains(QLatin1String("doubleValue")))
        return any.value(QLatin1String("doubleValue")); // "NaN" and "Infinity" stay strings
    if (any.contains(QLatin1String("bytesValue")))
        return any.value(QLatin1String("bytesValue"));
    if (any.contains(QLatin1String("arrayValue"))) {
        QJsonArray list;
        const QJsonArray values = any.value(QLatin1String("arrayValue")).toObject().value(QLatin1String("values")).toArray();
        for (const QJsonValue &value : values)
            list.append(plainValue(value.toObject()));
        return list;
    }
    if (any.contains(QLatin1String("kvlistValue"))) {
        QJsonObject map;
        const QJsonArray values = any.value(QLatin1String("kvlistValue")).toObject().value(QLatin1String("values")).toArray();
        for (const QJsonValue &value : values) {
            const QJsonObject kv = value.toObject();
            map.insert(kv.value(QLatin1String("key")).toString(), plainValue(kv.value(QLatin1String("value")).toObject()));
        }
        return map;
    }
    return QJsonValue::Null;
}

// OTLP KeyValue list -> {key: value}.
QJsonObject plainAttributes(const QJsonValue &list)
{
    QJsonObject attributes;
    const QJsonArray array = list.toArray();
    for (const QJsonValue &entry : array) {
        const QJsonObject kv = entry.toObject();
        attributes.insert(kv.value(QLatin1String("key")).toString(), plainValue(kv.value(QLatin1String("value")).toObject()));
    }
    return attributes;
}

// Nanoseconds since the epoch (a decimal string in OTLP JSON) as ISO 8601 UTC;
// `fallback` when absent or zero.
QString isoTime(const QJsonValue &nanos, const QDateTime &fallback)
{
    bool ok = false;
    const qint64 ns = nanos.toVariant().toLongLong(&ok);
    const QDateTime time = ok && ns > 0 ? QDateTime::fromMSecsSinceEpoch(ns / 1000000).toUTC() : fallback;
    return time.toString(Qt::ISODateWithMs);
}

QString text(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble()) {
        const double d = value.toDouble();
        if (std::trunc(d) == d && std::abs(d) < 1e15) // counts and int64 values: no exponent
            return QString::number(qint64(d));
        return QString::number(d, 'g', 8);
    }
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isNull() || value.isUndefined())
        return {};
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1));
}

QString shortName(QString name)
{
    name = name.section(QLatin1Char('\n'), 0, 0);
    if (name.size() > kMaxNameLength)
        name = name.left(kMaxNameLength - 1) + QChar(0x2026);
    return name;
}

// What a data point says, in a few words: its value, or count and sum.
QString pointDetail(const QString &kind, const QJsonObject &point)
{
    if (point.contains(QLatin1String("asDouble")))
        return kind + QStringLiteral(" ") + text(point.value(QLatin1String("asDouble")));
    if (point.contains(QLatin1String("asInt")))
        return kind + QStringLiteral(" ") + text(point.value(QLatin1String("asInt")));
    QString detail = kind + QStringLiteral(" count ") + text(point.value(QLatin1String("count")));
    if (point.contains(QLatin1String("sum")))
        detail += QStringLiteral(", sum ") + text(point.value(QLatin1String("sum")));
    return detail;
}

QJsonObject item(const QString &signal, const QString &name, const QString &time, const QJsonObject &resource,
                 const QJsonObject &attributes, const QString &detail)
{
    return QJsonObject{{QStringLiteral("signal"), signal},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("time"), time},
                       {QStringLiteral("resource"), resource},
                       {QStringLiteral("attributes"), attributes},
                       {QStringLiteral("detail"), detail}};
}

// Calls leaf(resourceAttributes, leafObject) for each entry of
// resources[].scopes[].leaves[], following the OTLP JSON field names.
template<typename Leaf>
void forEachLeaf(const QJsonObject &request, QLatin1String resources, QLatin1String scopes, QLatin1String leaves,
                 Leaf &&leaf)
{
    const QJsonArray resourceArray = request.value(resources).toArray();
    for (const QJsonValue &resourceEntry : resourceArray) {
        const QJsonObject resourceObject = resourceEntry.toObject();
        const QJsonObject resource = plainAttributes(resourceObject.value(QLatin1String("resource")).toObject().value(QLatin1String("attributes")));
        const QJsonArray scopeArray = resourceObject.value(scopes).toArray();
        for (const QJsonValue &scope : scopeArray) {
            const QJsonArray leafArray = scope.toObject().value(leaves).toArray();
            for (const QJsonValue &entry : leafArray)
                leaf(resource, entry.toObject());
        }
    }
}

// Every item of one export request, oldest first.
QList<QJsonObject> flatten(const QString &signal, const QJsonObject &request, const QDateTime &receivedAt)
{
    QList<QJsonObject> items;
    if (signal == QLatin1String("traces")) {
        forEachLeaf(request, QLatin1String("resourceSpans"), QLatin1String("scopeSpans"), QLatin1String("spans"),
                    [&](const QJsonObject &resource, const QJsonObject &span) {
                        const QJsonObject status = span.value(QLatin1String("status")).toObject();
                        QString detail;
                        if (status.value(QLatin1String("code")).toInt() == 2) // STATUS_CODE_ERROR
                            detail = QStringLiteral("error: ") + status.value(QLatin1String("message")).toString();
                        items.append(item(signal, shortName(span.value(QLatin1String("name")).toString()),
                                          isoTime(span.value(QLatin1String("startTimeUnixNano")), receivedAt), resource,
                                          plainAttributes(span.value(QLatin1String("attributes"))), detail));
                    });
    } else if (signal == QLatin1String("logs")) {
        forEachLeaf(request, QLatin1String("resourceLogs"), QLatin1String("scopeLogs"), QLatin1String("logRecords"),
                    [&](const QJsonObject &resource, const QJsonObject &log) {
                        // A log has no name; its event name or else its message is what a developer looks for.
                        QString name = log.value(QLatin1String("eventName")).toString();
                        if (name.isEmpty())
                            name = text(plainValue(log.value(QLatin1String("body")).toObject()));
                        QJsonValue time = log.value(QLatin1String("timeUnixNano"));
                        if (time.toString().isEmpty() || time.toString() == QLatin1String("0"))
                            time = log.value(QLatin1String("observedTimeUnixNano"));
                        items.append(item(signal, shortName(name), isoTime(time, receivedAt), resource,
                                          plainAttributes(log.value(QLatin1String("attributes"))),
                                          log.value(QLatin1String("severityText")).toString()));
                    });
    } else if (signal == QLatin1String("metrics")) {
        static const QLatin1String kinds[] = {QLatin1String("gauge"), QLatin1String("sum"),
                                              QLatin1String("histogram"), QLatin1String("exponentialHistogram"),
                                              QLatin1String("summary")};
        forEachLeaf(request, QLatin1String("resourceMetrics"), QLatin1String("scopeMetrics"), QLatin1String("metrics"),
                    [&](const QJsonObject &resource, const QJsonObject &metric) {
                        const QString name = shortName(metric.value(QLatin1String("name")).toString());
                        for (const QLatin1String kind : kinds) {
                            const QJsonArray points = metric.value(kind).toObject().value(QLatin1String("dataPoints")).toArray();
                            for (const QJsonValue &entry : points) {
                                const QJsonObject point = entry.toObject();
                                items.append(item(signal, name, isoTime(point.value(QLatin1String("timeUnixNano")), receivedAt),
                                                  resource, plainAttributes(point.value(QLatin1String("attributes"))),
                                                  pointDetail(kind, point)));
                            }
                        }
                    });
    }
    return items;
}

} // namespace

RecordStore::RecordStore(int capacity) : m_capacity(std::max(0, capacity)) {}

void RecordStore::setCapacity(int capacity)
{
    m_capacity = std::max(0, capacity);
    trim();
}

int RecordStore::size() const
{
    return int(std::min<qint64>(m_items, m_capacity));
}

void RecordStore::clear()
{
    m_batches.clear();
    m_items = 0;
}

void RecordStore::add(const QString &signal, const QJsonObject &request, const QDateTime &receivedAt, int items)
{
    if (items <= 0)
        return;
    m_batches.push_back({signal, request, receivedAt, m_nextSequence, items});
    m_nextSequence += items;
    m_items += items;
    trim();
}

// Drops the oldest requests whose items are all beyond capacity().
void RecordStore::trim()
{
    while (!m_batches.empty() && m_items - m_batches.front().items >= m_capacity) {
        m_items -= m_batches.front().items;
        m_batches.pop_front();
    }
}

QJsonObject RecordStore::since(qint64 after, int limit) const
{
    const qint64 from = std::max(after + 1, m_nextSequence - size());
    QJsonArray records;
    for (const Batch &batch : m_batches) {
        if (records.size() >= limit)
            break;
        if (batch.firstSequence + batch.items <= from)
            continue;
        const QList<QJsonObject> items = flatten(batch.signal, batch.request, batch.receivedAt);
        for (qsizetype i = 0; i < items.size() && records.size() < limit; ++i) {
            const qint64 sequence = batch.firstSequence + i;
            if (sequence < from)
                continue;
            QJsonObject record = items.at(i);
            record.insert(QStringLiteral("seq"), double(sequence));
            records.append(record);
        }
    }
    return QJsonObject{{QStringLiteral("records"), records},
                       {QStringLiteral("last"), double(lastSequence())},
                       {QStringLiteral("capacity"), m_capacity}};
}

} // namespace Automagik::Sink
