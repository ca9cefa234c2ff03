// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "testsupport.h"

#include "spool/spool.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

using namespace Automagik;
using namespace Automagik::Internal;

namespace {

/*
    The spool's clocks, moved by hand for as long as an instance lives: the wall clock (stamps in files)
    and the elapsed clock (ages while a process runs).
*/
class ManualClocks
{
public:
    static constexpr qint64 Start = 1763700000000; // a plausible wall clock
    ManualClocks()
    {
        s_wall = Start;
        s_elapsed = 5000000;
        SpoolTestHooks hooks;
        hooks.wallClockMs = [] { return s_wall; };
        hooks.elapsedMs = [] { return s_elapsed; };
        Spool::setTestHooks(hooks);
    }
    ~ManualClocks() { Spool::setTestHooks({}); }
    ManualClocks(const ManualClocks &) = delete;
    ManualClocks &operator=(const ManualClocks &) = delete;

    //! Real time passes: both clocks move.
    void pass(qint64 ms)
    {
        s_wall += ms;
        s_elapsed += ms;
    }
    //! The wall clock alone is set (an administrator, NTP, a dead RTC battery).
    void jumpWallClock(qint64 ms) { s_wall += ms; }
    qint64 wall() const { return s_wall; }

private:
    static inline qint64 s_wall = 0;
    static inline qint64 s_elapsed = 0;
};

// The creation stamps in the headers of the batch files in \a slotDir, in name order.
QList<qint64> fileStamps(const QString &slotDir)
{
    QList<qint64> stamps;
    const QDir dir(slotDir);
    for (const QString &name : dir.entryList({QStringLiteral("*.batch")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const auto parsed = SpoolFile::parse(file.readAll());
        stamps << (parsed ? parsed->createdMs : -1);
    }
    return stamps;
}

} // namespace

class tst_Spool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void serializeAndParseRoundTrip();
    void parseRejectsDamagedFiles_data();
    void parseRejectsDamagedFiles();
    void batchesPersistWithPrivatePermissions();
    void reopenFindsLeftoversOldestFirst();
    void damagedLeftoversAreRemovedAndReported();
    void bodyOfAFileDamagedLaterIsRefused();
    void sizeBoundDropsOldestFirstButNeverWhatIsInFlight();
    void ageBoundDropsExpiredBatches();
    void wallClockJumpsNeitherExpireNorKeepBatches();
    void futureStampedLeftoversCannotOutliveTheBound();
    void fullDiskEvictsOldestThenWaitsInMemoryUntilSpaceReturns();
    void secondClientTakesAnotherSlot();
    void abandonedSlotsAreAdopted();
    void purgeSparesSlotsOfRunningClients();
    void unusableDirectoryKeepsBatchesInMemory();
    void defaultDirectoryIsPerProject();

private:
    Spool::Options optionsIn(const QTemporaryDir &dir) const
    {
        Spool::Options o;
        o.directory = dir.filePath(QStringLiteral("spool"));
        return o;
    }
    static QStringList batchFiles(const QString &slotDir)
    {
        return QDir(slotDir).entryList({QStringLiteral("*.batch")}, QDir::Files, QDir::Name);
    }

    QTemporaryDir m_home;
};

void tst_Spool::initTestCase()
{
    QVERIFY(m_home.isValid());
    TestSupport::isolateEnvironment(m_home);
}

void tst_Spool::serializeAndParseRoundTrip()
{
    SpoolFile file;
    file.format = "otlp-json";
    file.signal = TelemetrySignal::Metrics;
    file.items = 42;
    file.gzipped = true;
    file.createdMs = 1763700000123;
    file.body = QByteArray("\x1f\x8b binary \0 body\n with newlines", 31);
    const QByteArray bytes = file.serialize();
    const auto parsed = SpoolFile::parse(bytes);
    QVERIFY(parsed);
    QCOMPARE(parsed->format, file.format);
    QCOMPARE(parsed->signal, file.signal);
    QCOMPARE(parsed->items, 42);
    QCOMPARE(parsed->gzipped, true);
    QCOMPARE(parsed->createdMs, file.createdMs);
    QCOMPARE(parsed->body, file.body);
    QCOMPARE(parsed->serialize(), bytes);
}

void tst_Spool::parseRejectsDamagedFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("why");
    SpoolFile file;
    file.format = "otlp-json";
    file.items = 2;
    file.createdMs = 1;
    file.body = "{\"resourceSpans\":[]}";
    const QByteArray good = file.serialize();
    QTest::newRow("empty") << QByteArray() << "no header line";
    QTest::newRow("truncated body") << good.chopped(3) << "truncated";
    QTest::newRow("extra bytes") << good + "x" << "truncated";
    QByteArray flipped = good;
    flipped[flipped.size() - 2] = 'X';
    QTest::newRow("altered body") << flipped << "checksum";
    QTest::newRow("foreign file") << QByteArray("{\"hello\":1}\n") << "not a spool file";
    QTest::newRow("future version") << QByteArray(good).replace("AMTSPOOL 1 ", "AMTSPOOL 2 ") << "version";
    QTest::newRow("unknown signal") << QByteArray(good).replace(" otlp-json 0 ", " otlp-json 7 ") << "signal";
    QTest::newRow("non-canonical number") << QByteArray(good).replace(" otlp-json 0 2 ", " otlp-json 0 02 ") << "item";
    QTest::newRow("zero items") << QByteArray(good).replace(" otlp-json 0 2 ", " otlp-json 0 0 ") << "item";
    QTest::newRow("header too long") << QByteArray(300, 'A') + '\n' << "no header line";
}

void tst_Spool::parseRejectsDamagedFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, why);
    QString error;
    QVERIFY(!SpoolFile::parse(bytes, &error));
    QVERIFY2(error.contains(why), qPrintable(error));
}

void tst_Spool::batchesPersistWithPrivatePermissions()
{
    QTemporaryDir dir;
    Spool spool(optionsIn(dir));
    QVERIFY(spool.open(nullptr));
    QVERIFY(spool.isPersistent());
    const quint64 id = spool.append(TelemetrySignal::Logs, 3, false, "{\"resourceLogs\":[]}", nullptr);
    QVERIFY(id > 0);
    const QStringList files = batchFiles(spool.slotDirectory());
    QCOMPARE(files.size(), 1);
    const QFileInfo info(QDir(spool.slotDirectory()).filePath(files.constFirst()));
    QCOMPARE(info.permissions() & ~(QFile::ReadUser | QFile::WriteUser | QFile::ExeUser),
             QFile::ReadOwner | QFile::WriteOwner);
    const QFileInfo spoolDir(dir.filePath(QStringLiteral("spool")));
    QVERIFY(!(spoolDir.permissions() & (QFile::ReadGroup | QFile::ReadOther | QFile::ExeOther)));
    QCOMPARE(spool.body(id).value(), QByteArray("{\"resourceLogs\":[]}"));
    spool.remove(id);
    QVERIFY(batchFiles(spool.slotDirectory()).isEmpty());
    QCOMPARE(spool.totalBytes(), 0);
}

void tst_Spool::reopenFindsLeftoversOldestFirst()
{
    QTemporaryDir dir;
    {
        Spool spool(optionsIn(dir));
        QVERIFY(spool.open(nullptr));
        spool.append(TelemetrySignal::Traces, 1, false, "first", nullptr);
        spool.append(TelemetrySignal::Metrics, 2, true, "second", nullptr);
        spool.append(TelemetrySignal::Logs, 3, false, "third", nullptr);
        // A write interrupted by a crash leaves only a temporary file.
        QFile partial(QDir(spool.slotDirectory()).filePath(QStringLiteral("000000000004000-0000000009.batch.tmp")));
        QVERIFY(partial.open(QIODevice::WriteOnly));
        partial.write("AMTSPOOL 1 otlp-json 0 1 0 4000 100 ab\n{");
    }
    Spool again(optionsIn(dir));
    std::vector<Spool::Eviction> evictions;
    QVERIFY(again.open(&evictions));
    QVERIFY(evictions.empty());
    QCOMPARE(again.entries().size(), std::size_t(3));
    QList<QByteArray> bodies;
    QList<int> items;
    while (SpoolEntry *e = again.nextToSend()) {
        bodies << again.body(e->sequence).value();
        items << e->items;
        QCOMPARE(e->gzipped, e->items == 2);
        again.remove(e->sequence);
    }
    QCOMPARE(bodies, (QList<QByteArray>{"first", "second", "third"}));
    QCOMPARE(items, (QList<int>{1, 2, 3}));
    QVERIFY(QDir(again.slotDirectory()).entryList({QStringLiteral("*.tmp")}, QDir::Files).isEmpty());
}

void tst_Spool::damagedLeftoversAreRemovedAndReported()
{
    QTemporaryDir dir;
    QString slot;
    {
        Spool spool(optionsIn(dir));
        QVERIFY(spool.open(nullptr));
        spool.append(TelemetrySignal::Traces, 4, false, "{\"resourceSpans\":[]}", nullptr);
        slot = spool.slotDirectory();
    }
    const QString good = batchFiles(slot).constFirst();
    QFile::copy(QDir(slot).filePath(good), QDir(slot).filePath(QStringLiteral("000000000000001-0000000001.batch")));
    QFile truncated(QDir(slot).filePath(QStringLiteral("000000000000001-0000000001.batch")));
    QVERIFY(truncated.open(QIODevice::ReadWrite));
    truncated.resize(truncated.size() - 5);
    truncated.close();
    QFile garbage(QDir(slot).filePath(QStringLiteral("000000000000002-0000000002.batch")));
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write("\x00\xff garbage", 10);
    garbage.close();

    Spool again(optionsIn(dir));
    std::vector<Spool::Eviction> evictions;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("removing unreadable spool file .*truncated")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("removing unreadable spool file .*not a spool file")));
    QVERIFY(again.open(&evictions));
    QCOMPARE(evictions.size(), std::size_t(2));
    for (const auto &e : evictions)
        QCOMPARE(e.reason, DeliveryError::SpoolCorrupt);
    QCOMPARE(again.entries().size(), std::size_t(1));
    QCOMPARE(again.entries().begin()->second.items, 4);
    QCOMPARE(batchFiles(slot), QStringList{good});
}

void tst_Spool::bodyOfAFileDamagedLaterIsRefused()
{
    QTemporaryDir dir;
    Spool spool(optionsIn(dir));
    QVERIFY(spool.open(nullptr));
    const quint64 id = spool.append(TelemetrySignal::Traces, 1, false, "{\"a\":1}", nullptr);
    QFile file(QDir(spool.slotDirectory()).filePath(batchFiles(spool.slotDirectory()).constFirst()));
    QVERIFY(file.open(QIODevice::ReadWrite));
    QByteArray bytes = file.readAll();
    bytes[bytes.size() - 2] = '2';
    file.seek(0);
    file.write(bytes);
    file.close();
    QString error;
    QVERIFY(!spool.body(id, &error));
    QVERIFY2(error.contains(QStringLiteral("checksum")), qPrintable(error));
}

void tst_Spool::sizeBoundDropsOldestFirstButNeverWhatIsInFlight()
{
    QTemporaryDir dir;
    Spool::Options options = optionsIn(dir);
    options.maxBytes = 450; // two 100-byte batches with their headers (~96 bytes each) fit, three do not
    Spool spool(options);
    QVERIFY(spool.open(nullptr));
    const QByteArray body(100, 'x');
    std::vector<Spool::Eviction> evictions;
    const quint64 a = spool.append(TelemetrySignal::Traces, 1, false, body, &evictions);
    const quint64 b = spool.append(TelemetrySignal::Traces, 2, false, body, &evictions);
    QVERIFY(evictions.empty());
    spool.find(a)->inSender = true; // in flight: its outcome decides, not the bound
    const quint64 c = spool.append(TelemetrySignal::Logs, 3, false, body, &evictions);
    QCOMPARE(evictions.size(), std::size_t(1));
    QCOMPARE(evictions.front().entry.sequence, b);
    QCOMPARE(evictions.front().entry.items, 2);
    QCOMPARE(evictions.front().reason, DeliveryError::SpoolFull);
    QVERIFY(spool.find(a));
    QVERIFY(spool.find(c));
    QCOMPARE(spool.totalBytes(), 2 * (100 + 96));
    qint64 onDisk = 0;
    for (const QString &name : batchFiles(spool.slotDirectory()))
        onDisk += QFileInfo(QDir(spool.slotDirectory()).filePath(name)).size();
    QVERIFY2(onDisk <= spool.totalBytes(), qPrintable(QString::number(onDisk))); // headers are counted
    QCOMPARE(batchFiles(spool.slotDirectory()).size(), 2);
    // A batch larger than the whole bound is still kept: sending must never stall on the bound.
    evictions.clear();
    const quint64 big = spool.append(TelemetrySignal::Traces, 1, false, QByteArray(400, 'y'), &evictions);
    QVERIFY(spool.find(big));
    QCOMPARE(evictions.size(), std::size_t(1)); // c went; a is still in flight
    QVERIFY(spool.find(a));
}

void tst_Spool::ageBoundDropsExpiredBatches()
{
    ManualClocks clocks;
    QTemporaryDir dir;
    Spool::Options options = optionsIn(dir);
    options.maxAgeMs = 60000;
    Spool spool(options);
    QVERIFY(spool.open(nullptr));
    const quint64 old = spool.append(TelemetrySignal::Traces, 5, false, "old", nullptr);
    clocks.pass(120000);
    const quint64 fresh = spool.append(TelemetrySignal::Traces, 1, false, "new", nullptr);
    std::vector<Spool::Eviction> evictions;
    spool.expire(&evictions);
    QCOMPARE(evictions.size(), std::size_t(1));
    QCOMPARE(evictions.front().entry.sequence, old);
    QCOMPARE(evictions.front().reason, DeliveryError::SpoolExpired);
    QVERIFY(spool.find(fresh));
    QCOMPARE(batchFiles(spool.slotDirectory()).size(), 1);
}

/*
    While a process runs, ages follow a clock that never jumps: the wall clock jumping back or forward
    across the bound expires nothing, the files are stamped again to match the wall clock (the next run
    has only that one), and batches still expire once they are really older than the bound.
*/
void tst_Spool::wallClockJumpsNeitherExpireNorKeepBatches()
{
    constexpr qint64 Hour = 3600 * 1000;
    ManualClocks clocks;
    QTemporaryDir dir;
    Spool::Options options = optionsIn(dir);
    options.maxAgeMs = Hour;
    Spool spool(options);
    QVERIFY(spool.open(nullptr));
    spool.append(TelemetrySignal::Traces, 1, false, "written on time", nullptr);
    clocks.pass(1000);
    std::vector<Spool::Eviction> evictions;

    clocks.jumpWallClock(-2 * Hour); // back, across the bound: the file now looks written in the future
    spool.expire(&evictions);
    QVERIFY(evictions.empty());
    QCOMPARE(fileStamps(spool.slotDirectory()), QList<qint64>{clocks.wall() - 1000});

    clocks.jumpWallClock(4 * Hour); // forward, across the bound: the file would look two hours old
    spool.expire(&evictions);
    QVERIFY(evictions.empty());
    QCOMPARE(fileStamps(spool.slotDirectory()), QList<qint64>{clocks.wall() - 1000});
    spool.append(TelemetrySignal::Traces, 2, false, "written while the clock was ahead", nullptr);

    clocks.jumpWallClock(-2 * Hour); // corrected: both files match the true time again, once each
    spool.expire(&evictions);
    QVERIFY(evictions.empty());
    QCOMPARE(fileStamps(spool.slotDirectory()), (QList<qint64>{ManualClocks::Start, ManualClocks::Start + 1000}));
    QCOMPARE(spool.entries().size(), std::size_t(2));

    clocks.pass(Hour - 999); // the older one is now just over the bound, the other well within
    spool.expire(&evictions);
    QCOMPARE(evictions.size(), std::size_t(1));
    QCOMPARE(evictions.front().reason, DeliveryError::SpoolExpired);
    QCOMPARE(evictions.front().entry.items, 1);
    QCOMPARE(batchFiles(spool.slotDirectory()).size(), 1);
}

/*
    Across runs only the wall clock is known. A leftover stamped in the future (the clock was ahead when
    it was written) is not dropped, but stamped again with the present, so that it expires one bound
    later at the latest instead of living until the clock catches up.
*/
void tst_Spool::futureStampedLeftoversCannotOutliveTheBound()
{
    constexpr qint64 Hour = 3600 * 1000;
    ManualClocks clocks;
    QTemporaryDir dir;
    Spool::Options options = optionsIn(dir);
    options.maxAgeMs = Hour;
    clocks.jumpWallClock(10 * Hour);
    {
        Spool ahead(options);
        QVERIFY(ahead.open(nullptr));
        ahead.append(TelemetrySignal::Traces, 1, false, "a", nullptr);
        ahead.append(TelemetrySignal::Traces, 2, false, "b", nullptr);
    }
    clocks.jumpWallClock(-10 * Hour);
    QString slot;
    {
        Spool next(options);
        std::vector<Spool::Eviction> evictions;
        QVERIFY(next.open(&evictions));
        next.expire(&evictions);
        QVERIFY(evictions.empty()); // a backward jump never expires anything
        QCOMPARE(next.entries().size(), std::size_t(2));
        slot = next.slotDirectory();
        QCOMPARE(fileStamps(slot), (QList<qint64>{clocks.wall(), clocks.wall()}));
    }
    clocks.pass(Hour + 1);
    Spool later(options);
    std::vector<Spool::Eviction> evictions;
    QVERIFY(later.open(&evictions));
    later.expire(&evictions);
    QCOMPARE(evictions.size(), std::size_t(2));
    for (const auto &e : evictions)
        QCOMPARE(e.reason, DeliveryError::SpoolExpired);
    QVERIFY(batchFiles(slot).isEmpty());
}

/*
    A full disk is a smaller bound, not a broken spool: the oldest batches on disk make room (counted as
    SpoolFull), the rest stay on disk; when nothing is left to evict, a new batch waits in memory, and
    the first write that finds space again takes it to disk too.
*/
void tst_Spool::fullDiskEvictsOldestThenWaitsInMemoryUntilSpaceReturns()
{
    QTemporaryDir dir;
    const QString mountPoint = dir.filePath(QStringLiteral("disk"));
    const auto disk = TestSupport::TestMount::tmpfs(mountPoint, 64);
    if (!disk->isMounted())
        QSKIP(qPrintable(QStringLiteral("needs a small file system: %1").arg(disk->error())));
    Spool::Options options;
    options.directory = QDir(mountPoint).filePath(QStringLiteral("spool"));
    Spool spool(options); // the size bound (10 MiB) is far above what the disk holds
    QVERIFY(spool.open(nullptr));
    // Said once, not once per batch.
    const QRegularExpression noSpace(QStringLiteral("no space left for the telemetry spool"));
    QTest::ignoreMessage(QtWarningMsg, noSpace);
    QTest::failOnWarning(noSpace);

    std::vector<Spool::Eviction> evictions;
    quint64 last = 0;
    for (int i = 0; i < 20; ++i) // 20 x 8 KiB on a 64 KiB disk
        last = spool.append(TelemetrySignal::Traces, 1, false, QByteArray(8192, char('a' + i)), &evictions);
    QVERIFY(spool.isPersistent());
    QVERIFY(!evictions.empty());
    quint64 expected = 1; // evicted oldest first
    for (const auto &e : evictions) {
        QCOMPARE(e.reason, DeliveryError::SpoolFull);
        QCOMPARE(e.entry.sequence, expected++);
    }
    QCOMPARE(spool.entries().begin()->first, expected); // the newest are kept, all of them on disk
    QCOMPARE(spool.entries().rbegin()->first, last);
    for (const auto &[sequence, entry] : spool.entries())
        QVERIFY2(!entry.fileName.isEmpty() && entry.body.isEmpty(), qPrintable(QString::number(sequence)));
    QCOMPARE(qsizetype(spool.entries().size()), batchFiles(spool.slotDirectory()).size());
    QCOMPARE(spool.body(last).value(), QByteArray(8192, char('a' + 19)));

    // Everything on disk is in flight (not evictable), and the rest of the disk is taken by someone else.
    for (auto &[sequence, entry] : spool.entries())
        spool.find(sequence)->inSender = true;
    const QString ballast = QDir(mountPoint).filePath(QStringLiteral("ballast"));
    QVERIFY(TestSupport::fillUp(ballast) >= 0);
    evictions.clear();
    const quint64 waiting = spool.append(TelemetrySignal::Logs, 2, false, QByteArray(8192, 'w'), &evictions);
    QVERIFY(evictions.empty());
    QVERIFY(spool.isPersistent()); // a full disk is not a broken directory
    QVERIFY(spool.find(waiting)->fileName.isEmpty());
    QCOMPARE(spool.body(waiting).value(), QByteArray(8192, 'w'));
    QVERIFY(QDir(spool.slotDirectory()).entryList({QStringLiteral("*.tmp")}, QDir::Files).isEmpty());

    // Space comes back (the ballast goes, the batches in flight are delivered): the next batch goes to
    // disk, and the one that waited in memory follows it.
    QVERIFY(QFile::remove(ballast));
    while (spool.entries().begin()->first != waiting)
        spool.remove(spool.entries().begin()->first);
    const quint64 next = spool.append(TelemetrySignal::Logs, 3, false, QByteArray(100, 'n'), &evictions);
    QVERIFY(evictions.empty());
    QVERIFY(!spool.find(next)->fileName.isEmpty());
    QVERIFY(!spool.find(waiting)->fileName.isEmpty());
    QVERIFY(spool.find(waiting)->body.isEmpty());
    QCOMPARE(spool.body(waiting).value(), QByteArray(8192, 'w'));
    QCOMPARE(qsizetype(spool.entries().size()), batchFiles(spool.slotDirectory()).size());
}

void tst_Spool::secondClientTakesAnotherSlot()
{
    QTemporaryDir dir;
    Spool first(optionsIn(dir));
    Spool second(optionsIn(dir));
    QVERIFY(first.open(nullptr));
    QVERIFY(second.open(nullptr));
    QVERIFY(first.slotDirectory() != second.slotDirectory());
    first.append(TelemetrySignal::Traces, 1, false, "mine", nullptr);
    // The second client never sees, sends or deletes the first one's batches.
    QVERIFY(second.entries().empty());
    QCOMPARE(Spool::purge(optionsIn(dir).directory), 0);
    QCOMPARE(batchFiles(first.slotDirectory()).size(), 1);
}

void tst_Spool::abandonedSlotsAreAdopted()
{
    QTemporaryDir dir;
    const QString root = optionsIn(dir).directory;
    Spool holder(optionsIn(dir)); // slot-0 stays busy
    QVERIFY(holder.open(nullptr));
    {
        Spool crashed(optionsIn(dir)); // slot-1
        QVERIFY(crashed.open(nullptr));
        crashed.append(TelemetrySignal::Logs, 7, false, "left behind", nullptr);
    }
    {
        Spool other(optionsIn(dir));
        QVERIFY(other.open(nullptr));
        Spool another(optionsIn(dir));
        QVERIFY(another.open(nullptr)); // slot-2 and slot-3; one of them adopts slot-1's batch
        QCOMPARE(other.entries().size() + another.entries().size(), std::size_t(1));
    }
    QVERIFY(holder.entries().empty());
    QVERIFY(QFileInfo::exists(root));
}

void tst_Spool::purgeSparesSlotsOfRunningClients()
{
    QTemporaryDir dir;
    const QString root = optionsIn(dir).directory;
    Spool running(optionsIn(dir));
    QVERIFY(running.open(nullptr));
    running.append(TelemetrySignal::Traces, 1, false, "running", nullptr);
    QString leftSlot;
    {
        Spool finished(optionsIn(dir));
        QVERIFY(finished.open(nullptr));
        finished.append(TelemetrySignal::Traces, 2, false, "a", nullptr);
        finished.append(TelemetrySignal::Traces, 3, false, "b", nullptr);
        leftSlot = finished.slotDirectory();
    }
    QCOMPARE(Spool::purge(root), 2);
    QVERIFY(batchFiles(leftSlot).isEmpty());
    QCOMPARE(batchFiles(running.slotDirectory()).size(), 1);
    QCOMPARE(Spool::purge(QString()), 0);
    QCOMPARE(Spool::purge(dir.filePath(QStringLiteral("missing"))), 0);
}

void tst_Spool::unusableDirectoryKeepsBatchesInMemory()
{
    QTemporaryDir dir;
    // A path below a regular file cannot be created, whoever runs the test (root included).
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Spool::Options options;
    options.directory = dir.filePath(QStringLiteral("file/spool"));
    options.maxBytes = 150;
    Spool spool(options);
    QVERIFY(!spool.open(nullptr));
    QVERIFY(!spool.isPersistent());
    QVERIFY(spool.errorString().contains(options.directory));
    std::vector<Spool::Eviction> evictions;
    const quint64 a = spool.append(TelemetrySignal::Traces, 1, false, QByteArray(100, 'a'), &evictions);
    QCOMPARE(spool.body(a).value(), QByteArray(100, 'a'));
    spool.append(TelemetrySignal::Traces, 1, false, QByteArray(100, 'b'), &evictions);
    QCOMPARE(evictions.size(), std::size_t(1)); // the memory fallback keeps the same bound
    QVERIFY(!spool.find(a));
}

void tst_Spool::defaultDirectoryIsPerProject()
{
    const QString a = Spool::defaultDirectory(QStringLiteral("app-a"));
    const QString b = Spool::defaultDirectory(QStringLiteral("app-b"));
    QVERIFY(!a.isEmpty());
    QVERIFY(a != b);
    QVERIFY(a.endsWith(QStringLiteral("/automagik-telemetry/app-a/spool")));
    QVERIFY(!Spool::defaultDirectory(QStringLiteral("../../etc")).contains(QStringLiteral("/../")));
}

QTEST_GUILESS_MAIN(tst_Spool)
#include "tst_spool.moc"
