// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/requestsplitter.h"

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

} // namespace

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
