// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

// What the module's other types need from the Telemetry singleton, without widening its public API.

#include <QtCore/QLoggingCategory>

namespace Automagik {

class QmlTelemetry;
class Telemetry;

namespace QmlInternal {

Q_DECLARE_LOGGING_CATEGORY(lcQuick)

/*
    The client that records for \a singleton, as its track functions use it: a client whose
    configuration changed in this turn of the event loop is created now. nullptr when there is none.
*/
Telemetry *recordingClient(QmlTelemetry *singleton);

} // namespace QmlInternal
} // namespace Automagik
