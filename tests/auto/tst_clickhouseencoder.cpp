// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// ClickHouseEncoder: JSONEachRow rows for the SDK family's ClickHouse schema (sql/clickhouse/),
// checked column by column, plus the INSERT URL, identifier validation, auth headers and error
// text. tests/clickhouse/ runs the same rows through a real ClickHouse engine.
#include "otlpjson.h"
#include "recordfactory.h"

#include "encoding/clickhouseencoder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <QTimeZone>
#include <QUrlQuery>
#include <QUuid>

#include <cmath>
#include <limits>
#include <vector>

using namespace Automagik;
using namespace Automagik::Internal;
using namespace TestSupport;

namespace {

constexpr qint64 kSeconds = 1795212256; // the factories' time stamp (kRecordTime), in whole seconds
static_assert(kSeconds == kRecordTime / 1000000000);

EncoderResource fullResource()
{
    EncoderResource r;
    r.attributes = {
        {QStringLiteral("service.name"), QStringLiteral("my-app")},
        {QStringLiteral("service.version"), QStringLiteral("1.2.0")},
        {QStringLiteral("project.name"), QStringLiteral("my-app")},
        {QStringLiteral("project.version"), QStringLiteral("1.2.0")},
        {QStringLiteral("service.organization"), QStringLiteral("namastex")},
        {QStringLiteral("user.id"), QStringLiteral("0b7e3a55-7f4e-4c1e-9d7a-2b1c3d4e5f60")},
        {QStringLiteral("session.id"), QStringLiteral("5e551011-aaaa-4bbb-8ccc-000000000001")},
        {QStringLiteral("service.instance.id"), QStringLiteral("5e551011-aaaa-4bbb-8ccc-000000000001")},
        {QStringLiteral("telemetry.sdk.name"), QStringLiteral("automagik-telemetry")},
        {QStringLiteral("telemetry.sdk.version"), QStringLiteral("1.0.0")},
        {QStringLiteral("telemetry.sdk.language"), QStringLiteral("cpp")},
        {QStringLiteral("os.type"), QStringLiteral("linux")},
        {QStringLiteral("os.version"), QStringLiteral("6.1.0-18-amd64")},
        {QStringLiteral("host.arch"), QStringLiteral("amd64")},
        {QStringLiteral("process.runtime.name"), QStringLiteral("Qt")},
        {QStringLiteral("process.runtime.version"), QStringLiteral("6.4.2")},
    };
    r.scopeName = QStringLiteral("my-app.telemetry");
    r.scopeVersion = QStringLiteral("1.2.0");
    return r;
}

// Strict: a bare NaN, a lone surrogate or a raw control character fails here.
QList<QJsonObject> parseRows(const QByteArray &body, bool *ok)
{
    *ok = true;
    QList<QJsonObject> rows;
    if (body.isEmpty())
        return rows;
    for (const QByteArray &line : body.split('\n')) {
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            qWarning("invalid JSON row at %d: %s: %s", error.offset, qPrintable(error.errorString()),
                     line.left(200).constData());
            *ok = false;
            return {};
        }
        rows.append(doc.object());
    }
    return rows;
}

QJsonObject oneRow(ClickHouseEncoder &encoder, TelemetrySignal signal, const Record &record)
{
    bool ok = false;
    const auto rows = parseRows(encoder.encode(signal, &record, 1), &ok);
    if (!ok || rows.size() != 1)
        return {};
    return rows.first();
}

// The exact text of a numeric column in a row (64-bit values are compared as text, not doubles).
QString rawNumber(const QByteArray &line, const char *column)
{
    const QRegularExpression re(QStringLiteral("\"%1\":(-?[0-9.eE+-]+)").arg(QLatin1String(column)));
    const auto m = re.match(QString::fromUtf8(line));
    return m.hasMatch() ? m.captured(1) : QString();
}

QStringList sortedKeys(const QJsonObject &o)
{
    QStringList keys = o.keys();
    keys.sort();
    return keys;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

const QStringList traceColumns{
    QStringLiteral("trace_id"), QStringLiteral("span_id"), QStringLiteral("parent_span_id"),
    QStringLiteral("timestamp"), QStringLiteral("timestamp_ns"), QStringLiteral("duration_ms"),
    QStringLiteral("service_name"), QStringLiteral("span_name"), QStringLiteral("span_kind"),
    QStringLiteral("status_code"), QStringLiteral("status_message"), QStringLiteral("project_name"),
    QStringLiteral("project_version"), QStringLiteral("environment"), QStringLiteral("hostname"),
    QStringLiteral("attributes"), QStringLiteral("user_id"), QStringLiteral("session_id"), QStringLiteral("os_type"),
    QStringLiteral("os_version"), QStringLiteral("runtime_name"), QStringLiteral("runtime_version"),
    QStringLiteral("cloud_provider"), QStringLiteral("cloud_region"), QStringLiteral("cloud_availability_zone"),
    QStringLiteral("instrumentation_library_name"), QStringLiteral("instrumentation_library_version")};

// Columns metrics and logs share with each other (resource-derived).
const QStringList signalResourceColumns{
    QStringLiteral("project_name"), QStringLiteral("project_version"), QStringLiteral("service_name"),
    QStringLiteral("service_namespace"), QStringLiteral("service_instance_id"), QStringLiteral("environment"),
    QStringLiteral("hostname"), QStringLiteral("attributes"), QStringLiteral("user_id"), QStringLiteral("session_id"),
    QStringLiteral("os_type"), QStringLiteral("os_version"), QStringLiteral("runtime_name"),
    QStringLiteral("runtime_version"), QStringLiteral("cloud_provider"), QStringLiteral("cloud_region"),
    QStringLiteral("cloud_availability_zone"), QStringLiteral("instrumentation_library_name"),
    QStringLiteral("instrumentation_library_version"), QStringLiteral("schema_url")};

const QStringList metricColumns = QStringList{
    QStringLiteral("metric_id"), QStringLiteral("metric_name"), QStringLiteral("metric_type"),
    QStringLiteral("metric_unit"), QStringLiteral("metric_description"), QStringLiteral("timestamp"),
    QStringLiteral("timestamp_ns"), QStringLiteral("time_window_start"), QStringLiteral("time_window_end"),
    QStringLiteral("value_int"), QStringLiteral("value_double"), QStringLiteral("is_monotonic"),
    QStringLiteral("aggregation_temporality"), QStringLiteral("histogram_count"), QStringLiteral("histogram_sum"),
    QStringLiteral("histogram_min"), QStringLiteral("histogram_max"), QStringLiteral("histogram_bucket_counts"),
    QStringLiteral("histogram_explicit_bounds"), QStringLiteral("summary_count"), QStringLiteral("summary_sum"),
    QStringLiteral("quantile_values")} + signalResourceColumns;

// Every logs column but source_file, source_line, source_function and flags, which no SDK sends.
const QStringList logColumns = QStringList{
    QStringLiteral("log_id"), QStringLiteral("trace_id"), QStringLiteral("span_id"), QStringLiteral("timestamp"),
    QStringLiteral("timestamp_ns"), QStringLiteral("observed_timestamp"), QStringLiteral("observed_timestamp_ns"),
    QStringLiteral("severity_text"), QStringLiteral("severity_number"), QStringLiteral("body"),
    QStringLiteral("body_type"), QStringLiteral("exception_type"), QStringLiteral("exception_message"),
    QStringLiteral("exception_stacktrace"), QStringLiteral("is_exception")} + signalResourceColumns;

const QRegularExpression traceIdPattern(QStringLiteral("^[0-9a-f]{32}$"));
const QRegularExpression spanIdPattern(QStringLiteral("^[0-9a-f]{16}$"));
const QRegularExpression uuidV4Pattern(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));

} // namespace

class tst_ClickHouseEncoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyBatch();
    void oneLinePerRecord();
    void traceRowColumns();
    void errorRow();
    void errorContextOverridesAndLimits();
    void idsAreUniqueAndNeverZero();
    void resourceColumnsDefaults();
    void gauge_data();
    void gauge();
    void counter();
    void histogram();
    void metricUnit();
    void logRow_data();
    void logRow();
    void logBodyType_data();
    void logBodyType();
    void logExceptionAndCorrelation();
    void logBodyCut();
    void flattenedValues_data();
    void flattenedValues();
    void attributeLimits();
    void badInputGivesValidJsonLines();
    void timestampsOutOfRange();

    void identifiers_data();
    void identifiers();
    void insertUrl_data();
    void insertUrl();
    void insertUrlRefusesBadInput_data();
    void insertUrlRefusesBadInput();
    void authHeaders();
    void errorText_data();
    void errorText();
    void exceptionCodes();
};

void tst_ClickHouseEncoder::emptyBatch()
{
    ClickHouseEncoder encoder(fullResource());
    for (TelemetrySignal s : {TelemetrySignal::Traces, TelemetrySignal::Metrics, TelemetrySignal::Logs})
        QVERIFY(encoder.encode(s, nullptr, 0).isEmpty());
}

void tst_ClickHouseEncoder::oneLinePerRecord()
{
    ClickHouseEncoder encoder(fullResource());
    const std::vector<Record> events{makeEvent(QStringLiteral("a"), {{QStringLiteral("text"), QStringLiteral("x\ny\r\n")}}),
                                     makeError(QStringLiteral("E"), QStringLiteral("multi\nline")),
                                     makeEvent(QStringLiteral("c"))};
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, events.data(), events.size());
    QCOMPARE(body.count('\n'), 2); // JSONEachRow: rows joined by newlines, none inside a row, none trailing
    QVERIFY(!body.endsWith('\n'));
    bool ok = false;
    const auto rows = parseRows(body, &ok);
    QVERIFY(ok);
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows.at(0).value(QLatin1String("span_name")).toString(), QStringLiteral("a"));
    QCOMPARE(rows.at(1).value(QLatin1String("span_name")).toString(), QStringLiteral("automagik.error"));
    QCOMPARE(rows.at(2).value(QLatin1String("span_name")).toString(), QStringLiteral("c"));
}

void tst_ClickHouseEncoder::traceRowColumns()
{
    ClickHouseEncoder encoder(fullResource());
    const Record event = makeEvent(QStringLiteral("automagik.feature.used"),
                                   {{QStringLiteral("feature_name"), QStringLiteral("export")},
                                    {QStringLiteral("count"), 3},
                                    {QStringLiteral("ratio"), 0.25},
                                    {QStringLiteral("whole"), 3.0},
                                    {QStringLiteral("ok"), true}});
    const QByteArray line = encoder.encode(TelemetrySignal::Traces, &event, 1);
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Traces, event);
    QCOMPARE(sortedKeys(row), sorted(traceColumns));

    QVERIFY(traceIdPattern.match(row.value(QLatin1String("trace_id")).toString()).hasMatch());
    QVERIFY(spanIdPattern.match(row.value(QLatin1String("span_id")).toString()).hasMatch());
    QCOMPARE(row.value(QLatin1String("parent_span_id")).toString(), QString());
    // DateTime as Unix seconds (a JSON integer, time-zone proof); the exact nanoseconds beside it.
    QCOMPARE(rawNumber(line, "timestamp"), QString::number(kSeconds));
    QCOMPARE(rawNumber(line, "timestamp_ns"), QString::number(kRecordTime));
    QCOMPARE(rawNumber(line, "duration_ms"), QStringLiteral("0"));
    QCOMPARE(row.value(QLatin1String("span_name")).toString(), QStringLiteral("automagik.feature.used"));
    QCOMPARE(row.value(QLatin1String("span_kind")).toString(), QStringLiteral("INTERNAL"));
    QCOMPARE(row.value(QLatin1String("status_code")).toString(), QStringLiteral("OK"));
    QCOMPARE(row.value(QLatin1String("status_message")).toString(), QString());

    QCOMPARE(row.value(QLatin1String("service_name")).toString(), QStringLiteral("my-app"));
    QCOMPARE(row.value(QLatin1String("project_name")).toString(), QStringLiteral("my-app"));
    QCOMPARE(row.value(QLatin1String("project_version")).toString(), QStringLiteral("1.2.0"));
    QCOMPARE(row.value(QLatin1String("environment")).toString(), QStringLiteral("production"));
    QCOMPARE(row.value(QLatin1String("hostname")).toString(), QString()); // never sent: identifying
    QCOMPARE(row.value(QLatin1String("user_id")).toString(), QStringLiteral("0b7e3a55-7f4e-4c1e-9d7a-2b1c3d4e5f60"));
    QCOMPARE(row.value(QLatin1String("session_id")).toString(), QStringLiteral("5e551011-aaaa-4bbb-8ccc-000000000001"));
    QCOMPARE(row.value(QLatin1String("os_type")).toString(), QStringLiteral("linux"));
    QCOMPARE(row.value(QLatin1String("os_version")).toString(), QStringLiteral("6.1.0-18-amd64"));
    QCOMPARE(row.value(QLatin1String("runtime_name")).toString(), QStringLiteral("Qt"));
    QCOMPARE(row.value(QLatin1String("runtime_version")).toString(), QStringLiteral("6.4.2"));
    QCOMPARE(row.value(QLatin1String("cloud_provider")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("cloud_region")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("cloud_availability_zone")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("instrumentation_library_name")).toString(), QStringLiteral("automagik-telemetry"));
    QCOMPARE(row.value(QLatin1String("instrumentation_library_version")).toString(), QStringLiteral("1.0.0"));

    const QJsonObject expected{{QStringLiteral("feature_name"), QStringLiteral("export")},
                               {QStringLiteral("count"), QStringLiteral("3")},
                               {QStringLiteral("ratio"), QStringLiteral("0.25")},
                               {QStringLiteral("whole"), QStringLiteral("3")},
                               {QStringLiteral("ok"), QStringLiteral("true")}};
    QCOMPARE(row.value(QLatin1String("attributes")).toObject(), expected);
}

void tst_ClickHouseEncoder::errorRow()
{
    ClickHouseEncoder encoder(fullResource());
    const Record error = makeError(QStringLiteral("std::runtime_error"), QStringLiteral("disk full"),
                                   {{QStringLiteral("operation"), QStringLiteral("save")}});
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Traces, error);
    QCOMPARE(sortedKeys(row), sorted(traceColumns));
    QCOMPARE(row.value(QLatin1String("span_name")).toString(), QStringLiteral("automagik.error"));
    QCOMPARE(row.value(QLatin1String("status_code")).toString(), QStringLiteral("ERROR"));
    QCOMPARE(row.value(QLatin1String("status_message")).toString(), QStringLiteral("disk full"));
    const QJsonObject expected{{QStringLiteral("error_type"), QStringLiteral("std::runtime_error")},
                               {QStringLiteral("error_message"), QStringLiteral("disk full")},
                               {QStringLiteral("exception.type"), QStringLiteral("std::runtime_error")},
                               {QStringLiteral("exception.message"), QStringLiteral("disk full")},
                               {QStringLiteral("operation"), QStringLiteral("save")}};
    QCOMPARE(row.value(QLatin1String("attributes")).toObject(), expected);

    const QJsonObject unnamed = oneRow(encoder, TelemetrySignal::Traces, makeError(QString(), QString()));
    QCOMPARE(unnamed.value(QLatin1String("attributes")).toObject().value(QLatin1String("error_type")).toString(),
             QStringLiteral("Error"));
    QCOMPARE(unnamed.value(QLatin1String("status_message")).toString(), QString());
}

void tst_ClickHouseEncoder::errorContextOverridesAndLimits()
{
    ClickHouseEncoder encoder(fullResource());
    QVariantMap context{{QStringLiteral("error_type"), QStringLiteral("Custom")},
                        {QStringLiteral("error_message"), QStringLiteral("mine")}};
    for (int i = 0; i < 300; ++i)
        context.insert(QStringLiteral("k%1").arg(i, 3, 10, QLatin1Char('0')), i);
    const QString longMessage(700, QLatin1Char('m'));
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Traces, makeError(QStringLiteral("T"), longMessage, context));
    const QJsonObject attributes = row.value(QLatin1String("attributes")).toObject();
    QCOMPARE(attributes.size(), 128); // the attribute limit, with the error's own keys kept first
    QCOMPARE(attributes.value(QLatin1String("error_type")).toString(), QStringLiteral("Custom"));
    QCOMPARE(attributes.value(QLatin1String("error_message")).toString(), QStringLiteral("mine"));
    QCOMPARE(attributes.value(QLatin1String("exception.type")).toString(), QStringLiteral("T"));
    QCOMPARE(attributes.value(QLatin1String("exception.message")).toString().size(), 500);
    QCOMPARE(row.value(QLatin1String("status_message")).toString().size(), 500);
    QVERIFY(encoder.truncatedValues() > 0);
}

void tst_ClickHouseEncoder::idsAreUniqueAndNeverZero()
{
    ClickHouseEncoder encoder(fullResource());
    std::vector<Record> events(500, makeEvent(QStringLiteral("e")));
    std::vector<Record> metrics(500, makeMetric(QStringLiteral("m"), 1, MetricType::Gauge));
    std::vector<Record> logs(500, makeLog(QStringLiteral("l"), LogSeverity::Info));
    bool ok = false;
    QSet<QString> traceIds, spanIds, metricIds, logIds;
    for (const QJsonObject &row : parseRows(encoder.encode(TelemetrySignal::Traces, events.data(), events.size()), &ok)) {
        const QString traceId = row.value(QLatin1String("trace_id")).toString();
        const QString spanId = row.value(QLatin1String("span_id")).toString();
        QVERIFY(traceIdPattern.match(traceId).hasMatch());
        QVERIFY(spanIdPattern.match(spanId).hasMatch());
        QVERIFY(traceId != QString(32, QLatin1Char('0')));
        QVERIFY(spanId != QString(16, QLatin1Char('0')));
        traceIds.insert(traceId);
        spanIds.insert(spanId);
    }
    QVERIFY(ok);
    for (const QJsonObject &row : parseRows(encoder.encode(TelemetrySignal::Metrics, metrics.data(), metrics.size()), &ok))
        metricIds.insert(row.value(QLatin1String("metric_id")).toString());
    QVERIFY(ok);
    for (const QJsonObject &row : parseRows(encoder.encode(TelemetrySignal::Logs, logs.data(), logs.size()), &ok))
        logIds.insert(row.value(QLatin1String("log_id")).toString());
    QVERIFY(ok);
    QCOMPARE(traceIds.size(), 1); // one trace per request, its span ids unique
    QCOMPARE(spanIds.size(), 500);
    QCOMPARE(metricIds.size(), 500);
    QCOMPARE(logIds.size(), 500);
    for (const QString &id : std::as_const(metricIds) + logIds) {
        QVERIFY2(uuidV4Pattern.match(id).hasMatch(), qPrintable(id));
        QVERIFY(!QUuid::fromString(id).isNull());
    }
}

void tst_ClickHouseEncoder::resourceColumnsDefaults()
{
    // An (unusual) resource without most keys: the schema's defaults, never "undefined" (REFERENCE §11.25).
    EncoderResource bare;
    bare.attributes = {{QStringLiteral("deployment.environment"), QStringLiteral("staging")},
                       {QStringLiteral("host.name"), QStringLiteral("build-7")},
                       {QStringLiteral("cloud.provider"), QStringLiteral("aws")},
                       {QStringLiteral("cloud.region"), QStringLiteral("eu-west-1")},
                       {QStringLiteral("cloud.availability_zone"), QStringLiteral("eu-west-1a")},
                       {QStringLiteral("service.namespace"), QStringLiteral("team")}};
    ClickHouseEncoder encoder(bare);
    const QJsonObject trace = oneRow(encoder, TelemetrySignal::Traces, makeEvent(QString()));
    QCOMPARE(trace.value(QLatin1String("service_name")).toString(), QStringLiteral("unknown"));
    QCOMPARE(trace.value(QLatin1String("span_name")).toString(), QStringLiteral("unknown"));
    QCOMPARE(trace.value(QLatin1String("environment")).toString(), QStringLiteral("staging"));
    QCOMPARE(trace.value(QLatin1String("hostname")).toString(), QStringLiteral("build-7"));
    QCOMPARE(trace.value(QLatin1String("cloud_provider")).toString(), QStringLiteral("aws"));
    QCOMPARE(trace.value(QLatin1String("cloud_region")).toString(), QStringLiteral("eu-west-1"));
    QCOMPARE(trace.value(QLatin1String("cloud_availability_zone")).toString(), QStringLiteral("eu-west-1a"));
    for (const char *column : {"project_name", "project_version", "user_id", "session_id", "os_type", "runtime_name"})
        QCOMPARE(trace.value(QLatin1String(column)).toString(), QString());
    const QJsonObject metric = oneRow(encoder, TelemetrySignal::Metrics, makeMetric(QStringLiteral("m"), 1, MetricType::Gauge));
    QCOMPARE(metric.value(QLatin1String("service_namespace")).toString(), QStringLiteral("team"));
    QCOMPARE(metric.value(QLatin1String("schema_url")).toString(), QString());

    // project.name missing but service.name present: the project is the service.
    EncoderResource serviceOnly;
    serviceOnly.attributes = {{QStringLiteral("service.name"), QStringLiteral("svc")}};
    ClickHouseEncoder second(serviceOnly);
    QCOMPARE(oneRow(second, TelemetrySignal::Logs, makeLog(QStringLiteral("x"), LogSeverity::Info))
                 .value(QLatin1String("project_name")).toString(),
             QStringLiteral("svc"));
}

void tst_ClickHouseEncoder::gauge_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("valueInt");
    QTest::addColumn<QString>("valueDouble");
    // As the seeds: integral values in value_int, others in value_double.
    QTest::newRow("integral") << 42.0 << QStringLiteral("42") << QStringLiteral("0");
    QTest::newRow("negative integral") << -7.0 << QStringLiteral("-7") << QStringLiteral("0");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0") << QStringLiteral("0");
    QTest::newRow("fraction") << 16.4 << QStringLiteral("0") << QStringLiteral("16.4");
    QTest::newRow("tiny") << 1e-300 << QStringLiteral("0") << QStringLiteral("1e-300");
    QTest::newRow("2^53") << 9007199254740992.0 << QStringLiteral("9007199254740992") << QStringLiteral("0");
    QTest::newRow("largest int64 double") << 9223372036854774784.0 << QStringLiteral("9223372036854774784")
                                          << QStringLiteral("0");
    QTest::newRow("2^63 does not fit Int64") << 9223372036854775808.0 << QStringLiteral("0")
                                             << QStringLiteral("9223372036854775808");
    QTest::newRow("huge") << 1e300 << QStringLiteral("0") << QStringLiteral("1e+300");
}

void tst_ClickHouseEncoder::gauge()
{
    QFETCH(double, value);
    QFETCH(QString, valueInt);
    QFETCH(QString, valueDouble);
    ClickHouseEncoder encoder(fullResource());
    const Record metric = makeMetric(QStringLiteral("render.ms"), value, MetricType::Gauge,
                                     {{QStringLiteral("screen"), QStringLiteral("main")}});
    const QByteArray line = encoder.encode(TelemetrySignal::Metrics, &metric, 1);
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Metrics, metric);
    QCOMPARE(sortedKeys(row), sorted(metricColumns));
    QVERIFY(uuidV4Pattern.match(row.value(QLatin1String("metric_id")).toString()).hasMatch());
    QCOMPARE(row.value(QLatin1String("metric_name")).toString(), QStringLiteral("render.ms"));
    QCOMPARE(row.value(QLatin1String("metric_type")).toString(), QStringLiteral("GAUGE"));
    QCOMPARE(row.value(QLatin1String("metric_unit")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("metric_description")).toString(), QString());
    QCOMPARE(rawNumber(line, "timestamp"), QString::number(kSeconds));
    QCOMPARE(rawNumber(line, "timestamp_ns"), QString::number(kRecordTime));
    QCOMPARE(rawNumber(line, "time_window_start"), QString::number(kSeconds));
    QCOMPARE(rawNumber(line, "time_window_end"), QString::number(kSeconds));
    QCOMPARE(rawNumber(line, "value_int"), valueInt);
    QCOMPARE(rawNumber(line, "value_double"), valueDouble);
    QCOMPARE(row.value(QLatin1String("is_monotonic")).toInt(), 0);
    QCOMPARE(row.value(QLatin1String("aggregation_temporality")).toString(), QStringLiteral("UNSPECIFIED"));
    QCOMPARE(row.value(QLatin1String("histogram_count")).toInt(), 0);
    QCOMPARE(row.value(QLatin1String("histogram_bucket_counts")).toArray(), QJsonArray());
    QCOMPARE(row.value(QLatin1String("histogram_explicit_bounds")).toArray(), QJsonArray());
    QCOMPARE(row.value(QLatin1String("summary_count")).toInt(), 0);
    QCOMPARE(row.value(QLatin1String("quantile_values")).toObject(), QJsonObject());
    QCOMPARE(row.value(QLatin1String("attributes")).toObject(),
             QJsonObject({{QStringLiteral("screen"), QStringLiteral("main")}}));
    QCOMPARE(row.value(QLatin1String("service_instance_id")).toString(),
             QStringLiteral("5e551011-aaaa-4bbb-8ccc-000000000001"));
    QCOMPARE(row.value(QLatin1String("user_id")).toString(), QStringLiteral("0b7e3a55-7f4e-4c1e-9d7a-2b1c3d4e5f60"));
    QCOMPARE(row.value(QLatin1String("os_type")).toString(), QStringLiteral("linux"));
    QCOMPARE(row.value(QLatin1String("runtime_name")).toString(), QStringLiteral("Qt"));
}

void tst_ClickHouseEncoder::counter()
{
    ClickHouseEncoder encoder(fullResource());
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Metrics,
                                   makeMetric(QStringLiteral("files.saved"), 3, MetricType::Counter));
    QCOMPARE(row.value(QLatin1String("metric_type")).toString(), QStringLiteral("SUM"));
    QCOMPARE(row.value(QLatin1String("is_monotonic")).toInt(), 1);
    QCOMPARE(row.value(QLatin1String("aggregation_temporality")).toString(), QStringLiteral("DELTA"));
    QCOMPARE(row.value(QLatin1String("value_int")).toInt(), 3);
    QCOMPARE(row.value(QLatin1String("value_double")).toDouble(), 0.0);
}

void tst_ClickHouseEncoder::histogram()
{
    ClickHouseEncoder encoder(fullResource());
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Metrics,
                                   makeMetric(QStringLiteral("latency"), 12.5, MetricType::Histogram));
    QCOMPARE(row.value(QLatin1String("metric_type")).toString(), QStringLiteral("HISTOGRAM"));
    QCOMPARE(row.value(QLatin1String("is_monotonic")).toInt(), 0);
    QCOMPARE(row.value(QLatin1String("aggregation_temporality")).toString(), QStringLiteral("DELTA"));
    QCOMPARE(row.value(QLatin1String("value_int")).toInt(), 0);
    QCOMPARE(row.value(QLatin1String("value_double")).toDouble(), 12.5);
    QCOMPARE(row.value(QLatin1String("histogram_count")).toInt(), 1);
    QCOMPARE(row.value(QLatin1String("histogram_sum")).toDouble(), 12.5);
    QCOMPARE(row.value(QLatin1String("histogram_min")).toDouble(), 12.5);
    QCOMPARE(row.value(QLatin1String("histogram_max")).toDouble(), 12.5);
    QCOMPARE(row.value(QLatin1String("histogram_bucket_counts")).toArray(), QJsonArray({1}));
    QCOMPARE(row.value(QLatin1String("histogram_explicit_bounds")).toArray(), QJsonArray());
}

void tst_ClickHouseEncoder::metricUnit()
{
    ClickHouseEncoder encoder(fullResource());
    QJsonObject row = oneRow(encoder, TelemetrySignal::Metrics,
                             makeMetric(QStringLiteral("m"), 1, MetricType::Gauge, {{QStringLiteral("unit"), QStringLiteral("ms")}}));
    QCOMPARE(row.value(QLatin1String("metric_unit")).toString(), QStringLiteral("ms"));
    QCOMPARE(row.value(QLatin1String("attributes")).toObject().value(QLatin1String("unit")).toString(), QStringLiteral("ms"));
    row = oneRow(encoder, TelemetrySignal::Metrics,
                 makeMetric(QStringLiteral("m"), 1, MetricType::Gauge, {{QStringLiteral("unit"), 5}}));
    QCOMPARE(row.value(QLatin1String("metric_unit")).toString(), QString()); // only a string is a unit
    row = oneRow(encoder, TelemetrySignal::Metrics,
                 makeMetric(QStringLiteral("m"), 1, MetricType::Gauge, {{QStringLiteral("unit"), QString(100, QLatin1Char('u'))}}));
    QCOMPARE(row.value(QLatin1String("metric_unit")).toString().size(), 63);
}

void tst_ClickHouseEncoder::logRow_data()
{
    QTest::addColumn<LogSeverity>("severity");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("number");
    QTest::newRow("trace") << LogSeverity::Trace << QStringLiteral("TRACE") << 1;
    QTest::newRow("debug") << LogSeverity::Debug << QStringLiteral("DEBUG") << 5;
    QTest::newRow("info") << LogSeverity::Info << QStringLiteral("INFO") << 9;
    QTest::newRow("warn") << LogSeverity::Warn << QStringLiteral("WARN") << 13;
    QTest::newRow("error") << LogSeverity::Error << QStringLiteral("ERROR") << 17;
    QTest::newRow("fatal") << LogSeverity::Fatal << QStringLiteral("FATAL") << 21;
}

void tst_ClickHouseEncoder::logRow()
{
    QFETCH(LogSeverity, severity);
    QFETCH(QString, text);
    QFETCH(int, number);
    ClickHouseEncoder encoder(fullResource());
    const Record log = makeLog(QStringLiteral("cache cold"), severity, {{QStringLiteral("cache"), QStringLiteral("thumbs")}});
    const QByteArray line = encoder.encode(TelemetrySignal::Logs, &log, 1);
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Logs, log);
    QCOMPARE(sortedKeys(row), sorted(logColumns));
    QVERIFY(uuidV4Pattern.match(row.value(QLatin1String("log_id")).toString()).hasMatch());
    QCOMPARE(row.value(QLatin1String("trace_id")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("span_id")).toString(), QString());
    QCOMPARE(rawNumber(line, "timestamp"), QString::number(kSeconds));
    QCOMPARE(rawNumber(line, "timestamp_ns"), QString::number(kRecordTime));
    QCOMPARE(rawNumber(line, "observed_timestamp"), QString::number(kSeconds));
    QCOMPARE(rawNumber(line, "observed_timestamp_ns"), QString::number(kRecordTime));
    QCOMPARE(row.value(QLatin1String("severity_text")).toString(), text);
    QCOMPARE(row.value(QLatin1String("severity_number")).toInt(), number);
    QCOMPARE(row.value(QLatin1String("body")).toString(), QStringLiteral("cache cold"));
    QCOMPARE(row.value(QLatin1String("body_type")).toString(), QStringLiteral("STRING"));
    QCOMPARE(row.value(QLatin1String("attributes")).toObject(),
             QJsonObject({{QStringLiteral("cache"), QStringLiteral("thumbs")}}));
    QCOMPARE(row.value(QLatin1String("is_exception")).toInt(), 0);
    QCOMPARE(row.value(QLatin1String("exception_type")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("service_name")).toString(), QStringLiteral("my-app"));
    QCOMPARE(row.value(QLatin1String("session_id")).toString(), QStringLiteral("5e551011-aaaa-4bbb-8ccc-000000000001"));
    QCOMPARE(row.value(QLatin1String("runtime_version")).toString(), QStringLiteral("6.4.2"));
}

void tst_ClickHouseEncoder::logBodyType_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("type");
    QTest::newRow("empty") << QString() << QStringLiteral("EMPTY");
    QTest::newRow("text") << QStringLiteral("hello") << QStringLiteral("STRING");
    QTest::newRow("object") << QStringLiteral("{\"a\":1}") << QStringLiteral("JSON");
    QTest::newRow("array with spaces") << QStringLiteral("  [1, 2] ") << QStringLiteral("JSON");
    QTest::newRow("number (the seeds count it)") << QStringLiteral("123") << QStringLiteral("JSON");
    QTest::newRow("true") << QStringLiteral("true") << QStringLiteral("JSON");
    QTest::newRow("null") << QStringLiteral("null") << QStringLiteral("JSON");
    QTest::newRow("quoted") << QStringLiteral("\"s\"") << QStringLiteral("JSON");
    QTest::newRow("two values") << QStringLiteral("1,2") << QStringLiteral("STRING");
    QTest::newRow("broken object") << QStringLiteral("{\"a\":") << QStringLiteral("STRING");
    QTest::newRow("bracket trick") << QStringLiteral("1],[2") << QStringLiteral("STRING");
    QTest::newRow("word starting like true") << QStringLiteral("trueish") << QStringLiteral("STRING");
    QTest::newRow("NaN is not JSON") << QStringLiteral("NaN") << QStringLiteral("STRING");
}

void tst_ClickHouseEncoder::logBodyType()
{
    QFETCH(QString, body);
    QFETCH(QString, type);
    ClickHouseEncoder encoder(fullResource());
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Logs, makeLog(body, LogSeverity::Info));
    QCOMPARE(row.value(QLatin1String("body")).toString(), body);
    QCOMPARE(row.value(QLatin1String("body_type")).toString(), type);
}

void tst_ClickHouseEncoder::logExceptionAndCorrelation()
{
    ClickHouseEncoder encoder(fullResource());
    const QString traceId = QStringLiteral("4BF92F3577B34DA6A3CE929D0E0E4736");
    QJsonObject row = oneRow(encoder, TelemetrySignal::Logs,
                             makeLog(QStringLiteral("failed"), LogSeverity::Error,
                                     {{QStringLiteral("exception.type"), QStringLiteral("IOError")},
                                      {QStringLiteral("exception.message"), QStringLiteral("no space")},
                                      {QStringLiteral("exception.stacktrace"), QStringLiteral("#0 main\n#1 start")},
                                      {QStringLiteral("trace_id"), traceId},
                                      {QStringLiteral("span_id"), QStringLiteral("00f067aa0ba902b7")}}));
    QCOMPARE(row.value(QLatin1String("exception_type")).toString(), QStringLiteral("IOError"));
    QCOMPARE(row.value(QLatin1String("exception_message")).toString(), QStringLiteral("no space"));
    QCOMPARE(row.value(QLatin1String("exception_stacktrace")).toString(), QStringLiteral("#0 main\n#1 start"));
    QCOMPARE(row.value(QLatin1String("is_exception")).toInt(), 1);
    QCOMPARE(row.value(QLatin1String("trace_id")).toString(), traceId.toLower());
    QCOMPARE(row.value(QLatin1String("span_id")).toString(), QStringLiteral("00f067aa0ba902b7"));

    // Ids that are not ids stay out of the correlation columns (they remain attributes).
    row = oneRow(encoder, TelemetrySignal::Logs,
                 makeLog(QStringLiteral("x"), LogSeverity::Info,
                         {{QStringLiteral("trace_id"), QString(32, QLatin1Char('0'))},
                          {QStringLiteral("span_id"), QStringLiteral("not-a-span-id!!!")},
                          {QStringLiteral("exception.type"), QString()}}));
    QCOMPARE(row.value(QLatin1String("trace_id")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("span_id")).toString(), QString());
    QCOMPARE(row.value(QLatin1String("is_exception")).toInt(), 0);
    QCOMPARE(row.value(QLatin1String("attributes")).toObject().value(QLatin1String("span_id")).toString(),
             QStringLiteral("not-a-span-id!!!"));
}

void tst_ClickHouseEncoder::logBodyCut()
{
    ClickHouseEncoder encoder(fullResource());
    QString body(999, QLatin1Char('b'));
    body += QChar(0xd83d); // a surrogate pair straddling the 1000 limit is not split
    body += QChar(0xde00);
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Logs, makeLog(body, LogSeverity::Info));
    QCOMPARE(row.value(QLatin1String("body")).toString(), QString(999, QLatin1Char('b')));
    QCOMPARE(encoder.truncatedValues(), 1);
}

void tst_ClickHouseEncoder::flattenedValues_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("string") << QVariant(QStringLiteral("export")) << QStringLiteral("export");
    QTest::newRow("empty string") << QVariant(QString()) << QString();
    QTest::newRow("null") << QVariant() << QString();
    QTest::newRow("nullptr") << QVariant::fromValue(nullptr) << QString();
    QTest::newRow("true") << QVariant(true) << QStringLiteral("true");
    QTest::newRow("false") << QVariant(false) << QStringLiteral("false");
    QTest::newRow("int") << QVariant(-12) << QStringLiteral("-12");
    QTest::newRow("int64 min") << QVariant(std::numeric_limits<qint64>::min()) << QStringLiteral("-9223372036854775808");
    QTest::newRow("uint64 max") << QVariant(std::numeric_limits<quint64>::max()) << QStringLiteral("18446744073709551615");
    QTest::newRow("integral double") << QVariant(3.0) << QStringLiteral("3");
    QTest::newRow("double") << QVariant(0.1) << QStringLiteral("0.1");
    QTest::newRow("float") << QVariant(0.5f) << QStringLiteral("0.5");
    QTest::newRow("NaN") << QVariant(std::nan("")) << QStringLiteral("NaN");
    QTest::newRow("+inf") << QVariant(std::numeric_limits<double>::infinity()) << QStringLiteral("Infinity");
    QTest::newRow("-inf") << QVariant(-std::numeric_limits<double>::infinity()) << QStringLiteral("-Infinity");
    QTest::newRow("bytes") << QVariant(QByteArray("caf\xc3\xa9")) << QStringLiteral("caf\u00e9");
    QTest::newRow("invalid utf-8 bytes") << QVariant(QByteArray("a\xff" "b")) << QStringLiteral("a\ufffdb");
    QTest::newRow("url without credentials") << QVariant(QUrl(QStringLiteral("https://user:secret@example.com/p?q=1")))
                                             << QStringLiteral("https://example.com/p?q=1");
    QTest::newRow("uuid") << QVariant(QUuid(QStringLiteral("{67c8770b-44f1-410a-ab9a-f9b5446f13ee}")))
                          << QStringLiteral("67c8770b-44f1-410a-ab9a-f9b5446f13ee");
    QTest::newRow("datetime in UTC") << QVariant(QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 6), QTimeZone::utc()))
                                     << QStringLiteral("2026-01-02T03:04:05.006Z");
    QTest::newRow("list as JSON") << QVariant(QVariantList{1, QStringLiteral("a"), true, QVariant()})
                                  << QStringLiteral("[1,\"a\",true,null]");
    QTest::newRow("string list") << QVariant(QStringList{QStringLiteral("x"), QStringLiteral("y")})
                                 << QStringLiteral("[\"x\",\"y\"]");
    QTest::newRow("map as JSON") << QVariant(QVariantMap{{QStringLiteral("b"), 2.5}, {QStringLiteral("a"), QVariantList{}}})
                                 << QStringLiteral("{\"a\":[],\"b\":2.5}");
    QTest::newRow("NaN inside a list") << QVariant(QVariantList{std::nan("")}) << QStringLiteral("[\"NaN\"]");
    QTest::newRow("json value") << QVariant(QJsonValue(7)) << QStringLiteral("7");
    QTest::newRow("json object") << QVariant(QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}})
                                 << QStringLiteral("{\"k\":\"v\"}");
    QTest::newRow("long string cut to 500") << QVariant(QString(600, QLatin1Char('x'))) << QString(500, QLatin1Char('x'));
    QTest::newRow("unsupported type") << QVariant::fromValue(Opaque{}) << QStringLiteral("[unsupported type %1]").arg(QLatin1String(QMetaType::fromType<Opaque>().name()));

    QVariant deep = QVariantList{1};
    for (int i = 0; i < 20; ++i)
        deep = QVariantList{deep};
    QTest::newRow("nested too deep") << deep
                                     << QStringLiteral("[[[[[[[[\"[nested too deep]\"]]]]]]]]");
}

void tst_ClickHouseEncoder::flattenedValues()
{
    QFETCH(QVariant, value);
    QFETCH(QString, text);
    ClickHouseEncoder encoder(fullResource());
    QCOMPARE(encoder.flattenedValue(value), text);
    // And on the wire, inside the attributes map.
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Traces, makeEvent(QStringLiteral("e"), {{QStringLiteral("v"), value}}));
    QCOMPARE(row.value(QLatin1String("attributes")).toObject().value(QLatin1String("v")).toString(), text);
}

void tst_ClickHouseEncoder::attributeLimits()
{
    ClickHouseEncoder encoder(fullResource());
    QVariantMap attributes;
    for (int i = 0; i < 200; ++i)
        attributes.insert(QStringLiteral("key%1").arg(i, 3, 10, QLatin1Char('0')), i);
    attributes.insert(QString(), QStringLiteral("empty key"));
    attributes.insert(QString(501, QLatin1Char('k')), QStringLiteral("over-long key"));
    const QJsonObject row = oneRow(encoder, TelemetrySignal::Traces, makeEvent(QStringLiteral("e"), attributes));
    const QJsonObject map = row.value(QLatin1String("attributes")).toObject();
    QCOMPARE(map.size(), 128);
    QVERIFY(!map.contains(QString()));
    QVERIFY(map.contains(QStringLiteral("key000")));

    EncoderLimits limits;
    limits.maxAttributeCount = 2;
    ClickHouseEncoder limited(fullResource(), limits);
    QCOMPARE(oneRow(limited, TelemetrySignal::Metrics, makeMetric(QStringLiteral("m"), 1, MetricType::Gauge, attributes))
                 .value(QLatin1String("attributes")).toObject().size(),
             2);
    // A huge list value is bounded long before it is cut to 500 characters.
    QVariantList big;
    for (int i = 0; i < 100000; ++i)
        big.append(QString(100, QLatin1Char('z')));
    QCOMPARE(encoder.flattenedValue(big).size(), 500);
}

void tst_ClickHouseEncoder::badInputGivesValidJsonLines()
{
    ClickHouseEncoder encoder(fullResource());
    const QString nasty = QStringLiteral("quote\" backslash\\ nl\n cr\r tab\t nul") + QChar(0) + QStringLiteral(" bell")
        + QChar(7) + QStringLiteral(" lone high ") + QChar(0xd800) + QStringLiteral(" lone low ") + QChar(0xdc00)
        + QStringLiteral(" emoji \U0001F600 rtl \u202e ls \u2028 end");
    const QVariantMap attributes{{nasty, nasty},
                                 {QStringLiteral("nan"), std::nan("")},
                                 {QStringLiteral("inf"), std::numeric_limits<double>::infinity()},
                                 {QStringLiteral("bytes"), QByteArray("\xc3\x28\xff\x00", 4)},
                                 {QStringLiteral("huge"), QString(100000, QChar(0x4e2d))},
                                 {QStringLiteral("nested"), QVariantMap{{nasty, QVariantList{nasty, std::nan("")}}}}};
    std::vector<Record> traces{makeEvent(nasty, attributes), makeError(nasty, nasty, attributes)};
    std::vector<Record> metrics{makeMetric(nasty, std::nan(""), MetricType::Gauge, attributes),
                                makeMetric(nasty, std::numeric_limits<double>::infinity(), MetricType::Counter, attributes),
                                makeMetric(nasty, -std::numeric_limits<double>::infinity(), MetricType::Histogram, attributes),
                                makeMetric(nasty, -0.0, MetricType::Gauge, attributes)};
    std::vector<Record> logs{makeLog(nasty, LogSeverity::Fatal, attributes), makeLog(QString(5000, QChar(0xd800)), LogSeverity::Info)};

    auto check = [&](TelemetrySignal signal, const std::vector<Record> &records) {
        const QByteArray body = encoder.encode(signal, records.data(), records.size());
        QCOMPARE(body.count('\n'), qsizetype(records.size() - 1));
        for (char c : body)
            QVERIFY(uchar(c) >= 0x20 || c == '\n'); // no raw control character anywhere
        QCOMPARE(QString::fromUtf8(body).toUtf8(), body); // valid UTF-8 throughout
        bool ok = false;
        const auto rows = parseRows(body, &ok);
        QVERIFY(ok);
        QCOMPARE(rows.size(), qsizetype(records.size()));
    };
    check(TelemetrySignal::Traces, traces);
    check(TelemetrySignal::Metrics, metrics);
    check(TelemetrySignal::Logs, logs);

    // Non-finite metric values: Float64 columns take ClickHouse's "NaN"/"Infinity" text, Int64 0.
    const QByteArray nanLine = encoder.encode(TelemetrySignal::Metrics, metrics.data(), 1);
    QVERIFY(nanLine.contains("\"value_double\":\"NaN\""));
    QVERIFY(nanLine.contains("\"value_int\":0"));
    const QByteArray infLine = encoder.encode(TelemetrySignal::Metrics, metrics.data() + 2, 1);
    QVERIFY(infLine.contains("\"histogram_sum\":\"-Infinity\""));
}

void tst_ClickHouseEncoder::timestampsOutOfRange()
{
    ClickHouseEncoder encoder(fullResource());
    Record early = makeEvent(QStringLiteral("e"));
    early.timeUnixNano = -5;
    QByteArray line = encoder.encode(TelemetrySignal::Traces, &early, 1);
    QCOMPARE(rawNumber(line, "timestamp"), QStringLiteral("0"));
    QCOMPARE(rawNumber(line, "timestamp_ns"), QStringLiteral("0"));
    Record late = makeLog(QStringLiteral("l"), LogSeverity::Info);
    late.timeUnixNano = std::numeric_limits<qint64>::max(); // year 2262: beyond DateTime's 2106
    line = encoder.encode(TelemetrySignal::Logs, &late, 1);
    QCOMPARE(rawNumber(line, "timestamp"), QStringLiteral("4294967295"));
    QCOMPARE(rawNumber(line, "timestamp_ns"), QString::number(std::numeric_limits<qint64>::max()));
}

void tst_ClickHouseEncoder::identifiers_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("telemetry") << QStringLiteral("telemetry") << true;
    QTest::newRow("traces") << QStringLiteral("traces") << true;
    QTest::newRow("underscore start") << QStringLiteral("_t1") << true;
    QTest::newRow("mixed case and digits") << QStringLiteral("Telemetry_V2") << true;
    QTest::newRow("128 characters") << QString(128, QLatin1Char('a')) << true;
    QTest::newRow("129 characters") << QString(129, QLatin1Char('a')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("digit first") << QStringLiteral("1traces") << false;
    QTest::newRow("statement injection") << QStringLiteral("telemetry; DROP TABLE x") << false;
    QTest::newRow("comment injection") << QStringLiteral("traces--") << false;
    QTest::newRow("format injection") << QStringLiteral("traces FORMAT CSV") << false;
    QTest::newRow("backticks") << QStringLiteral("`traces`") << false;
    QTest::newRow("backtick inside") << QStringLiteral("tra`ces") << false;
    QTest::newRow("single quotes") << QStringLiteral("'traces'") << false;
    QTest::newRow("double quotes") << QStringLiteral("\"traces\"") << false;
    QTest::newRow("dot") << QStringLiteral("other.traces") << false;
    QTest::newRow("space") << QStringLiteral("my traces") << false;
    QTest::newRow("dash") << QStringLiteral("my-traces") << false;
    QTest::newRow("newline") << QStringLiteral("traces\n") << false;
    QTest::newRow("nul") << QStringLiteral("traces") + QChar(0) << false;
    QTest::newRow("percent") << QStringLiteral("tr%20aces") << false;
    QTest::newRow("latin letter with accent") << QStringLiteral("t\u00e9l\u00e9m\u00e9trie") << false;
    QTest::newRow("cyrillic") << QStringLiteral("\u0442\u0430\u0431\u043b\u0438\u0446\u0430") << false;
    QTest::newRow("fullwidth letters") << QStringLiteral("\uff54\uff52\uff41\uff43\uff45") << false;
    QTest::newRow("arabic digit") << QStringLiteral("t\u0661") << false;
}

void tst_ClickHouseEncoder::identifiers()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(ClickHouseEncoder::isValidIdentifier(name), valid);
    const QUrl url = ClickHouseEncoder::insertUrl(QUrl(QStringLiteral("http://localhost:8123")), name, QStringLiteral("traces"));
    QCOMPARE(url.isValid(), valid);
    QCOMPARE(ClickHouseEncoder::insertUrl(QUrl(QStringLiteral("http://localhost:8123")), QStringLiteral("telemetry"), name).isValid(),
             valid);
}

void tst_ClickHouseEncoder::insertUrl_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("expected"); // fully encoded

    QTest::newRow("default") << QStringLiteral("http://localhost:8123") << QStringLiteral("traces")
                             << QStringLiteral("http://localhost:8123/?query=INSERT%20INTO%20telemetry.traces%20FORMAT%20JSONEachRow");
    QTest::newRow("trailing slash") << QStringLiteral("http://localhost:8123/") << QStringLiteral("metrics")
                                    << QStringLiteral("http://localhost:8123/?query=INSERT%20INTO%20telemetry.metrics%20FORMAT%20JSONEachRow");
    QTest::newRow("https with path") << QStringLiteral("https://proxy.example.com/clickhouse/") << QStringLiteral("logs")
                                     << QStringLiteral("https://proxy.example.com/clickhouse/?query=INSERT%20INTO%20telemetry.logs%20FORMAT%20JSONEachRow");
    QTest::newRow("credentials stripped") << QStringLiteral("http://alice:s3cret@db.example.com:8123") << QStringLiteral("traces")
                                          << QStringLiteral("http://db.example.com:8123/?query=INSERT%20INTO%20telemetry.traces%20FORMAT%20JSONEachRow");
    QTest::newRow("credential parameters dropped, settings kept")
        << QStringLiteral("http://h:8123/?user=alice&password=s3cret&async_insert=1&query=SELECT%201#frag")
        << QStringLiteral("traces")
        << QStringLiteral("http://h:8123/?async_insert=1&query=INSERT%20INTO%20telemetry.traces%20FORMAT%20JSONEachRow");
}

void tst_ClickHouseEncoder::insertUrl()
{
    QFETCH(QString, endpoint);
    QFETCH(QString, table);
    QFETCH(QString, expected);
    const QUrl url = ClickHouseEncoder::insertUrl(QUrl(endpoint), QStringLiteral("telemetry"), table);
    QVERIFY(url.isValid());
    QCOMPARE(QString::fromLatin1(url.toEncoded()), expected);
    QCOMPARE(QUrlQuery(url).queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded),
             QStringLiteral("INSERT INTO telemetry.") + table + QStringLiteral(" FORMAT JSONEachRow"));
    const QString all = QUrl::fromPercentEncoding(url.toEncoded());
    QVERIFY(!all.contains(QLatin1String("alice")));
    QVERIFY(!all.contains(QLatin1String("s3cret")));
    QVERIFY(url.userInfo().isEmpty());
}

void tst_ClickHouseEncoder::insertUrlRefusesBadInput_data()
{
    QTest::addColumn<QString>("endpoint");
    QTest::newRow("no scheme") << QStringLiteral("localhost:8123");
    QTest::newRow("ftp") << QStringLiteral("ftp://localhost:8123");
    QTest::newRow("file") << QStringLiteral("file:///tmp/x");
    QTest::newRow("no host") << QStringLiteral("http://");
    QTest::newRow("empty") << QString();
}

void tst_ClickHouseEncoder::insertUrlRefusesBadInput()
{
    QFETCH(QString, endpoint);
    QVERIFY(!ClickHouseEncoder::insertUrl(QUrl(endpoint), QStringLiteral("telemetry"), QStringLiteral("traces")).isValid());
}

void tst_ClickHouseEncoder::authHeaders()
{
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    QCOMPARE(ClickHouseEncoder::authHeaders(QStringLiteral("telemetry"), QStringLiteral("telemetry_password")),
             Headers({{"X-ClickHouse-User", "telemetry"}, {"X-ClickHouse-Key", "telemetry_password"}}));
    QCOMPARE(ClickHouseEncoder::authHeaders(QStringLiteral("default"), QString()),
             Headers({{"X-ClickHouse-User", "default"}, {"X-ClickHouse-Key", ""}}));
    QCOMPARE(ClickHouseEncoder::authHeaders(QString(), QStringLiteral("ignored")), Headers());
    // Header splitting is impossible: CR, LF and NUL are removed (the login then fails visibly).
    QCOMPARE(ClickHouseEncoder::authHeaders(QStringLiteral("a\r\nX-Evil: 1"), QStringLiteral("p\nw") + QChar(0)),
             Headers({{"X-ClickHouse-User", "aX-Evil: 1"}, {"X-ClickHouse-Key", "pw"}}));
    QCOMPARE(ClickHouseEncoder::authHeaders(QStringLiteral("\u00fcser"), QStringLiteral("p\u00e4ss")),
             Headers({{"X-ClickHouse-User", "\xc3\xbcser"}, {"X-ClickHouse-Key", "p\xc3\xa4ss"}}));
}

void tst_ClickHouseEncoder::errorText_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("text");
    QTest::newRow("auth") << QByteArray("Code: 516. DB::Exception: telemetry: Authentication failed: password is incorrect, "
                                        "or there is no user with such name. (AUTHENTICATION_FAILED) (version 24.3.2.23 (official build))\n")
                          << QStringLiteral("Code: 516. DB::Exception: telemetry: Authentication failed: password is incorrect, "
                                            "or there is no user with such name. (AUTHENTICATION_FAILED) (version 24.3.2.23 (official build))");
    QTest::newRow("multi-line") << QByteArray("Code: 117. DB::Exception: Unknown field found while parsing JSONEachRow format: zz: (at row 1)\n"
                                              ": While executing ParallelParsingBlockInputFormat. (INCORRECT_DATA)\r\n\t")
                                << QStringLiteral("Code: 117. DB::Exception: Unknown field found while parsing JSONEachRow format: zz: "
                                                  "(at row 1) : While executing ParallelParsingBlockInputFormat. (INCORRECT_DATA)");
    QTest::newRow("control characters") << QByteArray("a\x01\x1b[31mb\x7f" "c\x00" "d", 12) << QStringLiteral("a [31mb c d");
    QTest::newRow("invalid utf-8") << QByteArray("bad \xff byte") << QStringLiteral("bad \ufffd byte");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("only white space") << QByteArray(" \n\t ") << QString();
    QTest::newRow("bounded") << QByteArray(10000, 'x') << QString(497, QLatin1Char('x')) + QStringLiteral("...");
}

void tst_ClickHouseEncoder::errorText()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, text);
    QCOMPARE(ClickHouseEncoder::errorText(body), text);
}

void tst_ClickHouseEncoder::exceptionCodes()
{
    QCOMPARE(ClickHouseEncoder::exceptionCode("Code: 516. DB::Exception: x: Authentication failed"), 516);
    QCOMPARE(ClickHouseEncoder::exceptionCode("\n  Code: 252. DB::Exception: Too many parts (300)."), 252);
    QCOMPARE(ClickHouseEncoder::exceptionCode("Code: 60"), 0); // no dot: not ClickHouse's form
    QCOMPARE(ClickHouseEncoder::exceptionCode("Code: abc. x"), 0);
    QCOMPARE(ClickHouseEncoder::exceptionCode("Code: 99999999999999. x"), 0);
    QCOMPARE(ClickHouseEncoder::exceptionCode("<html>502 Bad Gateway</html>"), 0);
    QCOMPARE(ClickHouseEncoder::exceptionCode(QByteArray()), 0);
    for (int code : {159, 202, 209, 210, 241, 242, 252, 285, 319, 439, 999})
        QVERIFY2(ClickHouseEncoder::isTransientException(code), qPrintable(QString::number(code)));
    // Wrong credentials, missing tables, bad rows and syntax never pass by themselves.
    for (int code : {0, 60, 62, 81, 117, 164, 192, 193, 194, 497, 516})
        QVERIFY2(!ClickHouseEncoder::isTransientException(code), qPrintable(QString::number(code)));
}

QTEST_GUILESS_MAIN(tst_ClickHouseEncoder)
#include "tst_clickhouseencoder.moc"
