// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Sampling and rate limits per event name: the EventLimiter with a clock of the test's, then clients
// that call trackEvent() in a loop against a loopback OtlpReceiver.

#include "client/ratelimiter.h"
#include "flushwait.h"
#include "testsupport.h"

#include <automagik/telemetry.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <vector>

using Automagik::EventLimiter;
using Automagik::Telemetry;
using Automagik::TelemetryConfig;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

namespace {

QList<QJsonObject> spansNamed(const OtlpReceiver &receiver, const QString &name)
{
    QList<QJsonObject> spans;
    for (const OtlpReceiver::Request &request : receiver.requests()) {
        if (request.signal != QLatin1String("traces"))
            continue;
        forEachSpan(request.jsonBody(), [&](const QJsonObject &span) {
            if (span.value(QLatin1String("name")).toString() == name)
                spans.append(span);
        });
    }
    return spans;
}

QJsonObject attributeOf(const QJsonObject &span, const QString &key)
{
    return attribute(span.value(QLatin1String("attributes")).toArray(), key);
}

// Nanoseconds per call of \a call: median and 99th percentile of \a rounds rounds of 100 calls.
template<typename Call>
std::pair<double, double> measure(int rounds, Call call)
{
    std::vector<double> perCall;
    perCall.reserve(std::size_t(rounds));
    for (int round = 0; round < rounds; ++round) {
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < 100; ++i)
            call(i);
        perCall.push_back(double(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::steady_clock::now() - start).count()) / 100.0);
    }
    std::sort(perCall.begin(), perCall.end());
    return {perCall[perCall.size() / 2], perCall[perCall.size() * 99 / 100]};
}

} // namespace

class tst_EventLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void configuration();
    void rateLimitPerName();
    void sampling();
    void namesAreBounded();
    void loopCannotFlood();
    void droppedAreCountedInTheNextEvent();
    void samplingThroughTheClient();
    void nothingCountedWithoutConsent();
    void cost();

private:
    TelemetryConfig configFor(const OtlpReceiver &receiver) const;

    Sandbox m_sandbox;
    std::unique_ptr<QTemporaryDir> m_work;
};

void tst_EventLimits::initTestCase()
{
    QVERIFY(m_sandbox.isValid());
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_EventLimits::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
}

TelemetryConfig tst_EventLimits::configFor(const OtlpReceiver &receiver) const
{
    TelemetryConfig config(QStringLiteral("limits-app"), QStringLiteral("1.0.0"));
    config.setEndpoint(receiver.baseUrl());
    config.setSettingsFile(m_work->filePath(QStringLiteral("consent.ini")));
    config.setSpoolDirectory(m_work->filePath(QStringLiteral("spool")));
    config.setFlushInterval(60000); // the tests flush explicitly
    return config;
}

void tst_EventLimits::configuration()
{
    TelemetryConfig config;
    QCOMPARE(config.eventRateLimit(), 0);
    QCOMPARE(config.eventSamplingRates(), (QMap<QString, double>()));
    config.setEventRateLimit(-5);
    QCOMPARE(config.eventRateLimit(), 0);
    config.setEventRateLimit(120);
    QCOMPARE(config.eventRateLimit(), 120);
    config.setEventSamplingRates({{QStringLiteral("a"), 2.0}, {QStringLiteral("b"), -1.0},
                                  {QStringLiteral("c"), std::nan("")}, {QStringLiteral("*"), 0.25}});
    const QMap<QString, double> expected{{QStringLiteral("a"), 1.0}, {QStringLiteral("b"), 0.0},
                                         {QStringLiteral("c"), 1.0}, {QStringLiteral("*"), 0.25}};
    QCOMPARE(config.eventSamplingRates(), expected);
    QVERIFY(config != TelemetryConfig());
    QVERIFY(!EventLimiter::isWanted(0, {}));
    QVERIFY(EventLimiter::isWanted(1, {}));
    QVERIFY(EventLimiter::isWanted(0, expected));
}

void tst_EventLimits::rateLimitPerName()
{
    EventLimiter limiter(10, {}); // a burst of 10, then one every 6 s
    qint64 now = 1000000;
    for (int i = 0; i < 10; ++i) {
        const EventLimiter::Verdict verdict = limiter.admit(QStringLiteral("loop"), now);
        QVERIFY(verdict.keep);
        QCOMPARE(verdict.droppedBefore, 0);
        QCOMPARE(verdict.samplingRate, 1.0);
    }
    for (int i = 0; i < 7; ++i) {
        const EventLimiter::Verdict verdict = limiter.admit(QStringLiteral("loop"), now);
        QVERIFY(!verdict.keep);
        QVERIFY(verdict.rateLimited);
    }
    // Another name has a bucket of its own.
    QVERIFY(limiter.admit(QStringLiteral("other"), now).keep);
    // 5.999 s later: still no token; 6 s: one, carrying the 8 left out meanwhile.
    now += 5999;
    QVERIFY(!limiter.admit(QStringLiteral("loop"), now).keep);
    now += 1;
    EventLimiter::Verdict verdict = limiter.admit(QStringLiteral("loop"), now);
    QVERIFY(verdict.keep);
    QCOMPARE(verdict.droppedBefore, 8);
    QVERIFY(!limiter.admit(QStringLiteral("loop"), now).keep);
    // A full minute later the whole burst is back, and the count restarts from the last kept one.
    now += 60000;
    verdict = limiter.admit(QStringLiteral("loop"), now);
    QVERIFY(verdict.keep);
    QCOMPARE(verdict.droppedBefore, 1);
    for (int i = 1; i < 10; ++i)
        QVERIFY(limiter.admit(QStringLiteral("loop"), now).keep);
    QVERIFY(!limiter.admit(QStringLiteral("loop"), now).keep);
}

void tst_EventLimits::sampling()
{
    EventLimiter limiter(0, {{QStringLiteral("never"), 0.0}, {QStringLiteral("always"), 1.0},
                             {QStringLiteral("quarter"), 0.25}, {QStringLiteral("*"), 0.5}});
    const int draws = 20000;
    int quarter = 0, unlisted = 0;
    for (int i = 0; i < draws; ++i) {
        const EventLimiter::Verdict never = limiter.admit(QStringLiteral("never"), 1);
        QVERIFY(!never.keep);
        QVERIFY(!never.rateLimited); // sampled out, not a drop
        const EventLimiter::Verdict always = limiter.admit(QStringLiteral("always"), 1);
        QVERIFY(always.keep);
        QCOMPARE(always.samplingRate, 1.0);
        const EventLimiter::Verdict q = limiter.admit(QStringLiteral("quarter"), 1);
        if (q.keep) {
            ++quarter;
            QCOMPARE(q.samplingRate, 0.25);
        }
        unlisted += limiter.admit(QStringLiteral("unlisted"), 1).keep ? 1 : 0;
    }
    // Binomial: the standard deviations are 0.003 and 0.0035; these bounds are ten of them away.
    QVERIFY2(std::abs(double(quarter) / draws - 0.25) < 0.03, qPrintable(QString::number(quarter)));
    QVERIFY2(std::abs(double(unlisted) / draws - 0.5) < 0.035, qPrintable(QString::number(unlisted)));

    // Sampling first, then the rate limit: sampled-out events take no token.
    EventLimiter both(2, {{QStringLiteral("*"), 0.0}, {QStringLiteral("kept"), 1.0}});
    for (int i = 0; i < 100; ++i)
        QVERIFY(!both.admit(QStringLiteral("dropped"), 1).rateLimited);
    QVERIFY(both.admit(QStringLiteral("kept"), 1).keep);
    QVERIFY(both.admit(QStringLiteral("kept"), 1).keep);
    QVERIFY(both.admit(QStringLiteral("kept"), 1).rateLimited);
}

void tst_EventLimits::namesAreBounded()
{
    EventLimiter limiter(5, {});
    const int shards = 16;
    // Names made up in a loop, each used once: memory stays bounded (idle full buckets are forgotten).
    for (int i = 0; i < 4 * shards * EventLimiter::maxNamesPerShard; ++i)
        QVERIFY(limiter.admit(QStringLiteral("item-%1").arg(i), 1000 + i).keep);
    QVERIFY(limiter.rememberedNames() <= shards * EventLimiter::maxNamesPerShard);
    QVERIFY(limiter.rememberedNames() > 0);
}

void tst_EventLimits::loopCannotFlood()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setEventRateLimit(5); // a burst of 5, then one every 12 s: far longer than this test
    Telemetry telemetry(config);
    telemetry.enable();
    for (int i = 0; i < 1000; ++i)
        telemetry.trackEvent(QStringLiteral("loop"), {{QStringLiteral("i"), i}});
    for (int i = 0; i < 3; ++i)
        telemetry.trackEvent(QStringLiteral("other"));
    telemetry.trackMetric(QStringLiteral("not.an.event"), 1); // metrics are not limited
    QCOMPARE(telemetry.droppedCount(), qint64(995));
    QVERIFY(flushAndWait(telemetry).delivered);
    const QList<QJsonObject> loop = spansNamed(receiver, QStringLiteral("loop"));
    QCOMPARE(loop.size(), 5);
    for (int i = 0; i < 5; ++i) // the first ones: the burst passes, the rest is left out
        QCOMPARE(intValue(attributeOf(loop.at(i), QStringLiteral("i"))), qint64(i));
    QCOMPARE(spansNamed(receiver, QStringLiteral("other")).size(), 3);
    QCOMPARE(telemetry.droppedCount(), qint64(995));
    QCOMPARE(telemetry.status().value(QStringLiteral("dropped")).toMap().value(QStringLiteral("traces")).toLongLong(),
             qint64(995));
    QCOMPARE(telemetry.sentCount(), qint64(9));
}

void tst_EventLimits::droppedAreCountedInTheNextEvent()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setEventRateLimit(60); // a burst of 60, then one a second
    Telemetry telemetry(config);
    telemetry.enable();
    for (int i = 0; i < 70; ++i)
        telemetry.trackEvent(QStringLiteral("loop"));
    QCOMPARE(telemetry.droppedCount(), qint64(10));
    // Keep calling until one is kept again (about a second later): it says how many were left out.
    QVERIFY(QTest::qWaitFor([&] {
        const qint64 before = telemetry.droppedCount();
        telemetry.trackEvent(QStringLiteral("loop"));
        return telemetry.droppedCount() == before;
    }, 10000));
    const qint64 dropped = telemetry.droppedCount();
    QVERIFY(flushAndWait(telemetry).delivered);
    const QList<QJsonObject> loop = spansNamed(receiver, QStringLiteral("loop"));
    QCOMPARE(loop.size(), 61);
    QVERIFY(attributeOf(loop.at(59), QStringLiteral("rate_limit.dropped")).isEmpty());
    QCOMPARE(intValue(attributeOf(loop.constLast(), QStringLiteral("rate_limit.dropped"))), dropped);
}

void tst_EventLimits::samplingThroughTheClient()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setEventSamplingRates({{QStringLiteral("noisy"), 0.5}, {QStringLiteral("muted"), 0.0}});
    Telemetry telemetry(config);
    telemetry.enable();
    for (int i = 0; i < 400; ++i) {
        telemetry.trackEvent(QStringLiteral("noisy"));
        telemetry.trackEvent(QStringLiteral("muted"));
    }
    telemetry.trackEvent(QStringLiteral("unlisted"));
    QCOMPARE(telemetry.droppedCount(), qint64(0)); // sampling is not a loss: its rate travels with the events
    QVERIFY(flushAndWait(telemetry).delivered);
    const QList<QJsonObject> noisy = spansNamed(receiver, QStringLiteral("noisy"));
    // Binomial(400, 0.5): a standard deviation of 10; these bounds are eight of them away.
    QVERIFY2(noisy.size() > 120 && noisy.size() < 280, qPrintable(QString::number(noisy.size())));
    for (const QJsonObject &span : noisy)
        QCOMPARE(attributeOf(span, QStringLiteral("sampling.rate")).value(QLatin1String("doubleValue")).toDouble(), 0.5);
    QCOMPARE(spansNamed(receiver, QStringLiteral("muted")).size(), 0);
    const QList<QJsonObject> unlisted = spansNamed(receiver, QStringLiteral("unlisted"));
    QCOMPARE(unlisted.size(), 1);
    QVERIFY(attributeOf(unlisted.constFirst(), QStringLiteral("sampling.rate")).isEmpty());
}

void tst_EventLimits::nothingCountedWithoutConsent()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setEventRateLimit(3);
    Telemetry telemetry(config);
    QVERIFY(!telemetry.isEnabled());
    for (int i = 0; i < 10; ++i)
        telemetry.trackEvent(QStringLiteral("loop"));
    QCOMPARE(telemetry.droppedCount(), qint64(0)); // nothing was accepted, so nothing was dropped
    telemetry.enable();
    for (int i = 0; i < 3; ++i)
        telemetry.trackEvent(QStringLiteral("loop")); // the whole burst is still there
    QCOMPARE(telemetry.droppedCount(), qint64(0));
    QVERIFY(flushAndWait(telemetry).delivered);
    QCOMPARE(spansNamed(receiver, QStringLiteral("loop")).size(), 3);
    QCOMPARE(receiver.requestCount(), 1);
}

void tst_EventLimits::cost()
{
    // What the limiter adds on the caller's thread. Printed for docs/automatic-signals.md; the bounds
    // only catch a gross regression (a debug build on a loaded machine is far slower than a release one).
    EventLimiter limiter(1000000000, {});
    const QString names[] = {QStringLiteral("document.opened"), QStringLiteral("export.clicked"),
                             QStringLiteral("search.run"), QStringLiteral("view.changed")};
    const auto alone = measure(2000, [&](int i) { limiter.admit(names[i % 4]); });
    EventLimiter sampler(0, {{QStringLiteral("*"), 0.5}});
    const auto sampled = measure(2000, [&](int i) { sampler.admit(names[i % 4]); });

    // Two threads at once on different names: they seldom share a shard's lock.
    std::pair<double, double> contended;
    QThread *other = QThread::create([&] {
        for (int i = 0; i < 200000; ++i)
            limiter.admit(names[(i % 2) + 2]);
    });
    other->start();
    contended = measure(2000, [&](int i) { limiter.admit(names[i % 2]); });
    QVERIFY(other->wait(60000));
    delete other;

    qInfo("EventLimiter::admit, rate limit: median %.0f ns, p99 %.0f ns; with another thread: median %.0f ns, "
          "p99 %.0f ns; sampling alone: median %.0f ns, p99 %.0f ns",
          alone.first, alone.second, contended.first, contended.second, sampled.first, sampled.second);
    QVERIFY2(alone.first < 5000, "the rate limit costs more than 5 us a call");
    QVERIFY2(sampled.first < 5000, "sampling costs more than 5 us a call");

    // Through trackEvent with consent, with and without a limit that keeps everything.
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const QVariantMap attributes{{QStringLiteral("a"), 1}, {QStringLiteral("b"), QStringLiteral("two")},
                                 {QStringLiteral("c"), 3.0}, {QStringLiteral("d"), true}};
    std::pair<double, double> plain, limited;
    for (const bool limit : {false, true}) {
        TelemetryConfig config = configFor(receiver);
        if (limit)
            config.setEventRateLimit(1000000000);
        Telemetry telemetry(config);
        telemetry.enable();
        (limit ? limited : plain) = measure(200, [&](int i) { telemetry.trackEvent(names[i % 4], attributes); });
        QCOMPARE(telemetry.droppedCount(), qint64(0));
        QVERIFY(flushAndWait(telemetry, 60000).finished);
    }
    qInfo("trackEvent, 4 attributes: median %.0f ns, p99 %.0f ns without a limit; median %.0f ns, p99 %.0f ns with one",
          plain.first, plain.second, limited.first, limited.second);
}

QTEST_GUILESS_MAIN(tst_EventLimits)
#include "tst_eventlimits.moc"
