// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Faults at each step of a batch's life, with real files and processes: spool-child is stopped exactly
// at a step of the spool (its test hook prints a marker and stops itself) and killed there; its disk
// fills up, turns read-only or disappears while it runs; its clock jumps; rivals start beside it. Each
// test says what is lost and what is sent twice (docs/reliability.md, "Faults at each step"), and the
// next run, with the collector up, proves it. Waits are on markers, answers and signals, never sleeps.

#include "reliabilitysupport.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFileInfo>
#include <QtCore/QLockFile>
#include <QtCore/QScopeGuard>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <memory>
#include <vector>

using namespace Reliability;

namespace {

constexpr int BatchSize = 100;
constexpr qint64 Hour = 3600 * 1000;
// The file descriptor on which children released together wait (--wait-fd).
constexpr int ReleaseFd = 10;

QString slotPath(const QString &spoolDir, int slot)
{
    return QDir(spoolDir).filePath(QStringLiteral("slot-%1").arg(slot));
}

qsizetype batchesIn(const QString &slotDir)
{
    return QDir(slotDir).entryList({QStringLiteral("*.batch")}, QDir::Files).size();
}

// Every spool file with its bytes: to prove that nobody touched them.
QMap<QString, QByteArray> spoolContents(const QString &spoolDir)
{
    QMap<QString, QByteArray> contents;
    for (const QString &path : spoolFiles(spoolDir, QStringLiteral("*"))) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            contents.insert(path, file.readAll());
    }
    return contents;
}

// Whether every batch file is stamped within a minute of the wall clock shifted by \a offsetMs.
bool stampsNear(const QString &spoolDir, qint64 offsetMs, int expectedFiles)
{
    const QStringList files = spoolFiles(spoolDir);
    if (files.size() != expectedFiles)
        return false;
    const qint64 expected = QDateTime::currentMSecsSinceEpoch() + offsetMs;
    for (const QString &path : files) {
        if (qAbs(BatchFile::read(path).createdMs - expected) > 60 * 1000)
            return false;
    }
    return true;
}

QList<qint64> keysOf(const QMap<qint64, int> &seqs)
{
    return seqs.keys();
}

} // namespace

class tst_ReliabilityFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    // A full disk.
    void fullDiskKeepsWhatFitsForTheNextRun();
    void spaceComesBackWhileRunning_data();
    void spaceComesBackWhileRunning();

    // Killed at each step of a batch's life.
    void killedAtEachStepOfABatch_data();
    void killedAtEachStepOfABatch();
    void killedWhileAdoptingAnotherSlot();

    // The directory changes under a running client.
    void spoolDirectoryMadeReadOnlyWhileRunning();
    void spoolDirectoryRemovedWhileRunning();

    // The clock.
    void clockJumpsAcrossTheAgeBoundWhileRunning();
    void futureStampedLeftoversExpireOneBoundLater();

    // Rivals.
    void instancesStartingTogether_data();
    void instancesStartingTogether();
    void moreInstancesThanSlots();

private:
    QProcessEnvironment environment() const { return childEnvironment(m_home.path(), true); }
    QString spoolDir() const { return m_work->filePath(QStringLiteral("spool")); }
    // Short retries and deadlines: a collector that is down is found out quickly.
    QStringList arguments(const QString &mode, const QUrl &endpoint, const QStringList &extra = {}) const;
    // A next run with the collector up: sends what the spool holds and exits. Its "drained" status.
    QJsonObject drain(const OtlpReceiver &receiver, const QStringList &extra = {});

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_work;
    QElapsedTimer m_testClock;
};

void tst_ReliabilityFaults::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY2(QFileInfo(QStringLiteral(SPOOL_CHILD_PATH)).isExecutable(), SPOOL_CHILD_PATH);
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_ReliabilityFaults::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
    m_testClock.start();
}

void tst_ReliabilityFaults::cleanup()
{
    qInfo("test time %lld ms", m_testClock.elapsed());
    m_work.reset();
}

QStringList tst_ReliabilityFaults::arguments(const QString &mode, const QUrl &endpoint, const QStringList &extra) const
{
    return QStringList{QStringLiteral("--mode"), mode,
                       QStringLiteral("--endpoint"), endpoint.toString(),
                       QStringLiteral("--spool"), spoolDir(),
                       QStringLiteral("--settings"), m_work->filePath(QStringLiteral("consent.ini")),
                       QStringLiteral("--batch-size"), QString::number(BatchSize),
                       QStringLiteral("--max-retries"), QStringLiteral("0"),
                       QStringLiteral("--retry-backoff"), QStringLiteral("20"),
                       QStringLiteral("--max-retry-delay"), QStringLiteral("200"),
                       QStringLiteral("--shutdown-timeout"), QStringLiteral("500"),
                       QStringLiteral("--no-audit-log")}
        + extra;
}

QJsonObject tst_ReliabilityFaults::drain(const OtlpReceiver &receiver, const QStringList &extra)
{
    Child drainer(environment());
    if (!drainer.start(arguments(QStringLiteral("drain"), receiver.baseUrl(), extra))
        || !drainer.waitForFinished(60000) || drainer.process().exitStatus() != QProcess::NormalExit
        || drainer.process().exitCode() != 0) {
        qWarning("the draining run failed:\n%s", drainer.transcript().constData());
        return {};
    }
    return drainer.status(QStringLiteral("drained"));
}

/*
    A 512 KiB disk and 20,000 events offline (~200 gzipped batches, twice what fits): the oldest
    batches are evicted to make room (counted and signalled as SpoolFull), the newest that fit stay on
    disk, and the next run delivers exactly those. Nothing kept is lost, nothing is lost at exit.
*/
void tst_ReliabilityFaults::fullDiskKeepsWhatFitsForTheNextRun()
{
    constexpr qint64 Events = 20000;
    const auto disk = TestMount::tmpfs(spoolDir(), 512);
    if (!disk->isMounted())
        QSKIP(qPrintable(QStringLiteral("needs a 512 KiB tmpfs: %1").arg(disk->error())));

    Child flood(environment());
    QVERIFY(flood.start(arguments(QStringLiteral("flood"), closedEndpoint(),
                                  {QStringLiteral("--count"), QString::number(Events)})));
    QVERIFY2(flood.waitForFinished(60000), flood.transcript().constData());
    QVERIFY2(flood.process().exitStatus() == QProcess::NormalExit && flood.process().exitCode() == 0,
             flood.transcript().constData());
    const QJsonObject run1 = flood.status(QStringLiteral("shutdown"));
    QVERIFY2(!run1.isEmpty(), flood.transcript().constData());
    const qint64 kept = int64(run1, "spooled");
    const qint64 evicted = int64(run1, "dropped");
    const QStringList files = spoolFiles(spoolDir());
    qInfo("run 1: %lld events, %lld kept in %lld files, %lld evicted (SpoolFull)", Events, kept,
          qint64(files.size()), evicted);
    // A full disk is not a broken spool.
    QVERIFY2(run1.value(QLatin1String("spool_persistent")).toBool(), flood.transcript().constData());
    QCOMPARE(accountedFor(run1), Events);
    QCOMPARE(int64(run1, "sent"), 0);
    QVERIFY(kept > 0);
    QVERIFY(evicted > 0);
    QCOMPARE(droppedFor(run1, "SpoolFull"), evicted); // oldest first, counted and signalled; none lost at exit
    QCOMPARE(qint64(files.size()), int64(run1, "spool_batches"));
    QCOMPARE(spoolFiles(spoolDir(), QStringLiteral("*.tmp")), QStringList());
    const QByteArray err = flood.standardError();
    QCOMPARE(err.count("no space left for the telemetry spool"), 1);
    QCOMPARE(err.count("telemetry spool unavailable"), 0);

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    const QJsonObject run2 = drain(receiver);
    QVERIFY(!run2.isEmpty());
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(qint64(seqs.size()), kept); // what was kept arrives ...
    for (auto it = seqs.cbegin(); it != seqs.cend(); ++it)
        QCOMPARE(it.value(), 1); // ... once
    QCOMPARE(seqs.lastKey(), Events - 1); // the newest batch is always kept
    QCOMPARE(int64(run2, "sent"), kept);
    QCOMPARE(int64(run2, "dropped"), 0);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
}

void tst_ReliabilityFaults::spaceComesBackWhileRunning_data()
{
    QTest::addColumn<bool>("spaceComesBack");
    QTest::newRow("space comes back") << true;
    QTest::newRow("space never comes back") << false;
}

/*
    The disk is full and the spool has nothing on it to evict: a new batch waits in memory. When space
    comes back, the next batch goes to disk and takes the waiting one with it; if it never does, the
    waiting batch is lost at exit and counted as dropped.
*/
void tst_ReliabilityFaults::spaceComesBackWhileRunning()
{
    QFETCH(bool, spaceComesBack);
    const auto disk = TestMount::tmpfs(spoolDir(), 256);
    if (!disk->isMounted())
        QSKIP(qPrintable(QStringLiteral("needs a 256 KiB tmpfs: %1").arg(disk->error())));

    Child child(environment());
    QVERIFY(child.start(arguments(QStringLiteral("script"), closedEndpoint(), {QStringLiteral("--no-compression")})));
    QVERIFY2(!child.waitForStatus(QStringLiteral("ready")).isEmpty(), child.transcript().constData());
    const QString ballast = QDir(spoolDir()).filePath(QStringLiteral("ballast"));
    QVERIFY(fillUp(ballast) > 0);

    const QJsonObject full = child.command("track 100", QStringLiteral("tracked"));
    QVERIFY2(!full.isEmpty(), child.transcript().constData());
    QVERIFY(full.value(QLatin1String("spool_persistent")).toBool());
    QCOMPARE(int64(full, "spooled"), qint64(BatchSize)); // kept, in memory
    QCOMPARE(int64(full, "dropped"), 0);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());

    if (spaceComesBack) {
        QVERIFY(QFile::remove(ballast));
        const QJsonObject back = child.command("track 100", QStringLiteral("tracked"));
        QCOMPARE(int64(back, "spooled"), qint64(2 * BatchSize));
        QCOMPARE(seqsInSpool(spoolDir()), seqRange(0, 2 * BatchSize)); // both on disk now
    }
    const QJsonObject atExit = child.command("quit", QStringLiteral("shutdown"));
    QVERIFY2(child.waitForFinished(10000), child.transcript().constData());
    QCOMPARE(droppedFor(atExit, "ShutdownDeadline"), spaceComesBack ? 0 : qint64(BatchSize));
    QCOMPARE(accountedFor(atExit), int64(atExit, "tracked"));
    const QByteArray err = child.standardError();
    QCOMPARE(err.count("no space left for the telemetry spool"), 1);
    QCOMPARE(err.count("telemetry spool unavailable"), 0);

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    QVERIFY(!drain(receiver).isEmpty());
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(keysOf(seqs), spaceComesBack ? seqRange(0, 2 * BatchSize) : QList<qint64>());
    for (int count : seqs)
        QCOMPARE(count, 1);
}

void tst_ReliabilityFaults::killedAtEachStepOfABatch_data()
{
    QTest::addColumn<QString>("stopAt");
    QTest::addColumn<bool>("collectorUp");
    QTest::addColumn<int>("events");
    QTest::addColumn<int>("batchesOnDisk"); // complete batch files at the kill: the next run sends them
    QTest::addColumn<int>("tmpFiles");
    QTest::addColumn<bool>("tmpComplete");
    QTest::addColumn<int>("arrivals"); // how often each of their events arrives in the end

    // Three batches; the kill comes during the second one's write: the first is safe, the second is lost
    // with the third (still in memory). The interrupted write is deleted by the next run, never sent.
    QTest::newRow("while writing the spool file") << QStringLiteral("writing:2") << false << 300 << 1 << 1 << false << 1;
    QTest::newRow("written, before the rename") << QStringLiteral("renaming:2") << false << 300 << 1 << 1 << true << 1;
    QTest::newRow("right after the rename") << QStringLiteral("renamed:2") << false << 300 << 2 << 0 << false << 1;
    // Delivered (2xx) but not yet removed: the next run sends it again.
    QTest::newRow("between the 2xx and the removal") << QStringLiteral("removing:1") << true << 100 << 1 << 0 << false << 2;
}

/*
    Killed (SIGKILL) at a step of a batch's life: the child stops itself exactly there, the test looks at
    the spool as the kill leaves it, kills, and the next run delivers. What was in a complete spool file
    arrives (twice if it had been acknowledged); what was not (the batch being written, the records not
    yet in a batch: at most one flush interval's) is lost. Nothing else arrives.
*/
void tst_ReliabilityFaults::killedAtEachStepOfABatch()
{
    QFETCH(QString, stopAt);
    QFETCH(bool, collectorUp);
    QFETCH(int, events);
    QFETCH(int, batchesOnDisk);
    QFETCH(int, tmpFiles);
    QFETCH(bool, tmpComplete);
    QFETCH(int, arrivals);

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    receiver.setStatus(collectorUp ? 0 : 503);
    Child child(environment());
    QVERIFY(child.start(arguments(QStringLiteral("flood"), receiver.baseUrl(),
                                  {QStringLiteral("--count"), QString::number(events), QStringLiteral("--no-compression"),
                                   QStringLiteral("--stop-at"), stopAt})));
    const QByteArray marker = child.waitForLineStarting("stopped ");
    QVERIFY2(!marker.isEmpty(), child.transcript().constData());

    // Frozen exactly at the step: the spool as the kill leaves it.
    QCOMPARE(spoolFiles(spoolDir()).size(), batchesOnDisk);
    const QStringList tmps = spoolFiles(spoolDir(), QStringLiteral("*.tmp"));
    QCOMPARE(tmps.size(), tmpFiles);
    if (!tmps.isEmpty())
        QCOMPARE(BatchFile::read(tmps.first()).complete, tmpComplete);
    const QList<qint64> safe = seqsInSpool(spoolDir());
    QCOMPARE(safe, seqRange(0, qint64(batchesOnDisk) * BatchSize));
    const QList<OtlpReceiver::Request> beforeKill = receiver.requests();
    QCOMPARE(int(std::count_if(beforeKill.cbegin(), beforeKill.cend(), accepted)), collectorUp ? 1 : 0);
    QVERIFY2(child.kill(), child.transcript().constData());

    receiver.setStatus(0);
    const QJsonObject next = drain(receiver);
    QVERIFY(!next.isEmpty());
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    qInfo("%s: %d events tracked, %lld in complete spool files at the kill; %lld arrived, %d lost", marker.constData(),
          events, qint64(safe.size()), qint64(seqs.size()), events - int(seqs.size()));
    QCOMPARE(keysOf(seqs), safe); // all that was safe, nothing else
    for (int count : seqs)
        QCOMPARE(count, arrivals);
    QCOMPARE(int64(next, "dropped"), 0);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
    QCOMPARE(spoolFiles(spoolDir(), QStringLiteral("*.tmp")), QStringList());
}

/*
    A run adopts the batches of a slot whose process died, one rename at a time, and is killed after the
    first. Each file is in exactly one slot at any moment, so the run after finds them all (some in its
    own slot, the rest still to adopt): nothing lost, nothing sent twice.
*/
void tst_ReliabilityFaults::killedWhileAdoptingAnotherSlot()
{
    const QUrl down = closedEndpoint();
    // Slots 0 and 1 are held by this process while a first run leaves three batches in slot 2.
    QVERIFY(QDir().mkpath(slotPath(spoolDir(), 0)) && QDir().mkpath(slotPath(spoolDir(), 1)));
    QLockFile slot0(QDir(slotPath(spoolDir(), 0)).filePath(QStringLiteral("slot.lock")));
    QLockFile slot1(QDir(slotPath(spoolDir(), 1)).filePath(QStringLiteral("slot.lock")));
    QVERIFY(slot0.tryLock(0) && slot1.tryLock(0));
    Child first(environment());
    QVERIFY(first.start(arguments(QStringLiteral("flood"), down,
                                  {QStringLiteral("--count"), QStringLiteral("300"), QStringLiteral("--no-compression")})));
    QVERIFY2(first.waitForFinished(30000) && first.process().exitCode() == 0, first.transcript().constData());
    QCOMPARE(batchesIn(slotPath(spoolDir(), 2)), 3);

    // The next run gets slot 0 and adopts slot 2; it is killed after the first file moved.
    slot0.unlock();
    Child adopter(environment());
    QVERIFY(adopter.start(
        arguments(QStringLiteral("script"), down, {QStringLiteral("--stop-at"), QStringLiteral("adopting:1")})));
    QVERIFY2(!adopter.waitForLineStarting("stopped ").isEmpty(), adopter.transcript().constData());
    QCOMPARE(batchesIn(slotPath(spoolDir(), 0)), 1);
    QCOMPARE(batchesIn(slotPath(spoolDir(), 2)), 2);
    QVERIFY2(adopter.kill(), adopter.transcript().constData());

    // The run after takes slot 0 again (the killed run's lock is stale) and adopts the rest.
    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    QVERIFY(!drain(receiver).isEmpty());
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(keysOf(seqs), seqRange(0, 300));
    for (int count : seqs)
        QCOMPARE(count, 1);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
    slot1.unlock();
}

/*
    The spool directory turns read-only under a running client (a read-only bind mount: root ignores
    permission bits). New batches are kept in memory (reported once); what is on disk is still read and
    delivered, but its files cannot be removed, so the next run sends those batches again. A batch still
    in memory at exit is lost, and counted.
*/
void tst_ReliabilityFaults::spoolDirectoryMadeReadOnlyWhileRunning()
{
    QVERIFY(QDir().mkpath(spoolDir()));
    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    receiver.setStatus(503);
    Child child(environment());
    QVERIFY(child.start(arguments(QStringLiteral("script"), receiver.baseUrl(), {QStringLiteral("--no-compression")})));
    QVERIFY2(!child.waitForStatus(QStringLiteral("ready")).isEmpty(), child.transcript().constData());
    QVERIFY(!child.command("track 200", QStringLiteral("tracked")).isEmpty());
    QCOMPARE(seqsInSpool(spoolDir()), seqRange(0, 200));

    const auto readOnly = TestMount::readOnlyBind(spoolDir());
    if (!readOnly->isMounted())
        QSKIP(qPrintable(QStringLiteral("needs a read-only bind mount: %1").arg(readOnly->error())));
    const QJsonObject inMemory = child.command("track 100", QStringLiteral("tracked"));
    QCOMPARE(inMemory.value(QLatin1String("spool_persistent")).toBool(), false);
    QVERIFY(!inMemory.value(QLatin1String("spool_error")).toString().isEmpty());
    QCOMPARE(int64(inMemory, "spooled"), 300);

    receiver.setStatus(0); // the collector is back: all three batches are delivered
    const QJsonObject delivered = child.command("flush", QStringLiteral("flushed"));
    QCOMPARE(int64(delivered, "sent"), 300);
    QCOMPARE(seqsInSpool(spoolDir()), seqRange(0, 200)); // delivered, but their files could not go

    receiver.setStatus(503); // down again: the last batch waits in memory until the exit
    QVERIFY(!child.command("track 100", QStringLiteral("tracked")).isEmpty());
    const QJsonObject atExit = child.command("quit", QStringLiteral("shutdown"));
    QVERIFY2(child.waitForFinished(10000), child.transcript().constData());
    QCOMPARE(droppedFor(atExit, "ShutdownDeadline"), 100);
    QCOMPARE(int64(atExit, "dropped"), 100);
    QCOMPARE(child.standardError().count("telemetry spool unavailable"), 1);

    readOnly->unmount();
    receiver.setStatus(0);
    QVERIFY(!drain(receiver).isEmpty());
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(keysOf(seqs), seqRange(0, 300)); // 300..399 were lost at exit
    for (auto it = seqs.cbegin(); it != seqs.cend(); ++it)
        QCOMPARE(it.value(), it.key() < 200 ? 2 : 1);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
}

/*
    The spool directory is deleted under a running client. The batches in it are gone with it (found
    missing when read for sending: counted as SpoolCorrupt); new batches are kept in memory and
    delivered; nothing is sent twice.
*/
void tst_ReliabilityFaults::spoolDirectoryRemovedWhileRunning()
{
    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    receiver.setStatus(503);
    Child child(environment());
    QVERIFY(child.start(arguments(QStringLiteral("script"), receiver.baseUrl(), {QStringLiteral("--no-compression")})));
    QVERIFY2(!child.waitForStatus(QStringLiteral("ready")).isEmpty(), child.transcript().constData());
    QVERIFY(!child.command("track 200", QStringLiteral("tracked")).isEmpty());
    QCOMPARE(spoolFiles(spoolDir()).size(), 2);

    QVERIFY(QDir(spoolDir()).removeRecursively());
    const QJsonObject inMemory = child.command("track 100", QStringLiteral("tracked"));
    QCOMPARE(inMemory.value(QLatin1String("spool_persistent")).toBool(), false);

    receiver.setStatus(0);
    const QJsonObject delivered = child.command("flush", QStringLiteral("flushed"));
    QCOMPARE(int64(delivered, "sent"), 100);
    QCOMPARE(droppedFor(delivered, "SpoolCorrupt"), 200);
    const QJsonObject atExit = child.command("quit", QStringLiteral("shutdown"));
    QVERIFY2(child.waitForFinished(10000), child.transcript().constData());
    QCOMPARE(int64(atExit, "dropped"), 200);
    QCOMPARE(accountedFor(atExit), 300);
    QCOMPARE(child.standardError().count("telemetry spool unavailable"), 1);

    QVERIFY(!drain(receiver).isEmpty()); // nothing is left for the next run
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(keysOf(seqs), seqRange(200, 100));
    for (int count : seqs)
        QCOMPARE(count, 1);
}

/*
    The wall clock jumps two hours back, then two hours ahead, then back to the truth, while batches
    wait in the spool (maxSpoolAge one hour). Ages run on a clock that never jumps, so nothing expires;
    each jump gets the files stamped again to match the wall clock, batches written while it was wrong
    included, so the next run (which has only the wall clock) delivers all of them, once.
*/
void tst_ReliabilityFaults::clockJumpsAcrossTheAgeBoundWhileRunning()
{
    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    receiver.setStatus(503);
    Child child(environment());
    QVERIFY(child.start(arguments(QStringLiteral("script"), receiver.baseUrl(),
                                  {QStringLiteral("--no-compression"), QStringLiteral("--max-spool-age"),
                                   QString::number(Hour), QStringLiteral("--flush-interval"), QStringLiteral("50")})));
    QVERIFY2(!child.waitForStatus(QStringLiteral("ready")).isEmpty(), child.transcript().constData());
    QVERIFY(!child.command("track 100", QStringLiteral("tracked")).isEmpty());

    const qint64 jumps[] = {-2 * Hour, 2 * Hour, 0};
    int files = 1;
    for (qint64 offset : jumps) {
        QVERIFY(!child.command("clock " + QByteArray::number(offset), QStringLiteral("clock")).isEmpty());
        // The age check (every flush interval) stamps the files again.
        QTRY_VERIFY2_WITH_TIMEOUT(stampsNear(spoolDir(), offset, files), child.transcript().constData(), 10000);
        if (offset != 0) {
            QVERIFY(!child.command("track 100", QStringLiteral("tracked")).isEmpty()); // written by the wrong clock
            ++files;
        }
    }
    const QJsonObject atExit = child.command("quit", QStringLiteral("shutdown"));
    QVERIFY2(child.waitForFinished(10000), child.transcript().constData());
    QCOMPARE(int64(atExit, "dropped"), 0);
    QCOMPARE(int64(atExit, "spooled"), 300);
    QCOMPARE(spoolFiles(spoolDir()).size(), 3); // stamped again, never copied

    receiver.setStatus(0);
    const QJsonObject next = drain(receiver, {QStringLiteral("--max-spool-age"), QString::number(Hour)});
    QCOMPARE(int64(next, "dropped"), 0);
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(keysOf(seqs), seqRange(0, 300));
    for (int count : seqs)
        QCOMPARE(count, 1);
}

/*
    Files written by a clock ten hours ahead, found by a run whose clock is right: not expired (a
    backward jump never expires anything), but stamped with the present, so they cannot live until the
    clock catches up: a run one bound later expires them before anything is sent.
*/
void tst_ReliabilityFaults::futureStampedLeftoversExpireOneBoundLater()
{
    const QUrl down = closedEndpoint();
    const QStringList bound{QStringLiteral("--max-spool-age"), QString::number(Hour)};
    Child ahead(environment());
    QVERIFY(ahead.start(arguments(QStringLiteral("flood"), down,
                                  bound + QStringList{QStringLiteral("--count"), QStringLiteral("300"),
                                                      QStringLiteral("--clock-offset"), QString::number(10 * Hour)})));
    QVERIFY2(ahead.waitForFinished(30000) && ahead.process().exitCode() == 0, ahead.transcript().constData());
    QVERIFY(stampsNear(spoolDir(), 10 * Hour, 3));

    Child present(environment());
    QVERIFY(present.start(arguments(QStringLiteral("script"), down, bound)));
    const QJsonObject ready = present.waitForStatus(QStringLiteral("ready"));
    QVERIFY2(!ready.isEmpty(), present.transcript().constData());
    QCOMPARE(int64(ready, "dropped"), 0);
    QCOMPARE(int64(ready, "spooled"), 300);
    QVERIFY(stampsNear(spoolDir(), 0, 3)); // stamped again at start
    QVERIFY(!present.command("quit", QStringLiteral("shutdown")).isEmpty());
    QVERIFY2(present.waitForFinished(10000), present.transcript().constData());

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    const QJsonObject later =
        drain(receiver, bound + QStringList{QStringLiteral("--clock-offset"), QString::number(Hour + 2 * 60 * 1000)});
    QVERIFY(!later.isEmpty());
    QCOMPARE(droppedFor(later, "SpoolExpired"), 300);
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
}

/*
    Instances start at the same moment (all wait on one pipe, released by closing it) while an
    earlier run's batches wait in slot 0: each gets its own slot, exactly one of them takes the
    leftovers, and every event arrives exactly once. With as many instances as slots, a slot that
    another instance holds only while it adopts from it is waited for, not given up on.
*/
void tst_ReliabilityFaults::instancesStartingTogether_data()
{
    QTest::addColumn<int>("instances");
    QTest::newRow("two") << 2;
    QTest::newRow("as many as slots") << 4;
}

void tst_ReliabilityFaults::instancesStartingTogether()
{
    QFETCH(int, instances);
    Child earlier(environment());
    QVERIFY(earlier.start(arguments(QStringLiteral("flood"), closedEndpoint(),
                                    {QStringLiteral("--count"), QStringLiteral("200")})));
    QVERIFY2(earlier.waitForFinished(30000) && earlier.process().exitCode() == 0, earlier.transcript().constData());
    QCOMPARE(batchesIn(slotPath(spoolDir(), 0)), 2);

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    int release[2];
    QCOMPARE(::pipe2(release, O_CLOEXEC), 0);
    auto closeRelease = qScopeGuard([&release] {
        for (int &fd : release) {
            if (fd >= 0)
                ::close(fd);
            fd = -1;
        }
    });
    std::vector<std::unique_ptr<Child>> twins;
    for (int i = 1; i <= instances; ++i) {
        twins.push_back(std::make_unique<Child>(environment()));
        twins.back()->process().setChildProcessModifier([fd = release[0]] { ::dup2(fd, ReleaseFd); });
        QVERIFY(twins.back()->start(arguments(QStringLiteral("script"), receiver.baseUrl(),
                                              {QStringLiteral("--first-seq"), QString::number(i * 1000),
                                               QStringLiteral("--wait-fd"), QString::number(ReleaseFd),
                                               QStringLiteral("--verbose")})));
    }
    for (const auto &twin : twins)
        QVERIFY2(!twin->waitForLineStarting("waiting").isEmpty(), twin->transcript().constData());
    closeRelease.dismiss();
    ::close(release[0]);
    ::close(release[1]); // both read the end of the pipe at once

    QSet<qint64> holders;
    for (const auto &twin : twins) {
        const QJsonObject ready = twin->waitForStatus(QStringLiteral("ready"));
        QVERIFY2(ready.value(QLatin1String("spool_persistent")).toBool(), twin->transcript().constData());
    }
    for (int slot = 0; slot < 4; ++slot) {
        QFile lock(QDir(slotPath(spoolDir(), slot)).filePath(QStringLiteral("slot.lock")));
        if (lock.open(QIODevice::ReadOnly))
            holders.insert(lock.readLine().trimmed().toLongLong());
    }
    QSet<qint64> pids;
    for (const auto &twin : twins)
        pids.insert(twin->process().processId());
    QCOMPARE(holders, pids);
    int resent = 0;
    for (const auto &twin : twins) {
        QVERIFY(!twin->command("track 100", QStringLiteral("tracked")).isEmpty());
        const QJsonObject atExit = twin->command("quit", QStringLiteral("shutdown"));
        QVERIFY2(twin->waitForFinished(10000), twin->transcript().constData());
        QCOMPARE(int64(atExit, "dropped"), 0);
        resent += twin->standardError().count("resending 2 batches an earlier run left");
    }
    QCOMPARE(resent, 1);

    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QList<qint64> expected = seqRange(0, 200);
    for (int i = 1; i <= instances; ++i)
        expected += seqRange(i * 1000, 100);
    QCOMPARE(keysOf(seqs), expected);
    for (int count : seqs)
        QCOMPARE(count, 1);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
}

/*
    Five instances, four slots: the fifth keeps its batches in memory and says so (warning, status), and
    touches nothing of the others. What it could not deliver is lost at its exit and counted; the
    others' batches all arrive with the next run.
*/
void tst_ReliabilityFaults::moreInstancesThanSlots()
{
    const QUrl down = closedEndpoint();
    std::vector<std::unique_ptr<Child>> holders;
    for (int i = 0; i < 4; ++i) {
        holders.push_back(std::make_unique<Child>(environment()));
        Child &holder = *holders.back();
        QVERIFY(holder.start(arguments(QStringLiteral("script"), down,
                                       {QStringLiteral("--first-seq"), QString::number(i * 1000)})));
        QVERIFY2(holder.waitForStatus(QStringLiteral("ready")).value(QLatin1String("spool_persistent")).toBool(),
                 holder.transcript().constData());
        QVERIFY(!holder.command("track 100", QStringLiteral("tracked")).isEmpty());
    }
    const QMap<QString, QByteArray> before = spoolContents(spoolDir());
    QCOMPARE(spoolFiles(spoolDir()).size(), 4);

    Child fifth(environment());
    QVERIFY(fifth.start(arguments(QStringLiteral("script"), down, {QStringLiteral("--first-seq"), QStringLiteral("4000")})));
    const QJsonObject ready = fifth.waitForStatus(QStringLiteral("ready"));
    QVERIFY2(!ready.isEmpty(), fifth.transcript().constData());
    QCOMPARE(ready.value(QLatin1String("spool_persistent")).toBool(), false);
    QVERIFY2(ready.value(QLatin1String("spool_error")).toString().contains(QLatin1String("no usable spool slot")),
             fifth.transcript().constData());
    QCOMPARE(int64(fifth.command("track 100", QStringLiteral("tracked")), "spooled"), 100);
    const QJsonObject fifthAtExit = fifth.command("quit", QStringLiteral("shutdown"));
    QVERIFY2(fifth.waitForFinished(10000), fifth.transcript().constData());
    QCOMPARE(droppedFor(fifthAtExit, "ShutdownDeadline"), 100);
    QCOMPARE(fifth.standardError().count("telemetry spool unavailable"), 1);
    QCOMPARE(spoolContents(spoolDir()), before); // nothing of the others touched

    for (const auto &holder : holders) {
        QCOMPARE(int64(holder->command("quit", QStringLiteral("shutdown")), "dropped"), 0);
        QVERIFY2(holder->waitForFinished(10000), holder->transcript().constData());
    }
    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    QVERIFY(!drain(receiver).isEmpty());
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(keysOf(seqs), seqRange(0, 100) + seqRange(1000, 100) + seqRange(2000, 100) + seqRange(3000, 100));
    for (int count : seqs)
        QCOMPARE(count, 1);
}

int main(int argc, char **argv)
{
    // The mounts of these tests live in a mount namespace of their own (the children share it), so a test
    // killed halfway leaves nothing mounted on the machine. Done first, while this process has one thread.
    if (::geteuid() == 0 && ::unshare(CLONE_NEWNS) == 0)
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr);
    QCoreApplication app(argc, argv);
    tst_ReliabilityFaults test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_reliability_faults.moc"
