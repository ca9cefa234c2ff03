// SPDX-License-Identifier: MIT
// OtlpProtobufEncoder and the pieces around it: the protobuf writer and reader, splitting protobuf
// bodies, protobuf partial-success answers, and the exporter the configuration picks.
//
// The bodies are decoded by a decoder this project did not write: the protobufjs messages of
// npm's @opentelemetry/otlp-transformer 0.52 (tests/otlpdecoder/decode.mjs, installed by
// scripts/install-deps.sh). The same batch encoded as JSON and as protobuf must decode to equal
// messages. Without Node.js or the package those tests report SKIP with the reason.
#include "flushwait.h"
#include "recordfactory.h"
#include "testsupport.h"

#include "delivery/exporter.h"
#include "delivery/httpexporters.h"
#include "delivery/requestsplitter.h"
#include "encoding/otlpjsonencoder.h"
#include "encoding/otlpprotobufencoder.h"
#include "encoding/protobufreader.h"
#include "encoding/protobufwriter.h"
#include "otlpprotobufdecoder.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTimeZone>
#include <QUrl>
#include <QUuid>

#include <automagik/telemetry.h>

#include <cmath>
#include <limits>
#include <vector>

using namespace Automagik;
using namespace Automagik::Internal;
using namespace TestSupport;

namespace {

EncoderResource testResource()
{
    EncoderResource r;
    r.attributes = {{QStringLiteral("service.name"), QStringLiteral("my-app")},
                    {QStringLiteral("service.version"), QStringLiteral("1.2.0")},
                    {QStringLiteral("empty"), QString()},
                    {QString(), QStringLiteral("no key: skipped")},
                    {QStringLiteral("quote\"d"), QStringLiteral("line\nbreak \u00e9\u4e2d")}};
    r.scopeName = QStringLiteral("my-app.telemetry");
    r.scopeVersion = QStringLiteral("1.2.0");
    return r;
}

const char *signalName(TelemetrySignal signal)
{
    switch (signal) {
    case TelemetrySignal::Metrics:
        return "metrics";
    case TelemetrySignal::Logs:
        return "logs";
    case TelemetrySignal::Traces:
        break;
    }
    return "traces";
}

/*
    What the two encodings may spell differently for the same message, made equal: proto3 leaves out
    fields at their default (0, "", false, empty lists) unless they are in a oneof or optional (then
    their presence is part of the message); JSON writes some of them. Ids are checked, then taken out,
    since every encoder draws its own.
*/
QJsonValue normalized(const QJsonValue &value, const QString &key = {})
{
    static const QStringList presence = {QStringLiteral("stringValue"), QStringLiteral("boolValue"),
                                         QStringLiteral("intValue"), QStringLiteral("doubleValue"),
                                         QStringLiteral("bytesValue"), QStringLiteral("asDouble"),
                                         QStringLiteral("asInt"), QStringLiteral("sum"),
                                         QStringLiteral("min"), QStringLiteral("max")};
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &element : value.toArray())
            out.append(normalized(element));
        return out;
    }
    if (!value.isObject())
        return value;
    QJsonObject out;
    const QJsonObject in = value.toObject();
    for (auto it = in.begin(); it != in.end(); ++it) {
        const QJsonValue v = it.value();
        if (it.key() == QLatin1String("traceId") || it.key() == QLatin1String("spanId"))
            continue;
        const bool isDefault = (v.isArray() && v.toArray().isEmpty()) || (v.isString() && v.toString().isEmpty())
            || v == QJsonValue(0) || v == QJsonValue(QStringLiteral("0")) || v == QJsonValue(false);
        if (isDefault && !presence.contains(it.key()))
            continue;
        out.insert(it.key(), normalized(v, it.key()));
    }
    Q_UNUSED(key)
    return out;
}

// The spans of a decoded or parsed traces request.
QJsonArray spansOf(const QJsonObject &request)
{
    return request.value(QLatin1String("resourceSpans")).toArray().at(0).toObject().value(QLatin1String("scopeSpans"))
        .toArray().at(0).toObject().value(QLatin1String("spans")).toArray();
}

std::vector<Record> everyValueType()
{
    QVariantMap nested;
    nested.insert(QStringLiteral("inner"), QVariantMap{{QStringLiteral("deep"), QVariantList{1, QStringLiteral("x"), true}}});
    nested.insert(QString(), QStringLiteral("empty key: left out"));
    QVariant tooDeep = QStringLiteral("bottom");
    for (int i = 0; i < 12; ++i)
        tooDeep = QVariantList{tooDeep};
    QVariantList long1500;
    for (int i = 0; i < 1500; ++i)
        long1500.append(i);
    QVariantHash hash{{QStringLiteral("b"), 2}, {QStringLiteral("a"), 1.5}};
    const QString emoji = QStringLiteral("\U0001F600");
    QVariantMap a{
        {QStringLiteral("string"), QStringLiteral("export")},
        {QStringLiteral("empty string"), QString()},
        {QStringLiteral("true"), true},
        {QStringLiteral("false"), false},
        {QStringLiteral("int zero"), 0},
        {QStringLiteral("int"), -42},
        {QStringLiteral("int64 max"), std::numeric_limits<qint64>::max()},
        {QStringLiteral("int64 min"), std::numeric_limits<qint64>::min()},
        {QStringLiteral("uint"), 7u},
        {QStringLiteral("uint64 huge"), std::numeric_limits<quint64>::max()},
        {QStringLiteral("double"), 16.4},
        {QStringLiteral("double zero"), 0.0},
        {QStringLiteral("double tiny"), 5e-324},
        {QStringLiteral("nan"), std::nan("")},
        {QStringLiteral("inf"), std::numeric_limits<double>::infinity()},
        {QStringLiteral("-inf"), -std::numeric_limits<double>::infinity()},
        {QStringLiteral("float"), 0.25f},
        {QStringLiteral("list"), QVariantList{1, QStringLiteral("two"), 3.5, false, QVariant()}},
        {QStringLiteral("empty list"), QVariantList{}},
        {QStringLiteral("string list"), QStringList{QStringLiteral("a"), QStringLiteral("b")}},
        {QStringLiteral("long list"), long1500},
        {QStringLiteral("map"), nested},
        {QStringLiteral("empty map"), QVariantMap{}},
        {QStringLiteral("hash"), hash},
        {QStringLiteral("too deep"), tooDeep},
        {QStringLiteral("bytes"), QByteArray("raw \xff\xfe bytes")},
        {QStringLiteral("date"), QDateTime(QDate(2026, 3, 4), QTime(5, 6, 7, 89), QTimeZone::utc())},
        {QStringLiteral("url"), QUrl(QStringLiteral("https://user:secret@example.com/path?q=1"))},
        {QStringLiteral("uuid"), QUuid(QStringLiteral("{3f1c2a9e-6a51-4c1e-9a57-0d1f2b3c4d5e}"))},
        {QStringLiteral("null"), QVariant()},
        {QStringLiteral("json"), QJsonObject{{QStringLiteral("k"), QJsonArray{1, QStringLiteral("v")}}}},
        {QStringLiteral("unicode \u00e9\u4e2d"), QString(QStringLiteral("caf\u00e9 \u4e2d\u6587 ") + emoji)},
        {QStringLiteral("lone surrogate"), QString(QString(QChar(0xd800)) + QStringLiteral("x") + QChar(0xdc00))},
        {QStringLiteral("long"), QString(600, QLatin1Char('x'))},
        {QStringLiteral("cut at a pair"), QString(QString(499, QLatin1Char('y')) + emoji)},
        {QStringLiteral("pointer"), QVariant::fromValue(static_cast<void *>(nullptr))},
        {QString(), QStringLiteral("empty key: dropped")},
        {QString(501, QLatin1Char('k')), QStringLiteral("over-long key: dropped")},
    };
    QVariantMap many;
    for (int i = 0; i < 140; ++i)
        many.insert(QStringLiteral("k%1").arg(i, 3, 10, QLatin1Char('0')), i);
    return {makeEvent(QStringLiteral("every.type"), a), makeEvent(QStringLiteral("many.attributes"), many),
            makeEvent(QString()), makeEvent(QString(700, QLatin1Char('n')), {}, 0)};
}

std::vector<Record> errors()
{
    return {makeError(QStringLiteral("ValueError"), QStringLiteral("bad value \u00e9")),
            makeError(QString(), QString()),
            makeError(QStringLiteral("Overridden"), QString(800, QLatin1Char('m')),
                      {{QStringLiteral("error_type"), QStringLiteral("custom")}, {QStringLiteral("line"), 12}})};
}

std::vector<Record> metrics()
{
    Record outOfRange = makeMetric(QStringLiteral("cast"), 3, MetricType::Gauge);
    outOfRange.metricType = MetricType(7);
    return {makeMetric(QStringLiteral("render.ms"), 16.4, MetricType::Histogram, {{QStringLiteral("unit"), QStringLiteral("ms")}}),
            makeMetric(QStringLiteral("zero.histogram"), 0, MetricType::Histogram),
            makeMetric(QStringLiteral("requests"), 1, MetricType::Counter, {{QStringLiteral("route"), QStringLiteral("/a")}}),
            makeMetric(QStringLiteral("queue"), 0, MetricType::Gauge),
            makeMetric(QStringLiteral("nan"), std::nan(""), MetricType::Gauge),
            makeMetric(QStringLiteral("inf"), -std::numeric_limits<double>::infinity(), MetricType::Histogram),
            makeMetric(QStringLiteral("unit.long"), 1, MetricType::Gauge, {{QStringLiteral("unit"), QString(80, QLatin1Char('u'))}}),
            makeMetric(QStringLiteral("unit.not.string"), 1, MetricType::Counter, {{QStringLiteral("unit"), 5}}),
            outOfRange};
}

std::vector<Record> logs()
{
    std::vector<Record> out;
    for (LogSeverity s : {LogSeverity::Trace, LogSeverity::Debug, LogSeverity::Info, LogSeverity::Warn,
                          LogSeverity::Error, LogSeverity::Fatal})
        out.push_back(makeLog(QStringLiteral("severity %1").arg(int(s)), s, {{QStringLiteral("n"), int(s)}}));
    out.push_back(makeLog(QString(), LogSeverity::Info));
    out.push_back(makeLog(QString(1200, QLatin1Char('b')), LogSeverity::Warn));
    out.push_back(makeLog(QStringLiteral("\u65e5\u672c\u8a9e \U0001F600"), LogSeverity::Error));
    return out;
}

QByteArray longBody(int bytes)
{
    QByteArray out;
    ProtobufWriter w(out);
    const qsizetype mark = w.beginMessage(1);
    w.bytesField(2, QByteArray(bytes, 'z'));
    w.endMessage(mark);
    return out;
}

} // namespace

class tst_OtlpProtobufEncoder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void writerWritesTheWireFormat();
    void writerLengthsOfLongMessages_data();
    void writerLengthsOfLongMessages();
    void writerStringsAreValidUtf8();
    void readerStopsAtMalformedData_data();
    void readerStopsAtMalformedData();

    void encodingsDecodeEqual_data();
    void encodingsDecodeEqual();
    void foreignDecoderRejectsBrokenBodies();
    void idsAreUniqueNotRandom();
    void limitsAreCountedAsInJson();

    void splitKeepsEverythingButHalvesTheItems_data();
    void splitKeepsEverythingButHalvesTheItems();
    void splitRefusesWhatItCannotSplit();
    void partialSuccessFromAForeignEncoder_data();
    void partialSuccessFromAForeignEncoder();
    void partialSuccessMalformedOrEmpty();
    void exporterFollowsTheConfiguredProtocol();
    void clientSendsProtobufTheSinkShows();

private:
    //! The request \a body decoded by the foreign decoder, as OTLP JSON; QSKIPs when there is none.
    QJsonObject decodeForeign(TelemetrySignal signal, const QByteArray &body, QString *error = nullptr);
    QString m_node;
    QString m_modules;
    QString m_missing; // why the foreign decoder cannot run, or empty
};

void tst_OtlpProtobufEncoder::initTestCase()
{
    m_modules = qEnvironmentVariable("AUTOMAGIK_OTLPDECODER_DIR");
    if (m_modules.isEmpty()) {
        QString cache = qEnvironmentVariable("XDG_CACHE_HOME");
        if (cache.isEmpty())
            cache = QDir::homePath() + QStringLiteral("/.cache");
        m_modules = cache + QStringLiteral("/automagik-telemetry/otlpdecoder");
    }
    m_node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (m_node.isEmpty())
        m_node = QStandardPaths::findExecutable(QStringLiteral("nodejs"));
    const QString generated = m_modules + QStringLiteral("/node_modules/@opentelemetry/otlp-transformer/build/src/generated/root.js");
    if (m_node.isEmpty())
        m_missing = QStringLiteral("no OTLP decoder: Node.js (node) is not in PATH; scripts/install-deps.sh installs it");
    else if (!QFileInfo::exists(generated))
        m_missing = QStringLiteral("no OTLP decoder: @opentelemetry/otlp-transformer 0.52 is not installed in %1 "
                                   "(scripts/install-deps.sh installs it; AUTOMAGIK_OTLPDECODER_DIR overrides the place)")
                        .arg(m_modules);
}

QJsonObject tst_OtlpProtobufEncoder::decodeForeign(TelemetrySignal signal, const QByteArray &body, QString *error)
{
    QProcess node;
    node.start(m_node, {QStringLiteral(AUTOMAGIK_OTLPDECODER_SCRIPT), m_modules, QStringLiteral("request"),
                        QString::fromLatin1(signalName(signal))});
    if (!node.waitForStarted(10000)) {
        *error = node.errorString();
        return {};
    }
    node.write(body);
    node.closeWriteChannel();
    if (!node.waitForFinished(30000) || node.exitStatus() != QProcess::NormalExit || node.exitCode() != 0) {
        *error = QString::fromUtf8(node.readAllStandardError()).left(2000);
        return {};
    }
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(node.readAllStandardOutput(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        *error = parseError.errorString();
    return doc.object();
}

// --- the writer and the reader -----------------------------------------------------------------

void tst_OtlpProtobufEncoder::writerWritesTheWireFormat()
{
    // Bytes from the protobuf encoding guide: 150 as field 1 is 08 96 01; "testing" as field 2 is 12 07 ...
    QByteArray out;
    ProtobufWriter w(out);
    w.varintField(1, 150);
    w.stringField(2, u"testing");
    w.int64Field(3, -1); // ten bytes, as int64 in protobuf
    w.fixed64Field(4, 0x0102030405060708ull);
    w.doubleField(5, 1.0);
    w.boolField(6, false); // written: the caller decides what to leave out
    w.emptyMessage(7);
    QCOMPARE(out.toHex(),
             QByteArray("089601"
                        "120774657374696e67"
                        "18ffffffffffffffffff01"
                        "210807060504030201"
                        "29000000000000f03f"
                        "3000"
                        "3a00"));
}

void tst_OtlpProtobufEncoder::writerLengthsOfLongMessages_data()
{
    QTest::addColumn<int>("payload");
    QTest::addColumn<QByteArray>("lengthVarint");
    QTest::newRow("127: one byte") << 125 << QByteArray("7f");
    QTest::newRow("128: two bytes") << 126 << QByteArray("8001");
    QTest::newRow("16384: three bytes") << 16381 << QByteArray("808001");
}

void tst_OtlpProtobufEncoder::writerLengthsOfLongMessages()
{
    QFETCH(int, payload);
    QFETCH(QByteArray, lengthVarint);
    const QByteArray body = longBody(payload);
    QVERIFY(body.startsWith(QByteArray::fromHex("0a" + lengthVarint)));
    ProtobufReader outer(body);
    QVERIFY(outer.next());
    QCOMPARE(outer.field(), 1);
    ProtobufReader inner(outer.bytes());
    QVERIFY(inner.next());
    QCOMPARE(inner.bytes(), QByteArray(payload, 'z'));
    QVERIFY(!inner.next());
    QVERIFY(!outer.next());
    QVERIFY(outer.ok() && inner.ok());
}

void tst_OtlpProtobufEncoder::writerStringsAreValidUtf8()
{
    QByteArray out;
    ProtobufWriter w(out);
    const QString text = QStringLiteral("\u00e9") + QChar(0xdc00) + QStringLiteral("\U0001F600") + QChar(0xd800);
    w.stringField(1, text);
    ProtobufReader r(out);
    QVERIFY(r.next());
    QCOMPARE(r.bytes(), QByteArray("\xc3\xa9\xef\xbf\xbd\xf0\x9f\x98\x80\xef\xbf\xbd"));
}

void tst_OtlpProtobufEncoder::readerStopsAtMalformedData_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("length past the end") << QByteArray::fromHex("0a05aa");
    QTest::newRow("varint cut") << QByteArray::fromHex("0896");
    QTest::newRow("fixed64 cut") << QByteArray::fromHex("21010203");
    QTest::newRow("field zero") << QByteArray::fromHex("0001");
    QTest::newRow("group") << QByteArray::fromHex("0b");
    QTest::newRow("endless varint") << QByteArray::fromHex("08ffffffffffffffffffff01");
}

void tst_OtlpProtobufEncoder::readerStopsAtMalformedData()
{
    QFETCH(QByteArray, data);
    ProtobufReader r(data);
    while (r.next()) {
    }
    QVERIFY(!r.ok());
}

// --- the encoder, against a foreign decoder ----------------------------------------------------

void tst_OtlpProtobufEncoder::encodingsDecodeEqual_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<std::vector<Record>>("records");
    QTest::newRow("events: every value type, limits") << int(TelemetrySignal::Traces) << everyValueType();
    QTest::newRow("errors") << int(TelemetrySignal::Traces) << errors();
    QTest::newRow("metrics: gauge, counter, histogram") << int(TelemetrySignal::Metrics) << metrics();
    QTest::newRow("logs: every severity") << int(TelemetrySignal::Logs) << logs();
    QTest::newRow("empty batch") << int(TelemetrySignal::Logs) << std::vector<Record>();
}

void tst_OtlpProtobufEncoder::encodingsDecodeEqual()
{
    if (!m_missing.isEmpty())
        QSKIP(qPrintable(m_missing));
    QFETCH(int, signal);
    QFETCH(std::vector<Record>, records);
    const auto s = TelemetrySignal(signal);
    OtlpJsonEncoder json(testResource());
    OtlpProtobufEncoder protobuf(testResource());
    const QJsonObject fromJson = QJsonDocument::fromJson(json.encode(s, records.data(), records.size())).object();
    QString error;
    const QByteArray body = protobuf.encode(s, records.data(), records.size());
    const QJsonObject decoded = decodeForeign(s, body, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The sink shows protobuf requests with a decoder of its own: it reads them as the foreign one does.
    const std::optional<QJsonObject> shown = Sink::OtlpProtobufDecoder::decodeRequest(QString::fromLatin1(signalName(s)), body);
    QVERIFY(shown);
    QCOMPARE(*shown, decoded);
    QVERIFY(!fromJson.isEmpty() && !decoded.isEmpty());
    const QJsonValue a = normalized(fromJson), b = normalized(decoded);
    if (a != b) {
        qWarning("JSON:     %s", QJsonDocument(a.toObject()).toJson(QJsonDocument::Compact).left(4000).constData());
        qWarning("protobuf: %s", QJsonDocument(b.toObject()).toJson(QJsonDocument::Compact).left(4000).constData());
    }
    QVERIFY(a == b);
    QCOMPARE(protobuf.truncatedValues(), json.truncatedValues());
}

void tst_OtlpProtobufEncoder::foreignDecoderRejectsBrokenBodies()
{
    // The comparison above is only worth something if the decoder refuses what is not a request.
    if (!m_missing.isEmpty())
        QSKIP(qPrintable(m_missing));
    OtlpProtobufEncoder encoder(testResource());
    const std::vector<Record> records = logs();
    const QByteArray body = encoder.encode(TelemetrySignal::Logs, records.data(), records.size());
    QString error;
    decodeForeign(TelemetrySignal::Logs, body.left(body.size() - 3), &error);
    QVERIFY2(!error.isEmpty(), "a truncated body decoded");

    // Nor is the comparison blind: one value changed makes the messages differ.
    std::vector<Record> changed = records;
    changed.back().attributes.insert(QStringLiteral("extra"), 1);
    error.clear();
    const QJsonObject original = decodeForeign(TelemetrySignal::Logs, body, &error);
    const QJsonObject other = decodeForeign(TelemetrySignal::Logs,
                                            encoder.encode(TelemetrySignal::Logs, changed.data(), changed.size()), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(normalized(original) != normalized(other));
}

void tst_OtlpProtobufEncoder::idsAreUniqueNotRandom()
{
    if (!m_missing.isEmpty())
        QSKIP(qPrintable(m_missing));
    // One random trace id per request, span ids counting up from a random start: unique, never zero.
    OtlpProtobufEncoder encoder(testResource());
    const std::vector<Record> events(300, makeEvent(QStringLiteral("e")));
    QSet<QString> traceIds;
    QSet<quint64> spanIds;
    for (int request = 0; request < 3; ++request) {
        QString error;
        const QJsonArray spans = spansOf(decodeForeign(TelemetrySignal::Traces,
                                                       encoder.encode(TelemetrySignal::Traces, events.data(), events.size()),
                                                       &error));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(spans.size(), 300);
        const QString traceId = spans.at(0)[QLatin1String("traceId")].toString();
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{32}$")).match(traceId).hasMatch());
        QVERIFY(traceId != QString(32, QLatin1Char('0')));
        traceIds.insert(traceId);
        for (const QJsonValue &span : spans) {
            QCOMPARE(span[QLatin1String("traceId")].toString(), traceId);
            const QString spanId = span[QLatin1String("spanId")].toString();
            QCOMPARE(spanId.size(), 16);
            bool ok = false;
            const quint64 id = spanId.toULongLong(&ok, 16);
            QVERIFY(ok && id != 0);
            spanIds.insert(id);
        }
    }
    QCOMPARE(traceIds.size(), 3);
    QCOMPARE(spanIds.size(), 900);
}

void tst_OtlpProtobufEncoder::limitsAreCountedAsInJson()
{
    // Counting does not depend on the foreign decoder: it runs everywhere.
    OtlpJsonEncoder json(testResource());
    OtlpProtobufEncoder protobuf(testResource());
    for (auto [signal, records] : {std::pair{TelemetrySignal::Traces, everyValueType()},
                                   std::pair{TelemetrySignal::Traces, errors()},
                                   std::pair{TelemetrySignal::Metrics, metrics()},
                                   std::pair{TelemetrySignal::Logs, logs()}}) {
        json.encode(signal, records.data(), records.size());
        protobuf.encode(signal, records.data(), records.size());
        QCOMPARE(protobuf.truncatedValues(), json.truncatedValues());
    }
    QVERIFY(protobuf.truncatedValues() > 5);
}

// --- splitting, answers, the exporter ----------------------------------------------------------

void tst_OtlpProtobufEncoder::splitKeepsEverythingButHalvesTheItems_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<std::vector<Record>>("records");
    QTest::newRow("events") << int(TelemetrySignal::Traces) << everyValueType();
    QTest::newRow("metrics") << int(TelemetrySignal::Metrics) << metrics();
    QTest::newRow("logs") << int(TelemetrySignal::Logs) << logs();
}

void tst_OtlpProtobufEncoder::splitKeepsEverythingButHalvesTheItems()
{
    QFETCH(int, signal);
    QFETCH(std::vector<Record>, records);
    const auto s = TelemetrySignal(signal);
    OtlpProtobufEncoder encoder(testResource());
    const QByteArray whole = encoder.encode(s, records.data(), records.size());
    const auto halves = splitOtlpProtobufRequest(s, whole);
    QVERIFY(halves);
    const auto &[first, second] = *halves;
    const int half = int(records.size() / 2);
    QCOMPARE(first.items, half); // one data point per metric
    QCOMPARE(second.items, int(records.size()) - half);
    QVERIFY(first.json.size() < whole.size() && second.json.size() < whole.size());

    if (!m_missing.isEmpty())
        QSKIP(qPrintable(m_missing));
    QString error;
    const QJsonObject all = decodeForeign(s, whole, &error);
    const QJsonObject a = decodeForeign(s, first.json, &error);
    const QJsonObject b = decodeForeign(s, second.json, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The halves are the whole with its item list cut in two: join them back and compare.
    static const char *const keys[][3] = {{"resourceSpans", "scopeSpans", "spans"},
                                          {"resourceMetrics", "scopeMetrics", "metrics"},
                                          {"resourceLogs", "scopeLogs", "logRecords"}};
    const QString resources = QLatin1String(keys[signal][0]), scopes = QLatin1String(keys[signal][1]),
                  items = QLatin1String(keys[signal][2]);
    auto scopeOf = [&](const QJsonObject &request) {
        return request[resources].toArray().at(0)[scopes].toArray().at(0).toObject();
    };
    QJsonArray joined = scopeOf(a)[items].toArray();
    for (const QJsonValue &item : scopeOf(b)[items].toArray())
        joined.append(item);
    QCOMPARE(joined, scopeOf(all)[items].toArray());
    QCOMPARE(a[resources].toArray().at(0)[QLatin1String("resource")], all[resources].toArray().at(0)[QLatin1String("resource")]);
    QCOMPARE(scopeOf(b)[QLatin1String("scope")], scopeOf(all)[QLatin1String("scope")]);
}

void tst_OtlpProtobufEncoder::splitRefusesWhatItCannotSplit()
{
    OtlpProtobufEncoder encoder(testResource());
    const std::vector<Record> one{makeEvent(QStringLiteral("only"))};
    const QByteArray single = encoder.encode(TelemetrySignal::Traces, one.data(), one.size());
    QVERIFY(!splitOtlpProtobufRequest(TelemetrySignal::Traces, single));
    QVERIFY(!splitOtlpProtobufRequest(TelemetrySignal::Traces, QByteArray()));
    const std::vector<Record> two(2, makeEvent(QStringLiteral("e")));
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, two.data(), two.size());
    QVERIFY(splitOtlpProtobufRequest(TelemetrySignal::Traces, body));
    QVERIFY(!splitOtlpProtobufRequest(TelemetrySignal::Traces, body.left(body.size() - 1))); // truncated
    QVERIFY(!splitOtlpProtobufRequest(TelemetrySignal::Traces, body + body)); // two resources: not ours
    QVERIFY(!splitOtlpProtobufRequest(TelemetrySignal::Traces, QByteArray("{\"resourceSpans\":[]}")));
}

void tst_OtlpProtobufEncoder::partialSuccessFromAForeignEncoder_data()
{
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("response");
    QTest::addColumn<qint64>("rejected");
    QTest::addColumn<QString>("message");
    QTest::newRow("spans") << int(TelemetrySignal::Traces)
                           << QStringLiteral(R"({"partialSuccess":{"rejectedSpans":"3","errorMessage":"too old"}})")
                           << qint64(3) << QStringLiteral("too old");
    QTest::newRow("data points") << int(TelemetrySignal::Metrics)
                                 << QStringLiteral(R"({"partialSuccess":{"rejectedDataPoints":"5000000000"}})")
                                 << qint64(5000000000) << QString();
    QTest::newRow("log records, message only") << int(TelemetrySignal::Logs)
                                               << QStringLiteral(R"({"partialSuccess":{"errorMessage":"caf\u00e9"}})")
                                               << qint64(0) << QStringLiteral("caf\u00e9");
    QTest::newRow("negative count") << int(TelemetrySignal::Logs)
                                    << QStringLiteral(R"({"partialSuccess":{"rejectedLogRecords":"-4","errorMessage":"x"}})")
                                    << qint64(0) << QStringLiteral("x");
}

void tst_OtlpProtobufEncoder::partialSuccessFromAForeignEncoder()
{
    if (!m_missing.isEmpty())
        QSKIP(qPrintable(m_missing));
    QFETCH(int, signal);
    QFETCH(QString, response);
    QFETCH(qint64, rejected);
    QFETCH(QString, message);
    QProcess node;
    node.start(m_node, {QStringLiteral(AUTOMAGIK_OTLPDECODER_SCRIPT), m_modules, QStringLiteral("response"),
                        QString::fromLatin1(signalName(TelemetrySignal(signal))), response});
    QVERIFY(node.waitForFinished(30000));
    QCOMPARE(node.exitCode(), 0);
    const auto partial = OtlpProtobufExporter::parsePartialSuccess(node.readAllStandardOutput());
    QVERIFY(partial);
    QCOMPARE(partial->rejected, rejected);
    QCOMPARE(partial->message, message);
}

void tst_OtlpProtobufEncoder::partialSuccessMalformedOrEmpty()
{
    QVERIFY(!OtlpProtobufExporter::parsePartialSuccess(QByteArray()));
    QVERIFY(!OtlpProtobufExporter::parsePartialSuccess(QByteArray::fromHex("0a00"))); // empty partial_success
    QVERIFY(!OtlpProtobufExporter::parsePartialSuccess(QByteArray::fromHex("0a0408")));  // cut short
    QVERIFY(!OtlpProtobufExporter::parsePartialSuccess(QByteArray("{\"partialSuccess\":{}}")));
    // Unknown fields are skipped, as protobuf readers do.
    const auto partial = OtlpProtobufExporter::parsePartialSuccess(QByteArray::fromHex("10010a0408021a00"));
    QVERIFY(partial);
    QCOMPARE(partial->rejected, 2);
}

void tst_OtlpProtobufEncoder::exporterFollowsTheConfiguredProtocol()
{
    TelemetryConfig config(QStringLiteral("app"), QStringLiteral("1.0"));
    config.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:4318/v1/traces")));
    config.setLogsEndpoint(QUrl(QStringLiteral("http://127.0.0.1:4318/v1/logs")));
    QCOMPARE(createExporter(config, testResource())->format(), QByteArray("otlp-json"));
    config.setOtlpProtocol(OtlpProtocol::HttpProtobuf);
    const std::unique_ptr<Exporter> exporter = createExporter(config, testResource());
    QCOMPARE(exporter->format(), QByteArray("otlp-protobuf"));
    OutgoingBatch batch;
    batch.signal = TelemetrySignal::Logs;
    exporter->address(batch);
    QCOMPARE(batch.contentType, QByteArray("application/x-protobuf"));
    QCOMPARE(batch.url, QUrl(QStringLiteral("http://127.0.0.1:4318/v1/logs")));
    const std::vector<Record> records = logs();
    const QByteArray body = exporter->encode(TelemetrySignal::Logs, records.data(), records.size());
    QVERIFY(body.startsWith('\x0a')); // ExportLogsServiceRequest.resource_logs, not JSON
    QVERIFY(exporter->split(TelemetrySignal::Logs, body));
}

void tst_OtlpProtobufEncoder::clientSendsProtobufTheSinkShows()
{
    // End to end on loopback: the client posts protobuf, the sink decodes and counts it as it does JSON,
    // answers in protobuf, and the client reads the partial success from that answer.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("items rejected: one too old")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("items rejected: one too old")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("items rejected: one too old")));
    const Sandbox sandbox; // after initTestCase: the decoder's place was read from the real environment
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    const auto restore = qScopeGuard([] { qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED"); });
    Sink::OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setPartialSuccessJson(R"({"partialSuccess":{"rejectedLogRecords":"1","errorMessage":"one too old"}})");
    TelemetryConfig config(QStringLiteral("tst-app"), QStringLiteral("2.3.4"));
    config.setSettingsFile(sandbox.filePath(QStringLiteral("consent.ini")));
    config.setEndpoint(receiver.baseUrl());
    config.setFlushInterval(60000);
    config.setCompressionThreshold(0); // every body gzipped, as large batches are
    config.setOtlpProtocol(OtlpProtocol::HttpProtobuf);
    Telemetry telemetry(config);
    QSignalSpy rejected(&telemetry, &Telemetry::partiallyRejected);
    for (int i = 0; i < 3; ++i)
        telemetry.trackEvent(QStringLiteral("export.clicked"), {{QStringLiteral("format"), QStringLiteral("csv")}, {QStringLiteral("n"), i}});
    telemetry.trackMetric(QStringLiteral("render.ms"), 16.4, MetricType::Histogram);
    telemetry.trackLog(QStringLiteral("cache cold"), LogSeverity::Warn);
    telemetry.trackLog(QStringLiteral("cache warm"), LogSeverity::Info);
    QVERIFY(flushAndWait(telemetry).finished);

    const QList<Sink::OtlpReceiver::Request> requests = receiver.requests();
    QCOMPARE(requests.size(), 3);
    QMap<QString, int> items;
    for (const Sink::OtlpReceiver::Request &r : requests) {
        QCOMPARE(r.header("Content-Type"), QByteArray("application/x-protobuf"));
        QVERIFY(r.gzipped);
        QCOMPARE(r.status, 200);
        QVERIFY(!r.jsonBody().isEmpty());
        items[r.signal] = r.items;
    }
    QCOMPARE(items.value(QStringLiteral("traces")), 3);
    QCOMPARE(items.value(QStringLiteral("metrics")), 1);
    QCOMPARE(items.value(QStringLiteral("logs")), 2);
    const QByteArray shown = QJsonDocument(requests.constFirst().jsonBody()).toJson(QJsonDocument::Compact);
    QVERIFY2(shown.contains("\"stringValue\":\"tst-app\""), shown.constData());

    QCOMPARE(rejected.count(), 3); // the receiver gives every request the same answer
    for (const QList<QVariant> &signal : std::as_const(rejected)) {
        QCOMPARE(signal.at(1).toLongLong(), 1);
        QCOMPARE(signal.at(2).toString(), QStringLiteral("one too old"));
    }
    QCOMPARE(telemetry.sentCount(), 3);
}

QTEST_GUILESS_MAIN(tst_OtlpProtobufEncoder)
#include "tst_otlpprotobufencoder.moc"
