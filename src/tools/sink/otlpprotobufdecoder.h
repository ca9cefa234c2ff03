// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QString>

#include <optional>

namespace Automagik::Sink {

/*
    Turns an OTLP/HTTP protobuf request into the object its JSON encoding
    would have parsed to (OTLP's JSON mapping: hex ids, 64-bit integers as
    strings, enums as numbers, other bytes as base64, non-finite doubles as
    "NaN"/"Infinity"), so that the receiver records, counts and shows
    protobuf requests exactly as JSON ones. Covers every message of
    opentelemetry-proto's trace, metrics and logs requests; unknown fields are
    skipped, as protobuf readers do. Also writes the protobuf form of an
    Export*ServiceResponse for the receiver's answers.
*/
class OtlpProtobufDecoder
{
public:
    //! The request of \a signal ("traces", "metrics" or "logs") in \a body; std::nullopt when it is malformed.
    static std::optional<QJsonObject> decodeRequest(const QString &signal, const QByteArray &body);

    //! An Export*ServiceResponse from its JSON form ({"partialSuccess":{"rejectedSpans":"2","errorMessage":...}}).
    static QByteArray encodeResponse(const QJsonObject &response);

    static bool isProtobuf(const QByteArray &contentType);
};

} // namespace Automagik::Sink
