// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/httpexporters.h"

#include "common/logging.h"
#include "delivery/httpsender.h"

namespace Automagik::Internal {

namespace {

constexpr int SenderWindow = 4; // requests in flight at once

QString clickHouseTable(const TelemetryConfig &config, TelemetrySignal signal)
{
    switch (signal) {
    case TelemetrySignal::Metrics:
        return config.clickhouseMetricsTable();
    case TelemetrySignal::Logs:
        return config.clickhouseLogsTable();
    case TelemetrySignal::Traces:
        break;
    }
    return config.clickhouseTable();
}

} // namespace

Transport *HttpExporter::createTransport(QObject *parent) const
{
    HttpSender::Options options;
    options.timeoutMs = m_config.timeout();
    options.userAgent = QByteArrayLiteral("automagik-telemetry-qt/" AUTOMAGIK_TELEMETRY_VERSION_STRING " Qt/")
        + qVersion();
    options.maxInFlight = SenderWindow;
#if QT_CONFIG(ssl)
    if (!m_config.caCertificatesFile().isEmpty()) {
        options.caCertificates = QSslCertificate::fromPath(m_config.caCertificatesFile());
        if (options.caCertificates.isEmpty())
            qCWarning(lcTelemetry()).noquote() << "no certificate could be read from" << m_config.caCertificatesFile();
    }
#endif
    return new HttpSender(options,
                          RetryPolicy(m_config.maxRetries(), m_config.retryBackoffBase(), m_config.maxRetryDelay()),
                          parent);
}

void OtlpExporter::address(OutgoingBatch &batch) const
{
    batch.url = m_config.endpointFor(batch.signal);
    const auto headers = m_config.headers();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        batch.headers.append({it.key(), it.value()});
}

std::optional<std::pair<RequestPart, RequestPart>> OtlpExporter::split(TelemetrySignal signal,
                                                                      const QByteArray &body) const
{
    return splitOtlpRequest(signal, body);
}

void ClickHouseExporter::address(OutgoingBatch &batch) const
{
    batch.url = ClickHouseEncoder::insertUrl(m_config.clickhouseEndpoint(), m_config.clickhouseDatabase(),
                                             clickHouseTable(m_config, batch.signal));
    batch.contentType = ClickHouseEncoder::contentType();
    // Credentials travel in headers only: never in the URL, so never in a log line either.
    batch.headers = ClickHouseEncoder::authHeaders(m_config.clickhouseUsername(), m_config.clickhousePassword());
}

Exporter::Verdict ClickHouseExporter::verdict(const DeliveryResult &result) const
{
    // ClickHouse answers overload (too many parts, memory limit) with 500: wait and try again.
    if (result.httpStatus == 500
        && ClickHouseEncoder::isTransientException(ClickHouseEncoder::exceptionCode(result.response)))
        return Verdict::TryLater;
    return Exporter::verdict(result);
}

QString ClickHouseExporter::failureReason(const DeliveryResult &result) const
{
    if (result.response.isEmpty())
        return result.reason;
    return result.reason + QStringLiteral(": ") + ClickHouseEncoder::errorText(result.response); // the server's own words
}

std::optional<std::pair<RequestPart, RequestPart>> ClickHouseExporter::split(TelemetrySignal,
                                                                            const QByteArray &body) const
{
    return splitJsonEachRow(body);
}

} // namespace Automagik::Internal
