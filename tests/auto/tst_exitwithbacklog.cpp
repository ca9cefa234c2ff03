// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// An application that quits with a short shutdown deadline and a large backlog must exit cleanly: the
// worker stops at its deadline instead of running on while the process tears down what it uses.

#include "testsupport.h"

#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

class tst_ExitWithBacklog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exitsCleanlyRightAfterAShortShutdown_data();
    void exitsCleanlyRightAfterAShortShutdown();

private:
    QTemporaryDir m_home;
};

void tst_ExitWithBacklog::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
    QVERIFY(QFile::exists(QStringLiteral(AUTOMAGIK_BACKLOGCHILD_PATH)));
}

void tst_ExitWithBacklog::exitsCleanlyRightAfterAShortShutdown_data()
{
    QTest::addColumn<bool>("hang");
    QTest::addColumn<int>("shutdownMs");
    QTest::newRow("collector hangs, 50 ms") << true << 50;
    QTest::newRow("collector hangs, no time at all") << true << 0;
    QTest::newRow("collector answers, 50 ms") << false << 50;
}

void tst_ExitWithBacklog::exitsCleanlyRightAfterAShortShutdown()
{
    QFETCH(bool, hang);
    QFETCH(int, shutdownMs);
    OtlpReceiver receiver; // served by this thread's event loop while the child runs
    QVERIFY(receiver.listen());
    receiver.setHang(hang);
    const int records = 200000; // a second or more of scrubbing: far past the deadline
    for (int run = 0; run < 5; ++run) {
        QTemporaryDir spool;
        QProcessEnvironment env = isolatedEnvironment(m_home.path());
        env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED"), QStringLiteral("true"));
        env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_SPOOL_DIR"), spool.path());
        if (shutdownMs == 0 && env.contains(QStringLiteral("ASAN_OPTIONS"))) {
            // No time at all: the application abandons the worker with requests in flight, and the process
            // may end before Qt's HTTP thread has freed its own objects for them (LeakSanitizer reported
            // 22 KB of those once in CI, about one child in 75). This row checks the clean exit; leaks are
            // checked by the rows that give the worker time to stop.
            const QString asan = env.value(QStringLiteral("ASAN_OPTIONS"));
            env.insert(QStringLiteral("ASAN_OPTIONS"), asan + QStringLiteral(":detect_leaks=0"));
        }
        QProcess child;
        child.setProcessEnvironment(env);
        QSignalSpy finished(&child, &QProcess::finished);
        child.start(QStringLiteral(AUTOMAGIK_BACKLOGCHILD_PATH),
                    {receiver.baseUrl().toString(), QString::number(records), QString::number(shutdownMs)});
        QVERIFY(finished.wait(60000));
        const QByteArray errors = child.readAllStandardError();
        QVERIFY2(child.exitStatus() == QProcess::NormalExit,
                 qPrintable(QStringLiteral("run %1 died by a signal: %2").arg(run).arg(QString::fromUtf8(errors))));
        QCOMPARE(child.exitCode(), 0);
        receiver.clear();
    }
}

QTEST_GUILESS_MAIN(tst_ExitWithBacklog)
#include "tst_exitwithbacklog.moc"
