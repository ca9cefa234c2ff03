// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace Automagik {

/*
    Watches the event loop of the thread this object lives in (the client's, normally the GUI thread).
    There a timer ticks every interval() and stores the time of the tick (the heartbeat); a tick that
    comes more than the threshold after the previous one ends a hang, whose length it leaves for the
    watchdog. The watchdog, a thread of its own, wakes every interval(), reports each such hang once
    through the callback (on the watchdog thread, never on the watched one) and notes whether the
    watched thread is hanging right now (no heartbeat for longer than the threshold).

    The first tick only starts the count: a thread whose event loop has not run yet (the application
    is still starting) is not hanging. start() and stop() are called on the watched thread.
*/
class HangDetector : public QObject
{
    Q_OBJECT

public:
    //! Called on the watchdog thread with the duration of a hang that has just ended, in milliseconds.
    using Report = std::function<void(qint64 durationMsecs)>;

    HangDetector(int thresholdMsecs, Report report, QObject *parent = nullptr);
    ~HangDetector() override; // stop()

    //! The heartbeat interval for \a thresholdMsecs: a fifth of it, between 10 ms and a second.
    static int intervalFor(int thresholdMsecs);

    //! Starts the heartbeat and the watchdog; nothing happens when they run already.
    void start();
    //! Stops both; a hang that ended but was not reported yet is reported first.
    void stop();
    bool isRunning() const { return m_thread.joinable(); }

    int threshold() const { return m_threshold; }
    int interval() const { return m_interval; }

    // What the watchdog saw, for tests and diagnostics (any thread).
    //! Whether the watched thread has not answered for longer than the threshold, as of the last check.
    bool isHangInProgress() const { return m_hangInProgress.load(std::memory_order_acquire); }
    //! Checks the watchdog made since construction.
    quint64 checkCount() const { return m_checks.load(std::memory_order_acquire); }
    //! Heartbeats since construction.
    quint64 beatCount() const { return m_beats.load(std::memory_order_acquire); }
    //! Hangs reported since construction.
    quint64 reportCount() const { return m_reports.load(std::memory_order_acquire); }

private:
    void beat();
    void watch();
    void check(qint64 now);

    const int m_threshold;
    const int m_interval;
    const Report m_report;
    QTimer m_timer{this}; // a child: moveToThread() moves it too
    qint64 m_previousBeat = 0; // the watched thread's alone; 0: no tick yet

    std::atomic<qint64> m_lastBeat{0}; // monotonic milliseconds of the last tick; 0: none yet
    std::atomic<qint64> m_endedHang{0}; // the length of a hang that ended and is not reported yet
    std::atomic<bool> m_hangInProgress{false};
    std::atomic<quint64> m_checks{0};
    std::atomic<quint64> m_beats{0};
    std::atomic<quint64> m_reports{0};

    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false; // guarded by m_mutex
    std::thread m_thread;
};

} // namespace Automagik
