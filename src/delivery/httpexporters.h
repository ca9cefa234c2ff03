// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "delivery/exporter.h"
#include "delivery/retrypolicy.h"
#include "encoding/clickhouseencoder.h"
#include "encoding/otlpprotobufencoder.h"

namespace Automagik::Internal {

//! What the backends that POST over HTTP share: the sender, built from the configuration.
class HttpExporter : public Exporter
{
public:
    using Exporter::Exporter;
    Transport *createTransport(QObject *parent) const override;

protected:
    using PartialSuccessReader = std::optional<RetryPolicy::PartialSuccess> (*)(QByteArrayView body);
    //! How a 2xx answer's partial success is read: OTLP JSON unless the exporter says otherwise.
    virtual PartialSuccessReader partialSuccessReader() const { return &RetryPolicy::parsePartialSuccess; }
};

/*
    What the two OTLP encodings share: one collector takes both, so each exporter also sends the batches
    an earlier run spooled in the other (after the application switched protocols), as they were encoded.
    Partial success is read in the exporter's own encoding only: another encoding's answer to such a
    leftover batch counts as full success.
*/
namespace Otlp {
inline const QByteArray JsonFormat = QByteArrayLiteral("otlp-json");
inline const QByteArray ProtobufFormat = QByteArrayLiteral("otlp-protobuf");
//! URL, headers and the content type of the batch's own encoding.
void address(const TelemetryConfig &config, const QByteArray &ownFormat, OutgoingBatch &batch);
//! Halves of a JSON or a protobuf body, told apart by its first byte ('{' starts every JSON request).
std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal, const QByteArray &body);
} // namespace Otlp

//! OTLP/HTTP JSON requests to an OpenTelemetry collector, one endpoint per signal.
class OtlpExporter final : public EncodingExporter<OtlpJsonEncoder, HttpExporter>
{
public:
    using EncodingExporter::EncodingExporter;
    QByteArray format() const override { return Otlp::JsonFormat; }
    QList<QByteArray> siblingFormats() const override { return {Otlp::ProtobufFormat}; }
    void address(OutgoingBatch &batch) const override;
    std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal,
                                                             const QByteArray &body) const override;
};

//! OTLP/HTTP protobuf requests (application/x-protobuf): the same endpoints and headers as OtlpExporter.
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT OtlpProtobufExporter final
    : public EncodingExporter<OtlpProtobufEncoder, HttpExporter>
{
public:
    using EncodingExporter::EncodingExporter;
    QByteArray format() const override { return Otlp::ProtobufFormat; }
    QList<QByteArray> siblingFormats() const override { return {Otlp::JsonFormat}; }
    void address(OutgoingBatch &batch) const override;
    std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal,
                                                             const QByteArray &body) const override;
    /*!
        Reads the partial_success of an Export*ServiceResponse in protobuf (field 1: rejected
        spans/data points/log records as field 1, error_message as field 2); empty if there is none,
        it reports full success, or the body cannot be read.
    */
    static std::optional<RetryPolicy::PartialSuccess> parsePartialSuccess(QByteArrayView body);

protected:
    PartialSuccessReader partialSuccessReader() const override { return &parsePartialSuccess; }
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
