// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "worker/deliverystate.h"

#include <QtCore/QtGlobal>

namespace Automagik::Internal {

DeliveryState::DeliveryState(const RetryPolicy &policy, int maxRetries, int window)
    : m_policy(policy)
    , m_maxRetries(maxRetries)
    , m_window(window)
{
}

int DeliveryState::window(int inTransport)
{
    switch (m_state) {
    case State::Sending:
        return m_window;
    case State::Paused:
        if (!m_pauseEnds.hasExpired() || inTransport > 0)
            return 0;
        m_state = State::Probing; // the pause is over: one batch finds out whether the backend is back
        return 1;
    case State::Probing:
        return 1;
    case State::Stopped:
        break;
    }
    return 0;
}

void DeliveryState::delivered()
{
    if (m_state == State::Stopped)
        return;
    m_state = State::Sending;
    m_failedProbes = 0;
}

int DeliveryState::backendDown()
{
    // A batch that was already with the transport when the pause began does not lengthen it.
    if (m_state != State::Paused)
        ++m_failedProbes;
    if (m_state != State::Stopped)
        m_state = State::Paused;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int delay = qMax(1, m_policy.retryDelay(m_maxRetries + m_failedProbes, unit(m_random)));
    m_pauseEnds = QDeadlineTimer(delay);
    return delay;
}

void DeliveryState::expedite()
{
    m_pauseEnds = QDeadlineTimer(0);
}

void DeliveryState::networkBack()
{
    if (!isBackendDown())
        return;
    // What failed while the network was away says nothing about the backend.
    m_failedProbes = 0;
    m_pauseEnds = QDeadlineTimer(0);
}

} // namespace Automagik::Internal
