// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Delivery and the network: NetworkStatus's verdicts, and the client end to end against a real loopback
// OtlpReceiver with the network state driven by NetworkStatus's test hook instead of QNetworkInformation.
// The tests wait on signals and QTRY_*, never on fixed sleeps; the retry backoff is long, so that "at
// once" is told apart from "after a retry".

#include "flushwait.h"
#include "testsupport.h"

#include "worker/deliverystate.h"
#include "worker/networkstatus.h"

#include <automagik/telemetry.h>

#include <QtNetwork/QNetworkInformation>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Automagik;
using Automagik::Internal::NetworkStatus;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

Q_DECLARE_METATYPE(NetworkStatus::Pause)

class tst_NetworkStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void verdict_data();
    void verdict();
    void changesAreSignalled();
    void loopbackNeedsNoNetwork_data();
    void loopbackNeedsNoNetwork();
    void networkBackEndsABackendPause();
    void offlineHoldsDeliveryWithoutSpendingRetries();
    void goingOfflineAfterDeliveryThenBack();
    void retryWaitingWhileOfflineGoesOutAtOnceWhenBack();
    void meteredPausesOnlyWhenAsked_data();
    void meteredPausesOnlyWhenAsked();
    void noBackendDeliversAsBefore();
    void followsOnlyTheApplicationsInstance();
    void systemBackendDelivers();

private:
    TelemetryConfig configFor(const OtlpReceiver &receiver) const;
    static qint64 counter(const Telemetry &telemetry, const char *key);
    static NetworkStatus::Input input(bool hasBackend, bool online, bool metered = false)
    {
        NetworkStatus::Input in;
        in.hasBackend = hasBackend;
        in.online = online;
        in.metered = metered;
        return in;
    }

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_settings;
};

void tst_NetworkStatus::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_NetworkStatus::init()
{
    m_settings = std::make_unique<QTemporaryDir>();
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
}

void tst_NetworkStatus::cleanup()
{
    NetworkStatus::clearTestInput();
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
}

TelemetryConfig tst_NetworkStatus::configFor(const OtlpReceiver &receiver) const
{
    TelemetryConfig config(QStringLiteral("tst-networkstatus"), QStringLiteral("1.0.0"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setSpoolDirectory(m_settings->filePath(QStringLiteral("spool")));
    config.setAuditLogEnabled(false);
    config.setEndpoint(receiver.baseUrl());
    config.setFlushInterval(60000); // the tests flush explicitly
    config.setTimeout(2000);
    config.setMaxRetries(3);
    // A retry would come 5-10 s after a failure, a probe of a backend that seems down later still: what
    // arrives within the 2 s the tests allow was sent at once.
    config.setRetryBackoffBase(10000);
    config.setMaxRetryDelay(60000);
    config.setShutdownTimeout(300);
    return config;
}

qint64 tst_NetworkStatus::counter(const Telemetry &telemetry, const char *key)
{
    const QVariant value = telemetry.status().value(QLatin1String(key));
    if (value.typeId() == QMetaType::QVariantMap)
        return value.toMap().value(QStringLiteral("traces")).toLongLong();
    return value.toLongLong();
}

void tst_NetworkStatus::verdict_data()
{
    QTest::addColumn<bool>("hasBackend");
    QTest::addColumn<bool>("online");
    QTest::addColumn<bool>("metered");
    QTest::addColumn<bool>("pauseOnMetered");
    QTest::addColumn<NetworkStatus::Pause>("expected");

    using P = NetworkStatus::Pause;
    QTest::newRow("no backend: unknown is online") << false << false << true << true << P::None;
    QTest::newRow("online") << true << true << false << false << P::None;
    QTest::newRow("offline") << true << false << false << false << P::Offline;
    QTest::newRow("offline and metered") << true << false << true << true << P::Offline;
    QTest::newRow("metered, not asked") << true << true << true << false << P::None;
    QTest::newRow("metered, asked") << true << true << true << true << P::Metered;
}

void tst_NetworkStatus::verdict()
{
    QFETCH(bool, hasBackend);
    QFETCH(bool, online);
    QFETCH(bool, metered);
    QFETCH(bool, pauseOnMetered);
    QFETCH(NetworkStatus::Pause, expected);

    NetworkStatus::setTestInput(input(hasBackend, online, metered));
    NetworkStatus status(pauseOnMetered);
    status.start();
    QCOMPARE(status.pause(), expected);
    QCOMPARE(status.isDeliveryAllowed(), expected == NetworkStatus::Pause::None);
    QCOMPARE(status.reason().isEmpty(), expected == NetworkStatus::Pause::None);
    QCOMPARE(status.hasBackend(), hasBackend);
}

void tst_NetworkStatus::changesAreSignalled()
{
    NetworkStatus::setTestInput(input(true, true));
    NetworkStatus status(false);
    status.start();
    QSignalSpy changed(&status, &NetworkStatus::changed);
    NetworkStatus::setTestInput(input(true, false));
    QVERIFY(changed.wait(2000));
    QCOMPARE(status.pause(), NetworkStatus::Pause::Offline);
    NetworkStatus::setTestInput(input(true, false)); // no change, no signal
    NetworkStatus::setTestInput(input(true, true));
    QTRY_COMPARE(changed.count(), 2);
    QVERIFY(status.isDeliveryAllowed());
}

void tst_NetworkStatus::loopbackNeedsNoNetwork_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<bool>("matters");
    QTest::newRow("localhost") << QUrl(QStringLiteral("http://localhost:4318")) << false;
    QTest::newRow("LOCALHOST") << QUrl(QStringLiteral("http://LOCALHOST:4318")) << false;
    QTest::newRow("ipv4 loopback") << QUrl(QStringLiteral("http://127.0.0.1:4318")) << false;
    QTest::newRow("ipv4 loopback range") << QUrl(QStringLiteral("http://127.1.2.3")) << false;
    QTest::newRow("ipv6 loopback") << QUrl(QStringLiteral("http://[::1]:4318")) << false;
    QTest::newRow("LAN address") << QUrl(QStringLiteral("http://192.168.1.10:4318")) << true;
    QTest::newRow("host name") << QUrl(QStringLiteral("https://collector.example.com")) << true;
}

void tst_NetworkStatus::loopbackNeedsNoNetwork()
{
    QFETCH(QUrl, url);
    QFETCH(bool, matters);
    QCOMPARE(NetworkStatus::mattersFor(url), matters);
    NetworkStatus::setTestInput(input(true, true)); // a test drives even a loopback collector
    QVERIFY(NetworkStatus::mattersFor(url));
}

void tst_NetworkStatus::networkBackEndsABackendPause()
{
    using Automagik::Internal::DeliveryState;
    using Automagik::Internal::RetryPolicy;
    DeliveryState state(RetryPolicy(2, 10000, 60000), 2, 4);
    state.networkBack(); // sending: nothing to end
    QCOMPARE(state.state(), DeliveryState::State::Sending);
    QCOMPARE(state.window(0), 4);
    QVERIFY(state.backendDown() >= 1000); // requests failed while the network went away
    QCOMPARE(state.window(0), 0);
    state.networkBack();
    QCOMPARE(state.window(0), 1); // probes at once
    QCOMPARE(state.state(), DeliveryState::State::Probing);
    state.delivered();
    QCOMPARE(state.window(0), 4);
}

void tst_NetworkStatus::offlineHoldsDeliveryWithoutSpendingRetries()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    NetworkStatus::setTestInput(input(true, false)); // offline from the start
    Telemetry telemetry(configFor(receiver));
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);

    telemetry.trackEvent(QStringLiteral("first"));
    // A flush finishes at once, undelivered: nothing goes out while offline, so there is nothing to wait for.
    FlushOutcome outcome = flushAndWait(telemetry, 5000);
    QVERIFY(outcome.finished);
    QVERIFY(!outcome.delivered);
    QTRY_COMPARE(postponed.count(), 1);
    QCOMPARE(postponed.constFirst().at(1).toInt(), 1);
    const QString reason = postponed.constFirst().at(2).toString();
    QVERIFY2(reason.contains(QStringLiteral("offline")), qPrintable(reason));
    QCOMPARE(telemetry.status().value(QStringLiteral("delivery_paused")).toString(), QStringLiteral("offline"));

    // Time passes (more batches, more flushes): each new batch is reported once, nothing reaches the receiver.
    for (int i = 0; i < 3; ++i) {
        telemetry.trackEvent(QStringLiteral("more"));
        outcome = flushAndWait(telemetry, 5000);
        QVERIFY(outcome.finished);
        QVERIFY(!outcome.delivered);
        QTRY_COMPARE(postponed.count(), 2 + i);
    }
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(sent.count(), 0);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(counter(telemetry, "retries"), 0);
    QCOMPARE(counter(telemetry, "spooled"), 4);

    // Online again: everything goes out at once (well before any backoff would end), with no retry spent.
    NetworkStatus::setTestInput(input(true, true));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requestCount(), 4, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 4, 2000);
    QCOMPARE(counter(telemetry, "retries"), 0);
    QCOMPARE(counter(telemetry, "failed"), 0);
    QTRY_COMPARE(counter(telemetry, "spooled"), 0);
    QCOMPARE(telemetry.status().value(QStringLiteral("delivery_paused")).toString(), QString());
    outcome = flushAndWait(telemetry, 5000);
    QVERIFY(outcome.finished);
    QVERIFY(outcome.delivered);
}

void tst_NetworkStatus::goingOfflineAfterDeliveryThenBack()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    NetworkStatus::setTestInput(input(true, true));
    Telemetry telemetry(configFor(receiver));
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);

    telemetry.trackEvent(QStringLiteral("online"));
    FlushOutcome outcome = flushAndWait(telemetry, 5000);
    QVERIFY(outcome.finished);
    QVERIFY(outcome.delivered);
    QCOMPARE(receiver.requestCount(), 1);

    NetworkStatus::setTestInput(input(true, false));
    telemetry.trackEvent(QStringLiteral("offline"));
    outcome = flushAndWait(telemetry, 5000);
    QVERIFY(outcome.finished);
    QVERIFY(!outcome.delivered);
    QTRY_COMPARE(postponed.count(), 1);
    QCOMPARE(receiver.requestCount(), 1);

    NetworkStatus::setTestInput(input(true, true));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requestCount(), 2, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 2, 2000);
    QCOMPARE(counter(telemetry, "retries"), 0);
}

void tst_NetworkStatus::retryWaitingWhileOfflineGoesOutAtOnceWhenBack()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setFailStatus(503);
    receiver.setFailFirst(1);
    NetworkStatus::setTestInput(input(true, true));
    Telemetry telemetry(configFor(receiver));
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);

    telemetry.trackEvent(QStringLiteral("e"));
    telemetry.flush();
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requestCount(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(counter(telemetry, "retries"), 1, 5000); // its backoff: 5 to 10 s
    // The network goes and comes back: the waiting retry is held meanwhile, then sent without its backoff.
    NetworkStatus::setTestInput(input(true, false));
    NetworkStatus::setTestInput(input(true, true));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requestCount(), 2, 2000);
    QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 2000);
    QCOMPARE(counter(telemetry, "retries"), 1);
}

void tst_NetworkStatus::meteredPausesOnlyWhenAsked_data()
{
    QTest::addColumn<bool>("pauseOnMetered");
    QTest::newRow("asked") << true;
    QTest::newRow("not asked (the default)") << false;
}

void tst_NetworkStatus::meteredPausesOnlyWhenAsked()
{
    QFETCH(bool, pauseOnMetered);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    NetworkStatus::setTestInput(input(true, true, true));
    TelemetryConfig config = configFor(receiver);
    QVERIFY(!config.pausesOnMeteredNetworks());
    config.setPauseOnMeteredNetworks(pauseOnMetered);
    QCOMPARE(config.pausesOnMeteredNetworks(), pauseOnMetered);
    Telemetry telemetry(config);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);

    telemetry.trackEvent(QStringLiteral("e"));
    FlushOutcome outcome = flushAndWait(telemetry, 5000);
    QVERIFY(outcome.finished);
    QCOMPARE(outcome.delivered, !pauseOnMetered);
    QCOMPARE(receiver.requestCount(), pauseOnMetered ? 0 : 1);
    QCOMPARE(telemetry.status().value(QStringLiteral("delivery_paused")).toString(),
             pauseOnMetered ? QStringLiteral("metered") : QString());
    if (!pauseOnMetered)
        return;
    QTRY_COMPARE(postponed.count(), 1);
    QVERIFY(postponed.constFirst().at(2).toString().contains(QStringLiteral("metered")));

    NetworkStatus::setTestInput(input(true, true, false)); // on an unmetered connection again
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requestCount(), 1, 2000);
    QCOMPARE(counter(telemetry, "retries"), 0);
}

void tst_NetworkStatus::noBackendDeliversAsBefore()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    // No backend: nothing is known, even "offline" means nothing, and delivery goes on as it always did.
    NetworkStatus::setTestInput(input(false, false));
    Telemetry telemetry(configFor(receiver));
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    for (int i = 0; i < 3; ++i) {
        telemetry.trackEvent(QStringLiteral("e"));
        const FlushOutcome outcome = flushAndWait(telemetry, 5000);
        QVERIFY(outcome.finished);
        QVERIFY(outcome.delivered);
    }
    QCOMPARE(receiver.requestCount(), 3);
    QCOMPARE(postponed.count(), 0);
    QCOMPARE(counter(telemetry, "retries"), 0);
}

void tst_NetworkStatus::followsOnlyTheApplicationsInstance()
{
    // Loading QNetworkInformation from the worker would tie the process-wide instance and its backend to
    // that thread: it is the application's to load, and followed once it has.
    NetworkStatus::clearTestInput();
    QVERIFY2(!QNetworkInformation::instance(), "an earlier test loaded it: this one must run first");
    NetworkStatus status(false);
    status.start();
    QVERIFY(!QNetworkInformation::instance());
    QVERIFY(!status.hasBackend());
    QVERIFY(status.isDeliveryAllowed());
    if (!QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability))
        QSKIP("no QNetworkInformation backend on this system");
    status.attachIfLoaded();
    QVERIFY(status.hasBackend());
    QCOMPARE(status.isDeliveryAllowed(),
             QNetworkInformation::instance()->reachability() != QNetworkInformation::Reachability::Disconnected);
}

void tst_NetworkStatus::systemBackendDelivers()
{
    // The real QNetworkInformation (none in a container without NetworkManager): a loopback collector gets it all.
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)
        && QNetworkInformation::instance()->reachability() == QNetworkInformation::Reachability::Disconnected) {
        QSKIP("this system reports that it is offline");
    }
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    telemetry.trackEvent(QStringLiteral("e"));
    const FlushOutcome outcome = flushAndWait(telemetry, 5000);
    QVERIFY(outcome.finished);
    QVERIFY(outcome.delivered);
    QCOMPARE(receiver.requestCount(), 1);
}

QTEST_MAIN(tst_NetworkStatus)
#include "tst_networkstatus.moc"
