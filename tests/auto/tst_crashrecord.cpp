// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The files behind crash and unclean-exit reports, without a crash: CrashRecord reading what the
// handler writes, and SessionMarker telling a live run from one that ended without shutdown.

#include "client/sessionmarker.h"
#include "platform/crashrecord.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Automagik;
using Automagik::Internal::CrashRecord;

class tst_CrashRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesWhatTheHandlerWrites();
    void framesAreOffsetsInTheirFiles();
    void rejectsOtherFiles();
    void takeAllClaimsAndDeletes();
    void claimsOfARunThatDiedAreReportedNext();
    void unheldDraftMarkersAreRemoved();
    void liveMarkersAreNotStale();
    void staleMarkerGivesTheRunsDuration();
    void clientsOfOneProcessShareOneMarker();
};

namespace {

const QByteArray sample = "automagik-crash 1\n"
                          "signal 7\ncode 2\naddress 0x7f0000001000\npid 4242\nthread 4243\n"
                          "time_ns 1796554999173402202\nlibrary 1.1.0\napplication 2.3.4\n"
                          "stack 0x7f0000400010 0x555500001234 0xdead\n"
                          "map 7f0000400000-7f0000500000 r-xp 00020000 08:01 1234 /usr/lib/libQt6Core.so.6.4.2\n"
                          "map 555500001000-555500002000 r-xp 00001000 08:01 99 /home/someone/bin/my app\n";

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(content), content.size());
}

} // namespace

void tst_CrashRecord::parsesWhatTheHandlerWrites()
{
    const auto record = CrashRecord::parse(sample);
    QVERIFY(record);
    QCOMPARE(record->signal, 7);
    QCOMPARE(record->code, 2);
    QCOMPARE(record->faultAddress, 0x7f0000001000ULL);
    QCOMPARE(record->processId, 4242);
    QCOMPARE(record->threadId, 4243);
    QCOMPARE(record->libraryVersion, QStringLiteral("1.1.0"));
    QCOMPARE(record->applicationVersion, QStringLiteral("2.3.4"));
    QCOMPARE(record->stack.size(), 3);
    QCOMPARE(record->mappings.size(), 2);

    const QVariantMap attributes = record->attributes();
    QCOMPARE(attributes.value(QStringLiteral("crash.signal_name")).toString(), QStringLiteral("SIGBUS"));
    QCOMPARE(attributes.value(QStringLiteral("crash.fault_address")).toString(), QStringLiteral("0x7f0000001000"));
    QCOMPARE(attributes.value(QStringLiteral("crash.stack")).toStringList(),
             QStringList({QStringLiteral("0x7f0000400010"), QStringLiteral("0x555500001234"), QStringLiteral("0xdead")}));
    QCOMPARE(attributes.value(QStringLiteral("crash.time")).toString(), QStringLiteral("2026-12-06T11:03:19.173Z"));
}

void tst_CrashRecord::framesAreOffsetsInTheirFiles()
{
    const auto record = CrashRecord::parse(sample);
    QVERIFY(record);
    // The file's name alone: a directory may name the user.
    QCOMPARE(record->frames(), QStringList({QStringLiteral("libQt6Core.so.6.4.2+0x20010"), QStringLiteral("my app+0x1234"),
                                            QStringLiteral("?")}));
}

void tst_CrashRecord::rejectsOtherFiles()
{
    QVERIFY(!CrashRecord::parse(QByteArray()));
    QVERIFY(!CrashRecord::parse("automagik-crash 2\nsignal 11\n"));
    QVERIFY(!CrashRecord::parse("automagik-crash 1\ncode 1\n")); // no signal
}

void tst_CrashRecord::takeAllClaimsAndDeletes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    writeFile(dir.filePath(QStringLiteral("1-1.crash")), sample);
    writeFile(dir.filePath(QStringLiteral("2-1.crash")), "garbage");
    writeFile(dir.filePath(QStringLiteral("3-1.crash.partial")), sample.left(20));
    writeFile(dir.filePath(QStringLiteral("unrelated.txt")), "kept");
    const QList<CrashRecord> records = CrashRecord::takeAll(dir.path());
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.constFirst().signal, 7);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList(QStringLiteral("unrelated.txt")));
    QVERIFY(CrashRecord::takeAll(dir.path()).isEmpty());
}

namespace {

// The pid of a process that has ended: a real child, waited for.
qint64 pidOfAnEndedProcess()
{
    QProcess child;
    child.start(QStringLiteral("true"), QStringList());
    if (!child.waitForStarted())
        return -1;
    const qint64 pid = child.processId(); // 0 once it has finished
    return child.waitForFinished() && pid > 0 ? pid : -1;
}

} // namespace

void tst_CrashRecord::claimsOfARunThatDiedAreReportedNext()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const qint64 deadPid = pidOfAnEndedProcess();
    QVERIFY(deadPid > 0);
    const QString ownPid = QString::number(QCoreApplication::applicationPid());
    // Claimed by a run that died before removing it, and one claimed by a run still going (this one).
    writeFile(dir.filePath(QStringLiteral("1-1.crash.claimed-%1").arg(deadPid)), sample);
    writeFile(dir.filePath(QStringLiteral("2-1.crash.claimed-") + ownPid), sample);
    const QList<CrashRecord> records = CrashRecord::takeAll(dir.path());
    QCOMPARE(records.size(), 1);
    QCOMPARE(records.constFirst().signal, 7);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList(QStringLiteral("2-1.crash.claimed-") + ownPid));

    // The same for a run marker: reported once, by the next look.
    const qint64 started = QDateTime::currentMSecsSinceEpoch() - 600 * 1000;
    writeFile(dir.filePath(QStringLiteral("4243-%1.run.claimed-%2").arg(started).arg(pidOfAnEndedProcess())),
              QByteArray::number(started) + '\n');
    SessionMarker marker(dir.path());
    const QList<SessionMarker::PreviousRun> runs = marker.takeStale();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.constFirst().processId, 4243);
    QVERIFY(marker.takeStale().isEmpty());
}

void tst_CrashRecord::unheldDraftMarkersAreRemoved()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // What a run that died between creating its marker and naming it leaves.
    writeFile(dir.filePath(QStringLiteral("4244-1.run.new")), "1\n");
    SessionMarker marker(dir.path());
    QVERIFY(marker.takeStale().isEmpty()); // it never was a marker: no unclean exit to report
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void tst_CrashRecord::liveMarkersAreNotStale()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SessionMarker running(dir.path());
    QVERIFY(running.start());
    QCOMPARE(QDir(dir.path()).entryList({QStringLiteral("*.run")}, QDir::Files).size(), 1);
    // Held by this process: a second instance starting now must not report it.
    SessionMarker other(dir.path());
    QVERIFY(other.takeStale().isEmpty());
    running.touch();
    running.finish();
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

void tst_CrashRecord::staleMarkerGivesTheRunsDuration()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // What a run killed 90 s after its start leaves: nobody holds it.
    const qint64 started = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
    const QString path = dir.filePath(QStringLiteral("4242-%1.run").arg(started));
    writeFile(path, QByteArray::number(started) + '\n');
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(QDateTime::fromMSecsSinceEpoch(started + 90 * 1000), QFileDevice::FileModificationTime));
    file.close();

    SessionMarker marker(dir.path());
    const QList<SessionMarker::PreviousRun> runs = marker.takeStale();
    QCOMPARE(runs.size(), 1);
    QCOMPARE(runs.constFirst().processId, 4242);
    QCOMPARE(runs.constFirst().startedMsecs, started);
    QCOMPARE(runs.constFirst().runSeconds(), 90);
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
    QVERIFY(marker.takeStale().isEmpty()); // reported once
}

void tst_CrashRecord::clientsOfOneProcessShareOneMarker()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    SessionMarker first(dir.path());
    SessionMarker second(dir.path());
    QVERIFY(first.start());
    QVERIFY(second.start());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1);
    first.finish();
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 1); // the second client still runs
    second.finish();
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

QTEST_GUILESS_MAIN(tst_CrashRecord)
#include "tst_crashrecord.moc"
