// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QByteArray>

#include <optional>
#include <utility>

namespace Automagik::Internal {

struct RequestPart
{
    QByteArray json; // the part's body, in the whole's encoding (JSON or protobuf)
    int items = 0;
};

/*
    Splits an encoded request body in two halves of its items, for a backend
    that answered 413 (payload too large). Works on the encoded body, so a
    batch read back from the spool can be split without its records.
    std::nullopt when the body holds a single item or cannot be read.
*/
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT std::optional<std::pair<RequestPart, RequestPart>>
splitOtlpRequest(TelemetrySignal signal, const QByteArray &json);

//! The same for an OTLP protobuf body (as OtlpProtobufEncoder writes it: one resource, one scope).
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT std::optional<std::pair<RequestPart, RequestPart>>
splitOtlpProtobufRequest(TelemetrySignal signal, const QByteArray &body);

//! The same for a JSONEachRow body (one row per line).
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT std::optional<std::pair<RequestPart, RequestPart>>
splitJsonEachRow(const QByteArray &rows);

} // namespace Automagik::Internal
