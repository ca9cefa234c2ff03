// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "retrypolicy.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtCore/QTimeZone>

#include <cmath>

namespace Automagik::Internal {

RetryPolicy::RetryPolicy(int maxRetries, int backoffBaseMs, int maxDelayMs)
    : m_maxRetries(qMax(0, maxRetries))
    , m_backoffBaseMs(qMax(0, backoffBaseMs))
    , m_maxDelayMs(qMax(0, maxDelayMs))
{
}

RetryPolicy::Verdict RetryPolicy::classify(int httpStatus, QNetworkReply::NetworkError error,
                                           const QString &errorText, bool timedOut)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return {Action::Success, DeliveryError::NoError, {}};
    if (httpStatus > 0) {
        const QString reason = QStringLiteral("HTTP ") + QString::number(httpStatus);
        // OTLP/HTTP: only these are transient; everything else would fail the same way again.
        if (httpStatus == 429 || httpStatus == 502 || httpStatus == 503 || httpStatus == 504)
            return {Action::Retry, httpStatus == 429 ? DeliveryError::HttpClientError : DeliveryError::HttpServerError,
                    reason};
        if (httpStatus >= 500)
            return {Action::Drop, DeliveryError::HttpServerError, reason};
        if (httpStatus >= 300 && httpStatus < 400)
            return {Action::Drop, DeliveryError::HttpClientError, reason + QStringLiteral(" (redirect not followed)")};
        return {Action::Drop, DeliveryError::HttpClientError, reason};
    }
    if (timedOut)
        return {Action::Retry, DeliveryError::TimeoutError, QStringLiteral("timed out")};
    switch (error) {
    case QNetworkReply::SslHandshakeFailedError:
    case QNetworkReply::InsecureRedirectError:
        // Retrying cannot fix a certificate or a downgrade; never fall back to plain http.
        return {Action::Drop, DeliveryError::TlsError, errorText};
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::TooManyRedirectsError:
        return {Action::Drop, DeliveryError::InvalidEndpoint, errorText};
    case QNetworkReply::TimeoutError:
        return {Action::Retry, DeliveryError::TimeoutError, errorText};
    default:
        return {Action::Retry, DeliveryError::ConnectionError, errorText};
    }
}

int RetryPolicy::retryDelay(int retry, double random01, std::optional<qint64> retryAfterMs) const
{
    if (retryAfterMs)
        return int(qBound(qint64(0), *retryAfterMs, qint64(m_maxDelayMs)));
    const double exponential = double(m_backoffBaseMs) * std::ldexp(1.0, qBound(0, retry, 30));
    const double capped = qMin(exponential, double(m_maxDelayMs));
    const double jittered = capped * (0.5 + 0.5 * qBound(0.0, random01, 1.0));
    return int(qMin(jittered, double(m_maxDelayMs)));
}

std::optional<qint64> RetryPolicy::parseRetryAfter(QByteArrayView value, const QDateTime &now)
{
    const QByteArray text = value.trimmed().toByteArray();
    if (text.isEmpty())
        return std::nullopt;
    bool ok = false;
    const qint64 seconds = text.toLongLong(&ok);
    if (ok)
        return seconds < 0 ? std::nullopt : std::optional<qint64>(qMin<qint64>(seconds, 86400) * 1000);

    // HTTP-date (RFC 9110): IMF-fixdate, the obsolete RFC 850 form and asctime.
    const QString s = QString::fromLatin1(text).simplified();
    const QLocale c = QLocale::c();
    static const char *const formats[] = {"ddd, dd MMM yyyy HH:mm:ss 'GMT'", "dddd, dd-MMM-yy HH:mm:ss 'GMT'",
                                          "ddd MMM d HH:mm:ss yyyy"};
    for (const char *format : formats) {
        QDateTime at = c.toDateTime(s, QLatin1String(format));
        if (!at.isValid())
            continue;
        if (at.date().year() < 1970)
            at = at.addYears(100); // two-digit years of the RFC 850 form
        at.setTimeZone(QTimeZone::utc());
        return qMax<qint64>(0, now.msecsTo(at));
    }
    return std::nullopt;
}

std::optional<RetryPolicy::PartialSuccess> RetryPolicy::parsePartialSuccess(QByteArrayView body)
{
    if (body.isEmpty())
        return std::nullopt;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonValue partial = doc.object().value(QLatin1String("partialSuccess"));
    if (!partial.isObject())
        return std::nullopt;
    const QJsonObject p = partial.toObject();
    PartialSuccess result;
    for (const char *key : {"rejectedSpans", "rejectedDataPoints", "rejectedLogRecords"}) {
        const QJsonValue v = p.value(QLatin1String(key));
        // int64 fields arrive as strings in proto JSON, but accept numbers too.
        if (v.isString())
            result.rejected += v.toString().toLongLong();
        else if (v.isDouble())
            result.rejected += qint64(v.toDouble());
    }
    result.message = p.value(QLatin1String("errorMessage")).toString().left(1000);
    if (result.rejected == 0 && result.message.isEmpty())
        return std::nullopt; // an empty partialSuccess means full success
    return result;
}

} // namespace Automagik::Internal
