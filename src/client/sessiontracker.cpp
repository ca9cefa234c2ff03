// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/sessiontracker.h"

#include "client/consent_p.h"
#include "common/logging.h"
#include "platform/guienvironment.h"
#include "platform/systeminfo.h"

#include <automagik/consent.h>
#include <automagik/telemetry.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QMetaMethod>
#include <QtCore/QSettings>
#include <QtCore/QThread>

namespace Automagik {

using namespace Internal;

SessionTracker::SessionTracker(Telemetry *telemetry, const TelemetryConfig &config, QObject *parent)
    : QObject(parent)
    , m_telemetry(telemetry)
    , m_config(config)
    , m_sessions(config.isSessionTrackingEnabled())
    , m_environment(config.isEnvironmentReportingEnabled())
{
    m_clock.start();
    // Cheap (a filter, a connection, a symbol lookup): no file is read before start().
    watchApplication();
}

SessionTracker::~SessionTracker()
{
    stopWatchingWindows();
}

bool SessionTracker::isWanted(const TelemetryConfig &config)
{
    return config.isSessionTrackingEnabled() || config.isEnvironmentReportingEnabled();
}

void SessionTracker::watchApplication()
{
    QCoreApplication *app = QCoreApplication::instance();
    // Window events and the application's state reach only objects of the application's thread.
    if (!GuiEnvironment::isGuiApplication() || app->thread() != QThread::currentThread())
        return;
    // The state now, where Qt Gui lets it be read; else the application counts as inactive until it says.
    const bool activeNow = GuiEnvironment::applicationState() == Qt::ApplicationActive;
    if (m_sessions) {
        const QMetaObject *meta = app->metaObject();
        const QMetaMethod changed = meta->method(meta->indexOfSignal("applicationStateChanged(Qt::ApplicationState)"));
        const QMetaMethod slot =
            staticMetaObject.method(staticMetaObject.indexOfSlot("applicationStateChanged(Qt::ApplicationState)"));
        m_watchingState = changed.isValid() && connect(app, changed, this, slot);
        m_active = m_watchingState && activeNow;
    }
    if (activeNow) {
        // Only a shown window makes an application active: this client came after it, so this is its start.
        begin(Now);
        return;
    }
    app->installEventFilter(this);
    m_watchingWindows = true;
}

void SessionTracker::stopWatchingWindows()
{
    if (!m_watchingWindows)
        return;
    m_watchingWindows = false;
    if (QCoreApplication *app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

bool SessionTracker::eventFilter(QObject *watched, QEvent *event)
{
    // Every event of the application's thread passes here until the first window is exposed: one compare.
    if (event->type() == QEvent::Expose && m_watchingWindows && watched->isWindowType()
        && watched->property("visible").toBool()) {
        stopWatchingWindows(); // safe from within the filter: Qt skips a filter removed meanwhile
        // The moment is now; what is sent (a file read, a settings write) waits for the event loop, so the
        // window this event is for paints its first frame first.
        begin(Deferred);
    }
    return false;
}

bool SessionTracker::event(QEvent *event)
{
    if (event->type() == QEvent::ThreadChange) {
        // Moved off the application's thread with its client: its windows can no longer be watched, and an
        // application filter in another thread would be warned about at every event.
        stopWatchingWindows();
        if (m_watchingState) {
            m_watchingState = false;
            disconnect(QCoreApplication::instance(), nullptr, this, nullptr);
        }
        if (m_started)
            QMetaObject::invokeMethod(this, [this] { begin(Now); }, Qt::QueuedConnection);
    }
    return QObject::event(event);
}

void SessionTracker::applicationStateChanged(Qt::ApplicationState state)
{
    const bool active = state == Qt::ApplicationActive;
    if (active == m_active)
        return;
    const qint64 now = elapsed();
    m_activeMsecs += activeStretch(now);
    m_active = active;
    m_activeSince = now;
}

qint64 SessionTracker::activeStretch(qint64 now) const
{
    if (!m_active || !m_begun)
        return 0;
    return qMax<qint64>(0, now - qMax(m_activeSince, m_begin));
}

void SessionTracker::start()
{
    if (m_started)
        return;
    m_started = true;
    connect(m_telemetry->consent(), &Consent::consentChanged, this, &SessionTracker::followConsent);
    // What is due (the records, the start counter's write) goes out from the event loop: start() can
    // run inside the client's constructor, which must not pay for a settings write.
    if (!m_watchingWindows)
        begin(Deferred); // no window to wait for (or it was already shown): the session begins now
    QMetaObject::invokeMethod(this, &SessionTracker::followConsent, Qt::QueuedConnection);
}

void SessionTracker::begin(Sending sending)
{
    if (m_begun)
        return;
    m_begun = true;
    m_begin = elapsed();
    m_beginProcessClock = SystemInfo::processClockMsecs();
    if (sending == Deferred)
        QMetaObject::invokeMethod(this, &SessionTracker::followConsent, Qt::QueuedConnection);
    else
        followConsent();
}

bool SessionTracker::usageEventsAllowed() const
{
    return m_telemetry->consent()->effectiveCategories().testFlag(ConsentCategory::UsageEvents);
}

void SessionTracker::followConsent()
{
    // Sent once per run, as soon as the session has begun and events are consented, whichever comes last.
    if (m_shutDown || !m_started || !m_begun || !usageEventsAllowed())
        return;
    if (m_sessions && !m_startSent)
        sendStart();
    if (m_environment && !m_environmentSent)
        sendEnvironment();
}

void SessionTracker::sendStart()
{
    m_startSent = true;
    qint64 startup = m_begin;
    QString source = QStringLiteral("client");
    const qint64 processStart = m_beginProcessClock >= 0 ? SystemInfo::processStartMsecs() : -1;
    if (processStart >= 0 && m_beginProcessClock >= processStart) {
        startup = m_beginProcessClock - processStart;
        source = QStringLiteral("process");
    }
    // The counter lives next to the consent and is written only now, with consent (a deny removes it).
    qint64 count = 1;
    const std::unique_ptr<QSettings> settings = consentSettings(m_config);
    const QString key = consentSettingsKey(sessionStartCountKey);
    bool ok = false;
    const qint64 stored = settings->value(key).toLongLong(&ok);
    if (ok && stored > 0)
        count = stored + 1;
    settings->setValue(key, count);
    settings->sync();
    if (settings->status() != QSettings::NoError)
        qCWarning(lcTelemetry()).noquote() << "could not store the session count in" << settings->fileName();
    m_telemetry->trackEvent(QLatin1String(startEvent), {{QStringLiteral("session.startup_ms"), startup},
                                                        {QStringLiteral("session.startup_source"), source},
                                                        {QStringLiteral("session.start_count"), count}});
}

void SessionTracker::sendEnvironment()
{
    m_environmentSent = true;
    m_telemetry->trackEvent(QLatin1String(environmentEvent), GuiEnvironment::attributes());
}

void SessionTracker::shutdown()
{
    if (m_shutDown)
        return;
    stopWatchingWindows();
    followConsent(); // a start still waiting for the event loop goes first
    m_shutDown = true;
    if (!m_startSent)
        return; // an end without its start says nothing
    const qint64 now = elapsed();
    const qint64 duration = qMax<qint64>(0, now - m_begin);
    // Without a state to follow (no window system, or it cannot be watched) the whole session counts as active.
    const qint64 active = m_watchingState ? qMin(duration, m_activeMsecs + activeStretch(now)) : duration;
    m_telemetry->trackEvent(QLatin1String(endEvent), {{QStringLiteral("session.duration_ms"), duration},
                                                      {QStringLiteral("session.active_ms"), active}});
}

QList<QPair<QString, QVariantMap>> SessionTracker::examples(const TelemetryConfig &config)
{
    QList<QPair<QString, QVariantMap>> records;
    if (config.isSessionTrackingEnabled()) {
        records.append({QLatin1String(startEvent), {{QStringLiteral("session.startup_ms"), 840},
                                                    {QStringLiteral("session.startup_source"), QStringLiteral("process")},
                                                    {QStringLiteral("session.start_count"), 12}}});
        records.append({QLatin1String(endEvent), {{QStringLiteral("session.duration_ms"), 1860000},
                                                  {QStringLiteral("session.active_ms"), 1425000}}});
    }
    if (config.isEnvironmentReportingEnabled())
        records.append({QLatin1String(environmentEvent), GuiEnvironment::attributes()});
    return records;
}

} // namespace Automagik
