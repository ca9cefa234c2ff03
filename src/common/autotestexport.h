// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>

// Marks the internal classes that have unit tests of their own. It never exports them: the shared
// library exports the public API alone, in every build, and tests reach internal classes by linking
// the library's object files (AutomagikTelemetryTesting in src/CMakeLists.txt), where symbol
// visibility plays no part.
#define AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT
