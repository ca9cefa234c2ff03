// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "citizen.h"

#include "loopbackcollector.h"

#include "flushwait.h"

#include <automagik/telemetry.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>

#if defined(Q_OS_LINUX)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace Citizen {

QVariantMap eventAttributes(int i)
{
    // Built afresh for every call, as an application does: nothing shared between records.
    return {{QStringLiteral("feature_name"), QStringLiteral("export_csv")},
            {QStringLiteral("items"), i},
            {QStringLiteral("duration_ms"), 12.5},
            {QStringLiteral("success"), true}};
}

QUrl refusingEndpoint()
{
    // Bind, note, close: nothing listens there afterwards, so connections are refused at once.
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    QUrl url(QStringLiteral("http://127.0.0.1"));
    url.setPort(probe.serverPort());
    probe.close();
    return url;
}

void runEventLoopFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// The user's home of the benchmark itself: children share it, so that only the first run is anyone's first.
void useHome(const QString &home)
{
    const QDir dir(home);
    qputenv("HOME", QFile::encodeName(home));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(dir.filePath(QStringLiteral(".config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(dir.filePath(QStringLiteral(".local/share"))));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(dir.filePath(QStringLiteral(".cache"))));
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// The longest single step of a busy loop that runs for \a duration: what the machine itself (other
// processes, the kernel, the hypervisor) does to a thread that never yields, for the same time.
qint64 worstStepOfPlainLoop(std::chrono::nanoseconds duration)
{
    volatile int sink = 0;
    qint64 worst = 0;
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    for (int i = 0;; ++i) {
        const auto t0 = Clock::now();
        sink = sink + i;
        const auto t1 = Clock::now();
        worst = qMax<qint64>(worst, std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count());
        if (t1 - start >= duration)
            return worst;
    }
}

namespace {

using namespace Automagik;
using Clock = std::chrono::steady_clock;

qint64 nsBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
}

TelemetryConfig defaultConfig(const QUrl &endpoint)
{
    // The default configuration, with only where to send and a spool of this process's own.
    TelemetryConfig c(QStringLiteral("bench-app"), QStringLiteral("1.0.0"));
    c.setEndpoint(endpoint);
    c.setSpoolDirectory(QDir::home().filePath(QStringLiteral("spool-child-%1").arg(QCoreApplication::applicationPid())));
    return c;
}



// Voluntary plus involuntary context switches of every thread of this process, by thread.
QJsonObject contextSwitchesByThread()
{
    QJsonObject out;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        QFile status(tasks.filePath(tid + QStringLiteral("/status")));
        if (!comm.open(QIODevice::ReadOnly) || !status.open(QIODevice::ReadOnly))
            continue;
        qint64 switches = 0;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:"))
                switches += line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
        out.insert(tid + QLatin1Char(' ') + QString::fromUtf8(comm.readAll().trimmed()), switches);
    }
    return out;
}

qint64 statusKiB(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qstrlen(field)).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// ------------------------------------------------------------------ children

int childIdle(int seconds)
{
    LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
    if (!collector.start())
        return 2;
    Telemetry telemetry(defaultConfig(collector.baseUrl()));
    telemetry.trackEvent(QStringLiteral("app_started"), eventAttributes(1));
    if (!TestSupport::flushAndWait(telemetry, 10000).delivered || telemetry.sentCount() != 1)
        return 3;
    runEventLoopFor(1000); // what the first delivery set off settles
    const QJsonObject before = contextSwitchesByThread();
    runEventLoopFor(seconds * 1000);
    const QJsonObject after = contextSwitchesByThread();
    QJsonObject perThread;
    qint64 total = 0;
    for (auto it = after.begin(); it != after.end(); ++it) {
        const qint64 n = it.value().toInteger() - before.value(it.key()).toInteger();
        perThread.insert(it.key(), n);
        total += n;
    }
    // The main thread's own timer that ends the measurement wakes it once: not the client's.
    total = qMax<qint64>(0, total - 1);
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("switches"), total},
                                                  {QStringLiteral("seconds"), seconds},
                                                  {QStringLiteral("threads"), perThread}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}


int childConstructor(const QString &home)
{
    useHome(home);
    // Nothing of Qt Network is touched before the first construction: a fresh application's first client
    // pays for loading it. Port 9 (discard) on loopback: nothing is sent anyway, the records stay queued.
    const QUrl endpoint(QStringLiteral("http://127.0.0.1:9"));
    QJsonArray warm;
    qint64 cold = 0;
    for (int i = 0; i < 11; ++i) {
        const TelemetryConfig config = defaultConfig(endpoint);
        const auto t0 = Clock::now();
        auto telemetry = std::make_unique<Telemetry>(config);
        const qint64 ns = nsBetween(t0, Clock::now());
        if (!telemetry->isEnabled())
            return 3; // a client without consent starts no thread: not what is measured
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

// For scripts/stall-ftrace.sh (AUTOMAGIK_BENCH_FTRACE=<microseconds>): the first call longer than
// that writes where it started and how long it took into the kernel's trace and stops the trace, so
// that the events around it are kept. Nothing is written otherwise; the trace files are root's.
void markStallInKernelTrace(qint64 call, Clock::time_point start, qint64 ns)
{
    static const qint64 thresholdNs = qEnvironmentVariableIntValue("AUTOMAGIK_BENCH_FTRACE") * qint64(1000);
    static bool marked = false;
    if (thresholdNs <= 0 || marked || ns <= thresholdNs)
        return;
    marked = true;
#if defined(Q_OS_LINUX)
    // Plain write(2): QFile truncates or seeks, and opening a tracefs file with O_TRUNC empties the trace.
    const qint64 startNs = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count();
    const QByteArray line = QStringLiteral("stall call=%1 start_ns=%2 ns=%3\n").arg(call).arg(startNs).arg(ns).toLatin1();
    for (const auto &[path, text] : {std::pair{"/sys/kernel/tracing/trace_marker", line}, {"/sys/kernel/tracing/tracing_on", QByteArray("0")}}) {
        const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (::write(fd, text.constData(), std::size_t(text.size())) < 0)
            std::fprintf(stderr, "%s: %s\n", path, std::strerror(errno));
        ::close(fd);
    }
#else
    Q_UNUSED(call);
    Q_UNUSED(start);
#endif
}

qint64 worstCall(qint64 calls, const std::function<void(int)> &call)
{
    qint64 worst = 0;
    for (qint64 i = 0; i < calls; ++i) {
        const auto t0 = Clock::now();
        call(int(i));
        const qint64 ns = nsBetween(t0, Clock::now());
        markStallInKernelTrace(i, t0, ns);
        worst = qMax(worst, ns);
    }
    return worst;
}

int childStall(qint64 calls)
{
    QJsonObject out;
    Clock::duration calling{};
    for (const bool hang : {false, true}) {
        std::unique_ptr<LoopbackCollector> hanging;
        QUrl endpoint;
        if (hang) {
            hanging = std::make_unique<LoopbackCollector>(LoopbackCollector::Mode::Hang);
            if (!hanging->start())
                return 2;
            endpoint = hanging->baseUrl();
        } else {
            endpoint = refusingEndpoint();
        }
        TelemetryConfig config = defaultConfig(endpoint);
        config.setTimeout(500);
        config.setMaxRetries(3);
        config.setRetryBackoffBase(50);
        Telemetry telemetry(config);
        if (!telemetry.isEnabled())
            return 3;
        const QString name = QStringLiteral("feature_used");
        const QVariantMap attributes = eventAttributes(0);
        const auto start = Clock::now();
        out.insert(hang ? QStringLiteral("hangs") : QStringLiteral("refuses"),
                   worstCall(calls, [&](int) { telemetry.trackEvent(name, attributes); }));
        calling += Clock::now() - start;
    }
    // The baseline runs as long as both library loops did: 100,000 trivial steps would take a few
    // milliseconds and see far fewer of the machine's interruptions.
    out.insert(QStringLiteral("plain"), worstStepOfPlainLoop(calling));
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}

int childResting()
{
    LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
    if (!collector.start())
        return 2;
    runEventLoopFor(200);
    const qint64 before = residentKiB();
    qint64 after = 0;
    {
        Telemetry telemetry(defaultConfig(collector.baseUrl()));
        telemetry.trackEvent(QStringLiteral("app_started"), eventAttributes(1));
        if (!TestSupport::flushAndWait(telemetry, 10000).delivered || telemetry.sentCount() != 1)
            return 3;
        runEventLoopFor(1000);
        after = residentKiB();
    }
    std::printf("%s\n", QJsonDocument(QJsonObject{{QStringLiteral("beforeKiB"), before},
                                                  {QStringLiteral("afterKiB"), after}})
                            .toJson(QJsonDocument::Compact)
                            .constData());
    return 0;
}

// ------------------------------------------------------------------ parent side

std::optional<QJsonObject> runChild(const Options &options, const QStringList &arguments, int timeoutMs)
{
    QProcess child;
    child.setProgram(options.program);
    child.setArguments(QStringList{QStringLiteral("--child")} + arguments);
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start();
    if (!child.waitForFinished(timeoutMs) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        child.kill();
        child.waitForFinished(1000);
        std::fprintf(stderr, "child %s failed (exit %d): %s\n", qPrintable(arguments.join(QLatin1Char(' '))),
                     child.exitCode(), child.readAllStandardError().constData());
        return std::nullopt;
    }
    const QList<QByteArray> lines = child.readAllStandardOutput().trimmed().split('\n');
    const QJsonDocument doc = QJsonDocument::fromJson(lines.constLast());
    if (!doc.isObject())
        return std::nullopt;
    return doc.object();
}


Row failure(const QString &what)
{
    return {what, 0, QStringLiteral("count"), {}, false, QStringLiteral("ERROR: a child process failed")};
}

} // namespace

qint64 residentKiB() { return statusKiB("VmRSS:"); }

qint64 peakResidentKiB() { return statusKiB("VmHWM:"); }

bool resetPeakResident()
{
    QFile clearRefs(QStringLiteral("/proc/self/clear_refs"));
    return clearRefs.open(QIODevice::WriteOnly) && clearRefs.write("5") == 1; // 5: reset the peak RSS
}

int childMain(const QString &mode, const QStringList &arguments)
{
    // Consent from the environment, as a user's test program would have it (the benchmark's sandbox,
    // which this process also runs in, removes every inherited setting).
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    const qint64 number = arguments.value(0).toLongLong();
    if (mode == QLatin1String("idle"))
        return childIdle(int(qMax<qint64>(1, number)));
    if (mode == QLatin1String("ctor"))
        return childConstructor(arguments.value(0));
    if (mode == QLatin1String("stall"))
        return childStall(qMax<qint64>(1, number));
    if (mode == QLatin1String("rest"))
        return childResting();
    if (mode == QLatin1String("spin")) {
        for (volatile quint64 spins = 0;; spins = spins + 1) {
        }
    }
    std::fprintf(stderr, "unknown --child mode %s\n", qPrintable(mode));
    return 2;
}

std::vector<Row> idleWakeups(const Options &options)
{
    const auto result = runChild(options, {QStringLiteral("idle"), QString::number(options.idleSeconds)},
                                 (options.idleSeconds + 30) * 1000);
    if (!result)
        return {failure(QStringLiteral("idle wake-ups"))};
    const double perMinute = result->value(QStringLiteral("switches")).toDouble() * 60.0 / options.idleSeconds;
    QStringList busiest;
    const QJsonObject threads = result->value(QStringLiteral("threads")).toObject();
    for (auto it = threads.begin(); it != threads.end(); ++it) {
        if (it.value().toInteger() > 0)
            busiest << QStringLiteral("%1: %2").arg(it.key()).arg(it.value().toInteger());
    }
    return {{QStringLiteral("wake-ups per idle minute (whole process)"), perMinute, QStringLiteral("count"),
             QStringLiteral("<= 1"), perMinute <= 1.0,
             QStringLiteral("measured over %1 s; threads that woke: %2")
                 .arg(options.idleSeconds)
                 .arg(busiest.isEmpty() ? QStringLiteral("none") : busiest.join(QStringLiteral(", ")))}};
}

std::vector<Row> constructorTime(const Options &options)
{
    std::vector<double> cold, warm;
    double firstRunEver = 0;
    const QString home = QDir::homePath(); // the benchmark's own sandbox, shared by the children
    for (int run = 0; run <= options.runs; ++run) {
        const auto result = runChild(options, {QStringLiteral("ctor"), home}, 30000);
        if (!result)
            return {failure(QStringLiteral("constructor"))};
        if (run == 0) {
            // The first run on this account creates the anonymous id and writes it to disk (QSettings syncs).
            firstRunEver = result->value(QStringLiteral("cold")).toDouble();
            continue;
        }
        cold.push_back(result->value(QStringLiteral("cold")).toDouble());
        for (const QJsonValue v : result->value(QStringLiteral("warm")).toArray())
            warm.push_back(v.toDouble());
    }
    const double coldMax = *std::max_element(cold.begin(), cold.end());
    const double warmMax = *std::max_element(warm.begin(), warm.end());
    const QString budget = QStringLiteral("<= 1,000,000 ns");
    return {{QStringLiteral("constructor, the account's first run (id written)"), firstRunEver, QStringLiteral("ns")},
            {QStringLiteral("constructor, cold: median of %1 processes").arg(options.runs), median(cold),
             QStringLiteral("ns")},
            {QStringLiteral("constructor, cold: worst of %1 processes").arg(options.runs), coldMax,
             QStringLiteral("ns"), budget, coldMax <= 1e6},
            {QStringLiteral("constructor, warm: median"), median(warm), QStringLiteral("ns")},
            {QStringLiteral("constructor, warm: worst of %1").arg(warm.size()), warmMax, QStringLiteral("ns"), budget,
             warmMax <= 1e6}};
}

namespace {

// The worst calls of options.runs stall children: per run, the library's worst (either collector
// failure) and its plain loop's.
struct StallRuns
{
    double refuses = 0, hangs = 0, plain = 0; // the worst of all runs
    std::vector<double> library, plainLoop; // each run's worst
    bool failed = false;
};

StallRuns runStallChildren(const Options &options)
{
    StallRuns runs;
    for (int run = 0; run < options.runs; ++run) {
        runEventLoopFor(StallRunPauseMs); // each run on an otherwise quiet machine
        const auto result = runChild(options, {QStringLiteral("stall"), QString::number(options.stallCalls)}, 120000);
        if (!result) {
            runs.failed = true;
            return runs;
        }
        const double r = result->value(QStringLiteral("refuses")).toDouble();
        const double h = result->value(QStringLiteral("hangs")).toDouble();
        const double p = result->value(QStringLiteral("plain")).toDouble();
        runs.refuses = qMax(runs.refuses, r);
        runs.hangs = qMax(runs.hangs, h);
        runs.plain = qMax(runs.plain, p);
        runs.library.push_back(qMax(r, h));
        runs.plainLoop.push_back(p);
    }
    return runs;
}

// Busy processes, one per core, for as long as it lives: the load of another build.
class BusyProcesses
{
public:
    explicit BusyProcesses(const Options &options)
    {
        for (int i = 0; i < QThread::idealThreadCount(); ++i) {
            auto process = std::make_unique<QProcess>();
            process->setProgram(options.program);
            process->setArguments({QStringLiteral("--child"), QStringLiteral("spin")});
            process->start();
            if (process->waitForStarted(5000))
                m_processes.push_back(std::move(process));
        }
    }
    ~BusyProcesses()
    {
        for (const auto &process : m_processes) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    int count() const { return int(m_processes.size()); }

private:
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

} // namespace

std::vector<Row> stalls(const Options &options)
{
    const StallRuns runs = runStallChildren(options);
    if (runs.failed)
        return {failure(QStringLiteral("stall"))};
    const double refuses = runs.refuses, hangs = runs.hangs, plain = runs.plain;
    int runsOverBudget = 0, runsWorseThanPlain = 0;
    for (std::size_t i = 0; i < runs.library.size(); ++i) {
        runsOverBudget += runs.library[i] > 1e6 ? 1 : 0;
        runsWorseThanPlain += runs.library[i] > qMax(runs.plainLoop[i], 1e6) ? 1 : 0;
    }
    const QString budget = QStringLiteral("<= 1,000,000 ns");
    return {{QStringLiteral("collector refuses: worst call of %1 runs").arg(options.runs), refuses, QStringLiteral("ns"),
             budget, refuses <= 1e6},
            {QStringLiteral("collector never answers: worst of %1 runs").arg(options.runs), hangs, QStringLiteral("ns"),
             budget, hangs <= 1e6},
            {QStringLiteral("plain loop, same duration: worst of %1 runs").arg(options.runs), plain, QStringLiteral("ns")},
            {QStringLiteral("runs with a call over 1 ms"), double(runsOverBudget), QStringLiteral("count"),
             QStringLiteral("0"), runsOverBudget == 0},
            {QStringLiteral("runs worse than their plain loop (and 1 ms)"), double(runsWorseThanPlain),
             QStringLiteral("count"), QStringLiteral("0"), runsWorseThanPlain == 0}};
}

std::vector<Row> stallsUnderLoad(const Options &options)
{
    const BusyProcesses load(options);
    if (load.count() == 0)
        return {failure(QStringLiteral("busy processes"))};
    const StallRuns runs = runStallChildren(options);
    if (runs.failed)
        return {failure(QStringLiteral("stall"))};
    // Under load every thread loses its core for whole ticks: a call is slow when the machine takes
    // the core, not only when the library does. So the library's worst is compared with the worst
    // step of its own plain loop, which runs as long in the same process under the same load.
    // Both lose whole ticks (4 ms at 250 Hz); the library's call adds its own cost, tens of
    // microseconds at worst on a quiet machine (k), to the tick it loses: 0.1 ms allows for that and
    // still fails a single extra tick.
    constexpr double CallAllowance = 100e3;
    int runsWorseThanPlain = 0;
    for (std::size_t i = 0; i < runs.library.size(); ++i)
        runsWorseThanPlain += runs.library[i] > runs.plainLoop[i] ? 1 : 0;
    const double libraryMedian = median(runs.library), plainMedian = median(runs.plainLoop);
    return {{QStringLiteral("busy processes beside the runs"), double(load.count()), QStringLiteral("count")},
            {QStringLiteral("library: worst call, median of %1 runs").arg(options.runs), libraryMedian,
             QStringLiteral("ns"), QStringLiteral("<= plain's + 0.1 ms"), libraryMedian <= plainMedian + CallAllowance},
            {QStringLiteral("plain loop: worst step, median of %1 runs").arg(options.runs), plainMedian,
             QStringLiteral("ns")},
            {QStringLiteral("library: worst call of all runs"), qMax(runs.refuses, runs.hangs), QStringLiteral("ns"),
             QStringLiteral("<= plain's + 0.1 ms"), qMax(runs.refuses, runs.hangs) <= runs.plain + CallAllowance},
            {QStringLiteral("plain loop: worst step of all runs"), runs.plain, QStringLiteral("ns")},
            {QStringLiteral("runs whose library worst exceeded their plain loop's"), double(runsWorseThanPlain),
             QStringLiteral("count"), {}, std::nullopt,
             QStringLiteral("most, by the call's own cost when both lose the same tick")}};
}

std::vector<Row> restingMemory(const Options &options)
{
    const auto result = runChild(options, {QStringLiteral("rest")}, 30000);
    if (!result)
        return {failure(QStringLiteral("resting memory"))};
    const double added = result->value(QStringLiteral("afterKiB")).toDouble()
        - result->value(QStringLiteral("beforeKiB")).toDouble();
    return {{QStringLiteral("resident memory added by an idle client"), added, QStringLiteral("KiB"), {}, std::nullopt,
             QStringLiteral("after its first delivery; process before the client: %1 KiB")
                 .arg(result->value(QStringLiteral("beforeKiB")).toInteger())}};
}

} // namespace Citizen
