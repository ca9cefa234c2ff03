// SPDX-License-Identifier: MIT
// OtlpJsonEncoder: request bodies in the OTLP/HTTP JSON encoding (protobuf
// JSON mapping with OTLP's exceptions: hex ids, integer enums, 64-bit
// integers as decimal strings), with the SDK family's limits. Every body is
// parsed back with QJsonDocument and checked field by field.
#include "otlpjson.h"
#include "recordfactory.h"

#include "encoding/jsonwriter.h"
#include "encoding/otlpjsonencoder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>
#include <QUrl>
#include <QUuid>

#include <cmath>
#include <limits>
#include <vector>

using namespace Automagik;
using namespace Automagik::Internal;
using namespace TestSupport;

Q_DECLARE_METATYPE(Automagik::Internal::Record)

namespace {

EncoderResource testResource()
{
    EncoderResource r;
    r.attributes = {{QStringLiteral("service.name"), QStringLiteral("my-app")},
                    {QStringLiteral("service.version"), QStringLiteral("1.2.0")},
                    {QStringLiteral("service.organization"), QStringLiteral("namastex")},
                    {QString(), QStringLiteral("no key: skipped")},
                    {QStringLiteral("quote\"d"), QStringLiteral("line\nbreak")}};
    r.scopeName = QStringLiteral("my-app.telemetry");
    r.scopeVersion = QStringLiteral("1.2.0");
    return r;
}

QJsonValue at(const QJsonValue &v, const char *key)
{
    return v.toObject().value(QLatin1String(key));
}

// A strict parse: a bare NaN, a lone surrogate or a trailing comma fails here.
QJsonObject parseBody(const QByteArray &body, bool *ok)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    *ok = error.error == QJsonParseError::NoError && doc.isObject();
    if (!*ok)
        qWarning("invalid JSON at %d: %s", error.offset, qPrintable(error.errorString()));
    return doc.object();
}

// {"stringValue": text} / {"intValue": "digits"}: the expected AnyValue objects.
QJsonObject sv(const QString &text)
{
    return QJsonObject{{QStringLiteral("stringValue"), text}};
}

QJsonObject iv(const QString &digits)
{
    return QJsonObject{{QStringLiteral("intValue"), digits}};
}

QString timeString()
{
    return QString::number(kRecordTime);
}

QString repeated(QChar c, int n)
{
    return QString(n, c);
}

} // namespace

class tst_OtlpJsonEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void envelope_data();
    void envelope();
    void emptyBatch_data();
    void emptyBatch();
    void resourceOncePerRequest();

    void span();
    void spanIdsUniqueAcrossBatch();
    void errorSpan();
    void errorMessageCut();
    void errorContextOverrides();
    void errorAttributesSurviveAttributeLimit();

    void gauge();
    void counter();
    void histogram();
    void metricUnit();
    void metricTypeOutsideTheEnumIsAGauge();
    void metricNonFiniteValue_data();
    void metricNonFiniteValue();

    void logRecord_data();
    void logRecord();
    void logBodyCut();

    void attributeTyping_data();
    void attributeTyping();
    void unsupportedTypes();
    void stringCutAt500_data();
    void stringCutAt500();
    void hugeString();
    void truncatedHelper_data();
    void truncatedHelper();
    void truncatedValuesCounts();
    void nestingDepthLimited_data();
    void nestingDepthLimited();
    void collectionSizeLimited();
    void attributeCountLimit_data();
    void attributeCountLimit();
    void customAttributeLimit();
    void emptyKeysSkipped();
    void truncatedKeysStayUnique();
    void invalidUtf8ByteArray();
    void writeAttributesDirect();
    void largeMixedBatchIsValidJson();
};

void tst_OtlpJsonEncoder::envelope_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::addColumn<QList<Record>>("records");

    QTest::newRow("traces") << TelemetrySignal::Traces
                            << QList<Record>{makeEvent(QStringLiteral("a")), makeError(QStringLiteral("E"), {})};
    QTest::newRow("metrics") << TelemetrySignal::Metrics
                             << QList<Record>{makeMetric(QStringLiteral("m"), 1, MetricType::Gauge),
                                              makeMetric(QStringLiteral("c"), 2, MetricType::Counter),
                                              makeMetric(QStringLiteral("h"), 3, MetricType::Histogram)};
    QTest::newRow("logs") << TelemetrySignal::Logs
                          << QList<Record>{makeLog(QStringLiteral("hello"), LogSeverity::Info)};
}

void tst_OtlpJsonEncoder::envelope()
{
    QFETCH(TelemetrySignal, signal);
    QFETCH(QList<Record>, records);

    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(signal, records.constData(), std::size_t(records.size())), &ok);
    QVERIFY(ok);

    // {"resourceX":[{"resource":{...},"scopeX":[{"scope":{...},"items":[...]}]}]} and nothing else.
    QCOMPARE(root.keys(), QStringList{QLatin1String(otlpLayout(signal).resources)});
    const QJsonArray resources = root.value(QLatin1String(otlpLayout(signal).resources)).toArray();
    QCOMPARE(resources.size(), 1);

    const QJsonArray resourceAttributes = at(at(resources.at(0), "resource"), "attributes").toArray();
    QCOMPARE(resourceAttributes.size(), 4); // the empty key is skipped
    const QStringList expectedKeys{QStringLiteral("service.name"), QStringLiteral("service.version"),
                                   QStringLiteral("service.organization"), QStringLiteral("quote\"d")};
    const QStringList expectedValues{QStringLiteral("my-app"), QStringLiteral("1.2.0"), QStringLiteral("namastex"),
                                     QStringLiteral("line\nbreak")};
    for (int i = 0; i < resourceAttributes.size(); ++i) {
        QCOMPARE(at(resourceAttributes.at(i), "key").toString(), expectedKeys.at(i)); // order kept
        const QJsonObject value = at(resourceAttributes.at(i), "value").toObject();
        QCOMPARE(value.keys(), QStringList{QStringLiteral("stringValue")});
        QCOMPARE(value.value(QLatin1String("stringValue")).toString(), expectedValues.at(i));
    }

    const QJsonArray scopes = at(resources.at(0), otlpLayout(signal).scopes).toArray();
    QCOMPARE(scopes.size(), 1);
    QCOMPARE(at(at(scopes.at(0), "scope"), "name").toString(), QStringLiteral("my-app.telemetry"));
    QCOMPARE(at(at(scopes.at(0), "scope"), "version").toString(), QStringLiteral("1.2.0"));
    QCOMPARE(otlpItems(root, signal).size(), records.size());
}

void tst_OtlpJsonEncoder::emptyBatch_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::newRow("traces") << TelemetrySignal::Traces;
    QTest::newRow("metrics") << TelemetrySignal::Metrics;
    QTest::newRow("logs") << TelemetrySignal::Logs;
}

void tst_OtlpJsonEncoder::emptyBatch()
{
    QFETCH(TelemetrySignal, signal);

    OtlpJsonEncoder encoder(EncoderResource{});
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(signal, nullptr, 0), &ok);
    QVERIFY(ok);
    QVERIFY(root.contains(QLatin1String(otlpLayout(signal).resources)));
    QVERIFY(otlpItems(root, signal).isEmpty());
}

void tst_OtlpJsonEncoder::resourceOncePerRequest()
{
    QList<Record> records;
    for (int i = 0; i < 50; ++i)
        records.append(makeEvent(QStringLiteral("e%1").arg(i), {{QStringLiteral("i"), i}}));
    OtlpJsonEncoder encoder(testResource());
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, records.constData(), std::size_t(records.size()));
    // System information lives on the Resource, once per request, never inside each span (the SDKs' D4).
    QCOMPARE(body.count("service.name"), 1);
    QCOMPARE(body.count("\"resource\""), 1);
    bool ok = false;
    const QJsonObject root = parseBody(body, &ok);
    QVERIFY(ok);
    for (const QJsonValue &span : otlpItems(root, TelemetrySignal::Traces))
        QVERIFY(!span.toObject().contains(QLatin1String("resource")));

    // The same encoder keeps producing the same resource for the next request.
    const QByteArray second = encoder.encode(TelemetrySignal::Logs, nullptr, 0);
    QCOMPARE(second.count("service.name"), 1);
}

void tst_OtlpJsonEncoder::span()
{
    const Record r = makeEvent(QStringLiteral("automagik.feature.used"),
                           {{QStringLiteral("feature_name"), QStringLiteral("export")},
                            {QStringLiteral("count"), 3}});
    OtlpJsonEncoder encoder(testResource());
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, &r, 1);
    bool ok = false;
    const QJsonObject root = parseBody(body, &ok);
    QVERIFY(ok);
    const QJsonObject span = otlpItems(root, TelemetrySignal::Traces).at(0).toObject();

    static const QRegularExpression traceIdRx(QStringLiteral("^[0-9a-f]{32}$"));
    static const QRegularExpression spanIdRx(QStringLiteral("^[0-9a-f]{16}$"));
    const QString traceId = span.value(QLatin1String("traceId")).toString();
    const QString spanId = span.value(QLatin1String("spanId")).toString();
    QVERIFY2(traceIdRx.match(traceId).hasMatch(), qPrintable(traceId)); // 16 bytes, not the SDKs' 64 hex
    QVERIFY2(spanIdRx.match(spanId).hasMatch(), qPrintable(spanId));
    QVERIFY(traceId != repeated(QLatin1Char('0'), 32));
    QVERIFY(spanId != repeated(QLatin1Char('0'), 16));
    QVERIFY(!span.contains(QLatin1String("parentSpanId"))
            || span.value(QLatin1String("parentSpanId")).toString().isEmpty());

    QCOMPARE(span.value(QLatin1String("name")).toString(), QStringLiteral("automagik.feature.used"));
    // kind INTERNAL as the JSON integer 1, not the enum name.
    QVERIFY(span.value(QLatin1String("kind")).isDouble());
    QCOMPARE(span.value(QLatin1String("kind")).toInt(), 1);
    QVERIFY(body.contains("\"kind\":1"));
    // Nanosecond times as decimal strings, exact past 2^53.
    QVERIFY(span.value(QLatin1String("startTimeUnixNano")).isString());
    QCOMPARE(span.value(QLatin1String("startTimeUnixNano")).toString(), timeString());
    QCOMPARE(span.value(QLatin1String("endTimeUnixNano")).toString(), timeString());

    const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
    QCOMPARE(attributes.size(), 2);
    QCOMPARE(attribute(attributes, QStringLiteral("feature_name")),
             sv(QStringLiteral("export")));
    QCOMPARE(attribute(attributes, QStringLiteral("count")), iv(QStringLiteral("3")));
    QVERIFY(!span.contains(QLatin1String("droppedAttributesCount")));
    // An event is not an error: no ERROR status.
    QVERIFY(at(span.value(QLatin1String("status")), "code").toInt() != 2);
}

void tst_OtlpJsonEncoder::spanIdsUniqueAcrossBatch()
{
    std::vector<Record> records(1000, makeEvent(QStringLiteral("same")));
    OtlpJsonEncoder encoder(testResource());
    QSet<QString> traceIds;
    QSet<QString> spanIds;
    for (int round = 0; round < 2; ++round) {
        bool ok = false;
        const QJsonObject root
            = parseBody(encoder.encode(TelemetrySignal::Traces, records.data(), records.size()), &ok);
        QVERIFY(ok);
        const QJsonArray spans = otlpItems(root, TelemetrySignal::Traces);
        QCOMPARE(spans.size(), 1000);
        for (const QJsonValue &s : spans) {
            traceIds.insert(at(s, "traceId").toString());
            spanIds.insert(at(s, "spanId").toString());
        }
    }
    QCOMPARE(traceIds.size(), 2); // one trace per request: ids are unique, not random
    QCOMPARE(spanIds.size(), 2000);

    // Two encoders (two clients, or a restart) do not repeat each other's ids.
    OtlpJsonEncoder other(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(other.encode(TelemetrySignal::Traces, records.data(), 100), &ok);
    QVERIFY(ok);
    for (const QJsonValue &s : otlpItems(root, TelemetrySignal::Traces))
        QVERIFY(!traceIds.contains(at(s, "traceId").toString()));
}

void tst_OtlpJsonEncoder::errorSpan()
{
    const Record r = makeError(QStringLiteral("ValueError"), QStringLiteral("boom"),
                                 {{QStringLiteral("operation"), QStringLiteral("save")}});
    OtlpJsonEncoder encoder(testResource());
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, &r, 1);
    bool ok = false;
    const QJsonObject root = parseBody(body, &ok);
    QVERIFY(ok);
    const QJsonObject span = otlpItems(root, TelemetrySignal::Traces).at(0).toObject();

    QCOMPARE(span.value(QLatin1String("name")).toString(), QStringLiteral("automagik.error"));
    const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
    const auto str = [](const char *s) { return QJsonObject{{QStringLiteral("stringValue"), QString::fromLatin1(s)}}; };
    QCOMPARE(attribute(attributes, QStringLiteral("error_type")), str("ValueError"));
    QCOMPARE(attribute(attributes, QStringLiteral("error_message")), str("boom"));
    QCOMPARE(attribute(attributes, QStringLiteral("exception.type")), str("ValueError"));
    QCOMPARE(attribute(attributes, QStringLiteral("exception.message")), str("boom"));
    QCOMPARE(attribute(attributes, QStringLiteral("operation")), str("save"));
    QCOMPARE(attributeKeys(attributes).size(), attributes.size()); // OTLP keys are unique

    // ERROR status (2) with the message, not the SDKs' OK.
    const QJsonObject status = span.value(QLatin1String("status")).toObject();
    QVERIFY(status.value(QLatin1String("code")).isDouble());
    QCOMPARE(status.value(QLatin1String("code")).toInt(), 2);
    QCOMPARE(status.value(QLatin1String("message")).toString(), QStringLiteral("boom"));
    QCOMPARE(span.value(QLatin1String("startTimeUnixNano")).toString(), timeString());
}

void tst_OtlpJsonEncoder::errorMessageCut()
{
    const QString longMessage
        = repeated(QLatin1Char('x'), 499) + QStringLiteral("yz") + repeated(QLatin1Char('q'), 300);
    const Record r = makeError(QStringLiteral("RuntimeError"), longMessage);
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject span = otlpItems(root, TelemetrySignal::Traces).at(0).toObject();
    const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
    const QString expected = longMessage.left(500);
    QCOMPARE(attribute(attributes, QStringLiteral("error_message")).value(QLatin1String("stringValue")).toString(),
             expected);
    QCOMPARE(attribute(attributes, QStringLiteral("exception.message")).value(QLatin1String("stringValue")).toString(),
             expected);
    QCOMPARE(at(span.value(QLatin1String("status")), "message").toString(), expected);
}

void tst_OtlpJsonEncoder::errorContextOverrides()
{
    // The SDKs let context keys overwrite error_type / error_message.
    const Record r = makeError(QStringLiteral("ValueError"), QStringLiteral("boom"),
                                 {{QStringLiteral("error_type"), QStringLiteral("Custom")},
                                  {QStringLiteral("error_message"), QStringLiteral("overridden")}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject span = otlpItems(root, TelemetrySignal::Traces).at(0).toObject();
    const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
    QCOMPARE(attribute(attributes, QStringLiteral("error_type")).value(QLatin1String("stringValue")).toString(),
             QStringLiteral("Custom"));
    QCOMPARE(attribute(attributes, QStringLiteral("error_message")).value(QLatin1String("stringValue")).toString(),
             QStringLiteral("overridden"));
    QCOMPARE(attribute(attributes, QStringLiteral("exception.type")).value(QLatin1String("stringValue")).toString(),
             QStringLiteral("ValueError"));
    QCOMPARE(attributeKeys(attributes).size(), attributes.size()); // overridden, not duplicated
    QCOMPARE(attributes.size(), 4);
}

void tst_OtlpJsonEncoder::errorAttributesSurviveAttributeLimit()
{
    // A context with more keys than the limit must not push out the attributes that make it an error report.
    QVariantMap context;
    for (int i = 0; i < 200; ++i)
        context.insert(QStringLiteral("a%1").arg(i, 3, 10, QLatin1Char('0')), i);
    const Record r = makeError(QStringLiteral("ValueError"), QStringLiteral("boom"), context);
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject span = otlpItems(root, TelemetrySignal::Traces).at(0).toObject();
    const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
    QCOMPARE(attributes.size(), 128);
    QCOMPARE(span.value(QLatin1String("droppedAttributesCount")).toInt(), 200 + 4 - 128);
    QCOMPARE(at(span.value(QLatin1String("status")), "code").toInt(), 2);
    // Context keys sorting before "error_type" ("a000".."a199") must not push the error attributes out.
    QVERIFY(hasAttribute(attributes, QStringLiteral("error_type"))
            && hasAttribute(attributes, QStringLiteral("error_message"))
            && hasAttribute(attributes, QStringLiteral("exception.type"))
            && hasAttribute(attributes, QStringLiteral("exception.message")));
}

void tst_OtlpJsonEncoder::gauge()
{
    const Record r = makeMetric(QStringLiteral("memory.mb"), 2.5, MetricType::Gauge,
                                {{QStringLiteral("host"), QStringLiteral("a")}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Metrics, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject m = otlpItems(root, TelemetrySignal::Metrics).at(0).toObject();
    QCOMPARE(m.value(QLatin1String("name")).toString(), QStringLiteral("memory.mb"));
    QVERIFY(m.contains(QLatin1String("gauge")));
    QVERIFY(!m.contains(QLatin1String("sum")));
    QVERIFY(!m.contains(QLatin1String("histogram")));
    const QJsonArray points = at(m.value(QLatin1String("gauge")), "dataPoints").toArray();
    QCOMPARE(points.size(), 1);
    const QJsonObject p = points.at(0).toObject();
    QVERIFY(p.value(QLatin1String("asDouble")).isDouble());
    QCOMPARE(p.value(QLatin1String("asDouble")).toDouble(), 2.5);
    QCOMPARE(p.value(QLatin1String("timeUnixNano")).toString(), timeString());
    QCOMPARE(attribute(p.value(QLatin1String("attributes")).toArray(), QStringLiteral("host")),
             sv(QStringLiteral("a")));
}

void tst_OtlpJsonEncoder::counter()
{
    const Record r = makeMetric(QStringLiteral("requests"), 3, MetricType::Counter);
    OtlpJsonEncoder encoder(testResource());
    const QByteArray body = encoder.encode(TelemetrySignal::Metrics, &r, 1);
    bool ok = false;
    const QJsonObject root = parseBody(body, &ok);
    QVERIFY(ok);
    const QJsonObject m = otlpItems(root, TelemetrySignal::Metrics).at(0).toObject();
    const QJsonObject sum = m.value(QLatin1String("sum")).toObject();
    QVERIFY(!sum.isEmpty());
    QVERIFY(!m.contains(QLatin1String("gauge")));
    // Each call is an increment: DELTA (1) as a JSON integer, monotonic.
    QVERIFY(sum.value(QLatin1String("aggregationTemporality")).isDouble());
    QCOMPARE(sum.value(QLatin1String("aggregationTemporality")).toInt(), 1);
    QVERIFY(body.contains("\"aggregationTemporality\":1"));
    QVERIFY(sum.value(QLatin1String("isMonotonic")).isBool());
    QCOMPARE(sum.value(QLatin1String("isMonotonic")).toBool(), true);
    const QJsonObject p = sum.value(QLatin1String("dataPoints")).toArray().at(0).toObject();
    QCOMPARE(p.value(QLatin1String("asDouble")).toDouble(), 3.0);
    QCOMPARE(p.value(QLatin1String("startTimeUnixNano")).toString(), timeString());
    QCOMPARE(p.value(QLatin1String("timeUnixNano")).toString(), timeString());
}

void tst_OtlpJsonEncoder::histogram()
{
    const Record r = makeMetric(QStringLiteral("render.ms"), 16.4, MetricType::Histogram);
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Metrics, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject m = otlpItems(root, TelemetrySignal::Metrics).at(0).toObject();
    const QJsonObject h = m.value(QLatin1String("histogram")).toObject();
    QVERIFY(!h.isEmpty());
    QVERIFY(h.value(QLatin1String("aggregationTemporality")).isDouble());
    QCOMPARE(h.value(QLatin1String("aggregationTemporality")).toInt(), 1);
    const QJsonObject p = h.value(QLatin1String("dataPoints")).toArray().at(0).toObject();
    // One sample: count "1" (fixed64 as a string), sum, one bucket with no bounds, min = max = value.
    QVERIFY(p.value(QLatin1String("count")).isString());
    QCOMPARE(p.value(QLatin1String("count")).toString(), QStringLiteral("1"));
    QCOMPARE(p.value(QLatin1String("sum")).toDouble(), 16.4);
    QCOMPARE(p.value(QLatin1String("bucketCounts")).toArray(), QJsonArray{QStringLiteral("1")});
    QVERIFY(p.value(QLatin1String("explicitBounds")).isArray());
    QVERIFY(p.value(QLatin1String("explicitBounds")).toArray().isEmpty());
    QCOMPARE(p.value(QLatin1String("min")).toDouble(), 16.4);
    QCOMPARE(p.value(QLatin1String("max")).toDouble(), 16.4);
    QCOMPARE(p.value(QLatin1String("startTimeUnixNano")).toString(), timeString());
    QCOMPARE(p.value(QLatin1String("timeUnixNano")).toString(), timeString());
}

namespace {
// The metrics of one request that encodes \a records; \a ok says whether the body parsed.
QJsonArray encodedMetrics(const QList<Record> &records, bool *ok)
{
    OtlpJsonEncoder encoder(testResource());
    const QJsonObject root =
        parseBody(encoder.encode(TelemetrySignal::Metrics, records.constData(), std::size_t(records.size())), ok);
    return otlpItems(root, TelemetrySignal::Metrics);
}
} // namespace

void tst_OtlpJsonEncoder::metricUnit()
{
    const QList<Record> records{
        makeMetric(QStringLiteral("a"), 1, MetricType::Gauge, {{QStringLiteral("unit"), QStringLiteral("ms")}}),
        makeMetric(QStringLiteral("b"), 1, MetricType::Counter, {{QStringLiteral("unit"), 5}}),
        makeMetric(QStringLiteral("c"), 1, MetricType::Histogram),
    };
    bool ok = false;
    const QJsonArray metrics = encodedMetrics(records, &ok);
    QVERIFY(ok);
    QCOMPARE(metrics.size(), 3);
    QCOMPARE(at(metrics.at(0), "unit").toString(), QStringLiteral("ms"));
    // Only a string names a unit.
    QVERIFY(at(metrics.at(1), "unit").toString().isEmpty());
    QVERIFY(at(metrics.at(2), "unit").toString().isEmpty());
}

void tst_OtlpJsonEncoder::metricTypeOutsideTheEnumIsAGauge()
{
    // A cast in the caller's code must not index past the encoder's table of metric kinds.
    const QList<Record> records{
        makeMetric(QStringLiteral("cast"), 2, static_cast<MetricType>(7)),
        makeMetric(QStringLiteral("negative"), 3, static_cast<MetricType>(-1)),
    };
    bool ok = false;
    const QJsonArray metrics = encodedMetrics(records, &ok);
    QVERIFY(ok);
    QCOMPARE(metrics.size(), 2);
    for (const QJsonValue &metric : metrics) {
        QVERIFY(metric.toObject().contains(QStringLiteral("gauge")));
        QCOMPARE(metric.toObject().value(QStringLiteral("gauge")).toObject().value(QStringLiteral("dataPoints"))
                     .toArray().size(), 1);
    }
}

void tst_OtlpJsonEncoder::metricNonFiniteValue_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << QStringLiteral("NaN");
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << QStringLiteral("Infinity");
    QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << QStringLiteral("-Infinity");
}

void tst_OtlpJsonEncoder::metricNonFiniteValue()
{
    QFETCH(double, value);
    QFETCH(QString, expected);

    const QList<Record> records{makeMetric(QStringLiteral("g"), value, MetricType::Gauge),
                                makeMetric(QStringLiteral("c"), value, MetricType::Counter),
                                makeMetric(QStringLiteral("h"), value, MetricType::Histogram)};
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    // Python's bare NaN token would make the whole request invalid JSON (REFERENCE.md D10).
    const QJsonObject root =
        parseBody(encoder.encode(TelemetrySignal::Metrics, records.constData(), std::size_t(records.size())), &ok);
    QVERIFY(ok);
    const QJsonArray metrics = otlpItems(root, TelemetrySignal::Metrics);
    QCOMPARE(at(at(at(metrics.at(0), "gauge"), "dataPoints").toArray().at(0), "asDouble").toString(), expected);
    QCOMPARE(at(at(at(metrics.at(1), "sum"), "dataPoints").toArray().at(0), "asDouble").toString(), expected);
    const QJsonValue point = at(at(metrics.at(2), "histogram"), "dataPoints").toArray().at(0);
    QCOMPARE(at(point, "sum").toString(), expected);
    QCOMPARE(at(point, "min").toString(), expected);
    QCOMPARE(at(point, "max").toString(), expected);
}

void tst_OtlpJsonEncoder::logRecord_data()
{
    QTest::addColumn<LogSeverity>("severity");
    QTest::addColumn<int>("number");
    QTest::addColumn<QString>("text");

    QTest::newRow("trace") << LogSeverity::Trace << 1 << QStringLiteral("TRACE");
    QTest::newRow("debug") << LogSeverity::Debug << 5 << QStringLiteral("DEBUG");
    QTest::newRow("info") << LogSeverity::Info << 9 << QStringLiteral("INFO");
    QTest::newRow("warn") << LogSeverity::Warn << 13 << QStringLiteral("WARN");
    QTest::newRow("error") << LogSeverity::Error << 17 << QStringLiteral("ERROR");
    QTest::newRow("fatal") << LogSeverity::Fatal << 21 << QStringLiteral("FATAL");
}

void tst_OtlpJsonEncoder::logRecord()
{
    QFETCH(LogSeverity, severity);
    QFETCH(int, number);
    QFETCH(QString, text);

    const Record r
        = makeLog(QStringLiteral("cache \"cold\""), severity, {{QStringLiteral("module"), QStringLiteral("io")}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Logs, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject log = otlpItems(root, TelemetrySignal::Logs).at(0).toObject();
    QVERIFY(log.value(QLatin1String("severityNumber")).isDouble());
    QCOMPARE(log.value(QLatin1String("severityNumber")).toInt(), number);
    QCOMPARE(log.value(QLatin1String("severityText")).toString(), text);
    QCOMPARE(log.value(QLatin1String("body")).toObject(),
             sv(QStringLiteral("cache \"cold\"")));
    QVERIFY(log.value(QLatin1String("timeUnixNano")).isString());
    QCOMPARE(log.value(QLatin1String("timeUnixNano")).toString(), timeString());
    QCOMPARE(log.value(QLatin1String("observedTimeUnixNano")).toString(), timeString());
    QCOMPARE(attribute(log.value(QLatin1String("attributes")).toArray(), QStringLiteral("module")),
             sv(QStringLiteral("io")));
}

void tst_OtlpJsonEncoder::logBodyCut()
{
    const QString message = repeated(QLatin1Char('m'), 1000) + repeated(QLatin1Char('n'), 500);
    const QList<Record> records{makeLog(message, LogSeverity::Info),
                                makeLog(repeated(QLatin1Char('s'), 1000), LogSeverity::Info)};
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root =
        parseBody(encoder.encode(TelemetrySignal::Logs, records.constData(), std::size_t(records.size())), &ok);
    QVERIFY(ok);
    const QJsonArray logs = otlpItems(root, TelemetrySignal::Logs);
    QCOMPARE(at(at(logs.at(0), "body"), "stringValue").toString(), message.left(1000));
    QCOMPARE(at(at(logs.at(1), "body"), "stringValue").toString(), repeated(QLatin1Char('s'), 1000)); // not cut
}

void tst_OtlpJsonEncoder::attributeTyping_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QJsonObject>("expected");

    const auto any = [](const char *field, const QJsonValue &v) { return QJsonObject{{QLatin1String(field), v}}; };
    const auto str = [&any](const QString &s) { return any("stringValue", s); };
    const auto intv = [&any](const char *s) { return any("intValue", QString::fromLatin1(s)); };
    const auto list = [&any](const QJsonArray &values) {
        return any("arrayValue", QJsonObject{{QStringLiteral("values"), values}});
    };
    const auto kv = [](const char *key, const QJsonObject &value) {
        return QJsonObject{{QStringLiteral("key"), QString::fromLatin1(key)}, {QStringLiteral("value"), value}};
    };
    const auto kvlist = [&any](const QJsonArray &values) {
        return any("kvlistValue", QJsonObject{{QStringLiteral("values"), values}});
    };

    QTest::newRow("bool-true") << QVariant(true) << any("boolValue", true);
    QTest::newRow("bool-false") << QVariant(false) << any("boolValue", false);
    // Integers as intValue (int64 as a decimal string), not the SDKs' doubleValue.
    QTest::newRow("int") << QVariant(42) << intv("42");
    QTest::newRow("int-negative") << QVariant(-7) << intv("-7");
    QTest::newRow("uint") << QVariant(4000000000u) << intv("4000000000");
    QTest::newRow("qint64-max") << QVariant(std::numeric_limits<qint64>::max()) << intv("9223372036854775807");
    QTest::newRow("qint64-min") << QVariant(std::numeric_limits<qint64>::min()) << intv("-9223372036854775808");
    QTest::newRow("quint64-small") << QVariant(quint64(12)) << intv("12");
    QTest::newRow("quint64-int64-max") << QVariant(quint64(std::numeric_limits<qint64>::max()))
                                       << intv("9223372036854775807");
    // Beyond int64: the magnitude, as a double, rather than a wrapped negative number.
    QTest::newRow("quint64-max") << QVariant(std::numeric_limits<quint64>::max())
                                 << any("doubleValue", 18446744073709551615.0);
    QTest::newRow("short") << QVariant::fromValue(short(-3)) << intv("-3");
    QTest::newRow("double") << QVariant(2.5) << any("doubleValue", 2.5);
    QTest::newRow("double-integral") << QVariant(3.0) << any("doubleValue", 3.0);
    QTest::newRow("float") << QVariant(1.5f) << any("doubleValue", 1.5);
    QTest::newRow("nan") << QVariant(std::numeric_limits<double>::quiet_NaN())
                         << any("doubleValue", QStringLiteral("NaN"));
    QTest::newRow("inf") << QVariant(std::numeric_limits<double>::infinity())
                         << any("doubleValue", QStringLiteral("Infinity"));
    QTest::newRow("-inf") << QVariant(-std::numeric_limits<double>::infinity())
                          << any("doubleValue", QStringLiteral("-Infinity"));
    QTest::newRow("string") << QVariant(QStringLiteral("hi")) << str(QStringLiteral("hi"));
    QTest::newRow("string-empty") << QVariant(QString()) << str(QString());
    QTest::newRow("string-escapes") << QVariant(QStringLiteral("a\"b\\c\n")) << str(QStringLiteral("a\"b\\c\n"));
    QTest::newRow("bytearray") << QVariant(QByteArrayLiteral("abc")) << str(QStringLiteral("abc"));
    QTest::newRow("stringlist") << QVariant(QStringList{QStringLiteral("a"), QStringLiteral("b")})
                                << list({str(QStringLiteral("a")), str(QStringLiteral("b"))});
    QTest::newRow("variantlist") << QVariant(QVariantList{1, QStringLiteral("x"), true, 0.5})
                                 << list({intv("1"), str(QStringLiteral("x")), any("boolValue", true),
                                          any("doubleValue", 0.5)});
    QTest::newRow("empty-list") << QVariant(QVariantList()) << list({});
    QVariantList outer;
    outer.append(QVariant(QVariantList{1})); // not QVariantList{QVariantList{1}}: clang reads that as a copy
    QTest::newRow("nested-list") << QVariant(outer) << list({list({intv("1")})});
    QTest::newRow("map") << QVariant(QVariantMap{{QStringLiteral("b"), QStringLiteral("x")}, {QStringLiteral("a"), 1}})
                         << kvlist({kv("a", intv("1")), kv("b", str(QStringLiteral("x")))});
    QTest::newRow("hash") << QVariant(QVariantHash{{QStringLiteral("k"), false}})
                          << kvlist({kv("k", any("boolValue", false))});
    QTest::newRow("map-in-list") << QVariant(QVariantList{QVariantMap{{QStringLiteral("n"), 2}}})
                                 << list({kvlist({kv("n", intv("2"))})});
    QTest::newRow("datetime") << QVariant(QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5, 678), QTimeZone::utc()))
                              << str(QStringLiteral("2024-01-02T03:04:05.678Z"));
    QTest::newRow("datetime-offset") << QVariant(QDateTime(QDate(2024, 1, 2), QTime(5, 4, 5, 678), QTimeZone(7200)))
                                     << str(QStringLiteral("2024-01-02T03:04:05.678Z"));
    const QUuid uuid(QStringLiteral("{67c8770b-44f1-410a-ab9a-f9b5446f13ee}"));
    QTest::newRow("uuid") << QVariant(uuid) << str(QStringLiteral("67c8770b-44f1-410a-ab9a-f9b5446f13ee"));
    // Credentials in a URL never reach the wire.
    QTest::newRow("url-with-password") << QVariant(QUrl(QStringLiteral("https://user:secret@x.example/p?q=1")))
                                       << str(QStringLiteral("https://x.example/p?q=1"));
    // null: the empty AnyValue.
    QTest::newRow("invalid") << QVariant() << QJsonObject();
    QTest::newRow("nullptr") << QVariant::fromValue(nullptr) << QJsonObject();
    // Types Qt can turn into text keep that text.
    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << str(QStringLiteral("2024-02-29"));
    QTest::newRow("qchar") << QVariant(QChar(u'x')) << str(QStringLiteral("x"));
    QTest::newRow("bytearraylist")
        << QVariant::fromValue(QByteArrayList{QByteArrayLiteral("a"), QByteArrayLiteral("b")})
        << list({str(QStringLiteral("a")), str(QStringLiteral("b"))});
    // JSON values map onto the matching AnyValue forms.
    QTest::newRow("json-object")
        << QVariant(QJsonObject{{QStringLiteral("b"), QStringLiteral("x")}, {QStringLiteral("a"), true}})
        << kvlist({kv("a", any("boolValue", true)), kv("b", str(QStringLiteral("x")))});
    QTest::newRow("json-array") << QVariant(QJsonArray{2.5, QStringLiteral("s")})
                                << list({any("doubleValue", 2.5), str(QStringLiteral("s"))});
    QTest::newRow("json-value") << QVariant(QJsonValue(QStringLiteral("v"))) << str(QStringLiteral("v"));
    QTest::newRow("json-null") << QVariant(QJsonValue(QJsonValue::Null)) << QJsonObject();
}

void tst_OtlpJsonEncoder::attributeTyping()
{
    QFETCH(QVariant, value);
    QFETCH(QJsonObject, expected);

    // The same value as a span attribute, a data point attribute and a log attribute.
    const QVariantMap attributes{{QStringLiteral("k"), value}};
    const QList<Record> spans{makeEvent(QStringLiteral("e"), attributes)};
    const QList<Record> metrics{makeMetric(QStringLiteral("m"), 1, MetricType::Gauge, attributes)};
    const QList<Record> logs{makeLog(QStringLiteral("l"), LogSeverity::Info, attributes)};
    OtlpJsonEncoder encoder(testResource());

    bool ok = false;
    const QJsonObject traceRoot = parseBody(encoder.encode(TelemetrySignal::Traces, spans.constData(), 1), &ok);
    QVERIFY(ok);
    const QJsonObject metricRoot = parseBody(encoder.encode(TelemetrySignal::Metrics, metrics.constData(), 1), &ok);
    QVERIFY(ok);
    const QJsonObject logRoot = parseBody(encoder.encode(TelemetrySignal::Logs, logs.constData(), 1), &ok);
    QVERIFY(ok);

    const QJsonArray spanAttributes = at(otlpItems(traceRoot, TelemetrySignal::Traces).at(0), "attributes").toArray();
    const QJsonArray pointAttributes =
        at(at(at(otlpItems(metricRoot, TelemetrySignal::Metrics).at(0), "gauge"), "dataPoints").toArray().at(0),
           "attributes")
            .toArray();
    const QJsonArray logAttributes = at(otlpItems(logRoot, TelemetrySignal::Logs).at(0), "attributes").toArray();

    QCOMPARE(spanAttributes.size(), 1);
    QVERIFY(hasAttribute(spanAttributes, QStringLiteral("k")));
    QCOMPARE(attribute(spanAttributes, QStringLiteral("k")), expected);
    QCOMPARE(attribute(pointAttributes, QStringLiteral("k")), expected);
    QCOMPARE(attribute(logAttributes, QStringLiteral("k")), expected);
}

void tst_OtlpJsonEncoder::unsupportedTypes()
{
    QObject object;
    const QVariantMap attributes{{QStringLiteral("opaque"), QVariant::fromValue(Opaque{7})},
                                 {QStringLiteral("object"), QVariant::fromValue(&object)},
                                 {QStringLiteral("pointer"), QVariant::fromValue(static_cast<void *>(&object))}};
    const Record r = makeEvent(QStringLiteral("e"), attributes);
    OtlpJsonEncoder encoder(testResource());
    const qint64 before = encoder.truncatedValues();
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonArray attrs = at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray();
    QCOMPARE(attrs.size(), 3);

    // No OTLP form and no text: a marker naming the type, never a crash or invalid JSON.
    const QJsonObject opaque = attribute(attrs, QStringLiteral("opaque"));
    QCOMPARE(opaque.keys(), QStringList{QStringLiteral("stringValue")});
    QVERIFY2(opaque.value(QLatin1String("stringValue")).toString().startsWith(QLatin1String("[unsupported type")),
             qPrintable(opaque.value(QLatin1String("stringValue")).toString()));
    QVERIFY(opaque.value(QLatin1String("stringValue")).toString().contains(QLatin1String("Opaque")));
    for (const char *key : {"object", "pointer"}) {
        const QJsonObject v = attribute(attrs, QString::fromLatin1(key));
        QCOMPARE(v.keys(), QStringList{QStringLiteral("stringValue")});
        QVERIFY(!v.value(QLatin1String("stringValue")).toString().isEmpty());
    }
    QVERIFY(encoder.truncatedValues() > before);
}

void tst_OtlpJsonEncoder::stringCutAt500_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");

    const QString pair = QString::fromUtf16(u"\U0001F600"); // two UTF-16 units
    const QString a499 = repeated(QLatin1Char('a'), 499);
    QTest::newRow("499") << a499 << a499;
    QTest::newRow("500") << repeated(QLatin1Char('b'), 500) << repeated(QLatin1Char('b'), 500);
    QTest::newRow("501") << repeated(QLatin1Char('c'), 501) << repeated(QLatin1Char('c'), 500);
    QTest::newRow("600") << repeated(QLatin1Char('d'), 600) << repeated(QLatin1Char('d'), 500);
    // The pair straddles the limit (units 499 and 500): dropped whole, never split.
    QTest::newRow("pair-straddles") << (a499 + pair + QStringLiteral("tail")) << a499;
    // The pair ends exactly at the limit: kept.
    QTest::newRow("pair-fits") << (repeated(QLatin1Char('a'), 498) + pair + QStringLiteral("tail"))
                               << (repeated(QLatin1Char('a'), 498) + pair);
    QTest::newRow("all-pairs") << QString(pair).repeated(400) << QString(pair).repeated(250);
}

void tst_OtlpJsonEncoder::stringCutAt500()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);

    const Record r = makeEvent(QStringLiteral("e"), {{QStringLiteral("s"), input}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QString out = attribute(at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray(),
                                  QStringLiteral("s"))
                            .value(QLatin1String("stringValue"))
                            .toString();
    QCOMPARE(out.size(), expected.size());
    QCOMPARE(out, expected);
    QVERIFY(!out.contains(QChar(QChar::ReplacementCharacter)));
}

void tst_OtlpJsonEncoder::hugeString()
{
    const QString huge = repeated(QLatin1Char('z'), 1024 * 1024);
    const Record r = makeEvent(QStringLiteral("e"), {{QStringLiteral("s"), huge},
                                                 {QStringLiteral("bytes"), QByteArray(1024 * 1024, 'y')}});
    OtlpJsonEncoder encoder(testResource());
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, &r, 1);
    QVERIFY2(body.size() < 4096, QByteArray::number(body.size()).constData());
    bool ok = false;
    const QJsonObject root = parseBody(body, &ok);
    QVERIFY(ok);
    const QJsonArray attrs = at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray();
    QCOMPARE(attribute(attrs, QStringLiteral("s")).value(QLatin1String("stringValue")).toString().size(), 500);
    QCOMPARE(attribute(attrs, QStringLiteral("bytes")).value(QLatin1String("stringValue")).toString().size(), 500);
}

void tst_OtlpJsonEncoder::truncatedHelper_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("maxLength");
    QTest::addColumn<QString>("expected");

    const QString pair = QString::fromUtf16(u"\U0001F600");
    QTest::newRow("shorter") << QStringLiteral("abc") << 5 << QStringLiteral("abc");
    QTest::newRow("equal") << QStringLiteral("abc") << 3 << QStringLiteral("abc");
    QTest::newRow("longer") << QStringLiteral("abcd") << 3 << QStringLiteral("abc");
    QTest::newRow("zero") << QStringLiteral("abc") << 0 << QString();
    QTest::newRow("empty") << QString() << 3 << QString();
    QTest::newRow("pair-split") << (QStringLiteral("ab") + pair + QStringLiteral("c")) << 3 << QStringLiteral("ab");
    QTest::newRow("pair-whole") << (QStringLiteral("ab") + pair + QStringLiteral("c")) << 4
                                << (QStringLiteral("ab") + pair);
    QTest::newRow("only-pair-cut") << pair << 1 << QString();
}

void tst_OtlpJsonEncoder::truncatedHelper()
{
    QFETCH(QString, text);
    QFETCH(int, maxLength);
    QFETCH(QString, expected);

    const QStringView cut = OtlpJsonEncoder::truncated(text, maxLength);
    QCOMPARE(cut.toString(), expected);
    QVERIFY(cut.size() <= maxLength);
    if (!cut.isEmpty())
        QVERIFY(!cut.back().isHighSurrogate());
    QVERIFY(text.startsWith(cut)); // a prefix, no copy semantics surprises
}

void tst_OtlpJsonEncoder::truncatedValuesCounts()
{
    OtlpJsonEncoder encoder(testResource());
    QCOMPARE(encoder.truncatedValues(), qint64(0));

    const Record small
        = makeEvent(QStringLiteral("e"), {{QStringLiteral("s"), QStringLiteral("short")}, {QStringLiteral("n"), 1}});
    encoder.encode(TelemetrySignal::Traces, &small, 1);
    QCOMPARE(encoder.truncatedValues(), qint64(0)); // nothing was cut

    const Record longOne = makeEvent(QStringLiteral("e"), {{QStringLiteral("s"), repeated(QLatin1Char('x'), 501)}});
    encoder.encode(TelemetrySignal::Traces, &longOne, 1);
    const qint64 afterOne = encoder.truncatedValues();
    QVERIFY(afterOne >= 1);

    const Record longLog = makeLog(repeated(QLatin1Char('l'), 1001), LogSeverity::Info);
    encoder.encode(TelemetrySignal::Logs, &longLog, 1);
    QVERIFY(encoder.truncatedValues() > afterOne);
}

void tst_OtlpJsonEncoder::nestingDepthLimited_data()
{
    QTest::addColumn<bool>("maps");
    QTest::newRow("lists") << false;
    QTest::newRow("maps") << true;
}

void tst_OtlpJsonEncoder::nestingDepthLimited()
{
    QFETCH(bool, maps);

    QVariant v = QStringLiteral("leaf");
    for (int i = 0; i < 100; ++i) {
        if (maps)
            v = QVariantMap{{QStringLiteral("n"), v}};
        else
            v = QVariantList{v};
    }
    const Record r = makeEvent(QStringLiteral("deep"), {{QStringLiteral("tree"), v}});
    OtlpJsonEncoder encoder(testResource());
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, &r, 1);
    bool ok = false;
    const QJsonObject root = parseBody(body, &ok);
    QVERIFY(ok);
    QVERIFY(!body.contains("leaf"));
    QVERIFY(encoder.truncatedValues() >= 1);

    // Walk down: maxDepth (8) levels of nesting, then the marker.
    QJsonObject any = attribute(at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray(),
                                QStringLiteral("tree"));
    int levels = 0;
    const char *container = maps ? "kvlistValue" : "arrayValue";
    while (any.contains(QLatin1String(container))) {
        const QJsonArray values = at(any.value(QLatin1String(container)), "values").toArray();
        QCOMPARE(values.size(), 1);
        any = maps ? at(values.at(0), "value").toObject() : values.at(0).toObject();
        ++levels;
    }
    QCOMPARE(levels, EncoderLimits{}.maxDepth);
    QCOMPARE(any, sv(QStringLiteral("[nested too deep]")));
}

void tst_OtlpJsonEncoder::collectionSizeLimited()
{
    QVariantList big;
    for (int i = 0; i < 2500; ++i)
        big.append(i);
    QVariantMap bigMap;
    for (int i = 0; i < 2500; ++i)
        bigMap.insert(QStringLiteral("k%1").arg(i, 4, 10, QLatin1Char('0')), i);
    const Record r = makeEvent(QStringLiteral("e"), {{QStringLiteral("list"), big}, {QStringLiteral("map"), bigMap}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonArray attrs = at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray();
    const int limit = EncoderLimits{}.maxCollectionSize;
    const QJsonArray values
        = at(attribute(attrs, QStringLiteral("list")).value(QLatin1String("arrayValue")), "values").toArray();
    QCOMPARE(values.size(), limit);
    QCOMPARE(values.at(0).toObject(), iv(QStringLiteral("0")));
    const QJsonArray kvs
        = at(attribute(attrs, QStringLiteral("map")).value(QLatin1String("kvlistValue")), "values").toArray();
    QCOMPARE(kvs.size(), limit);
    QVERIFY(encoder.truncatedValues() >= 2);
}

void tst_OtlpJsonEncoder::attributeCountLimit_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::newRow("span") << TelemetrySignal::Traces;
    QTest::newRow("log") << TelemetrySignal::Logs;
    QTest::newRow("metric") << TelemetrySignal::Metrics;
}

void tst_OtlpJsonEncoder::attributeCountLimit()
{
    QFETCH(TelemetrySignal, signal);

    QVariantMap attributes;
    for (int i = 0; i < 10000; ++i)
        attributes.insert(QStringLiteral("attr.%1").arg(i, 5, 10, QLatin1Char('0')), i);
    Record r;
    switch (signal) {
    case TelemetrySignal::Traces:
        r = makeEvent(QStringLiteral("e"), attributes);
        break;
    case TelemetrySignal::Logs:
        r = makeLog(QStringLiteral("l"), LogSeverity::Info, attributes);
        break;
    case TelemetrySignal::Metrics:
        r = makeMetric(QStringLiteral("m"), 1, MetricType::Gauge, attributes);
        break;
    }
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(signal, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject item = otlpItems(root, signal).at(0).toObject();
    const QJsonObject holder =
        signal == TelemetrySignal::Metrics ? at(at(item, "gauge"), "dataPoints").toArray().at(0).toObject() : item;
    const QJsonArray kept = holder.value(QLatin1String("attributes")).toArray();
    QCOMPARE(kept.size(), 128); // OpenTelemetry's default attribute count limit
    QCOMPARE(attributeKeys(kept).size(), 128);
    if (signal != TelemetrySignal::Metrics) { // data points have no dropped count in OTLP
        QVERIFY(holder.value(QLatin1String("droppedAttributesCount")).isDouble());
        QCOMPARE(holder.value(QLatin1String("droppedAttributesCount")).toInt(), 9872);
    }
}

void tst_OtlpJsonEncoder::customAttributeLimit()
{
    EncoderLimits limits;
    limits.maxAttributeCount = 2;
    limits.maxStringLength = 4;
    OtlpJsonEncoder encoder(testResource(), limits);
    const Record r = makeEvent(QStringLiteral("e"), {{QStringLiteral("a"), QStringLiteral("123456")},
                                                 {QStringLiteral("b"), 2},
                                                 {QStringLiteral("c"), 3}});
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonObject span = otlpItems(root, TelemetrySignal::Traces).at(0).toObject();
    const QJsonArray attrs = span.value(QLatin1String("attributes")).toArray();
    QCOMPARE(attrs.size(), 2);
    QCOMPARE(span.value(QLatin1String("droppedAttributesCount")).toInt(), 1);
    QCOMPARE(attribute(attrs, QStringLiteral("a")).value(QLatin1String("stringValue")).toString(),
             QStringLiteral("1234"));
}

void tst_OtlpJsonEncoder::emptyKeysSkipped()
{
    // OTLP attribute keys must be non-empty.
    const Record r = makeEvent(QStringLiteral("e"),
                               {{QString(), 1},
                                {QStringLiteral("a"), 2},
                                {QStringLiteral("m"), QVariantMap{{QString(), 3}, {QStringLiteral("x"), 4}}}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonArray attrs = at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray();
    QCOMPARE(attributeKeys(attrs), (QSet<QString>{QStringLiteral("a"), QStringLiteral("m")}));
    const QJsonArray inner
        = at(attribute(attrs, QStringLiteral("m")).value(QLatin1String("kvlistValue")), "values").toArray();
    QCOMPARE(inner.size(), 1);
    QCOMPARE(at(inner.at(0), "key").toString(), QStringLiteral("x"));
}

void tst_OtlpJsonEncoder::truncatedKeysStayUnique()
{
    // Two keys that differ only after the 500-unit limit.
    const QString prefix = repeated(QLatin1Char('k'), 500);
    const Record r
        = makeEvent(QStringLiteral("e"), {{prefix + QStringLiteral("a"), 1}, {prefix + QStringLiteral("b"), 2}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QJsonArray attributes = at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray();
    for (const QJsonValue &kv : attributes)
        QVERIFY(at(kv, "key").toString().size() <= 500);
    // OTLP requires unique keys (tests/support/samples/invalid-duplicate-attribute.json).
    // Keys are never cut (cutting could make two equal); over-long keys are left out instead.
    QCOMPARE(attributeKeys(attributes).size(), attributes.size());
    QVERIFY(attributes.isEmpty());
    QCOMPARE(at(otlpItems(root, TelemetrySignal::Traces).at(0), "droppedAttributesCount").toInt(), 2);

    // The same inside a map value.
    const Record nested = makeEvent(
        QStringLiteral("e"),
        {{QStringLiteral("m"), QVariantMap{{prefix + QStringLiteral("a"), 1}, {prefix + QStringLiteral("b"), 2}}}});
    const QJsonObject nestedRoot = parseBody(encoder.encode(TelemetrySignal::Traces, &nested, 1), &ok);
    QVERIFY(ok);
    const QJsonArray inner = at(attribute(at(otlpItems(nestedRoot, TelemetrySignal::Traces).at(0), "attributes").toArray(),
                                          QStringLiteral("m"))
                                    .value(QLatin1String("kvlistValue")),
                                "values")
                                 .toArray();
    QCOMPARE(attributeKeys(inner).size(), inner.size());
    for (const QJsonValue &kv : inner)
        QVERIFY(at(kv, "key").toString().size() <= 500);
}

void tst_OtlpJsonEncoder::invalidUtf8ByteArray()
{
    const Record r = makeEvent(QStringLiteral("e"), {{QStringLiteral("raw"), QByteArrayLiteral("ok\xff\xfe\xc0 end")}});
    OtlpJsonEncoder encoder(testResource());
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, &r, 1), &ok);
    QVERIFY(ok);
    const QString s = attribute(at(otlpItems(root, TelemetrySignal::Traces).at(0), "attributes").toArray(),
                                QStringLiteral("raw"))
                          .value(QLatin1String("stringValue"))
                          .toString();
    QVERIFY(s.startsWith(QLatin1String("ok")));
    QVERIFY(s.endsWith(QLatin1String(" end")));
    QVERIFY(s.contains(QChar(QChar::ReplacementCharacter)));

    // Lone surrogates in names, keys and values are replaced too.
    const QString lone = QStringLiteral("x") + QChar(0xD800);
    const Record bad = makeEvent(lone, {{lone, lone}});
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, &bad, 1);
    parseBody(body, &ok);
    QVERIFY(ok);
    const Record badLog = makeLog(lone, LogSeverity::Info);
    parseBody(encoder.encode(TelemetrySignal::Logs, &badLog, 1), &ok);
    QVERIFY(ok);
}

void tst_OtlpJsonEncoder::writeAttributesDirect()
{
    OtlpJsonEncoder encoder(testResource());
    QVariantMap attributes;
    for (int i = 0; i < 130; ++i)
        attributes.insert(QStringLiteral("k%1").arg(i, 3, 10, QLatin1Char('0')), i);
    attributes.insert(QString(), 0);
    QByteArray out = QByteArrayLiteral("[");
    JsonWriter w(out);
    const int skipped = encoder.writeAttributes(w, attributes);
    out.append(']');
    QCOMPARE(skipped, 3); // two over the limit plus the empty key
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.array().size(), 128);

    // writeAnyValue at the depth limit writes the marker instead of the container.
    QByteArray any;
    JsonWriter aw(any);
    encoder.writeAnyValue(aw, QVariantList{1}, EncoderLimits{}.maxDepth);
    QCOMPARE(QJsonDocument::fromJson(any).object(),
             sv(QStringLiteral("[nested too deep]")));
}

void tst_OtlpJsonEncoder::largeMixedBatchIsValidJson()
{
    std::vector<Record> traces;
    std::vector<Record> metrics;
    std::vector<Record> logs;
    for (int i = 0; i < 1000; ++i) {
        const QVariantMap attrs{{QStringLiteral("i"), i},
                                {QStringLiteral("d"), i / 7.0},
                                {QStringLiteral("s"), QStringLiteral("v\"%1\n").arg(i)},
                                {QStringLiteral("b"), i % 2 == 0},
                                {QStringLiteral("l"), QVariantList{i, QStringLiteral("x")}}};
        if (i % 10 == 0)
            traces.push_back(makeError(QStringLiteral("E%1").arg(i), QStringLiteral("m"), attrs));
        else
            traces.push_back(makeEvent(QStringLiteral("ev"), attrs, kRecordTime + i));
        metrics.push_back(makeMetric(QStringLiteral("m"), i == 500 ? std::nan("") : i * 0.5, MetricType(i % 3), attrs));
        logs.push_back(makeLog(QStringLiteral("log %1").arg(i), LogSeverity::Warn, attrs));
    }
    OtlpJsonEncoder encoder(testResource());
    for (const auto &[signal, records] : {std::pair{TelemetrySignal::Traces, &traces},
                                          std::pair{TelemetrySignal::Metrics, &metrics},
                                          std::pair{TelemetrySignal::Logs, &logs}}) {
        bool ok = false;
        const QJsonObject root = parseBody(encoder.encode(signal, records->data(), records->size()), &ok);
        QVERIFY(ok);
        QCOMPARE(otlpItems(root, signal).size(), 1000);
    }
    // Per-record times are kept.
    bool ok = false;
    const QJsonObject root = parseBody(encoder.encode(TelemetrySignal::Traces, traces.data(), traces.size()), &ok);
    QCOMPARE(at(otlpItems(root, TelemetrySignal::Traces).at(999), "startTimeUnixNano").toString(),
             QString::number(kRecordTime + 999));
}

QTEST_GUILESS_MAIN(tst_OtlpJsonEncoder)
#include "tst_otlpjsonencoder.moc"
