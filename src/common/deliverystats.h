// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/record.h"
#include "common/recordqueue.h"

#include <QtCore/QSemaphore>

#include <array>
#include <atomic>

namespace Automagik::Internal {

/*
    Counters shared by the facade (reads, and the caller-side drop count) and
    the worker (writes). Plain atomics: status() and the properties read them
    without locking or waking anything.
*/
struct DeliveryStats
{
    using Counters = std::array<std::atomic<qint64>, SignalCount>;

    Counters outstanding{}; // accepted and still in memory, not yet encoded into a spooled batch
    Counters spooled{}; // in spooled batches (on disk or in memory), not yet delivered or given up
    Counters sent{};
    Counters failed{};
    Counters dropped{};
    Counters rejected{}; // items an OTLP partialSuccess rejected
    Counters queueFullUnreported{}; // caller-side drops the worker has not signalled yet
    std::atomic<qint64> retries{0};
    std::atomic<qint64> queuedBytes{0}; // estimate for the records counted in outstanding
    std::atomic<qint64> spoolBytes{0};
    std::atomic<qint64> spoolBatches{0};
    std::atomic<bool> spoolPersistent{false};
    // The hand-off itself lives here too: the worker shares ownership, so a worker left running past a
    // shutdown deadline never touches a queue its client has already destroyed.
    RecordQueue queue;
    std::atomic<bool> wakePending{false};
    // A flush tick is armed: set by the first record after the last tick, cleared by the tick. An idle
    // client therefore has no timer running at all.
    std::atomic<bool> flushArmed{false};
    std::atomic<qint64> bytesSent{0};
    // Set by shutdown() before it queues the worker's shutdown: a long drain under way stops at its next
    // slice, so the shutdown (and its deadline) is not queued behind it.
    std::atomic<bool> shutdownRequested{false};
    // Released by the worker when its shutdown is finished. Here, made with the client before the worker's
    // thread starts, rather than handed over with the shutdown call: the caller may stop waiting first,
    // and a semaphore made just before that call is published only through Qt's event queue, whose lock
    // ThreadSanitizer cannot see.
    QSemaphore shutdownDone;
    // Why delivery waits for the network: the worker's NetworkStatus::Pause as an int, for status().
    std::atomic<int> networkPause{0};

    static qint64 sum(const Counters &c)
    {
        qint64 total = 0;
        for (const auto &v : c)
            total += v.load(std::memory_order_relaxed);
        return total;
    }
};

} // namespace Automagik::Internal
