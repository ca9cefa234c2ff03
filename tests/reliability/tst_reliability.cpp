// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The write-ahead spool's promises, proven with real processes and real sockets: spool-child (a
// Telemetry client in its own process) is killed with SIGKILL, restarted, flooded while the collector
// is down and measured; the collector is an OtlpReceiver running in this process's event loop.
// Waits are driven by signals (QProcess output, QSignalSpy, QTRY_*), never by fixed sleeps.

#include "reliabilitysupport.h"

#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMap>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include <unistd.h>

using namespace Reliability;

namespace {

// Worker::SenderWindow: batches handed to the sender at once. A batch the collector received but whose
// acknowledgement the killed process never processed is sent again by the next run (at-least-once), so
// at most this many batches can arrive twice per kill.
constexpr int SenderWindow = 4;
constexpr qint64 MiB = 1024 * 1024;

using TestSupport::SanitizerBuild;

} // namespace

class tst_Reliability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void killAndRestartLosesAtMostOneFlushInterval_data();
    void killAndRestartLosesAtMostOneFlushInterval();
    void oneMillionEventsOfflineStayWithinBounds_data();
    void oneMillionEventsOfflineStayWithinBounds();
    void consentWithdrawnDeletesLeftovers();
    void corruptSpoolFileIsSkippedAndRemoved();
    void readOnlySpoolDirectoryFallsBackToMemory_data();
    void readOnlySpoolDirectoryFallsBackToMemory();

private:
    QProcessEnvironment childEnvironment(bool consent) const;
    QStringList commonArguments(const QString &mode, const QUrl &endpoint) const;
    QString spoolDir() const { return m_work->filePath(QStringLiteral("spool")); }

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_work; // spool and consent store of one test
};

void tst_Reliability::initTestCase()
{
    QVERIFY(m_home.isValid());
    QVERIFY2(QFileInfo(QStringLiteral(SPOOL_CHILD_PATH)).isExecutable(), SPOOL_CHILD_PATH);
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_Reliability::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
}

void tst_Reliability::cleanup()
{
    // A test may have made a directory read-only; give it back so the temporary directory can go.
    QDirIterator it(m_work->path(), QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        QFile::setPermissions(it.next(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    m_work.reset();
}

QProcessEnvironment tst_Reliability::childEnvironment(bool consent) const
{
    return Reliability::childEnvironment(m_home.path(), consent);
}

QStringList tst_Reliability::commonArguments(const QString &mode, const QUrl &endpoint) const
{
    return {QStringLiteral("--mode"), mode,
            QStringLiteral("--endpoint"), endpoint.toString(),
            QStringLiteral("--spool"), spoolDir(),
            QStringLiteral("--settings"), m_work->filePath(QStringLiteral("consent.ini"))};
}

void tst_Reliability::killAndRestartLosesAtMostOneFlushInterval_data()
{
    QTest::addColumn<bool>("collectorUp");
    QTest::addColumn<int>("crashes");
    // Nothing is acknowledged before the kill: everything old enough must come from the spool.
    QTest::newRow("collector down (503)") << false << 1;
    // Acknowledgements take 100 ms, so batches are in flight at the kill: those may arrive twice.
    QTest::newRow("collector up, slow acknowledgements") << true << 1;
    // Each restart sends what the previous run left while it records, and is killed in turn.
    QTest::newRow("collector up, killed three times in a row") << true << 3;
}

/*
    The promise: a process killed at time K loses at most what it recorded after K - flushInterval.
    A record waits in memory until its batch is full or the flush timer fires (at most one
    flushInterval), then it is encoded and written to the spool before any attempt to send it; the
    next run sends what it finds there. The test allows one more flushInterval as a scheduling margin
    (encoding, gzip, the write and a busy machine). Records are acknowledged at least once: duplicates
    are allowed but bounded by the sender's window of in-flight batches, per kill.
*/
void tst_Reliability::killAndRestartLosesAtMostOneFlushInterval()
{
    QFETCH(bool, collectorUp);
    QFETCH(int, crashes);
    constexpr int FlushInterval = 200;
    constexpr int SchedulingMargin = FlushInterval;
    constexpr int BatchSize = 100;
    const int recordForMs = crashes > 1 ? 1000 : 1500;

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    if (collectorUp)
        receiver.setDelayMs(100);
    else
        receiver.setStatus(503);

    QElapsedTimer testClock;
    testClock.start();

    struct Tick
    {
        qint64 seq;
        qint64 ms; // since the start of the child that recorded it
        qint64 killMs; // when that child was killed, on its clock
    };
    std::vector<Tick> ticks; // over every run
    qint64 nextSeq = 0;
    int leftBatches = 0;
    for (int run = 0; run < crashes; ++run) {
        // Records one event per millisecond until it is killed.
        const std::size_t firstTick = ticks.size();
        qint64 startRef = -1; // the child's start on CLOCK_MONOTONIC
        Child recorder(childEnvironment(true));
        recorder.onLine = [&](const QByteArray &line) {
            const QList<QByteArray> f = line.split(' ');
            if (f.size() == 3 && f[0] == "seq")
                ticks.push_back({f[1].toLongLong(), f[2].toLongLong(), -1});
            else if (f.size() == 2 && f[0] == "start")
                startRef = f[1].toLongLong();
        };
        QStringList args = commonArguments(QStringLiteral("record"), receiver.baseUrl());
        args << QStringLiteral("--flush-interval") << QString::number(FlushInterval) << QStringLiteral("--batch-size")
             << QString::number(BatchSize) << QStringLiteral("--first-seq") << QString::number(nextSeq);
        QVERIFY(recorder.start(args));
        QTRY_VERIFY2_WITH_TIMEOUT(ticks.size() > firstTick && ticks.back().ms >= recordForMs,
                                  recorder.transcript().constData(), 30000);
        QElapsedTimer killClock;
        killClock.start();
        recorder.process().kill(); // SIGKILL: no shutdown, no flush, no destructor
        const qint64 killRef = killClock.msecsSinceReference();
        QVERIFY(recorder.waitForFinished(10000));
        QCOMPARE(recorder.process().exitStatus(), QProcess::CrashExit);
        QVERIFY(startRef > 0);
        const qint64 killMs = killRef - startRef; // the kill on the child's clock
        QVERIFY2(ticks.back().ms <= killMs + 1, "the child's clock and ours disagree");
        for (std::size_t i = firstTick; i < ticks.size(); ++i) {
            QCOMPARE(ticks[i].seq, nextSeq + qint64(i - firstTick)); // every line arrived, in order
            ticks[i].killMs = killMs;
        }
        nextSeq = ticks.back().seq + 1;
        leftBatches = int(spoolFiles(spoolDir()).size());
    }
    const QList<OtlpReceiver::Request> beforeDrain = receiver.requests();
    const int acceptedBeforeDrain = int(std::count_if(beforeDrain.cbegin(), beforeDrain.cend(), accepted));
    if (!collectorUp)
        QCOMPARE(acceptedBeforeDrain, 0);

    // The collector is healthy; the next start sends what the last run left in the spool.
    receiver.setStatus(0);
    receiver.setDelayMs(0);
    Child drainer(childEnvironment(true));
    QVERIFY(drainer.start(commonArguments(QStringLiteral("drain"), receiver.baseUrl())));
    QVERIFY2(drainer.waitForFinished(60000), drainer.transcript().constData());
    QVERIFY2(drainer.process().exitStatus() == QProcess::NormalExit && drainer.process().exitCode() == 0,
             drainer.transcript().constData());
    QCOMPARE(int64(drainer.status(QStringLiteral("drained")), "queue_size"), 0);
    QVERIFY2(spoolFiles(spoolDir()).isEmpty(), "acknowledged batches must leave the spool");

    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    // Nothing arrives that was never recorded (a printed seq may be killed before it is tracked, never after).
    QVERIFY(!seqs.isEmpty());
    QVERIFY2(seqs.firstKey() >= 0 && seqs.lastKey() < nextSeq,
             qPrintable(QStringLiteral("received seq %1..%2, recorded 0..%3")
                            .arg(seqs.firstKey())
                            .arg(seqs.lastKey())
                            .arg(nextSeq - 1)));

    QList<qint64> missingOld;
    int lost = 0;
    qint64 oldestLostAgeMs = 0;
    for (const Tick &tick : ticks) {
        if (seqs.contains(tick.seq))
            continue;
        ++lost;
        if (tick.ms < tick.killMs - FlushInterval - SchedulingMargin)
            missingOld.append(tick.seq);
        oldestLostAgeMs = qMax(oldestLostAgeMs, tick.killMs - tick.ms);
    }
    int duplicates = 0;
    for (int count : seqs)
        duplicates += count - 1;

    qInfo("%d run(s) killed after ~%d ms each: recorded %lld events; %d batch files left by the last; %d requests "
          "accepted before the final run; received %lld distinct; lost %d, all recorded within %lld ms of a kill; "
          "%d duplicates; test time %lld ms",
          crashes, recordForMs, nextSeq, leftBatches, acceptedBeforeDrain, qint64(seqs.size()), lost, oldestLostAgeMs,
          duplicates, testClock.elapsed());
    QVERIFY2(missingOld.isEmpty(),
             qPrintable(QStringLiteral("%1 events recorded more than %2 ms before a kill are lost, first seq %3")
                            .arg(missingOld.size()).arg(FlushInterval + SchedulingMargin).arg(missingOld.value(0))));
    QVERIFY2(duplicates <= crashes * SenderWindow * BatchSize,
             qPrintable(QStringLiteral("%1 duplicates: more than the batches in flight at the kills").arg(duplicates)));
    if (!collectorUp)
        QCOMPARE(duplicates, 0); // nothing was acknowledged before the kill, so nothing is sent twice
}

void tst_Reliability::oneMillionEventsOfflineStayWithinBounds_data()
{
    QTest::addColumn<QStringList>("extraArguments");
    QTest::addColumn<int>("queueBytesFactor");
    // The defaults but for maxQueueBytes: the producer outruns the worker and the byte bound drops first.
    QTest::newRow("defaults, as fast as possible") << QStringList() << 1;
    // The worker keeps up, so every event reaches the spool and the spool's byte bound evicts the oldest.
    QTest::newRow("paced, the spool bound evicts")
        << QStringList{QStringLiteral("--pace"), QStringLiteral("1000")} << 1;
    // Only maxQueueBytes holds memory, with the record-count bound out of the way. The per-record estimate
    // follows the allocator (chunk sizes of the record, its map nodes and strings), so the nominal bound
    // holds: peak RSS 51 to 63 MB measured (idle 13 MB) against 81 MB.
    QTest::newRow("byte bound alone (maxQueueSize unlimited)")
        << QStringList{QStringLiteral("--max-queue-size"), QStringLiteral("100000000")} << 1;
}

/*
    A million events while the collector is down: the queue's bounds hold memory, the spool's byte
    bound holds the disk, every event is accounted for, and what the spool kept is delivered by the
    next run.
*/
void tst_Reliability::oneMillionEventsOfflineStayWithinBounds()
{
    QFETCH(QStringList, extraArguments);
    QFETCH(int, queueBytesFactor);
    constexpr qint64 Events = 1000000;
    constexpr qint64 MaxSpoolBytes = 10 * MiB; // the default
    constexpr qint64 MaxQueueBytes = 32 * MiB; // a fifth of the default: the flood needs a second or two
    // Memory the bound leaves for what is neither a queued record nor a spooled batch: the HTTP stack
    // created at the first send, the worker's encoder buffers, allocator slack.
    constexpr qint64 SlackKb = 24 * 1024;
    constexpr qint64 MaxHeaderBytes = 256; // SpoolFile::MaxHeaderBytes: the header line of a spool file
    QElapsedTimer testClock;
    testClock.start();

    const QUrl down = closedEndpoint();
    QVERIFY(down.isValid());
    // Fail fast and pause, so the counters settle soon after the flood.
    const QStringList offline{QStringLiteral("--retry-backoff"), QStringLiteral("50"), QStringLiteral("--max-retries"),
                              QStringLiteral("1"), QStringLiteral("--max-retry-delay"), QStringLiteral("500"),
                              QStringLiteral("--shutdown-timeout"), QStringLiteral("1000")};

    // The baseline: the same process idle (client constructed and consented, nothing tracked).
    Child idle(childEnvironment(true));
    QStringList idleArgs = commonArguments(QStringLiteral("flood"), down) + offline;
    idleArgs.replace(idleArgs.indexOf(spoolDir()), m_work->filePath(QStringLiteral("idle-spool")));
    idleArgs << QStringLiteral("--count") << QStringLiteral("0");
    QVERIFY(idle.start(idleArgs));
    QVERIFY2(idle.waitForFinished(60000), idle.transcript().constData());
    const qint64 baselineKb = int64(idle.status(QStringLiteral("settled")), "peak_rss_kb");
    QVERIFY2(baselineKb > 0, idle.transcript().constData());

    // The flood, offline.
    Child flood(childEnvironment(true));
    QStringList floodArgs = commonArguments(QStringLiteral("flood"), down) + offline + extraArguments;
    floodArgs << QStringLiteral("--count") << QString::number(Events) << QStringLiteral("--max-spool-bytes")
              << QString::number(MaxSpoolBytes) << QStringLiteral("--max-queue-bytes") << QString::number(MaxQueueBytes)
              << QStringLiteral("--timeout") << QStringLiteral("120000");
    QVERIFY(flood.start(floodArgs));
    QVERIFY2(flood.waitForFinished(180000), flood.transcript().constData());
    QVERIFY2(flood.process().exitStatus() == QProcess::NormalExit && flood.process().exitCode() == 0,
             flood.transcript().constData());
    const QJsonObject settled = flood.status(QStringLiteral("settled"));
    const QJsonObject afterShutdown = flood.status(QStringLiteral("shutdown"));
    QVERIFY2(!settled.isEmpty() && !afterShutdown.isEmpty(), flood.transcript().constData());
    QVERIFY(settled.value(QLatin1String("spool_persistent")).toBool());

    // Nothing unaccounted, before and after the shutdown; every drop was also signalled, with its reason.
    QCOMPARE(accountedFor(settled), Events);
    QCOMPARE(accountedFor(afterShutdown), Events);
    QCOMPARE(int64(settled, "queued"), 0); // the flush encoded everything that was accepted
    QCOMPARE(int64(settled, "queued_bytes"), 0);
    QCOMPARE(int64(settled, "sent"), 0); // nothing can be delivered
    QCOMPARE(int64(settled, "failed"), 0); // offline is not a failure: batches wait in the spool
    const QJsonObject reasons = afterShutdown.value(QLatin1String("dropped_by_reason")).toObject();
    qint64 signalled = 0;
    for (auto it = reasons.constBegin(); it != reasons.constEnd(); ++it)
        signalled += it.value().toInteger();
    QCOMPARE(signalled, int64(afterShutdown, "dropped"));
    const qint64 queueFull = reasons.value(QLatin1String("QueueFull")).toInteger();
    const qint64 spoolFull = reasons.value(QLatin1String("SpoolFull")).toInteger();
    QCOMPARE(queueFull + spoolFull, signalled); // no other reason to drop here
    if (extraArguments.contains(QLatin1String("--pace"))) {
        QCOMPARE(queueFull, 0); // the worker kept up ...
        QVERIFY(spoolFull > 0); // ... and the spool's bound did the dropping
    } else {
        QVERIFY(queueFull > 0);
    }
    const qint64 spooled = int64(afterShutdown, "spooled");
    QVERIFY(spooled > 0);
    QCOMPARE(spooled, int64(settled, "spooled")); // an offline shutdown keeps the spool as it is

    // Memory: the idle process plus both bounds (the spool's too, in case it had to fall back to memory).
    const qint64 peakKb = int64(settled, "peak_rss_kb");
    const qint64 nominalBoundKb = baselineKb + (MaxQueueBytes + MaxSpoolBytes) / 1024 + SlackKb;
    const qint64 boundKb = baselineKb + (queueBytesFactor * MaxQueueBytes + MaxSpoolBytes) / 1024 + SlackKb;

    // Disk: the spool's bound, plus the batches it may not evict (those in the sender, and the newest).
    qint64 diskBytes = 0;
    qint64 largestFile = 0;
    const QStringList files = spoolFiles(spoolDir());
    for (const QString &file : files) {
        const qint64 size = QFileInfo(file).size();
        diskBytes += size;
        largestFile = qMax(largestFile, size);
    }
    const qint64 diskBound = MaxSpoolBytes + (SenderWindow + 1) * largestFile;
    qInfo("flood: tracked %lld events in %lld ms; sent %lld failed %lld dropped %lld (queue full %lld, spool full "
          "%lld) spooled %lld queued %lld; spool %lld body bytes in %lld batches, %lld bytes in %lld files on disk "
          "(bound %lld); peak RSS %lld kB (idle %lld kB, nominal bound %lld kB, asserted bound %lld kB); child ran "
          "%lld ms",
          Events, int64(settled, "track_ms"), int64(settled, "sent"), int64(settled, "failed"),
          int64(settled, "dropped"), queueFull, spoolFull, int64(settled, "spooled"), int64(settled, "queued"),
          int64(settled, "spool_bytes"), int64(settled, "spool_batches"), diskBytes, qint64(files.size()), diskBound,
          peakKb, baselineKb, nominalBoundKb, boundKb, int64(afterShutdown, "elapsed_ms"));
    if (SanitizerBuild) {
        qInfo("built with a sanitizer: its own memory is in the peak RSS, which is therefore reported, not "
              "asserted (%lld kB against a bound of %lld kB); every other assertion holds",
              peakKb, boundKb);
    } else {
        if (peakKb > nominalBoundKb)
            qWarning("peak RSS %lld kB exceeds baseline + maxQueueBytes + maxSpoolBytes + slack = %lld kB", peakKb,
                     nominalBoundKb);
        QVERIFY2(peakKb <= boundKb, qPrintable(QStringLiteral("peak RSS %1 kB > bound %2 kB").arg(peakKb).arg(boundKb)));
    }
    QVERIFY2(int64(settled, "spool_bytes") <= MaxSpoolBytes + (SenderWindow + 1) * largestFile,
             "the spool holds more than maxSpoolBytes");
    QCOMPARE(qint64(files.size()), int64(afterShutdown, "spool_batches"));
    QVERIFY2(diskBytes <= diskBound + qint64(files.size()) * MaxHeaderBytes,
             qPrintable(QStringLiteral("%1 bytes on disk > bound %2 + headers").arg(diskBytes).arg(diskBound)));
    // maxSpoolBytes counts whole files, header lines included.
    QVERIFY2(diskBytes <= diskBound,
             qPrintable(QStringLiteral("%1 bytes on disk > bound %2").arg(diskBytes).arg(diskBound)));

    // The next run, with the collector back: every spooled event arrives. (The audit log is off here: it
    // would rewrite up to 4 MiB of history every few dozen batches and triple the time of this drain.)
    OtlpReceiver receiver;
    receiver.setRecordLimit(0); // counted as they come rather than kept
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    std::vector<quint8> arrivals(std::size_t(Events), 0);
    qint64 items = 0;
    qint64 outOfRange = 0;
    connect(&receiver, &OtlpReceiver::requestReceived, this, [&](const OtlpReceiver::Request &request) {
        if (!accepted(request))
            return;
        forEachSeq(request.body, [&](qint64 seq) {
            ++items;
            if (seq < 0 || seq >= Events)
                ++outOfRange;
            else if (arrivals[std::size_t(seq)] < 255)
                ++arrivals[std::size_t(seq)];
        });
    });
    Child drainer(childEnvironment(true));
    QVERIFY(drainer.start(commonArguments(QStringLiteral("drain"), receiver.baseUrl())
                          << QStringLiteral("--max-spool-bytes") << QString::number(MaxSpoolBytes)
                          << QStringLiteral("--no-audit-log") << QStringLiteral("--timeout")
                          << QStringLiteral("120000")));
    QVERIFY2(drainer.waitForFinished(180000), drainer.transcript().constData());
    QVERIFY2(drainer.process().exitStatus() == QProcess::NormalExit && drainer.process().exitCode() == 0,
             drainer.transcript().constData());
    const QJsonObject drained = drainer.status(QStringLiteral("drained"));
    qint64 distinct = 0;
    for (quint8 n : arrivals)
        distinct += n > 0 ? 1 : 0;
    qInfo("drain: %lld items received, %lld distinct, %lld duplicates, sent %lld, dropped %lld, in %lld ms; "
          "test time %lld ms",
          items, distinct, items - distinct, int64(drained, "sent"), int64(drained, "dropped"),
          int64(drained, "elapsed_ms"), testClock.elapsed());
    QCOMPARE(outOfRange, 0);
    QCOMPARE(int64(drained, "dropped"), 0);
    QCOMPARE(int64(drained, "sent"), spooled);
    QCOMPARE(distinct, spooled);
    QVERIFY(items >= spooled);
    QVERIFY2(spoolFiles(spoolDir()).isEmpty(), "delivered batches must leave the spool");
}

/*
    Consent withdrawn before the next start: what an earlier run left is deleted unsent.
*/
void tst_Reliability::consentWithdrawnDeletesLeftovers()
{
    const QUrl down = closedEndpoint();
    Child recorder(childEnvironment(true));
    QVERIFY(recorder.start(commonArguments(QStringLiteral("record"), down)
                           << QStringLiteral("--flush-interval") << QStringLiteral("200")));
    QTRY_VERIFY2_WITH_TIMEOUT(spoolFiles(spoolDir()).size() >= 3, recorder.transcript().constData(), 30000);
    recorder.process().kill();
    QVERIFY(recorder.waitForFinished(10000));
    const QStringList leftFiles = spoolFiles(spoolDir());
    const qsizetype left = leftFiles.size();
    QVERIFY(left >= 3);
    // A write the kill interrupted (the spool writes aside, then renames): a whole batch body too.
    QFile copy(leftFiles.first());
    QVERIFY(copy.open(QIODevice::ReadOnly));
    QVERIFY(writeFile(leftFiles.first() + QStringLiteral(".tmp"), copy.readAll()));

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    Child drainer(childEnvironment(false));
    QVERIFY(drainer.start(commonArguments(QStringLiteral("drain"), receiver.baseUrl())));
    QVERIFY2(drainer.waitForFinished(60000), drainer.transcript().constData());
    QCOMPARE(drainer.process().exitStatus(), QProcess::NormalExit);
    const QJsonObject status = drainer.status(QStringLiteral("drained"));
    QVERIFY2(!status.isEmpty(), drainer.transcript().constData());
    QCOMPARE(status.value(QLatin1String("enabled")).toBool(), false);
    QCOMPARE(status.value(QLatin1String("decided_by")).toString(), QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED"));
    qInfo("%lld batch files left by the killed run; after the run without consent: %lld",
          qint64(left), qint64(spoolFiles(spoolDir()).size()));
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
    // An interrupted write (*.tmp) holds batch data too: the purge removes it as well.
    QCOMPARE(spoolFiles(spoolDir(), QStringLiteral("*.tmp")), QStringList());
}

/*
    Damaged files in the spool (cut short, garbage, a bad checksum, another backend's) are never
    sent: they are removed with a warning, and the valid batch next to them is delivered once.
*/
void tst_Reliability::corruptSpoolFileIsSkippedAndRemoved()
{
    constexpr int Events = 300;
    constexpr int BatchSize = 100;

    // A run with the collector down leaves three valid batches.
    const QUrl down = closedEndpoint();
    Child seeder(childEnvironment(true));
    QVERIFY(seeder.start(commonArguments(QStringLiteral("flood"), down)
                         << QStringLiteral("--count") << QString::number(Events) << QStringLiteral("--batch-size")
                         << QString::number(BatchSize) << QStringLiteral("--retry-backoff") << QStringLiteral("20")
                         << QStringLiteral("--max-retries") << QStringLiteral("1")
                         << QStringLiteral("--shutdown-timeout")
                         << QStringLiteral("500")));
    QVERIFY2(seeder.waitForFinished(60000), seeder.transcript().constData());
    QCOMPARE(int64(seeder.status(QStringLiteral("shutdown")), "spooled"), qint64(Events));
    const QStringList valid = spoolFiles(spoolDir());
    QCOMPARE(valid.size(), Events / BatchSize);

    // Damaged files beside them, named so that they sort first (oldest: tried first).
    const QString slot = QFileInfo(valid.first()).path();
    QFile source(valid.first());
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray good = source.readAll();
    const qsizetype newline = good.indexOf('\n');
    QVERIFY(newline > 0 && good.startsWith("AMTSPOOL 1 otlp-json "));
    QByteArray badChecksum = good;
    badChecksum[newline + 1 + (good.size() - newline - 1) / 2] ^= 0x5a; // the header is intact, the body is not
    QByteArray foreign = good;
    foreign.replace(0, newline, good.left(newline).replace("otlp-json", "clickhouse-json-each-row"));
    QVERIFY(writeFile(QDir(slot).filePath(QStringLiteral("000000000000001-0000000001.batch")),
                      good.left(good.size() - 7)));
    QVERIFY(writeFile(QDir(slot).filePath(QStringLiteral("000000000000002-0000000002.batch")),
                      QByteArrayLiteral("this is not a spool file\n\x01\x02\x03 garbage")));
    QVERIFY(writeFile(QDir(slot).filePath(QStringLiteral("000000000000003-0000000003.batch")), badChecksum));
    QVERIFY(writeFile(QDir(slot).filePath(QStringLiteral("000000000000004-0000000004.batch")), foreign));
    // An interrupted write.
    QVERIFY(writeFile(QDir(slot).filePath(QStringLiteral("000000000000005-0000000005.batch.tmp")), good));

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    Child drainer(childEnvironment(true));
    QVERIFY(drainer.start(commonArguments(QStringLiteral("drain"), receiver.baseUrl())));
    QVERIFY2(drainer.waitForFinished(60000), drainer.transcript().constData());
    QVERIFY2(drainer.process().exitStatus() == QProcess::NormalExit && drainer.process().exitCode() == 0,
             drainer.transcript().constData());

    // The valid batches arrive, each event once; no damaged copy of one is sent.
    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(qint64(seqs.size()), qint64(Events));
    QCOMPARE(seqs.firstKey(), qint64(0));
    QCOMPARE(seqs.lastKey(), qint64(Events - 1));
    for (int count : seqs)
        QCOMPARE(count, 1);
    QCOMPARE(int64(drainer.status(QStringLiteral("drained")), "sent"), qint64(Events));

    // Removed, with a warning each.
    QCOMPARE(spoolFiles(spoolDir()), QStringList());
    QCOMPARE(spoolFiles(spoolDir(), QStringLiteral("*.tmp")), QStringList());
    const QByteArray err = drainer.standardError();
    qInfo("drain stderr:\n%s", err.constData());
    QVERIFY2(err.contains("spool"), err.constData());
    QCOMPARE(err.count("removing unreadable spool file"), 3); // cut short, garbage, another backend's
    QVERIFY2(err.contains("truncated"), err.constData());
    QVERIFY2(err.contains("another backend"), err.constData());
    QCOMPARE(err.count("removing damaged spool file"), 1); // the bad checksum, found when read for sending
    QVERIFY2(err.contains("checksum mismatch"), err.constData());
}

void tst_Reliability::readOnlySpoolDirectoryFallsBackToMemory_data()
{
    QTest::addColumn<bool>("readOnlyDirectory");
    // Works as root too: no directory can be created below a regular file.
    QTest::newRow("parent is a regular file") << false;
    QTest::newRow("read-only directory (0500)") << true;
}

/*
    A spool directory that cannot be used: batches are kept in memory instead, everything is still
    delivered, status() says so, and the warning is printed once, not once per batch.
*/
void tst_Reliability::readOnlySpoolDirectoryFallsBackToMemory()
{
    QFETCH(bool, readOnlyDirectory);
    constexpr int Events = 500;
    QString spool;
    if (readOnlyDirectory) {
        if (::geteuid() == 0)
            QSKIP("root ignores directory permissions; the 'parent is a regular file' row covers the fallback");
        spool = m_work->filePath(QStringLiteral("read-only"));
        QVERIFY(QDir().mkpath(spool));
        QVERIFY(QFile::setPermissions(spool, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    } else {
        const QString blocker = m_work->filePath(QStringLiteral("a-file"));
        QVERIFY(writeFile(blocker, "not a directory\n"));
        spool = blocker + QStringLiteral("/spool");
    }

    OtlpReceiver receiver;
    QVERIFY2(receiver.listen(), qPrintable(receiver.errorString()));
    Child child(childEnvironment(true));
    QStringList args = commonArguments(QStringLiteral("flood"), receiver.baseUrl());
    args.replace(args.indexOf(spoolDir()), spool);
    args << QStringLiteral("--count") << QString::number(Events) << QStringLiteral("--batch-size")
         << QStringLiteral("50");
    QVERIFY(child.start(args));
    QVERIFY2(child.waitForFinished(60000), child.transcript().constData());
    QVERIFY2(child.process().exitStatus() == QProcess::NormalExit && child.process().exitCode() == 0,
             child.transcript().constData());

    const QJsonObject status = child.status(QStringLiteral("settled"));
    QVERIFY2(!status.isEmpty(), child.transcript().constData());
    QCOMPARE(status.value(QLatin1String("spool_persistent")).toBool(), false);
    const QString error = status.value(QLatin1String("spool_error")).toString();
    QVERIFY2(!error.isEmpty(), child.transcript().constData());
    QCOMPARE(int64(status, "sent"), qint64(Events));
    QCOMPARE(int64(status, "dropped"), 0);
    QCOMPARE(int64(status, "failed"), 0);
    QCOMPARE(int64(status, "queue_size"), 0);

    const QMap<qint64, int> seqs = receivedSeqs(receiver);
    QCOMPARE(qint64(seqs.size()), qint64(Events));
    QCOMPARE(seqs.lastKey(), qint64(Events - 1));

    const QByteArray err = child.standardError();
    qInfo("spool_error: %s; stderr:\n%s", qPrintable(error), err.constData());
    QCOMPARE(err.count("telemetry spool unavailable"), 1);
    if (readOnlyDirectory)
        QCOMPARE(QDir(spool).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
}

QTEST_GUILESS_MAIN(tst_Reliability)
#include "tst_reliability.moc"
