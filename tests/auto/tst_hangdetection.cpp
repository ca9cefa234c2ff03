// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Hang detection with real timers driven short: the test's own main thread hangs (a busy loop, which
// is what a hang is) and the Hang errors arrive at a loopback OtlpReceiver.

#include "client/hangdetector.h"
#include "flushwait.h"
#include "testsupport.h"

#include <automagik/telemetry.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using Automagik::HangDetector;
using Automagik::Telemetry;
using Automagik::TelemetryConfig;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

class tst_HangDetection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void configuration();
    void offByDefault();
    void hangIsReportedOncePerHang();
    void healthyThreadReportsNothing();
    void nothingWithoutConsent();
    void shutdownReportsAHangThatJustEnded();

private:
    TelemetryConfig configFor(const OtlpReceiver &receiver, int thresholdMsecs) const;
    static HangDetector *detectorOf(const Telemetry &telemetry);
    //! Waits for a heartbeat, then keeps this (the watched) thread busy until the watchdog sees the hang.
    static qint64 hang(HangDetector *detector);
    static QList<QJsonObject> hangSpans(const OtlpReceiver &receiver);

    Sandbox m_sandbox;
    std::unique_ptr<QTemporaryDir> m_work;
};

void tst_HangDetection::initTestCase()
{
    QVERIFY(m_sandbox.isValid());
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_HangDetection::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
}

TelemetryConfig tst_HangDetection::configFor(const OtlpReceiver &receiver, int thresholdMsecs) const
{
    TelemetryConfig config(QStringLiteral("hang-app"), QStringLiteral("1.0.0"));
    config.setEndpoint(receiver.baseUrl());
    config.setSettingsFile(m_work->filePath(QStringLiteral("consent.ini")));
    config.setSpoolDirectory(m_work->filePath(QStringLiteral("spool")));
    config.setFlushInterval(60000); // the tests flush explicitly
    config.setHangDetectionEnabled(true);
    config.setHangThreshold(thresholdMsecs);
    return config;
}

HangDetector *tst_HangDetection::detectorOf(const Telemetry &telemetry)
{
    return telemetry.findChild<HangDetector *>();
}

qint64 tst_HangDetection::hang(HangDetector *detector)
{
    // A fresh heartbeat first: the hang is then measured from a known tick.
    const quint64 beats = detector->beatCount();
    if (!QTest::qWaitFor([&] { return detector->beatCount() > beats; }, 10000))
        return -1;
    QElapsedTimer busy;
    busy.start();
    // No event is processed here: the timer cannot tick, exactly as in an application that hangs. The
    // loop ends once the watchdog has seen it (the cap only stops a broken detector from hanging the test).
    while (!detector->isHangInProgress() && busy.elapsed() < 30000) {
    }
    return busy.elapsed();
}

QList<QJsonObject> tst_HangDetection::hangSpans(const OtlpReceiver &receiver)
{
    QList<QJsonObject> spans;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        if (request.signal != QLatin1String("traces"))
            continue;
        forEachSpan(request.jsonBody(), [&](const QJsonObject &span) {
            const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
            if (attribute(attributes, QStringLiteral("exception.type")).value(QLatin1String("stringValue")).toString()
                == QLatin1String("Hang"))
                spans.append(span);
        });
    }
    return spans;
}

void tst_HangDetection::configuration()
{
    TelemetryConfig config;
    QCOMPARE(config.isHangDetectionEnabled(), false);
    QCOMPARE(config.hangThreshold(), 5000);
    QCOMPARE(config.hangThresholdAsDuration(), std::chrono::milliseconds(5000));
    config.setHangDetectionEnabled(true);
    config.setHangThreshold(std::chrono::seconds(2));
    QCOMPARE(config.isHangDetectionEnabled(), true);
    QCOMPARE(config.hangThreshold(), 2000);
    config.setHangThreshold(1);
    QCOMPARE(config.hangThreshold(), 50);
    QVERIFY(config != TelemetryConfig());
    // The Q_PROPERTYs exist for QML and the settings UIs.
    QCOMPARE(TelemetryConfig::staticMetaObject.property(TelemetryConfig::staticMetaObject.indexOfProperty("hangThreshold"))
                 .readOnGadget(&config).toInt(), 50);
    QCOMPARE(HangDetector::intervalFor(5000), 1000);
    QCOMPARE(HangDetector::intervalFor(200), 40);
    QCOMPARE(HangDetector::intervalFor(60000), 1000);
}

void tst_HangDetection::offByDefault()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver, 200);
    config.setHangDetectionEnabled(false);
    Telemetry telemetry(config);
    telemetry.enable();
    QVERIFY(!detectorOf(telemetry));
}

void tst_HangDetection::hangIsReportedOncePerHang()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const int threshold = 200;
    Telemetry telemetry(configFor(receiver, threshold));
    telemetry.enable();
    HangDetector *detector = detectorOf(telemetry);
    QVERIFY(detector);
    QVERIFY(detector->isRunning());

    for (int round = 1; round <= 2; ++round) {
        QElapsedTimer sinceBeat;
        const qint64 busy = hang(detector);
        sinceBeat.start();
        QVERIFY2(busy >= threshold, qPrintable(QString::number(busy)));
        // Reported once the thread answers again (the event loop runs in QTRY_*), by the watchdog.
        QTRY_COMPARE_WITH_TIMEOUT(detector->reportCount(), quint64(round), 10000);
        const qint64 upperBound = busy + sinceBeat.elapsed() + 1000; // the tick before the loop, at most

        // Several more checks of the watchdog, with the thread healthy: nothing more for this hang.
        const quint64 checks = detector->checkCount();
        QTRY_VERIFY_WITH_TIMEOUT(detector->checkCount() >= checks + 5, 10000);
        QCOMPARE(detector->reportCount(), quint64(round));

        QVERIFY(flushAndWait(telemetry).delivered);
        const QList<QJsonObject> spans = hangSpans(receiver);
        QCOMPARE(spans.size(), round);
        const QJsonObject span = spans.constLast();
        const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
        const qint64 duration = intValue(attribute(attributes, QStringLiteral("hang.duration_ms")));
        QVERIFY2(duration >= busy && duration <= upperBound,
                 qPrintable(QStringLiteral("%1 ms for a loop of %2 ms").arg(duration).arg(busy)));
        QCOMPARE(intValue(attribute(attributes, QStringLiteral("hang.threshold_ms"))), qint64(threshold));
        QVERIFY(attribute(attributes, QStringLiteral("exception.message"))
                    .value(QLatin1String("stringValue")).toString().contains(QString::number(duration)));
    }
}

void tst_HangDetection::healthyThreadReportsNothing()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver, 500));
    telemetry.enable();
    HangDetector *detector = detectorOf(telemetry);
    QVERIFY(detector && detector->isRunning());
    // Ten intervals of an event loop that answers (QTRY_* runs it), each seen by the watchdog.
    QTRY_VERIFY_WITH_TIMEOUT(detector->beatCount() >= 10 && detector->checkCount() >= 10, 20000);
    QCOMPARE(detector->reportCount(), quint64(0));
    QVERIFY(!detector->isHangInProgress());
    QVERIFY(flushAndWait(telemetry).finished);
    QCOMPARE(hangSpans(receiver).size(), 0);
}

void tst_HangDetection::nothingWithoutConsent()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const int threshold = 200;
    Telemetry telemetry(configFor(receiver, threshold));
    QVERIFY(!telemetry.isEnabled());
    HangDetector *detector = detectorOf(telemetry);
    QVERIFY(detector);
    QVERIFY(!detector->isRunning()); // no timer, no watchdog thread before Diagnostics are consented

    // A real hang of the main thread while there is no consent.
    QElapsedTimer busy;
    busy.start();
    while (busy.elapsed() < 3 * threshold) {
    }
    QCoreApplication::processEvents();
    QCOMPARE(detector->beatCount(), quint64(0));

    // Consent now: watching starts from here, the earlier hang is not reported.
    telemetry.enable();
    QVERIFY(detector->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(detector->beatCount() >= 3 && detector->checkCount() >= 3, 10000);
    QCOMPARE(detector->reportCount(), quint64(0));

    // Diagnostics alone withdrawn: the detector stops with them.
    telemetry.consent()->setGrantedCategories(Automagik::ConsentCategory::UsageEvents);
    QVERIFY(!detector->isRunning());
    busy.restart();
    while (busy.elapsed() < 3 * threshold) {
    }
    QCoreApplication::processEvents();
    telemetry.enable();
    QVERIFY(detector->isRunning());

    // The one hang with consent is the one reported.
    QVERIFY(hang(detector) >= threshold);
    QTRY_COMPARE_WITH_TIMEOUT(detector->reportCount(), quint64(1), 10000);
    QVERIFY(flushAndWait(telemetry).delivered);
    QCOMPARE(hangSpans(receiver).size(), 1);
}

void tst_HangDetection::shutdownReportsAHangThatJustEnded()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver, 200));
    telemetry.enable();
    HangDetector *detector = detectorOf(telemetry);
    QVERIFY(detector);
    QVERIFY(hang(detector) >= 200);
    // The hang ends with the next tick; a shutdown right after it, before the watchdog's next check,
    // still reports it (the watchdog checks once more before it stops), and only once.
    const quint64 beats = detector->beatCount();
    QVERIFY(QTest::qWaitFor([&] { return detector->beatCount() > beats; }, 10000));
    telemetry.shutdown(1000); // the receiver cannot answer while shutdown() blocks: the deadline ends it
    QCOMPARE(detector->reportCount(), quint64(1));
    QVERIFY(!detector->isRunning());
    QVERIFY(!detector->isHangInProgress());
}

QTEST_GUILESS_MAIN(tst_HangDetection)
#include "tst_hangdetection.moc"
