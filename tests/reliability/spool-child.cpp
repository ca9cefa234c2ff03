// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A small application under test for tst_reliability: one Telemetry client ("crash-app") in a real
// process, so the test can kill it, restart it and measure it. Consent comes from the environment
// (AUTOMAGIK_TELEMETRY_ENABLED), set by the test.
//
// Modes:
//   record  tracks "crash.tick" events with an increasing integer attribute "seq" (from --first-seq), one per
//           millisecond, and prints "seq <n> <ms since start>" (flushed) just before each one is
//           tracked, until it is killed. The first line is "start <monotonic ms>" (CLOCK_MONOTONIC,
//           comparable with QElapsedTimer::msecsSinceReference() in another process).
//   flood   tracks --count events (default 1,000,000) as fast as it can (with --pace n, it waits
//           after every n events until fewer than n are still in memory; n must exceed the batch
//           size), then flushes until the counters settle, prints a status line, shuts down and
//           prints another status line.
//   drain   records nothing; flushes until everything an earlier run left is delivered (queueSize()
//           == 0) or --timeout expires, prints a status line, shuts down, prints another one.
//           Exit code 0 when nothing is left and nothing failed.
//   script  runs the commands it reads on standard input (see Script below).
// Status lines are single-line JSON objects (they start with '{'); every other line does not.
//
// Test hooks (the child links the library's objects, so it reaches the internal Spool):
//   --stop-at step:n    at the n-th time the spool reaches step (writing, renaming, renamed, removing,
//                       adopting), prints "stopped <step> <n>" and stops itself (SIGSTOP), to be killed there.
//   --clock-offset ms   the spool's wall clock runs this far ahead (negative: behind); script can change it.
//   --wait-fd fd        before the client is created, prints "waiting" and blocks until fd reaches its end,
//                       so that a test can release several children at the same moment by closing one pipe.

#include "spool/spool.h"

#include <automagik/telemetry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaEnum>
#include <QtCore/QSocketNotifier>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>

#include <unistd.h>

using namespace Automagik;
using Automagik::Internal::Spool;
using Automagik::Internal::SpoolTestHooks;

namespace {

qint64 sumOf(const QVariant &perSignal)
{
    qint64 total = 0;
    const QVariantMap map = perSignal.toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        total += it.value().toLongLong();
    return total;
}

// kB values of "VmHWM:" (peak resident set) and "VmRSS:" from /proc/self/status; -1 when unknown.
qint64 procStatusKb(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix(field);
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix)) {
            const QByteArray value = line.mid(prefix.size()).trimmed();
            const qsizetype space = value.indexOf(' ');
            return (space < 0 ? value : value.left(space)).toLongLong();
        }
    }
    return -1;
}

void printLine(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, std::size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Items reported by the dropped() signal, per DeliveryError name.
QMap<QString, qint64> droppedByReason;

void printStatus(const Telemetry &telemetry, const QString &phase, qint64 tracked, qint64 trackMs,
                 const QElapsedTimer &clock)
{
    QJsonObject reasons;
    for (auto it = droppedByReason.cbegin(); it != droppedByReason.cend(); ++it)
        reasons.insert(it.key(), it.value());
    const QVariantMap s = telemetry.status();
    const qint64 spooled = sumOf(s.value(QStringLiteral("spooled")));
    const qint64 queueSizes = sumOf(s.value(QStringLiteral("queue_sizes")));
    QJsonObject o{
        {QStringLiteral("phase"), phase},
        {QStringLiteral("enabled"), s.value(QStringLiteral("enabled")).toBool()},
        {QStringLiteral("decided_by"), s.value(QStringLiteral("decided_by")).toString()},
        {QStringLiteral("tracked"), tracked},
        {QStringLiteral("track_ms"), trackMs},
        {QStringLiteral("elapsed_ms"), clock.elapsed()},
        {QStringLiteral("sent"), sumOf(s.value(QStringLiteral("sent")))},
        {QStringLiteral("failed"), sumOf(s.value(QStringLiteral("failed")))},
        {QStringLiteral("dropped"), sumOf(s.value(QStringLiteral("dropped")))},
        {QStringLiteral("dropped_by_reason"), reasons},
        {QStringLiteral("rejected"), sumOf(s.value(QStringLiteral("rejected")))},
        {QStringLiteral("spooled"), spooled},
        // Accepted records still in memory, not yet encoded into a spooled batch.
        {QStringLiteral("queued"), queueSizes - spooled},
        {QStringLiteral("queue_size"), telemetry.queueSize()},
        {QStringLiteral("queued_bytes"), s.value(QStringLiteral("queued_bytes")).toLongLong()},
        {QStringLiteral("spool_bytes"), s.value(QStringLiteral("spool_bytes")).toLongLong()},
        {QStringLiteral("spool_batches"), s.value(QStringLiteral("spool_batches")).toLongLong()},
        {QStringLiteral("spool_persistent"), s.value(QStringLiteral("spool_persistent")).toBool()},
        {QStringLiteral("spool_error"), s.value(QStringLiteral("spool_error")).toString()},
        {QStringLiteral("spool_directory"), s.value(QStringLiteral("spool_directory")).toString()},
        {QStringLiteral("retries"), s.value(QStringLiteral("retries")).toLongLong()},
        {QStringLiteral("peak_rss_kb"), procStatusKb("VmHWM:")},
        {QStringLiteral("rss_kb"), procStatusKb("VmRSS:")},
    };
    printLine(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// The counters that must stop moving before the flood's status is meaningful.
QList<qint64> snapshot(const Telemetry &telemetry)
{
    const QVariantMap s = telemetry.status();
    return {sumOf(s.value(QStringLiteral("sent"))), sumOf(s.value(QStringLiteral("failed"))),
            sumOf(s.value(QStringLiteral("dropped"))), sumOf(s.value(QStringLiteral("spooled"))),
            sumOf(s.value(QStringLiteral("queue_sizes"))), s.value(QStringLiteral("queued_bytes")).toLongLong()};
}

// Records accepted and not yet encoded into a spooled batch.
qint64 inMemory(const Telemetry &telemetry)
{
    const QVariantMap s = telemetry.status();
    return sumOf(s.value(QStringLiteral("queue_sizes"))) - sumOf(s.value(QStringLiteral("spooled")));
}

// --- Test hooks --------------------------------------------------------------------------------------

constexpr const char *StepNames[] = {"writing", "renaming", "renamed", "removing", "adopting"};
constexpr int StepCount = int(sizeof(StepNames) / sizeof(StepNames[0]));

struct StopAt
{
    int step = -1;
    int occurrence = 0;
};
StopAt stopAt;
std::atomic<int> stepsSeen[StepCount];
std::atomic<qint64> clockOffsetMs{0};

// "renaming:2" -> {1, 2}; step -1 when it names no step.
StopAt parseStopAt(const QString &value)
{
    const QStringList parts = value.split(QLatin1Char(':'));
    StopAt at;
    for (int i = 0; i < StepCount && parts.size() == 2; ++i) {
        if (parts[0] == QLatin1String(StepNames[i]))
            at = {i, parts[1].toInt()};
    }
    return at;
}

// Runs on the worker thread, which goes no further: once the marker is out, the spool is exactly as a
// kill at this step leaves it. SIGSTOP then freezes every thread until the parent's SIGKILL.
void onSpoolStep(SpoolTestHooks::Step step)
{
    const int index = int(step);
    const int seen = ++stepsSeen[index];
    if (index != stopAt.step || seen != stopAt.occurrence)
        return;
    printLine(QByteArray("stopped ") + StepNames[index] + ' ' + QByteArray::number(seen));
    ::raise(SIGSTOP);
}

qint64 offsetWallClock()
{
    return QDateTime::currentMSecsSinceEpoch() + clockOffsetMs.load();
}

// Blocks until \a fd reaches its end (the test closed the pipe's other end).
void waitForRelease(int fd)
{
    printLine("waiting");
    char byte = 0;
    while (::read(fd, &byte, 1) > 0) {
    }
    ::close(fd);
}

/*
    script mode: commands on standard input, one per line, each answered by a status line whose phase
    names it:
        track <n>          tracks n events (seq continuing), then flushes        -> "tracked"
        flush              flushes (the answer comes when the flush finishes)     -> "flushed"
        clock <ms>         sets the spool's wall clock offset                     -> "clock"
        status                                                                    -> "status"
        quit               shuts down (-> "shutdown") and exits; so does the end of input
    A first flush runs at start; its answer, "ready", says that the spool is open.
*/
class Script : public QObject
{
public:
    using Printer = std::function<void(const QString &phase)>;
    Script(Telemetry &telemetry, qint64 firstSeq, int shutdownMs, Printer print)
        : m_telemetry(telemetry)
        , m_seq(firstSeq)
        , m_shutdownMs(shutdownMs)
        , m_print(std::move(print))
        , m_stdin(STDIN_FILENO, QSocketNotifier::Read)
    {
        connect(&m_stdin, &QSocketNotifier::activated, this, &Script::readCommands);
        connect(&m_telemetry, &Telemetry::flushFinished, this, [this](bool) {
            if (m_answer.isEmpty())
                return;
            m_print(m_answer);
            m_answer.clear();
            runQueued();
        });
        flushThenAnswer(QStringLiteral("ready"));
    }

    qint64 tracked() const { return m_tracked; }

private:
    void readCommands()
    {
        char buffer[4096];
        const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
        if (n <= 0) {
            m_stdin.setEnabled(false);
            m_queue.append("quit");
        } else {
            m_partial.append(buffer, n);
            for (qsizetype newline; (newline = m_partial.indexOf('\n')) >= 0; m_partial.remove(0, newline + 1))
                m_queue.append(m_partial.left(newline).trimmed());
        }
        runQueued();
    }

    // One command at a time: the next waits until the answer to a flush is out.
    void runQueued()
    {
        while (m_answer.isEmpty() && !m_queue.isEmpty())
            run(m_queue.takeFirst());
    }

    void run(const QByteArray &line)
    {
        const QList<QByteArray> words = line.split(' ');
        const QByteArray &command = words.first();
        if (command == "track" && words.size() == 2) {
            const qint64 n = words[1].toLongLong();
            for (qint64 i = 0; i < n; ++i, ++m_seq)
                m_telemetry.trackEvent(QStringLiteral("crash.tick"), {{QStringLiteral("seq"), m_seq}});
            m_tracked += n;
            flushThenAnswer(QStringLiteral("tracked"));
        } else if (command == "flush") {
            flushThenAnswer(QStringLiteral("flushed"));
        } else if (command == "clock" && words.size() == 2) {
            clockOffsetMs.store(words[1].toLongLong());
            m_print(QStringLiteral("clock"));
        } else if (command == "status") {
            m_print(QStringLiteral("status"));
        } else if (command == "quit") {
            m_queue.clear();
            m_stdin.setEnabled(false);
            m_telemetry.shutdown(m_shutdownMs);
            QCoreApplication::sendPostedEvents(); // the dropped() signals of the shutdown, for the status
            m_print(QStringLiteral("shutdown"));
            QCoreApplication::exit(0);
        } else {
            printLine("unknown command: " + line);
        }
    }

    void flushThenAnswer(const QString &phase)
    {
        m_answer = phase;
        m_telemetry.flush();
    }

    Telemetry &m_telemetry;
    qint64 m_seq;
    qint64 m_tracked = 0;
    const int m_shutdownMs;
    Printer m_print;
    QSocketNotifier m_stdin;
    QByteArray m_partial;
    QByteArrayList m_queue;
    QString m_answer; // the phase that answers the flush in progress
};

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("crash-app"));
    QElapsedTimer clock;
    clock.start();

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption modeOption(QStringLiteral("mode"), QStringLiteral("record, flood or drain"),
                                        QStringLiteral("mode"), QStringLiteral("record"));
    const QCommandLineOption endpointOption(QStringLiteral("endpoint"), QStringLiteral("OTLP base URL"),
                                            QStringLiteral("url"));
    const QCommandLineOption spoolOption(QStringLiteral("spool"), QStringLiteral("spool directory"),
                                         QStringLiteral("dir"));
    const QCommandLineOption settingsOption(QStringLiteral("settings"), QStringLiteral("consent INI file"),
                                            QStringLiteral("file"));
    const QCommandLineOption flushOption(QStringLiteral("flush-interval"), QStringLiteral("ms"),
                                         QStringLiteral("ms"));
    const QCommandLineOption batchOption(QStringLiteral("batch-size"), QStringLiteral("records per batch"),
                                         QStringLiteral("n"));
    const QCommandLineOption maxSpoolOption(QStringLiteral("max-spool-bytes"), QStringLiteral("spool bound"),
                                            QStringLiteral("bytes"));
    const QCommandLineOption maxQueueBytesOption(QStringLiteral("max-queue-bytes"), QStringLiteral("queue bound"),
                                                 QStringLiteral("bytes"));
    const QCommandLineOption maxQueueSizeOption(QStringLiteral("max-queue-size"), QStringLiteral("queue bound"),
                                                QStringLiteral("records"));
    const QCommandLineOption backoffOption(QStringLiteral("retry-backoff"), QStringLiteral("first retry delay"),
                                           QStringLiteral("ms"));
    const QCommandLineOption maxRetriesOption(QStringLiteral("max-retries"), QStringLiteral("retries per batch"),
                                              QStringLiteral("n"));
    const QCommandLineOption maxRetryDelayOption(QStringLiteral("max-retry-delay"), QStringLiteral("cap"),
                                                 QStringLiteral("ms"));
    const QCommandLineOption countOption(QStringLiteral("count"), QStringLiteral("events in flood mode"),
                                         QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption firstSeqOption(QStringLiteral("first-seq"), QStringLiteral("record: the first seq"),
                                            QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption paceOption(QStringLiteral("pace"),
                                        QStringLiteral("flood: after every n events, wait until fewer than n are "
                                                       "still in memory (the worker keeps up)"),
                                        QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"), QStringLiteral("drain deadline"),
                                           QStringLiteral("ms"), QStringLiteral("60000"));
    const QCommandLineOption shutdownOption(QStringLiteral("shutdown-timeout"), QStringLiteral("shutdown deadline"),
                                            QStringLiteral("ms"), QStringLiteral("2000"));
    const QCommandLineOption verboseOption(QStringLiteral("verbose"), QStringLiteral("verbose telemetry log"));
    const QCommandLineOption noAuditOption(QStringLiteral("no-audit-log"), QStringLiteral("turn the audit log off"));
    const QCommandLineOption noCompressionOption(QStringLiteral("no-compression"),
                                                 QStringLiteral("plain JSON bodies (readable in the spool files)"));
    const QCommandLineOption maxSpoolAgeOption(QStringLiteral("max-spool-age"), QStringLiteral("age bound"),
                                               QStringLiteral("ms"));
    const QCommandLineOption stopAtOption(QStringLiteral("stop-at"), QStringLiteral("stop at the n-th spool step"),
                                          QStringLiteral("step:n"));
    const QCommandLineOption clockOffsetOption(QStringLiteral("clock-offset"),
                                               QStringLiteral("the spool's wall clock offset"), QStringLiteral("ms"));
    const QCommandLineOption waitFdOption(QStringLiteral("wait-fd"), QStringLiteral("wait for the end of this fd"),
                                          QStringLiteral("fd"));
    parser.addOptions({modeOption, endpointOption, spoolOption, settingsOption, flushOption, batchOption,
                       maxSpoolOption, maxQueueBytesOption, maxQueueSizeOption, backoffOption, maxRetriesOption,
                       maxRetryDelayOption, countOption, firstSeqOption, paceOption, timeoutOption, shutdownOption,
                       verboseOption, noAuditOption, noCompressionOption, maxSpoolAgeOption, stopAtOption,
                       clockOffsetOption, waitFdOption});
    parser.process(app);

    const QString mode = parser.value(modeOption);
    if (mode != QLatin1String("record") && mode != QLatin1String("flood") && mode != QLatin1String("drain")
        && mode != QLatin1String("script")) {
        std::fprintf(stderr, "unknown --mode\n");
        return 2;
    }
    SpoolTestHooks hooks;
    if (parser.isSet(stopAtOption)) {
        stopAt = parseStopAt(parser.value(stopAtOption));
        if (stopAt.step < 0 || stopAt.occurrence < 1) {
            std::fprintf(stderr, "bad --stop-at\n");
            return 2;
        }
        hooks.step = onSpoolStep;
    }
    if (parser.isSet(clockOffsetOption) || mode == QLatin1String("script")) {
        clockOffsetMs.store(parser.value(clockOffsetOption).toLongLong());
        hooks.wallClockMs = offsetWallClock;
    }
    Spool::setTestHooks(hooks); // before the client (and its worker thread) exists

    TelemetryConfig config(QStringLiteral("crash-app"), QStringLiteral("1.0.0"));
    if (parser.isSet(endpointOption))
        config.setEndpoint(QUrl(parser.value(endpointOption)));
    if (parser.isSet(spoolOption))
        config.setSpoolDirectory(parser.value(spoolOption));
    if (parser.isSet(settingsOption))
        config.setSettingsFile(parser.value(settingsOption));
    if (parser.isSet(flushOption))
        config.setFlushInterval(parser.value(flushOption).toInt());
    if (parser.isSet(batchOption))
        config.setBatchSize(parser.value(batchOption).toInt());
    if (parser.isSet(maxSpoolOption))
        config.setMaxSpoolBytes(parser.value(maxSpoolOption).toLongLong());
    if (parser.isSet(maxQueueBytesOption))
        config.setMaxQueueBytes(parser.value(maxQueueBytesOption).toLongLong());
    if (parser.isSet(maxQueueSizeOption))
        config.setMaxQueueSize(parser.value(maxQueueSizeOption).toInt());
    if (parser.isSet(backoffOption))
        config.setRetryBackoffBase(parser.value(backoffOption).toInt());
    if (parser.isSet(maxRetriesOption))
        config.setMaxRetries(parser.value(maxRetriesOption).toInt());
    if (parser.isSet(maxRetryDelayOption))
        config.setMaxRetryDelay(parser.value(maxRetryDelayOption).toInt());
    if (parser.isSet(maxSpoolAgeOption))
        config.setMaxSpoolAge(parser.value(maxSpoolAgeOption).toLongLong());
    if (parser.isSet(noCompressionOption))
        config.setCompressionEnabled(false);
    config.setShutdownTimeout(parser.value(shutdownOption).toInt());
    config.setVerbose(parser.isSet(verboseOption));
    config.setAuditLogEnabled(!parser.isSet(noAuditOption));

    if (parser.isSet(waitFdOption))
        waitForRelease(parser.value(waitFdOption).toInt());
    Telemetry telemetry(config);
    QObject::connect(&telemetry, &Telemetry::dropped, &telemetry,
                     [](TelemetrySignal, int items, DeliveryError error) {
                         const char *reason = QMetaEnum::fromType<DeliveryError>().valueToKey(int(error));
                         droppedByReason[QString::fromLatin1(reason)] += items;
                     });
    const QString eventName = QStringLiteral("crash.tick");
    const QString seqKey = QStringLiteral("seq");
    const int shutdownMs = parser.value(shutdownOption).toInt();

    if (mode == QLatin1String("record")) {
        printLine("start " + QByteArray::number(clock.msecsSinceReference()));
        qint64 seq = parser.value(firstSeqOption).toLongLong();
        QTimer tick;
        tick.setTimerType(Qt::PreciseTimer);
        tick.setInterval(1);
        QObject::connect(&tick, &QTimer::timeout, &telemetry, [&] {
            // Printed first: a seq that was printed may not be tracked yet when the process is killed,
            // but every tracked seq was printed.
            printLine("seq " + QByteArray::number(seq) + ' ' + QByteArray::number(clock.elapsed()));
            telemetry.trackEvent(eventName, {{seqKey, seq}});
            ++seq;
        });
        tick.start();
        return app.exec(); // until killed
    }

    if (mode == QLatin1String("script")) {
        std::unique_ptr<Script> script;
        script = std::make_unique<Script>(telemetry, parser.value(firstSeqOption).toLongLong(), shutdownMs,
                                          [&](const QString &phase) {
                                              printStatus(telemetry, phase, script ? script->tracked() : 0, 0, clock);
                                          });
        return app.exec();
    }

    qint64 tracked = 0;
    qint64 trackMs = 0;
    if (mode == QLatin1String("flood")) {
        const qint64 count = parser.value(countOption).toLongLong();
        const qint64 pace = parser.value(paceOption).toLongLong();
        QElapsedTimer trackClock;
        trackClock.start();
        for (qint64 seq = 0; seq < count; ++seq) {
            telemetry.trackEvent(eventName, {{seqKey, seq}});
            if (pace > 0 && seq % pace == pace - 1) {
                // A fast producer that the worker can follow: every record reaches the spool.
                while (inMemory(telemetry) >= pace)
                    QThread::usleep(200);
            }
        }
        trackMs = trackClock.elapsed();
        tracked = count;
    }

    // Flush until the counters stop moving (flood) or everything is delivered (drain).
    const bool drain = mode == QLatin1String("drain");
    const QDeadlineTimer deadline(parser.value(timeoutOption).toInt());
    QList<qint64> previous;
    int exitCode = 0;
    bool finished = false;
    std::function<void()> finish = [&] {
        if (finished)
            return;
        finished = true;
        printStatus(telemetry, drain ? QStringLiteral("drained") : QStringLiteral("settled"), tracked, trackMs, clock);
        telemetry.shutdown(shutdownMs);
        printStatus(telemetry, QStringLiteral("shutdown"), tracked, trackMs, clock);
        app.exit(exitCode);
    };
    QObject::connect(&telemetry, &Telemetry::flushFinished, &telemetry, [&](bool) {
        const QList<qint64> now = snapshot(telemetry);
        const bool done = drain ? telemetry.queueSize() == 0 : now == previous;
        if (done || deadline.hasExpired()) {
            if (drain)
                exitCode = telemetry.queueSize() == 0 && telemetry.failedCount() == 0 ? 0 : 1;
            else if (!done)
                exitCode = 1; // never settled
            finish();
            return;
        }
        previous = now;
        // The backend may be paused after failures: ask again a little later.
        QTimer::singleShot(drain && !telemetry.isEnabled() ? 0 : 50, &telemetry, &Telemetry::flush);
    });
    // Should no flush ever finish, report what is known at the deadline.
    QTimer::singleShot(parser.value(timeoutOption).toInt(), &telemetry, [&] {
        exitCode = 1;
        finish();
    });
    if (!telemetry.isEnabled()) {
        // No consent: no worker exists and nothing can be delivered (leftovers were purged at construction).
        QTimer::singleShot(0, &telemetry, finish);
    } else {
        QTimer::singleShot(0, &telemetry, &Telemetry::flush);
    }
    return app.exec();
}
