// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Qt messages of chosen logging categories becoming log records: real qCWarning()/qCCritical() calls,
// a message handler of the test's own installed before the client's, a loopback OtlpReceiver.

#include "client/qtmessagebridge.h"
#include "flushwait.h"
#include "testsupport.h"

#include <automagik/telemetry.h>

#include <QtCore/QJsonArray>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMutex>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QTest>

#include <memory>

using Automagik::LogSeverity;
using Automagik::QtMessageBridge;
using Automagik::Telemetry;
using Automagik::TelemetryConfig;
using Automagik::TelemetrySignal;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

Q_LOGGING_CATEGORY(lcNet, "app.net")
Q_LOGGING_CATEGORY(lcDialog, "app.ui.dialog")
Q_LOGGING_CATEGORY(lcOther, "app.other")
Q_LOGGING_CATEGORY(lcLookalike, "automagik.telemetry") // the library's own name, from outside
Q_LOGGING_CATEGORY(lcLookalikeChild, "automagik.telemetry.quick")

namespace {

// The application's handler, installed before the client's: it must keep seeing every message.
struct Captured
{
    QMutex mutex;
    QList<QPair<QtMsgType, QString>> messages;
};
Captured *captured = nullptr;

void captureHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    if (!captured)
        return;
    QMutexLocker lock(&captured->mutex);
    captured->messages.append({type, message});
}

QtMessageHandler currentHandler()
{
    const QtMessageHandler current = qInstallMessageHandler(nullptr);
    qInstallMessageHandler(current);
    return current;
}

struct LogRecord
{
    QString body;
    int severity = 0;
    QJsonArray attributes;
    QString stringAttribute(const QString &key) const
    {
        return attribute(attributes, key).value(QLatin1String("stringValue")).toString();
    }
};

QList<LogRecord> logRecords(const OtlpReceiver &receiver)
{
    QList<LogRecord> records;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        if (request.signal != QLatin1String("logs"))
            continue;
        for (const QJsonValue &item : otlpItems(request.jsonBody(), TelemetrySignal::Logs)) {
            const QJsonObject record = item.toObject();
            records.append({record[QLatin1String("body")][QLatin1String("stringValue")].toString(),
                            record[QLatin1String("severityNumber")].toInt(),
                            record[QLatin1String("attributes")].toArray()});
        }
    }
    return records;
}

} // namespace

class tst_QtMessages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void configuration();
    void chosenCategoriesBecomeLogs();
    void minimumSeverity();
    void rateLimitHolds();
    void rateLimitedMessagesAreCounted();
    void ownCategoriesAreNeverForwarded();
    void handlerOnlyWithConsentAndRestored();
    void messagesFromManyThreads();

private:
    TelemetryConfig configFor(const OtlpReceiver &receiver, const QStringList &categories) const;
    int capturedCount(const QString &message);

    Sandbox m_sandbox;
    std::unique_ptr<QTemporaryDir> m_work;
    Captured m_captured;
    QtMessageHandler m_testHandler = nullptr; // QTest's, restored after each test
};

void tst_QtMessages::initTestCase()
{
    QVERIFY(m_sandbox.isValid());
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_QtMessages::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
    m_captured.messages.clear();
    captured = &m_captured;
    m_testHandler = qInstallMessageHandler(captureHandler);
}

void tst_QtMessages::cleanup()
{
    qInstallMessageHandler(m_testHandler);
    captured = nullptr;
}

TelemetryConfig tst_QtMessages::configFor(const OtlpReceiver &receiver, const QStringList &categories) const
{
    TelemetryConfig config(QStringLiteral("qtmessages-app"), QStringLiteral("1.0.0"));
    config.setEndpoint(receiver.baseUrl());
    config.setSettingsFile(m_work->filePath(QStringLiteral("consent.ini")));
    config.setSpoolDirectory(m_work->filePath(QStringLiteral("spool")));
    config.setFlushInterval(60000); // the tests flush explicitly
    config.setQtMessageCategories(categories);
    return config;
}

int tst_QtMessages::capturedCount(const QString &message)
{
    QMutexLocker lock(&m_captured.mutex);
    int count = 0;
    for (const auto &entry : std::as_const(m_captured.messages))
        count += entry.second == message ? 1 : 0;
    return count;
}

void tst_QtMessages::configuration()
{
    TelemetryConfig config;
    QCOMPARE(config.qtMessageCategories(), QStringList());
    QCOMPARE(config.qtMessageMinimumSeverity(), LogSeverity::Warn);
    QCOMPARE(config.qtMessageRateLimit(), 60);
    config.setQtMessageMinimumSeverity(LogSeverity::Debug);
    QCOMPARE(config.qtMessageMinimumSeverity(), LogSeverity::Warn);
    config.setQtMessageMinimumSeverity(LogSeverity::Error);
    QCOMPARE(config.qtMessageMinimumSeverity(), LogSeverity::Error);
    config.setQtMessageMinimumSeverity(LogSeverity(99));
    QCOMPARE(config.qtMessageMinimumSeverity(), LogSeverity::Fatal);
    config.setQtMessageRateLimit(0);
    QCOMPARE(config.qtMessageRateLimit(), 1);
    config.setQtMessageCategories({QStringLiteral("app.*")});
    QVERIFY(config != TelemetryConfig());

    // The patterns, and the library's own categories excluded whatever they say.
    QtMessageBridge bridge(nullptr, {QStringLiteral("app.net"), QStringLiteral("ui.*"), QStringLiteral("*.sql"),
                                     QStringLiteral("default")},
                           LogSeverity::Warn, 60);
    QVERIFY(bridge.wants("app.net"));
    QVERIFY(!bridge.wants("app.net.ssl"));
    QVERIFY(bridge.wants("ui.dialog"));
    QVERIFY(bridge.wants("db.sql"));
    QVERIFY(bridge.wants("default"));
    QVERIFY(!bridge.wants("app.other"));
    QtMessageBridge all(nullptr, {QStringLiteral("*")}, LogSeverity::Warn, 60);
    QVERIFY(all.wants("anything"));
    QVERIFY(!all.wants("automagik.telemetry"));
    QVERIFY(!all.wants("automagik.telemetry.quick"));
}

void tst_QtMessages::chosenCategoriesBecomeLogs()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver, {QStringLiteral("app.net"), QStringLiteral("app.ui.*"),
                                             QStringLiteral("default")}));
    telemetry.enable();

    qCWarning(lcNet, "connection to mail@example.com failed");
    qCCritical(lcDialog, "dialog broke");
    qCWarning(lcOther, "not chosen");
    qCInfo(lcNet, "only info");
    qWarning("plain warning");

    // The application's handler saw every message, the client's notwithstanding.
    QCOMPARE(capturedCount(QStringLiteral("connection to mail@example.com failed")), 1);
    QCOMPARE(capturedCount(QStringLiteral("dialog broke")), 1);
    QCOMPARE(capturedCount(QStringLiteral("not chosen")), 1);
    QCOMPARE(capturedCount(QStringLiteral("only info")), 1);
    QCOMPARE(capturedCount(QStringLiteral("plain warning")), 1);

    QVERIFY(flushAndWait(telemetry).delivered);
    const QList<LogRecord> records = logRecords(receiver);
    QCOMPARE(records.size(), 3);
    // Through the normal path: the e-mail address is scrubbed like in any log record.
    QVERIFY2(!records.at(0).body.contains(QLatin1String("mail@example.com")), qPrintable(records.at(0).body));
    QVERIFY(records.at(0).body.startsWith(QLatin1String("connection to ")));
    QCOMPARE(records.at(0).severity, int(LogSeverity::Warn));
    QCOMPARE(records.at(0).stringAttribute(QStringLiteral("qt.category")), QStringLiteral("app.net"));
    QCOMPARE(records.at(0).stringAttribute(QStringLiteral("qt.message_type")), QStringLiteral("warning"));
    QCOMPARE(records.at(1).body, QStringLiteral("dialog broke"));
    QCOMPARE(records.at(1).severity, int(LogSeverity::Error));
    QCOMPARE(records.at(1).stringAttribute(QStringLiteral("qt.category")), QStringLiteral("app.ui.dialog"));
    QCOMPARE(records.at(1).stringAttribute(QStringLiteral("qt.message_type")), QStringLiteral("critical"));
    QCOMPARE(records.at(2).body, QStringLiteral("plain warning"));
    QCOMPARE(records.at(2).stringAttribute(QStringLiteral("qt.category")), QStringLiteral("default"));
    for (const LogRecord &record : records) {
#ifdef QT_MESSAGELOGCONTEXT
        // Where it was logged: the file's name, never the directory it was built in.
        QCOMPARE(record.stringAttribute(QStringLiteral("code.filepath")), QStringLiteral("tst_qtmessages.cpp"));
        QVERIFY(intValue(attribute(record.attributes, QStringLiteral("code.lineno"))) > 0);
        QVERIFY(record.stringAttribute(QStringLiteral("code.function")).contains(QLatin1String("chosenCategoriesBecomeLogs")));
#else
        QVERIFY(!hasAttribute(record.attributes, QStringLiteral("code.filepath")));
#endif
        QVERIFY(!hasAttribute(record.attributes, QStringLiteral("rate_limit.dropped")));
    }
}

void tst_QtMessages::minimumSeverity()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver, {QStringLiteral("app.*")});
    config.setQtMessageMinimumSeverity(LogSeverity::Error);
    Telemetry telemetry(config);
    telemetry.enable();
    qCWarning(lcNet, "a warning");
    qCCritical(lcNet, "a critical");
    QVERIFY(flushAndWait(telemetry).delivered);
    const QList<LogRecord> records = logRecords(receiver);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.constFirst().body, QStringLiteral("a critical"));
    QCOMPARE(capturedCount(QStringLiteral("a warning")), 1);
}

void tst_QtMessages::rateLimitHolds()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver, {QStringLiteral("app.net")});
    config.setQtMessageRateLimit(5); // a burst of 5, then one every 12 s: far longer than this test
    Telemetry telemetry(config);
    telemetry.enable();
    auto *bridge = telemetry.findChild<QtMessageBridge *>();
    QVERIFY(bridge);
    for (int i = 0; i < 20; ++i)
        qCWarning(lcNet, "flood");
    QCOMPARE(capturedCount(QStringLiteral("flood")), 20); // the application's handler misses none
    QCOMPARE(bridge->forwardedCount(), quint64(5));
    QCOMPARE(bridge->rateLimitedCount(), quint64(15));
    QVERIFY(flushAndWait(telemetry).delivered);
    QCOMPARE(logRecords(receiver).size(), 5);
}

void tst_QtMessages::rateLimitedMessagesAreCounted()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver, {QStringLiteral("app.net")});
    config.setQtMessageRateLimit(60); // a burst of 60, then one a second
    Telemetry telemetry(config);
    telemetry.enable();
    auto *bridge = telemetry.findChild<QtMessageBridge *>();
    QVERIFY(bridge);
    for (int i = 0; i < 70; ++i)
        qCWarning(lcNet, "burst");
    QCOMPARE(bridge->forwardedCount(), quint64(60));
    QCOMPARE(bridge->rateLimitedCount(), quint64(10));
    // Keep logging until the bucket has a token again (about a second): that message carries the count.
    QVERIFY(QTest::qWaitFor([&] {
        qCWarning(lcNet, "later");
        return bridge->forwardedCount() == 61;
    }, 10000));
    const qint64 dropped = qint64(bridge->rateLimitedCount());
    QVERIFY(dropped >= 10);
    QVERIFY(flushAndWait(telemetry).delivered);
    const QList<LogRecord> records = logRecords(receiver);
    QCOMPARE(records.size(), 61);
    QVERIFY(!hasAttribute(records.at(59).attributes, QStringLiteral("rate_limit.dropped")));
    QCOMPARE(records.constLast().body, QStringLiteral("later"));
    QCOMPARE(intValue(attribute(records.constLast().attributes, QStringLiteral("rate_limit.dropped"))), dropped);
}

void tst_QtMessages::ownCategoriesAreNeverForwarded()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver, {QStringLiteral("*")});
    config.setVerbose(false);
    Telemetry telemetry(config);
    telemetry.enable();
    auto *bridge = telemetry.findChild<QtMessageBridge *>();
    QVERIFY(bridge);
    qCWarning(lcLookalike, "own warning");
    qCWarning(lcLookalikeChild, "own child warning");
    // The library's own warning, from the library itself: a track call without a name warns on
    // automagik.telemetry; it reaches the application's handler and is not recorded.
    telemetry.trackEvent(QString());
    qCWarning(lcOther, "someone else");
    QCOMPARE(capturedCount(QStringLiteral("own warning")), 1);
    QCOMPARE(capturedCount(QStringLiteral("own child warning")), 1);
    QCOMPARE(bridge->forwardedCount(), quint64(1));
    QVERIFY(flushAndWait(telemetry).delivered);
    const QList<LogRecord> records = logRecords(receiver);
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.constFirst().body, QStringLiteral("someone else"));
}

void tst_QtMessages::handlerOnlyWithConsentAndRestored()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    {
        Telemetry telemetry(configFor(receiver, {QStringLiteral("app.net")}));
        QVERIFY(!telemetry.isEnabled());
        // Without consent the application's handler is untouched, and nothing is recorded.
        QVERIFY(currentHandler() == QtMessageHandler(captureHandler));
        qCWarning(lcNet, "before consent");
        telemetry.enable();
        QVERIFY(currentHandler() != QtMessageHandler(captureHandler));
        qCWarning(lcNet, "with consent");
        // Diagnostics withdrawn: the handler goes back at once.
        telemetry.consent()->setGrantedCategories(Automagik::ConsentCategory::UsageEvents);
        QVERIFY(currentHandler() == QtMessageHandler(captureHandler));
        qCWarning(lcNet, "diagnostics withdrawn");
        telemetry.enable();
        QVERIFY(currentHandler() != QtMessageHandler(captureHandler));
        QVERIFY(flushAndWait(telemetry).delivered);
        const QList<LogRecord> records = logRecords(receiver);
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.constFirst().body, QStringLiteral("with consent"));
        telemetry.shutdown();
        QVERIFY(currentHandler() == QtMessageHandler(captureHandler)); // restored at shutdown
    }
    QCOMPARE(capturedCount(QStringLiteral("before consent")), 1);
    QCOMPARE(capturedCount(QStringLiteral("with consent")), 1);
    QCOMPARE(capturedCount(QStringLiteral("diagnostics withdrawn")), 1);

    // Destroyed without shutdown(): restored too. Two clients share the handler until the last goes.
    auto first = std::make_unique<Telemetry>(configFor(receiver, {QStringLiteral("app.net")}));
    first->enable();
    auto second = std::make_unique<Telemetry>(configFor(receiver, {QStringLiteral("app.other")}));
    QVERIFY(second->isEnabled()); // the same consent store
    first.reset();
    QVERIFY(currentHandler() != QtMessageHandler(captureHandler));
    second.reset();
    QVERIFY(currentHandler() == QtMessageHandler(captureHandler));
}

void tst_QtMessages::messagesFromManyThreads()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver, {QStringLiteral("app.net")});
    config.setQtMessageRateLimit(100000);
    Telemetry telemetry(config);
    telemetry.enable();
    auto *bridge = telemetry.findChild<QtMessageBridge *>();
    QVERIFY(bridge);
    const int threads = 4, perThread = 200;
    QList<QThread *> workers;
    for (int t = 0; t < threads; ++t) {
        workers.append(QThread::create([] {
            for (int i = 0; i < perThread; ++i) {
                qCWarning(lcNet, "from a thread");
                qCWarning(lcOther, "not chosen, from a thread");
            }
        }));
        workers.constLast()->start();
    }
    for (QThread *worker : std::as_const(workers)) {
        QVERIFY(worker->wait(30000));
        delete worker;
    }
    QCOMPARE(capturedCount(QStringLiteral("from a thread")), threads * perThread);
    QCOMPARE(bridge->forwardedCount(), quint64(threads * perThread));
    QVERIFY(flushAndWait(telemetry).delivered);
    QCOMPARE(logRecords(receiver).size(), threads * perThread);
}

QTEST_GUILESS_MAIN(tst_QtMessages)
#include "tst_qtmessages.moc"
