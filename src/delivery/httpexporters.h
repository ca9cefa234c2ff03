// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "delivery/exporter.h"
#include "encoding/clickhouseencoder.h"

namespace Automagik::Internal {

//! What the backends that POST over HTTP share: the sender, built from the configuration.
class HttpExporter : public Exporter
{
public:
    explicit HttpExporter(const TelemetryConfig &config) : m_config(config) { }
    Transport *createTransport(QObject *parent) const override;

protected:
    TelemetryConfig m_config;
};

//! OTLP/HTTP JSON requests to an OpenTelemetry collector, one endpoint per signal.
class OtlpExporter final : public HttpExporter
{
public:
    OtlpExporter(const TelemetryConfig &config, const EncoderResource &resource);
    QByteArray format() const override { return QByteArrayLiteral("otlp-json"); }
    QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count) override;
    void setResource(const EncoderResource &resource) override;
    void address(OutgoingBatch &batch) const override;
    std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal,
                                                             const QByteArray &body) const override;

private:
    OtlpJsonEncoder m_encoder;
};

//! JSONEachRow INSERTs into ClickHouse's HTTP interface, one table per signal.
class ClickHouseExporter final : public HttpExporter
{
public:
    ClickHouseExporter(const TelemetryConfig &config, const EncoderResource &resource);
    QByteArray format() const override { return QByteArrayLiteral("clickhouse-json-each-row"); }
    QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count) override;
    void setResource(const EncoderResource &resource) override;
    void address(OutgoingBatch &batch) const override;
    Verdict verdict(const DeliveryResult &result) const override;
    QString failureReason(const DeliveryResult &result) const override;
    std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal,
                                                             const QByteArray &body) const override;

private:
    ClickHouseEncoder m_encoder;
};

} // namespace Automagik::Internal
