// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>

// Internal classes with unit tests of their own are exported only in builds with tests
// (like Qt's Q_AUTOTEST_EXPORT); an installed release exports the public API alone.
#if defined(AUTOMAGIK_TELEMETRY_AUTOTESTS)
#define AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT AUTOMAGIK_TELEMETRY_EXPORT
#else
#define AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT
#endif
