// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The client end to end: real HTTP on loopback against OtlpReceiver, with faults injected by the server.

#include "flushwait.h"
#include "testsupport.h"
#include "threadedreceiver.h"

#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QSet>
#include <QtCore/QUrlQuery>

#include <automagik/telemetry.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QTimer>
#include <QtCore/QUuid>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <cmath>
#include <limits>
#include <algorithm>
#include <memory>
#include <stdexcept>

using namespace Automagik;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

class tst_Telemetry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void disabledByDefaultSendsNothing();
    void environmentEnables();
    void sendsEachSignalAsStrictOtlp();
    void resourceAttributes();
    void batchesBySize();
    void batchesByTimer();
    void idleClientSleeps();
    void batchSizeOneSendsAtOnce();
    void gzipAboveThresholdOnly_data();
    void gzipAboveThresholdOnly();
    void retriesTransientFailures_data();
    void retriesTransientFailures();
    void honoursRetryAfter();
    void dropsNonRetryableStatus_data();
    void dropsNonRetryableStatus();
    void givesUpAfterMaxRetries();
    void connectionRefusedIsRetriedThenReported();
    void timeoutIsRetried();
    void partialSuccessIsReportedNotRetried();
    void flushSignalsCompletion();
    void shutdownIsBoundedWithHangingCollector();
    void workerPastTheDeadlineIsLeftRunningSafely();
    void shutdownDeliversPending();
    void sessionWithoutWindows();
    void enableAndDisablePersistOptOutFile();
    void malformedEndpointIsReportedNotFatal();
    void clickHouseRefusesUnsafeNames();
    void clickHouseInsertsWithCredentialsInHeaders();
    void badInputStillProducesValidOtlp();
    void emptyNamesAreIgnored();
    void queueBoundDropsAndReports();
    void stringOverloadsAndErrors();
    void queueByteBoundDropsNewest();
    void leftoversAreSentByTheNextRun();
    void leftoversKeepTheirEncodingAcrossAProtocolSwitch_data();
    void leftoversKeepTheirEncodingAcrossAProtocolSwitch();
    void leftoversAreDeletedWithoutConsent();
    void fullSpoolDropsOldestAndReports();
    void unusableSpoolIsReportedOnceAndDataStillFlows();
    void tooLargeBatchIsSplitAndResent();
    void customHeadersAreSent();
    void verboseModeNeverLogsCredentials();
    void statusHasSeedKeysAndCounters();
    void noNetworkBeforeConsent_data();
    void noNetworkBeforeConsent();
    void recordsFromBeforeTheGrantAreNeverSent();
    void categoriesAreGatedAtTheCall();
    void withdrawalRotatesTheIdOnTheWire();
    void personalDataArrivesScrubbed();
    void auditLogRecordsWhatWasSent();
    void samplePayloadIsARealScrubbedRequest();
    void namesAreScrubbed();
    void everySignalScrubsTheNewCategories();
    void overLongMessagesAreCutBeforeScanning();
    void requestHeadersRevealNothingAboutTheMachine();
    void collectorCookiesAreNeverSentBack();

private:
    TelemetryConfig configFor(const OtlpReceiver &receiver) const;
    static bool waitForFlush(Telemetry &telemetry, int timeoutMs = 10000);

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_settings; // a fresh consent store per test
};

void tst_Telemetry::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_Telemetry::init()
{
    m_settings = std::make_unique<QTemporaryDir>();
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    // Each test has a spool of its own: batches one test leaves must not reach the next one's receiver.
    qputenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR", QFile::encodeName(m_settings->filePath(QStringLiteral("spool"))));
}

void tst_Telemetry::cleanup()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    qunsetenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR");
    QFile::remove(optOutFile());
}

TelemetryConfig tst_Telemetry::configFor(const OtlpReceiver &receiver) const
{
    TelemetryConfig config(QStringLiteral("tst-app"), QStringLiteral("2.3.4"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setEndpoint(receiver.baseUrl());
    config.setFlushInterval(60000); // tests flush explicitly unless they test the timer
    config.setRetryBackoffBase(10);
    config.setTimeout(5000);
    return config;
}

bool tst_Telemetry::waitForFlush(Telemetry &telemetry, int timeoutMs)
{
    return flushAndWait(telemetry, timeoutMs).finished;
}

void tst_Telemetry::disabledByDefaultSendsNothing()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    QSignalSpy connections(&receiver, &OtlpReceiver::connectionAccepted);
    Telemetry telemetry(configFor(receiver));
    QVERIFY(!telemetry.isEnabled());
    telemetry.trackEvent(QStringLiteral("app.started"));
    telemetry.trackMetric(QStringLiteral("m"), 1);
    telemetry.trackLog(QStringLiteral("l"));
    telemetry.trackError(QStringLiteral("E"), QStringLiteral("boom"));
    QCOMPARE(telemetry.queueSize(), 0);
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(connections.count(), 0);
    QVERIFY(telemetry.userId().isEmpty()); // no identifier is created before consent
    QCOMPARE(telemetry.status().value(QStringLiteral("decided_by")).toString(), QStringLiteral("default"));
}

void tst_Telemetry::environmentEnables()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    QVERIFY(telemetry.isEnabled());
    QVERIFY(!QUuid::fromString(telemetry.userId()).isNull());
    QVERIFY(!QUuid::fromString(telemetry.sessionId()).isNull());
    Telemetry second(configFor(receiver));
    QCOMPARE(second.sessionId(), telemetry.sessionId()); // one session per process
    QCOMPARE(telemetry.status().value(QStringLiteral("decided_by")).toString(),
             QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED"));
}

void tst_Telemetry::sendsEachSignalAsStrictOtlp()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);

    telemetry.trackEvent(StandardEvents::FeatureUsed,
                         {{QStringLiteral("feature_name"), QStringLiteral("export")}, {QStringLiteral("count"), 3},
                          {QStringLiteral("ratio"), 0.5}, {QStringLiteral("ok"), true}});
    telemetry.trackMetric(QStringLiteral("render.ms"), 16.4, MetricType::Histogram);
    telemetry.trackMetric(QStringLiteral("files.opened"), 2, MetricType::Counter);
    telemetry.trackMetric(QStringLiteral("memory.mb"), 120, MetricType::Gauge, {{QStringLiteral("unit"), QStringLiteral("MBy")}});
    telemetry.trackLog(QStringLiteral("cache cold"), LogSeverity::Warn);
    telemetry.trackError(QStringLiteral("IOError"), QStringLiteral("disk full"), {{QStringLiteral("op"), QStringLiteral("save")}});
    QVERIFY(waitForFlush(telemetry));

    QCOMPARE(receiver.requestCount(), 3);
    QMap<QString, int> items;
    for (const auto &request : receiver.requests()) {
        QCOMPARE(request.status, 200);
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
        QVERIFY(request.header("User-Agent").startsWith("automagik-telemetry-qt/" AUTOMAGIK_TELEMETRY_VERSION_STRING " "));
        items[request.signal] = request.items;
        QCOMPARE(request.path, QByteArray("/v1/") + request.signal.toLatin1());
    }
    QCOMPARE(items.value(QStringLiteral("traces")), 2);
    QCOMPARE(items.value(QStringLiteral("metrics")), 3);
    QCOMPARE(items.value(QStringLiteral("logs")), 1);
    QCOMPARE(telemetry.sentCount(), 6);
    QCOMPARE(telemetry.failedCount(), 0);
    QCOMPARE(telemetry.queueSize(), 0);
    QCOMPARE(sent.count(), 3);
    QCOMPARE(validateStrictly(receiver.requests()), QString());
}

void tst_Telemetry::resourceAttributes()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 1);
    const QJsonObject root = receiver.requests().constFirst().jsonBody();
    const QJsonObject resourceSpans = root.value(QLatin1String("resourceSpans")).toArray().at(0).toObject();
    const QJsonArray attributes = resourceSpans.value(QLatin1String("resource")).toObject().value(QLatin1String("attributes")).toArray();
    auto text = [&](const char *key) {
        return attribute(attributes, QLatin1String(key)).value(QLatin1String("stringValue")).toString();
    };
    QCOMPARE(text("service.name"), QStringLiteral("tst-app"));
    QCOMPARE(text("service.version"), QStringLiteral("2.3.4"));
    QCOMPARE(text("project.name"), QStringLiteral("tst-app"));
    QCOMPARE(text("project.version"), QStringLiteral("2.3.4"));
    QCOMPARE(text("service.organization"), QStringLiteral("namastex"));
    QCOMPARE(text("user.id"), telemetry.userId());
    QCOMPARE(text("session.id"), telemetry.sessionId());
    QCOMPARE(text("telemetry.sdk.name"), QStringLiteral("automagik-telemetry"));
    QCOMPARE(text("telemetry.sdk.version"), QStringLiteral(AUTOMAGIK_TELEMETRY_VERSION_STRING));
    QCOMPARE(text("telemetry.sdk.language"), QStringLiteral("cpp"));
    QCOMPARE(text("process.runtime.version"), QString::fromLatin1(qVersion()));
    QVERIFY(!text("os.type").isEmpty());
    QVERIFY(!text("host.arch").isEmpty());
    const QJsonObject scope = resourceSpans.value(QLatin1String("scopeSpans")).toArray().at(0).toObject().value(QLatin1String("scope")).toObject();
    QCOMPARE(scope.value(QLatin1String("name")).toString(), QStringLiteral("tst-app.telemetry"));
    QCOMPARE(scope.value(QLatin1String("version")).toString(), QStringLiteral("2.3.4"));
    // System information lives on the Resource only: the span carries just the user's attributes.
    const QJsonObject span = resourceSpans.value(QLatin1String("scopeSpans")).toArray().at(0).toObject()
                                 .value(QLatin1String("spans")).toArray().at(0).toObject();
    QVERIFY(!span.contains(QLatin1String("resource")));
    QCOMPARE(span.value(QLatin1String("attributes")).toArray().size(), 0);
}

void tst_Telemetry::batchesBySize()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setBatchSize(5);
    Telemetry telemetry(config);
    for (int i = 0; i < 12; ++i)
        telemetry.trackEvent(QStringLiteral("e%1").arg(i));
    // Two full batches go without a flush; the remaining two wait for the timer (60 s here).
    QTRY_COMPARE(receiver.requestCount(), 2);
    for (const auto &request : receiver.requests())
        QCOMPARE(request.items, 5);
    QTRY_COMPARE(telemetry.queueSize(), 2);
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 3);
    QCOMPARE(receiver.requests().at(2).items, 2);
}

void tst_Telemetry::batchesByTimer()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setFlushInterval(50);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("a"));
    telemetry.trackEvent(QStringLiteral("b"));
    telemetry.trackLog(QStringLiteral("c"));
    QTRY_COMPARE(receiver.requestCount(), 2);
    QTRY_COMPARE(telemetry.sentCount(), 3);
}

namespace {

// Context switches, voluntary or not, of this process's threads whose name starts with \a prefix (Linux).
qint64 contextSwitchesOfThreads(const QByteArray &prefix)
{
    qint64 total = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        QFile status(tasks.filePath(tid + QStringLiteral("/status")));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith(prefix) || !status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                total += line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
    }
    return total;
}

// Wake-ups of the threads named \a prefix while a reference timer of \a periodMs fires \a ticks times:
// the window ends on events that happened, not after a sleep. -1 when the reference timer stalls.
qint64 wakeUpsDuringTicks(const QByteArray &prefix, int ticks, int periodMs)
{
    QTimer reference;
    reference.setTimerType(Qt::PreciseTimer);
    reference.setInterval(periodMs);
    QSignalSpy fired(&reference, &QTimer::timeout);
    const qint64 before = contextSwitchesOfThreads(prefix);
    reference.start();
    while (fired.count() < ticks) {
        if (!fired.wait(100 * periodMs))
            return -1;
    }
    return contextSwitchesOfThreads(prefix) - before;
}

} // namespace

void tst_Telemetry::idleClientSleeps()
{
#if !defined(Q_OS_LINUX)
    QSKIP("counts a thread's wake-ups in /proc");
#endif
    // A client with nothing to send runs no timer: its worker thread sleeps until a record arrives.
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    const int interval = 25;
    config.setFlushInterval(interval);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("first"));
    QTRY_COMPARE(telemetry.sentCount(), 1); // the tick fired (and disarmed itself) before this batch went out

    const QByteArray worker = "automagik-telem"; // the thread's name, cut to 15 bytes by Linux
    QVERIFY2(contextSwitchesOfThreads(worker) > 0, "the worker thread was not found by its name");
    // Settled once the worker stays asleep for two flush intervals: the reply's clean-up (and a tick
    // armed after the delivery, if any) is behind it. A periodic tick never lets this happen.
    QDeadlineTimer settle(10000);
    qint64 residual = -1;
    while (residual != 0 && !settle.hasExpired())
        residual = wakeUpsDuringTicks(worker, 2, interval);
    QVERIFY2(residual == 0, "the worker never went idle after its delivery");

    // A periodic tick would wake the worker about once per reference tick here.
    const int ticks = 40;
    const qint64 woke = wakeUpsDuringTicks(worker, ticks, interval);
    QVERIFY2(woke >= 0, "the reference timer stopped firing");
    QVERIFY2(woke <= 2, qPrintable(QStringLiteral("the idle worker woke %1 times in %2 ticks of %3 ms")
                                       .arg(woke).arg(ticks).arg(interval)));

    // The next record is still sent by the timer, one flush interval later.
    telemetry.trackEvent(QStringLiteral("after the idle spell"));
    QTRY_COMPARE(telemetry.sentCount(), 2);
    QCOMPARE(receiver.requestCount(), 2);
}

void tst_Telemetry::batchSizeOneSendsAtOnce()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setBatchSize(1);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("now"));
    QTRY_COMPARE(receiver.requestCount(), 1);
    QCOMPARE(receiver.requests().constFirst().items, 1);
}

void tst_Telemetry::gzipAboveThresholdOnly_data()
{
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("threshold");
    QTest::addColumn<bool>("compression");
    QTest::addColumn<bool>("expectGzip");
    QTest::newRow("under threshold") << 50 << 64 * 1024 << true << false;
    QTest::newRow("over threshold") << 50 << 1024 << true << true;
    QTest::newRow("over threshold, compression off") << 50 << 1024 << false << false;
}

void tst_Telemetry::gzipAboveThresholdOnly()
{
    QFETCH(int, events);
    QFETCH(int, threshold);
    QFETCH(bool, compression);
    QFETCH(bool, expectGzip);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setCompressionEnabled(compression);
    config.setCompressionThreshold(threshold);
    Telemetry telemetry(config);
    for (int i = 0; i < events; ++i)
        telemetry.trackEvent(QStringLiteral("event"), {{QStringLiteral("i"), i}});
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 1);
    const auto request = receiver.requests().constFirst();
    QCOMPARE(request.gzipped, expectGzip);
    QCOMPARE(request.header("Content-Encoding") == "gzip", expectGzip);
    QVERIFY(expectGzip ? request.rawBody.size() < request.body.size() : request.rawBody == request.body);
    QVERIFY(!compression || expectGzip == (request.body.size() > threshold));
    QCOMPARE(request.items, events);
}

void tst_Telemetry::retriesTransientFailures_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("429") << 429;
    QTest::newRow("502") << 502;
    QTest::newRow("503") << 503;
    QTest::newRow("504") << 504;
}

void tst_Telemetry::retriesTransientFailures()
{
    QFETCH(int, status);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setFailStatus(status);
    receiver.setFailFirst(2);
    Telemetry telemetry(configFor(receiver));
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 3);
    QCOMPARE(telemetry.sentCount(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(telemetry.status().value(QStringLiteral("retries")).toLongLong(), 2);
}

void tst_Telemetry::honoursRetryAfter()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setFailStatus(503);
    receiver.setFailFirst(1);
    receiver.setRetryAfter("1");
    TelemetryConfig config = configFor(receiver);
    config.setRetryBackoffBase(1); // without Retry-After the retry would come after ~1 ms
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    const auto requests = receiver.requests();
    QCOMPARE(requests.size(), 2);
    QVERIFY2(requests.at(0).receivedAt.msecsTo(requests.at(1).receivedAt) >= 900,
             "the retry came before the server's Retry-After");
    QCOMPARE(telemetry.sentCount(), 1);
}

void tst_Telemetry::dropsNonRetryableStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<DeliveryError>("error");
    QTest::newRow("400") << 400 << DeliveryError::HttpClientError;
    QTest::newRow("401") << 401 << DeliveryError::HttpClientError;
    QTest::newRow("403") << 403 << DeliveryError::HttpClientError;
    QTest::newRow("404") << 404 << DeliveryError::HttpClientError;
    QTest::newRow("500") << 500 << DeliveryError::HttpServerError;
    QTest::newRow("501") << 501 << DeliveryError::HttpServerError;
}

void tst_Telemetry::dropsNonRetryableStatus()
{
    QFETCH(int, status);
    QFETCH(DeliveryError, error);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(status);
    Telemetry telemetry(configFor(receiver));
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy flushed(&telemetry, &Telemetry::flushFinished);
    telemetry.trackEvent(QStringLiteral("a"));
    telemetry.trackEvent(QStringLiteral("b"));
    telemetry.flush();
    QVERIFY(flushed.wait());
    QCOMPARE(flushed.constFirst().constFirst().toBool(), false);
    QCOMPARE(failed.count(), 1);
    QVERIFY(failed.constFirst().at(0).value<TelemetrySignal>() == TelemetrySignal::Traces);
    QCOMPARE(failed.constFirst().at(1).toInt(), 2);
    QCOMPARE(failed.constFirst().at(2).value<DeliveryError>(), error);
    QVERIFY(failed.constFirst().at(3).toString().contains(QString::number(status)));
    QCOMPARE(receiver.requestCount(), 1); // decided without a retry
    QCOMPARE(telemetry.failedCount(), 2);
    QCOMPARE(telemetry.queueSize(), 0);
}

void tst_Telemetry::givesUpAfterMaxRetries()
{
    // A batch that keeps failing is not lost: it stays in the spool and is delivered once the collector is back.
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(503);
    TelemetryConfig config = configFor(receiver);
    config.setMaxRetries(2);
    config.setMaxRetryDelay(200);
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    QSignalSpy flushed(&telemetry, &Telemetry::flushFinished);
    telemetry.trackLog(QStringLiteral("x"));
    telemetry.flush();
    QVERIFY(flushed.wait());
    QCOMPARE(flushed.constFirst().constFirst().toBool(), false); // not delivered yet
    QCOMPARE(receiver.requestCount(), 3);
    QCOMPARE(postponed.count(), 1);
    QCOMPARE(postponed.constFirst().at(1).toInt(), 1);
    QVERIFY(postponed.constFirst().at(2).toString().contains(QStringLiteral("3 attempts")));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(telemetry.queueSize(), 1);
    QCOMPARE(telemetry.status().value(QStringLiteral("spool_batches")).toLongLong(), 1);

    receiver.setStatus(0); // the collector recovers: the next probe delivers the spooled batch
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    QVERIFY(sent.wait(5000));
    QTRY_COMPARE(telemetry.queueSize(), 0);
    QCOMPARE(telemetry.sentCount(), 1);
    QCOMPARE(telemetry.failedCount(), 0);
    QCOMPARE(receiver.requests().constLast().items, 1);
}

void tst_Telemetry::connectionRefusedIsRetriedThenReported()
{
    const QUrl down = closedEndpoint(); // connections are refused
    QVERIFY(down.isValid());
    TelemetryConfig config(QStringLiteral("tst-app"), QStringLiteral("1"));
    config.setEndpoint(down);
    config.setRetryBackoffBase(5);
    config.setMaxRetries(2);
    Telemetry telemetry(config);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(postponed.count(), 1);
    QVERIFY(postponed.constFirst().at(2).toString().contains(QStringLiteral("3 attempts")));
    QCOMPARE(telemetry.status().value(QStringLiteral("retries")).toLongLong(), 2);
    QCOMPARE(telemetry.failedCount(), 0);
}

void tst_Telemetry::timeoutIsRetried()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setHang(true);
    TelemetryConfig config = configFor(receiver);
    config.setTimeout(150);
    config.setMaxRetries(1);
    Telemetry telemetry(config);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 2);
    QCOMPARE(postponed.count(), 1);
    QVERIFY(postponed.constFirst().at(2).toString().contains(QStringLiteral("timed out")));
}

void tst_Telemetry::partialSuccessIsReportedNotRetried()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setPartialSuccessJson(R"({"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad span"}})");
    Telemetry telemetry(configFor(receiver));
    QSignalSpy rejected(&telemetry, &Telemetry::partiallyRejected);
    for (int i = 0; i < 5; ++i)
        telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.constFirst().at(1).toLongLong(), 2);
    QCOMPARE(rejected.constFirst().at(2).toString(), QStringLiteral("bad span"));
    QCOMPARE(telemetry.sentCount(), 3);
    QCOMPARE(telemetry.status().value(QStringLiteral("rejected")).toMap().value(QStringLiteral("traces")).toLongLong(), 2);
}

void tst_Telemetry::flushSignalsCompletion()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setDelayMs(100);
    Telemetry telemetry(configFor(receiver));
    QSignalSpy flushed(&telemetry, &Telemetry::flushFinished);
    telemetry.flush(); // nothing pending
    QVERIFY(flushed.wait());
    QCOMPARE(flushed.constFirst().constFirst().toBool(), true);
    telemetry.trackEvent(QStringLiteral("e"));
    telemetry.flush();
    QCOMPARE(flushed.count(), 1); // asynchronous: never completes inside the call
    QVERIFY(flushed.wait());
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(telemetry.sentCount(), 1);
}

void tst_Telemetry::shutdownIsBoundedWithHangingCollector()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setHang(true);
    TelemetryConfig config = configFor(receiver);
    config.setTimeout(30000);
    Telemetry telemetry(config);
    for (int i = 0; i < 10; ++i)
        telemetry.trackEvent(QStringLiteral("e"));
    QSignalSpy enabledChanged(&telemetry, &Telemetry::enabledChanged);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!telemetry.shutdown(300));
    QCOMPARE(enabledChanged.count(), 1);
    QCOMPARE(enabledChanged.constFirst().constFirst().toBool(), false);
    // The contract is "never past the deadline"; allow scheduling slack on a loaded machine.
    QVERIFY2(clock.elapsed() < 1500, qPrintable(QStringLiteral("shutdown took %1 ms").arg(clock.elapsed())));
    QVERIFY(!telemetry.isEnabled());
    telemetry.trackEvent(QStringLiteral("after"));
    // Nothing is lost: the 10 events wait in the spool for the next run; nothing new was accepted.
    QCOMPARE(telemetry.queueSize(), 10);
    QCOMPARE(telemetry.failedCount() + telemetry.droppedCount(), 0);
    QCOMPARE(telemetry.status().value(QStringLiteral("spool_batches")).toLongLong(), 1);
}

void tst_Telemetry::workerPastTheDeadlineIsLeftRunningSafely()
{
    // With no time at all, the worker has almost always not stopped when shutdown() returns (a preempted
    // caller may still see it finish first): its thread is left to finish on its own and kept referenced
    // (the sanitizer phase's LeakSanitizer reports it otherwise).
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setHang(true);
    auto telemetry = std::make_unique<Telemetry>(configFor(receiver));
    telemetry->trackEvent(QStringLiteral("e"));
    telemetry->flush();
    QTRY_COMPARE(receiver.requestCount(), 1); // the worker is waiting for an answer that never comes
    QElapsedTimer clock;
    clock.start();
    telemetry->shutdown(0); // false, unless the worker won the race and put the batch back in time
    QVERIFY2(clock.elapsed() < 1000, qPrintable(QStringLiteral("shutdown took %1 ms").arg(clock.elapsed())));
    telemetry.reset(); // the client goes away while its worker still runs
    // A new client of the same project works beside the abandoned worker.
    receiver.setHang(false);
    Telemetry next(configFor(receiver));
    next.trackEvent(QStringLiteral("next"));
    QVERIFY(waitForFlush(next));
}

void tst_Telemetry::shutdownDeliversPending()
{
    // shutdown() blocks this thread, so the receiver must live and serve on a thread of its own.
    ThreadedReceiver receiver;
    const QUrl baseUrl = receiver.baseUrl();
    QVERIFY(baseUrl.isValid());
    TelemetryConfig config(QStringLiteral("tst-app"), QStringLiteral("1"));
    config.setEndpoint(baseUrl);
    config.setFlushInterval(60000);
    bool delivered = false;
    qint64 sent = 0;
    {
        Telemetry telemetry(config);
        for (int i = 0; i < 7; ++i)
            telemetry.trackEvent(QStringLiteral("e"));
        delivered = telemetry.shutdown(5000);
        sent = telemetry.sentCount();
    }
    const QList<OtlpReceiver::Request> requests = receiver.requests();
    QVERIFY(delivered);
    QCOMPARE(sent, 7);
    QCOMPARE(requests.size(), 1);
    QCOMPARE(requests.constFirst().items, 7);
}

void tst_Telemetry::sessionWithoutWindows()
{
    // A QCoreApplication has no window to wait for: the session begins when the client starts, and it is
    // active all along. tests/auto/tst_sessions covers applications with windows.
    ThreadedReceiver receiver;
    const QUrl baseUrl = receiver.baseUrl();
    QVERIFY(baseUrl.isValid());
    TelemetryConfig config(QStringLiteral("tst-app"), QStringLiteral("1"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setEndpoint(baseUrl);
    config.setFlushInterval(60000);
    config.setSessionTrackingEnabled(true);
    config.setEnvironmentReportingEnabled(true);
    {
        Telemetry telemetry(config);
        QVERIFY(telemetry.isEnabled()); // AUTOMAGIK_TELEMETRY_ENABLED=true: the client starts now
        QTRY_COMPARE(telemetry.queueSize(), 2); // the session's start and the environment, from the event loop
        QVERIFY(telemetry.shutdown(5000));
    }
    const QList<OtlpReceiver::Request> requests = receiver.requests();
    QMap<QString, QJsonArray> events;
    for (const OtlpReceiver::Request &request : std::as_const(requests)) {
        forEachSpan(request.jsonBody(), [&](const QJsonObject &span) {
            events.insert(span.value(QLatin1String("name")).toString(), span.value(QLatin1String("attributes")).toArray());
        });
    }
    QCOMPARE(events.keys(), (QStringList{QStringLiteral("automagik.environment"), QStringLiteral("automagik.session.end"),
                                         QStringLiteral("automagik.session.start")}));
    const QJsonArray start = events.value(QStringLiteral("automagik.session.start"));
    QCOMPARE(intValue(attribute(start, QStringLiteral("session.start_count"))), 1);
    QVERIFY(intValue(attribute(start, QStringLiteral("session.startup_ms"))) >= 0);
    const QJsonArray end = events.value(QStringLiteral("automagik.session.end"));
    QVERIFY(intValue(attribute(end, QStringLiteral("session.duration_ms"))) >= 0);
    QCOMPARE(intValue(attribute(end, QStringLiteral("session.active_ms"))),
             intValue(attribute(end, QStringLiteral("session.duration_ms"))));
    // No user interface: the language alone.
    QCOMPARE(attributeKeys(events.value(QStringLiteral("automagik.environment"))), QSet<QString>{QStringLiteral("ui.language")});
}

void tst_Telemetry::enableAndDisablePersistOptOutFile()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    QFile marker(optOutFile());
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.close();
    Telemetry telemetry(configFor(receiver));
    QVERIFY(!telemetry.isEnabled());
    QCOMPARE(telemetry.status().value(QStringLiteral("decided_by")).toString(), QStringLiteral("opt-out-file"));
    QSignalSpy enabledChanged(&telemetry, &Telemetry::enabledChanged);
    QSignalSpy userIdChanged(&telemetry, &Telemetry::userIdChanged);

    telemetry.enable();
    QCOMPARE(userIdChanged.count(), 1);
    QVERIFY(telemetry.isEnabled());
    QCOMPARE(enabledChanged.count(), 1);
    QVERIFY(!QFile::exists(optOutFile()));
    QVERIFY(!QUuid::fromString(telemetry.userId()).isNull());

    telemetry.trackEvent(QStringLiteral("under.consent"));
    QSignalSpy flushed(&telemetry, &Telemetry::flushFinished);
    telemetry.disable();
    QVERIFY(!telemetry.isEnabled());
    QCOMPARE(enabledChanged.count(), 2);
    QVERIFY(QFile::exists(optOutFile()));
    telemetry.trackEvent(QStringLiteral("after.withdrawal"));
    QVERIFY(flushed.wait());
    QCOMPARE(receiver.requestCount(), 1); // what was recorded under consent is still delivered
    QCOMPARE(receiver.requests().constFirst().items, 1);
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 1);
}

void tst_Telemetry::malformedEndpointIsReportedNotFatal()
{
    TelemetryConfig config(QStringLiteral("tst-app"), QStringLiteral("1"));
    config.setEndpoint(QUrl(QStringLiteral("ftp://example.invalid/otlp")));
    Telemetry telemetry(config);
    QVERIFY(!telemetry.status().value(QStringLiteral("config_error")).toString().isEmpty());
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(2).value<DeliveryError>(), DeliveryError::InvalidEndpoint);
    QCOMPARE(telemetry.queueSize(), 0);
}

void tst_Telemetry::clickHouseRefusesUnsafeNames()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setBackend(Backend::ClickHouse);
    config.setClickhouseEndpoint(receiver.baseUrl());
    config.setClickhouseTable(QStringLiteral("traces FORMAT CSV; DROP TABLE logs"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("invalid configuration.*clickhouseTable")));
    Telemetry telemetry(config);
    QVERIFY(telemetry.status().value(QStringLiteral("config_error")).toString().contains(QStringLiteral("clickhouseTable")));
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("e"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("not sending telemetry")));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(2).value<DeliveryError>(), DeliveryError::InvalidEndpoint);
    QCOMPARE(receiver.requestCount(), 0); // never falls back to sending somewhere else
}

void tst_Telemetry::clickHouseInsertsWithCredentialsInHeaders()
{
    // The wire contract only; tests/clickhouse runs the same against a real ClickHouse engine.
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setBackend(Backend::ClickHouse);
    QUrl endpoint = receiver.baseUrl();
    endpoint.setUserInfo(QStringLiteral("leaky:secret")); // never copied into a request URL
    config.setClickhouseEndpoint(endpoint);
    config.setClickhouseDatabase(QStringLiteral("tele_db"));
    config.setClickhouseMetricsTable(QStringLiteral("points"));
    config.setClickhouseUsername(QStringLiteral("writer"));
    config.setClickhousePassword(QStringLiteral("s3cret"));
    Telemetry telemetry(config);
    QVERIFY(telemetry.status().value(QStringLiteral("config_error")).toString().isEmpty());
    telemetry.trackMetric(QStringLiteral("load"), 0.5);
    QVERIFY(waitForFlush(telemetry));
    QTRY_COMPARE(receiver.requestCount(), 1);
    const OtlpReceiver::Request request = receiver.requests().constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(QUrlQuery(QString::fromUtf8(request.query)).queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded),
             QStringLiteral("INSERT INTO tele_db.points FORMAT JSONEachRow"));
    QVERIFY(!request.query.contains("secret") && !request.path.contains("secret"));
    QCOMPARE(request.header("X-ClickHouse-User"), QByteArray("writer"));
    QCOMPARE(request.header("X-ClickHouse-Key"), QByteArray("s3cret"));
    QVERIFY(!request.hasHeader("Authorization"));
    const QJsonObject row = QJsonDocument::fromJson(request.body.trimmed()).object();
    QCOMPARE(row.value(QStringLiteral("metric_name")).toString(), QStringLiteral("load"));
}

void tst_Telemetry::badInputStillProducesValidOtlp()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));

    QVariantMap many;
    for (int i = 0; i < 10000; ++i)
        many.insert(QStringLiteral("k%1").arg(i, 5, 10, QLatin1Char('0')), i);
    QVariant nested = QStringLiteral("leaf");
    for (int i = 0; i < 100; ++i)
        nested = QVariantMap{{QStringLiteral("n"), nested}};
    QString loneSurrogate = QStringLiteral("bad ");
    loneSurrogate.append(QChar(0xd800));
    loneSurrogate.append(QStringLiteral(" utf16"));
    const QString huge(1024 * 1024, QLatin1Char('x'));

    telemetry.trackEvent(QStringLiteral("nan"), {{QStringLiteral("nan"), std::nan("")},
                                                 {QStringLiteral("inf"), std::numeric_limits<double>::infinity()},
                                                 {QStringLiteral("control"), QStringLiteral("a\x01\x1f\n")},
                                                 {QStringLiteral("utf16"), loneSurrogate},
                                                 {QStringLiteral("utf8"), QByteArray("\xff\xfe bad")},
                                                 {QStringLiteral("huge"), huge},
                                                 {QStringLiteral("nested"), nested},
                                                 {QString(), QStringLiteral("empty key")},
                                                 {QStringLiteral("pointer"), QVariant::fromValue(static_cast<QObject *>(this))},
                                                 {QStringLiteral("custom"), QVariant::fromValue(Opaque{42})},
                                                 {QStringLiteral("hash"), QVariantHash{{QStringLiteral("h"), 1}}},
                                                 {QStringLiteral("invalid"), QVariant()},
                                                 // Same key as a Resource attribute: stays on the span, never replaces it.
                                                 {QStringLiteral("service.name"), QStringLiteral("spoofed")}});
    telemetry.trackEvent(QStringLiteral("many"), many);
    telemetry.trackMetric(QStringLiteral("nan.metric"), std::nan(""), MetricType::Histogram);
    telemetry.trackMetric(QStringLiteral("inf.metric"), -std::numeric_limits<double>::infinity());
    telemetry.trackLog(loneSurrogate + huge, LogSeverity::Error);
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(telemetry.failedCount(), 0);
    QCOMPARE(receiver.requestCount(), 3);
    QCOMPARE(validateStrictly(receiver.requests()), QString());

    for (const auto &request : receiver.requests()) {
        QVERIFY(request.body.size() < 200 * 1024); // a 1 MiB value never reaches the wire whole
        if (request.signal != QLatin1String("traces"))
            continue;
        const QJsonArray spans = request.jsonBody()[QLatin1String("resourceSpans")][0][QLatin1String("scopeSpans")][0]
                                     [QLatin1String("spans")].toArray();
        QCOMPARE(spans.size(), 2);
        const QJsonObject manySpan = spans.at(1).toObject();
        QCOMPARE(manySpan.value(QLatin1String("attributes")).toArray().size(), 128);
        QCOMPARE(manySpan.value(QLatin1String("droppedAttributesCount")).toInt(), 10000 - 128);
        const QJsonArray first = spans.at(0).toObject().value(QLatin1String("attributes")).toArray();
        QCOMPARE(attribute(first, QStringLiteral("nan")).value(QLatin1String("doubleValue")).toString(), QStringLiteral("NaN"));
        QCOMPARE(attribute(first, QStringLiteral("huge")).value(QLatin1String("stringValue")).toString().size(), 500);
        QVERIFY(attribute(first, QStringLiteral("utf16")).value(QLatin1String("stringValue")).toString().contains(QChar(0xfffd)));
        QVERIFY(!attribute(first, QStringLiteral("custom")).isEmpty());
        QCOMPARE(attribute(first, QStringLiteral("service.name")).value(QLatin1String("stringValue")).toString(),
                 QStringLiteral("spoofed"));
        const QJsonArray resource = request.jsonBody()[QLatin1String("resourceSpans")][0][QLatin1String("resource")]
                                        [QLatin1String("attributes")].toArray();
        QCOMPARE(attribute(resource, QStringLiteral("service.name")).value(QLatin1String("stringValue")).toString(),
                 QStringLiteral("tst-app"));
    }
}

void tst_Telemetry::emptyNamesAreIgnored()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    QTest::ignoreMessage(QtWarningMsg, "trackEvent: an event needs a name; ignored");
    telemetry.trackEvent(QString());
    QTest::ignoreMessage(QtWarningMsg, "trackMetric: a metric needs a name; ignored");
    telemetry.trackMetric(QString(), 1);
    QCOMPARE(telemetry.queueSize(), 0);
    telemetry.trackLog(QString()); // an empty log message is allowed, as in the other SDKs
    QCOMPARE(telemetry.queueSize(), 1);
}

void tst_Telemetry::queueBoundDropsAndReports()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setHang(true);
    TelemetryConfig config = configFor(receiver);
    config.setMaxQueueSize(10);
    config.setTimeout(30000);
    Telemetry telemetry(config);
    QSignalSpy dropped(&telemetry, &Telemetry::dropped);
    for (int i = 0; i < 25; ++i)
        telemetry.trackEvent(QStringLiteral("e"));
    QCOMPARE(telemetry.queueSize(), 10);
    QCOMPARE(telemetry.droppedCount(), 15);
    telemetry.flush();
    QVERIFY(dropped.wait());
    QCOMPARE(dropped.constFirst().at(1).toInt(), 15);
    QCOMPARE(dropped.constFirst().at(2).value<DeliveryError>(), DeliveryError::QueueFull);
    QCOMPARE(telemetry.status().value(QStringLiteral("dropped")).toMap().value(QStringLiteral("traces")).toLongLong(), 15);
}

void tst_Telemetry::queueByteBoundDropsNewest()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setMaxQueueBytes(64 * 1024); // the smallest bound
    Telemetry telemetry(config);
    const QVariantMap big{{QStringLiteral("blob"), QString(8 * 1024, QLatin1Char('x'))}}; // ~16 KiB each
    int accepted = 0;
    for (int i = 0; i < 10; ++i) {
        const qint64 before = telemetry.droppedCount();
        telemetry.trackEvent(QStringLiteral("big"), big);
        accepted += telemetry.droppedCount() == before ? 1 : 0;
    }
    QVERIFY2(accepted >= 2 && accepted <= 4, qPrintable(QString::number(accepted)));
    QCOMPARE(telemetry.droppedCount(), 10 - accepted);
    QVERIFY(telemetry.status().value(QStringLiteral("queued_bytes")).toLongLong() <= 64 * 1024);
    telemetry.trackEvent(QStringLiteral("small")); // drop-newest: a small record still fits
    QVERIFY(waitForFlush(telemetry));
    QTRY_COMPARE(telemetry.sentCount(), accepted + 1);
    QCOMPARE(telemetry.status().value(QStringLiteral("queued_bytes")).toLongLong(), 0);
}

void tst_Telemetry::leftoversAreSentByTheNextRun()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(503);
    TelemetryConfig config = configFor(receiver);
    config.setMaxRetries(0);
    {
        Telemetry first(config);
        QSignalSpy postponed(&first, &Telemetry::deliveryPostponed);
        for (int i = 0; i < 5; ++i)
            first.trackEvent(QStringLiteral("offline"), {{QStringLiteral("n"), i}});
        first.trackLog(QStringLiteral("offline log"));
        first.flush();
        QTRY_VERIFY(postponed.count() >= 1);
        QVERIFY(!first.shutdown(1000)); // 503 is retried until the deadline: room for a loaded machine
        QCOMPARE(first.queueSize(), 6);
        QCOMPARE(first.failedCount() + first.droppedCount(), 0);
    }
    const int refused = receiver.requestCount();
    QVERIFY(refused >= 1);
    receiver.setStatus(0);
    Telemetry second(config);
    QSignalSpy sent(&second, &Telemetry::batchSent);
    QCOMPARE(second.queueSize(), 0); // counted once the worker has read the spool
    QTRY_COMPARE(second.sentCount(), 6);
    QCOMPARE(second.queueSize(), 0);
    // At least once: the batch the first run sent at exit may have arrived even though its answer did not.
    QSet<QString> spans;
    int logs = 0;
    for (const auto &request : receiver.requests().mid(refused)) {
        if (request.status != 200)
            continue;
        if (request.signal == QLatin1String("logs"))
            logs += request.items;
        const QJsonArray list = request.jsonBody()[QStringLiteral("resourceSpans")][0][QStringLiteral("scopeSpans")][0]
                                    [QStringLiteral("spans")].toArray();
        for (const QJsonValue &span : list)
            spans.insert(QString::fromUtf8(QJsonDocument(span[QStringLiteral("attributes")].toArray()).toJson()));
    }
    QCOMPARE(spans.size(), 5);
    QVERIFY(logs >= 1);
    QCOMPARE(second.status().value(QStringLiteral("spool_batches")).toLongLong(), 0);
}

void tst_Telemetry::leftoversKeepTheirEncodingAcrossAProtocolSwitch_data()
{
    QTest::addColumn<OtlpProtocol>("before");
    QTest::addColumn<OtlpProtocol>("after");
    QTest::newRow("json, then protobuf") << OtlpProtocol::HttpJson << OtlpProtocol::HttpProtobuf;
    QTest::newRow("protobuf, then json") << OtlpProtocol::HttpProtobuf << OtlpProtocol::HttpJson;
}

/*
    An application that switches OTLP encodings between runs loses nothing: what the earlier run spooled
    is sent as it was encoded, with its own content type, beside the new run's records in the new one.
*/
void tst_Telemetry::leftoversKeepTheirEncodingAcrossAProtocolSwitch()
{
    QFETCH(OtlpProtocol, before);
    QFETCH(OtlpProtocol, after);
    const auto contentType = [](OtlpProtocol protocol) {
        return protocol == OtlpProtocol::HttpProtobuf ? QByteArray("application/x-protobuf")
                                                      : QByteArray("application/json");
    };
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(503);
    TelemetryConfig config = configFor(receiver);
    config.setMaxRetries(0);
    config.setOtlpProtocol(before);
    {
        Telemetry first(config);
        QSignalSpy postponed(&first, &Telemetry::deliveryPostponed);
        for (int i = 0; i < 3; ++i)
            first.trackEvent(QStringLiteral("before the switch"), {{QStringLiteral("n"), i}});
        first.flush();
        QTRY_VERIFY(postponed.count() >= 1);
        QVERIFY(!first.shutdown(1000)); // 503 is retried until the deadline: room for a loaded machine
    }
    const int refused = receiver.requestCount();
    receiver.setStatus(0);
    config.setOtlpProtocol(after);
    Telemetry second(config);
    second.trackEvent(QStringLiteral("after the switch"));
    QVERIFY(flushAndWait(second).delivered);
    QCOMPARE(second.sentCount(), 4);
    QCOMPARE(second.status().value(QStringLiteral("spool_batches")).toLongLong(), 0);
    QMap<QString, QByteArray> typeByName; // event name -> content type of the request that carried it
    for (const auto &request : receiver.requests().mid(refused)) {
        if (request.status != 200)
            continue;
        const QJsonArray spans = request.jsonBody()[QStringLiteral("resourceSpans")][0][QStringLiteral("scopeSpans")][0]
                                     [QStringLiteral("spans")].toArray();
        for (const QJsonValue &span : spans)
            typeByName.insert(span[QStringLiteral("name")].toString(), request.header("Content-Type"));
    }
    QCOMPARE(typeByName.value(QStringLiteral("before the switch")), contentType(before));
    QCOMPARE(typeByName.value(QStringLiteral("after the switch")), contentType(after));
}

void tst_Telemetry::leftoversAreDeletedWithoutConsent()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(503);
    TelemetryConfig config = configFor(receiver);
    config.setMaxRetries(0);
    {
        Telemetry first(config);
        first.trackEvent(QStringLiteral("kept until consent is withdrawn"));
        QVERIFY(!first.shutdown(1000));
    }
    const QString spoolDir = qEnvironmentVariable("AUTOMAGIK_TELEMETRY_SPOOL_DIR");
    auto batchFiles = [&spoolDir] {
        int n = 0;
        QDirIterator it(spoolDir, {QStringLiteral("*.batch")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            ++n;
        }
        return n;
    };
    QCOMPARE(batchFiles(), 1);
    receiver.setStatus(0);
    receiver.clear();
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "false");
    Telemetry second(config);
    QVERIFY(!second.isEnabled());
    QCOMPARE(batchFiles(), 0); // deleted at construction, on the caller's thread: nothing can leave
    QVERIFY(waitForFlush(second));
    QCOMPARE(receiver.requestCount(), 0);
}

void tst_Telemetry::fullSpoolDropsOldestAndReports()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(503);
    TelemetryConfig config = configFor(receiver);
    config.setMaxRetries(0);
    config.setMaxRetryDelay(60000); // the collector stays "down" for the whole test
    config.setBatchSize(1);
    config.setCompressionEnabled(false);
    config.setMaxSpoolBytes(3000); // room for about two batches of one event
    Telemetry telemetry(config);
    QSignalSpy dropped(&telemetry, &Telemetry::dropped);
    for (int i = 0; i < 6; ++i) {
        telemetry.trackEvent(QStringLiteral("e%1").arg(i), {{QStringLiteral("pad"), QString(300, QLatin1Char('p'))}});
        QVERIFY(waitForFlush(telemetry));
    }
    QTRY_VERIFY(dropped.count() >= 1);
    qint64 droppedItems = 0;
    for (const auto &args : dropped) {
        QCOMPARE(args.at(2).value<DeliveryError>(), DeliveryError::SpoolFull);
        droppedItems += args.at(1).toInt();
    }
    QCOMPARE(telemetry.droppedCount(), droppedItems);
    // Every record is accounted for: waiting in the spool, or dropped and counted.
    QCOMPARE(telemetry.queueSize() + droppedItems, 6);
    QVERIFY(telemetry.status().value(QStringLiteral("spool_bytes")).toLongLong() <= 3000 + 1500);
    // The newest survive: deliver them and check which arrived.
    receiver.setStatus(0);
    receiver.clear();
    QVERIFY(waitForFlush(telemetry));
    QTRY_COMPARE(telemetry.queueSize(), 0);
    QString bodies;
    for (const auto &request : receiver.requests())
        bodies += QString::fromUtf8(request.body);
    QVERIFY(bodies.contains(QStringLiteral("\"e5\"")));
    QVERIFY(!bodies.contains(QStringLiteral("\"e1\"")));
}

void tst_Telemetry::unusableSpoolIsReportedOnceAndDataStillFlows()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    QFile blocker(m_settings->filePath(QStringLiteral("not-a-directory")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    qunsetenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR"); // the environment would win over the code
    TelemetryConfig config = configFor(receiver);
    config.setSpoolDirectory(blocker.fileName() + QStringLiteral("/spool"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("spool unavailable, keeping batches in memory")));
    Telemetry telemetry(config);
    QSignalSpy unavailable(&telemetry, &Telemetry::spoolUnavailable);
    telemetry.trackEvent(QStringLiteral("a"));
    QVERIFY(waitForFlush(telemetry));
    telemetry.trackEvent(QStringLiteral("b"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(telemetry.sentCount(), 2);
    QCOMPARE(unavailable.count(), 1);
    const QVariantMap status = telemetry.status();
    QCOMPARE(status.value(QStringLiteral("spool_persistent")).toBool(), false);
    QVERIFY(status.value(QStringLiteral("spool_error")).toString().contains(QStringLiteral("not-a-directory")));
}

void tst_Telemetry::tooLargeBatchIsSplitAndResent()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setBatchSize(16);
    config.setCompressionEnabled(false);
    Telemetry telemetry(config);
    // The receiver refuses bodies over ~5 events' worth with 413.
    telemetry.trackEvent(QStringLiteral("probe"));
    QVERIFY(waitForFlush(telemetry));
    const qint64 oneEvent = receiver.requests().constFirst().rawBody.size();
    receiver.setMaxBodyBytes(oneEvent * 3);
    receiver.clear();
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    for (int i = 0; i < 16; ++i)
        telemetry.trackEvent(QStringLiteral("split"), {{QStringLiteral("n"), i}});
    QTRY_COMPARE(telemetry.sentCount(), 17);
    QCOMPARE(failed.count(), 0);
    QSet<qint64> seen;
    int accepted = 0;
    for (const auto &request : receiver.requests()) {
        if (request.status != 200)
            continue;
        accepted += request.items;
        const QJsonArray spans = request.jsonBody()[QStringLiteral("resourceSpans")][0][QStringLiteral("scopeSpans")][0]
                                     [QStringLiteral("spans")].toArray();
        for (const QJsonValue &span : spans) {
            for (const QJsonValue &a : span[QStringLiteral("attributes")].toArray()) {
                if (a[QStringLiteral("key")].toString() == QLatin1String("n"))
                    seen.insert(a[QStringLiteral("value")][QStringLiteral("intValue")].toString().toLongLong());
            }
        }
    }
    QCOMPARE(accepted, 16);
    QCOMPARE(seen.size(), 16);
    // A single event larger than the limit cannot be split: dropped with the reason, not retried forever.
    receiver.clear();
    QVariantMap huge; // attribute strings are capped at 500 characters, so size comes from their number
    for (int i = 0; i < 20; ++i)
        huge.insert(QStringLiteral("text%1").arg(i), QStringLiteral("lorem ipsum ").repeated(40));
    telemetry.trackEvent(QStringLiteral("huge"), huge);
    QVERIFY(waitForFlush(telemetry));
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(2).value<DeliveryError>(), DeliveryError::HttpClientError);
    QVERIFY(failed.constFirst().at(3).toString().contains(QStringLiteral("413")));
    QCOMPARE(receiver.requestCount(), 1);
}

void tst_Telemetry::stringOverloadsAndErrors()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    telemetry.trackMetric(QStringLiteral("c"), 2, QStringLiteral("COUNTER"));
    telemetry.trackMetric(QStringLiteral("g"), 2, QStringLiteral("nonsense")); // unknown -> gauge
    telemetry.trackLog(QStringLiteral("w"), QStringLiteral("warning"));
    telemetry.trackError(std::runtime_error("exploded"), {{QStringLiteral("where"), QStringLiteral("save")}});
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(validateStrictly(receiver.requests()), QString());
    for (const auto &request : receiver.requests()) {
        const QJsonObject root = request.jsonBody();
        if (request.signal == QLatin1String("metrics")) {
            const QJsonArray metrics = root[QLatin1String("resourceMetrics")][0][QLatin1String("scopeMetrics")][0][QLatin1String("metrics")].toArray();
            QCOMPARE(metrics.size(), 2);
            QVERIFY(metrics.at(0).toObject().contains(QLatin1String("sum")));
            QVERIFY(metrics.at(1).toObject().contains(QLatin1String("gauge")));
        } else if (request.signal == QLatin1String("logs")) {
            const QJsonObject log = root[QLatin1String("resourceLogs")][0][QLatin1String("scopeLogs")][0][QLatin1String("logRecords")][0].toObject();
            QCOMPARE(log.value(QLatin1String("severityNumber")).toInt(), 13);
            QCOMPARE(log.value(QLatin1String("severityText")).toString(), QStringLiteral("WARN"));
        } else {
            const QJsonObject span = root[QLatin1String("resourceSpans")][0][QLatin1String("scopeSpans")][0][QLatin1String("spans")][0].toObject();
            QCOMPARE(span.value(QLatin1String("name")).toString(), QStringLiteral("automagik.error"));
            const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
            QCOMPARE(attribute(attributes, QStringLiteral("error_type")).value(QLatin1String("stringValue")).toString(),
                     QStringLiteral("std::runtime_error"));
            QCOMPARE(attribute(attributes, QStringLiteral("error_message")).value(QLatin1String("stringValue")).toString(),
                     QStringLiteral("exploded"));
            QCOMPARE(span.value(QLatin1String("status")).toObject().value(QLatin1String("code")).toInt(), 2);
        }
    }
}

void tst_Telemetry::customHeadersAreSent()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setHeaders({{"X-Tenant", "acme"}, {"Authorization", "Bearer abc"}});
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requests().constFirst().header("X-Tenant"), QByteArray("acme"));
    QCOMPARE(receiver.requests().constFirst().header("Authorization"), QByteArray("Bearer abc"));
}

static QStringList s_logLines;
static void captureMessages(QtMsgType, const QMessageLogContext &context, const QString &message)
{
    if (qstrcmp(context.category, "automagik.telemetry") == 0)
        s_logLines.append(message);
}

void tst_Telemetry::verboseModeNeverLogsCredentials()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    qputenv("AUTOMAGIK_TELEMETRY_VERBOSE", "true");
    TelemetryConfig config = configFor(receiver);
    QUrl endpoint = receiver.baseUrl();
    endpoint.setUserName(QStringLiteral("alice"));
    endpoint.setPassword(QStringLiteral("hunter2"));
    endpoint.setQuery(QStringLiteral("token=s3cr3t"));
    config.setEndpoint(endpoint);
    config.setHeaders({{"Authorization", "Bearer topsecret"}});
    s_logLines.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessages);
    {
        Telemetry telemetry(config);
        QVERIFY(telemetry.config().isVerbose());
        telemetry.trackEvent(QStringLiteral("e"));
        QVERIFY(waitForFlush(telemetry));
    }
    qInstallMessageHandler(previous);
    qunsetenv("AUTOMAGIK_TELEMETRY_VERBOSE");
    const QString all = s_logLines.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("sending traces batch")), qPrintable(all));
    QVERIFY(all.contains(QStringLiteral("delivered")));
    for (const char *secret : {"hunter2", "alice", "s3cr3t", "topsecret"})
        QVERIFY2(!all.contains(QLatin1String(secret)), secret);
}

void tst_Telemetry::statusHasSeedKeysAndCounters()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setBatchSize(42);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("e"));
    telemetry.trackMetric(QStringLiteral("m"), 1);
    const QVariantMap before = telemetry.status();
    QCOMPARE(before.value(QStringLiteral("queue_sizes")).toMap().value(QStringLiteral("traces")).toLongLong(), 1);
    QCOMPARE(before.value(QStringLiteral("queue_sizes")).toMap().value(QStringLiteral("metrics")).toLongLong(), 1);
    QVERIFY(waitForFlush(telemetry));
    const QVariantMap status = telemetry.status();
    for (const char *key : {"enabled", "user_id", "session_id", "project_name", "project_version", "endpoint",
                            "metrics_endpoint", "logs_endpoint", "opt_out_file_exists", "env_var", "verbose",
                            "batch_size", "compression_enabled", "queue_sizes", "decided_by", "sent", "failed",
                            "dropped", "retries", "backend"})
        QVERIFY2(status.contains(QLatin1String(key)), key);
    QCOMPARE(status.value(QStringLiteral("batch_size")).toInt(), 42);
    QCOMPARE(status.value(QStringLiteral("env_var")).toString(), QStringLiteral("true"));
    QCOMPARE(status.value(QStringLiteral("endpoint")).toString(), receiver.baseUrl().toString() + QStringLiteral("/v1/traces"));
    QCOMPARE(status.value(QStringLiteral("metrics_endpoint")).toString(), receiver.baseUrl().toString() + QStringLiteral("/v1/metrics"));
    QCOMPARE(status.value(QStringLiteral("sent")).toMap().value(QStringLiteral("traces")).toLongLong(), 1);
    QCOMPARE(status.value(QStringLiteral("sent")).toMap().value(QStringLiteral("metrics")).toLongLong(), 1);
    QCOMPARE(status.value(QStringLiteral("queue_sizes")).toMap().value(QStringLiteral("traces")).toLongLong(), 0);
}

static QStringList threadNames()
{
    QStringList names;
#if defined(Q_OS_LINUX)
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(task + QStringLiteral("/comm")));
        if (comm.open(QIODevice::ReadOnly))
            names.append(QString::fromUtf8(comm.readAll().trimmed()));
    }
#endif
    return names;
}

void tst_Telemetry::noNetworkBeforeConsent_data()
{
    QTest::addColumn<bool>("denied");
    QTest::newRow("undecided") << false;
    QTest::newRow("denied") << true;
}

void tst_Telemetry::noNetworkBeforeConsent()
{
    QFETCH(bool, denied);
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    QSignalSpy connections(&receiver, &OtlpReceiver::connectionAccepted);
    TelemetryConfig config = configFor(receiver);
    config.setFlushInterval(20);
    config.setBatchSize(1);
    Telemetry telemetry(config);
    if (denied)
        telemetry.setConsent(false);
    QCOMPARE(telemetry.needsConsent(), !denied);
    QVERIFY(!telemetry.isEnabled());
    for (int i = 0; i < 50; ++i) {
        telemetry.trackEvent(QStringLiteral("e"));
        telemetry.trackMetric(QStringLiteral("m"), i);
        telemetry.trackLog(QStringLiteral("l"));
        telemetry.trackError(QStringLiteral("E"), QStringLiteral("m"));
    }
    QCOMPARE(telemetry.queueSize(), 0); // dropped at the call, not held for later
    QVERIFY(waitForFlush(telemetry));
    // Absence can only be shown by waiting: fifteen flush intervals pass with no connection attempt.
    QVERIFY(!connections.wait(300));
    QCOMPARE(receiver.requestCount(), 0);
    QVERIFY2(!threadNames().contains(QStringLiteral("automagik-telem")), "a worker thread exists before consent");
    QVERIFY(telemetry.userId().isEmpty());
}

void tst_Telemetry::recordsFromBeforeTheGrantAreNeverSent()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    QSignalSpy consentChanged(&telemetry, &Telemetry::consentChanged);
    telemetry.trackEvent(QStringLiteral("before.consent"));
    telemetry.enable();
    QCOMPARE(consentChanged.count(), 1);
    QCOMPARE(telemetry.consentState(), ConsentState::Granted);
    telemetry.trackEvent(QStringLiteral("after.consent"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 1);
    const QJsonArray spans = receiver.requests().constFirst().jsonBody()[QLatin1String("resourceSpans")][0]
                                 [QLatin1String("scopeSpans")][0][QLatin1String("spans")].toArray();
    QCOMPARE(spans.size(), 1);
    QCOMPARE(spans.at(0)[QLatin1String("name")].toString(), QStringLiteral("after.consent"));
}

void tst_Telemetry::categoriesAreGatedAtTheCall()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    telemetry.consent()->setGrantedCategories(ConsentCategory::UsageEvents);
    QVERIFY(telemetry.isEnabled());
    telemetry.trackEvent(QStringLiteral("allowed"));
    telemetry.trackMetric(QStringLiteral("not.allowed"), 1);
    telemetry.trackLog(QStringLiteral("not allowed"));
    telemetry.trackError(QStringLiteral("NotAllowed"), QStringLiteral("diagnostics were not granted"));
    QCOMPARE(telemetry.queueSize(), 1);
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(receiver.requests().constFirst().signal, QStringLiteral("traces"));
    QCOMPARE(receiver.requests().constFirst().items, 1);
}

void tst_Telemetry::withdrawalRotatesTheIdOnTheWire()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    auto sentUserId = [&receiver](int request) {
        const QJsonArray resource = receiver.requests().at(request).jsonBody()[QLatin1String("resourceSpans")][0]
                                        [QLatin1String("resource")][QLatin1String("attributes")].toArray();
        return attribute(resource, QStringLiteral("user.id")).value(QLatin1String("stringValue")).toString();
    };
    telemetry.enable();
    const QString first = telemetry.userId();
    telemetry.trackEvent(QStringLiteral("one"));
    QSignalSpy flushed(&telemetry, &Telemetry::flushFinished);
    telemetry.disable(); // delivers "one" under the first id
    QVERIFY(flushed.wait());
    QVERIFY(telemetry.userId().isEmpty());
    telemetry.enable();
    const QString second = telemetry.userId();
    QVERIFY(!second.isEmpty() && second != first);
    telemetry.trackEvent(QStringLiteral("two"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 2);
    QCOMPARE(sentUserId(0), first);
    QCOMPARE(sentUserId(1), second);
}

void tst_Telemetry::personalDataArrivesScrubbed()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    const QString email = QStringLiteral("alice.smith@example.com");
    const QString card = QStringLiteral("4111 1111 1111 1111");
    const QVariantMap credentials{{QStringLiteral("apiKey"), QStringLiteral("abc")}};
    const QVariantList nested{credentials, QString(QStringLiteral("card ") + card)};
    telemetry.trackEvent(QStringLiteral("profile.saved"),
                         {{QStringLiteral("note"), QString(QStringLiteral("mail ") + email)},
                          {QStringLiteral("password"), QStringLiteral("hunter2")},
                          {QStringLiteral("nested"), nested},
                          {QStringLiteral("file"), QStringLiteral("/home/alice/Documents/report.pdf")},
                          {QStringLiteral("version"), QStringLiteral("2.14.1")},
                          {QStringLiteral("feature_name"), QStringLiteral("export-pdf")},
                          {QStringLiteral("count"), 1234567890}});
    telemetry.trackLog(QString(QStringLiteral("login failed for ") + email + QStringLiteral(" from 203.0.113.7")),
                       LogSeverity::Warn);
    telemetry.trackError(QStringLiteral("AuthError"), QStringLiteral("token sk_live_abcdefghijklmnopqrstuvwx rejected"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requestCount(), 2);
    QByteArray everything;
    for (const auto &request : receiver.requests())
        everything += request.body;
    // Digits of the card are looked for with their spaces: random ids and timestamps hold "4111" now and then.
    for (const char *secret : {"alice.smith@example.com", "hunter2", "4111 1111", "1111 1111", "\"abc\"", "/home/alice",
                               "203.0.113.7", "sk_live_abcdefghijklmnopqrstuvwx"})
        QVERIFY2(!everything.contains(secret), secret);
    // Ordinary telemetry is untouched.
    QVERIFY(everything.contains("\"2.14.1\""));
    QVERIFY(everything.contains("\"export-pdf\""));
    QVERIFY(everything.contains("\"1234567890\""));
    QVERIFY(everything.contains("Documents/report.pdf"));
    QCOMPARE(validateStrictly(receiver.requests()), QString());
}

void tst_Telemetry::auditLogRecordsWhatWasSent()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setAuditLogFile(m_settings->filePath(QStringLiteral("audit.jsonl")));
    Telemetry telemetry(config);
    QVERIFY(telemetry.auditLog().entries().isEmpty());
    for (int i = 0; i < 30; ++i) // big enough to be gzipped on the wire; the log keeps the JSON
        telemetry.trackEvent(QStringLiteral("audited"), {{QStringLiteral("i"), i}});
    telemetry.trackLog(QStringLiteral("also audited"));
    QVERIFY(waitForFlush(telemetry));
    const QList<AuditEntry> entries = telemetry.auditLog().entries();
    QCOMPARE(entries.size(), 2);
    for (const AuditEntry &entry : entries) {
        QVERIFY(qAbs(entry.time.secsTo(QDateTime::currentDateTimeUtc())) < 60);
        QVERIFY(entry.destination.startsWith(receiver.baseUrl().toString()));
        QVERIFY(QJsonDocument::fromJson(entry.body.toUtf8()).isObject());
    }
    const auto traces = std::find_if(entries.cbegin(), entries.cend(),
                                     [](const AuditEntry &e) { return e.signal == TelemetrySignal::Traces; });
    QVERIFY(traces != entries.cend());
    QCOMPARE(traces->items, 30);
    QVERIFY(traces->body.contains(QStringLiteral("audited")));

    TelemetryConfig off = configFor(receiver);
    off.setAuditLogFile(m_settings->filePath(QStringLiteral("off.jsonl")));
    off.setAuditLogEnabled(false);
    Telemetry quiet(off);
    quiet.trackEvent(QStringLiteral("x"));
    QVERIFY(waitForFlush(quiet));
    QVERIFY(!QFile::exists(off.auditLogFile()));
}

void tst_Telemetry::samplePayloadIsARealScrubbedRequest()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    const QString sample = telemetry.samplePayload(); // available before consent: it is what the dialog shows
    QVERIFY(!sample.isEmpty());
    OtlpReceiver::Request asIfSent;
    asIfSent.path = "/v1/traces";
    asIfSent.status = 200;
    asIfSent.body = sample.toUtf8();
    QCOMPARE(validateStrictly({asIfSent}), QString());
    QVERIFY(sample.contains(QStringLiteral("automagik.feature.used")));
    QVERIFY(sample.contains(QStringLiteral("\"service.name\"")));
    QVERIFY(sample.contains(QStringLiteral("tst-app")));
    QCOMPARE(receiver.requestCount(), 0); // showing it sends nothing
    QVERIFY(telemetry.userId().isEmpty()); // nor creates an id
}

void tst_Telemetry::namesAreScrubbed()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    telemetry.trackEvent(QStringLiteral("opened jane.doe@example.com"));
    telemetry.trackEvent(QStringLiteral("export.pdf")); // ordinary names stay as they are
    telemetry.trackMetric(QStringLiteral("latency to 198.51.100.23"), 12.5);
    telemetry.trackMetric(QStringLiteral("http.request.duration"), 3);
    telemetry.trackError(QStringLiteral("Failed /home/jdoe/.config/app.ini"), QStringLiteral("boom"));
    telemetry.trackLog(QStringLiteral("user o'brien@example.org logged in"));
    QVERIFY(waitForFlush(telemetry));
    QByteArray everything;
    for (const auto &request : receiver.requests())
        everything += request.body;
    for (const char *leak : {"jane.doe", "198.51.100.23", "jdoe", "o'brien", "brien@"})
        QVERIFY2(!everything.contains(leak), leak);
    QVERIFY(everything.contains("\"opened [EMAIL]\""));
    QVERIFY(everything.contains("\"latency to [IP]\""));
    QVERIFY(everything.contains("/home/[USER]/.config/app.ini"));
    QVERIFY(everything.contains("\"export.pdf\""));
    QVERIFY(everything.contains("\"http.request.duration\""));
    QCOMPARE(validateStrictly(receiver.requests()), QString());
}

void tst_Telemetry::everySignalScrubsTheNewCategories()
{
    // Each value as an attribute, nested in maps and lists, as a metric attribute, as a log message
    // and as an error message.
    const QStringList values{
        QStringLiteral("refund NL10 DQZQ 4133 0175 68"),
        QStringLiteral("ssn 274-81-5530"),
        QStringLiteral("port 0a1b.2c3d.4e5f"),
        QStringLiteral("https://hooks.slack.com/services/T4K/B9Q/Zz81Yy72Xx63"),
        QStringLiteral("mail d'souza.rita@example.in"),
        QStringLiteral("{\"pass\": \"Wint3r!\", \"private_key\": [\"kA1\", \"kB2\"]}"),
        QStringLiteral("Kennwort=Blume2026"),
        QStringLiteral("password=Fl0w&3rs"),
    };
    const QByteArrayList leaks{"DQZQ", "274-81", "2c3d", "Zz81Yy72", "souza", "Wint3r", "kB2", "Blume2026", "3rs"};
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    for (const QString &value : values) {
        const QVariantMap attributes{{QStringLiteral("note"), value},
                                     {QStringLiteral("nested"),
                                      QVariantMap{{QStringLiteral("list"), QVariantList{1, QVariantList{value}}}}}};
        telemetry.trackEvent(QStringLiteral("checked"), attributes);
        telemetry.trackMetric(QStringLiteral("checked.count"), 1, MetricType::Counter, attributes);
        telemetry.trackLog(value);
        telemetry.trackError(QStringLiteral("CheckError"), value, attributes);
    }
    QVERIFY(waitForFlush(telemetry));
    QByteArray everything;
    for (const auto &request : receiver.requests())
        everything += request.body;
    QVERIFY(everything.contains("[IBAN]"));
    QVERIFY(everything.contains("[SSN]"));
    QVERIFY(everything.contains("[MAC]"));
    QVERIFY(everything.contains("services/[SECRET]"));
    for (const QByteArray &leak : leaks)
        QVERIFY2(!everything.contains(leak), leak.constData());
    QCOMPARE(validateStrictly(receiver.requests()), QString());
}

void tst_Telemetry::overLongMessagesAreCutBeforeScanning()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    // 4 MiB of text that used to make a detector quadratic, with an address at the start and one at the end.
    QString message = QStringLiteral("from kim.lee@example.com ");
    while (message.size() < (4 << 20))
        message += QStringLiteral("-----BEGIN CERTIFICATE ");
    message += QStringLiteral("to max.roe@example.com");
    telemetry.trackLog(message);
    telemetry.trackError(QStringLiteral("Big"), message);
    telemetry.trackEvent(QStringLiteral("big"), {{QStringLiteral("text"), message}});
    QVERIFY(waitForFlush(telemetry, 60000));
    QByteArray everything;
    for (const auto &request : receiver.requests())
        everything += request.body;
    QVERIFY(everything.contains("from [EMAIL] -----BEGIN"));
    QVERIFY(!everything.contains("kim.lee"));
    QVERIFY(!everything.contains("max.roe")); // past the cut: never scanned, never sent
    QVERIFY(everything.size() < 64 * 1024);
    QCOMPARE(validateStrictly(receiver.requests()), QString());
}

void tst_Telemetry::requestHeadersRevealNothingAboutTheMachine()
{
    // Qt names the system locale in Accept-Language unless the request has one. The locale is read
    // from the environment when the process starts, so the check runs in a child with a German one.
    if (qEnvironmentVariableIsEmpty("AUTOMAGIK_TST_HEADERS_CHILD")) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("AUTOMAGIK_TST_HEADERS_CHILD"), QStringLiteral("1"));
        env.remove(QStringLiteral("LC_ALL"));
        env.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
        env.insert(QStringLiteral("LC_MESSAGES"), QStringLiteral("de_DE.UTF-8"));
        env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("de_DE:de"));
        env.insert(QStringLiteral("LC_CTYPE"), QStringLiteral("C.UTF-8"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("requestHeadersRevealNothingAboutTheMachine")});
        QVERIFY(child.waitForFinished(60000));
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, child.readAll().constData());
        return;
    }
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(QLocale::system().name().startsWith(QLatin1String("de")), qPrintable(QLocale::system().name()));

    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setCompressionThreshold(1 << 20); // one plain request
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("e"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(receiver.requests().size(), 1);
    const OtlpReceiver::Request request = receiver.requests().constFirst();
    QStringList names;
    for (const auto &[name, value] : request.headers) {
        names.append(QString::fromLatin1(name).toLower());
        for (const char *locale : {"de-DE", "de_DE", "de,", "de;", "German"})
            QVERIFY2(!value.contains(locale), QByteArray(name + ": " + value).constData());
    }
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("accept-encoding"), QStringLiteral("accept-language"),
                                 QStringLiteral("connection"), QStringLiteral("content-length"),
                                 QStringLiteral("content-type"), QStringLiteral("host"), QStringLiteral("user-agent")}));
    QCOMPARE(request.header("Accept-Language"), QByteArray("en"));
    QCOMPARE(request.header("User-Agent"), QByteArray("automagik-telemetry-qt/" AUTOMAGIK_TELEMETRY_VERSION_STRING " Qt/") + qVersion());
    QCOMPARE(request.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(request.header("Host"), QByteArray("127.0.0.1:") + QByteArray::number(receiver.port()));
    QCOMPARE(request.header("Connection").toLower(), QByteArray("keep-alive"));
    QCOMPARE(request.header("Accept-Encoding"), QByteArray("identity")); // not the decoders Qt was built with
}

void tst_Telemetry::collectorCookiesAreNeverSentBack()
{
    // A bare collector that answers every request with a cookie and records the request heads.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    QList<QByteArray> heads;
    connect(&server, &QTcpServer::newConnection, &server, [&server, &heads] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            auto input = std::make_shared<HttpRequestFramer>();
            connect(socket, &QTcpSocket::readyRead, socket, [socket, input, &heads] {
                input->append(socket->readAll());
                while (const auto request = input->next()) {
                    heads.append(request->head);
                    socket->write("HTTP/1.1 200 OK\r\nSet-Cookie: sid=k2j3h4g5; Path=/\r\nContent-Type: application/json\r\n"
                                  "Content-Length: 2\r\n\r\n{}");
                }
            });
        }
    });
    TelemetryConfig config(QStringLiteral("tst-app"), QStringLiteral("2.3.4"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())));
    config.setFlushInterval(60000);
    config.setTimeout(5000);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("first"));
    QVERIFY(waitForFlush(telemetry));
    telemetry.trackEvent(QStringLiteral("second"));
    QVERIFY(waitForFlush(telemetry));
    QCOMPARE(heads.size(), 2);
    for (const QByteArray &head : std::as_const(heads))
        QVERIFY2(!head.toLower().contains("\ncookie:"), head.constData());
}

QTEST_GUILESS_MAIN(tst_Telemetry)
#include "tst_telemetry.moc"
