// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// RecordQueue, the hand-off between the callers' threads and the worker: first in, first out across
// its fixed-size chunks, takeAll() as the worker's drain, push()'s count as the client's wake-up
// threshold, and real threads pushing while another drains. The queue itself never refuses a record:
// its bounds (records and bytes) are applied by its caller, the client, before each push; the last
// tests drive the queue through the client to check those bounds and what is counted when they hold.
#include "flushwait.h"
#include "recordfactory.h"
#include "testsupport.h"

#include "common/recordqueue.h"

#include <automagik/telemetry.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QThread>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <numeric>
#include <vector>

using namespace Automagik;
using namespace Automagik::Internal;
using namespace TestSupport;
using Automagik::Sink::OtlpReceiver;

namespace {

constexpr std::size_t Chunk = RecordQueue::ChunkCapacity;

// The position of a record in the order it was pushed, carried in its time stamp.
Record numbered(qint64 n)
{
    return makeEvent(QStringLiteral("e"), {}, n);
}

QList<qint64> numbersOf(const std::vector<Record> &records)
{
    QList<qint64> numbers;
    for (const Record &r : records)
        numbers.append(r.timeUnixNano);
    return numbers;
}

QList<qint64> range(qint64 first, qint64 count)
{
    QList<qint64> numbers(count);
    std::iota(numbers.begin(), numbers.end(), first);
    return numbers;
}

// A started thread that is joined when it goes, also when a check failed first: it works on the test's locals.
class JoinedThread
{
public:
    explicit JoinedThread(std::function<void()> work)
        : m_thread(QThread::create(std::move(work)))
    {
        m_thread->start();
    }
    ~JoinedThread() { m_thread->wait(); }
    JoinedThread(const JoinedThread &) = delete;
    JoinedThread &operator=(const JoinedThread &) = delete;

    bool wait(int timeoutMs) { return m_thread->wait(QDeadlineTimer(timeoutMs)); }

private:
    const std::unique_ptr<QThread> m_thread;
};

/*
    A client as the bound tests need it: consent from the environment (it decides first), a consent store
    and a spool of its own, a loopback collector, and nothing that wakes the worker while a test fills the
    queue (a batch larger than the bounds, the timer an hour away): records wait in the queue until the
    test flushes.
*/
struct QueuedClient
{
    explicit QueuedClient(const std::function<void(TelemetryConfig &)> &bound)
    {
        qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
        listening = work.isValid() && receiver.listen();
        TelemetryConfig config(QStringLiteral("queue-app"), QStringLiteral("1.0.0"));
        config.setSettingsFile(work.filePath(QStringLiteral("consent.ini")));
        config.setSpoolDirectory(work.filePath(QStringLiteral("spool")));
        config.setEndpoint(receiver.baseUrl());
        config.setBatchSize(100000);
        config.setFlushInterval(3600 * 1000);
        bound(config);
        telemetry = std::make_unique<Telemetry>(config);
    }
    ~QueuedClient()
    {
        telemetry.reset();
        qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
        QFile::remove(optOutFile());
    }
    QueuedClient(const QueuedClient &) = delete;
    QueuedClient &operator=(const QueuedClient &) = delete;

    QTemporaryDir work;
    OtlpReceiver receiver;
    bool listening = false;
    std::unique_ptr<Telemetry> telemetry;
};

qint64 perSignal(const QVariantMap &status, const char *counter, const char *signal)
{
    return status.value(QLatin1String(counter)).toMap().value(QLatin1String(signal)).toLongLong();
}

} // namespace

class tst_RecordQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // The class.
    void startsEmpty();
    void pushCountsWhatIsWaiting();
    void takeAllIsFirstInFirstOut_data();
    void takeAllIsFirstInFirstOut();
    void takeAllAppendsAfterWhatTheWorkerHolds();
    void stepsTakeWholeChunksInOrder_data();
    void stepsTakeWholeChunksInOrder();
    void recordsArriveWhole();
    void drainingStartsTheCountAgain();
    void clearDropsEverythingWaiting();
    void takenAndClearedRecordsAreReleased();

    // Real threads.
    void concurrentPushesSeeEveryCountOnce();
    void producersAndAConsumerLoseNothing();

    // Its bounds, as the client applies them.
    void recordBoundIsSharedBySignalsAndDropsAreCountedPerSignal();
    void byteBoundAcceptsWhatFitsAndDropsTheNewest();

private:
    QTemporaryDir m_home;
};

void tst_RecordQueue::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
    qRegisterMetaType<OtlpReceiver::Request>();
}

// --- the class -----------------------------------------------------------------------------------------

void tst_RecordQueue::startsEmpty()
{
    RecordQueue queue;
    QCOMPARE(queue.size(), std::size_t(0));
    std::vector<Record> out;
    queue.takeAll(out);
    QVERIFY(out.empty());
    queue.clear();
    QCOMPARE(queue.size(), std::size_t(0));
}

/*
    push() answers how many records wait, counting the one just pushed: the client compares it with the
    batch size to wake the worker once a batch is full.
*/
void tst_RecordQueue::pushCountsWhatIsWaiting()
{
    RecordQueue queue;
    for (std::size_t n = 1; n <= 2 * Chunk + 1; ++n) {
        QCOMPARE(queue.push(numbered(qint64(n))), n);
        QCOMPARE(queue.size(), n);
    }
}

void tst_RecordQueue::takeAllIsFirstInFirstOut_data()
{
    QTest::addColumn<int>("count");
    // Around the chunk boundaries: the order must hold across chunks too.
    QTest::newRow("one") << 1;
    QTest::newRow("one short of a chunk") << int(Chunk - 1);
    QTest::newRow("a chunk") << int(Chunk);
    QTest::newRow("a chunk and one") << int(Chunk + 1);
    QTest::newRow("several chunks") << int(3 * Chunk + 7);
}

void tst_RecordQueue::takeAllIsFirstInFirstOut()
{
    QFETCH(int, count);
    RecordQueue queue;
    for (int n = 0; n < count; ++n)
        queue.push(numbered(n));
    std::vector<Record> out;
    queue.takeAll(out);
    QCOMPARE(numbersOf(out), range(0, count));
    QCOMPARE(queue.size(), std::size_t(0));
    std::vector<Record> again;
    queue.takeAll(again);
    QVERIFY(again.empty()); // taken means gone
}

// The worker drains into the records it still holds (a batch not yet full): those stay first.
void tst_RecordQueue::takeAllAppendsAfterWhatTheWorkerHolds()
{
    RecordQueue queue;
    std::vector<Record> held{numbered(-2), numbered(-1)};
    for (int n = 0; n < 3; ++n)
        queue.push(numbered(n));
    queue.takeAll(held);
    QCOMPARE(numbersOf(held), range(-2, 5));
}

void tst_RecordQueue::stepsTakeWholeChunksInOrder_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("step");
    QTest::newRow("fewer than a step") << 10 << 256;
    QTest::newRow("a burst, steps under a chunk") << int(7 * Chunk + 3) << 256;
    QTest::newRow("a burst, steps of a chunk") << int(7 * Chunk + 3) << int(Chunk);
    QTest::newRow("a burst, steps past a chunk") << int(7 * Chunk + 3) << int(Chunk + 1);
}

// The worker takes a burst a step at a time (so it never holds all of it in one allocation): every
// record once, in order, whole chunks per step, and never more than a chunk short of one past the step.
void tst_RecordQueue::stepsTakeWholeChunksInOrder()
{
    QFETCH(int, count);
    QFETCH(int, step);
    RecordQueue queue;
    for (int n = 0; n < count; ++n)
        queue.push(numbered(n));
    std::vector<Record> all;
    std::size_t left = std::size_t(count);
    while (left > 0) {
        std::vector<Record> taken;
        const std::size_t moved = queue.takeChunksOf(taken, std::size_t(step));
        QCOMPARE(moved, taken.size());
        QVERIFY(moved > 0);
        QVERIFY2(moved <= std::size_t(step) + Chunk - 1, qPrintable(QString::number(moved)));
        QVERIFY(moved >= qMin(left, std::size_t(step)));
        QVERIFY(moved % Chunk == 0 || moved == left); // whole chunks; only the last is partly filled
        left -= moved;
        QCOMPARE(queue.size(), left);
        std::move(taken.begin(), taken.end(), std::back_inserter(all));
    }
    QCOMPARE(numbersOf(all), range(0, count));
    std::vector<Record> none;
    QCOMPARE(queue.takeChunksOf(none, std::size_t(step)), std::size_t(0));
    QVERIFY(none.empty());
    queue.push(numbered(count)); // a push after the steps starts a fresh chunk
    QCOMPARE(queue.takeChunksOf(none, std::size_t(step)), std::size_t(1));
    QCOMPARE(numbersOf(none), range(count, 1));
}

void tst_RecordQueue::recordsArriveWhole()
{
    RecordQueue queue;
    const QVariantMap attributes{{QStringLiteral("k"), QStringLiteral("v")}, {QStringLiteral("n"), 42}};
    Record error = makeError(QStringLiteral("IOError"), QStringLiteral("disk full"), attributes);
    error.approxBytes = 321;
    queue.push(Record(error));
    queue.push(makeMetric(QStringLiteral("render.ms"), 16.5, MetricType::Histogram, attributes));
    queue.push(makeLog(QStringLiteral("cache cold"), LogSeverity::Warn));
    std::vector<Record> out;
    queue.takeAll(out);
    QCOMPARE(out.size(), std::size_t(3));
    QCOMPARE(out[0].kind, Record::Kind::Error);
    QCOMPARE(out[0].name, QStringLiteral("IOError"));
    QCOMPARE(out[0].message, QStringLiteral("disk full"));
    QCOMPARE(out[0].attributes, attributes);
    QCOMPARE(out[0].approxBytes, quint32(321)); // the worker subtracts it from the byte bound
    QCOMPARE(out[0].timeUnixNano, kRecordTime);
    QCOMPARE(out[1].kind, Record::Kind::Metric);
    QCOMPARE(out[1].metricType, MetricType::Histogram);
    QCOMPARE(out[1].value, 16.5);
    QCOMPARE(out[2].kind, Record::Kind::Log);
    QCOMPARE(out[2].severity, LogSeverity::Warn);
    QCOMPARE(out[2].signal(), TelemetrySignal::Logs);
}

// After a drain the count starts from one again: the next full batch wakes the worker again.
void tst_RecordQueue::drainingStartsTheCountAgain()
{
    constexpr std::size_t BatchSize = 5;
    RecordQueue queue;
    std::vector<Record> drained;
    int wakeUps = 0;
    qint64 next = 0;
    for (int round = 0; round < 3; ++round) {
        for (std::size_t i = 0; i < BatchSize + 2; ++i) {
            if (queue.push(numbered(next++)) == BatchSize) // the client's test: exactly one push reaches it
                ++wakeUps;
        }
        QCOMPARE(wakeUps, round + 1);
        queue.takeAll(drained);
        QCOMPARE(queue.push(numbered(next++)), std::size_t(1));
        queue.takeAll(drained);
    }
    QCOMPARE(numbersOf(drained), range(0, next));
}

void tst_RecordQueue::clearDropsEverythingWaiting()
{
    RecordQueue queue;
    for (std::size_t n = 0; n < Chunk + 3; ++n)
        queue.push(numbered(qint64(n)));
    queue.clear();
    QCOMPARE(queue.size(), std::size_t(0));
    std::vector<Record> out;
    queue.takeAll(out);
    QVERIFY(out.empty());
    QCOMPARE(queue.push(numbered(7)), std::size_t(1));
    queue.takeAll(out);
    QCOMPARE(numbersOf(out), QList<qint64>{7});
}

// Records taken or cleared are not kept alive by the queue (a telemetry client may hold megabytes).
void tst_RecordQueue::takenAndClearedRecordsAreReleased()
{
    const QString name(1000, QLatin1Char('n'));
    const QVariantMap attributes{{QStringLiteral("payload"), QString(1000, QLatin1Char('p'))}};
    RecordQueue queue;
    for (std::size_t n = 0; n < Chunk + 1; ++n)
        queue.push(makeEvent(name, attributes));
    QVERIFY(!name.isDetached()); // shared with the records waiting
    {
        std::vector<Record> out;
        queue.takeAll(out);
        QVERIFY(!name.isDetached()); // now shared with the taken records only
    }
    QVERIFY(name.isDetached());

    for (int n = 0; n < 3; ++n)
        queue.push(makeEvent(name, attributes));
    QVERIFY(!name.isDetached());
    queue.clear();
    QVERIFY(name.isDetached());
    QVERIFY(attributes.isDetached());
}

// --- real threads --------------------------------------------------------------------------------------

/*
    Callers on many threads push at once: every count from 1 to the total is answered exactly once, so
    exactly one caller sees the batch become full and wakes the worker, never none and never two.
*/
void tst_RecordQueue::concurrentPushesSeeEveryCountOnce()
{
    constexpr int Producers = 4;
    constexpr int PerProducer = 5000;
    RecordQueue queue;
    std::atomic<bool> go{false};
    std::vector<std::vector<std::size_t>> answers(Producers);
    std::vector<std::unique_ptr<JoinedThread>> threads;
    for (int p = 0; p < Producers; ++p) {
        threads.push_back(std::make_unique<JoinedThread>([&, p] {
            while (!go.load(std::memory_order_acquire))
                QThread::yieldCurrentThread(); // all start together, for as much overlap as possible
            for (int i = 0; i < PerProducer; ++i)
                answers[std::size_t(p)].push_back(queue.push(numbered(qint64(p) * PerProducer + i)));
        }));
    }
    go.store(true, std::memory_order_release);
    for (const auto &thread : threads)
        QVERIFY(thread->wait(60000));

    std::vector<std::size_t> all;
    for (const auto &a : answers)
        all.insert(all.end(), a.begin(), a.end());
    std::sort(all.begin(), all.end());
    std::vector<std::size_t> expected(std::size_t(Producers) * PerProducer);
    std::iota(expected.begin(), expected.end(), std::size_t(1));
    QVERIFY(all == expected);
    QCOMPARE(queue.size(), expected.size());
    for (const auto &a : answers) // one caller's counts only grow between drains
        QVERIFY(std::is_sorted(a.begin(), a.end()));
}

/*
    Callers push on their threads while the worker's thread drains over and over: every record arrives
    exactly once, and the records of each caller in the order that caller pushed them.
*/
void tst_RecordQueue::producersAndAConsumerLoseNothing()
{
    constexpr int Producers = 3;
    constexpr int PerProducer = 20000;
    RecordQueue queue;
    std::atomic<bool> go{false};
    std::atomic<int> producersDone{0};
    std::vector<std::unique_ptr<JoinedThread>> producers;
    for (int p = 0; p < Producers; ++p) {
        producers.push_back(std::make_unique<JoinedThread>([&, p] {
            while (!go.load(std::memory_order_acquire))
                QThread::yieldCurrentThread();
            for (int i = 0; i < PerProducer; ++i)
                queue.push(numbered(qint64(p) * PerProducer + i));
            producersDone.fetch_add(1, std::memory_order_release);
        }));
    }
    std::vector<Record> received;
    int drains = 0;
    JoinedThread consumer([&] {
        std::vector<Record> batch;
        for (;;) {
            // Read before draining: once all producers are done, this drain is the last one needed.
            const bool last = producersDone.load(std::memory_order_acquire) == Producers;
            queue.takeAll(batch);
            ++drains;
            std::move(batch.begin(), batch.end(), std::back_inserter(received));
            batch.clear();
            if (last)
                return;
            QThread::yieldCurrentThread();
        }
    });
    go.store(true, std::memory_order_release);
    for (const auto &thread : producers)
        QVERIFY(thread->wait(60000));
    QVERIFY(consumer.wait(60000));

    QCOMPARE(received.size(), std::size_t(Producers) * PerProducer);
    QCOMPARE(queue.size(), std::size_t(0));
    std::vector<QList<qint64>> perProducer(Producers);
    for (const Record &r : received)
        perProducer[std::size_t(r.timeUnixNano / PerProducer)].append(r.timeUnixNano);
    for (int p = 0; p < Producers; ++p)
        QCOMPARE(perProducer[std::size_t(p)], range(qint64(p) * PerProducer, PerProducer));
    QVERIFY(drains >= 1);
}

// --- the bounds, as the client applies them ------------------------------------------------------------

/*
    maxQueueSize bounds the records of all signals together. Past it the newest record is dropped at the
    call (what waits is older and was accepted first), counted at once for its own signal, and reported
    as QueueFull by the worker's next drain; a drain makes room again.
*/
void tst_RecordQueue::recordBoundIsSharedBySignalsAndDropsAreCountedPerSignal()
{
    QueuedClient client([](TelemetryConfig &config) { config.setMaxQueueSize(6); });
    QVERIFY(client.listening);
    Telemetry &telemetry = *client.telemetry;
    const OtlpReceiver &receiver = client.receiver;
    QSignalSpy dropped(&telemetry, &Telemetry::dropped);

    for (int i = 0; i < 3; ++i)
        telemetry.trackEvent(QStringLiteral("e%1").arg(i));
    telemetry.trackMetric(QStringLiteral("m0"), 1);
    telemetry.trackMetric(QStringLiteral("m1"), 2);
    telemetry.trackLog(QStringLiteral("l0"));
    QCOMPARE(telemetry.queueSize(), 6);
    QCOMPARE(telemetry.droppedCount(), 0);

    telemetry.trackLog(QStringLiteral("l1"));
    telemetry.trackError(QStringLiteral("E"), QStringLiteral("boom"));
    telemetry.trackMetric(QStringLiteral("m2"), 3);
    telemetry.trackEvent(QStringLiteral("e3"));
    QCOMPARE(telemetry.queueSize(), 6);
    QCOMPARE(telemetry.droppedCount(), 4);
    const QVariantMap status = telemetry.status();
    QCOMPARE(perSignal(status, "dropped", "traces"), 2);
    QCOMPARE(perSignal(status, "dropped", "metrics"), 1);
    QCOMPARE(perSignal(status, "dropped", "logs"), 1);
    QVERIFY(dropped.isEmpty()); // reported by the worker, not on the caller's thread

    QVERIFY(flushAndWait(telemetry, 20000).delivered);
    QCOMPARE(dropped.size(), 3);
    QMap<TelemetrySignal, int> reported;
    for (const auto &arguments : std::as_const(dropped)) {
        QCOMPARE(arguments.at(2).value<DeliveryError>(), DeliveryError::QueueFull);
        reported[arguments.at(0).value<TelemetrySignal>()] += arguments.at(1).toInt();
    }
    QCOMPARE(reported.value(TelemetrySignal::Traces), 2);
    QCOMPARE(reported.value(TelemetrySignal::Metrics), 1);
    QCOMPARE(reported.value(TelemetrySignal::Logs), 1);
    // What was accepted is delivered.
    QCOMPARE(telemetry.sentCount(), 6);
    int traces = 0, metrics = 0, logs = 0;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        (request.signal == QLatin1String("traces") ? traces : request.signal == QLatin1String("metrics") ? metrics : logs) +=
            request.items;
    }
    QCOMPARE(traces, 3);
    QCOMPARE(metrics, 2);
    QCOMPARE(logs, 1);

    // The drain made room: the next record is taken again.
    telemetry.trackEvent(QStringLiteral("after"));
    QCOMPARE(telemetry.queueSize(), 1);
    QCOMPARE(telemetry.droppedCount(), 4);
    QVERIFY(flushAndWait(telemetry, 20000).delivered); // while this thread serves the receiver, not in the destructor
    QCOMPARE(telemetry.sentCount(), 7);
}

/*
    maxQueueBytes bounds the estimated memory of what waits: records are taken while they fit, to the
    last one that fits, and no further; the drain gives their bytes back.
*/
void tst_RecordQueue::byteBoundAcceptsWhatFitsAndDropsTheNewest()
{
    constexpr qint64 Bound = 64 * 1024; // the smallest there is
    QueuedClient client([](TelemetryConfig &config) { config.setMaxQueueBytes(Bound); });
    QVERIFY(client.listening);
    Telemetry &telemetry = *client.telemetry;
    QSignalSpy dropped(&telemetry, &Telemetry::dropped);
    const QString name(3000, QLatin1Char('n')); // a few KiB each: a dozen or so fit

    telemetry.trackEvent(name);
    const qint64 each = telemetry.status().value(QStringLiteral("queued_bytes")).toLongLong();
    QVERIFY(each > 6000);
    const qint64 fit = Bound / each;
    QVERIFY2(fit > 1 && fit < 64, qPrintable(QString::number(fit)));
    const qint64 tracked = 3 * fit;
    for (qint64 i = 1; i < tracked; ++i)
        telemetry.trackEvent(name);
    QCOMPARE(telemetry.queueSize(), int(fit));
    QCOMPARE(telemetry.droppedCount(), tracked - fit);
    QCOMPARE(telemetry.status().value(QStringLiteral("queued_bytes")).toLongLong(), fit * each);

    QVERIFY(flushAndWait(telemetry, 20000).delivered);
    QCOMPARE(telemetry.sentCount(), fit);
    QCOMPARE(telemetry.status().value(QStringLiteral("queued_bytes")).toLongLong(), 0);
    QCOMPARE(dropped.size(), 1);
    QCOMPARE(dropped.constFirst().at(1).toLongLong(), tracked - fit);
    QCOMPARE(dropped.constFirst().at(2).value<DeliveryError>(), DeliveryError::QueueFull);
}

QTEST_GUILESS_MAIN(tst_RecordQueue)
#include "tst_recordqueue.moc"
