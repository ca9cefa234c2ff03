// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "automaticsignals.h"

#include "loopbackcollector.h"

#include "flushwait.h"

#include "client/hangdetector.h"

#include <automagik/telemetry.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtCore/QLoggingCategory>
#include <QtCore/QProcess>
#include <QtCore/QTimer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

namespace AutoSignals {

namespace {

using namespace Automagik;
using Citizen::Row;
using Citizen::eventAttributes;
using Citizen::median;
using Citizen::refusingEndpoint;
using Citizen::runEventLoopFor;
using Citizen::StallRunPauseMs;
using Citizen::useHome;
using Citizen::worstStepOfPlainLoop;
using Clock = std::chrono::steady_clock;

// Categories of the application's own logging: one the client is told to take, one it is not.
Q_LOGGING_CATEGORY(lcChosen, "bench.app.io")
Q_LOGGING_CATEGORY(lcOther, "bench.other")

const QString ChosenCategories = QStringLiteral("bench.app.*");
constexpr int NeverReached = 100000000; // events a minute: a rate limit that every call passes

qint64 nsBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
}

QString countText(qint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

struct Summary
{
    double median = 0, p99 = 0, max = 0;
};

Summary summarize(std::vector<qint64> v)
{
    if (v.empty())
        return {};
    std::sort(v.begin(), v.end());
    const auto at = [&v](double q) {
        const auto rank = std::size_t(std::ceil(q * double(v.size()))); // nearest rank
        return double(v[std::min(v.size() - 1, rank ? rank - 1 : 0)]);
    };
    return {at(0.5), at(0.99), double(v.back())};
}


TelemetryConfig baseConfig(const QUrl &endpoint, const QString &spoolName)
{
    TelemetryConfig c(QStringLiteral("bench-app"), QStringLiteral("1.0.0"));
    c.setEndpoint(endpoint);
    c.setSpoolDirectory(QDir::home().filePath(spoolName));
    return c;
}

// Every automatic signal on: crashes, unclean exits, hangs (default threshold), Qt messages, an event rate limit,
// sessions and the environment record.
void turnAllOn(TelemetryConfig &c, int eventRateLimit)
{
    c.setCrashReportingEnabled(true);
    c.setUncleanExitReportingEnabled(true);
    c.setHangDetectionEnabled(true);
    c.setQtMessageCategories({ChosenCategories});
    c.setEventRateLimit(eventRateLimit);
    c.setSessionTrackingEnabled(true);
    c.setEnvironmentReportingEnabled(true);
}



Row failure(const QString &what, const QString &why = QStringLiteral("a child process failed"))
{
    return {what, 0, QStringLiteral("count"), {}, false, QStringLiteral("ERROR: ") + why};
}

void addSummary(std::vector<Row> &rows, const QString &label, const Summary &m, const QString &note = {})
{
    rows.emplace_back(label + QStringLiteral(": median"), m.median, QStringLiteral("ns"));
    rows.emplace_back(label + QStringLiteral(": p99"), m.p99, QStringLiteral("ns"));
    rows.emplace_back(label + QStringLiteral(": worst"), m.max, QStringLiteral("ns"), QString(), std::nullopt, note);
}

// ------------------------------------------------------------------ trackEvent with limits (in process)

std::vector<Row> eventLimits(const Options &o)
{
    struct Variant
    {
        QString label;
        int rateLimit;
        double sampling; // the share of this name kept; 1: no sampling
    };
    const QString name = QString(StandardEvents::FeatureUsed);
    const Variant variants[] = {
        {QStringLiteral("event, no limit, no sampling"), 0, 1.0},
        {QStringLiteral("event, rate limit never reached"), NeverReached, 1.0},
        {QStringLiteral("event, rate limit 120/min, exceeded"), 120, 1.0},
        {QStringLiteral("event, sampling 0.5"), 0, 0.5},
    };
    std::vector<Row> rows;
    static int clients = 0;
    // The first variant twice, the first pass not reported: the process's first records (allocator, queue
    // chunks) would otherwise weigh on whichever variant came first.
    bool warmingUp = true;
    for (const std::size_t index : {0, 0, 1, 2, 3}) {
        const Variant &v = variants[index];
        LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
        if (!collector.start())
            return {failure(v.label, QStringLiteral("could not listen on 127.0.0.1"))};
        TelemetryConfig config = baseConfig(collector.baseUrl(), QStringLiteral("spool-m-%1").arg(++clients));
        config.setEventRateLimit(v.rateLimit);
        if (v.sampling < 1.0)
            config.setEventSamplingRates({{name, v.sampling}});
        Telemetry telemetry(config);
        if (!telemetry.isEnabled())
            return {failure(v.label, QStringLiteral("the client is not enabled"))};
        const qint64 warmup = qMin<qint64>(2000, o.calls);
        std::vector<qint64> samples(std::size_t(o.calls));
        for (qint64 i = -warmup; i < o.calls; ++i) {
            const QVariantMap attributes = eventAttributes(int(i)); // built outside the timed call
            const auto t0 = Clock::now();
            telemetry.trackEvent(name, attributes);
            const auto t1 = Clock::now();
            if (i >= 0)
                samples[std::size_t(i)] = nsBetween(t0, t1);
        }
        TestSupport::flushAndWait(telemetry, 60000); // the backlog does not spill into the next variant
        if (std::exchange(warmingUp, false))
            continue;
        addSummary(rows, v.label, summarize(std::move(samples)),
                   QStringLiteral("%1 sent, %2 dropped of %3 calls")
                       .arg(countText(telemetry.sentCount()), countText(telemetry.droppedCount()),
                            countText(o.calls + warmup)));
    }
    return rows;
}

// ------------------------------------------------------------------ Qt messages (in process)

std::atomic<qint64> applicationMessages{0};

// The application's own handler, where its log lines would go: here it only counts them, so that what is
// timed is Qt's logging plus the client, not a terminal.
void applicationHandler(QtMsgType, const QMessageLogContext &, const QString &)
{
    applicationMessages.fetch_add(1, std::memory_order_relaxed);
}

std::vector<qint64> timeWarnings(qint64 calls, const QLoggingCategory &category)
{
    const qint64 warmup = qMin<qint64>(500, calls);
    std::vector<qint64> samples(static_cast<std::size_t>(calls));
    for (qint64 i = -warmup; i < calls; ++i) {
        const auto t0 = Clock::now();
        qCWarning(category) << "export failed after" << i << "items";
        const auto t1 = Clock::now();
        if (i >= 0)
            samples[std::size_t(i)] = nsBetween(t0, t1);
    }
    return samples;
}

std::vector<Row> qtMessages(const Options &o)
{
    std::vector<Row> rows;
    const QtMessageHandler previous = qInstallMessageHandler(applicationHandler);
    const qint64 before = applicationMessages.load();
    addSummary(rows, QStringLiteral("qWarning, no client"), summarize(timeWarnings(o.calls, lcChosen())));

    static int clients = 0;
    for (const bool everyMessage : {false, true}) {
        LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
        if (!collector.start())
            return {failure(QStringLiteral("qWarning"), QStringLiteral("could not listen on 127.0.0.1"))};
        TelemetryConfig config = baseConfig(collector.baseUrl(), QStringLiteral("spool-mq-%1").arg(++clients));
        config.setQtMessageCategories({ChosenCategories});
        if (everyMessage)
            config.setQtMessageRateLimit(NeverReached);
        Telemetry telemetry(config);
        if (!telemetry.isEnabled())
            return {failure(QStringLiteral("qWarning"), QStringLiteral("the client is not enabled"))};
        const QString label = everyMessage ? QStringLiteral("qWarning, chosen, every one taken")
                                           : QStringLiteral("qWarning, chosen, limit 60/min");
        const Summary chosen = summarize(timeWarnings(o.calls, lcChosen()));
        std::optional<Summary> other;
        if (!everyMessage)
            other = summarize(timeWarnings(o.calls, lcOther()));
        TestSupport::flushAndWait(telemetry, 60000);
        const qint64 records = collector.tally().items;
        addSummary(rows, label, chosen,
                   QStringLiteral("log records received: %1 (rate limit %2 a minute)")
                       .arg(countText(records), countText(config.qtMessageRateLimit())));
        if (records < 1)
            rows.push_back(failure(label, QStringLiteral("no log record arrived: the handler was not installed")));
        if (other)
            addSummary(rows, QStringLiteral("qWarning, category not chosen"), *other);
    }
    const qint64 passedOn = applicationMessages.load() - before;
    qInstallMessageHandler(previous);
    const qint64 logged = 4 * (o.calls + qMin<qint64>(500, o.calls));
    if (passedOn != logged)
        rows.push_back(failure(QStringLiteral("qWarning: the application's handler"),
                               QStringLiteral("received %1 of %2 messages").arg(passedOn).arg(logged)));
    return rows;
}

// ------------------------------------------------------------------ children

// Times the heartbeat timer's event on the watched thread: from the QTimerEvent to the end of beat().
class TickTimer : public QObject
{
public:
    std::vector<qint64> samples;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Timer || m_inside)
            return false;
        m_inside = true;
        const auto t0 = Clock::now();
        watched->event(event); // QTimer::timerEvent: timeout(), then HangDetector::beat()
        samples.push_back(nsBetween(t0, Clock::now()));
        m_inside = false;
        return true;
    }

private:
    bool m_inside = false;
};

// Context switches of every thread and the main thread's, and the main thread's CPU time (ns, schedstat).
struct ThreadCounters
{
    qint64 switches = 0, mainSwitches = 0, mainCpuNs = 0;
};

ThreadCounters threadCounters()
{
    ThreadCounters out;
    const QString mainTid = QString::number(QCoreApplication::applicationPid()); // Linux: the main thread's id
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile status(tasks.filePath(tid + QStringLiteral("/status")));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        qint64 switches = 0;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                switches += line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
        out.switches += switches;
        if (tid == mainTid) {
            out.mainSwitches = switches;
            QFile schedstat(tasks.filePath(tid + QStringLiteral("/schedstat")));
            if (schedstat.open(QIODevice::ReadOnly))
                out.mainCpuNs = schedstat.readAll().split(' ').value(0).toLongLong();
        }
    }
    return out;
}

// An idle client after its first delivery, with or without hang detection (default threshold), watched for
// \a seconds: the GUI thread's wake-ups and CPU time, and each heartbeat tick timed.
int childHeartbeat(int seconds, bool hangs)
{
    LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
    if (!collector.start())
        return 2;
    TelemetryConfig config = baseConfig(collector.baseUrl(),
                                        QStringLiteral("spool-mb-%1").arg(QCoreApplication::applicationPid()));
    config.setHangDetectionEnabled(hangs);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("app_started"), eventAttributes(1));
    if (!TestSupport::flushAndWait(telemetry, 10000).delivered)
        return 3;
    TickTimer ticks;
    HangDetector *detector = telemetry.findChild<HangDetector *>();
    if (hangs) {
        QTimer *timer = detector ? detector->findChild<QTimer *>() : nullptr;
        if (!timer || !detector->isRunning())
            return 4;
        timer->installEventFilter(&ticks);
    }
    runEventLoopFor(1000); // what the first delivery set off settles
    ticks.samples.clear();
    const quint64 beatsBefore = detector ? detector->beatCount() : 0;
    const ThreadCounters before = threadCounters();
    runEventLoopFor(seconds * 1000);
    const ThreadCounters after = threadCounters();
    QJsonArray tickNs;
    for (const qint64 ns : ticks.samples)
        tickNs.append(ns);
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("switches"), after.switches - before.switches},
                                                  {QStringLiteral("mainSwitches"), after.mainSwitches - before.mainSwitches},
                                                  {QStringLiteral("mainCpuNs"), after.mainCpuNs - before.mainCpuNs},
                                                  {QStringLiteral("beats"), qint64((detector ? detector->beatCount() : 0) - beatsBefore)},
                                                  {QStringLiteral("ticks"), tickNs}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}


// Turns on the automatic signals \a which names: "all", "none", or one of crash, unclean, hangs, qt, limit,
// sessions (with the environment record).
void turnOn(TelemetryConfig &c, const QString &which)
{
    if (which == QLatin1String("all"))
        turnAllOn(c, 120);
    else if (which == QLatin1String("crash"))
        c.setCrashReportingEnabled(true);
    else if (which == QLatin1String("unclean"))
        c.setUncleanExitReportingEnabled(true);
    else if (which == QLatin1String("hangs"))
        c.setHangDetectionEnabled(true);
    else if (which == QLatin1String("qt"))
        c.setQtMessageCategories({ChosenCategories});
    else if (which == QLatin1String("limit"))
        c.setEventRateLimit(120);
    else if (which == QLatin1String("sessions")) {
        c.setSessionTrackingEnabled(true);
        c.setEnvironmentReportingEnabled(true);
    }
}

// Section j's child with the automatic signals \a which names: 11 constructions, the first one cold.
int childConstructor(const QString &home, const QString &which)
{
    const bool all = which == QLatin1String("all");
    useHome(home);
    const QUrl endpoint(QStringLiteral("http://127.0.0.1:9")); // nothing is sent: the records stay queued
    QJsonArray warm;
    qint64 cold = 0;
    for (int i = 0; i < 11; ++i) {
        TelemetryConfig config = baseConfig(endpoint, QStringLiteral("spool-mc-") + which);
        turnOn(config, which);
        // Only the constructor is measured: the end of each client, with sessions on a record refused at
        // port 9 and retried until the 2 s deadline, need not wait.
        config.setShutdownTimeout(0);
        const auto t0 = Clock::now();
        auto telemetry = std::make_unique<Telemetry>(config);
        const qint64 ns = nsBetween(t0, Clock::now());
        if (!telemetry->isEnabled())
            return 3;
        if (all && !telemetry->findChild<HangDetector *>())
            return 4; // the signals were not turned on: not what is measured
        if (i == 0)
            cold = ns;
        else
            warm.append(ns);
        telemetry.reset();
    }
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("cold"), cold}, {QStringLiteral("warm"), warm}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}

// Section k's refusing-collector run, with every automatic signal on (the rate limit never reached, so that
// the same records are made) or none; then a plain loop as long, as k's baseline.
int childStall(qint64 calls, bool all)
{
    TelemetryConfig config = baseConfig(refusingEndpoint(),
                                        QStringLiteral("spool-ms-%1").arg(QCoreApplication::applicationPid()));
    config.setTimeout(500);
    config.setMaxRetries(3);
    config.setRetryBackoffBase(50);
    if (all)
        turnAllOn(config, NeverReached);
    Telemetry telemetry(config);
    if (!telemetry.isEnabled())
        return 3;
    const QString name = QStringLiteral("feature_used");
    const QVariantMap attributes = eventAttributes(0);
    qint64 worst = 0;
    const auto start = Clock::now();
    for (qint64 i = 0; i < calls; ++i) {
        const auto t0 = Clock::now();
        telemetry.trackEvent(name, attributes);
        worst = qMax(worst, nsBetween(t0, Clock::now()));
    }
    const auto calling = Clock::now() - start;
    const qint64 dropped = telemetry.droppedCount();
    telemetry.shutdown();
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("worst"), worst},
                                                  {QStringLiteral("plain"), worstStepOfPlainLoop(calling)},
                                                  {QStringLiteral("dropped"), dropped}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}

// ------------------------------------------------------------------ parent side

std::unique_ptr<QProcess> startChild(const Options &o, const QStringList &arguments)
{
    auto child = std::make_unique<QProcess>();
    child->setProgram(o.program);
    child->setArguments(QStringList{QStringLiteral("--child")} + arguments);
    child->setProcessChannelMode(QProcess::SeparateChannels);
    child->start();
    return child;
}

std::optional<QJsonObject> finishChild(QProcess &child, int timeoutMs)
{
    if (!child.waitForFinished(timeoutMs) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        child.kill();
        child.waitForFinished(1000);
        std::fprintf(stderr, "child %s failed (exit %d): %s\n", qPrintable(child.arguments().join(QLatin1Char(' '))),
                     child.exitCode(), child.readAllStandardError().constData());
        return std::nullopt;
    }
    const QList<QByteArray> lines = child.readAllStandardOutput().trimmed().split('\n');
    const QJsonDocument doc = QJsonDocument::fromJson(lines.constLast());
    if (!doc.isObject())
        return std::nullopt;
    return doc.object();
}

std::optional<QJsonObject> runChild(const Options &o, const QStringList &arguments, int timeoutMs)
{
    const auto child = startChild(o, arguments);
    return finishChild(*child, timeoutMs);
}

std::vector<Row> heartbeat(const Options &o)
{
    const QString seconds = QString::number(o.heartbeatSeconds);
    // Both children at once: idle processes, so they hardly compete, and the section takes half as long.
    const auto on = startChild(o, {QStringLiteral("auto-beat"), seconds, QStringLiteral("1")});
    const auto off = startChild(o, {QStringLiteral("auto-beat"), seconds, QStringLiteral("0")});
    const int timeout = (o.heartbeatSeconds + 30) * 1000;
    const auto with = finishChild(*on, timeout);
    const auto without = finishChild(*off, timeout);
    if (!with || !without)
        return {failure(QStringLiteral("heartbeat"))};
    std::vector<qint64> ticks;
    for (const QJsonValue v : with->value(QStringLiteral("ticks")).toArray())
        ticks.push_back(v.toInteger());
    const qint64 beats = with->value(QStringLiteral("beats")).toInteger();
    if (ticks.empty() || beats < 1)
        return {failure(QStringLiteral("heartbeat"), QStringLiteral("no tick in %1 s").arg(o.heartbeatSeconds))};
    const Summary tick = summarize(ticks);
    const auto field = [&](const std::optional<QJsonObject> &r, const char *name) {
        return double(r->value(QLatin1String(name)).toInteger());
    };
    const double perMinute = 60.0 / o.heartbeatSeconds;
    const double cpuPerTick = (field(with, "mainCpuNs") - field(without, "mainCpuNs")) / double(beats);
    return {
        {QStringLiteral("heartbeat tick on the GUI thread: median"), tick.median, QStringLiteral("ns")},
        {QStringLiteral("heartbeat tick: worst of %1").arg(ticks.size()), tick.max, QStringLiteral("ns")},
        {QStringLiteral("GUI thread CPU time per tick, wake-up included"), cpuPerTick, QStringLiteral("ns"), {},
         std::nullopt,
         QStringLiteral("GUI thread on the CPU: %1 ns with hang detection, %2 ns without, %3 ticks in %4 s")
             .arg(countText(qint64(field(with, "mainCpuNs"))), countText(qint64(field(without, "mainCpuNs"))))
             .arg(beats)
             .arg(o.heartbeatSeconds)},
        {QStringLiteral("GUI thread wake-ups a minute added"),
         (field(with, "mainSwitches") - field(without, "mainSwitches")) * perMinute, QStringLiteral("count"), {},
         std::nullopt,
         QStringLiteral("GUI thread: %1 a minute with hang detection, %2 without (the measurement's own timer)")
             .arg(field(with, "mainSwitches") * perMinute)
             .arg(field(without, "mainSwitches") * perMinute)},
        {QStringLiteral("process wake-ups a minute added"),
         (field(with, "switches") - field(without, "switches")) * perMinute, QStringLiteral("count"), {},
         std::nullopt,
         QStringLiteral("whole process: %1 a minute with hang detection, %2 without; the heartbeat and the watchdog")
             .arg(field(with, "switches") * perMinute)
             .arg(field(without, "switches") * perMinute)},
    };
}


double worst(const std::vector<double> &v)
{
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

std::vector<Row> constructor(const Options &o)
{
    const QString home = QDir::homePath();
    std::vector<double> cold[2], warm[2];
    double first[2] = {0, 0};
    for (int run = 0; run <= o.runs; ++run) {
        for (int k = 0; k < 2; ++k) {
            const bool all = (run + k) % 2 == 1; // the order alternates from run to run
            const auto result = runChild(o, {QStringLiteral("auto-ctor"), home, all ? QStringLiteral("all") : QStringLiteral("none")}, 30000);
            if (!result)
                return {failure(QStringLiteral("constructor"))};
            if (run == 0) {
                first[all] = result->value(QStringLiteral("cold")).toDouble(); // directories and the id written
                continue;
            }
            cold[all].push_back(result->value(QStringLiteral("cold")).toDouble());
            for (const QJsonValue v : result->value(QStringLiteral("warm")).toArray())
                warm[all].push_back(v.toDouble());
        }
    }
    const QString budget = QStringLiteral("<= 1,000,000 ns");
    std::vector<Row> rows;
    for (const int all : {0, 1}) {
        const QString what = all ? QStringLiteral("constructor, all signals on") : QStringLiteral("constructor, none");
        rows.emplace_back(what + QStringLiteral(", cold: median of %1").arg(o.runs), median(cold[all]),
                          QStringLiteral("ns"), QString(), std::nullopt,
                          QStringLiteral("the first of all these processes: %1 ns").arg(countText(qint64(first[all]))));
        rows.emplace_back(what + QStringLiteral(", cold: worst"), worst(cold[all]), QStringLiteral("ns"), budget,
                          worst(cold[all]) <= 1e6);
        rows.emplace_back(what + QStringLiteral(", warm: median"), median(warm[all]), QStringLiteral("ns"));
        rows.emplace_back(what + QStringLiteral(", warm: worst of %1").arg(warm[all].size()), worst(warm[all]),
                          QStringLiteral("ns"), budget, worst(warm[all]) <= 1e6);
    }
    // Each signal alone, fewer processes: which one the difference comes from.
    const int fewer = qMax(1, o.runs / 2);
    for (const char *which : {"crash", "unclean", "hangs", "qt", "limit", "sessions"}) {
        std::vector<double> c, w;
        for (int run = 0; run <= fewer; ++run) {
            const auto result = runChild(o, {QStringLiteral("auto-ctor"), home, QLatin1String(which)}, 30000);
            if (!result)
                return {failure(QStringLiteral("constructor"))};
            if (run == 0)
                continue; // its directories written
            c.push_back(result->value(QStringLiteral("cold")).toDouble());
            for (const QJsonValue v : result->value(QStringLiteral("warm")).toArray())
                w.push_back(v.toDouble());
        }
        rows.emplace_back(QStringLiteral("constructor, %1 alone: cold, median of %2").arg(QLatin1String(which)).arg(fewer),
                          median(c), QStringLiteral("ns"));
        rows.emplace_back(QStringLiteral("constructor, %1 alone: warm, median").arg(QLatin1String(which)), median(w),
                          QStringLiteral("ns"));
    }
    return rows;
}

std::vector<Row> stalls(const Options &o)
{
    std::vector<double> worstCall[2], plain[2];
    int overBudget[2] = {0, 0};
    for (int run = 0; run < o.runs; ++run) {
        for (int k = 0; k < 2; ++k) {
            const bool all = (run + k) % 2 == 1;
            runEventLoopFor(StallRunPauseMs);
            const auto result = runChild(o, {QStringLiteral("auto-stall"), QString::number(o.stallCalls),
                                             all ? QStringLiteral("1") : QStringLiteral("0")}, 120000);
            if (!result)
                return {failure(QStringLiteral("worst trackEvent"))};
            if (result->value(QStringLiteral("dropped")).toInteger() != 0)
                return {failure(QStringLiteral("worst trackEvent"), QStringLiteral("events were dropped"))};
            const double w = result->value(QStringLiteral("worst")).toDouble();
            worstCall[all].push_back(w);
            plain[all].push_back(result->value(QStringLiteral("plain")).toDouble());
            overBudget[all] += w > 1e6 ? 1 : 0;
        }
    }
    const QString budget = QStringLiteral("<= 1,000,000 ns");
    std::vector<Row> rows;
    for (const int all : {0, 1}) {
        const QString what = all ? QStringLiteral("worst trackEvent, all signals on") : QStringLiteral("worst trackEvent, none");
        rows.emplace_back(what + QStringLiteral(": median of %1 runs").arg(o.runs), median(worstCall[all]),
                          QStringLiteral("ns"));
        rows.emplace_back(what + QStringLiteral(": worst of %1 runs").arg(o.runs), worst(worstCall[all]),
                          QStringLiteral("ns"), budget, worst(worstCall[all]) <= 1e6,
                          QStringLiteral("runs with a call over 1 ms: %1 of %2; plain loop as long, worst: %3 ns")
                              .arg(overBudget[all])
                              .arg(o.runs)
                              .arg(countText(qint64(worst(plain[all])))));
    }
    return rows;
}

} // namespace

bool isChildMode(const QString &mode)
{
    return mode.startsWith(QLatin1String("auto-"));
}

int childMain(const QString &mode, const QStringList &arguments)
{
    // Consent from the environment, as the other children have it (the sandbox removed every inherited setting).
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    const bool all = arguments.value(1) == QLatin1String("1");
    if (mode == QLatin1String("auto-beat"))
        return childHeartbeat(qMax(1, arguments.value(0).toInt()), all);
    if (mode == QLatin1String("auto-ctor"))
        return childConstructor(arguments.value(0), arguments.value(1));
    if (mode == QLatin1String("auto-stall"))
        return childStall(qMax<qint64>(1, arguments.value(0).toLongLong()), all);
    std::fprintf(stderr, "unknown --child mode %s\n", qPrintable(mode));
    return 2;
}

void measure(const Options &options, const std::function<void(const Citizen::Row &)> &emitRow)
{
    // Consent from the environment, as the other in-process sections have it.
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    for (auto part : {&eventLimits, &qtMessages, &heartbeat, &constructor, &stalls}) {
        for (const Row &row : part(options))
            emitRow(row); // part by part, so that a long run shows progress
    }
}

} // namespace AutoSignals
