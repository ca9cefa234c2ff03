// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"
#include "encoding/recordencoder.h"

#include <automagik/telemetryconfig.h>

namespace Automagik::Internal {

/*
    The OTLP Resource of a client: the attributes the SDK family sends (REFERENCE.md §3.3), the
    system's, then the configuration's own (TelemetryConfig::resourceAttributes(), which
    resolved() filled from OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME). Those replace any
    attribute but the ones the library owns, in place, and add the rest at the end.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT ResourceAttributes
{
public:
    static EncoderResource build(const TelemetryConfig &config, const QString &userId, const QString &sessionId);
};

} // namespace Automagik::Internal
