// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The ClickHouse backend against a real ClickHouse engine: chDB (ClickHouse 26 as a library, from
// the npm package "chdb") behind chdb-front.mjs, a loopback stand-in for ClickHouse's HTTP
// interface that this test starts itself. The test creates the schema from sql/clickhouse/*.sql,
// sends every signal kind through the library's public API and through the command-line tool,
// reads the rows back with SQL and compares them field by field with what was sent.
//
// Without Node.js or the chdb package (scripts/install-deps.sh installs both) the whole test
// reports SKIP with the reason; ctest shows it as skipped, never as passed.

#include "chdbserver.h"
#include "flushwait.h"
#include "recordfactory.h"
#include "testsupport.h"

#include "encoding/clickhouseencoder.h"
#include "encoding/gzip.h"

#include <automagik/telemetry.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QRegularExpression>
#include <QtCore/QUrlQuery>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <cmath>
#include <limits>
#include <stdexcept>

using namespace Automagik;
using namespace TestSupport;

namespace {

const QString kUser = QStringLiteral("telemetry");
const QString kPassword = QStringLiteral("s3cret-ch-pass!");

using SqlResult = ChdbServer::Reply;

const QRegularExpression traceIdPattern(QStringLiteral("^[0-9a-f]{32}$"));
const QRegularExpression spanIdPattern(QStringLiteral("^[0-9a-f]{16}$"));
const QRegularExpression uuidPattern(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));

// Column conversions for reading rows back: 64-bit integers and floats as exact text,
// DateTime as Unix seconds (independent of the engine's time zone).
const char traceSelect[] =
    "SELECT trace_id, span_id, parent_span_id, toUnixTimestamp(timestamp) AS ts, toString(timestamp_ns) AS ts_ns, "
    "duration_ms, service_name, span_name, span_kind, status_code, status_message, project_name, project_version, "
    "environment, hostname, attributes, user_id, session_id, os_type, os_version, runtime_name, runtime_version, "
    "cloud_provider, cloud_region, cloud_availability_zone, instrumentation_library_name, "
    "instrumentation_library_version FROM telemetry.traces";
const char metricSelect[] =
    "SELECT metric_id, metric_name, toString(metric_type) AS type, metric_unit, metric_description, "
    "toUnixTimestamp(timestamp) AS ts, toString(timestamp_ns) AS ts_ns, toUnixTimestamp(time_window_start) AS ws, "
    "toUnixTimestamp(time_window_end) AS we, toString(value_int) AS vi, toString(value_double) AS vd, is_monotonic, "
    "toString(aggregation_temporality) AS temporality, toString(histogram_count) AS hc, toString(histogram_sum) AS hs, "
    "toString(histogram_min) AS hmin, toString(histogram_max) AS hmax, "
    "arrayMap(x -> toString(x), histogram_bucket_counts) AS buckets, "
    "arrayMap(x -> toString(x), histogram_explicit_bounds) AS bounds, toString(summary_count) AS sc, "
    "toString(summary_sum) AS ss, length(quantile_values) AS qv, project_name, project_version, service_name, "
    "service_namespace, service_instance_id, environment, hostname, attributes, user_id, session_id, os_type, "
    "os_version, runtime_name, runtime_version, instrumentation_library_name, instrumentation_library_version, "
    "schema_url FROM telemetry.metrics";
const char logSelect[] =
    "SELECT log_id, trace_id, span_id, toUnixTimestamp(timestamp) AS ts, toString(timestamp_ns) AS ts_ns, "
    "toUnixTimestamp(observed_timestamp) AS ots, toString(observed_timestamp_ns) AS ots_ns, severity_text, "
    "severity_number, body, toString(body_type) AS body_type, project_name, project_version, service_name, "
    "service_instance_id, environment, hostname, attributes, user_id, session_id, os_type, os_version, runtime_name, "
    "runtime_version, instrumentation_library_name, instrumentation_library_version, exception_type, "
    "exception_message, exception_stacktrace, is_exception, source_file, source_line, flags FROM telemetry.logs";

} // namespace

class tst_ClickHouseIntegration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void schemaHasTheSeedsLayout_data();
    void schemaHasTheSeedsLayout();
    void encoderRowsSurviveTheEngine();
    void libraryRoundTrip();
    void wrongCredentialsAreReportedOnce();
    void unknownTableIsReported();
    void invalidIdentifierSendsNothing();
    void flushAfterConfigErrorIsNotDelivered();
    void commandLineTool();
    void dashboardQueriesRun();

private:
    SqlResult post(const QUrl &url, const QByteArray &body, const ChdbServer::Headers &headers)
    {
        return m_engine.post(url, body, headers);
    }
    SqlResult sql(const QString &statement) { return m_engine.sql(statement); }
    QList<QJsonObject> select(const QString &statement) { return m_engine.select(statement); }
    QJsonArray frontRequests() { return m_engine.frontRequests(); }
    QUrl baseUrl() const { return m_engine.baseUrl(); }
    TelemetryConfig configFor(const QString &project) const;
    bool flushAndWait(Telemetry &telemetry, int timeoutMs = 20000);

    QTemporaryDir m_home;
    QTemporaryDir m_work;
    std::unique_ptr<QTemporaryDir> m_settings;
    ChdbServer m_engine{kUser, kPassword}; // after m_work: it stops before its database is removed
    QElapsedTimer m_clock;
};

// --- fixture ---------------------------------------------------------------------------------

void tst_ClickHouseIntegration::initTestCase()
{
    m_clock.start();
    // Where scripts/install-deps.sh put chDB; resolved before HOME is replaced below.
    if (m_engine.locate() == ChdbServer::Outcome::Unavailable)
        QSKIP(qPrintable(m_engine.message()));

    QVERIFY(m_home.isValid());
    QVERIFY(m_work.isValid());
    isolateEnvironment(m_home); // AUTOMAGIK_TELEMETRY_CLICKHOUSE_* from the machine are gone too

    // The engine: a fresh database directory per run, credentials the library must present.
    const ChdbServer::Outcome started = m_engine.start(m_work.filePath(QStringLiteral("chdata")));
    if (started == ChdbServer::Outcome::Unavailable)
        QSKIP(qPrintable(m_engine.message()));
    QVERIFY2(started == ChdbServer::Outcome::Started, qPrintable(m_engine.message()));

    const SqlResult version = sql(QStringLiteral("SELECT version()"));
    QCOMPARE(version.status, 200);
    qInfo("engine version %s", version.body.trimmed().constData());

    // The schema, exactly as a user creates it: every statement of the repository's SQL files.
    const QDir sqlDir(QStringLiteral(AUTOMAGIK_CH_SQL_DIR));
    const QStringList files = sqlDir.entryList({QStringLiteral("0*.sql")}, QDir::Files, QDir::Name);
    QCOMPARE(files, QStringList({QStringLiteral("001_traces.sql"), QStringLiteral("002_metrics.sql"),
                                 QStringLiteral("003_logs.sql")}));
    QStringList paths;
    for (const QString &name : files)
        paths.append(sqlDir.filePath(name));
    const QString schemaError = m_engine.runSqlFiles(paths);
    QVERIFY2(schemaError.isEmpty(), qPrintable(schemaError));
}

void tst_ClickHouseIntegration::init()
{
    m_settings = std::make_unique<QTemporaryDir>();
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true"); // consent, as the other client tests grant it
}

void tst_ClickHouseIntegration::cleanup()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    QFile::remove(optOutFile());
}

void tst_ClickHouseIntegration::cleanupTestCase()
{
    m_engine.stop();
    qInfo("ClickHouse integration test took %lld ms", m_clock.elapsed());
}

TelemetryConfig tst_ClickHouseIntegration::configFor(const QString &project) const
{
    TelemetryConfig config(project, QStringLiteral("3.1.4"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setBackend(Backend::ClickHouse);
    config.setClickhouseEndpoint(baseUrl());
    config.setClickhouseUsername(kUser);
    config.setClickhousePassword(kPassword);
    config.setFlushInterval(60000); // the test flushes explicitly
    config.setRetryBackoffBase(10);
    config.setTimeout(10000);
    return config;
}

bool tst_ClickHouseIntegration::flushAndWait(Telemetry &telemetry, int timeoutMs)
{
    return TestSupport::flushAndWait(telemetry, timeoutMs).delivered;
}

// --- tests -----------------------------------------------------------------------------------

void tst_ClickHouseIntegration::schemaHasTheSeedsLayout_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("columns"); // "name Type", in table order
    const QStringList traceColumns{
        QStringLiteral("trace_id String"), QStringLiteral("span_id String"), QStringLiteral("parent_span_id String"),
        QStringLiteral("timestamp DateTime"), QStringLiteral("timestamp_ns UInt64"), QStringLiteral("duration_ms UInt32"),
        QStringLiteral("service_name String"), QStringLiteral("span_name String"), QStringLiteral("span_kind String"),
        QStringLiteral("status_code String"), QStringLiteral("status_message String"),
        QStringLiteral("project_name String"), QStringLiteral("project_version String"),
        QStringLiteral("environment String"), QStringLiteral("hostname String"),
        QStringLiteral("attributes Map(String, String)"), QStringLiteral("user_id String"),
        QStringLiteral("session_id String"), QStringLiteral("os_type String"), QStringLiteral("os_version String"),
        QStringLiteral("runtime_name String"), QStringLiteral("runtime_version String"),
        QStringLiteral("cloud_provider String"), QStringLiteral("cloud_region String"),
        QStringLiteral("cloud_availability_zone String"), QStringLiteral("instrumentation_library_name String"),
        QStringLiteral("instrumentation_library_version String")};
    const QStringList shared{
        QStringLiteral("project_name String"), QStringLiteral("project_version String"),
        QStringLiteral("service_name String"), QStringLiteral("service_namespace String"),
        QStringLiteral("service_instance_id String"), QStringLiteral("environment String"),
        QStringLiteral("hostname String"), QStringLiteral("attributes Map(String, String)"),
        QStringLiteral("user_id String"), QStringLiteral("session_id String"), QStringLiteral("os_type String"),
        QStringLiteral("os_version String"), QStringLiteral("runtime_name String"),
        QStringLiteral("runtime_version String"), QStringLiteral("cloud_provider String"),
        QStringLiteral("cloud_region String"), QStringLiteral("cloud_availability_zone String"),
        QStringLiteral("instrumentation_library_name String"), QStringLiteral("instrumentation_library_version String"),
        QStringLiteral("schema_url String")};
    const QStringList metricColumns = QStringList{
        QStringLiteral("metric_id String"), QStringLiteral("metric_name String"),
        QStringLiteral("metric_type Enum8('GAUGE' = 1, 'SUM' = 2, 'HISTOGRAM' = 3, 'EXPONENTIAL_HISTOGRAM' = 4, 'SUMMARY' = 5)"),
        QStringLiteral("metric_unit String"), QStringLiteral("metric_description String"),
        QStringLiteral("timestamp DateTime"), QStringLiteral("timestamp_ns UInt64"),
        QStringLiteral("time_window_start DateTime"), QStringLiteral("time_window_end DateTime"),
        QStringLiteral("value_int Int64"), QStringLiteral("value_double Float64"), QStringLiteral("is_monotonic UInt8"),
        QStringLiteral("aggregation_temporality Enum8('UNSPECIFIED' = 0, 'DELTA' = 1, 'CUMULATIVE' = 2)"),
        QStringLiteral("histogram_count UInt64"), QStringLiteral("histogram_sum Float64"),
        QStringLiteral("histogram_min Float64"), QStringLiteral("histogram_max Float64"),
        QStringLiteral("histogram_bucket_counts Array(UInt64)"), QStringLiteral("histogram_explicit_bounds Array(Float64)"),
        QStringLiteral("summary_count UInt64"), QStringLiteral("summary_sum Float64"),
        QStringLiteral("quantile_values Map(String, Float64)")} + shared;
    const QStringList logColumns = QStringList{
        QStringLiteral("log_id String"), QStringLiteral("trace_id String"), QStringLiteral("span_id String"),
        QStringLiteral("timestamp DateTime"), QStringLiteral("timestamp_ns UInt64"),
        QStringLiteral("observed_timestamp DateTime"), QStringLiteral("observed_timestamp_ns UInt64"),
        QStringLiteral("severity_text String"), QStringLiteral("severity_number UInt8"), QStringLiteral("body String"),
        QStringLiteral("body_type Enum8('EMPTY' = 0, 'STRING' = 1, 'JSON' = 2, 'BYTES' = 3)")} + shared + QStringList{
        QStringLiteral("exception_type String"), QStringLiteral("exception_message String"),
        QStringLiteral("exception_stacktrace String"), QStringLiteral("is_exception UInt8"),
        QStringLiteral("source_file String"), QStringLiteral("source_line UInt32"),
        QStringLiteral("source_function String"), QStringLiteral("flags UInt32")};
    QTest::newRow("traces") << QStringLiteral("traces") << traceColumns;
    QTest::newRow("metrics") << QStringLiteral("metrics") << metricColumns;
    QTest::newRow("logs") << QStringLiteral("logs") << logColumns;
}

void tst_ClickHouseIntegration::schemaHasTheSeedsLayout()
{
    QFETCH(QString, table);
    QFETCH(QStringList, columns);
    QStringList actual;
    for (const QJsonObject &row : select(QStringLiteral("SELECT name, type FROM system.columns WHERE database = "
                                                        "'telemetry' AND table = '%1' ORDER BY position")
                                             .arg(table)))
        actual.append(row.value(QLatin1String("name")).toString() + QLatin1Char(' ')
                      + row.value(QLatin1String("type")).toString());
    QCOMPARE(actual, columns);
    const auto engine = select(QStringLiteral("SELECT engine, partition_key, sorting_key FROM system.tables "
                                              "WHERE database = 'telemetry' AND name = '%1'").arg(table));
    QCOMPARE(engine.size(), 1);
    QCOMPARE(engine.first().value(QLatin1String("engine")).toString(), QStringLiteral("MergeTree"));
    QCOMPARE(engine.first().value(QLatin1String("partition_key")).toString(), QStringLiteral("toYYYYMM(timestamp)"));
}

void tst_ClickHouseIntegration::encoderRowsSurviveTheEngine()
{
    // The encoder alone, with the values most likely to break an INSERT: the engine must take
    // every row (one bad row would fail the whole batch) and store what was meant.
    using namespace Automagik::Internal;
    EncoderResource resource;
    resource.attributes = {{QStringLiteral("service.name"), QStringLiteral("edge-app")},
                           {QStringLiteral("project.name"), QStringLiteral("edge-app")},
                           {QStringLiteral("project.version"), QStringLiteral("0.0.1")}};
    ClickHouseEncoder encoder(resource);
    const QString nasty = QStringLiteral("q\" b\\ nl\n tab\t nul") + QChar(0) + QStringLiteral(" lone ") + QChar(0xd800)
        + QStringLiteral(" emoji \U0001F600 \u4e2d\u6587 end");
    const QVariantMap attributes{{QStringLiteral("text"), nasty},
                                 {QStringLiteral("nan"), std::nan("")},
                                 {QStringLiteral("list"), QVariantList{1, QStringLiteral("a"), std::nan("")}},
                                 {QStringLiteral("big"), std::numeric_limits<quint64>::max()}};
    const qint64 t = kRecordTime;
    auto record = [&](Record::Kind kind, const QString &name, double value, MetricType type) {
        Record r = makeRecord(kind, name, attributes, t);
        r.message = nasty;
        r.value = value;
        r.metricType = type;
        r.severity = LogSeverity::Warn;
        return r;
    };
    const std::vector<Record> traces{record(Record::Kind::Event, QStringLiteral("edge.event"), 0, MetricType::Gauge),
                                     record(Record::Kind::Error, nasty, 0, MetricType::Gauge)};
    const std::vector<Record> metrics{record(Record::Kind::Metric, QStringLiteral("edge.nan"), std::nan(""), MetricType::Gauge),
                                      record(Record::Kind::Metric, QStringLiteral("edge.inf"),
                                             std::numeric_limits<double>::infinity(), MetricType::Histogram),
                                      record(Record::Kind::Metric, QStringLiteral("edge.big"), 9007199254740993.0,
                                             MetricType::Counter)};
    const std::vector<Record> logs{record(Record::Kind::Log, nasty, 0, MetricType::Gauge),
                                   record(Record::Kind::Log, QStringLiteral("{\"json\":[1,2]}"), 0, MetricType::Gauge)};

    const auto headers = ClickHouseEncoder::authHeaders(kUser, kPassword);
    auto insert = [&](const QString &table, TelemetrySignal signal, const std::vector<Record> &records) {
        const QByteArray body = encoder.encode(signal, records.data(), records.size());
        auto withGzip = headers;
        withGzip.append({QByteArrayLiteral("Content-Encoding"), QByteArrayLiteral("gzip")});
        const SqlResult r = post(ClickHouseEncoder::insertUrl(baseUrl(), QStringLiteral("telemetry"), table),
                                 Automagik::Internal::gzipCompress(body), withGzip);
        QVERIFY2(r.status == 200, qPrintable(ClickHouseEncoder::errorText(r.body) + r.error));
    };
    insert(QStringLiteral("traces"), TelemetrySignal::Traces, traces);
    insert(QStringLiteral("metrics"), TelemetrySignal::Metrics, metrics);
    insert(QStringLiteral("logs"), TelemetrySignal::Logs, logs);

    // What the engine stored is what was meant (a lone surrogate is U+FFFD, a NUL stays a NUL).
    QString stored = nasty;
    stored.replace(QChar(0xd800), QChar(0xfffd));
    const auto traceRows = select(QString::fromLatin1(traceSelect) + QStringLiteral(" WHERE service_name = 'edge-app' ORDER BY span_name DESC"));
    QCOMPARE(traceRows.size(), 2);
    const QJsonObject event = traceRows.at(0);
    QCOMPARE(event.value(QLatin1String("span_name")).toString(), QStringLiteral("edge.event"));
    QCOMPARE(event.value(QLatin1String("ts")).toInteger(), t / 1000000000);
    QCOMPARE(event.value(QLatin1String("ts_ns")).toString(), QString::number(t));
    const QJsonObject map = event.value(QLatin1String("attributes")).toObject();
    QCOMPARE(map.value(QLatin1String("text")).toString(), stored);
    QCOMPARE(map.value(QLatin1String("nan")).toString(), QStringLiteral("NaN"));
    QCOMPARE(map.value(QLatin1String("list")).toString(), QStringLiteral("[1,\"a\",\"NaN\"]"));
    QCOMPARE(map.value(QLatin1String("big")).toString(), QStringLiteral("18446744073709551615"));
    const QJsonObject error = traceRows.at(1);
    QCOMPARE(error.value(QLatin1String("span_name")).toString(), QStringLiteral("automagik.error"));
    QCOMPARE(error.value(QLatin1String("status_message")).toString(), stored);

    const auto metricRows = select(QString::fromLatin1(metricSelect) + QStringLiteral(" WHERE service_name = 'edge-app' ORDER BY metric_name"));
    QCOMPARE(metricRows.size(), 3);
    QCOMPARE(metricRows.at(0).value(QLatin1String("metric_name")).toString(), QStringLiteral("edge.big"));
    QCOMPARE(metricRows.at(0).value(QLatin1String("vi")).toString(), QStringLiteral("9007199254740992")); // 2^53+1 is no double
    QCOMPARE(metricRows.at(1).value(QLatin1String("metric_name")).toString(), QStringLiteral("edge.inf"));
    QCOMPARE(metricRows.at(1).value(QLatin1String("vd")).toString(), QStringLiteral("inf"));
    QCOMPARE(metricRows.at(1).value(QLatin1String("hs")).toString(), QStringLiteral("inf"));
    QCOMPARE(metricRows.at(2).value(QLatin1String("vd")).toString(), QStringLiteral("nan"));
    QCOMPARE(metricRows.at(2).value(QLatin1String("vi")).toString(), QStringLiteral("0"));

    const auto logRows = select(QString::fromLatin1(logSelect) + QStringLiteral(" WHERE service_name = 'edge-app' ORDER BY body_type"));
    QCOMPARE(logRows.size(), 2);
    QCOMPARE(logRows.at(0).value(QLatin1String("body_type")).toString(), QStringLiteral("JSON")); // by name
    QCOMPARE(logRows.at(0).value(QLatin1String("body")).toString(), QStringLiteral("{\"json\":[1,2]}"));
    QCOMPARE(logRows.at(1).value(QLatin1String("body_type")).toString(), QStringLiteral("STRING"));
    QCOMPARE(logRows.at(1).value(QLatin1String("body")).toString(), stored);
    QCOMPARE(logRows.at(1).value(QLatin1String("severity_text")).toString(), QStringLiteral("WARN"));
    QCOMPARE(logRows.at(1).value(QLatin1String("attributes")).toObject().value(QLatin1String("text")).toString(), stored);
}

void tst_ClickHouseIntegration::libraryRoundTrip()
{
    const QString project = QStringLiteral("ch-roundtrip");
    const int requestsBefore = frontRequests().size();
    Telemetry telemetry(configFor(project));
    QVERIFY(telemetry.isEnabled());
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);

    const qint64 before = QDateTime::currentMSecsSinceEpoch() * 1000000 - 1000000;
    telemetry.trackEvent(StandardEvents::FeatureUsed, {{QStringLiteral("feature_name"), QStringLiteral("export")},
                                                       {QStringLiteral("count"), 3},
                                                       {QStringLiteral("ratio"), 0.25},
                                                       {QStringLiteral("ok"), true},
                                                       {QStringLiteral("formats"), QStringList{QStringLiteral("csv"), QStringLiteral("pdf")}},
                                                       {QStringLiteral("contact"), QStringLiteral("alice@example.com")}});
    telemetry.trackEvent(QStringLiteral("app.started"));
    telemetry.trackError(QStringLiteral("SaveError"), QStringLiteral("disk full"), {{QStringLiteral("operation"), QStringLiteral("save")}});
    try {
        throw std::runtime_error("network down");
    } catch (const std::exception &e) {
        telemetry.trackError(e, {{QStringLiteral("error_code"), QStringLiteral("NET-1")}});
    }
    // Enough text for the traces batch to pass the compression threshold: it must travel gzipped.
    for (int i = 0; i < 40; ++i)
        telemetry.trackEvent(QStringLiteral("bulk.event"), {{QStringLiteral("i"), i}, {QStringLiteral("pad"), QString(200, QLatin1Char('p'))}});
    telemetry.trackMetric(QStringLiteral("render.ms"), 16.4, MetricType::Gauge, {{QStringLiteral("unit"), QStringLiteral("ms")}});
    telemetry.trackMetric(QStringLiteral("open.documents"), 42, MetricType::Gauge);
    telemetry.trackMetric(QStringLiteral("files.saved"), 3, MetricType::Counter, {{QStringLiteral("kind"), QStringLiteral("pdf")}});
    telemetry.trackMetric(QStringLiteral("latency"), 12.5, MetricType::Histogram);
    const QList<QPair<LogSeverity, QString>> severities{{LogSeverity::Trace, QStringLiteral("TRACE")},
                                                        {LogSeverity::Debug, QStringLiteral("DEBUG")},
                                                        {LogSeverity::Info, QStringLiteral("INFO")},
                                                        {LogSeverity::Warn, QStringLiteral("WARN")},
                                                        {LogSeverity::Error, QStringLiteral("ERROR")},
                                                        {LogSeverity::Fatal, QStringLiteral("FATAL")}};
    for (const auto &[severity, name] : severities)
        telemetry.trackLog(QStringLiteral("log at ") + name, severity, {{QStringLiteral("level"), name}});
    telemetry.trackLog(QStringLiteral("{\"cache\":\"cold\",\"ms\":12}"), LogSeverity::Info);
    telemetry.trackLog(QStringLiteral("save failed"), LogSeverity::Error,
                       {{QStringLiteral("exception.type"), QStringLiteral("IOError")},
                        {QStringLiteral("exception.message"), QStringLiteral("no space left")}});
    const qint64 after = QDateTime::currentMSecsSinceEpoch() * 1000000 + 1000000;

    QVERIFY2(flushAndWait(telemetry), failed.isEmpty() ? "flush did not finish"
                                                        : qPrintable(failed.first().at(3).toString()));
    QCOMPARE(failed.count(), 0);
    QVERIFY(sent.count() >= 3);
    QCOMPARE(telemetry.sentCount(), 44 + 4 + 8);

    // Common columns every row of this client carries.
    auto checkCommon = [&](const QJsonObject &row, bool signalTable) {
        QCOMPARE(row.value(QLatin1String("service_name")).toString(), project);
        QCOMPARE(row.value(QLatin1String("project_name")).toString(), project);
        QCOMPARE(row.value(QLatin1String("project_version")).toString(), QStringLiteral("3.1.4"));
        QCOMPARE(row.value(QLatin1String("environment")).toString(), QStringLiteral("production"));
        QCOMPARE(row.value(QLatin1String("hostname")).toString(), QString());
        QCOMPARE(row.value(QLatin1String("user_id")).toString(), telemetry.userId());
        QCOMPARE(row.value(QLatin1String("session_id")).toString(), telemetry.sessionId());
        QCOMPARE(row.value(QLatin1String("os_type")).toString(), ChdbServer::expectedOsType());
        QVERIFY(!row.value(QLatin1String("os_version")).toString().isEmpty());
        QCOMPARE(row.value(QLatin1String("runtime_name")).toString(), QStringLiteral("Qt"));
        QCOMPARE(row.value(QLatin1String("runtime_version")).toString(), QString::fromLatin1(qVersion()));
        QCOMPARE(row.value(QLatin1String("instrumentation_library_name")).toString(), QStringLiteral("automagik-telemetry"));
        QCOMPARE(row.value(QLatin1String("instrumentation_library_version")).toString(), Telemetry::sdkVersion());
        const qint64 ns = row.value(QLatin1String("ts_ns")).toString().toLongLong();
        QVERIFY2(ns >= before && ns <= after, qPrintable(row.value(QLatin1String("ts_ns")).toString()));
        QCOMPARE(row.value(QLatin1String("ts")).toInteger(), ns / 1000000000);
        if (signalTable) {
            QCOMPARE(row.value(QLatin1String("service_instance_id")).toString(), telemetry.sessionId());
        }
    };

    // traces: one row per event and error
    const auto traces = select(QString::fromLatin1(traceSelect) + QStringLiteral(" WHERE project_name = '%1' ORDER BY timestamp_ns").arg(project));
    QCOMPARE(traces.size(), 44);
    QSet<QString> spans; // unique (trace, span) pairs: a trace per request, span ids counting up
    for (const QJsonObject &row : traces) {
        checkCommon(row, false);
        QVERIFY(traceIdPattern.match(row.value(QLatin1String("trace_id")).toString()).hasMatch());
        QVERIFY(spanIdPattern.match(row.value(QLatin1String("span_id")).toString()).hasMatch());
        QCOMPARE(row.value(QLatin1String("parent_span_id")).toString(), QString());
        QCOMPARE(row.value(QLatin1String("duration_ms")).toInt(), 0);
        QCOMPARE(row.value(QLatin1String("span_kind")).toString(), QStringLiteral("INTERNAL"));
        spans.insert(row.value(QLatin1String("trace_id")).toString() + row.value(QLatin1String("span_id")).toString());
    }
    QCOMPARE(spans.size(), 44);
    const QJsonObject feature = traces.at(0);
    QCOMPARE(feature.value(QLatin1String("span_name")).toString(), QStringLiteral("automagik.feature.used"));
    QCOMPARE(feature.value(QLatin1String("status_code")).toString(), QStringLiteral("OK"));
    QCOMPARE(feature.value(QLatin1String("attributes")).toObject(),
             QJsonObject({{QStringLiteral("feature_name"), QStringLiteral("export")},
                          {QStringLiteral("count"), QStringLiteral("3")},
                          {QStringLiteral("ratio"), QStringLiteral("0.25")},
                          {QStringLiteral("ok"), QStringLiteral("true")},
                          {QStringLiteral("formats"), QStringLiteral("[\"csv\",\"pdf\"]")},
                          {QStringLiteral("contact"), QStringLiteral("[EMAIL]")}})); // scrubbed on the worker
    QCOMPARE(traces.at(1).value(QLatin1String("span_name")).toString(), QStringLiteral("app.started"));
    QCOMPARE(traces.at(1).value(QLatin1String("attributes")).toObject(), QJsonObject());
    const QJsonObject saveError = traces.at(2);
    QCOMPARE(saveError.value(QLatin1String("span_name")).toString(), QStringLiteral("automagik.error"));
    QCOMPARE(saveError.value(QLatin1String("status_code")).toString(), QStringLiteral("ERROR"));
    QCOMPARE(saveError.value(QLatin1String("status_message")).toString(), QStringLiteral("disk full"));
    QCOMPARE(saveError.value(QLatin1String("attributes")).toObject(),
             QJsonObject({{QStringLiteral("error_type"), QStringLiteral("SaveError")},
                          {QStringLiteral("error_message"), QStringLiteral("disk full")},
                          {QStringLiteral("exception.type"), QStringLiteral("SaveError")},
                          {QStringLiteral("exception.message"), QStringLiteral("disk full")},
                          {QStringLiteral("operation"), QStringLiteral("save")}}));
    const QJsonObject runtimeError = traces.at(3);
    QCOMPARE(runtimeError.value(QLatin1String("status_code")).toString(), QStringLiteral("ERROR"));
    QCOMPARE(runtimeError.value(QLatin1String("status_message")).toString(), QStringLiteral("network down"));
    const QJsonObject runtimeAttributes = runtimeError.value(QLatin1String("attributes")).toObject();
    QVERIFY2(runtimeAttributes.value(QLatin1String("error_type")).toString().contains(QLatin1String("runtime_error")),
             qPrintable(runtimeAttributes.value(QLatin1String("error_type")).toString()));
    QCOMPARE(runtimeAttributes.value(QLatin1String("error_code")).toString(), QStringLiteral("NET-1"));
    for (int i = 0; i < 40; ++i) {
        const QJsonObject row = traces.at(4 + i);
        QCOMPARE(row.value(QLatin1String("span_name")).toString(), QStringLiteral("bulk.event"));
        QCOMPARE(row.value(QLatin1String("attributes")).toObject().value(QLatin1String("i")).toString(), QString::number(i));
    }

    // metrics: one row per observation
    const auto metrics = select(QString::fromLatin1(metricSelect) + QStringLiteral(" WHERE project_name = '%1' ORDER BY timestamp_ns").arg(project));
    QCOMPARE(metrics.size(), 4);
    struct ExpectedMetric
    {
        const char *name, *type, *unit, *valueInt, *valueDouble, *temporality, *histogramCount, *histogramSum;
        int monotonic;
        QJsonArray buckets;
    };
    const ExpectedMetric expected[] = {
        {"render.ms", "GAUGE", "ms", "0", "16.4", "UNSPECIFIED", "0", "0", 0, {}},
        {"open.documents", "GAUGE", "", "42", "0", "UNSPECIFIED", "0", "0", 0, {}},
        {"files.saved", "SUM", "", "3", "0", "DELTA", "0", "0", 1, {}},
        {"latency", "HISTOGRAM", "", "0", "12.5", "DELTA", "1", "12.5", 0, QJsonArray{QStringLiteral("1")}},
    };
    for (int i = 0; i < 4; ++i) {
        const QJsonObject row = metrics.at(i);
        const ExpectedMetric &e = expected[i];
        checkCommon(row, true);
        QVERIFY(uuidPattern.match(row.value(QLatin1String("metric_id")).toString()).hasMatch());
        QCOMPARE(row.value(QLatin1String("metric_name")).toString(), QLatin1String(e.name));
        QCOMPARE(row.value(QLatin1String("type")).toString(), QLatin1String(e.type));
        QCOMPARE(row.value(QLatin1String("metric_unit")).toString(), QLatin1String(e.unit));
        QCOMPARE(row.value(QLatin1String("metric_description")).toString(), QString());
        QCOMPARE(row.value(QLatin1String("ws")).toInteger(), row.value(QLatin1String("ts")).toInteger());
        QCOMPARE(row.value(QLatin1String("we")).toInteger(), row.value(QLatin1String("ts")).toInteger());
        QCOMPARE(row.value(QLatin1String("vi")).toString(), QLatin1String(e.valueInt));
        QCOMPARE(row.value(QLatin1String("vd")).toString(), QLatin1String(e.valueDouble));
        QCOMPARE(row.value(QLatin1String("is_monotonic")).toInt(), e.monotonic);
        QCOMPARE(row.value(QLatin1String("temporality")).toString(), QLatin1String(e.temporality));
        QCOMPARE(row.value(QLatin1String("hc")).toString(), QLatin1String(e.histogramCount));
        QCOMPARE(row.value(QLatin1String("hs")).toString(), QLatin1String(e.histogramSum));
        QCOMPARE(row.value(QLatin1String("hmin")).toString(), QLatin1String(e.histogramSum));
        QCOMPARE(row.value(QLatin1String("hmax")).toString(), QLatin1String(e.histogramSum));
        QCOMPARE(row.value(QLatin1String("buckets")).toArray(), e.buckets);
        QCOMPARE(row.value(QLatin1String("bounds")).toArray(), QJsonArray());
        QCOMPARE(row.value(QLatin1String("sc")).toString(), QStringLiteral("0"));
        QCOMPARE(row.value(QLatin1String("qv")).toInt(), 0);
        QCOMPARE(row.value(QLatin1String("schema_url")).toString(), QString());
    }
    QCOMPARE(metrics.at(0).value(QLatin1String("attributes")).toObject(),
             QJsonObject({{QStringLiteral("unit"), QStringLiteral("ms")}}));
    QCOMPARE(metrics.at(2).value(QLatin1String("attributes")).toObject(),
             QJsonObject({{QStringLiteral("kind"), QStringLiteral("pdf")}}));

    // logs: one row per record
    const auto logs = select(QString::fromLatin1(logSelect) + QStringLiteral(" WHERE project_name = '%1' ORDER BY timestamp_ns").arg(project));
    QCOMPARE(logs.size(), 8);
    for (int i = 0; i < 8; ++i) {
        const QJsonObject row = logs.at(i);
        checkCommon(row, true);
        QVERIFY(uuidPattern.match(row.value(QLatin1String("log_id")).toString()).hasMatch());
        QCOMPARE(row.value(QLatin1String("trace_id")).toString(), QString());
        QCOMPARE(row.value(QLatin1String("ots")).toInteger(), row.value(QLatin1String("ts")).toInteger());
        QCOMPARE(row.value(QLatin1String("ots_ns")).toString(), row.value(QLatin1String("ts_ns")).toString());
        QCOMPARE(row.value(QLatin1String("source_file")).toString(), QString());
        QCOMPARE(row.value(QLatin1String("source_line")).toInt(), 0);
        QCOMPARE(row.value(QLatin1String("flags")).toInt(), 0);
        if (i < 6) {
            const auto &[severity, name] = severities.at(i);
            QCOMPARE(row.value(QLatin1String("severity_text")).toString(), name);
            QCOMPARE(row.value(QLatin1String("severity_number")).toInt(), int(severity));
            QCOMPARE(row.value(QLatin1String("body")).toString(), QStringLiteral("log at ") + name);
            QCOMPARE(row.value(QLatin1String("body_type")).toString(), QStringLiteral("STRING"));
            QCOMPARE(row.value(QLatin1String("attributes")).toObject(), QJsonObject({{QStringLiteral("level"), name}}));
            QCOMPARE(row.value(QLatin1String("is_exception")).toInt(), 0);
        }
    }
    QCOMPARE(logs.at(6).value(QLatin1String("body_type")).toString(), QStringLiteral("JSON"));
    QCOMPARE(logs.at(6).value(QLatin1String("body")).toString(), QStringLiteral("{\"cache\":\"cold\",\"ms\":12}"));
    const QJsonObject exceptionLog = logs.at(7);
    QCOMPARE(exceptionLog.value(QLatin1String("severity_text")).toString(), QStringLiteral("ERROR"));
    QCOMPARE(exceptionLog.value(QLatin1String("severity_number")).toInt(), 17);
    QCOMPARE(exceptionLog.value(QLatin1String("exception_type")).toString(), QStringLiteral("IOError"));
    QCOMPARE(exceptionLog.value(QLatin1String("exception_message")).toString(), QStringLiteral("no space left"));
    QCOMPARE(exceptionLog.value(QLatin1String("is_exception")).toInt(), 1);

    // On the wire: credentials only in the X-ClickHouse-* headers, bodies gzipped above the threshold.
    const QJsonArray requests = frontRequests();
    bool sawGzip = false;
    int inserts = 0;
    for (qsizetype i = requestsBefore; i < requests.size(); ++i) {
        const QJsonObject r = requests.at(i).toObject();
        const QString url = r.value(QLatin1String("url")).toString();
        if (!url.contains(QLatin1String("INSERT")))
            continue;
        ++inserts;
        QVERIFY2(!QUrl::fromPercentEncoding(url.toUtf8()).contains(kPassword), qPrintable(url));
        QVERIFY2(!url.contains(QLatin1String("password")) && !url.contains(QLatin1String("user=")), qPrintable(url));
        QCOMPARE(r.value(QLatin1String("user")).toString(), kUser);
        QVERIFY(r.value(QLatin1String("keySent")).toBool());
        QVERIFY(!r.value(QLatin1String("authorization")).toBool());
        QCOMPARE(r.value(QLatin1String("status")).toInt(), 200);
        if (r.value(QLatin1String("contentEncoding")).toString() == QLatin1String("gzip"))
            sawGzip = true;
    }
    QCOMPARE(inserts, 3); // one INSERT per table: the batches were not split
    QVERIFY(sawGzip);
}

void tst_ClickHouseIntegration::wrongCredentialsAreReportedOnce()
{
    TelemetryConfig config = configFor(QStringLiteral("ch-badauth"));
    config.setClickhousePassword(QStringLiteral("not-the-password"));
    config.setMaxRetries(3);
    const int requestsBefore = frontRequests().size();
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    telemetry.trackEvent(QStringLiteral("never.stored"));
    QVERIFY(!flushAndWait(telemetry)); // finished, not delivered
    QCOMPARE(failed.count(), 1);
    const QString reason = failed.first().at(3).toString();
    QVERIFY2(reason.contains(QLatin1String("Code: 516")) && reason.contains(QLatin1String("Authentication failed")),
             qPrintable(reason));
    QVERIFY2(!reason.contains(QLatin1String("not-the-password")), qPrintable(reason));
    QCOMPARE(failed.first().at(2).value<DeliveryError>(), DeliveryError::HttpClientError);
    QCOMPARE(failed.first().at(0).value<TelemetrySignal>(), TelemetrySignal::Traces);
    // 401 is final: no retry was scheduled and nothing is kept to try later.
    QCOMPARE(telemetry.status().value(QStringLiteral("retries")).toLongLong(), 0);
    QCOMPARE(postponed.count(), 0);
    QCOMPARE(telemetry.queueSize(), 0);
    // shutdown() would try a batch still held once more (and fail); afterwards the client sends
    // nothing, so the count below is final: one request, no retries.
    QVERIFY(telemetry.shutdown(5000));
    QCOMPARE(frontRequests().size() - requestsBefore, 1);
    QCOMPARE(select(QStringLiteral("SELECT count() AS n FROM telemetry.traces WHERE project_name = 'ch-badauth'"))
                 .value(0).value(QLatin1String("n")).toInteger(), 0);
}

void tst_ClickHouseIntegration::unknownTableIsReported()
{
    TelemetryConfig config = configFor(QStringLiteral("ch-notable"));
    config.setClickhouseLogsTable(QStringLiteral("no_such_logs"));
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackLog(QStringLiteral("lost"), LogSeverity::Warn);
    telemetry.trackEvent(QStringLiteral("kept"));
    QVERIFY(!flushAndWait(telemetry));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).value<TelemetrySignal>(), TelemetrySignal::Logs);
    const QString reason = failed.first().at(3).toString();
    QVERIFY2(reason.contains(QLatin1String("Code: 60")) && reason.contains(QLatin1String("no_such_logs")), qPrintable(reason));
    QCOMPARE(select(QStringLiteral("SELECT count() AS n FROM telemetry.traces WHERE project_name = 'ch-notable'"))
                 .value(0).value(QLatin1String("n")).toInteger(), 1);
}

void tst_ClickHouseIntegration::invalidIdentifierSendsNothing()
{
    TelemetryConfig config = configFor(QStringLiteral("ch-inject"));
    config.setClickhouseDatabase(QStringLiteral("telemetry.traces; DROP TABLE telemetry"));
    config.setClickhouseTable(QStringLiteral("x` FORMAT CSV --"));
    const int requestsBefore = frontRequests().size();
    {
        Telemetry telemetry(config);
        QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
        telemetry.trackEvent(QStringLiteral("injected"));
        flushAndWait(telemetry, 5000);
        QVERIFY(failed.count() >= 1); // reported, not silently dropped
        QCOMPARE(failed.first().at(2).value<DeliveryError>(), DeliveryError::InvalidEndpoint);
    }
    QCOMPARE(frontRequests().size() - requestsBefore, 0); // nothing reached the server
    QCOMPARE(select(QStringLiteral("SELECT count() AS n FROM system.tables WHERE database = 'telemetry' "
                                   "AND name IN ('traces', 'metrics', 'logs')"))
                 .value(0).value(QLatin1String("n")).toInteger(), 3);
}

void tst_ClickHouseIntegration::flushAfterConfigErrorIsNotDelivered()
{
    // Every record of this flush failed (nothing can be sent with an invalid table name), so
    // flushFinished must say "not delivered", as it does when the server refuses a batch.
    TelemetryConfig config = configFor(QStringLiteral("ch-inject"));
    config.setClickhouseTable(QStringLiteral("bad name"));
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("never.sent"));
    QVERIFY(!flushAndWait(telemetry, 5000));
}

void tst_ClickHouseIntegration::commandLineTool()
{
#if !defined(AUTOMAGIK_CLI_PATH)
    QSKIP("the command-line tool is not built (AUTOMAGIK_TELEMETRY_BUILD_TOOLS=OFF)");
#else
    const QString project = QStringLiteral("ch-cli");
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED"), QStringLiteral("true"));
    env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_CLICKHOUSE_PASSWORD"), kPassword); // never on the command line
    const QStringList common{QStringLiteral("--backend"), QStringLiteral("clickhouse"),
                             QStringLiteral("--clickhouse-endpoint"), baseUrl().toString(),
                             QStringLiteral("--clickhouse-user"), kUser,
                             QStringLiteral("--project"), project, QStringLiteral("--version"), QStringLiteral("9.9"),
                             QStringLiteral("--deadline"), QStringLiteral("20")};
    auto run = [&](const QStringList &args, const QByteArray &input = {}) -> QString {
        QProcess cli;
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(AUTOMAGIK_CLI_PATH), common + args);
        if (!cli.waitForStarted(10000))
            return QStringLiteral("did not start");
        if (!input.isEmpty())
            cli.write(input);
        cli.closeWriteChannel();
        if (!cli.waitForFinished(30000)) {
            cli.kill();
            return QStringLiteral("did not finish");
        }
        const QString output = QString::fromUtf8(cli.readAllStandardOutput() + cli.readAllStandardError());
        if (cli.exitStatus() != QProcess::NormalExit || cli.exitCode() != 0)
            return QStringLiteral("exit %1: %2").arg(cli.exitCode()).arg(output);
        if (output.contains(kPassword))
            return QStringLiteral("the password was printed: ") + output;
        return QString();
    };
    QCOMPARE(run({QStringLiteral("event"), QStringLiteral("cli.event"), QStringLiteral("n=5"), QStringLiteral("flag=true"),
                  QStringLiteral("name=report")}), QString());
    QCOMPARE(run({QStringLiteral("metric"), QStringLiteral("cli.gauge"), QStringLiteral("2.5")}), QString());
    QCOMPARE(run({QStringLiteral("metric"), QStringLiteral("cli.counter"), QStringLiteral("7"), QStringLiteral("--type"),
                  QStringLiteral("counter")}), QString());
    QCOMPARE(run({QStringLiteral("metric"), QStringLiteral("cli.histogram"), QStringLiteral("0.75"), QStringLiteral("--type"),
                  QStringLiteral("histogram")}), QString());
    QCOMPARE(run({QStringLiteral("log"), QStringLiteral("cli log line"), QStringLiteral("--severity"), QStringLiteral("warn"),
                  QStringLiteral("area=ui")}), QString());
    QCOMPARE(run({QStringLiteral("error"), QStringLiteral("CliError"), QStringLiteral("it broke")}), QString());
    const QByteArray lines =
        "{\"type\":\"event\",\"name\":\"cli.bulk\",\"attributes\":{\"k\":\"v\"}}\n"
        "{\"type\":\"metric\",\"name\":\"cli.bulk.metric\",\"value\":11,\"metric_type\":\"counter\"}\n"
        "{\"type\":\"log\",\"message\":\"bulk log\",\"severity\":\"error\"}\n"
        "{\"type\":\"error\",\"error_type\":\"BulkError\",\"message\":\"bulk failure\"}\n";
    QCOMPARE(run({QStringLiteral("send"), QStringLiteral("--stdin")}, lines), QString());

    const auto traces = select(QString::fromLatin1(traceSelect) + QStringLiteral(" WHERE project_name = '%1' ORDER BY timestamp_ns").arg(project));
    QCOMPARE(traces.size(), 4);
    QCOMPARE(traces.at(0).value(QLatin1String("span_name")).toString(), QStringLiteral("cli.event"));
    QCOMPARE(traces.at(0).value(QLatin1String("attributes")).toObject(),
             QJsonObject({{QStringLiteral("n"), QStringLiteral("5")}, {QStringLiteral("flag"), QStringLiteral("true")},
                          {QStringLiteral("name"), QStringLiteral("report")}}));
    QCOMPARE(traces.at(0).value(QLatin1String("project_version")).toString(), QStringLiteral("9.9"));
    QCOMPARE(traces.at(1).value(QLatin1String("span_name")).toString(), QStringLiteral("automagik.error"));
    QCOMPARE(traces.at(1).value(QLatin1String("status_code")).toString(), QStringLiteral("ERROR"));
    QCOMPARE(traces.at(1).value(QLatin1String("status_message")).toString(), QStringLiteral("it broke"));
    QCOMPARE(traces.at(1).value(QLatin1String("attributes")).toObject().value(QLatin1String("error_type")).toString(),
             QStringLiteral("CliError"));
    QCOMPARE(traces.at(2).value(QLatin1String("span_name")).toString(), QStringLiteral("cli.bulk"));
    QCOMPARE(traces.at(2).value(QLatin1String("attributes")).toObject(), QJsonObject({{QStringLiteral("k"), QStringLiteral("v")}}));
    QCOMPARE(traces.at(3).value(QLatin1String("status_message")).toString(), QStringLiteral("bulk failure"));
    for (const QJsonObject &row : traces) {
        QCOMPARE(row.value(QLatin1String("runtime_name")).toString(), QStringLiteral("Qt"));
        QCOMPARE(row.value(QLatin1String("os_type")).toString(), ChdbServer::expectedOsType());
        QVERIFY(!row.value(QLatin1String("user_id")).toString().isEmpty());
    }

    const auto metrics = select(QString::fromLatin1(metricSelect) + QStringLiteral(" WHERE project_name = '%1' ORDER BY timestamp_ns").arg(project));
    QCOMPARE(metrics.size(), 4);
    QCOMPARE(metrics.at(0).value(QLatin1String("metric_name")).toString(), QStringLiteral("cli.gauge"));
    QCOMPARE(metrics.at(0).value(QLatin1String("type")).toString(), QStringLiteral("GAUGE"));
    QCOMPARE(metrics.at(0).value(QLatin1String("vd")).toString(), QStringLiteral("2.5"));
    QCOMPARE(metrics.at(1).value(QLatin1String("type")).toString(), QStringLiteral("SUM"));
    QCOMPARE(metrics.at(1).value(QLatin1String("vi")).toString(), QStringLiteral("7"));
    QCOMPARE(metrics.at(2).value(QLatin1String("type")).toString(), QStringLiteral("HISTOGRAM"));
    QCOMPARE(metrics.at(2).value(QLatin1String("hs")).toString(), QStringLiteral("0.75"));
    QCOMPARE(metrics.at(3).value(QLatin1String("metric_name")).toString(), QStringLiteral("cli.bulk.metric"));
    QCOMPARE(metrics.at(3).value(QLatin1String("vi")).toString(), QStringLiteral("11"));

    const auto logs = select(QString::fromLatin1(logSelect) + QStringLiteral(" WHERE project_name = '%1' ORDER BY timestamp_ns").arg(project));
    QCOMPARE(logs.size(), 2);
    QCOMPARE(logs.at(0).value(QLatin1String("body")).toString(), QStringLiteral("cli log line"));
    QCOMPARE(logs.at(0).value(QLatin1String("severity_text")).toString(), QStringLiteral("WARN"));
    QCOMPARE(logs.at(0).value(QLatin1String("severity_number")).toInt(), 13);
    QCOMPARE(logs.at(0).value(QLatin1String("attributes")).toObject(), QJsonObject({{QStringLiteral("area"), QStringLiteral("ui")}}));
    QCOMPARE(logs.at(1).value(QLatin1String("body")).toString(), QStringLiteral("bulk log"));
    QCOMPARE(logs.at(1).value(QLatin1String("severity_number")).toInt(), 17);
#endif
}

void tst_ClickHouseIntegration::dashboardQueriesRun()
{
    QFile file(QStringLiteral(AUTOMAGIK_CH_SQL_DIR "/queries.sql"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList statements = ChdbServer::sqlStatements(QString::fromUtf8(file.readAll()));
    QVERIFY(statements.size() >= 8);
    for (const QString &statement : statements) {
        const SqlResult r = sql(statement + QStringLiteral(" FORMAT JSONEachRow"));
        QVERIFY2(r.status == 200, qPrintable(statement + QStringLiteral("\n-> ") + QString::fromUtf8(r.body)));
    }
    // With the rows of the tests above, the feature query finds the export feature.
    const auto features = select(statements.at(3));
    bool found = false;
    for (const QJsonObject &row : features)
        found = found || row.value(QLatin1String("feature")).toString() == QLatin1String("export");
    QVERIFY(found);
}

QTEST_GUILESS_MAIN(tst_ClickHouseIntegration)
#include "tst_clickhouse_integration.moc"
