// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/httpexporters.h"

#include "common/logging.h"
#include "delivery/httpsender.h"
#include "encoding/protobufreader.h"

#include <limits>

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

// The signal's endpoint and the configured headers, whatever the encoding.
void addressOtlp(const TelemetryConfig &config, OutgoingBatch &batch)
{
    batch.url = config.endpointFor(batch.signal);
    const auto headers = config.headersFor(batch.signal);
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        batch.headers.append({it.key(), it.value()});
}

} // namespace

Transport *HttpExporter::createTransport(QObject *parent) const
{
    HttpSender::Options options;
    options.timeoutMs = m_config.timeout();
    options.userAgent = QByteArrayLiteral("automagik-telemetry-qt/" AUTOMAGIK_TELEMETRY_VERSION_STRING " Qt/")
        + qVersion();
    options.maxInFlight = SenderWindow;
    options.readPartialSuccess = partialSuccessReader();
    options.loadTlsFiles(m_config.caCertificatesFile(), m_config.clientCertificateFile(), m_config.clientKeyFile());
    return new HttpSender(options,
                          RetryPolicy(m_config.maxRetries(), m_config.retryBackoffBase(), m_config.maxRetryDelay()),
                          parent);
}

void Otlp::address(const TelemetryConfig &config, const QByteArray &ownFormat, OutgoingBatch &batch)
{
    addressOtlp(config, batch);
    const QByteArray &format = batch.format.isEmpty() ? ownFormat : batch.format;
    batch.contentType = format == ProtobufFormat ? OtlpProtobufEncoder::contentType()
                                                 : QByteArrayLiteral("application/json");
}

std::optional<std::pair<RequestPart, RequestPart>> Otlp::split(TelemetrySignal signal, const QByteArray &body)
{
    return body.startsWith('{') ? splitOtlpRequest(signal, body) : splitOtlpProtobufRequest(signal, body);
}

void OtlpExporter::address(OutgoingBatch &batch) const
{
    Otlp::address(m_config, format(), batch);
}

std::optional<std::pair<RequestPart, RequestPart>> OtlpExporter::split(TelemetrySignal signal,
                                                                      const QByteArray &body) const
{
    return Otlp::split(signal, body);
}

void OtlpProtobufExporter::address(OutgoingBatch &batch) const
{
    Otlp::address(m_config, format(), batch);
}

std::optional<std::pair<RequestPart, RequestPart>> OtlpProtobufExporter::split(TelemetrySignal signal,
                                                                              const QByteArray &body) const
{
    return Otlp::split(signal, body);
}

std::optional<RetryPolicy::PartialSuccess> OtlpProtobufExporter::parsePartialSuccess(QByteArrayView body)
{
    ProtobufReader response(body);
    std::optional<RetryPolicy::PartialSuccess> result;
    while (response.next()) {
        if (response.field() != 1 || response.type() != ProtobufReader::LengthDelimited)
            continue; // fields a later OTLP may add
        RetryPolicy::PartialSuccess partial = result.value_or(RetryPolicy::PartialSuccess{});
        ProtobufReader p(response.bytes());
        while (p.next()) {
            if (p.field() == 1 && p.type() == ProtobufReader::Varint) {
                // As for JSON: a broken server's negative or huge count neither lowers nor overflows the totals.
                constexpr qint64 MaxCount = std::numeric_limits<qint64>::max() / 4;
                partial.rejected = qBound<qint64>(0, qint64(p.value()), MaxCount);
            } else if (p.field() == 2 && p.type() == ProtobufReader::LengthDelimited) {
                partial.message = QString::fromUtf8(p.bytes()).left(1000);
            }
        }
        if (!p.ok())
            return std::nullopt;
        result = partial;
    }
    if (!response.ok() || !result || (result->rejected == 0 && result->message.isEmpty()))
        return std::nullopt; // an empty partial_success means full success
    return result;
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
