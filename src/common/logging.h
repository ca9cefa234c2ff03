// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QLoggingCategory>
#include <QtCore/QUrl>

namespace Automagik::Internal {
//! "automagik.telemetry": warnings by default; verbose mode enables info and debug.
const QLoggingCategory &lcTelemetry();
//! Turns on info and debug output of lcTelemetry() (verbose mode).
void enableVerboseLogging();
//! The URL as it may be logged: no user name, password, query or fragment.
QString loggableUrl(const QUrl &url);
} // namespace Automagik::Internal
