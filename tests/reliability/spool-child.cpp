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
// Status lines are single-line JSON objects (they start with '{'); every other line does not.

#include <automagik/telemetry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMetaEnum>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <cstdio>
#include <functional>

using namespace Automagik;

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
    parser.addOptions({modeOption, endpointOption, spoolOption, settingsOption, flushOption, batchOption,
                       maxSpoolOption, maxQueueBytesOption, maxQueueSizeOption, backoffOption, maxRetriesOption,
                       maxRetryDelayOption, countOption, firstSeqOption, paceOption, timeoutOption, shutdownOption,
                       verboseOption, noAuditOption});
    parser.process(app);

    const QString mode = parser.value(modeOption);
    if (mode != QLatin1String("record") && mode != QLatin1String("flood") && mode != QLatin1String("drain")) {
        std::fprintf(stderr, "unknown --mode\n");
        return 2;
    }

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
    config.setShutdownTimeout(parser.value(shutdownOption).toInt());
    config.setVerbose(parser.isSet(verboseOption));
    config.setAuditLogEnabled(!parser.isSet(noAuditOption));

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
