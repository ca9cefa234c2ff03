// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/automagiktelemetry_version.h> // version and deprecation macros for every header built on this one

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringView>

/*!
    \namespace Automagik
    The Automagik Telemetry for Qt API.
*/
namespace Automagik {
Q_NAMESPACE_EXPORT(AUTOMAGIK_TELEMETRY_EXPORT)

/*!
    The kind of a metric observation, as the Python and TypeScript SDKs name
    them. Each call to Telemetry::trackMetric() is one observation.

    \since 1.0
*/
enum class MetricType {
    Gauge, //!< A point-in-time value (OTLP gauge).
    Counter, //!< An increment (OTLP monotonic sum, delta temporality).
    Histogram //!< One sample of a distribution (OTLP histogram, delta temporality).
};
Q_ENUM_NS(MetricType)

/*!
    Log severities. The numeric values are the OTLP severity numbers.

    \since 1.0
*/
enum class LogSeverity {
    Trace = 1, //!< Fine-grained tracing.
    Debug = 5, //!< Debugging information.
    Info = 9, //!< Normal operation (the default).
    Warn = 13, //!< Something unexpected that the application handled.
    Error = 17, //!< An operation failed.
    Fatal = 21 //!< The application cannot continue.
};
Q_ENUM_NS(LogSeverity)

/*!
    Where batches are delivered.

    \since 1.0
*/
enum class Backend {
    Otlp, //!< OTLP/HTTP JSON to an OpenTelemetry collector (the default).
    ClickHouse, //!< Direct INSERT into ClickHouse over its HTTP interface.
    File //!< OTLP JSON lines appended to a local file (TelemetryConfig::exportFile()), for offline debugging.
};
Q_ENUM_NS(Backend)

/*!
    The encoding of OTLP/HTTP requests (Backend::Otlp), as the
    OTEL_EXPORTER_OTLP_PROTOCOL values name them.

    \since 1.1
*/
enum class OtlpProtocol {
    HttpJson, //!< "http/json": OTLP JSON, Content-Type application/json (the default).
    HttpProtobuf //!< "http/protobuf": OTLP binary protobuf, Content-Type application/x-protobuf.
};
Q_ENUM_NS(OtlpProtocol)

/*!
    The three OTLP signals; each has its own endpoint, batch and counters.

    \since 1.0
*/
enum class TelemetrySignal {
    Traces, //!< Events and errors, sent as spans.
    Metrics, //!< Gauges, counters and histograms.
    Logs //!< Log records.
};
Q_ENUM_NS(TelemetrySignal)

/*!
    Why a batch was not (fully) delivered. Codes are grouped in ranges:
    1xx transport, 2xx protocol answers, 3xx local decisions.

    \since 1.0
*/
enum class DeliveryError {
    NoError = 0, //!< Delivered.
    ConnectionError = 100, //!< Refused, reset, host not found; retried.
    TimeoutError = 101, //!< No complete answer within the timeout; retried.
    TlsError = 102, //!< TLS handshake or certificate failure; not retried.
    FileError = 103, //!< The export file (Backend::File) could not be written; kept and tried again later.
    HttpClientError = 200, //!< A non-retryable 4xx answer; dropped.
    HttpServerError = 201, //!< A non-retryable 5xx answer; dropped.
    PartiallyRejected = 202, //!< 2xx with an OTLP partialSuccess; rejected items reported.
    RetriesExhausted = 300, //!< A retryable failure persisted past maxRetries; dropped.
    InvalidEndpoint = 301, //!< The endpoint URL is not a usable http(s) URL; dropped.
    QueueFull = 302, //!< The in-memory queue bound was reached; records dropped.
    ShutdownDeadline = 303, //!< shutdown() ran out of time before delivery.
    Disabled = 304, //!< Consent was withdrawn before the batch could be delivered.
    SpoolFull = 305, //!< The oldest undelivered batches were dropped to keep the spool within maxSpoolBytes.
    SpoolExpired = 306, //!< An undelivered batch grew older than maxSpoolAge and was dropped.
    SpoolCorrupt = 307 //!< A spooled batch was damaged on disk (truncated, altered); removed unsent.
};
Q_ENUM_NS(DeliveryError)

/*!
    Kinds of personal or secret data the Privacy sanitizer recognises. Each is
    replaced as documented in docs/privacy.md.

    \since 1.0
*/
enum class PrivacyCategory {
    Email = 0x001, //!< e-mail addresses -> "[EMAIL]"
    Phone = 0x002, //!< phone numbers, international and national forms -> "[PHONE]"; US social security numbers -> "[SSN]"
    PaymentCard = 0x004, //!< Luhn-valid card numbers, with or without spaces or dashes -> "[CARD]"; IBANs -> "[IBAN]"
    Secret = 0x008, //!< API keys and tokens: provider prefixes, JWTs, bearer tokens, PEM keys, webhook URL paths, long high-entropy strings -> "[SECRET]"
    IpAddress = 0x010, //!< IPv4 and IPv6 addresses -> "[IP]"; MAC addresses -> "[MAC]"
    HomePath = 0x020, //!< home-directory paths: the user name becomes "[USER]", the rest of the path stays
    SecretKey = 0x040, //!< any value under a key that names a secret (password, token, ...) -> "[REDACTED]"
    UrlCredentials = 0x080, //!< user:password in URLs removed; secret-named query parameters -> "[REDACTED]"
    CustomPattern = 0x100, //!< the application's own patterns (Privacy::addPattern())
    AllCategories = 0x1ff
};
/*!
    Any combination of PrivacyCategory values (a QFlags).

    \since 1.0
*/
Q_DECLARE_FLAGS(PrivacyCategories, PrivacyCategory)
Q_FLAG_NS(PrivacyCategories)

/*!
    What the end user answered.

    \since 1.0
*/
enum class ConsentState {
    Undecided, //!< No answer for the current consent policy version.
    Granted, //!< Yes (to at least one ConsentCategory).
    Denied //!< No.
};
Q_ENUM_NS(ConsentState)

/*!
    What an end user can say yes or no to, separately. A signal whose
    category is not granted is dropped at the call.

    \since 1.0
*/
enum class ConsentCategory {
    UsageEvents = 0x1, //!< trackEvent(): which features are used.
    PerformanceMetrics = 0x2, //!< trackMetric(): timings, sizes, counts.
    Diagnostics = 0x4, //!< trackLog() and trackError().
    AllCategories = 0x7
};
/*!
    Any combination of ConsentCategory values (a QFlags).

    \since 1.0
*/
Q_DECLARE_FLAGS(ConsentCategories, ConsentCategory)
Q_FLAG_NS(ConsentCategories)

/*!
    Parses a metric type name ("gauge", "counter", "histogram", any case).
    Unknown names give MetricType::Gauge, as the other SDKs do; \a ok tells
    whether the name was recognised.

    \since 1.0
*/
AUTOMAGIK_TELEMETRY_EXPORT MetricType metricTypeFromString(QStringView name, bool *ok = nullptr);

/*!
    Parses a severity name ("trace", "debug", "info", "warn"/"warning",
    "error", "fatal"/"critical", any case). Unknown names give
    LogSeverity::Info; \a ok tells whether the name was recognised.

    \since 1.0
*/
AUTOMAGIK_TELEMETRY_EXPORT LogSeverity logSeverityFromString(QStringView name, bool *ok = nullptr);

/*!
    Returns the lower-case name used by the SDKs ("gauge", "counter", "histogram").

    \since 1.0
*/
AUTOMAGIK_TELEMETRY_EXPORT QString metricTypeToString(MetricType type);

/*!
    Returns the OTLP severity text ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL").

    \since 1.0
*/
AUTOMAGIK_TELEMETRY_EXPORT QString logSeverityToString(LogSeverity severity);

/*!
    Returns "traces", "metrics" or "logs". (Not named toString(): QTest's QCOMPARE finds such functions by ADL.)

    \since 1.0
*/
AUTOMAGIK_TELEMETRY_EXPORT QString signalToString(TelemetrySignal signal);

} // namespace Automagik

Q_DECLARE_OPERATORS_FOR_FLAGS(Automagik::PrivacyCategories)
Q_DECLARE_OPERATORS_FOR_FLAGS(Automagik::ConsentCategories)
