// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "client/ratelimiter.h"
#include "client/sessionmarker.h"

#include <automagik/telemetryconfig.h>

#include <QtCore/QMutex>
#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <memory>

namespace Automagik {

class Telemetry;
class HangDetector;
class QtMessageBridge;
class SessionTracker;

/*
    The signals a client sends about its application without being asked, each turned on in
    TelemetryConfig: crashes (CrashHandler's records), runs that ended without shutdown
    (SessionMarker), hangs of the client's thread (HangDetector), the application's Qt
    messages (QtMessageBridge), and its sessions and environment (SessionTracker, events under
    UsageEvents consent). It also holds what the client does to the application's own events
    without being asked each time: their sampling and rate limits (EventLimiter). Once started (start()), it reports what the previous run left, as errors through the
    client's normal path, or deletes it when Diagnostics are not consented; then it watches this run,
    writing its marker and arming the crash handler only while Diagnostics are consented.
*/
class AutomaticSignals : public QObject
{
public:
    AutomaticSignals(Telemetry *telemetry, const TelemetryConfig &config);
    ~AutomaticSignals() override;

    /*!
        Reports what the previous run left and starts following the consent. The client calls it once
        the consent's first reading is in, so that constructing a client never waits for that reading.
    */
    void start();
    /*!
        Whether crash or unclean-exit reporting wants the consent's first reading as soon as it is made
        (takeFirstReading()), without waiting for the client's thread to run its event loop.
    */
    bool wantsFirstReading() const { return m_crashes || m_uncleanExits; }
    /*!
        Given the consent's first reading, on the thread that made it: with Diagnostics consented this
        run's marker is written and the crash handler armed at once, so that a crash or a kill during
        start-up is still recorded. Thread-safe; runs once (later calls do nothing).
    */
    void takeFirstReading(ConsentCategories effective);
    /*!
        The client shuts down cleanly: this run is no longer at risk of ending uncleanly. The first call
        records the session's end, so the client calls it before its final flush.
    */
    void shutdown();

    //! Whether \a config turns on any automatic signal (else the client creates no AutomaticSignals).
    static bool isWanted(const TelemetryConfig &config);

    //! The hang detector, when hang detection is on.
    HangDetector *hangDetector() const { return m_hangs; }
    //! The Qt message bridge, when Qt messages are forwarded.
    QtMessageBridge *qtMessageBridge() const { return m_qtMessages; }
    /*!
        Sampling and rate limits of trackEvent(), when configured; called on any thread (it is made at
        construction, before any track call, and lives as long as the client).
    */
    EventLimiter *eventLimiter() const { return m_eventLimiter.get(); }

    //! Where crash records and markers of \a config's project live: "<spool>-<name>", next to its spool.
    static QString directoryFor(const TelemetryConfig &config, const QString &name);

private:
    void reportPreviousRuns();
    void followConsent();
    bool diagnosticsAllowed() const;
    bool setArmedLocked(bool arm); // false when arming failed (its directory cannot be created)
    void releaseArmingLocked();
    static void warnNotArmed();

    Telemetry *const m_telemetry;
    const bool m_crashes;
    const bool m_uncleanExits;
    const QString m_crashDirectory;
    SessionMarker m_marker;
    HangDetector *m_hangs = nullptr; // a child
    QtMessageBridge *m_qtMessages = nullptr; // a child
    SessionTracker *m_sessions = nullptr; // a child
    const std::unique_ptr<EventLimiter> m_eventLimiter;
    QTimer m_touchTimer{this}; // a child: moveToThread() moves it too
    bool m_started = false;
    // The crash handler and the marker, which the thread of the consent's first reading may set first.
    QMutex m_stateMutex;
    bool m_firstReadingTaken = false;
    bool m_armingExpected = false; // CrashHandler::expectArming() awaits this client's decision
    bool m_armed = false;
    bool m_shutDown = false;
};

} // namespace Automagik
