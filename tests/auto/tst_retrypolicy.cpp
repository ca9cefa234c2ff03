// SPDX-License-Identifier: MIT
// RetryPolicy: the OTLP/HTTP rules for which answers are retried, how long to
// wait (exponential backoff with equal jitter, Retry-After honoured and
// capped), and what a partialSuccess says. Pure functions: no network here.
#include "delivery/retrypolicy.h"

#include <QTest>
#include <QTimeZone>

#include <ctime>
#include <limits>

using Automagik::DeliveryError;
using Automagik::Internal::RetryPolicy;

Q_DECLARE_METATYPE(RetryPolicy::Action)

namespace {

constexpr qint64 kNone = -1; // "std::nullopt" in data tables

QDateTime utc(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), QTimeZone::utc());
}

const char *actionName(RetryPolicy::Action a)
{
    switch (a) {
    case RetryPolicy::Action::Success:
        return "Success";
    case RetryPolicy::Action::Retry:
        return "Retry";
    case RetryPolicy::Action::Drop:
        break;
    }
    return "Drop";
}

// Runs the enclosing test with TZ set to \a zone, restoring the previous value afterwards.
class TimeZoneOverride
{
public:
    explicit TimeZoneOverride(const char *zone)
        : m_hadOld(qEnvironmentVariableIsSet("TZ"))
        , m_old(qgetenv("TZ"))
    {
        qputenv("TZ", zone);
        tzset();
    }
    ~TimeZoneOverride()
    {
        if (m_hadOld)
            qputenv("TZ", m_old);
        else
            qunsetenv("TZ");
        tzset();
    }
    Q_DISABLE_COPY_MOVE(TimeZoneOverride)

private:
    bool m_hadOld;
    QByteArray m_old;
};

} // namespace

class tst_RetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data();
    void classify();
    void retryDelay_data();
    void retryDelay();
    void retryDelayIsCappedAndMonotonic();
    void retryDelayHonoursRetryAfter_data();
    void retryDelayHonoursRetryAfter();
    void defaultsMatchConfig();
    void parseRetryAfter_data();
    void parseRetryAfter();
    void parseRetryAfterIgnoresLocalTimeZone_data();
    void parseRetryAfterIgnoresLocalTimeZone();
    void parsePartialSuccess_data();
    void parsePartialSuccess();
};

void tst_RetryPolicy::classify_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QNetworkReply::NetworkError>("networkError");
    QTest::addColumn<bool>("timedOut");
    QTest::addColumn<RetryPolicy::Action>("action");
    QTest::addColumn<DeliveryError>("error"); // NoError with Drop: any error code but NoError

    using A = RetryPolicy::Action;
    using E = QNetworkReply;

    // 2xx: delivered (OTLP answers 200; some collectors 202 or 204).
    QTest::newRow("200") << 200 << E::NoError << false << A::Success << DeliveryError::NoError;
    QTest::newRow("202") << 202 << E::NoError << false << A::Success << DeliveryError::NoError;
    QTest::newRow("204") << 204 << E::NoError << false << A::Success << DeliveryError::NoError;

    // OTLP/HTTP's retryable statuses, with the network errors Qt reports for them:
    // the HTTP status decides, not Qt's mapping.
    QTest::newRow("429") << 429 << E::UnknownContentError << false << A::Retry << DeliveryError::HttpClientError;
    QTest::newRow("502") << 502 << E::UnknownServerError << false << A::Retry << DeliveryError::HttpServerError;
    QTest::newRow("503") << 503 << E::ServiceUnavailableError << false << A::Retry << DeliveryError::HttpServerError;
    QTest::newRow("504") << 504 << E::UnknownServerError << false << A::Retry << DeliveryError::HttpServerError;

    // Everything else would fail the same way again: dropped (the SDKs wrongly retry 500/501).
    QTest::newRow("400") << 400 << E::ProtocolInvalidOperationError << false << A::Drop
                         << DeliveryError::HttpClientError;
    QTest::newRow("401") << 401 << E::AuthenticationRequiredError << false << A::Drop
                         << DeliveryError::HttpClientError;
    QTest::newRow("403") << 403 << E::ContentAccessDenied << false << A::Drop << DeliveryError::HttpClientError;
    QTest::newRow("404") << 404 << E::ContentNotFoundError << false << A::Drop << DeliveryError::HttpClientError;
    QTest::newRow("413") << 413 << E::UnknownContentError << false << A::Drop << DeliveryError::HttpClientError;
    QTest::newRow("500") << 500 << E::InternalServerError << false << A::Drop << DeliveryError::HttpServerError;
    QTest::newRow("501") << 501 << E::OperationNotImplementedError << false << A::Drop
                         << DeliveryError::HttpServerError;
    QTest::newRow("301") << 301 << E::NoError << false << A::Drop << DeliveryError::NoError;
    QTest::newRow("308") << 308 << E::NoError << false << A::Drop << DeliveryError::NoError;
    // A status that arrived beats a timer that fired at the same moment.
    QTest::newRow("503-timedOut") << 503 << E::OperationCanceledError << true << A::Retry
                                  << DeliveryError::HttpServerError;

    // No HTTP answer at all.
    QTest::newRow("refused") << 0 << E::ConnectionRefusedError << false << A::Retry << DeliveryError::ConnectionError;
    QTest::newRow("closed") << 0 << E::RemoteHostClosedError << false << A::Retry << DeliveryError::ConnectionError;
    QTest::newRow("host-not-found") << 0 << E::HostNotFoundError << false << A::Retry
                                    << DeliveryError::ConnectionError;
    QTest::newRow("temporary-failure") << 0 << E::TemporaryNetworkFailureError << false << A::Retry
                                       << DeliveryError::ConnectionError;
    QTest::newRow("proxy-refused") << 0 << E::ProxyConnectionRefusedError << false << A::Retry
                                   << DeliveryError::ConnectionError;
    QTest::newRow("timed-out-abort") << 0 << E::OperationCanceledError << true << A::Retry
                                     << DeliveryError::TimeoutError;
    QTest::newRow("timed-out-flag") << 0 << E::NoError << true << A::Retry << DeliveryError::TimeoutError;
    QTest::newRow("qt-timeout") << 0 << E::TimeoutError << false << A::Retry << DeliveryError::TimeoutError;
    // Retrying cannot fix a certificate; never fall back to plain http.
    QTest::newRow("tls") << 0 << E::SslHandshakeFailedError << false << A::Drop << DeliveryError::TlsError;
    QTest::newRow("insecure-redirect") << 0 << E::InsecureRedirectError << false << A::Drop << DeliveryError::TlsError;
}

void tst_RetryPolicy::classify()
{
    QFETCH(int, status);
    QFETCH(QNetworkReply::NetworkError, networkError);
    QFETCH(bool, timedOut);
    QFETCH(RetryPolicy::Action, action);
    QFETCH(DeliveryError, error);

    const QString errorText = QStringLiteral("network said no");
    const RetryPolicy::Verdict v = RetryPolicy::classify(status, networkError, errorText, timedOut);
    QCOMPARE(actionName(v.action), actionName(action));
    if (action == RetryPolicy::Action::Drop && error == DeliveryError::NoError)
        QVERIFY(v.error != DeliveryError::NoError);
    else
        QCOMPARE(v.error, error);

    if (action == RetryPolicy::Action::Success) {
        QVERIFY(v.reason.isEmpty());
    } else {
        // sendFailed() hands this to humans: it must say something, and name the status if there was one.
        QVERIFY(!v.reason.isEmpty());
        if (status > 0)
            QVERIFY2(v.reason.contains(QString::number(status)), qPrintable(v.reason));
    }
}

void tst_RetryPolicy::retryDelay_data()
{
    QTest::addColumn<int>("retry");
    QTest::addColumn<double>("random01");
    QTest::addColumn<int>("minimum");
    QTest::addColumn<int>("maximum");

    // Base 100 ms, no cap in reach: base * 2^k, between half (random 0) and all of it (random -> 1).
    for (int k = 0; k <= 5; ++k) {
        const int full = 100 << k;
        QTest::addRow("retry%d-random0", k) << k << 0.0 << full / 2 << full / 2;
        QTest::addRow("retry%d-random-half", k) << k << 0.5 << full * 3 / 4 << full * 3 / 4;
        QTest::addRow("retry%d-random1", k) << k << 0.999999 << full - 1 << full;
    }
    // Out-of-range randomness stays within the band.
    QTest::newRow("random-negative") << 2 << -3.0 << 200 << 200;
    QTest::newRow("random-above-one") << 2 << 7.0 << 200 << 400;
    // Negative retry numbers count as the first retry.
    QTest::newRow("retry-negative") << -4 << 0.0 << 50 << 50;
}

void tst_RetryPolicy::retryDelay()
{
    QFETCH(int, retry);
    QFETCH(double, random01);
    QFETCH(int, minimum);
    QFETCH(int, maximum);

    const RetryPolicy policy(3, 100, 60000);
    const int delay = policy.retryDelay(retry, random01);
    QVERIFY2(delay >= minimum && delay <= maximum,
             qPrintable(QStringLiteral("%1 not in [%2, %3]").arg(delay).arg(minimum).arg(maximum)));
}

void tst_RetryPolicy::retryDelayIsCappedAndMonotonic()
{
    const RetryPolicy policy(3, 1000, 5000);
    for (const double r : {0.0, 0.25, 0.5, 0.999999}) {
        int previous = 0;
        for (int retry = 0; retry <= 100; ++retry) {
            const int delay = policy.retryDelay(retry, r);
            QVERIFY2(delay >= 0 && delay <= 5000, qPrintable(QString::number(delay)));
            QVERIFY(delay >= previous); // never shorter than the previous wait with the same jitter
            previous = delay;
        }
    }
    // Far past the cap (no overflow into negative delays).
    QVERIFY(policy.retryDelay(std::numeric_limits<int>::max(), 0.999999) <= 5000);
    QVERIFY(policy.retryDelay(std::numeric_limits<int>::max(), 0.999999) >= 2500);
    QVERIFY(policy.retryDelay(63, 0.0) >= 2500);

    // A cap of zero retries at once.
    QCOMPARE(RetryPolicy(3, 1000, 0).retryDelay(4, 0.5), 0);
    // A base of zero, too.
    QCOMPARE(RetryPolicy(3, 0, 60000).retryDelay(4, 0.5), 0);
}

void tst_RetryPolicy::retryDelayHonoursRetryAfter_data()
{
    QTest::addColumn<qint64>("retryAfter");
    QTest::addColumn<int>("expected");

    QTest::newRow("3s") << qint64(3000) << 3000;
    QTest::newRow("zero") << qint64(0) << 0;
    QTest::newRow("beyond-cap") << qint64(120000) << 60000;
    QTest::newRow("huge") << std::numeric_limits<qint64>::max() << 60000;
    QTest::newRow("negative") << qint64(-5) << 0;
}

void tst_RetryPolicy::retryDelayHonoursRetryAfter()
{
    QFETCH(qint64, retryAfter);
    QFETCH(int, expected);

    const RetryPolicy policy(3, 100, 60000);
    // The server's value replaces backoff and jitter entirely, whatever the retry number.
    for (const int retry : {0, 3, 10}) {
        for (const double r : {0.0, 0.5, 0.999}) {
            QCOMPARE(policy.retryDelay(retry, r, retryAfter), expected);
        }
    }
}

void tst_RetryPolicy::defaultsMatchConfig()
{
    // TelemetryConfig's defaults: 3 retries, 1000 ms base, 60000 ms cap.
    const RetryPolicy policy;
    QCOMPARE(policy.maxRetries(), 3);
    QCOMPARE(policy.retryDelay(0, 0.0), 500);
    QCOMPARE(policy.retryDelay(0, 0.999999), 999);
    QCOMPARE(policy.retryDelay(20, 0.0), 30000);
    QCOMPARE(policy.retryDelay(0, 0.0, qint64(90000)), 60000);

    QCOMPARE(RetryPolicy(0).maxRetries(), 0);
    QCOMPARE(RetryPolicy(-2).maxRetries(), 0);
    QCOMPARE(RetryPolicy(-1, -1000, -1).retryDelay(2, 0.5), 0);
}

void tst_RetryPolicy::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<qint64>("expected"); // kNone: no usable value

    const QDateTime now = utc(2015, 10, 21, 7, 28, 0);

    // delta-seconds
    QTest::newRow("3") << QByteArrayLiteral("3") << now << qint64(3000);
    QTest::newRow("padded-0") << QByteArrayLiteral(" 0 ") << now << qint64(0);
    QTest::newRow("120") << QByteArrayLiteral("120") << now << qint64(120000);
    QTest::newRow("negative") << QByteArrayLiteral("-1") << now << kNone;
    QTest::newRow("word") << QByteArrayLiteral("abc") << now << kNone;
    QTest::newRow("empty") << QByteArray() << now << kNone;
    QTest::newRow("blank") << QByteArrayLiteral("   ") << now << kNone;
    QTest::newRow("fraction") << QByteArrayLiteral("1.5") << now << kNone;
    QTest::newRow("number-and-word") << QByteArrayLiteral("5 seconds") << now << kNone;

    // HTTP-date in its three forms (RFC 9110 §5.6.7), 10 s after now.
    QTest::newRow("imf-fixdate") << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:10 GMT") << now << qint64(10000);
    QTest::newRow("rfc850") << QByteArrayLiteral("Wednesday, 21-Oct-15 07:28:10 GMT") << now << qint64(10000);
    QTest::newRow("asctime") << QByteArrayLiteral("Wed Oct 21 07:28:10 2015") << now << qint64(10000);
    QTest::newRow("asctime-one-digit-day") << QByteArrayLiteral("Thu Oct  1 07:28:10 2015")
                                           << utc(2015, 10, 1, 7, 28, 0) << qint64(10000);
    QTest::newRow("imf-an-hour") << QByteArrayLiteral("Wed, 21 Oct 2015 08:28:00 GMT") << now << qint64(3600000);
    QTest::newRow("imf-next-day") << QByteArrayLiteral("Thu, 22 Oct 2015 07:28:00 GMT") << now << qint64(86400000);
    // Same instant, now given in another zone.
    QTest::newRow("now-in-utc+2") << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:10 GMT")
                                  << now.toTimeZone(QTimeZone(7200)) << qint64(10000);
    // A date that has passed means "now".
    QTest::newRow("past") << QByteArrayLiteral("Wed, 21 Oct 2015 07:27:00 GMT") << now << qint64(0);
    QTest::newRow("past-rfc850") << QByteArrayLiteral("Tuesday, 20-Oct-15 07:28:10 GMT") << now << qint64(0);
    QTest::newRow("same-instant") << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:00 GMT") << now << qint64(0);
    // Not a date.
    QTest::newRow("bad-date") << QByteArrayLiteral("Wed, 32 Oct 2015 07:28:10 GMT") << now << kNone;
    QTest::newRow("bad-month") << QByteArrayLiteral("Wed, 21 Foo 2015 07:28:10 GMT") << now << kNone;
}

void tst_RetryPolicy::parseRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, now);
    QFETCH(qint64, expected);

    const std::optional<qint64> parsed = RetryPolicy::parseRetryAfter(value, now);
    if (expected == kNone) {
        QVERIFY2(!parsed, qPrintable(QString::number(parsed.value_or(-999))));
    } else {
        // Regression: the RFC 850 form's two-digit year must not be checked against 19yy weekdays.
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, expected);
    }
}

void tst_RetryPolicy::parseRetryAfterIgnoresLocalTimeZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("now");

    // HTTP dates are GMT whatever the machine's zone; 10 s after now in every row.
    QTest::newRow("berlin") << QByteArrayLiteral("Europe/Berlin") << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:10 GMT")
                            << utc(2015, 10, 21, 7, 28, 0);
    QTest::newRow("new-york") << QByteArrayLiteral("America/New_York")
                              << QByteArrayLiteral("Wed, 21 Oct 2015 07:28:10 GMT") << utc(2015, 10, 21, 7, 28, 0);
    // 02:30 does not exist on Berlin's wall clock that night (spring forward), but it is a fine GMT time.
    QTest::newRow("berlin-dst-gap") << QByteArrayLiteral("Europe/Berlin")
                                    << QByteArrayLiteral("Sun, 29 Mar 2026 02:30:00 GMT")
                                    << utc(2026, 3, 29, 2, 29, 50);
    QTest::newRow("new-york-dst-gap") << QByteArrayLiteral("America/New_York")
                                      << QByteArrayLiteral("Sun, 08 Mar 2026 02:30:00 GMT")
                                      << utc(2026, 3, 8, 2, 29, 50);
}

void tst_RetryPolicy::parseRetryAfterIgnoresLocalTimeZone()
{
    QFETCH(QByteArray, zone);
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, now);

    if (!QTimeZone(zone).isValid()) {
        // QSKIP with one argument trips clang's -Wgnu-zero-variadic-macro-arguments; this is what it expands to.
        QTest::qSkip("the time zone database lacks this zone", __FILE__, __LINE__);
        return;
    }
    const TimeZoneOverride tz(zone.constData());
    const std::optional<qint64> parsed = RetryPolicy::parseRetryAfter(value, now);
    // Regression: a GMT time inside the local zone's DST gap is still a valid HTTP date.
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, qint64(10000));
}

void tst_RetryPolicy::parsePartialSuccess_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("present");
    QTest::addColumn<qint64>("rejected");
    QTest::addColumn<QString>("message");

    QTest::newRow("spans-string")
        << QByteArrayLiteral(R"({"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad"}})") << true << qint64(2)
        << QStringLiteral("bad");
    QTest::newRow("data-points-number") << QByteArrayLiteral(R"({"partialSuccess":{"rejectedDataPoints":5}})") << true
                                        << qint64(5) << QString();
    QTest::newRow("log-records") << QByteArrayLiteral(
        R"({"partialSuccess":{"rejectedLogRecords":"7","errorMessage":"too old"}})")
                                 << true << qint64(7) << QStringLiteral("too old");
    QTest::newRow("int64-string") << QByteArrayLiteral(R"({"partialSuccess":{"rejectedSpans":"9007199254740993"}})")
                                  << true << qint64(9007199254740993) << QString();
    // A message alone is a warning the server wants seen.
    QTest::newRow("message-only") << QByteArrayLiteral(R"({"partialSuccess":{"errorMessage":"deprecated field"}})")
                                  << true << qint64(0) << QStringLiteral("deprecated field");
    QTest::newRow("other-fields-too") << QByteArrayLiteral(
        R"({"extra":1,"partialSuccess":{"rejectedSpans":"1","unknown":true}})")
                                      << true << qint64(1) << QString();
    // An empty partialSuccess means full success (OTLP/HTTP spec).
    QTest::newRow("empty-partial") << QByteArrayLiteral(R"({"partialSuccess":{}})") << false << qint64(0) << QString();
    QTest::newRow("zero-rejected") << QByteArrayLiteral(R"({"partialSuccess":{"rejectedSpans":"0","errorMessage":""}})")
                                   << false << qint64(0) << QString();
    QTest::newRow("empty-object") << QByteArrayLiteral("{}") << false << qint64(0) << QString();
    QTest::newRow("empty-body") << QByteArray() << false << qint64(0) << QString();
    QTest::newRow("garbage") << QByteArrayLiteral("<html>502 Bad Gateway</html>") << false << qint64(0) << QString();
    QTest::newRow("truncated-json") << QByteArrayLiteral(R"({"partialSuccess":{"rejectedSpans":"2")") << false
                                    << qint64(0) << QString();
    QTest::newRow("array") << QByteArrayLiteral("[]") << false << qint64(0) << QString();
    QTest::newRow("null-partial") << QByteArrayLiteral(R"({"partialSuccess":null})") << false << qint64(0) << QString();
    // A negative count is nonsense from a broken server; it must not subtract from the rejected totals.
    QTest::newRow("negative-rejected") << QByteArrayLiteral(R"({"partialSuccess":{"rejectedSpans":"-5"}})") << false
                                       << qint64(0) << QString();
    QTest::newRow("string-partial") << QByteArrayLiteral(R"({"partialSuccess":"2"})") << false << qint64(0)
                                    << QString();
}

void tst_RetryPolicy::parsePartialSuccess()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, present);
    QFETCH(qint64, rejected);
    QFETCH(QString, message);

    const std::optional<RetryPolicy::PartialSuccess> p = RetryPolicy::parsePartialSuccess(body);
    // Regression: a negative count from a broken server is treated as none rejected.
    QCOMPARE(p.has_value(), present);
    if (present) {
        QCOMPARE(p->rejected, rejected);
        QCOMPARE(p->message, message);
    }
}

QTEST_GUILESS_MAIN(tst_RetryPolicy)
#include "tst_retrypolicy.moc"
