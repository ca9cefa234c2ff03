// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/exporter.h"

#include "delivery/fileexporter.h"
#include "delivery/httpexporters.h"

namespace Automagik::Internal {

Exporter::~Exporter() = default;

EncoderLimits Exporter::limitsFor(const TelemetryConfig &config)
{
    EncoderLimits limits;
    limits.maxAttributeCount = config.maxAttributeCount();
    return limits;
}

Exporter::Verdict Exporter::verdict(const DeliveryResult &result) const
{
    if (result.delivered())
        return Verdict::Delivered;
    if (result.error == DeliveryError::RetriesExhausted)
        return Verdict::TryLater; // the transport's own retries ran out: the backend seems down
    if (result.httpStatus == 413)
        return Verdict::Split;
    return Verdict::GiveUp;
}

std::unique_ptr<Exporter> createExporter(const TelemetryConfig &config, const EncoderResource &resource)
{
    switch (config.backend()) {
    case Automagik::Backend::ClickHouse:
        return std::make_unique<ClickHouseExporter>(config, resource);
    case Automagik::Backend::File:
        return std::make_unique<FileExporter>(config, resource);
    case Automagik::Backend::Otlp:
        break;
    }
    if (config.otlpProtocol() == Automagik::OtlpProtocol::HttpProtobuf)
        return std::make_unique<OtlpProtobufExporter>(config, resource);
    return std::make_unique<OtlpExporter>(config, resource);
}

} // namespace Automagik::Internal
