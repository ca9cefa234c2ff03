// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/ratelimiter.h"

#include <QtCore/QRandomGenerator>

namespace Automagik {

namespace {

// A uniform double in [0, 1) from a generator of this thread's own: no lock, no shared cache line.
double uniform()
{
    thread_local quint64 state = QRandomGenerator::global()->generate64() | 1;
    // xorshift64*: plenty for choosing which events to keep.
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return double((state * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53;
}

} // namespace

EventLimiter::EventLimiter(int perMinute, const QMap<QString, double> &samplingRates)
    : m_perMinute(qMax(0, perMinute))
{
    for (auto it = samplingRates.cbegin(); it != samplingRates.cend(); ++it) {
        if (it.key() == QLatin1String("*"))
            m_defaultRate = it.value();
        else
            m_rates.insert(it.key(), it.value());
    }
    m_sampling = !samplingRates.isEmpty();
}

double EventLimiter::samplingRateOf(const QString &name) const
{
    const auto it = m_rates.constFind(name);
    return it != m_rates.cend() ? *it : m_defaultRate;
}

EventLimiter::Verdict EventLimiter::admit(const QString &name, qint64 nowMsecs)
{
    Verdict verdict;
    if (m_sampling) {
        verdict.samplingRate = samplingRateOf(name);
        // A rate of 1 keeps every event without drawing; 0 keeps none (uniform() is below 1).
        if (verdict.samplingRate < 1.0 && uniform() >= verdict.samplingRate) {
            verdict.keep = false;
            return verdict; // sampled out: no token taken
        }
    }
    if (m_perMinute == 0)
        return verdict;
    Shard &shard = m_shards[qHash(name, 0) % m_shards.size()];
    std::lock_guard<std::mutex> lock(shard.mutex);
    auto it = shard.buckets.find(name);
    if (it == shard.buckets.end()) {
        if (shard.buckets.size() >= maxNamesPerShard) {
            shard.buckets.removeIf([nowMsecs](QHash<QString, TokenBucket>::iterator entry) {
                return entry.value().isFull(nowMsecs);
            });
            if (shard.buckets.size() >= maxNamesPerShard)
                shard.buckets.clear();
        }
        it = shard.buckets.insert(name, TokenBucket(m_perMinute));
    }
    if (!it->take(nowMsecs)) {
        verdict.keep = false;
        verdict.rateLimited = true;
        return verdict;
    }
    verdict.droppedBefore = it->takeDropped();
    return verdict;
}

int EventLimiter::rememberedNames()
{
    int names = 0;
    for (Shard &shard : m_shards) {
        std::lock_guard<std::mutex> lock(shard.mutex);
        names += int(shard.buckets.size());
    }
    return names;
}

} // namespace Automagik
