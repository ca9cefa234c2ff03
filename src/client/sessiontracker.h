// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/telemetryconfig.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPair>
#include <QtCore/QVariantMap>

namespace Automagik {

class Telemetry;

/*
    The application's session and environment as events (TelemetryConfig::isSessionTrackingEnabled(),
    isEnvironmentReportingEnabled()), through the client's trackEvent(), so UsageEvents consent, the
    sanitizer and the event limits apply.

    The session begins when the application's first window is exposed: an application event filter,
    installed at construction and removed at that moment, sees the first QEvent::Expose of a visible
    window object (QObject::isWindowType(): no Qt Gui needed). An application that is no
    QGuiApplication, or a client that does not live on the application's thread, has no window to
    wait for: its session begins at start(). Once it has begun and UsageEvents are consented (now or
    later in the run), "automagik.session.start" and "automagik.environment" are sent, once per
    client run. shutdown() sends "automagik.session.end" after a start was sent. The time the
    application was active comes from QGuiApplication::applicationStateChanged, connected by name.
*/
class SessionTracker : public QObject
{
    Q_OBJECT

public:
    SessionTracker(Telemetry *telemetry, const TelemetryConfig &config, QObject *parent);
    ~SessionTracker() override;

    //! The consent's first reading is in: follows it from now on (an application without windows begins here).
    void start();
    //! Sends the session's end, once, if its start was sent. Nothing is sent afterwards.
    void shutdown();

    //! Whether \a config turns on sessions or the environment record.
    static bool isWanted(const TelemetryConfig &config);
    /*!
        The records \a config turns on, as (event name, attributes) with example values for the session
        and this application's real environment, for Telemetry::samplePayload(). On the application's thread.
    */
    static QList<QPair<QString, QVariantMap>> examples(const TelemetryConfig &config);

    static constexpr char startEvent[] = "automagik.session.start";
    static constexpr char endEvent[] = "automagik.session.end";
    static constexpr char environmentEvent[] = "automagik.environment";

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    bool event(QEvent *event) override;

private Q_SLOTS:
    void applicationStateChanged(Qt::ApplicationState state);

private:
    void watchApplication();
    void stopWatchingWindows();
    enum Sending { Now, Deferred };
    //! The session begins now; its records are sent \a sending (if consented).
    void begin(Sending sending);
    void followConsent();
    bool usageEventsAllowed() const;
    void sendStart();
    void sendEnvironment();
    //! Milliseconds of the current active stretch that fall within the session, up to \a now.
    qint64 activeStretch(qint64 now) const;
    qint64 elapsed() const { return m_clock.elapsed(); }

    Telemetry *const m_telemetry;
    const TelemetryConfig m_config; // the client's: its consent's settings hold the start counter
    const bool m_sessions;
    const bool m_environment;
    QElapsedTimer m_clock; // since the client's construction: the fallback of session.startup_ms
    bool m_watchingWindows = false;
    bool m_watchingState = false; // applicationStateChanged is connected: m_active follows it
    bool m_started = false;
    bool m_shutDown = false;
    bool m_begun = false;
    qint64 m_begin = 0; // on m_clock
    qint64 m_beginProcessClock = -1; // on SystemInfo::processClockMsecs(), -1 when unknown
    bool m_startSent = false;
    bool m_environmentSent = false;
    bool m_active = false;
    qint64 m_activeSince = 0; // on m_clock, while m_active
    qint64 m_activeMsecs = 0; // of the stretches that ended, within the session
};

} // namespace Automagik
