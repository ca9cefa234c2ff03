// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/retrypolicy.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimeZone>

#include <cmath>
#include <limits>

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

    // HTTP-date (RFC 9110): IMF-fixdate, the obsolete RFC 850 form and asctime. Parsed by hand and built
    // in UTC: QLocale would check weekdays against two-digit years and interpret the time as local.
    static const QRegularExpression dayMonthYear(QStringLiteral(
        "^(?:[A-Za-z]+,\\s*)?(\\d{1,2})[ -]([A-Za-z]{3})[ -](\\d{2}|\\d{4})\\s+(\\d{2}):(\\d{2}):(\\d{2})\\s+GMT$"));
    static const QRegularExpression asctime(QStringLiteral(
        "^[A-Za-z]{3}\\s+([A-Za-z]{3})\\s+(\\d{1,2})\\s+(\\d{2}):(\\d{2}):(\\d{2})\\s+(\\d{4})$"));
    const QString s = QString::fromLatin1(text).simplified();
    QString day, month, year, hh, mm, ss;
    if (const auto m = dayMonthYear.match(s); m.hasMatch()) {
        day = m.captured(1), month = m.captured(2), year = m.captured(3);
        hh = m.captured(4), mm = m.captured(5), ss = m.captured(6);
    } else if (const auto a = asctime.match(s); a.hasMatch()) {
        month = a.captured(1), day = a.captured(2), hh = a.captured(3), mm = a.captured(4), ss = a.captured(5);
        year = a.captured(6);
    } else {
        return std::nullopt;
    }
    static const QStringList months{QStringLiteral("jan"), QStringLiteral("feb"), QStringLiteral("mar"),
                                    QStringLiteral("apr"), QStringLiteral("may"), QStringLiteral("jun"),
                                    QStringLiteral("jul"), QStringLiteral("aug"), QStringLiteral("sep"),
                                    QStringLiteral("oct"), QStringLiteral("nov"), QStringLiteral("dec")};
    const int monthNumber = int(months.indexOf(month.toLower())) + 1;
    int y = year.toInt();
    if (year.size() == 2)
        y += y < 70 ? 2000 : 1900; // RFC 9110: interpret two-digit years near the present
    const QDate date(y, monthNumber, day.toInt());
    const QTime time(hh.toInt(), mm.toInt(), ss.toInt());
    if (monthNumber == 0 || !date.isValid() || !time.isValid())
        return std::nullopt;
    const QDateTime at(date, time, QTimeZone::utc());
    return qMax<qint64>(0, now.msecsTo(at));
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
        // Negative, huge or non-numeric counts from a broken server must neither lower the totals nor
        // overflow them: each count is clamped to [0, INT64_MAX / 4], so the sum of three cannot overflow.
        constexpr qint64 MaxCount = std::numeric_limits<qint64>::max() / 4;
        qint64 count = 0;
        if (v.isString())
            count = qBound<qint64>(0, v.toString().toLongLong(), MaxCount);
        else if (v.isDouble() && std::isfinite(v.toDouble()))
            count = qint64(qBound(0.0, v.toDouble(), double(MaxCount)));
        result.rejected += count;
    }
    result.message = p.value(QLatin1String("errorMessage")).toString().left(1000);
    if (result.rejected == 0 && result.message.isEmpty())
        return std::nullopt; // an empty partialSuccess means full success
    return result;
}

} // namespace Automagik::Internal
