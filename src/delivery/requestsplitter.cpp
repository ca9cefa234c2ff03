// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/requestsplitter.h"

#include "encoding/protobufreader.h"
#include "encoding/protobufwriter.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

namespace Automagik::Internal {

namespace {

struct Layout
{
    const char *resources; // resourceSpans
    const char *scopes; // scopeSpans
    const char *items; // spans
};

Layout layoutOf(TelemetrySignal signal)
{
    switch (signal) {
    case TelemetrySignal::Metrics:
        return {"resourceMetrics", "scopeMetrics", "metrics"};
    case TelemetrySignal::Logs:
        return {"resourceLogs", "scopeLogs", "logRecords"};
    case TelemetrySignal::Traces:
        break;
    }
    return {"resourceSpans", "scopeSpans", "spans"};
}

// Items as OTLP counts them: a metric contributes its data points.
int countItems(TelemetrySignal signal, const QJsonArray &items)
{
    if (signal != TelemetrySignal::Metrics)
        return int(items.size());
    int n = 0;
    for (const QJsonValue &metric : items) {
        const QJsonObject m = metric.toObject();
        for (const char *kind : {"gauge", "sum", "histogram", "exponentialHistogram", "summary"}) {
            if (m.contains(QLatin1String(kind)))
                n += int(m.value(QLatin1String(kind)).toObject().value(QLatin1String("dataPoints")).toArray().size());
        }
    }
    return n;
}

// The data points of one protobuf Metric: field 1 of its gauge (5), sum (7), histogram (9),
// exponential histogram (10) or summary (11).
int countDataPoints(QByteArrayView metric)
{
    int n = 0;
    ProtobufReader m(metric);
    while (m.next()) {
        const int f = m.field();
        if (m.type() != ProtobufReader::LengthDelimited || !(f == 5 || f == 7 || f == 9 || f == 10 || f == 11))
            continue;
        ProtobufReader container(m.bytes());
        while (container.next())
            n += container.field() == 1 ? 1 : 0;
    }
    return n;
}

// One embedded message field \a field of \a message, with every other field kept as it is in \a others.
std::optional<QByteArrayView> onlyMessage(QByteArrayView message, int field, QByteArray *others)
{
    std::optional<QByteArrayView> found;
    ProtobufReader r(message);
    while (r.next()) {
        if (r.field() != field) {
            others->append(r.rawField());
        } else if (found || r.type() != ProtobufReader::LengthDelimited) {
            return std::nullopt; // more than one: not a body this library wrote
        } else {
            found = r.bytes();
        }
    }
    return r.ok() ? found : std::nullopt;
}

} // namespace

std::optional<std::pair<RequestPart, RequestPart>> splitOtlpProtobufRequest(TelemetrySignal signal,
                                                                            const QByteArray &body)
{
    // Export*ServiceRequest {1: Resource* {1: resource, 2: Scope* {1: scope, 2: items...}}}, the same
    // field numbers for the three signals. Split the items in two, keeping every other field.
    QByteArray rootRest, resourceRest, scopeRest;
    const auto resource = onlyMessage(body, 1, &rootRest);
    if (!resource || !rootRest.isEmpty())
        return std::nullopt;
    const auto scope = onlyMessage(*resource, 2, &resourceRest);
    if (!scope)
        return std::nullopt;
    QList<QByteArrayView> items;
    ProtobufReader r(*scope);
    while (r.next()) {
        if (r.field() == 2)
            items.append(r.rawField());
        else
            scopeRest.append(r.rawField());
    }
    if (!r.ok() || items.size() < 2)
        return std::nullopt;

    auto part = [&](qsizetype from, qsizetype to) {
        RequestPart p;
        ProtobufWriter w(p.json);
        const qsizetype resourceMark = w.beginMessage(1);
        w.raw(resourceRest);
        const qsizetype scopeMark = w.beginMessage(2);
        w.raw(scopeRest);
        for (qsizetype i = from; i < to; ++i) {
            w.raw(items.at(i));
            if (signal == TelemetrySignal::Metrics) {
                ProtobufReader item(items.at(i));
                item.next();
                p.items += countDataPoints(item.bytes());
            }
        }
        if (signal != TelemetrySignal::Metrics)
            p.items = int(to - from);
        w.endMessage(scopeMark);
        w.endMessage(resourceMark);
        return p;
    };
    const qsizetype half = items.size() / 2;
    return std::make_pair(part(0, half), part(half, items.size()));
}

std::optional<std::pair<RequestPart, RequestPart>> splitOtlpRequest(TelemetrySignal signal, const QByteArray &json)
{
    // The encoder writes one resource with one scope; split that scope's list in two.
    const Layout layout = layoutOf(signal);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    QJsonObject root = document.object();
    QJsonArray resources = root.value(QLatin1String(layout.resources)).toArray();
    if (resources.size() != 1)
        return std::nullopt;
    QJsonObject resource = resources.at(0).toObject();
    QJsonArray scopes = resource.value(QLatin1String(layout.scopes)).toArray();
    if (scopes.size() != 1)
        return std::nullopt;
    QJsonObject scope = scopes.at(0).toObject();
    const QJsonArray items = scope.value(QLatin1String(layout.items)).toArray();
    if (items.size() < 2)
        return std::nullopt;

    auto part = [&](qsizetype from, qsizetype to) {
        QJsonArray slice;
        for (qsizetype i = from; i < to; ++i)
            slice.append(items.at(i));
        QJsonObject s = scope;
        s.insert(QLatin1String(layout.items), slice);
        QJsonObject r = resource;
        r.insert(QLatin1String(layout.scopes), QJsonArray{s});
        QJsonObject o = root;
        o.insert(QLatin1String(layout.resources), QJsonArray{r});
        return RequestPart{QJsonDocument(o).toJson(QJsonDocument::Compact), countItems(signal, slice)};
    };
    const qsizetype half = items.size() / 2;
    return std::make_pair(part(0, half), part(half, items.size()));
}

std::optional<std::pair<RequestPart, RequestPart>> splitJsonEachRow(const QByteArray &rows)
{
    QList<QByteArray> lines = rows.split('\n');
    lines.removeIf([](const QByteArray &line) { return line.trimmed().isEmpty(); });
    if (lines.size() < 2)
        return std::nullopt;
    auto part = [&lines](qsizetype from, qsizetype to) {
        RequestPart p;
        for (qsizetype i = from; i < to; ++i)
            p.json += lines.at(i) + '\n';
        p.items = int(to - from);
        return p;
    };
    const qsizetype half = lines.size() / 2;
    return std::make_pair(part(0, half), part(half, lines.size()));
}

} // namespace Automagik::Internal
