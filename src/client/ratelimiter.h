// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QHash>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QtGlobal>

#include <array>
#include <chrono>
#include <mutex>

namespace Automagik {

/*
    A token bucket: up to perMinute records at once, then one every 60 / perMinute seconds. Not
    thread-safe: its owner serializes the calls. Times are monotonic milliseconds (steadyMsecs()).
*/
class TokenBucket
{
public:
    explicit TokenBucket(int perMinute = 60)
        : m_capacity(qMax(1, perMinute))
        , m_tokens(m_capacity)
    {
    }

    static qint64 steadyMsecs()
    {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }

    //! Takes a token at \a nowMsecs; false (and counted as dropped) when there is none.
    bool take(qint64 nowMsecs)
    {
        if (m_last != 0 && nowMsecs > m_last)
            m_tokens = qMin(double(m_capacity), m_tokens + double(nowMsecs - m_last) * m_capacity / 60000.0);
        if (nowMsecs > m_last)
            m_last = nowMsecs;
        if (m_tokens < 1.0) {
            ++m_dropped;
            return false;
        }
        m_tokens -= 1.0;
        return true;
    }

    //! Whether the bucket is full at \a nowMsecs: it has been idle long enough to be forgotten.
    bool isFull(qint64 nowMsecs) const
    {
        return m_dropped == 0
            && m_tokens + double(qMax<qint64>(0, nowMsecs - m_last)) * m_capacity / 60000.0 >= m_capacity;
    }

    //! How many take() refused since the last call of this function.
    qint64 takeDropped()
    {
        const qint64 dropped = m_dropped;
        m_dropped = 0;
        return dropped;
    }

private:
    int m_capacity;
    double m_tokens;
    qint64 m_last = 0;
    qint64 m_dropped = 0;
};

/*
    Sampling and a rate limit per event name, on the caller's thread of Telemetry::trackEvent(): sampling
    reads constant data and a per-thread random generator (no lock); the rate limit takes the lock of one
    of 16 shards, chosen by the name's hash, so that threads tracking different names seldom meet. A shard
    remembers at most 512 names; beyond that, names idle long enough for a full bucket are forgotten (and
    if none is, all of the shard's), so that names made up in a loop cannot grow memory without bound.
*/
class EventLimiter
{
public:
    struct Verdict
    {
        bool keep = true;
        bool rateLimited = false; // not kept because of the rate limit (else, if not kept: sampled out)
        qint64 droppedBefore = 0; // kept: events of this name the rate limit left out since the last kept one
        double samplingRate = 1.0; // the rate this name is sampled at
    };

    EventLimiter(int perMinute, const QMap<QString, double> &samplingRates);
    EventLimiter(const EventLimiter &) = delete;
    EventLimiter &operator=(const EventLimiter &) = delete;

    //! Whether \a configured asks for sampling or a rate limit at all.
    static bool isWanted(int perMinute, const QMap<QString, double> &samplingRates)
    {
        return perMinute > 0 || !samplingRates.isEmpty();
    }

    //! Decides about one event named \a name, at \a nowMsecs (TokenBucket::steadyMsecs()).
    Verdict admit(const QString &name, qint64 nowMsecs);
    Verdict admit(const QString &name) { return admit(name, TokenBucket::steadyMsecs()); }

    //! The names a shard remembers at most.
    static constexpr int maxNamesPerShard = 512;
    //! Names remembered now, over all shards (for tests).
    int rememberedNames();

private:
    struct alignas(64) Shard
    {
        std::mutex mutex;
        QHash<QString, TokenBucket> buckets;
    };

    double samplingRateOf(const QString &name) const;

    const int m_perMinute;
    QHash<QString, double> m_rates; // constant after construction: read without a lock
    double m_defaultRate = 1.0;
    bool m_sampling = false;
    std::array<Shard, 16> m_shards;
};

} // namespace Automagik
