// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Fuzz target: what an OTLP collector (or anything pretending to be one) answers. The whole input
// is both a response body for RetryPolicy::parsePartialSuccess() and a Retry-After header value
// for RetryPolicy::parseRetryAfter(), as HttpSender passes them. Checked invariants (abort() when
// broken): a partial success never rejects a negative number of items, carries at most 1000
// characters of message and is not empty; a Retry-After delay is never negative, and
// delta-seconds are capped at one day; the retry delay built from it stays within the policy's
// bounds.

#include "delivery/retrypolicy.h"

#include <QtCore/QDateTime>
#include <QtCore/QTimeZone>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using Automagik::Internal::RetryPolicy;

namespace {

[[noreturn]] void fail(const char *what, long long value)
{
    std::fprintf(stderr, "fuzz_response: %s (%lld)\n", what, value);
    std::abort();
}

bool isDeltaSeconds(QByteArrayView value)
{
    const QByteArrayView t = value.trimmed();
    if (t.isEmpty())
        return false;
    for (char c : t) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));

    if (const auto partial = RetryPolicy::parsePartialSuccess(input)) {
        if (partial->rejected < 0)
            fail("partialSuccess rejected a negative number of items", partial->rejected);
        if (partial->message.size() > 1000)
            fail("partialSuccess message longer than 1000 characters", partial->message.size());
        if (partial->rejected == 0 && partial->message.isEmpty())
            fail("an empty partialSuccess must read as full success", 0);
    }

    // Wed, 21 Oct 2015 07:00:00 GMT: a fixed clock, so every input replays the same way.
    static const QDateTime now(QDate(2015, 10, 21), QTime(7, 0), QTimeZone::utc());
    const std::optional<qint64> retryAfter = RetryPolicy::parseRetryAfter(input, now);
    if (retryAfter) {
        if (*retryAfter < 0)
            fail("Retry-After gave a negative delay", *retryAfter);
        if (isDeltaSeconds(input) && *retryAfter > qint64(86400) * 1000)
            fail("Retry-After delta-seconds beyond the one-day cap", *retryAfter);
    }

    const RetryPolicy policy; // 3 retries, 1 s base, 60 s maximum
    const int retry = int(size % 40);
    const double random01 = double(size % 256) / 256.0;
    const int delay = policy.retryDelay(retry, random01, retryAfter);
    if (delay < 0 || delay > 60000)
        fail("retry delay outside [0, 60000] ms", delay);
    return 0;
}
