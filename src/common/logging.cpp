// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "common/logging.h"

namespace Automagik::Internal {

namespace {
QLoggingCategory &category()
{
    // Mutable (unlike Q_LOGGING_CATEGORY's) so verbose mode can switch levels on.
    static QLoggingCategory instance("automagik.telemetry", QtWarningMsg);
    return instance;
}
} // namespace

const QLoggingCategory &lcTelemetry()
{
    return category();
}

void enableVerboseLogging()
{
    // A rule set by the application (QT_LOGGING_RULES) still applies on top of this.
    category().setEnabled(QtDebugMsg, true);
    category().setEnabled(QtInfoMsg, true);
}

QString loggableUrl(const QUrl &url)
{
    // Query strings can carry tokens (ClickHouse, some collectors); credentials never reach a log.
    return url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment).toDisplayString();
}

} // namespace Automagik::Internal
