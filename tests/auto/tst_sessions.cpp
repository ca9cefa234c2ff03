// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Sessions and the environment record (TelemetryConfig::setSessionTrackingEnabled(),
// setEnvironmentReportingEnabled()) in a real QGuiApplication (offscreen) with real windows, against a
// loopback collector on a thread of its own (shutdown() blocks this thread while it sends the end).
// The core library links no Qt Gui: this test does, to show windows and to read what the records say.

#include "flushwait.h"
#include "testsupport.h"
#include "threadedreceiver.h"

#include <automagik/consent.h>
#include <automagik/telemetry.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QLocale>
#include <QtCore/QMetaProperty>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtGui/QGuiApplication>
#include <QtGui/QScreen>
#include <QtGui/QWindow>
#include <QtTest/QTest>

#include <memory>

using namespace Automagik;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

namespace {

const QString startName = QStringLiteral("automagik.session.start");
const QString endName = QStringLiteral("automagik.session.end");
const QString environmentName = QStringLiteral("automagik.environment");
const QString countKey = QStringLiteral("AutomagikTelemetry/sessionStartCount");

// One received event: its attributes and those of the resource it came with.
struct ReceivedEvent
{
    QJsonArray attributes;
    QJsonArray resource;

    QJsonObject value(const char *key) const { return attribute(attributes, QLatin1String(key)); }
    qint64 integer(const char *key) const { return intValue(value(key)); }
    double number(const char *key) const { return value(key).value(QLatin1String("doubleValue")).toDouble(); }
    QString text(const char *key) const { return value(key).value(QLatin1String("stringValue")).toString(); }
    QString resourceText(const char *key) const
    {
        return attribute(resource, QLatin1String(key)).value(QLatin1String("stringValue")).toString();
    }
};

QList<ReceivedEvent> eventsNamed(const QJsonObject &root, const QString &name)
{
    QList<ReceivedEvent> events;
    for (const QJsonValue &resourceSpans : root.value(QLatin1String("resourceSpans")).toArray()) {
        const QJsonArray resource =
            resourceSpans[QLatin1String("resource")][QLatin1String("attributes")].toArray();
        for (const QJsonValue &scope : resourceSpans[QLatin1String("scopeSpans")].toArray()) {
            for (const QJsonValue &span : scope[QLatin1String("spans")].toArray()) {
                if (span[QLatin1String("name")].toString() == name)
                    events.append({span[QLatin1String("attributes")].toArray(), resource});
            }
        }
    }
    return events;
}

QList<ReceivedEvent> eventsNamed(const QList<OtlpReceiver::Request> &requests, const QString &name)
{
    QList<ReceivedEvent> events;
    for (const OtlpReceiver::Request &request : requests) {
        if (request.signal == QLatin1String("traces"))
            events += eventsNamed(request.jsonBody(), name);
    }
    return events;
}

} // namespace

class tst_Sessions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void configuration();
    // First of those that show a window: the application is not active yet, as at a real start.
    void sessionStartsAtFirstWindowAndEndsAtShutdown();
    void nothingSentNorWrittenWithoutConsent();
    void consentGivenLaterSendsTheStart();
    void environmentRecordHasRealValues();
    void samplePayloadShowsTheRecords();

private:
    TelemetryConfig configFor(const QUrl &endpoint) const;
    QString settingsFile() const { return m_work->filePath(QStringLiteral("consent.ini")); }
    QVariant storedCount() const { return QSettings(settingsFile(), QSettings::IniFormat).value(countKey); }
    static bool showAndExpose(QWindow &window);

    Sandbox m_sandbox;
    std::unique_ptr<QTemporaryDir> m_work;
};

void tst_Sessions::initTestCase()
{
    QVERIFY(m_sandbox.isValid());
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_Sessions::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
}

TelemetryConfig tst_Sessions::configFor(const QUrl &endpoint) const
{
    TelemetryConfig config(QStringLiteral("session-app"), QStringLiteral("1.0.0"));
    config.setEndpoint(endpoint);
    config.setSettingsFile(settingsFile());
    config.setSpoolEnabled(false); // each client sends its own records, none left for the next
    config.setAuditLogEnabled(false);
    config.setFlushInterval(60000); // the tests flush explicitly
    config.setSessionTrackingEnabled(true);
    return config;
}

bool tst_Sessions::showAndExpose(QWindow &window)
{
    window.resize(320, 240);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    // A client records what the exposure began once the event loop is back (after the first frame): the
    // calls it queued then are run here, so that what follows sees them, or sees that there were none.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::MetaCall);
    return true;
}

void tst_Sessions::configuration()
{
    TelemetryConfig config;
    QCOMPARE(config.isSessionTrackingEnabled(), false);
    QCOMPARE(config.isEnvironmentReportingEnabled(), false);
    config.setSessionTrackingEnabled(true);
    QVERIFY(config != TelemetryConfig());
    config.setEnvironmentReportingEnabled(true);
    QCOMPARE(config.isSessionTrackingEnabled(), true);
    QCOMPARE(config.isEnvironmentReportingEnabled(), true);
    // The Q_PROPERTYs exist for QML and the settings user interfaces.
    const QMetaObject &meta = TelemetryConfig::staticMetaObject;
    QVERIFY(meta.property(meta.indexOfProperty("sessionTrackingEnabled")).readOnGadget(&config).toBool());
    QVERIFY(meta.property(meta.indexOfProperty("environmentReportingEnabled")).readOnGadget(&config).toBool());
    TelemetryConfig copy = config;
    copy.setEnvironmentReportingEnabled(false);
    QVERIFY(copy != config);
}

void tst_Sessions::sessionStartsAtFirstWindowAndEndsAtShutdown()
{
    QVERIFY2(QGuiApplication::applicationState() != Qt::ApplicationActive, "a window was shown before this test");
    ThreadedReceiver receiver;
    QVERIFY(receiver.baseUrl().isValid());
    QWindow window;
    {
        Telemetry telemetry(configFor(receiver.baseUrl()));
        telemetry.enable();
        QVERIFY(telemetry.isEnabled());
        // No window yet: the session has not begun, nothing is recorded or counted.
        QCOMPARE(telemetry.queueSize(), 0);
        QVERIFY(!storedCount().isValid());

        QVERIFY(showAndExpose(window));
        window.requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QElapsedTimer active; // within the session's first active stretch, which began at the latest now
        active.start();
        QTRY_COMPARE(telemetry.queueSize(), 1); // recorded once the exposure is handled
        QCOMPARE(storedCount().toInt(), 1);
        QVERIFY(flushAndWait(telemetry).delivered);
        QTRY_COMPARE(eventsNamed(receiver.requests(), startName).size(), 1);
        const ReceivedEvent start = eventsNamed(receiver.requests(), startName).constFirst();
        QVERIFY2(start.integer("session.startup_ms") >= 0, qPrintable(QString::number(start.integer("session.startup_ms"))));
#if defined(Q_OS_LINUX)
        QCOMPARE(start.text("session.startup_source"), QStringLiteral("process"));
#else
        QCOMPARE(start.text("session.startup_source"), QStringLiteral("client"));
#endif
        QCOMPARE(start.integer("session.start_count"), 1);
        // The client's session id, from the resource, as on every record.
        QCOMPARE(start.resourceText("session.id"), telemetry.sessionId());

        // The window system says the application is inactive, then active again (as QGuiApplication
        // does when the user switches away): that stretch does not count as active.
        const qint64 activeBefore = active.elapsed();
        QElapsedTimer inactive;
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationInactive);
        inactive.start();
        // Some time passes, spent on real work: records encoded, sent and answered.
        for (int i = 0; i < 200; ++i)
            telemetry.trackEvent(QStringLiteral("work.done"), {{QStringLiteral("index"), i}});
        QVERIFY(flushAndWait(telemetry).delivered);
        const qint64 inactiveFor = inactive.elapsed();
        Q_EMIT qGuiApp->applicationStateChanged(Qt::ApplicationActive);
        active.start();
        QVERIFY(flushAndWait(telemetry).finished);
        const qint64 activeAfter = active.elapsed();

        QVERIFY(telemetry.shutdown(5000)); // the end is queued before the final flush and delivered by it
        QCOMPARE(telemetry.queueSize(), 0);
        const QList<ReceivedEvent> ends = eventsNamed(receiver.requests(), endName);
        QCOMPARE(ends.size(), 1);
        const qint64 duration = ends.constFirst().integer("session.duration_ms");
        const qint64 activeMsecs = ends.constFirst().integer("session.active_ms");
        const QString report = QStringLiteral("duration %1 ms, active %2 ms; active at least %3 ms, inactive at least %4 ms")
                                   .arg(duration).arg(activeMsecs).arg(activeBefore + activeAfter).arg(inactiveFor);
        QVERIFY2(duration >= activeMsecs && activeMsecs >= 0, qPrintable(report));
        // Each clock reads whole milliseconds: a stretch measured here may be 1 ms longer than the client's.
        QVERIFY2(activeMsecs + 2 >= activeBefore + activeAfter, qPrintable(report));
        QVERIFY2(duration - activeMsecs + 1 >= inactiveFor, qPrintable(report));
        QCOMPARE(ends.constFirst().resourceText("session.id"), telemetry.sessionId());
    }

    // A second client on the same settings is the application's second run: counted 2. The application is
    // active with its window already shown, so its session begins with the client.
    {
        Telemetry telemetry(configFor(receiver.baseUrl()));
        QVERIFY(telemetry.isEnabled()); // the stored answer
        QWindow second; // where the application's state cannot be read, the session begins with this one
        QVERIFY(showAndExpose(second));
        QTRY_COMPARE(storedCount().toInt(), 2);
        QVERIFY(flushAndWait(telemetry).delivered);
        QTRY_COMPARE(eventsNamed(receiver.requests(), startName).size(), 2);
        const ReceivedEvent start = eventsNamed(receiver.requests(), startName).constLast();
        QCOMPARE(start.integer("session.start_count"), 2);
        QVERIFY(start.integer("session.startup_ms") >= 0);
        QVERIFY(telemetry.shutdown(5000));
        const QList<ReceivedEvent> ends = eventsNamed(receiver.requests(), endName);
        QCOMPARE(ends.size(), 2);
#if defined(Q_OS_UNIX)
        // Active all along: no change of state since the session began (with the client: the state is read).
        QCOMPARE(ends.constLast().integer("session.active_ms"), ends.constLast().integer("session.duration_ms"));
#endif
    }
    // One start and one end per client, however often the consent was read.
    QCOMPARE(eventsNamed(receiver.requests(), startName).size(), 2);
    QCOMPARE(eventsNamed(receiver.requests(), endName).size(), 2);
}

void tst_Sessions::nothingSentNorWrittenWithoutConsent()
{
    ThreadedReceiver receiver;
    QVERIFY(receiver.baseUrl().isValid());
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setEnvironmentReportingEnabled(true);
    Telemetry telemetry(config);
    QVERIFY(telemetry.needsConsent()); // the first reading is in: the client has started
    QWindow window;
    QVERIFY(showAndExpose(window));
    QCOMPARE(telemetry.queueSize(), 0);
    QVERIFY(!QFileInfo::exists(settingsFile())); // nothing written at all

    // Denied: the answer is stored, nothing else.
    telemetry.disable();
    QWindow another;
    QVERIFY(showAndExpose(another));
    QCOMPARE(telemetry.queueSize(), 0);
    QVERIFY(QFileInfo::exists(settingsFile()));
    QVERIFY(!storedCount().isValid());

    // Metrics and diagnostics, not usage events: still neither record nor count.
    telemetry.consent()->setGrantedCategories(ConsentCategory::PerformanceMetrics | ConsentCategory::Diagnostics);
    QVERIFY(telemetry.isEnabled());
    QCOMPARE(telemetry.queueSize(), 0);
    QVERIFY(!storedCount().isValid());
    QVERIFY(telemetry.shutdown(5000));
    QCOMPARE(telemetry.sentCount(), 0);
    QVERIFY(receiver.requests().isEmpty());
    QVERIFY(!storedCount().isValid());
}

void tst_Sessions::consentGivenLaterSendsTheStart()
{
    ThreadedReceiver receiver;
    QVERIFY(receiver.baseUrl().isValid());
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setEnvironmentReportingEnabled(true);
    {
        Telemetry telemetry(config);
        QVERIFY(telemetry.needsConsent());
        QWindow window;
        QVERIFY(showAndExpose(window));
        QCOMPARE(telemetry.queueSize(), 0);
        // The user answers after the window appeared: the session's start and the environment go now, once.
        telemetry.enable();
        QCOMPARE(telemetry.queueSize(), 2);
        QCOMPARE(storedCount().toInt(), 1);
        QVERIFY(flushAndWait(telemetry).delivered);
        QTRY_COMPARE(eventsNamed(receiver.requests(), startName).size(), 1);
        QCOMPARE(eventsNamed(receiver.requests(), environmentName).size(), 1);
        QCOMPARE(eventsNamed(receiver.requests(), startName).constFirst().integer("session.start_count"), 1);

        // Withdrawn, the count is forgotten with the anonymous id (the next yes counts afresh); given again
        // in the same run, nothing is sent twice.
        telemetry.disable();
        QVERIFY(!storedCount().isValid());
        telemetry.enable();
        QCOMPARE(telemetry.queueSize(), 0);
        QVERIFY(!storedCount().isValid());
        QVERIFY(telemetry.shutdown(5000));
    }
    QCOMPARE(eventsNamed(receiver.requests(), startName).size(), 1);
    QCOMPARE(eventsNamed(receiver.requests(), environmentName).size(), 1);
    QCOMPARE(eventsNamed(receiver.requests(), endName).size(), 1);
}

void tst_Sessions::environmentRecordHasRealValues()
{
    ThreadedReceiver receiver;
    QVERIFY(receiver.baseUrl().isValid());
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setSessionTrackingEnabled(false);
    config.setEnvironmentReportingEnabled(true);
    Telemetry telemetry(config);
    telemetry.enable();
    QWindow window;
    QVERIFY(showAndExpose(window));
    QVERIFY(flushAndWait(telemetry).delivered);
    QTRY_COMPARE(eventsNamed(receiver.requests(), environmentName).size(), 1);
    QVERIFY(eventsNamed(receiver.requests(), startName).isEmpty()); // sessions are off

    const ReceivedEvent environment = eventsNamed(receiver.requests(), environmentName).constFirst();
    const QScreen *screen = QGuiApplication::primaryScreen();
    QVERIFY(screen);
    QCOMPARE(environment.text("qt.platform"), QGuiApplication::platformName());
#if defined(Q_OS_UNIX)
    QCOMPARE(environment.integer("screen.count"), qint64(QGuiApplication::screens().size()));
#endif
    QCOMPARE(environment.integer("screen.width"), qint64(screen->size().width()));
    QCOMPARE(environment.integer("screen.height"), qint64(screen->size().height()));
    QCOMPARE(environment.number("screen.device_pixel_ratio"), screen->devicePixelRatio());
    QCOMPARE(environment.number("screen.logical_dpi"), screen->logicalDotsPerInch());
    QCOMPARE(environment.text("ui.language"), QLocale::system().uiLanguages().value(0));
    QVERIFY(!hasAttribute(environment.attributes, QStringLiteral("ui.style"))); // no QApplication, no widget style
    // What the resource of every record carries is not repeated in the event.
    for (const char *key : {"os.type", "os.version", "qt.version", "process.runtime.version"})
        QVERIFY2(!hasAttribute(environment.attributes, QLatin1String(key)), key);
    QCOMPARE(environment.resourceText("process.runtime.version"), QString::fromLatin1(qVersion()));
    QVERIFY(!environment.resourceText("os.type").isEmpty());
    QVERIFY(hasAttribute(environment.resource, QStringLiteral("os.version")));
    QCOMPARE(environment.resourceText("session.id"), telemetry.sessionId());

    // Once per client run: another window adds nothing.
    QWindow another;
    QVERIFY(showAndExpose(another));
    QCOMPARE(telemetry.queueSize(), 0);
    QVERIFY(telemetry.shutdown(5000));
    QCOMPARE(eventsNamed(receiver.requests(), environmentName).size(), 1);
    QVERIFY(eventsNamed(receiver.requests(), endName).isEmpty());
}

void tst_Sessions::samplePayloadShowsTheRecords()
{
    TelemetryConfig config(QStringLiteral("session-app"), QStringLiteral("1.0.0"));
    config.setSettingsFile(settingsFile());
    const auto spansOf = [](const Telemetry &telemetry) {
        return QJsonDocument::fromJson(telemetry.samplePayload().toUtf8()).object();
    };
    {
        Telemetry telemetry(config);
        const QJsonObject payload = spansOf(telemetry);
        QVERIFY(eventsNamed(payload, startName).isEmpty());
        QVERIFY(eventsNamed(payload, environmentName).isEmpty());
    }
    config.setSessionTrackingEnabled(true);
    config.setEnvironmentReportingEnabled(true);
    Telemetry telemetry(config);
    const QJsonObject payload = spansOf(telemetry);
    QCOMPARE(eventsNamed(payload, startName).size(), 1);
    QCOMPARE(attributeKeys(eventsNamed(payload, startName).constFirst().attributes),
             (QSet<QString>{QStringLiteral("session.startup_ms"), QStringLiteral("session.startup_source"),
                            QStringLiteral("session.start_count")}));
    QCOMPARE(eventsNamed(payload, endName).size(), 1);
    QCOMPARE(attributeKeys(eventsNamed(payload, endName).constFirst().attributes),
             (QSet<QString>{QStringLiteral("session.duration_ms"), QStringLiteral("session.active_ms")}));
    // The environment as it is here, exactly what the record would say.
    QCOMPARE(eventsNamed(payload, environmentName).size(), 1);
    const ReceivedEvent environment = eventsNamed(payload, environmentName).constFirst();
    QCOMPARE(environment.text("qt.platform"), QGuiApplication::platformName());
    QCOMPARE(environment.integer("screen.width"), qint64(QGuiApplication::primaryScreen()->size().width()));
    QVERIFY(hasAttribute(environment.attributes, QStringLiteral("ui.language")));
    QVERIFY(!storedCount().isValid()); // showing it writes nothing
}

QTEST_MAIN(tst_Sessions)
#include "tst_sessions.moc"
