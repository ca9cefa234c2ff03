// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// automagik-telemetry-bench: measures the library against the performance budget of DESIGN.md.
// Run it by hand on an optimised build; CTest runs it only with --quick, as a smoke test that
// fails on a crash or on lost burst records, never on timings.

#include "automaticsignals.h"
#include "citizen.h"
#include "loopbackcollector.h"
#include "pythonpayload.h"

#include "privacyadversarial.h"
#include "recordfactory.h"
#include "sandbox.h"

#include "common/record.h"
#include "platform/systeminfo.h"
#include "encoding/gzip.h"
#include "encoding/otlpjsonencoder.h"
#include "encoding/otlpprotobufencoder.h"
#include "privacy/detector.h"
#include "privacy/keynames.h"

#include <automagik/telemetry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtCore/QLoggingCategory>
#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#ifndef AUTOMAGIK_BENCH_BUILD_TYPE
#define AUTOMAGIK_BENCH_BUILD_TYPE "unknown"
#endif

namespace {

using namespace Automagik;
using Clock = std::chrono::steady_clock;

qint64 nsBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(b - a).count();
}

double msSince(Clock::time_point a)
{
    return double(nsBetween(a, Clock::now())) / 1e6;
}

struct Settings
{
    qint64 iterations = 200000; // (a) single calls, (b) calls in batches of 1000
    qint64 failureCalls = 100000; // (c), per scenario
    double encodeSeconds = 2.0; // (d), per variant
    qint64 burst = 200000; // (f)
    QString sections = QStringLiteral("abcdefghijklm"); // n loads every core: only when asked
    int citizenRuns = 20; // (j), (k): child processes
    int idleSeconds = 60; // (i)
    qint64 signalCalls = 100000; // (m), per in-process variant and per worst-call child
    int heartbeatSeconds = 20; // (m), idle time watched for the hang detector's heartbeat
    QString jsonFile;
    bool quick = false;
};

// ---------------------------------------------------------------- report

struct Result
{
    QString section;
    QString name;
    double value = 0;
    QString unit;
    QString budget;
    std::optional<bool> withinBudget;
};

class Report
{
public:
    void section(const QString &id, const QString &title)
    {
        m_section = id;
        std::printf("\n(%s) %s\n", qPrintable(id), qPrintable(title));
        std::fflush(stdout);
    }

    void add(const QString &name, double value, const QString &unit, const QString &budget = {},
             std::optional<bool> withinBudget = std::nullopt)
    {
        m_results.append({m_section, name, value, unit, budget, withinBudget});
        const QString verdict = !withinBudget ? QString() : *withinBudget ? QStringLiteral("ok") : QStringLiteral("OVER");
        std::printf("    %-46s %14s %-9s %-18s %s\n", qPrintable(name), qPrintable(format(value, unit)),
                    qPrintable(unit), qPrintable(budget), qPrintable(verdict));
        std::fflush(stdout);
    }

    void note(const QString &text)
    {
        std::printf("    %s\n", qPrintable(text));
        std::fflush(stdout);
    }

    QJsonArray toJson() const
    {
        QJsonArray out;
        for (const Result &r : m_results) {
            QJsonObject o{{QStringLiteral("section"), r.section},
                          {QStringLiteral("name"), r.name},
                          {QStringLiteral("value"), r.value},
                          {QStringLiteral("unit"), r.unit}};
            if (!r.budget.isEmpty())
                o.insert(QStringLiteral("budget"), r.budget);
            if (r.withinBudget)
                o.insert(QStringLiteral("withinBudget"), *r.withinBudget);
            out.append(o);
        }
        return out;
    }

    static QString format(double value, const QString &unit)
    {
        static const QLocale en(QLocale::English, QLocale::UnitedStates);
        if (unit == QLatin1String("ns") && value < 100 && value != std::floor(value))
            return en.toString(value, 'f', 1); // per-call averages of batched calls
        if (unit == QLatin1String("bytes") || unit == QLatin1String("ms"))
            return en.toString(value, 'f', 1);
        if (unit == QLatin1String("ratio"))
            return en.toString(value, 'f', 3);
        return en.toString(qint64(std::llround(value)));
    }

private:
    QString m_section;
    QList<Result> m_results;
};

// ---------------------------------------------------------------- helpers

template <typename T>
struct Summary
{
    T median, p99, p999, max;
};

template <typename T>
Summary<T> summarize(std::vector<T> v)
{
    std::sort(v.begin(), v.end());
    const auto at = [&v](double q) {
        const auto rank = std::size_t(std::ceil(q * double(v.size()))); // nearest-rank percentile
        return v[std::min(v.size() - 1, rank ? rank - 1 : 0)];
    };
    return {at(0.50), at(0.99), at(0.999), v.back()};
}

// The same call timed one by one; the clock read is included (see the header's overhead line).
template <typename F>
std::vector<qint64> timeEach(qint64 n, F &&call)
{
    std::vector<qint64> samples(std::size_t(qMax<qint64>(1, n)));
    for (std::size_t i = 0; i < samples.size(); ++i) {
        const auto t0 = Clock::now();
        call();
        const auto t1 = Clock::now();
        samples[i] = nsBetween(t0, t1);
    }
    return samples;
}

qint64 countAbove(const std::vector<qint64> &samples, qint64 ns)
{
    return qint64(std::count_if(samples.cbegin(), samples.cend(), [ns](qint64 v) { return v > ns; }));
}

qint64 clockOverheadNs()
{
    return summarize(timeEach(100000, [] {})).median;
}

struct BenchEvent
{
    QString name = QString(StandardEvents::FeatureUsed);
    QVariantMap attributes{{QStringLiteral("feature_name"), QStringLiteral("export_csv")},
                           {QStringLiteral("items"), 42},
                           {QStringLiteral("duration_ms"), 12.5},
                           {QStringLiteral("success"), true}};
};

void setConsent(bool granted)
{
    // The environment decides first (REFERENCE §2.1), so nothing stored can interfere.
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", granted ? "true" : "false");
}

TelemetryConfig benchConfig(const QUrl &endpoint)
{
    TelemetryConfig c(QStringLiteral("bench-app"), QStringLiteral("1.0.0"));
    c.setEndpoint(endpoint);
    // A spool of its own per client, so that what one section leaves behind never reaches the next one.
    static int clients = 0;
    c.setSpoolDirectory(QDir::home().filePath(QStringLiteral("spool-%1").arg(++clients)));
    c.setBatchSize(100);
    c.setFlushInterval(1000);
    return c;
}

struct FlushOutcome
{
    bool finished = false;
    bool delivered = false;
    double ms = 0;
};

// flush() and run the event loop until flushFinished, at most capMs.
FlushOutcome flushAndWait(Telemetry &telemetry, int capMs)
{
    FlushOutcome out;
    QEventLoop loop;
    const auto start = Clock::now();
    const auto connection = QObject::connect(&telemetry, &Telemetry::flushFinished, &loop, [&](bool delivered) {
        out.finished = true;
        out.delivered = delivered;
        loop.quit();
    });
    QTimer::singleShot(capMs, &loop, &QEventLoop::quit);
    telemetry.flush();
    loop.exec();
    QObject::disconnect(connection);
    out.ms = msSince(start);
    return out;
}

QUrl closedLoopbackPort()
{
    // Bind, note, close: nothing listens there afterwards, so connections are refused at once.
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(probe.serverPort());
    probe.close();
    return url;
}

QString countText(qint64 n)
{
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

// ---------------------------------------------------------------- sections

// (a) caller-thread cost with consent granted and a healthy collector.
bool benchEnabled(const Settings &s, Report &report)
{
    const qint64 warmup = qMin<qint64>(2000, s.iterations);
    report.section(QStringLiteral("a"), QStringLiteral("trackEvent, 4 attributes, consent granted: caller thread, %1 single calls")
                                            .arg(countText(s.iterations)));
    LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
    if (!collector.start()) {
        report.note(QStringLiteral("ERROR: could not listen on 127.0.0.1"));
        return false;
    }
    setConsent(true);
    TelemetryConfig config = benchConfig(collector.baseUrl());
    config.setMaxQueueSize(int(qBound<qint64>(1000000, 2 * (s.iterations + warmup), qint64(INT_MAX))));
    Telemetry telemetry(config);
    if (!telemetry.isEnabled()) {
        report.note(QStringLiteral("ERROR: the client is not enabled"));
        return false;
    }
    const BenchEvent ev;
    for (qint64 i = 0; i < warmup; ++i)
        telemetry.trackEvent(ev.name, ev.attributes);

    const std::vector<qint64> samples = timeEach(s.iterations, [&] { telemetry.trackEvent(ev.name, ev.attributes); });
    const auto m = summarize(samples);
    report.add(QStringLiteral("median"), double(m.median), QStringLiteral("ns"), QStringLiteral("<= 500 ns"), m.median <= 500);
    report.add(QStringLiteral("p99"), double(m.p99), QStringLiteral("ns"), QStringLiteral("<= 5,000 ns"), m.p99 <= 5000);
    report.add(QStringLiteral("p99.9"), double(m.p999), QStringLiteral("ns"));
    report.add(QStringLiteral("max"), double(m.max), QStringLiteral("ns"));
    report.add(QStringLiteral("calls over 1 ms"), double(countAbove(samples, 1000000)), QStringLiteral("count"));

    const FlushOutcome f = flushAndWait(telemetry, 60000);
    const LoopbackCollector::Tally t = collector.tally();
    const qint64 tracked = s.iterations + warmup;
    report.add(QStringLiteral("drain after the loop (flush to flushFinished)"), f.ms, QStringLiteral("ms"));
    report.add(QStringLiteral("received by the collector of %1").arg(countText(tracked)), double(t.items),
               QStringLiteral("events"), QStringLiteral("all"), t.items == tracked);
    return true;
}

// (b) the same call with consent denied: below timer resolution, so timed in batches of 1000.
bool benchDisabled(const Settings &s, Report &report)
{
    constexpr int PerBatch = 1000;
    const qint64 batches = qMax<qint64>(10, s.iterations / PerBatch);
    report.section(QStringLiteral("b"), QStringLiteral("trackEvent, 4 attributes, disabled: %1 batches of %2 calls, per call")
                                            .arg(countText(batches), countText(PerBatch)));
    setConsent(false);
    Telemetry telemetry(benchConfig(closedLoopbackPort()));
    if (telemetry.isEnabled()) {
        report.note(QStringLiteral("ERROR: the client is enabled"));
        return false;
    }
    const BenchEvent ev;
    std::vector<double> perCall(std::size_t(batches), 0.0);
    for (qint64 b = -10; b < batches; ++b) { // ten warm-up batches
        const auto t0 = Clock::now();
        for (int i = 0; i < PerBatch; ++i)
            telemetry.trackEvent(ev.name, ev.attributes);
        const auto t1 = Clock::now();
        if (b >= 0)
            perCall[std::size_t(b)] = double(nsBetween(t0, t1)) / PerBatch;
    }
    const auto m = summarize(perCall);
    report.add(QStringLiteral("median"), m.median, QStringLiteral("ns"), QStringLiteral("<= 20 ns"), m.median <= 20);
    report.add(QStringLiteral("p99"), m.p99, QStringLiteral("ns"));
    return true;
}

// (c) the caller while the collector refuses connections or never answers.
bool benchFailingCollector(const Settings &s, Report &report)
{
    report.section(QStringLiteral("c"), QStringLiteral("trackEvent while the collector fails: %1 single calls each, "
                                                       "timeout 500 ms, 3 retries, backoff base 50 ms")
                                            .arg(countText(s.failureCalls)));
    const BenchEvent ev;
    for (const bool hang : {false, true}) {
        const QString scenario = hang ? QStringLiteral("never answers") : QStringLiteral("refuses");
        std::unique_ptr<LoopbackCollector> hanging;
        QUrl endpoint;
        if (hang) {
            hanging = std::make_unique<LoopbackCollector>(LoopbackCollector::Mode::Hang);
            if (!hanging->start()) {
                report.note(QStringLiteral("ERROR: could not listen on 127.0.0.1"));
                return false;
            }
            endpoint = hanging->baseUrl();
        } else {
            endpoint = closedLoopbackPort();
        }
        setConsent(true);
        TelemetryConfig config = benchConfig(endpoint);
        config.setTimeout(500);
        config.setMaxRetries(3);
        config.setRetryBackoffBase(50);
        Telemetry telemetry(config);
        const std::vector<qint64> samples = timeEach(s.failureCalls, [&] { telemetry.trackEvent(ev.name, ev.attributes); });
        const auto m = summarize(samples);
        report.add(scenario + QStringLiteral(": median"), double(m.median), QStringLiteral("ns"));
        report.add(scenario + QStringLiteral(": p99"), double(m.p99), QStringLiteral("ns"));
        report.add(scenario + QStringLiteral(": max"), double(m.max), QStringLiteral("ns"), QStringLiteral("<= 1,000,000 ns"),
                   m.max <= 1000000);
        report.add(scenario + QStringLiteral(": calls over 1 ms"), double(countAbove(samples, 1000000)), QStringLiteral("count"));

        // Exit while the collector still fails: shutdown() must keep to its deadline.
        const int deadline = telemetry.config().shutdownTimeout();
        const auto t0 = Clock::now();
        telemetry.shutdown();
        const double shutdownMs = msSince(t0);
        report.add(scenario + QStringLiteral(": shutdown()"), shutdownMs, QStringLiteral("ms"),
                   QStringLiteral("<= %1 ms").arg(countText(deadline)), shutdownMs <= deadline + 1.0);
        report.note(QStringLiteral("%1: after shutdown() the client counts %2 sent, %3 failed, %4 dropped, %5 still queued")
                        .arg(scenario, countText(telemetry.sentCount()), countText(telemetry.failedCount()),
                             countText(telemetry.droppedCount()), countText(telemetry.queueSize())));
    }
    return true;
}

Internal::EncoderResource benchResource()
{
    // The shape the client builds (telemetry.cpp), with fixed ids.
    Internal::EncoderResource r;
    const QString project = QStringLiteral("bench-app"), version = QStringLiteral("1.0.0");
    const QString id = QStringLiteral("3f1c2a9e-6a51-4c1e-9a57-0d1f2b3c4d5e");
    r.attributes = {
        {QStringLiteral("service.name"), project},
        {QStringLiteral("service.version"), version},
        {QStringLiteral("project.name"), project},
        {QStringLiteral("project.version"), version},
        {QStringLiteral("service.organization"), QStringLiteral("namastex")},
        {QStringLiteral("user.id"), id},
        {QStringLiteral("session.id"), id},
        {QStringLiteral("service.instance.id"), id},
        {QStringLiteral("telemetry.sdk.name"), QStringLiteral("automagik-telemetry")},
        {QStringLiteral("telemetry.sdk.version"), Telemetry::sdkVersion()},
        {QStringLiteral("telemetry.sdk.language"), QStringLiteral("cpp")},
    };
    r.attributes += Internal::SystemInfo::resourceAttributes();
    r.scopeName = project + QStringLiteral(".telemetry");
    r.scopeVersion = version;
    return r;
}

std::vector<Internal::Record> benchRecords(int count)
{
    const BenchEvent ev;
    std::vector<Internal::Record> records;
    records.reserve(std::size_t(count));
    const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1000000;
    for (int i = 0; i < count; ++i)
        records.push_back(TestSupport::makeEvent(ev.name, ev.attributes, now + i * 1000));
    return records;
}

// Batches of 100 of what each signal carries: the 4-attribute event, a histogram observation, a log line.
std::vector<Internal::Record> benchBatch(TelemetrySignal signal)
{
    std::vector<Internal::Record> records = benchRecords(100);
    for (Internal::Record &r : records) {
        if (signal == TelemetrySignal::Metrics) {
            r = TestSupport::makeMetric(QStringLiteral("render.ms"), 16.4, MetricType::Histogram, r.attributes);
        } else if (signal == TelemetrySignal::Logs) {
            r = TestSupport::makeLog(QStringLiteral("cache cold after update"), LogSeverity::Warn, r.attributes);
        }
    }
    return records;
}

// (d) what the worker thread spends per batch: encode, then optionally gzip; per signal and encoding.
bool benchEncoder(const Settings &s, Report &report)
{
    report.section(QStringLiteral("d"), QStringLiteral("worker: encode batches of 100 items with 4 attributes, "
                                                       "OTLP JSON and protobuf, %1 s each, one thread")
                                            .arg(s.encodeSeconds));
    Internal::OtlpJsonEncoder json(benchResource());
    Internal::OtlpProtobufEncoder protobuf(benchResource());
    const std::pair<TelemetrySignal, const char *> batches[] = {
        {TelemetrySignal::Traces, "events"}, {TelemetrySignal::Metrics, "metrics"}, {TelemetrySignal::Logs, "logs"}};
    for (const bool isJson : {true, false}) {
        for (const auto &[signal, what] : batches) {
            const std::vector<Internal::Record> records = benchBatch(signal);
            for (const bool gzip : {false, true}) {
                qint64 events = 0, bytes = 0;
                const auto start = Clock::now();
                const auto until = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.encodeSeconds));
                do {
                    QByteArray body = isJson ? json.encode(signal, records.data(), records.size())
                                             : protobuf.encode(signal, records.data(), records.size());
                    if (gzip)
                        body = Internal::gzipCompress(body);
                    bytes += body.size(); // keeps the work observable
                    events += qint64(records.size());
                } while (Clock::now() < until);
                const double seconds = double(nsBetween(start, Clock::now())) / 1e9;
                const double rate = double(events) / seconds;
                const QString name = QStringLiteral("%1 %2%3").arg(QLatin1String(isJson ? "JSON" : "protobuf"),
                                                                  QLatin1String(what),
                                                                  QLatin1String(gzip ? " + gzip" : ""));
                // The budget is for events; the other rows show what the other signals and protobuf cost.
                if (signal != TelemetrySignal::Traces)
                    report.add(name, rate, QStringLiteral("items/s"));
                else if (gzip)
                    report.add(name, rate, QStringLiteral("events/s"), QStringLiteral(">= 300,000/s"), rate >= 300000);
                else
                    report.add(name, rate, QStringLiteral("events/s"), QStringLiteral(">= 1,000,000/s"), rate >= 1000000);
                report.add(QStringLiteral("  output"), double(bytes) / seconds / 1e6, QStringLiteral("MB/s"));
            }
        }
    }
    return true;
}

// (g) the privacy sanitizer, as the worker runs it on every attribute value before encoding.
bool benchPrivacy(const Settings &s, Report &report)
{
    report.section(QStringLiteral("g"), QStringLiteral("privacy sanitizer: typical attribute values, %1 s, one thread")
                                            .arg(s.encodeSeconds));
    // What applications put in attributes: names, versions, durations, counts, flags, URLs, and now and then
    // something personal (1 in 8 here) that must be scrubbed.
    const QVariantList values{
        QStringLiteral("export-pdf"), QStringLiteral("2.14.1"), 1532, 16.4, true, QStringLiteral("dark_mode"),
        QStringLiteral("https://example.com/docs?page=2"), QStringLiteral("1500ms"), QStringLiteral("report.pdf"),
        QStringLiteral("pt_BR"), 42, QStringLiteral("settings.dialog"), QStringLiteral("1920x1080"),
        QStringLiteral("2026-11-20T22:15:00Z"), false, QStringLiteral("contact alice@example.com"),
        QStringLiteral("/home/alice/projects/a.txt"), QStringLiteral("call +1 (415) 555-2671"), 0.25,
        QStringLiteral("Qt 6.4.2"), QStringLiteral("a1b2c3d"), QStringLiteral("search"), 7, QStringLiteral("ok"),
    };
    const Privacy privacy;
    const QString key = QStringLiteral("value");
    qint64 count = 0, checksum = 0;
    const auto start = Clock::now();
    const auto until = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.encodeSeconds));
    do {
        for (const QVariant &v : values)
            checksum += privacy.sanitizeValue(v, key).toString().size(); // keeps the work observable
        count += values.size();
    } while (Clock::now() < until);
    const double rate = double(count) / (double(nsBetween(start, Clock::now())) / 1e9);
    report.add(QStringLiteral("sanitize values"), rate, QStringLiteral("values/s"), QStringLiteral(">= 200,000/s"),
               rate >= 200000);

    // The worker's whole path per batch: scrub the attributes of 100 events, then encode.
    Internal::OtlpJsonEncoder encoder(benchResource());
    std::vector<Internal::Record> records = benchRecords(100);
    qint64 events = 0;
    const auto start2 = Clock::now();
    const auto until2 = start2 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s.encodeSeconds));
    do {
        std::vector<Internal::Record> batch = records;
        for (Internal::Record &r : batch)
            r.attributes = privacy.sanitizeAttributes(r.attributes);
        checksum += encoder.encode(TelemetrySignal::Traces, batch.data(), batch.size()).size();
        events += qint64(batch.size());
    } while (Clock::now() < until2);
    report.add(QStringLiteral("sanitize + encode, 4 attributes"),
               double(events) / (double(nsBetween(start2, Clock::now())) / 1e9), QStringLiteral("events/s"));
    return checksum > 0;
}

// (h) every privacy detector on its adversarial input (tests/support/testsupport/privacyadversarial.h): the detector
// alone, and the whole sanitizer, as the input grows. Linear work: 4 MiB takes about four times 1 MiB.
bool benchPrivacyAdversarial(const Settings &s, Report &report)
{
    using namespace Internal::Scrub;
    const qsizetype KiB = 1024;
    const qsizetype sizes[3] = { 10 * KiB, s.quick ? 64 * KiB : 1024 * KiB, s.quick ? 256 * KiB : 4096 * KiB };
    const auto sizeText = [KiB](qsizetype n) {
        return n >= 1024 * KiB ? QStringLiteral("%1 MiB").arg(n / (1024 * KiB)) : QStringLiteral("%1 KiB").arg(n / KiB);
    };
    report.section(QStringLiteral("h"), QStringLiteral("privacy detectors on adversarial input, %1 / %2 / %3 "
                                                       "(fastest of several runs)")
                                            .arg(sizeText(sizes[0]), sizeText(sizes[1]), sizeText(sizes[2])));
    const Privacy privacy;
    KeyClassifier keys;
    ScanContext context;
    context.keys = &keys;
    qint64 checksum = 0;
    // The fastest of several runs: the machine is shared, and only the scan's own cost is of interest.
    const auto fastestMs = [](int runs, auto &&call) {
        double best = 1e300;
        for (int r = 0; r < runs; ++r) {
            const auto t0 = Clock::now();
            call();
            best = std::min(best, double(nsBetween(t0, Clock::now())) / 1e6);
        }
        return best;
    };
    for (const PrivacyAdversarial::Case &c : PrivacyAdversarial::cases()) {
        const Detector *detector = nullptr;
        for (const Detector *d : detectors()) {
            if (qstrcmp(d->name(), c.detector) == 0)
                detector = d;
        }
        if (!detector) {
            report.note(QStringLiteral("ERROR: no detector named %1").arg(QLatin1String(c.detector)));
            return false;
        }
        double alone[3] = {}, whole[3] = {};
        for (int k = 0; k < 3; ++k) {
            const QString input = PrivacyAdversarial::repeated(c.unit, sizes[k]);
            const int runs = k == 0 ? 50 : (s.quick ? 1 : 3);
            alone[k] = fastestMs(runs, [&] {
                Edits edits;
                detector->find(Text(input), context, edits);
                checksum += qint64(edits.size());
            });
            whole[k] = fastestMs(runs, [&] { checksum += privacy.sanitizeString(input).size(); });
        }
        const QString name = QLatin1String(c.detector);
        report.add(QStringLiteral("%1: %2").arg(name, sizeText(sizes[0])), alone[0] * 1000, QStringLiteral("us"));
        report.add(QStringLiteral("%1: %2").arg(name, sizeText(sizes[1])), alone[1], QStringLiteral("ms"));
        // Linear work gives about 4x (a little more once 4 MiB of UTF-16 no longer fits the caches);
        // quadratic work gives 16x.
        report.add(QStringLiteral("%1: %2").arg(name, sizeText(sizes[2])), alone[2], QStringLiteral("ms"),
                   QStringLiteral("< 8x %1").arg(sizeText(sizes[1])), alone[2] < 8 * alone[1] + 0.5);
        report.add(QStringLiteral("%1: whole sanitizer, %2").arg(name, sizeText(sizes[1])), whole[1],
                   QStringLiteral("ms"), s.quick ? QString() : QStringLiteral("< 100 ms"),
                   s.quick ? std::optional<bool>() : std::optional<bool>(whole[1] < 100));
        report.add(QStringLiteral("%1: whole sanitizer, %2").arg(name, sizeText(sizes[2])), whole[2],
                   QStringLiteral("ms"), QStringLiteral("< 8x %1").arg(sizeText(sizes[1])), whole[2] < 8 * whole[1] + 0.5);
    }
    return checksum > 0;
}

// (e) bytes per event: what our client actually sent (JSON, the default), what each encoder writes for
// the same batch, against a reconstructed Python SDK body.
bool benchWireBytes(const Settings &, Report &report)
{
    constexpr int Events = 100;
    report.section(QStringLiteral("e"), QStringLiteral("bytes on the wire per event: one batch of %1 events with 4 attributes "
                                                       "(request bodies)").arg(Events));
    LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
    if (!collector.start()) {
        report.note(QStringLiteral("ERROR: could not listen on 127.0.0.1"));
        return false;
    }
    setConsent(true);
    Telemetry telemetry(benchConfig(collector.baseUrl()));
    const BenchEvent ev;
    for (int i = 0; i < Events; ++i)
        telemetry.trackEvent(ev.name, ev.attributes);
    flushAndWait(telemetry, 10000);
    const LoopbackCollector::Tally t = collector.tally();
    if (t.items != Events || t.badBodies) {
        report.note(QStringLiteral("ERROR: the collector received %1 events in %2 requests").arg(t.items).arg(t.requests));
        return false;
    }
    const double oursRaw = double(t.rawBodyBytes) / Events;
    const double oursWire = double(t.wireBodyBytes) / Events;
    report.add(QStringLiteral("ours: JSON"), oursRaw, QStringLiteral("bytes"));
    report.add(t.gzippedRequests ? QStringLiteral("ours: on the wire (gzip)") : QStringLiteral("ours: on the wire (not gzipped!)"),
               oursWire, QStringLiteral("bytes"));
    report.add(QStringLiteral("ours: HTTP request head"), double(t.headBytes) / Events, QStringLiteral("bytes"));

    // The same batch through each encoder and the worker's gzip, as the client sends it in either encoding.
    const std::vector<Internal::Record> records = benchRecords(Events);
    Internal::OtlpProtobufEncoder protobuf(benchResource());
    const QByteArray protobufBody = protobuf.encode(TelemetrySignal::Traces, records.data(), records.size());
    const double protobufRaw = double(protobufBody.size()) / Events;
    const double protobufWire = double(Internal::gzipCompress(protobufBody).size()) / Events;
    report.add(QStringLiteral("ours: protobuf"), protobufRaw, QStringLiteral("bytes"));
    report.add(QStringLiteral("ours: protobuf, gzip"), protobufWire, QStringLiteral("bytes"));

    PythonPayloadInput in;
    in.projectName = QStringLiteral("bench-app");
    in.version = QStringLiteral("1.0.0");
    in.eventName = ev.name;
    in.attributes = ev.attributes;
    in.events = Events;
    const QByteArray python = pythonSdkTracesBody(in);
    const QByteArray pythonGz = Internal::gzipCompress(python, PythonGzipLevel);
    const double pyRaw = double(python.size()) / Events;
    const double pyWire = double(pythonGz.size()) / Events;
    report.add(QStringLiteral("Python SDK (reconstructed): JSON"), pyRaw, QStringLiteral("bytes"));
    report.add(QStringLiteral("Python SDK (reconstructed): gzip -9"), pyWire, QStringLiteral("bytes"));
    report.add(QStringLiteral("ratio ours / Python, JSON"), oursRaw / pyRaw, QStringLiteral("ratio"));
    report.add(QStringLiteral("ratio ours / Python, on the wire, JSON"), oursWire / pyWire, QStringLiteral("ratio"),
               QStringLiteral("<= 0.333"), oursWire / pyWire <= 1.0 / 3.0);
    report.add(QStringLiteral("ratio ours / Python, on the wire, protobuf"), protobufWire / pyWire, QStringLiteral("ratio"),
               QStringLiteral("<= 0.333"), protobufWire / pyWire <= 1.0 / 3.0);
    return true;
}

// (f) a burst against a healthy collector: everything must arrive. Returns false when records were lost.
bool benchBurst(const Settings &s, Report &report, bool *lost)
{
    report.section(QStringLiteral("f"), QStringLiteral("burst: %1 back-to-back trackEvent calls, healthy collector, "
                                                       "default queue bound").arg(countText(s.burst)));
    LoopbackCollector collector(LoopbackCollector::Mode::Healthy);
    if (!collector.start()) {
        report.note(QStringLiteral("ERROR: could not listen on 127.0.0.1"));
        return false;
    }
    setConsent(true);
    Telemetry telemetry(benchConfig(collector.baseUrl()));
    const BenchEvent ev;
    const bool peakKnown = Citizen::resetPeakResident();
    const qint64 residentBefore = Citizen::residentKiB();
    const auto t0 = Clock::now();
    for (qint64 i = 0; i < s.burst; ++i) {
        // A map built for each call, as applications do: a shared one would make every record nearly free.
        QVariantMap attributes = ev.attributes;
        attributes.insert(QStringLiteral("items"), int(i));
        telemetry.trackEvent(ev.name, attributes);
    }
    const double burstMs = msSince(t0);
    const FlushOutcome f = flushAndWait(telemetry, 60000);
    if (peakKnown) {
        report.add(QStringLiteral("peak resident memory added by the burst"),
                   double(Citizen::peakResidentKiB() - residentBefore) / 1024.0, QStringLiteral("MiB"));
    }
    const LoopbackCollector::Tally t = collector.tally();

    report.add(QStringLiteral("caller time for the burst"), burstMs, QStringLiteral("ms"));
    report.add(QStringLiteral("drain (flush to flushFinished)"), f.ms, QStringLiteral("ms"));
    if (!f.finished)
        report.note(QStringLiteral("flushFinished did not arrive within 60 s"));
    report.add(QStringLiteral("received by the collector"), double(t.items), QStringLiteral("events"),
               QStringLiteral("= %1").arg(countText(s.burst)), t.items == s.burst);
    report.add(QStringLiteral("client: sent"), double(telemetry.sentCount()), QStringLiteral("events"));
    report.add(QStringLiteral("client: dropped"), double(telemetry.droppedCount()), QStringLiteral("events"));
    report.add(QStringLiteral("client: failed"), double(telemetry.failedCount()), QStringLiteral("events"));
    report.add(QStringLiteral("requests"), double(t.requests), QStringLiteral("count"));
    *lost = t.items != s.burst;
    if (*lost)
        report.note(QStringLiteral("BURST LOST %1 RECORDS").arg(countText(s.burst - t.items)));
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    // Granting consent creates a user id in QSettings: keep it, and every other file, out of the real home.
    // The tests' sandbox also drops the variables that would change what is measured (another backend,
    // verbose logging on every batch, an administrator's policy, ...).
    const TestSupport::Sandbox sandbox;

    QCoreApplication app(argc, argv);
    // The desktop-citizen sections measure whole processes: this program started again as their child.
    if (argc >= 3 && qstrcmp(argv[1], "--child") == 0) {
        QLoggingCategory::setFilterRules(QStringLiteral("automagik.telemetry=false"));
        const QString mode = QString::fromLocal8Bit(argv[2]);
        if (AutoSignals::isChildMode(mode))
            return AutoSignals::childMain(mode, app.arguments().mid(3));
        return Citizen::childMain(mode, app.arguments().mid(3));
    }
    QCoreApplication::setOrganizationName(QStringLiteral("automagik-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("automagik-telemetry-bench"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures Automagik Telemetry for Qt against the performance budget of DESIGN.md:\n"
        "  a  trackEvent cost on the caller's thread, consent granted\n"
        "  b  trackEvent cost when disabled\n"
        "  c  worst trackEvent while the collector refuses or never answers, and shutdown()\n"
        "  d  worker encode throughput per signal, OTLP JSON and protobuf, with and without gzip\n"
        "  e  bytes on the wire per event, JSON and protobuf, against the Python SDK's\n"
        "  f  a burst against a healthy collector: does everything arrive?\n"
        "  g  privacy sanitizer throughput on typical attribute values\n"
        "  h  privacy detectors on adversarial input: 10 KiB, 1 MiB and 4 MiB, detector alone and whole sanitizer\n"
        "  i  wake-ups per minute of an idle client after its first delivery\n"
        "  j  the constructor on the caller's thread, first in a fresh process and again\n"
        "  k  worst trackEvent over 20 processes while the collector fails, beside a plain loop\n"
        "  l  resident memory an idle client adds\n"
        "  m  automatic signals on the GUI thread: event rate limit and sampling, Qt messages, the hang\n"
        "     heartbeat, the constructor and the worst trackEvent with all of them on\n"
        "  n  (only with --only n) the runs of k beside one busy process per core, against their plain loops\n"
        "Exit status: 0, 1 when the burst lost records, 2 when a measurement could not run."));
    parser.addHelpOption();
    const QCommandLineOption iterationsOption(QStringLiteral("iterations"),
        QStringLiteral("Calls timed in (a) and (b) (default 200000)."), QStringLiteral("N"));
    const QCommandLineOption quickOption(QStringLiteral("quick"), QStringLiteral("Small counts: a smoke run."));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
        QStringLiteral("Sections to run, e.g. a,c,f (default a-m; n only when asked)."), QStringLiteral("LIST"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Also write the results to FILE as JSON."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption logOption(QStringLiteral("log"), QStringLiteral("Keep the library's warnings (silenced by default)."));
    parser.addOptions({iterationsOption, quickOption, onlyOption, jsonOption, logOption});
    parser.process(app);

    Settings s;
    if (parser.isSet(quickOption)) {
        s.quick = true;
        s.iterations = 5000;
        s.failureCalls = 2000;
        s.encodeSeconds = 0.2;
        s.burst = 5000;
        s.citizenRuns = 2;
        s.idleSeconds = 2;
        s.signalCalls = 2000;
        s.heartbeatSeconds = 3;
    }
    if (parser.isSet(iterationsOption)) {
        bool ok = false;
        s.iterations = parser.value(iterationsOption).toLongLong(&ok);
        if (!ok || s.iterations < 1) {
            std::fprintf(stderr, "--iterations needs a positive number\n");
            return 2;
        }
    }
    if (parser.isSet(onlyOption)) {
        s.sections = parser.value(onlyOption).remove(QLatin1Char(',')).remove(QLatin1Char(' ')).toLower();
        for (const QChar c : std::as_const(s.sections)) {
            if (c < QLatin1Char('a') || c > QLatin1Char('n')) {
                std::fprintf(stderr, "--only takes letters a to n, e.g. --only a,c\n");
                return 2;
            }
        }
    }
    s.jsonFile = parser.value(jsonOption);
    if (!parser.isSet(logOption))
        QLoggingCategory::setFilterRules(QStringLiteral("automagik.telemetry=false"));

    const qint64 overhead = clockOverheadNs();
    std::printf("automagik-telemetry-bench: Automagik Telemetry for Qt %s, Qt %s, %d CPUs, %s build%s\n",
                qPrintable(Telemetry::sdkVersion()), qVersion(), QThread::idealThreadCount(), AUTOMAGIK_BENCH_BUILD_TYPE,
                s.quick ? ", --quick" : "");
    std::printf("per-call times include one steady_clock::now() pair: %lld ns median on this machine\n",
                static_cast<long long>(overhead));
    std::printf("    %-46s %14s %-9s %-18s %s\n", "measurement", "value", "unit", "budget", "");

    Report report;
    bool ok = true;
    bool lost = false;
    const auto wants = [&s](char c) { return s.sections.contains(QLatin1Char(c)); };
    const auto started = Clock::now();
    if (wants('a'))
        ok = benchEnabled(s, report) && ok;
    if (wants('b'))
        ok = benchDisabled(s, report) && ok;
    if (wants('c'))
        ok = benchFailingCollector(s, report) && ok;
    if (wants('d'))
        ok = benchEncoder(s, report) && ok;
    if (wants('e'))
        ok = benchWireBytes(s, report) && ok;
    if (wants('f'))
        ok = benchBurst(s, report, &lost) && ok;
    if (wants('g'))
        ok = benchPrivacy(s, report) && ok;
    if (wants('h'))
        ok = benchPrivacyAdversarial(s, report) && ok;
    Citizen::Options citizen;
    citizen.program = QCoreApplication::applicationFilePath();
    citizen.runs = s.citizenRuns;
    citizen.stallCalls = s.failureCalls;
    citizen.idleSeconds = s.idleSeconds;
    const auto citizenSection = [&](char id, const QString &title, std::vector<Citizen::Row> (*measure)(const Citizen::Options &)) {
        if (!wants(id))
            return;
        report.section(QString(QLatin1Char(id)), title);
        for (const Citizen::Row &row : measure(citizen)) {
            report.add(row.name, row.value, row.unit, row.budget, row.withinBudget);
            if (!row.note.isEmpty())
                report.note(row.note);
            ok = ok && !row.note.startsWith(QLatin1String("ERROR"));
        }
    };
    citizenSection('i', QStringLiteral("idle: one event delivered, then %1 s with nothing to send, default configuration")
                            .arg(s.idleSeconds), &Citizen::idleWakeups);
    citizenSection('j', QStringLiteral("constructor on the caller's thread, %1 fresh processes, 10 more each").arg(s.citizenRuns),
                   &Citizen::constructorTime);
    citizenSection('k', QStringLiteral("stalls: %1 processes, %2 calls per collector failure each, timeout 500 ms, 3 retries")
                            .arg(s.citizenRuns).arg(countText(s.failureCalls)), &Citizen::stalls);
    citizenSection('l', QStringLiteral("resident memory at rest"), &Citizen::restingMemory);
    if (wants('m')) {
        AutoSignals::Options signalOptions;
        signalOptions.program = citizen.program;
        signalOptions.calls = s.signalCalls;
        signalOptions.runs = s.citizenRuns / 2 > 0 ? s.citizenRuns / 2 : 1;
        signalOptions.stallCalls = s.signalCalls;
        signalOptions.heartbeatSeconds = s.heartbeatSeconds;
        report.section(QStringLiteral("m"),
                       QStringLiteral("automatic signals on the GUI thread: %1 calls per variant; heartbeat watched %2 s; "
                                      "%3 processes per configuration")
                           .arg(countText(s.signalCalls))
                           .arg(s.heartbeatSeconds)
                           .arg(signalOptions.runs));
        AutoSignals::measure(signalOptions, [&](const Citizen::Row &row) {
            report.add(row.name, row.value, row.unit, row.budget, row.withinBudget);
            if (!row.note.isEmpty())
                report.note(row.note);
            ok = ok && !row.note.startsWith(QLatin1String("ERROR"));
        });
    }
    citizenSection('n', QStringLiteral("stalls under load: the runs of (k) beside one busy process per core"),
                   &Citizen::stallsUnderLoad);
    const double totalSeconds = msSince(started) / 1000;
    std::printf("\ntotal %.1f s\n", totalSeconds);

    if (!s.jsonFile.isEmpty()) {
        const QJsonObject root{
            {QStringLiteral("tool"), QStringLiteral("automagik-telemetry-bench")},
            {QStringLiteral("sdkVersion"), Telemetry::sdkVersion()},
            {QStringLiteral("qtVersion"), QString::fromLatin1(qVersion())},
            {QStringLiteral("buildType"), QStringLiteral(AUTOMAGIK_BENCH_BUILD_TYPE)},
            {QStringLiteral("cpus"), QThread::idealThreadCount()},
            {QStringLiteral("quick"), s.quick},
            {QStringLiteral("iterations"), s.iterations},
            {QStringLiteral("clockOverheadNs"), overhead},
            {QStringLiteral("totalSeconds"), totalSeconds},
            {QStringLiteral("results"), report.toJson()},
        };
        QFile file(s.jsonFile);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(root).toJson()) < 0) {
            std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(s.jsonFile), qPrintable(file.errorString()));
            return 2;
        }
    }
    if (!ok)
        return 2;
    return lost ? 1 : 0;
}
