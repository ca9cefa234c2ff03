// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Waiting for a client's flush, the way every end-to-end test does. Header-only on purpose: it calls the
// public client API, which the test program links (the shared library or its objects), never this library.
#pragma once

#include <automagik/telemetry.h>

#include <QtTest/QSignalSpy>

namespace TestSupport {

struct FlushOutcome
{
    bool finished = false; //!< flushFinished() came within the time allowed
    bool delivered = false; //!< and said that everything was delivered
};

/*
    Flushes \a telemetry and runs the event loop (so that a loopback collector in this thread keeps
    answering) until flushFinished() or \a timeoutMs.
*/
inline FlushOutcome flushAndWait(Automagik::Telemetry &telemetry, int timeoutMs = 10000)
{
    QSignalSpy finished(&telemetry, &Automagik::Telemetry::flushFinished);
    telemetry.flush();
    FlushOutcome outcome;
    outcome.finished = finished.wait(timeoutMs) || !finished.isEmpty();
    outcome.delivered = outcome.finished && finished.constFirst().constFirst().toBool();
    return outcome;
}

} // namespace TestSupport
