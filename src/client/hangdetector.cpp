// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/hangdetector.h"

#include <chrono>

namespace Automagik {

namespace {

// Monotonic, so that a changed wall clock is never a hang; it does not advance while the machine sleeps.
qint64 nowMsecs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count() + 1; // never 0
}

} // namespace

HangDetector::HangDetector(int thresholdMsecs, Report report, QObject *parent)
    : QObject(parent)
    , m_threshold(thresholdMsecs)
    , m_interval(intervalFor(thresholdMsecs))
    , m_report(std::move(report))
{
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, &HangDetector::beat);
}

HangDetector::~HangDetector()
{
    stop();
}

int HangDetector::intervalFor(int thresholdMsecs)
{
    // Five ticks per threshold: a healthy thread's gap (one interval, plus a coarse timer's 5%) stays far below it.
    return qBound(10, thresholdMsecs / 5, 1000);
}

void HangDetector::start()
{
    if (isRunning())
        return;
    m_previousBeat = 0;
    m_lastBeat.store(0, std::memory_order_relaxed);
    m_endedHang.store(0, std::memory_order_relaxed);
    m_hangInProgress.store(false, std::memory_order_relaxed);
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = false;
    }
    m_thread = std::thread([this] { watch(); });
    m_timer.start();
}

void HangDetector::stop()
{
    m_timer.stop();
    if (!isRunning())
        return;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread.join();
    m_hangInProgress.store(false, std::memory_order_release);
}

void HangDetector::beat()
{
    // The watched thread's whole cost: a clock read, a comparison and three relaxed or release stores.
    const qint64 now = nowMsecs();
    if (m_previousBeat != 0 && now - m_previousBeat > m_threshold)
        m_endedHang.store(now - m_previousBeat, std::memory_order_relaxed);
    m_previousBeat = now;
    m_lastBeat.store(now, std::memory_order_release); // publishes m_endedHang with it
    m_beats.fetch_add(1, std::memory_order_release);
}

void HangDetector::watch()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    const auto interval = std::chrono::milliseconds(m_interval);
    while (!m_stopping) {
        m_wake.wait_for(lock, interval, [this] { return m_stopping; });
        lock.unlock(); // the report runs unlocked: stop() never waits on it while holding the mutex
        check(nowMsecs());
        lock.lock();
    }
}

void HangDetector::check(qint64 now)
{
    const qint64 lastBeat = m_lastBeat.load(std::memory_order_acquire);
    // One report per hang: the tick that ended it left its length once, and it is taken once.
    const qint64 ended = m_endedHang.exchange(0, std::memory_order_acq_rel);
    if (ended > 0) {
        m_report(ended);
        m_reports.fetch_add(1, std::memory_order_release);
    }
    m_hangInProgress.store(lastBeat != 0 && now - lastBeat > m_threshold, std::memory_order_release);
    m_checks.fetch_add(1, std::memory_order_release);
}

} // namespace Automagik
