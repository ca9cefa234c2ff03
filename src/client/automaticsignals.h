// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "client/sessionmarker.h"

#include <automagik/telemetryconfig.h>

#include <QtCore/QObject>
#include <QtCore/QTimer>

namespace Automagik {

class Telemetry;

/*
    The signals a client sends about its application without being asked, each turned on in
    TelemetryConfig: crashes (CrashHandler's records) and runs that ended without shutdown
    (SessionMarker). At construction it reports what the previous run left, as errors through the
    client's normal path, or deletes it when Diagnostics are not consented; then it watches this run,
    writing its marker and arming the crash handler only while Diagnostics are consented.
*/
class AutomaticSignals : public QObject
{
public:
    AutomaticSignals(Telemetry *telemetry, const TelemetryConfig &config);
    ~AutomaticSignals() override;

    //! The client shuts down cleanly: this run is no longer at risk of ending uncleanly.
    void shutdown();

    //! Where crash records and markers of \a config's project live: "<spool>-<name>", next to its spool.
    static QString directoryFor(const TelemetryConfig &config, const QString &name);

private:
    void reportPreviousRuns();
    void followConsent();
    bool diagnosticsAllowed() const;

    Telemetry *const m_telemetry;
    const bool m_crashes;
    const bool m_uncleanExits;
    const QString m_crashDirectory;
    SessionMarker m_marker;
    QTimer m_touchTimer{this}; // a child: moveToThread() moves it too
    bool m_armed = false;
    bool m_shutDown = false;
};

} // namespace Automagik
