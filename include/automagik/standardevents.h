// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QLatin1String>

namespace Automagik {

/*!
    Event names shared by every Automagik Telemetry SDK, with the same string
    values as the Python and TypeScript SDKs, so dashboards match across them.
    The attributes named in each comment are advisory.

    \since 1.0
*/
namespace StandardEvents {
//! "automagik.feature.used": feature_name, feature_category.
inline constexpr QLatin1String FeatureUsed{"automagik.feature.used"};
//! "automagik.api.request": endpoint, method, status.
inline constexpr QLatin1String ApiRequest{"automagik.api.request"};
//! "automagik.cli.command": command, subcommand.
inline constexpr QLatin1String CommandExecuted{"automagik.cli.command"};
//! "automagik.performance.latency": operation_type, duration_ms.
inline constexpr QLatin1String OperationLatency{"automagik.performance.latency"};
//! "automagik.error": error_code, error_category, severity. Used by Telemetry::trackError().
inline constexpr QLatin1String ErrorOccurred{"automagik.error"};
//! "automagik.health": service_name, status.
inline constexpr QLatin1String ServiceHealth{"automagik.health"};
} // namespace StandardEvents

} // namespace Automagik
