// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// splitOtlpRequest() and splitJsonEachRow(): the halves the worker resends after a 413 (payload too
// large), cut from the encoded body (a batch read back from the spool has no records any more).
#include "recordfactory.h"
#include "testsupport.h"

#include "delivery/requestsplitter.h"
#include "encoding/clickhouseencoder.h"
#include "encoding/otlpjsonencoder.h"

#include <QtCore/QJsonDocument>
#include <QtTest/QTest>

#include <vector>

using namespace Automagik;
using namespace Automagik::Internal;
using namespace TestSupport;
using Automagik::Sink::OtlpReceiver;

namespace {

EncoderResource resource()
{
    EncoderResource r;
    r.attributes = {{QStringLiteral("service.name"), QStringLiteral("split-app")},
                    {QStringLiteral("service.version"), QStringLiteral("1.0.0")}};
    r.scopeName = QStringLiteral("split-app.telemetry");
    r.scopeVersion = QStringLiteral("1.0.0");
    return r;
}

// Records numbered by their "seq" attribute, \a count of them, of the kind that \a signal carries.
std::vector<Record> numberedRecords(TelemetrySignal signal, int count)
{
    std::vector<Record> records;
    for (int seq = 0; seq < count; ++seq) {
        const QVariantMap attributes{{QStringLiteral("seq"), seq}};
        switch (signal) {
        case TelemetrySignal::Traces:
            records.push_back(makeEvent(QStringLiteral("e"), attributes));
            break;
        case TelemetrySignal::Metrics:
            records.push_back(makeMetric(QStringLiteral("m"), seq, MetricType::Gauge, attributes));
            break;
        case TelemetrySignal::Logs:
            records.push_back(makeLog(QStringLiteral("l"), LogSeverity::Info, attributes));
            break;
        }
    }
    return records;
}

// The "seq" attribute of every item of an encoded request, in order (a metric's is on its data point).
QList<qint64> seqsIn(TelemetrySignal signal, const QByteArray &json)
{
    QList<qint64> seqs;
    const QJsonArray items = otlpItems(QJsonDocument::fromJson(json).object(), signal);
    for (const QJsonValue &item : items) {
        QJsonObject holder = item.toObject();
        if (signal == TelemetrySignal::Metrics)
            holder = holder.value(QLatin1String("gauge")).toObject().value(QLatin1String("dataPoints")).toArray().at(0).toObject();
        seqs.append(intValue(attribute(holder.value(QLatin1String("attributes")).toArray(), QStringLiteral("seq"))));
    }
    return seqs;
}

// The envelope of a request without its items: what both halves must carry unchanged.
QJsonObject envelope(TelemetrySignal signal, const QByteArray &json)
{
    const OtlpLayout layout = otlpLayout(signal);
    QJsonObject root = QJsonDocument::fromJson(json).object();
    QJsonObject resource = root.value(QLatin1String(layout.resources)).toArray().at(0).toObject();
    QJsonObject scope = resource.value(QLatin1String(layout.scopes)).toArray().at(0).toObject();
    scope.remove(QLatin1String(layout.items));
    resource.insert(QLatin1String(layout.scopes), QJsonArray{scope});
    root.insert(QLatin1String(layout.resources), QJsonArray{resource});
    return root;
}

} // namespace

class tst_RequestSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsOtlpRequestsInHalves_data();
    void splitsOtlpRequestsInHalves();
    void halvingAnEncodedBatchKeepsEveryRecordOnceInOrder_data();
    void halvingAnEncodedBatchKeepsEveryRecordOnceInOrder();
    void refusesRequestsItCannotHalve_data();
    void refusesRequestsItCannotHalve();
    void metricsCountTheirDataPoints();
    void splitsJsonEachRowRows();
    void jsonEachRowIgnoresBlankLines();
    void halvingEncodedRowsKeepsEveryRowOnceInOrder();
};

void tst_RequestSplitter::splitsOtlpRequestsInHalves_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("firstItems");
    QTest::addColumn<int>("secondItems");
    QTest::newRow("spans") << TelemetrySignal::Traces
                           << QByteArray(R"({"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"s"},"spans":[{"name":"a"},{"name":"b"},{"name":"c"}]}]}]})")
                           << 1 << 2;
    QTest::newRow("logs") << TelemetrySignal::Logs
                          << QByteArray(R"({"resourceLogs":[{"resource":{},"scopeLogs":[{"scope":{},"logRecords":[{"severityNumber":9},{"severityNumber":13}]}]}]})")
                          << 1 << 1;
    QTest::newRow("metrics count data points")
        << TelemetrySignal::Metrics
        << QByteArray(R"({"resourceMetrics":[{"resource":{},"scopeMetrics":[{"scope":{},"metrics":[{"name":"m","gauge":{"dataPoints":[{"asDouble":1}]}},{"name":"n","sum":{"dataPoints":[{"asDouble":2},{"asDouble":3}]}}]}]}]})")
        << 1 << 2;
}

void tst_RequestSplitter::splitsOtlpRequestsInHalves()
{
    QFETCH(TelemetrySignal, signal);
    QFETCH(QByteArray, json);
    QFETCH(int, firstItems);
    QFETCH(int, secondItems);
    const auto halves = splitOtlpRequest(signal, json);
    QVERIFY(halves);
    QCOMPARE(halves->first.items, firstItems);
    QCOMPARE(halves->second.items, secondItems);
    const QString name = signalToString(signal);
    QCOMPARE(OtlpReceiver::countItems(name, QJsonDocument::fromJson(halves->first.json).object()), firstItems);
    QCOMPARE(OtlpReceiver::countItems(name, QJsonDocument::fromJson(halves->second.json).object()), secondItems);
    // The resource and scope travel with both halves.
    QVERIFY(halves->first.json.contains("\"resource\""));
    QVERIFY(halves->second.json.contains("\"scope\""));
    // One item cannot be split; neither can garbage.
    const auto one = splitOtlpRequest(signal, halves->first.json);
    QCOMPARE(bool(one), firstItems > 1);
    QVERIFY(!splitOtlpRequest(signal, "not json"));
    QVERIFY(!splitOtlpRequest(signal, "{}"));
}

void tst_RequestSplitter::halvingAnEncodedBatchKeepsEveryRecordOnceInOrder_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::addColumn<int>("count");
    for (const TelemetrySignal signal : {TelemetrySignal::Traces, TelemetrySignal::Metrics, TelemetrySignal::Logs}) {
        for (const int count : {2, 3, 8, 101}) {
            QTest::addRow("%s-%d", qPrintable(signalToString(signal)), count) << signal << count;
        }
    }
}

/*
    What the worker does with a batch the backend keeps refusing as too large: halve it, and halve
    the halves, down to single records. Every record arrives exactly once, in the order it was
    recorded, each part with the batch's resource and scope and an item count that matches its body.
*/
void tst_RequestSplitter::halvingAnEncodedBatchKeepsEveryRecordOnceInOrder()
{
    QFETCH(TelemetrySignal, signal);
    QFETCH(int, count);
    const std::vector<Record> records = numberedRecords(signal, count);
    OtlpJsonEncoder encoder(resource());
    const QByteArray body = encoder.encode(signal, records.data(), records.size());
    const QJsonObject batchEnvelope = envelope(signal, body);

    QList<RequestPart> pending{RequestPart{body, count}};
    QList<qint64> delivered;
    while (!pending.isEmpty()) {
        const RequestPart part = pending.takeFirst();
        QCOMPARE(OtlpReceiver::countItems(signalToString(signal), QJsonDocument::fromJson(part.json).object()),
                 part.items);
        QCOMPARE(envelope(signal, part.json), batchEnvelope);
        const auto halves = splitOtlpRequest(signal, part.json);
        if (part.items == 1) {
            QVERIFY(!halves);
            delivered += seqsIn(signal, part.json);
            continue;
        }
        QVERIFY(halves);
        QCOMPARE(halves->first.items, part.items / 2);
        QCOMPARE(halves->first.items + halves->second.items, part.items);
        pending.prepend(halves->second); // depth first, first half first: delivery order
        pending.prepend(halves->first);
    }
    QList<qint64> expected;
    for (int seq = 0; seq < count; ++seq)
        expected.append(seq);
    QCOMPARE(delivered, expected);
}

void tst_RequestSplitter::refusesRequestsItCannotHalve_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::addColumn<QByteArray>("json");
    // The encoder writes one resource with one scope; anything else is not split (sent, or given up, whole).
    QTest::newRow("two resources") << TelemetrySignal::Traces
                                   << QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{},{}]}]},{"scopeSpans":[{"spans":[{}]}]}]})");
    QTest::newRow("two scopes") << TelemetrySignal::Traces
                                << QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{},{}]},{"spans":[{}]}]}]})");
    QTest::newRow("another signal's body") << TelemetrySignal::Logs
                                           << QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{},{}]}]}]})");
    QTest::newRow("items not a list") << TelemetrySignal::Logs
                                      << QByteArray(R"({"resourceLogs":[{"scopeLogs":[{"logRecords":{"a":{},"b":{}}}]}]})");
    QTest::newRow("no items") << TelemetrySignal::Metrics
                              << QByteArray(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[]}]}]})");
    QTest::newRow("a JSON array") << TelemetrySignal::Traces << QByteArray(R"([{"resourceSpans":[]}])");
    QTest::newRow("truncated") << TelemetrySignal::Traces
                               << QByteArray(R"({"resourceSpans":[{"scopeSpans":[{"spans":[{},{})");
    QTest::newRow("empty") << TelemetrySignal::Traces << QByteArray();
}

void tst_RequestSplitter::refusesRequestsItCannotHalve()
{
    QFETCH(TelemetrySignal, signal);
    QFETCH(QByteArray, json);
    QVERIFY(!splitOtlpRequest(signal, json));
}

void tst_RequestSplitter::metricsCountTheirDataPoints()
{
    // Every OTLP metric kind counts its data points, as the collector's partialSuccess counts them.
    const QByteArray json(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[)"
                          R"({"name":"g","gauge":{"dataPoints":[{},{}]}},)"
                          R"({"name":"s","sum":{"dataPoints":[{}]}},)"
                          R"({"name":"h","histogram":{"dataPoints":[{},{},{}]}},)"
                          R"({"name":"x","exponentialHistogram":{"dataPoints":[{}]}},)"
                          R"({"name":"q","summary":{"dataPoints":[{},{}]}}]}]}]})");
    const auto halves = splitOtlpRequest(TelemetrySignal::Metrics, json);
    QVERIFY(halves);
    QCOMPARE(halves->first.items, 2 + 1); // gauge, sum
    QCOMPARE(halves->second.items, 3 + 1 + 2); // histogram, exponential histogram, summary
}

void tst_RequestSplitter::splitsJsonEachRowRows()
{
    const auto halves = splitJsonEachRow("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
    QVERIFY(halves);
    QCOMPARE(halves->first.json, QByteArray("{\"a\":1}\n"));
    QCOMPARE(halves->second.json, QByteArray("{\"a\":2}\n{\"a\":3}\n"));
    QCOMPARE(halves->first.items + halves->second.items, 3);
    QVERIFY(!splitJsonEachRow("{\"a\":1}\n"));
    QVERIFY(!splitJsonEachRow(""));
}

void tst_RequestSplitter::jsonEachRowIgnoresBlankLines()
{
    const auto halves = splitJsonEachRow("\n{\"a\":1}\n\n  \n{\"a\":2}"); // and no newline after the last row
    QVERIFY(halves);
    QCOMPARE(halves->first.json, QByteArray("{\"a\":1}\n"));
    QCOMPARE(halves->first.items, 1);
    QCOMPARE(halves->second.json, QByteArray("{\"a\":2}\n"));
    QCOMPARE(halves->second.items, 1);
    QVERIFY(!splitJsonEachRow("\n\n{\"a\":1}\n\n")); // one row among blank lines is one row
}

void tst_RequestSplitter::halvingEncodedRowsKeepsEveryRowOnceInOrder()
{
    const std::vector<Record> records = numberedRecords(TelemetrySignal::Traces, 9);
    ClickHouseEncoder encoder(resource());
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, records.data(), records.size());
    QList<QByteArray> rows = body.split('\n');
    rows.removeAll(QByteArray());
    QCOMPARE(rows.size(), 9);

    QList<RequestPart> pending{RequestPart{body, 9}};
    QList<QByteArray> delivered;
    while (!pending.isEmpty()) {
        const RequestPart part = pending.takeFirst();
        const auto halves = splitJsonEachRow(part.json);
        if (part.items == 1) {
            QVERIFY(!halves);
            delivered.append(part.json.trimmed());
            continue;
        }
        QVERIFY(halves);
        QCOMPARE(halves->first.items + halves->second.items, part.items);
        pending.prepend(halves->second);
        pending.prepend(halves->first);
    }
    QCOMPARE(delivered, rows);
}

QTEST_GUILESS_MAIN(tst_RequestSplitter)
#include "tst_requestsplitter.moc"
