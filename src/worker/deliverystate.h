// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"
#include "delivery/retrypolicy.h"

#include <QtCore/QDeadlineTimer>

#include <random>

namespace Automagik::Internal {

/*
    Whether the worker may hand batches to its transport, and how many:

        Sending --backendDown()--> Paused --pause over, nothing in flight--> Probing
           ^                          ^                                         |
           |                          +--------------backendDown()--------------+
           +------------------------delivered()--------------------------------+
        any --stop()--> Stopped (for good)

    While Paused nothing new goes out; once the pause has run out one batch
    probes the backend. Each failed probe lengthens the next pause along the
    retry policy, past the retries the transport already made.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT DeliveryState
{
public:
    enum class State { Sending, Paused, Probing, Stopped };

    DeliveryState(const RetryPolicy &policy, int maxRetries, int window);

    State state() const { return m_state; }
    //! Paused or probing: the backend did not answer the last time it was asked.
    bool isBackendDown() const { return m_state == State::Paused || m_state == State::Probing; }
    bool isStopped() const { return m_state == State::Stopped; }

    //! How many batches may be with the transport now, given \a inTransport already are.
    int window(int inTransport);
    //! The backend took a batch: send freely again.
    void delivered();
    //! The backend did not take a batch it should have; returns the pause in milliseconds.
    int backendDown();
    //! Ends a pause now (a flush or the shutdown asks for delivery): the next window() probes.
    void expedite();
    //! The network came back: a backend that seemed down is probed at once, and a failed probe pauses from the shortest pause.
    void networkBack();
    //! Nothing is sent any more.
    void stop() { m_state = State::Stopped; }

private:
    RetryPolicy m_policy;
    int m_maxRetries;
    int m_window;
    State m_state = State::Sending;
    int m_failedProbes = 0;
    QDeadlineTimer m_pauseEnds;
    std::mt19937 m_random{std::random_device{}()};
};

} // namespace Automagik::Internal
