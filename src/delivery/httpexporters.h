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
    using Exporter::Exporter;
    Transport *createTransport(QObject *parent) const override;
};

//! OTLP/HTTP JSON requests to an OpenTelemetry collector, one endpoint per signal.
class OtlpExporter final : public EncodingExporter<OtlpJsonEncoder, HttpExporter>
{
public:
    using EncodingExporter::EncodingExporter;
    QByteArray format() const override { return QByteArrayLiteral("otlp-json"); }
    void address(OutgoingBatch &batch) const override;
    std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal,
                                                             const QByteArray &body) const override;
};

//! JSONEachRow INSERTs into ClickHouse's HTTP interface, one table per signal.
class ClickHouseExporter final : public EncodingExporter<ClickHouseEncoder, HttpExporter>
{
public:
    using EncodingExporter::EncodingExporter;
    QByteArray format() const override { return QByteArrayLiteral("clickhouse-json-each-row"); }
    void address(OutgoingBatch &batch) const override;
    Verdict verdict(const DeliveryResult &result) const override;
    QString failureReason(const DeliveryResult &result) const override;
    std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal,
                                                             const QByteArray &body) const override;
};

} // namespace Automagik::Internal
