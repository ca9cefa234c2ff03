// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The Grafana dashboards of deploy/ against a real ClickHouse engine (chDB behind chdb-front.mjs,
// as tst_clickhouse_integration). The engine gets the schema exactly as the compose stack applies
// it (sql/clickhouse/00*.sql, then deploy/clickhouse/0*.sql). The library sends known data through
// Backend::ClickHouse: three installs, four sessions, two versions, events, features, errors, a
// crash, every log severity, gauges, a histogram with known percentiles and a counter. Then every
// panel's SQL, read from deploy/grafana/dashboards/*.json, runs with its Grafana macros expanded,
// and each test compares what the panel would show with what was sent. The last test fails if a
// panel of the shipped dashboards was not checked.
//
// The collector path is checked too: the library writes OTLP with Backend::File, the test inserts
// those requests into the otel.* landing tables the way the collector's clickhouse exporter does,
// and the panels must show them like rows the library wrote directly.
//
// Macros expanded here (what the Grafana ClickHouse data source does with the panel's range):
//   $__timeFilter(c)   c >= toDateTime(from) AND c <= toDateTime(to)
//   $__fromTime        toDateTime(from)          $__toTime    toDateTime(to)
//   $__timeInterval(c) toStartOfInterval(toDateTime(c), INTERVAL 2147483647 second): one bucket
//                      for all the test's data, so per-interval numbers are exact
//   ${project:singlequote}  'dash-app' (or the project a test looks at)
// Any other $ left in a query fails the test.

#include "chdbserver.h"
#include "flushwait.h"
#include "testsupport.h"

#include <automagik/standardevents.h>
#include <automagik/telemetry.h>

#include <QtCore/QDateTime>
#include <QtCore/QElapsedTimer>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTextStream>
#include <QtTest/QTest>

#include <algorithm>
#include <chrono>
#include <functional>

using namespace Automagik;
using namespace TestSupport;

namespace {

const QString kUser = QStringLiteral("telemetry");
const QString kPassword = QStringLiteral("dash-board-pass");
const QString kProject = QStringLiteral("dash-app");

// A nanosecond count as "seconds.fraction", which DateTime64(9) columns read exactly; 0 (not set)
// as the number 0, as the exporter writes an unset start time.
QJsonValue nanosText(const QString &ns)
{
    if (ns.toLongLong() == 0)
        return 0;
    const QString digits = ns.rightJustified(10, QLatin1Char('0'));
    return QString(digits.left(digits.size() - 9) + QLatin1Char('.') + digits.right(9));
}

// OTLP attribute value as the collector's exporter stores it (pcommon.Value.AsString()).
QString otlpValueText(const QJsonObject &value)
{
    if (value.contains(QLatin1String("stringValue")))
        return value.value(QLatin1String("stringValue")).toString();
    if (value.contains(QLatin1String("intValue"))) {
        const QJsonValue v = value.value(QLatin1String("intValue"));
        return v.isString() ? v.toString() : QString::number(v.toInteger());
    }
    if (value.contains(QLatin1String("boolValue")))
        return value.value(QLatin1String("boolValue")).toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.contains(QLatin1String("doubleValue")))
        return QString::number(value.value(QLatin1String("doubleValue")).toDouble(), 'g', 17);
    return QString::fromUtf8(QJsonDocument(value).toJson(QJsonDocument::Compact));
}

QJsonObject otlpAttributes(const QJsonArray &attributes)
{
    QJsonObject map;
    for (const QJsonValue &a : attributes)
        map.insert(a[QLatin1String("key")].toString(), otlpValueText(a[QLatin1String("value")].toObject()));
    return map;
}

QString unixNanos(const QJsonValue &v)
{
    return v.isString() ? v.toString() : QString::number(v.toInteger());
}

} // namespace

class tst_Dashboards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void variableQueryListsTheApplications();
    void usagePanels();
    void platformPanels();
    void qualityPanels();
    void collectorPathFeedsTheSamePanels();
    void everyPanelIsChecked(); // keep last

private:
    QList<QJsonObject> select(const QString &statement) { return m_engine.select(statement); }
    QList<QJsonObject> panel(const QString &title, const QString &project = kProject);
    QString expand(QString sql, const QString &project) const;
    void sendTestData();
    bool sameUtcDay() const { return m_firstDay == m_lastDay; }

    QTemporaryDir m_home;
    QTemporaryDir m_work;
    ChdbServer m_engine{kUser, kPassword}; // after m_work: it stops before its database is removed

    QHash<QString, QString> m_panels; // title -> rawSql, from the shipped dashboards
    QString m_variableQuery;
    QSet<QString> m_checked;
    qint64 m_from = 0;
    qint64 m_to = 0;
    QDate m_firstDay;
    QDate m_lastDay;

    // what was sent
    QString m_userA, m_userB, m_userC;
    qint64 m_boundA1 = 0, m_boundA2 = 0, m_boundB1 = 0, m_boundC1 = 0; // ms each session took at most
};

void tst_Dashboards::initTestCase()
{
    // Where chDB is, resolved before HOME is replaced below.
    const ChdbServer::Outcome located = m_engine.locate();

    // The dashboards first: reading them needs no engine.
    const QDir dashboards(QStringLiteral(AUTOMAGIK_DASHBOARD_DIR));
    const QStringList files = dashboards.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QCOMPARE(files, QStringList({QStringLiteral("automagik-platforms.json"), QStringLiteral("automagik-quality.json"),
                                 QStringLiteral("automagik-usage.json")}));
    for (const QString &name : files) {
        QFile file(dashboards.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonParseError error{};
        const QJsonObject dashboard = QJsonDocument::fromJson(file.readAll(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(name + QStringLiteral(": ") + error.errorString()));
        for (const QJsonValue &p : dashboard.value(QLatin1String("panels")).toArray()) {
            const QString title = p[QLatin1String("title")].toString();
            const QJsonArray targets = p[QLatin1String("targets")].toArray();
            QVERIFY2(targets.size() == 1, qPrintable(title));
            QVERIFY2(!m_panels.contains(title), qPrintable(QStringLiteral("two panels are called ") + title));
            m_panels.insert(title, targets.at(0)[QLatin1String("rawSql")].toString());
        }
        const QJsonArray variables = dashboard.value(QLatin1String("templating"))[QLatin1String("list")].toArray();
        QCOMPARE(variables.size(), 1);
        QCOMPARE(variables.at(0)[QLatin1String("name")].toString(), QStringLiteral("project"));
        if (m_variableQuery.isEmpty())
            m_variableQuery = variables.at(0)[QLatin1String("query")].toString();
        QCOMPARE(variables.at(0)[QLatin1String("query")].toString(), m_variableQuery); // the same on every dashboard
    }
    QVERIFY(m_panels.size() >= 20);

    if (located == ChdbServer::Outcome::Unavailable)
        QSKIP(qPrintable(m_engine.message()));

    QVERIFY(m_home.isValid());
    QVERIFY(m_work.isValid());
    isolateEnvironment(m_home);

    // UTC, as the compose stack's server: per-day panels then group by UTC days.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("TZ"), QStringLiteral("UTC"));
    const ChdbServer::Outcome started = m_engine.start(m_work.filePath(QStringLiteral("chdata")), env);
    if (started == ChdbServer::Outcome::Unavailable)
        QSKIP(qPrintable(m_engine.message()));
    QVERIFY2(started == ChdbServer::Outcome::Started, qPrintable(m_engine.message()));

    // The schema as docker-compose.yml applies it: the library's files, then deploy's, in name order.
    QStringList schema;
    const QDir libSql(QStringLiteral(AUTOMAGIK_CH_SQL_DIR));
    for (const QString &name : libSql.entryList({QStringLiteral("0*.sql")}, QDir::Files, QDir::Name))
        schema.append(libSql.filePath(name));
    const QDir deploySql(QStringLiteral(AUTOMAGIK_DEPLOY_SQL_DIR));
    for (const QString &name : deploySql.entryList({QStringLiteral("0*.sql")}, QDir::Files, QDir::Name))
        schema.append(deploySql.filePath(name));
    QCOMPARE(schema.size(), 5);
    const QString schemaError = m_engine.runSqlFiles(schema);
    QVERIFY2(schemaError.isEmpty(), qPrintable(schemaError));

    sendTestData();
    QVERIFY2(!QTest::currentTestFailed(), "the test data could not be sent");
}

void tst_Dashboards::cleanupTestCase()
{
    m_engine.stop();
}

QString tst_Dashboards::expand(QString text, const QString &project) const
{
    const QString from = QStringLiteral("toDateTime(%1)").arg(m_from);
    const QString to = QStringLiteral("toDateTime(%1)").arg(m_to);
    text.replace(QStringLiteral("${project:singlequote}"), QLatin1Char('\'') + project + QLatin1Char('\''));
    static const QRegularExpression timeFilter(QStringLiteral("\\$__timeFilter\\(([^)]+)\\)"));
    text.replace(timeFilter, QStringLiteral("\\1 >= %1 AND \\1 <= %2").arg(from, to));
    static const QRegularExpression timeInterval(QStringLiteral("\\$__timeInterval\\(([^)]+)\\)"));
    text.replace(timeInterval, QStringLiteral("toStartOfInterval(toDateTime(\\1), INTERVAL 2147483647 second)"));
    text.replace(QStringLiteral("$__fromTime"), from);
    text.replace(QStringLiteral("$__toTime"), to);
    return text;
}

QList<QJsonObject> tst_Dashboards::panel(const QString &title, const QString &project)
{
    if (!m_panels.contains(title)) {
        qWarning("no panel called %s in the dashboards", qPrintable(title));
        return {};
    }
    const QString query = expand(m_panels.value(title), project);
    if (query.contains(QLatin1Char('$'))) {
        qWarning("panel %s: a macro the test does not expand: %s", qPrintable(title), qPrintable(query));
        return {};
    }
    m_checked.insert(title);
    return select(query);
}

namespace {

TelemetryConfig clickHouseConfig(const QString &project, const QString &version, const QString &settingsFile, int port)
{
    TelemetryConfig config(project, version);
    config.setSettingsFile(settingsFile); // one per install: it keeps the install's anonymous user id
    config.setBackend(Backend::ClickHouse);
    config.setClickhouseEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    config.setClickhouseUsername(kUser);
    config.setClickhousePassword(kPassword);
    config.setFlushInterval(60000); // flushed explicitly
    config.setSpoolEnabled(false);
    config.setTimeout(10000);
    return config;
}

// Runs the event loop until the clock the library stamps records with is \a span past \a since, so that
// a session has a known minimum length. False only if that clock stands still.
bool clockPassed(std::chrono::system_clock::time_point since, std::chrono::milliseconds span)
{
    return QTest::qWaitFor([&] { return std::chrono::system_clock::now() - since >= span; },
                           int(span.count()) + 30000);
}

QVariantMap screen(const char *platform, const char *resolution, const QVariant &dpr)
{
    return {{QStringLiteral("qt.platform"), QString::fromLatin1(platform)},
            {QStringLiteral("screen.resolution"), QString::fromLatin1(resolution)},
            {QStringLiteral("screen.dpr"), dpr}};
}

const QVariantMap exportFeature{{QStringLiteral("feature_name"), QStringLiteral("export")}};
const QVariantMap printFeature{{QStringLiteral("feature_name"), QStringLiteral("print")}};
const QVariantMap ms{{QStringLiteral("unit"), QStringLiteral("ms")}};

// What each session (one application run) records.
bool record(const QString &session, Telemetry &t)
{
    using namespace std::chrono_literals;
    const auto since = std::chrono::system_clock::now(); // before the session's first record
    if (session == QLatin1String("A1")) {
        t.trackEvent(QStringLiteral("app.started"), screen("xcb", "1920x1080", 1));
        for (int i = 0; i < 3; ++i)
            t.trackEvent(StandardEvents::FeatureUsed, exportFeature);
        t.trackMetric(QStringLiteral("startup.ms"), 120, MetricType::Gauge, ms);
        t.trackLog(QStringLiteral("ready"), LogSeverity::Info);
        t.trackError(QStringLiteral("IOError"), QStringLiteral("disk full"));
        if (!clockPassed(since, 200ms))
            return false;
        t.trackLog(QStringLiteral("cache warm"), LogSeverity::Info);
    } else if (session == QLatin1String("A2")) {
        t.trackEvent(QStringLiteral("app.started"), screen("xcb", "2560x1440", 2));
        t.trackEvent(StandardEvents::FeatureUsed, printFeature);
        t.trackMetric(QStringLiteral("startup.ms"), 80, MetricType::Gauge, ms);
        t.trackLog(QStringLiteral("slow disk"), LogSeverity::Warn);
    } else if (session == QLatin1String("B1")) {
        t.trackEvent(QStringLiteral("app.started"), screen("wayland", "2560x1440", 2));
        t.trackEvent(StandardEvents::FeatureUsed, exportFeature);
        t.trackEvent(StandardEvents::FeatureUsed, exportFeature);
        for (int v = 1; v <= 100; ++v)
            t.trackMetric(QStringLiteral("render.ms"), v, MetricType::Histogram, ms);
        for (int i = 0; i < 3; ++i)
            t.trackMetric(QStringLiteral("files.saved"), 2, MetricType::Counter);
        t.trackError(QStringLiteral("Timeout"), QStringLiteral("request timed out"));
        t.trackError(QStringLiteral("Timeout"), QStringLiteral("request timed out"));
        t.trackLog(QStringLiteral("trace"), LogSeverity::Trace);
        t.trackLog(QStringLiteral("debug"), LogSeverity::Debug);
        if (!clockPassed(since, 600ms))
            return false;
        t.trackLog(QStringLiteral("save failed"), LogSeverity::Error);
    } else if (session == QLatin1String("C1")) {
        t.trackEvent(QStringLiteral("app.started"), screen("xcb", "1920x1080", 1.25));
        t.trackMetric(QStringLiteral("startup.ms"), 200, MetricType::Gauge, ms);
        t.trackError(QStringLiteral("AbortError"), QStringLiteral("abort()"));
        t.trackLog(QStringLiteral("crashed"), LogSeverity::Fatal);
    } else if (session == QLatin1String("D1")) {
        // Another application in the same database: no panel filtered to dash-app may count it.
        t.trackEvent(QStringLiteral("app.started"), screen("xcb", "800x600", 1));
        t.trackError(QStringLiteral("Other"), QStringLiteral("not ours"));
        t.trackLog(QStringLiteral("not ours"), LogSeverity::Fatal);
        t.trackMetric(QStringLiteral("startup.ms"), 5000, MetricType::Gauge);
    } else {
        return false;
    }
    return true;
}

// The child process: one application run. Arguments: session port settings-file project version.
int runSession(const QStringList &args)
{
    if (args.size() != 7)
        return 2;
    Telemetry telemetry(clickHouseConfig(args.at(5), args.at(6), args.at(4), args.at(3).toInt()));
    if (!record(args.at(2), telemetry))
        return 2;
    if (!TestSupport::flushAndWait(telemetry, 20000).delivered)
        return 1;
    QTextStream(stdout) << telemetry.userId() << '\n';
    return 0;
}

} // namespace

void tst_Dashboards::sendTestData()
{
    // Each session is an application run of its own (the session id is per process); an install is
    // a settings file, which keeps the anonymous user id from one run to the next.
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    m_from = QDateTime::currentSecsSinceEpoch() - 60;
    m_firstDay = QDateTime::currentDateTimeUtc().date();
    auto session = [this](const char *name, const QString &project, const QString &version, const char *install,
                          qint64 *boundMs, QString *user) {
        QProcess child;
        QElapsedTimer took;
        took.start();
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--session"), QLatin1String(name), QString::number(m_engine.port()),
                     m_work.filePath(QLatin1String(install) + QStringLiteral(".ini")), project, version});
        QVERIFY2(child.waitForFinished(60000), name);
        if (boundMs)
            *boundMs = took.elapsed(); // the run's records lie within its lifetime
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
                 qPrintable(QLatin1String(name) + QStringLiteral(" failed: ") + QString::fromUtf8(child.readAllStandardError())));
        if (user)
            *user = QString::fromUtf8(child.readAllStandardOutput()).trimmed();
    };
    QString userA2;
    session("A1", kProject, QStringLiteral("1.0.0"), "A", &m_boundA1, &m_userA);
    session("A2", kProject, QStringLiteral("1.1.0"), "A", &m_boundA2, &userA2);
    session("B1", kProject, QStringLiteral("1.1.0"), "B", &m_boundB1, &m_userB);
    session("C1", kProject, QStringLiteral("1.1.0"), "C", &m_boundC1, &m_userC);
    session("D1", QStringLiteral("other-app"), QStringLiteral("9.0"), "D", nullptr, nullptr);
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");

    QCOMPARE(userA2, m_userA); // the same install: an upgrade, not a new user
    QVERIFY(!m_userA.isEmpty() && !m_userB.isEmpty() && !m_userC.isEmpty());
    QVERIFY(m_userA != m_userB && m_userB != m_userC && m_userA != m_userC);
    m_lastDay = QDateTime::currentDateTimeUtc().date();
    m_to = QDateTime::currentSecsSinceEpoch() + 60;
}

// --- the panels --------------------------------------------------------------------------------

void tst_Dashboards::variableQueryListsTheApplications()
{
    QVERIFY(!expand(m_variableQuery, kProject).contains(QLatin1Char('$')));
    const auto rows = select(expand(m_variableQuery, kProject));
    QStringList projects;
    for (const QJsonObject &row : rows)
        projects.append(row.value(QLatin1String("project_name")).toString());
    QVERIFY2(projects.contains(kProject) && projects.contains(QStringLiteral("other-app")), qPrintable(projects.join(u',')));
    QVERIFY(std::is_sorted(projects.cbegin(), projects.cend()));
}

void tst_Dashboards::usagePanels()
{
    QCOMPARE(panel(QStringLiteral("New installs")).value(0).value(QLatin1String("installs")).toInteger(), 3);
    QCOMPARE(panel(QStringLiteral("Active users")).value(0).value(QLatin1String("users")).toInteger(), 3);
    QCOMPARE(panel(QStringLiteral("Sessions")).value(0).value(QLatin1String("sessions")).toInteger(), 4);

    // Lengths: A1 >= 0.2 s, B1 >= 0.6 s, A2 and C1 short. The median lies between the second and
    // third, the longest is B1.
    const QJsonObject length = panel(QStringLiteral("Session length")).value(0);
    const double p50 = length.value(QLatin1String("p50_s")).toDouble();
    const double p90 = length.value(QLatin1String("p90_s")).toDouble();
    const double longest = length.value(QLatin1String("max_s")).toDouble();
    QVERIFY2(longest >= 0.6 && longest <= m_boundB1 / 1000.0 + 0.001, qPrintable(QString::number(longest)));
    QVERIFY2(p50 >= 0.1 && p50 <= (m_boundA1 + qMax(m_boundA2, m_boundC1)) / 2000.0 + 0.001, qPrintable(QString::number(p50)));
    QVERIFY2(p90 >= 0.48 && p90 <= longest, qPrintable(QString::number(p90)));

    const auto installsPerDay = panel(QStringLiteral("New installs per day"));
    qint64 installs = 0;
    for (const QJsonObject &row : installsPerDay)
        installs += row.value(QLatin1String("installs")).toInteger();
    QCOMPARE(installs, 3);
    const auto activePerDay = panel(QStringLiteral("Active users and sessions per day"));
    QVERIFY(!activePerDay.isEmpty());
    if (sameUtcDay()) {
        QCOMPARE(installsPerDay.size(), 1);
        QCOMPARE(activePerDay.size(), 1);
        QCOMPARE(activePerDay.at(0).value(QLatin1String("active_users")).toInteger(), 3);
        QCOMPARE(activePerDay.at(0).value(QLatin1String("sessions")).toInteger(), 4);
        QCOMPARE(QDateTime::fromString(activePerDay.at(0).value(QLatin1String("time")).toString(),
                                       QStringLiteral("yyyy-MM-dd HH:mm:ss")).date(), m_firstDay);
    }

    const auto versions = panel(QStringLiteral("Version adoption"));
    QCOMPARE(versions.size(), 2);
    QCOMPARE(versions.at(0).value(QLatin1String("version")).toString(), QStringLiteral("1.1.0"));
    QCOMPARE(versions.at(0).value(QLatin1String("users")).toInteger(), 3);
    QCOMPARE(versions.at(0).value(QLatin1String("sessions")).toInteger(), 3);
    QCOMPARE(versions.at(0).value(QLatin1String("user_share_pct")).toDouble(), 100.0);
    QCOMPARE(versions.at(1).value(QLatin1String("version")).toString(), QStringLiteral("1.0.0"));
    QCOMPARE(versions.at(1).value(QLatin1String("users")).toInteger(), 1);
    QCOMPARE(versions.at(1).value(QLatin1String("sessions")).toInteger(), 1);
    QCOMPARE(versions.at(1).value(QLatin1String("user_share_pct")).toDouble(), 33.3);

    const auto perVersionDay = panel(QStringLiteral("Active users per version per day"));
    QHash<QString, qint64> usersByVersion;
    for (const QJsonObject &row : perVersionDay)
        usersByVersion[row.value(QLatin1String("version")).toString()] += row.value(QLatin1String("users")).toInteger();
    if (sameUtcDay()) {
        QCOMPARE(perVersionDay.size(), 2);
        QCOMPARE(usersByVersion.value(QStringLiteral("1.1.0")), 3);
        QCOMPARE(usersByVersion.value(QStringLiteral("1.0.0")), 1);
    } else {
        QVERIFY(usersByVersion.value(QStringLiteral("1.1.0")) >= 3);
    }

    const auto events = panel(QStringLiteral("Top events"));
    QCOMPARE(events.size(), 2); // errors are not events here
    QCOMPARE(events.at(0).value(QLatin1String("event")).toString(), QStringLiteral("automagik.feature.used"));
    QCOMPARE(events.at(0).value(QLatin1String("events")).toInteger(), 6);
    QCOMPARE(events.at(0).value(QLatin1String("users")).toInteger(), 2);
    QCOMPARE(events.at(0).value(QLatin1String("sessions")).toInteger(), 3);
    QCOMPARE(events.at(1).value(QLatin1String("event")).toString(), QStringLiteral("app.started"));
    QCOMPARE(events.at(1).value(QLatin1String("events")).toInteger(), 4);
    QCOMPARE(events.at(1).value(QLatin1String("users")).toInteger(), 3);
    QCOMPARE(events.at(1).value(QLatin1String("sessions")).toInteger(), 4);

    const auto features = panel(QStringLiteral("Top features"));
    QCOMPARE(features.size(), 2);
    QCOMPARE(features.at(0).value(QLatin1String("feature")).toString(), QStringLiteral("export"));
    QCOMPARE(features.at(0).value(QLatin1String("uses")).toInteger(), 5);
    QCOMPARE(features.at(0).value(QLatin1String("users")).toInteger(), 2);
    QCOMPARE(features.at(1).value(QLatin1String("feature")).toString(), QStringLiteral("print"));
    QCOMPARE(features.at(1).value(QLatin1String("uses")).toInteger(), 1);
    QCOMPARE(features.at(1).value(QLatin1String("users")).toInteger(), 1);

    // A: 7 trace rows (5 + 2), 2 metrics, 3 logs; B: 5, 103, 3; C: 2, 1, 1.
    const auto volume = panel(QStringLiteral("Data sent per install"));
    QCOMPARE(volume.size(), 3);
    const struct { QString user; int sessions, events, metrics, logs; } expected[] = {
        {m_userB, 1, 5, 103, 3}, {m_userA, 2, 7, 2, 3}, {m_userC, 1, 2, 1, 1}};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject &row = volume.at(i);
        QCOMPARE(row.value(QLatin1String("install")).toString(), expected[i].user);
        QCOMPARE(row.value(QLatin1String("sessions")).toInteger(), expected[i].sessions);
        QCOMPARE(row.value(QLatin1String("events")).toInteger(), expected[i].events);
        QCOMPARE(row.value(QLatin1String("metrics")).toInteger(), expected[i].metrics);
        QCOMPARE(row.value(QLatin1String("logs")).toInteger(), expected[i].logs);
        const qint64 records = expected[i].events + expected[i].metrics + expected[i].logs;
        QCOMPARE(row.value(QLatin1String("records")).toInteger(), records);
        if (sameUtcDay())
            QCOMPARE(row.value(QLatin1String("records_per_active_day")).toDouble(), double(records));
    }
    const auto bytes = [&](int i) {
        const QJsonValue v = volume.at(i).value(QLatin1String("approx_bytes")); // quoted or not, by engine settings
        return v.isString() ? v.toString().toLongLong() : v.toInteger();
    };
    QVERIFY2(bytes(0) > bytes(1) && bytes(1) > bytes(2) && bytes(2) > 0,
             qPrintable(QStringLiteral("%1 %2 %3").arg(bytes(0)).arg(bytes(1)).arg(bytes(2))));
}

void tst_Dashboards::platformPanels()
{
    const auto os = panel(QStringLiteral("Operating systems"));
    QCOMPARE(os.size(), 1);
    QCOMPARE(os.at(0).value(QLatin1String("os")).toString(), ChdbServer::expectedOsType());
    QCOMPARE(os.at(0).value(QLatin1String("users")).toInteger(), 3);

    const auto runtimes = panel(QStringLiteral("Qt and runtime versions"));
    QCOMPARE(runtimes.size(), 1);
    QCOMPARE(runtimes.at(0).value(QLatin1String("runtime")).toString(), QStringLiteral("Qt ") + QString::fromLatin1(qVersion()));
    QCOMPARE(runtimes.at(0).value(QLatin1String("users")).toInteger(), 3);

    const auto osVersions = panel(QStringLiteral("Operating system versions"));
    QCOMPARE(osVersions.size(), 1);
    QVERIFY(!osVersions.at(0).value(QLatin1String("os_version")).toString().isEmpty());
    QCOMPARE(osVersions.at(0).value(QLatin1String("users")).toInteger(), 3);
    QCOMPARE(osVersions.at(0).value(QLatin1String("sessions")).toInteger(), 4);

    const auto platforms = panel(QStringLiteral("Windowing platforms"));
    QCOMPARE(platforms.size(), 2);
    QCOMPARE(platforms.at(0).value(QLatin1String("platform")).toString(), QStringLiteral("xcb"));
    QCOMPARE(platforms.at(0).value(QLatin1String("sessions")).toInteger(), 3);
    QCOMPARE(platforms.at(1).value(QLatin1String("platform")).toString(), QStringLiteral("wayland"));
    QCOMPARE(platforms.at(1).value(QLatin1String("sessions")).toInteger(), 1);

    const auto screens = panel(QStringLiteral("Screens"));
    QCOMPARE(screens.size(), 3);
    const struct { const char *resolution, *dpr; int sessions; } expected[] = {
        {"2560x1440", "2", 2}, {"1920x1080", "1", 1}, {"1920x1080", "1.25", 1}};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(screens.at(i).value(QLatin1String("resolution")).toString(), QLatin1String(expected[i].resolution));
        QCOMPARE(screens.at(i).value(QLatin1String("dpr")).toString(), QLatin1String(expected[i].dpr));
        QCOMPARE(screens.at(i).value(QLatin1String("sessions")).toInteger(), expected[i].sessions);
    }
}

void tst_Dashboards::qualityPanels()
{
    // 1.1.0: A2 clean, B1 two errors, C1 one error and a FATAL log (crashed); 1.0.0: A1 one error.
    const auto perVersion = panel(QStringLiteral("Crash-free sessions per version"));
    QCOMPARE(perVersion.size(), 2);
    const QJsonObject v110 = perVersion.at(0);
    QCOMPARE(v110.value(QLatin1String("version")).toString(), QStringLiteral("1.1.0"));
    QCOMPARE(v110.value(QLatin1String("sessions")).toInteger(), 3);
    QCOMPARE(v110.value(QLatin1String("errors")).toInteger(), 3);
    QCOMPARE(v110.value(QLatin1String("sessions_with_errors")).toInteger(), 2);
    QCOMPARE(v110.value(QLatin1String("crashed_sessions")).toInteger(), 1);
    QCOMPARE(v110.value(QLatin1String("crash_free_pct")).toDouble(), 66.67);
    QCOMPARE(v110.value(QLatin1String("error_free_pct")).toDouble(), 33.33);
    const QJsonObject v100 = perVersion.at(1);
    QCOMPARE(v100.value(QLatin1String("version")).toString(), QStringLiteral("1.0.0"));
    QCOMPARE(v100.value(QLatin1String("sessions")).toInteger(), 1);
    QCOMPARE(v100.value(QLatin1String("errors")).toInteger(), 1);
    QCOMPARE(v100.value(QLatin1String("crashed_sessions")).toInteger(), 0);
    QCOMPARE(v100.value(QLatin1String("crash_free_pct")).toDouble(), 100.0);
    QCOMPARE(v100.value(QLatin1String("error_free_pct")).toDouble(), 0.0);

    const auto crashFreeDaily = panel(QStringLiteral("Crash-free sessions per day"));
    QVERIFY(!crashFreeDaily.isEmpty());
    if (sameUtcDay()) {
        QCOMPARE(crashFreeDaily.size(), 1);
        QCOMPARE(crashFreeDaily.at(0).value(QLatin1String("crash_free_pct")).toDouble(), 75.0);
    }

    const auto errorsDaily = panel(QStringLiteral("Errors per day by version"));
    QHash<QString, qint64> errorsByVersion;
    for (const QJsonObject &row : errorsDaily)
        errorsByVersion[row.value(QLatin1String("version")).toString()] += row.value(QLatin1String("errors")).toInteger();
    QCOMPARE(errorsByVersion.value(QStringLiteral("1.1.0")), 3);
    QCOMPARE(errorsByVersion.value(QStringLiteral("1.0.0")), 1);
    QCOMPARE(errorsByVersion.size(), 2);

    const auto topErrors = panel(QStringLiteral("Top errors"));
    QCOMPARE(topErrors.size(), 3);
    const struct { const char *type; int errors; const char *versions, *message; } errors[] = {
        {"Timeout", 2, "1.1.0", "request timed out"}, {"AbortError", 1, "1.1.0", "abort()"}, {"IOError", 1, "1.0.0", "disk full"}};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(topErrors.at(i).value(QLatin1String("error_type")).toString(), QLatin1String(errors[i].type));
        QCOMPARE(topErrors.at(i).value(QLatin1String("errors")).toInteger(), errors[i].errors);
        QCOMPARE(topErrors.at(i).value(QLatin1String("users")).toInteger(), 1);
        QCOMPARE(topErrors.at(i).value(QLatin1String("sessions")).toInteger(), 1);
        QCOMPARE(topErrors.at(i).value(QLatin1String("versions")).toString(), QLatin1String(errors[i].versions));
        QCOMPARE(topErrors.at(i).value(QLatin1String("example_message")).toString(), QLatin1String(errors[i].message));
    }

    const QHash<QString, qint64> expectedLogs{{QStringLiteral("TRACE"), 1}, {QStringLiteral("DEBUG"), 1},
                                              {QStringLiteral("INFO"), 2},  {QStringLiteral("WARN"), 1},
                                              {QStringLiteral("ERROR"), 1}, {QStringLiteral("FATAL"), 1}};
    const auto logSeries = panel(QStringLiteral("Logs by severity"));
    QHash<QString, qint64> logsBySeverity;
    for (const QJsonObject &row : logSeries)
        logsBySeverity[row.value(QLatin1String("severity")).toString()] += row.value(QLatin1String("records")).toInteger();
    QCOMPARE(logSeries.size(), 6); // one interval
    QCOMPARE(logsBySeverity, expectedLogs);

    const auto logTotals = panel(QStringLiteral("Log totals by severity"));
    QCOMPARE(logTotals.size(), 6);
    const int numbers[] = {1, 5, 9, 13, 17, 21};
    const char *names[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(logTotals.at(i).value(QLatin1String("severity_number")).toInt(), numbers[i]);
        QCOMPARE(logTotals.at(i).value(QLatin1String("severity")).toString(), QLatin1String(names[i]));
        QCOMPARE(logTotals.at(i).value(QLatin1String("records")).toInteger(), expectedLogs.value(QLatin1String(names[i])));
        QCOMPARE(logTotals.at(i).value(QLatin1String("users")).toInteger(), 1);
    }

    const auto latest = panel(QStringLiteral("Latest warnings and errors"));
    QCOMPARE(latest.size(), 3);
    QCOMPARE(latest.at(0).value(QLatin1String("body")).toString(), QStringLiteral("crashed"));
    QCOMPARE(latest.at(0).value(QLatin1String("severity")).toString(), QStringLiteral("FATAL"));
    QCOMPARE(latest.at(0).value(QLatin1String("user_id")).toString(), m_userC);
    QCOMPARE(latest.at(1).value(QLatin1String("body")).toString(), QStringLiteral("save failed"));
    QCOMPARE(latest.at(2).value(QLatin1String("body")).toString(), QStringLiteral("slow disk"));
    QCOMPARE(latest.at(2).value(QLatin1String("version")).toString(), QStringLiteral("1.1.0"));

    // render.ms: 1..100 -> p50 50.5, p90 90.1, p99 99.01 (linear interpolation); startup.ms: 80, 120, 200.
    const auto percentiles = panel(QStringLiteral("Metric percentiles"));
    QCOMPARE(percentiles.size(), 2);
    const QJsonObject render = percentiles.at(0);
    QCOMPARE(render.value(QLatin1String("metric")).toString(), QStringLiteral("render.ms"));
    QCOMPARE(render.value(QLatin1String("unit")).toString(), QStringLiteral("ms"));
    QCOMPARE(render.value(QLatin1String("type")).toString(), QStringLiteral("HISTOGRAM"));
    QCOMPARE(render.value(QLatin1String("observations")).toInteger(), 100);
    QCOMPARE(render.value(QLatin1String("p50")).toDouble(), 50.5);
    QCOMPARE(render.value(QLatin1String("p90")).toDouble(), 90.1);
    QCOMPARE(render.value(QLatin1String("p99")).toDouble(), 99.01);
    QCOMPARE(render.value(QLatin1String("max")).toDouble(), 100.0);
    const QJsonObject startup = percentiles.at(1);
    QCOMPARE(startup.value(QLatin1String("metric")).toString(), QStringLiteral("startup.ms"));
    QCOMPARE(startup.value(QLatin1String("type")).toString(), QStringLiteral("GAUGE"));
    QCOMPARE(startup.value(QLatin1String("observations")).toInteger(), 3);
    QCOMPARE(startup.value(QLatin1String("p50")).toDouble(), 120.0);
    QCOMPARE(startup.value(QLatin1String("p90")).toDouble(), 184.0);
    QCOMPARE(startup.value(QLatin1String("p99")).toDouble(), 198.4);
    QCOMPARE(startup.value(QLatin1String("max")).toDouble(), 200.0);

    const auto p95 = panel(QStringLiteral("Metric p95 over time"));
    QCOMPARE(p95.size(), 2);
    QCOMPARE(p95.at(0).value(QLatin1String("metric")).toString(), QStringLiteral("render.ms"));
    QCOMPARE(p95.at(0).value(QLatin1String("p95")).toDouble(), 95.05);
    QCOMPARE(p95.at(1).value(QLatin1String("p95")).toDouble(), 192.0);

    const auto counters = panel(QStringLiteral("Counters"));
    QCOMPARE(counters.size(), 1);
    QCOMPARE(counters.at(0).value(QLatin1String("counter")).toString(), QStringLiteral("files.saved"));
    QCOMPARE(counters.at(0).value(QLatin1String("total")).toDouble(), 6.0);
    QCOMPARE(counters.at(0).value(QLatin1String("increments")).toInteger(), 3);
    QCOMPARE(counters.at(0).value(QLatin1String("users")).toInteger(), 1);
}

void tst_Dashboards::collectorPathFeedsTheSamePanels()
{
    // The library's OTLP, as the collector receives it, written to a file instead of the network.
    const QString project = QStringLiteral("otel-app");
    const QString exportFile = m_work.filePath(QStringLiteral("otlp.jsonl"));
    QString userId;
    QString sessionId;
    {
        qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
        TelemetryConfig config(project, QStringLiteral("2.0.0"));
        config.setSettingsFile(m_work.filePath(QStringLiteral("otel.ini")));
        config.setBackend(Backend::File);
        config.setExportFile(exportFile);
        config.setFlushInterval(60000);
        config.setSpoolEnabled(false);
        Telemetry t(config);
        t.trackEvent(QStringLiteral("app.started"), screen("xcb", "1920x1080", 1));
        t.trackEvent(StandardEvents::FeatureUsed, exportFeature);
        t.trackError(QStringLiteral("IOError"), QStringLiteral("disk full"));
        t.trackMetric(QStringLiteral("startup.ms"), 150, MetricType::Gauge);
        t.trackMetric(QStringLiteral("files.saved"), 4, MetricType::Counter);
        t.trackMetric(QStringLiteral("render.ms"), 7.5, MetricType::Histogram);
        t.trackLog(QStringLiteral("slow"), LogSeverity::Warn);
        t.trackLog(QStringLiteral("{\"cache\":\"cold\"}"), LogSeverity::Fatal);
        QVERIFY(flushAndWait(t, 20000).delivered);
        userId = t.userId();
        sessionId = t.sessionId();
        qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    }

    // What the clickhouse exporter inserts for those requests (one row per span, data point, record).
    QFile file(exportFile);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QHash<QString, QByteArray> inserts; // otel table -> JSONEachRow body
    using Fields = std::initializer_list<std::pair<const char *, QJsonValue>>;
    auto row = [](Fields fields) {
        QJsonObject object;
        for (const auto &[key, value] : fields)
            object.insert(QLatin1String(key), value);
        return object;
    };
    auto add = [&inserts](const QString &table, const QJsonObject &object) {
        inserts[table] += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    };
    auto field = [](const QJsonValue &object, const char *key) { return object[QLatin1String(key)]; };
    static const char *const kinds[] = {"Unspecified", "Internal", "Server", "Client", "Producer", "Consumer"};
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject request = QJsonDocument::fromJson(line).object();
        for (const QJsonValue &rs : request.value(QLatin1String("resourceSpans")).toArray()) {
            const QJsonObject resource = otlpAttributes(field(field(rs, "resource"), "attributes").toArray());
            for (const QJsonValue &ss : field(rs, "scopeSpans").toArray()) {
                for (const QJsonValue &s : field(ss, "spans").toArray()) {
                    const QString start = unixNanos(field(s, "startTimeUnixNano"));
                    const QString end = unixNanos(field(s, "endTimeUnixNano"));
                    const int code = field(field(s, "status"), "code").toInt();
                    const char *status = code == 2 ? "Error" : code == 1 ? "Ok" : "Unset";
                    add(QStringLiteral("otel_traces"),
                        row({{"Timestamp", nanosText(start)}, {"TraceId", field(s, "traceId")},
                             {"SpanId", field(s, "spanId")}, {"SpanName", field(s, "name")},
                             {"SpanKind", QLatin1String(kinds[qBound(0, field(s, "kind").toInt(), 5)])},
                             {"ServiceName", resource.value(QLatin1String("service.name"))},
                             {"ResourceAttributes", resource}, {"ScopeName", field(field(ss, "scope"), "name")},
                             {"SpanAttributes", otlpAttributes(field(s, "attributes").toArray())},
                             {"Duration", end.toLongLong() - start.toLongLong()}, {"StatusCode", QLatin1String(status)},
                             {"StatusMessage", field(field(s, "status"), "message")}}));
                }
            }
        }
        for (const QJsonValue &rm : request.value(QLatin1String("resourceMetrics")).toArray()) {
            const QJsonObject resource = otlpAttributes(field(field(rm, "resource"), "attributes").toArray());
            for (const QJsonValue &sm : field(rm, "scopeMetrics").toArray()) {
                for (const QJsonValue &m : field(sm, "metrics").toArray()) {
                    const QString kind = m.toObject().contains(QLatin1String("gauge")) ? QStringLiteral("gauge")
                        : m.toObject().contains(QLatin1String("sum"))                 ? QStringLiteral("sum")
                                                                                      : QStringLiteral("histogram");
                    const QJsonObject data = m[kind].toObject();
                    for (const QJsonValue &p : data.value(QLatin1String("dataPoints")).toArray()) {
                        QJsonObject point = row({{"ResourceAttributes", resource},
                                                 {"ServiceName", resource.value(QLatin1String("service.name"))},
                                                 {"MetricName", field(m, "name")}, {"MetricUnit", field(m, "unit")},
                                                 {"Attributes", otlpAttributes(field(p, "attributes").toArray())},
                                                 {"StartTimeUnix", nanosText(unixNanos(field(p, "startTimeUnixNano")))},
                                                 {"TimeUnix", nanosText(unixNanos(field(p, "timeUnixNano")))}});
                        if (kind == QLatin1String("histogram")) {
                            QJsonArray buckets;
                            for (const QJsonValue &b : field(p, "bucketCounts").toArray())
                                buckets.append(unixNanos(b).toLongLong());
                            for (const auto &[key, value] : Fields{{"Count", unixNanos(field(p, "count")).toLongLong()},
                                                                   {"Sum", field(p, "sum")}, {"Min", field(p, "min")},
                                                                   {"Max", field(p, "max")}, {"BucketCounts", buckets},
                                                                   {"ExplicitBounds", field(p, "explicitBounds")}})
                                point.insert(QLatin1String(key), value);
                        } else {
                            point.insert(QStringLiteral("Value"), p.toObject().contains(QLatin1String("asInt"))
                                             ? QJsonValue(unixNanos(field(p, "asInt")).toDouble())
                                             : field(p, "asDouble"));
                        }
                        if (data.contains(QLatin1String("aggregationTemporality")))
                            point.insert(QStringLiteral("AggregationTemporality"), data.value(QLatin1String("aggregationTemporality")));
                        if (kind == QLatin1String("sum"))
                            point.insert(QStringLiteral("IsMonotonic"), data.value(QLatin1String("isMonotonic")).toBool());
                        add(QStringLiteral("otel_metrics_") + kind, point);
                    }
                }
            }
        }
        for (const QJsonValue &rl : request.value(QLatin1String("resourceLogs")).toArray()) {
            const QJsonObject resource = otlpAttributes(field(field(rl, "resource"), "attributes").toArray());
            for (const QJsonValue &sl : field(rl, "scopeLogs").toArray()) {
                for (const QJsonValue &r : field(sl, "logRecords").toArray()) {
                    add(QStringLiteral("otel_logs"),
                        row({{"Timestamp", nanosText(unixNanos(field(r, "timeUnixNano")))},
                             {"TraceId", field(r, "traceId")}, {"SpanId", field(r, "spanId")},
                             {"SeverityText", field(r, "severityText")}, {"SeverityNumber", field(r, "severityNumber")},
                             {"ServiceName", resource.value(QLatin1String("service.name"))},
                             {"Body", otlpValueText(field(r, "body").toObject())}, {"ResourceAttributes", resource},
                             {"LogAttributes", otlpAttributes(field(r, "attributes").toArray())}}));
                }
            }
        }
    }
    QCOMPARE(inserts.size(), 5);
    for (auto it = inserts.cbegin(); it != inserts.cend(); ++it) {
        const ChdbServer::Reply r =
            m_engine.insert(QStringLiteral("INSERT INTO otel.%1 FORMAT JSONEachRow").arg(it.key()), it.value());
        QVERIFY2(r.status == 200, qPrintable(it.key() + QStringLiteral(": ") + QString::fromUtf8(r.body) + r.error));
    }

    // The family's tables hold them now, with the columns the direct path fills.
    const auto traces = select(QStringLiteral("SELECT user_id, session_id, os_type, runtime_name, project_version, span_kind, "
                                              "status_code FROM telemetry.traces WHERE project_name = '%1' ORDER BY timestamp_ns")
                                   .arg(project));
    QCOMPARE(traces.size(), 3);
    for (const QJsonObject &row : traces) {
        QCOMPARE(row.value(QLatin1String("user_id")).toString(), userId);
        QCOMPARE(row.value(QLatin1String("session_id")).toString(), sessionId);
        QCOMPARE(row.value(QLatin1String("os_type")).toString(), ChdbServer::expectedOsType());
        QCOMPARE(row.value(QLatin1String("runtime_name")).toString(), QStringLiteral("Qt"));
        QCOMPARE(row.value(QLatin1String("project_version")).toString(), QStringLiteral("2.0.0"));
        QCOMPARE(row.value(QLatin1String("span_kind")).toString(), QStringLiteral("INTERNAL"));
    }
    QCOMPARE(traces.at(2).value(QLatin1String("status_code")).toString(), QStringLiteral("ERROR"));

    // And the panels show them.
    QCOMPARE(panel(QStringLiteral("New installs"), project).value(0).value(QLatin1String("installs")).toInteger(), 1);
    QCOMPARE(panel(QStringLiteral("Sessions"), project).value(0).value(QLatin1String("sessions")).toInteger(), 1);
    const auto events = panel(QStringLiteral("Top events"), project);
    QCOMPARE(events.size(), 2);
    QCOMPARE(panel(QStringLiteral("Top features"), project).value(0).value(QLatin1String("feature")).toString(),
             QStringLiteral("export"));
    const auto errors = panel(QStringLiteral("Top errors"), project);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.at(0).value(QLatin1String("error_type")).toString(), QStringLiteral("IOError"));
    QCOMPARE(errors.at(0).value(QLatin1String("example_message")).toString(), QStringLiteral("disk full"));
    const auto versions = panel(QStringLiteral("Crash-free sessions per version"), project);
    QCOMPARE(versions.size(), 1);
    QCOMPARE(versions.at(0).value(QLatin1String("errors")).toInteger(), 1);
    QCOMPARE(versions.at(0).value(QLatin1String("crash_free_pct")).toDouble(), 0.0); // the FATAL log
    const auto percentiles = panel(QStringLiteral("Metric percentiles"), project);
    QCOMPARE(percentiles.size(), 2);
    QCOMPARE(percentiles.at(0).value(QLatin1String("metric")).toString(), QStringLiteral("render.ms"));
    QCOMPARE(percentiles.at(0).value(QLatin1String("type")).toString(), QStringLiteral("HISTOGRAM"));
    QCOMPARE(percentiles.at(0).value(QLatin1String("p50")).toDouble(), 7.5);
    QCOMPARE(percentiles.at(1).value(QLatin1String("p50")).toDouble(), 150.0);
    const auto counters = panel(QStringLiteral("Counters"), project);
    QCOMPARE(counters.value(0).value(QLatin1String("total")).toDouble(), 4.0);
    const auto logs = panel(QStringLiteral("Log totals by severity"), project);
    QCOMPARE(logs.size(), 2);
    QCOMPARE(logs.at(0).value(QLatin1String("severity")).toString(), QStringLiteral("WARN"));
    QCOMPARE(logs.at(1).value(QLatin1String("severity")).toString(), QStringLiteral("FATAL"));
    QCOMPARE(panel(QStringLiteral("Windowing platforms"), project).value(0).value(QLatin1String("platform")).toString(),
             QStringLiteral("xcb"));
    QCOMPARE(panel(QStringLiteral("Qt and runtime versions"), project).value(0).value(QLatin1String("runtime")).toString(),
             QStringLiteral("Qt ") + QString::fromLatin1(qVersion()));
    const auto body = select(QStringLiteral("SELECT toString(body_type) AS t FROM telemetry.logs WHERE project_name = '%1' "
                                            "AND severity_number = 21").arg(project));
    QCOMPARE(body.value(0).value(QLatin1String("t")).toString(), QStringLiteral("JSON"));
}

void tst_Dashboards::everyPanelIsChecked()
{
    QStringList unchecked;
    for (auto it = m_panels.cbegin(); it != m_panels.cend(); ++it) {
        if (!m_checked.contains(it.key()))
            unchecked.append(it.key());
    }
    unchecked.sort();
    QVERIFY2(unchecked.isEmpty(), qPrintable(QStringLiteral("panels no test checks: ") + unchecked.join(QStringLiteral(", "))));
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (argc > 1 && qstrcmp(argv[1], "--session") == 0)
        return runSession(app.arguments());
    tst_Dashboards test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_dashboards.moc"
