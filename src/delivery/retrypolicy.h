// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QDateTime>
#include <QtNetwork/QNetworkReply>

#include <optional>

namespace Automagik::Internal {

/*
    The OTLP/HTTP specification's rules for what a response means: which
    answers are retried, how long to wait, and what a partial success says.
    Pure functions, so every branch is testable without a network.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT RetryPolicy
{
public:
    enum class Action { Success, Retry, Drop };
    struct Verdict
    {
        Action action = Action::Drop;
        DeliveryError error = DeliveryError::NoError;
        QString reason;
    };
    struct PartialSuccess
    {
        qint64 rejected = 0;
        QString message;
    };

    RetryPolicy(int maxRetries = 3, int backoffBaseMs = 1000, int maxDelayMs = 60000);

    int maxRetries() const { return m_maxRetries; }

    //! What to do with an answer: \a httpStatus is 0 when no HTTP response arrived.
    static Verdict classify(int httpStatus, QNetworkReply::NetworkError error, const QString &errorText,
                            bool timedOut);

    /*!
        Delay before retry number \a retry (0-based): base * 2^retry with
        "equal jitter" (between half and all of it, from \a random01 in [0,1)),
        capped at the maximum delay. A server's Retry-After, if given, replaces
        it (also capped).
    */
    int retryDelay(int retry, double random01, std::optional<qint64> retryAfterMs = std::nullopt) const;

    //! Parses Retry-After: delta-seconds or an HTTP-date relative to \a now. Returns milliseconds.
    static std::optional<qint64> parseRetryAfter(QByteArrayView value, const QDateTime &now);

    //! Reads an OTLP partialSuccess from a (bounded) response body; empty if none or unreadable.
    static std::optional<PartialSuccess> parsePartialSuccess(QByteArrayView body);

private:
    int m_maxRetries;
    int m_backoffBaseMs;
    int m_maxDelayMs;
};

} // namespace Automagik::Internal
