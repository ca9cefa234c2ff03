// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Crash and unclean-exit reporting with real child processes (crashchild) that crash by each fatal
// signal or are killed, and a next run that reports to a loopback OtlpReceiver.

#include "testsupport.h"

#include <automagik/telemetry.h>

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>

// AddressSanitizer's runtime handles SIGSEGV itself (it reports and exits), and UndefinedBehaviorSanitizer,
// built with it here, stops at an integer division by zero before any signal: in that build those two ways
// of crashing never reach a handler of the application's. The other builds test them.
#if defined(__SANITIZE_ADDRESS__)
#define AUTOMAGIK_CRASH_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AUTOMAGIK_CRASH_TEST_ASAN 1
#endif
#endif
#include <QtTest/QTest>

#include <csignal>
#include <memory>

using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

namespace {

// Named after the spool (m_work/spool), next to it: never a directory other programs could share.
const QString crashFolder = QStringLiteral("spool-crashes");
const QString sessionFolder = QStringLiteral("spool-sessions");

} // namespace

class tst_CrashReporting : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void crashIsRecordedAndReportedOnce_data();
    void crashIsRecordedAndReportedOnce();
    void crashRecordsAreDeletedWithoutConsent();
    void immediateShutdownStillReportsThePreviousRun();
    void nothingIsRecordedWithoutConsent();
    void nothingIsWrittenWithoutConsent();
    void withdrawnConsentRemovesTheMarker();
    void uncleanExitIsReportedOnce();
    void cleanRunLeavesNothing();

private:
    struct Run
    {
        QProcess::ExitStatus status = QProcess::NormalExit;
        int exitCode = -1;
        QByteArray errors;
    };
    Run runChild(const QString &mode, const QUrl &endpoint, bool consent = true);
    std::unique_ptr<QProcess> startChild(const QString &mode, const QUrl &endpoint, bool consent);
    QStringList filesIn(const QString &folder, const QString &pattern) const;
    static QList<QJsonObject> spansNamed(const OtlpReceiver &receiver, const QString &name);
    static QString stringAttribute(const QJsonObject &span, const QString &key);
    static QStringList stringList(const QJsonObject &span, const QString &key);

    Sandbox m_sandbox;
    std::unique_ptr<QTemporaryDir> m_work; // the spool's parent: spool-crashes/ and spool-sessions/ are next to it
};

void tst_CrashReporting::initTestCase()
{
    QVERIFY(m_sandbox.isValid());
    QVERIFY(QFile::exists(QStringLiteral(AUTOMAGIK_CRASHCHILD_PATH)));
}

void tst_CrashReporting::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
}

std::unique_ptr<QProcess> tst_CrashReporting::startChild(const QString &mode, const QUrl &endpoint, bool consent)
{
    auto process = std::make_unique<QProcess>();
    QProcessEnvironment env = m_sandbox.childEnvironment();
    env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED"), consent ? QStringLiteral("true") : QStringLiteral("false"));
    env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_SPOOL_DIR"), m_work->filePath(QStringLiteral("spool")));
    process->setProcessEnvironment(env);
    process->start(QStringLiteral(AUTOMAGIK_CRASHCHILD_PATH),
                   {mode, endpoint.toString(), m_work->filePath(QStringLiteral("chain"))});
    return process;
}

tst_CrashReporting::Run tst_CrashReporting::runChild(const QString &mode, const QUrl &endpoint, bool consent)
{
    const auto process = startChild(mode, endpoint, consent);
    Run run;
    if (!process->waitForStarted(10000))
        return run;
    // The collector answers from this event loop: wait for the exit without blocking it.
    QSignalSpy finished(process.get(), &QProcess::finished);
    if (!finished.wait(60000)) {
        process->kill();
        process->waitForFinished();
        return run;
    }
    run.status = process->exitStatus();
    run.exitCode = process->exitCode();
    run.errors = process->readAllStandardError();
    return run;
}

QStringList tst_CrashReporting::filesIn(const QString &folder, const QString &pattern) const
{
    return QDir(m_work->filePath(folder)).entryList({pattern}, QDir::Files);
}

QList<QJsonObject> tst_CrashReporting::spansNamed(const OtlpReceiver &receiver, const QString &name)
{
    QList<QJsonObject> spans;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        if (request.signal != QLatin1String("traces"))
            continue;
        forEachSpan(request.jsonBody(), [&](const QJsonObject &span) {
            if (stringAttribute(span, QStringLiteral("exception.type")) == name)
                spans.append(span);
        });
    }
    return spans;
}

QString tst_CrashReporting::stringAttribute(const QJsonObject &span, const QString &key)
{
    return attribute(span.value(QLatin1String("attributes")).toArray(), key).value(QLatin1String("stringValue")).toString();
}

QStringList tst_CrashReporting::stringList(const QJsonObject &span, const QString &key)
{
    QStringList list;
    const QJsonObject value = attribute(span.value(QLatin1String("attributes")).toArray(), key);
    const QJsonArray values = value[QLatin1String("arrayValue")][QLatin1String("values")].toArray();
    for (const QJsonValue &item : values)
        list.append(item[QLatin1String("stringValue")].toString());
    return list;
}

void tst_CrashReporting::crashIsRecordedAndReportedOnce_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("signal");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("chained"); // whether the application's own handler can run afterwards

    QTest::newRow("null write") << QStringLiteral("segv") << SIGSEGV << QStringLiteral("SIGSEGV") << true;
    QTest::newRow("abort") << QStringLiteral("abrt") << SIGABRT << QStringLiteral("SIGABRT") << true;
    QTest::newRow("truncated mapping") << QStringLiteral("bus") << SIGBUS << QStringLiteral("SIGBUS") << true;
    QTest::newRow("division by zero") << QStringLiteral("fpe") << SIGFPE << QStringLiteral("SIGFPE") << true;
    QTest::newRow("undefined instruction") << QStringLiteral("ill") << SIGILL << QStringLiteral("SIGILL") << true;
    // On the alternate stack: the record is written; the application's handler has no stack left to run on.
    QTest::newRow("stack overflow") << QStringLiteral("overflow") << SIGSEGV << QStringLiteral("SIGSEGV") << false;
}

void tst_CrashReporting::crashIsRecordedAndReportedOnce()
{
    QFETCH(QString, mode);
    QFETCH(int, signal);
    QFETCH(QString, name);
    QFETCH(bool, chained);
#ifdef AUTOMAGIK_CRASH_TEST_ASAN
    if (mode == QLatin1String("segv") || mode == QLatin1String("fpe"))
        QSKIP("AddressSanitizer and UndefinedBehaviorSanitizer handle this crash before the application can");
#endif

    const Run crashed = runChild(mode, closedEndpoint());
    QCOMPARE(crashed.status, QProcess::CrashExit);
    QCOMPARE(crashed.exitCode, signal); // died by the signal itself
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*.crash")).size(), 1);
    if (chained) {
        QFile chain(m_work->filePath(QStringLiteral("chain")));
        QVERIFY(chain.open(QIODevice::ReadOnly));
        QCOMPARE(chain.readAll().trimmed().toInt(), signal); // the handler installed before ours ran
    }

    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const Run next = runChild(QStringLiteral("report"), receiver.baseUrl());
    QCOMPARE(next.status, QProcess::NormalExit);
    QVERIFY2(next.exitCode == 0, next.errors.constData());

    const QList<QJsonObject> crashes = spansNamed(receiver, QStringLiteral("Crash"));
    QCOMPARE(crashes.size(), 1);
    const QJsonObject span = crashes.constFirst();
    const QJsonArray attributes = span.value(QLatin1String("attributes")).toArray();
    QCOMPARE(intValue(attribute(attributes, QStringLiteral("crash.signal"))), qint64(signal));
    QCOMPARE(stringAttribute(span, QStringLiteral("crash.signal_name")), name);
    QVERIFY(hasAttribute(attributes, QStringLiteral("crash.code")));
    QVERIFY(stringAttribute(span, QStringLiteral("crash.fault_address")).startsWith(QLatin1String("0x")));
    QVERIFY(intValue(attribute(attributes, QStringLiteral("crash.thread_id"))) > 0);
    const QStringList stack = stringList(span, QStringLiteral("crash.stack"));
    QVERIFY2(stack.size() >= 2 && stack.constFirst().startsWith(QLatin1String("0x")), qPrintable(stack.join(u' ')));
    // The same frames as offsets in their files: the child's own code is among them.
    const QStringList frames = stringList(span, QStringLiteral("crash.frames"));
    QCOMPARE(frames.size(), stack.size());
    QVERIFY2(frames.filter(QRegularExpression(QStringLiteral("^crashchild\\+0x[0-9a-f]+$"))).size() >= 1,
             qPrintable(frames.join(u' ')));
    QCOMPARE(stringAttribute(span, QStringLiteral("crash.library_version")), Automagik::Telemetry::sdkVersion());
    QCOMPARE(stringAttribute(span, QStringLiteral("crash.application_version")), QStringLiteral("4.5.6"));
    QVERIFY(!stringAttribute(span, QStringLiteral("crash.time")).isEmpty());
    QVERIFY(intValue(attribute(attributes, QStringLiteral("process.run_seconds"))) >= 0);
    QVERIFY(hasAttribute(attributes, QStringLiteral("process.run_seconds")));
    // The crash explains the marker its run left: no second record for the same end.
    QCOMPARE(spansNamed(receiver, QStringLiteral("UncleanExit")).size(), 0);
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*")), QStringList());
    QCOMPARE(filesIn(sessionFolder, QStringLiteral("*")), QStringList());

    // Reported once: the run after that has nothing to say.
    receiver.clear();
    QCOMPARE(runChild(QStringLiteral("report"), receiver.baseUrl()).exitCode, 0);
    QCOMPARE(receiver.requestCount(), 0);
}

void tst_CrashReporting::crashRecordsAreDeletedWithoutConsent()
{
    QCOMPARE(runChild(QStringLiteral("abrt"), closedEndpoint()).status, QProcess::CrashExit);
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*.crash")).size(), 1);

    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const Run next = runChild(QStringLiteral("report"), receiver.baseUrl(), false);
    QCOMPARE(next.exitCode, 0);
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*")), QStringList());
    QCOMPARE(filesIn(sessionFolder, QStringLiteral("*")), QStringList());
}

void tst_CrashReporting::immediateShutdownStillReportsThePreviousRun()
{
    // A run that shuts down right after construction (a command-line tool, no event loop) waits for its
    // consent and reports what the previous run left, rather than leaving it or losing it.
    QCOMPARE(runChild(QStringLiteral("abrt"), closedEndpoint()).status, QProcess::CrashExit);
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*.crash")).size(), 1);

    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const Run next = runChild(QStringLiteral("shutdown"), receiver.baseUrl());
    QCOMPARE(next.status, QProcess::NormalExit);
    QVERIFY2(next.exitCode == 0, next.errors.constData());
    const QList<QJsonObject> crashes = spansNamed(receiver, QStringLiteral("Crash"));
    QCOMPARE(crashes.size(), 1);
    QCOMPARE(stringAttribute(crashes.constFirst(), QStringLiteral("crash.signal_name")), QStringLiteral("SIGABRT"));
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*")), QStringList());
    QCOMPARE(filesIn(sessionFolder, QStringLiteral("*")), QStringList()); // its own marker gone with it
}

void tst_CrashReporting::nothingIsRecordedWithoutConsent()
{
    const Run crashed = runChild(QStringLiteral("abrt"), closedEndpoint(), false);
    QCOMPARE(crashed.status, QProcess::CrashExit);
    QCOMPARE(crashed.exitCode, SIGABRT);
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*")), QStringList());
    QVERIFY(!QFileInfo::exists(m_work->filePath(crashFolder)));
}

void tst_CrashReporting::nothingIsWrittenWithoutConsent()
{
    const auto child = startChild(QStringLiteral("hang"), closedEndpoint(), false);
    QVERIFY(child->waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(child->canReadLine(), 30000);
    QCOMPARE(child->readLine().trimmed(), QByteArray("ready"));
    // A running client without Diagnostics: no marker, and neither directory exists.
    QVERIFY(!QFileInfo::exists(m_work->filePath(sessionFolder)));
    QVERIFY(!QFileInfo::exists(m_work->filePath(crashFolder)));
    child->kill();
    QVERIFY(child->waitForFinished(10000));
    QVERIFY(!QFileInfo::exists(m_work->filePath(sessionFolder)));
    QVERIFY(!QFileInfo::exists(m_work->filePath(crashFolder)));
}

void tst_CrashReporting::withdrawnConsentRemovesTheMarker()
{
    // In this process (unclean exits only: no crash handler here), consent given, then withdrawn.
    Automagik::TelemetryConfig config(QStringLiteral("marker-app"), QStringLiteral("1.0.0"));
    config.setEndpoint(closedEndpoint());
    config.setSettingsFile(m_work->filePath(QStringLiteral("consent.ini")));
    config.setSpoolDirectory(m_work->filePath(QStringLiteral("spool")));
    config.setUncleanExitReportingEnabled(true);
    config.setShutdownTimeout(100);
    Automagik::Telemetry telemetry(config);
    QCOMPARE(filesIn(sessionFolder, QStringLiteral("*.run")), QStringList());
    telemetry.enable();
    QTRY_COMPARE(filesIn(sessionFolder, QStringLiteral("*.run")).size(), 1);
    telemetry.disable();
    QTRY_COMPARE(filesIn(sessionFolder, QStringLiteral("*")), QStringList());
    telemetry.shutdown();
}

void tst_CrashReporting::uncleanExitIsReportedOnce()
{
    QElapsedTimer lifetime;
    lifetime.start();
    const auto child = startChild(QStringLiteral("hang"), closedEndpoint(), true);
    QVERIFY(child->waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(child->canReadLine(), 30000);
    QCOMPARE(child->readLine().trimmed(), QByteArray("ready"));
    QCOMPARE(filesIn(sessionFolder, QStringLiteral("*.run")).size(), 1);
    child->kill(); // SIGKILL: no handler, no shutdown
    QVERIFY(child->waitForFinished(10000));
    QCOMPARE(child->exitStatus(), QProcess::CrashExit);
    const qint64 upperBoundSeconds = lifetime.elapsed() / 1000 + 1;

    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    QCOMPARE(runChild(QStringLiteral("report"), receiver.baseUrl()).exitCode, 0);
    const QList<QJsonObject> exits = spansNamed(receiver, QStringLiteral("UncleanExit"));
    QCOMPARE(exits.size(), 1);
    const QJsonArray attributes = exits.constFirst().value(QLatin1String("attributes")).toArray();
    const qint64 runSeconds = intValue(attribute(attributes, QStringLiteral("process.run_seconds")));
    QVERIFY2(runSeconds >= 0 && runSeconds <= upperBoundSeconds, qPrintable(QString::number(runSeconds)));
    QVERIFY(!stringAttribute(exits.constFirst(), QStringLiteral("process.start_time")).isEmpty());
    QCOMPARE(spansNamed(receiver, QStringLiteral("Crash")).size(), 0);

    receiver.clear();
    QCOMPARE(runChild(QStringLiteral("report"), receiver.baseUrl()).exitCode, 0);
    QCOMPARE(receiver.requestCount(), 0);
}

void tst_CrashReporting::cleanRunLeavesNothing()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    for (int run = 0; run < 2; ++run) {
        const Run clean = runChild(QStringLiteral("report"), receiver.baseUrl());
        QCOMPARE(clean.status, QProcess::NormalExit);
        QCOMPARE(clean.exitCode, 0);
    }
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(filesIn(sessionFolder, QStringLiteral("*")), QStringList());
    QCOMPARE(filesIn(crashFolder, QStringLiteral("*")), QStringList());
}

QTEST_GUILESS_MAIN(tst_CrashReporting)
#include "tst_crashreporting.moc"
