// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// DeliveryState: when the worker may hand batches to its transport. The worker's
// end-to-end behaviour (pause, probe, resume) is covered by tst_telemetry and
// tst_faults against real sockets; this pins the transitions themselves.
#include "worker/deliverystate.h"

#include <QtTest/QTest>

using Automagik::Internal::DeliveryState;
using Automagik::Internal::RetryPolicy;
using State = DeliveryState::State;

namespace QTest {
template<>
inline char *toString(const State &state)
{
    static const char *const names[] = {"Sending", "Paused", "Probing", "Stopped"};
    return qstrdup(names[int(state)]);
}
} // namespace QTest

class tst_DeliveryState : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sendsAFullWindowWhileTheBackendAnswers();
    void pauseSendsNothingUntilItEnds();
    void probeWaitsForBatchesStillInTransport();
    void oneProbeAtATimeThenFullWindowOnceDelivered();
    void failedProbesLengthenThePause();
    void failuresFromOnePauseCountOnce();
    void expediteEndsThePauseNow();
    void stoppedSendsNothingForGood();
};

namespace {
constexpr int Window = 4;
// Base 1000 ms: a pause is long enough that a test never sees it end by itself.
DeliveryState makeState(int maxRetries = 3, int maxDelay = 60000)
{
    return DeliveryState(RetryPolicy(maxRetries, 1000, maxDelay), maxRetries, Window);
}
} // namespace

void tst_DeliveryState::sendsAFullWindowWhileTheBackendAnswers()
{
    DeliveryState state = makeState();
    QCOMPARE(state.state(), State::Sending);
    QCOMPARE(state.window(0), Window);
    QCOMPARE(state.window(Window), Window);
    QVERIFY(!state.isBackendDown());
    state.delivered();
    QCOMPARE(state.state(), State::Sending);
}

void tst_DeliveryState::pauseSendsNothingUntilItEnds()
{
    DeliveryState state = makeState();
    const int pause = state.backendDown();
    // The first pause continues the transport's own backoff: retry number maxRetries + 1, with jitter.
    QVERIFY2(pause >= 8000 && pause <= 16000, QByteArray::number(pause).constData());
    QCOMPARE(state.state(), State::Paused);
    QVERIFY(state.isBackendDown());
    QCOMPARE(state.window(0), 0);
    QCOMPARE(state.state(), State::Paused);
}

void tst_DeliveryState::probeWaitsForBatchesStillInTransport()
{
    DeliveryState state = makeState();
    state.backendDown();
    state.expedite();
    QCOMPARE(state.window(2), 0); // earlier batches are still out: their answers may end the pause
    QCOMPARE(state.state(), State::Paused);
    QCOMPARE(state.window(0), 1);
    QCOMPARE(state.state(), State::Probing);
}

void tst_DeliveryState::oneProbeAtATimeThenFullWindowOnceDelivered()
{
    DeliveryState state = makeState();
    state.backendDown();
    state.expedite();
    QCOMPARE(state.window(0), 1);
    QCOMPARE(state.window(1), 1); // the probe's slot, not one more
    QVERIFY(state.isBackendDown());
    state.delivered();
    QCOMPARE(state.state(), State::Sending);
    QCOMPARE(state.window(0), Window);
    QVERIFY(!state.isBackendDown());
}

void tst_DeliveryState::failedProbesLengthenThePause()
{
    // Jitter keeps each pause between half and all of base * 2^retry: with a base of 1 s and 3 retries,
    // probe n (1-based) waits within [2^(2+n), 2^(3+n)] seconds, capped at the maximum.
    DeliveryState state = makeState(3, 1000000);
    for (int probe = 1; probe <= 4; ++probe) {
        const int pause = state.backendDown();
        const int full = 1000 << (3 + probe);
        QVERIFY2(pause >= full / 2 && pause <= full,
                 qPrintable(QStringLiteral("probe %1 paused %2 ms").arg(probe).arg(pause)));
        state.expedite();
        QCOMPARE(state.window(0), 1);
    }
    state.delivered();
    const int afterRecovery = state.backendDown();
    QVERIFY2(afterRecovery <= 16000, QByteArray::number(afterRecovery).constData()); // back to the first step
}

void tst_DeliveryState::failuresFromOnePauseCountOnce()
{
    // Four batches were out when the backend went down; their four failures are one outage, not four.
    DeliveryState state = makeState(3, 1000000);
    state.backendDown();
    int longest = 0;
    for (int i = 0; i < 3; ++i)
        longest = qMax(longest, state.backendDown());
    QVERIFY2(longest <= 16000, QByteArray::number(longest).constData());
}

void tst_DeliveryState::expediteEndsThePauseNow()
{
    DeliveryState state = makeState();
    state.expedite(); // while sending: no effect
    QCOMPARE(state.window(0), Window);
    state.backendDown();
    QCOMPARE(state.window(0), 0);
    state.expedite();
    QCOMPARE(state.window(0), 1);
}

void tst_DeliveryState::stoppedSendsNothingForGood()
{
    DeliveryState state = makeState();
    state.stop();
    QVERIFY(state.isStopped());
    QCOMPARE(state.window(0), 0);
    state.delivered(); // a late answer after the stop
    QCOMPARE(state.state(), State::Stopped);
    state.backendDown();
    QCOMPARE(state.state(), State::Stopped);
    state.expedite();
    QCOMPARE(state.window(0), 0);
}

QTEST_GUILESS_MAIN(tst_DeliveryState)
#include "tst_deliverystate.moc"
