// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/automaticsignals.h"

#include "client/hangdetector.h"
#include "client/qtmessagebridge.h"
#include "client/sessiontracker.h"
#include "common/logging.h"
#include "platform/crashhandler.h"
#include "platform/crashrecord.h"
#include "spool/spool.h"

#include <automagik/consent.h>
#include <automagik/telemetry.h>

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>

#include <utility>

namespace Automagik {

using namespace Internal;

namespace {

// How often the marker records that the run is still alive: the precision of an unclean run's duration.
constexpr int touchIntervalMsecs = 60 * 1000;

QString isoTime(qint64 msecs)
{
    return QDateTime::fromMSecsSinceEpoch(msecs).toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

AutomaticSignals::AutomaticSignals(Telemetry *telemetry, const TelemetryConfig &config)
    : QObject(telemetry)
    , m_telemetry(telemetry)
    , m_crashes(config.isCrashReportingEnabled())
    , m_uncleanExits(config.isUncleanExitReportingEnabled())
    , m_crashDirectory(m_crashes ? directoryFor(config, QStringLiteral("crashes")) : QString())
    , m_marker(m_uncleanExits ? directoryFor(config, QStringLiteral("sessions")) : QString())
    , m_eventLimiter(EventLimiter::isWanted(config.eventRateLimit(), config.eventSamplingRates())
                         ? std::make_unique<EventLimiter>(config.eventRateLimit(), config.eventSamplingRates())
                         : nullptr)
{
    // Installing writes nothing: the crash directory, like the marker, waits for consent (takeFirstReading).
    if (m_crashes) {
        if (CrashHandler::install(m_crashDirectory, config.version())) {
            CrashHandler::expectArming(); // a crash before the consent is read waits for its answer
            m_armingExpected = true;
        } else {
            qCWarning(lcTelemetry()) << "crash reporting is not available here";
        }
    }
    m_touchTimer.setInterval(touchIntervalMsecs);
    m_touchTimer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_touchTimer, &QTimer::timeout, this, [this] { m_marker.touch(); });
    if (config.isHangDetectionEnabled()) {
        const int threshold = config.hangThreshold();
        // Called on the watchdog thread: the record goes through the client's normal (thread-safe) path.
        m_hangs = new HangDetector(threshold, [this, threshold](qint64 msecs) {
            m_telemetry->trackError(QStringLiteral("Hang"),
                                    QStringLiteral("The application did not respond for %1 ms").arg(msecs),
                                    {{QStringLiteral("hang.duration_ms"), msecs},
                                     {QStringLiteral("hang.threshold_ms"), threshold}});
        }, this);
    }
    if (!config.qtMessageCategories().isEmpty()) {
        m_qtMessages = new QtMessageBridge(telemetry, config.qtMessageCategories(), config.qtMessageMinimumSeverity(),
                                           config.qtMessageRateLimit(), this);
    }
    if (SessionTracker::isWanted(config))
        m_sessions = new SessionTracker(telemetry, config, this);
}

void AutomaticSignals::start()
{
    // After shutdown nothing could be recorded: what a previous run left stays for the next one.
    if (m_started || m_shutDown)
        return;
    m_started = true;
    takeFirstReading(m_telemetry->consent()->effectiveCategories()); // in case no reading thread gave it
    reportPreviousRuns();
    connect(m_telemetry->consent(), &Consent::consentChanged, this, &AutomaticSignals::followConsent);
    followConsent();
    if (m_sessions)
        m_sessions->start();
}

AutomaticSignals::~AutomaticSignals()
{
    // From the destructor nothing is recorded any more (the client is being destroyed): the client's own
    // shutdown() already recorded the session's end.
    delete m_sessions;
    m_sessions = nullptr;
    shutdown();
}

void AutomaticSignals::shutdown()
{
    // The session's end goes through trackEvent() while the client still accepts records, before its
    // final flush (Telemetry::shutdown() calls this first).
    if (m_sessions && !m_shutDown)
        m_sessions->shutdown();
    // No look at the consent here: from the destructor, the client's Consent may already be gone.
    {
        const QMutexLocker locker(&m_stateMutex);
        m_shutDown = true;
        setArmedLocked(false);
        releaseArmingLocked();
        m_marker.finish();
    }
    m_touchTimer.stop();
    if (m_hangs)
        m_hangs->stop(); // reports a hang that has just ended, then no record comes from its thread any more
    if (m_qtMessages)
        m_qtMessages->detach(); // the previous message handler is back
}

bool AutomaticSignals::isWanted(const TelemetryConfig &config)
{
    return config.isCrashReportingEnabled() || config.isUncleanExitReportingEnabled()
        || config.isHangDetectionEnabled() || !config.qtMessageCategories().isEmpty()
        || EventLimiter::isWanted(config.eventRateLimit(), config.eventSamplingRates())
        || config.isSessionTrackingEnabled() || config.isEnvironmentReportingEnabled();
}

QString AutomaticSignals::directoryFor(const TelemetryConfig &config, const QString &name)
{
    const QString spool = config.spoolDirectory().isEmpty() ? Spool::defaultDirectory(config.projectName())
                                                            : config.spoolDirectory();
    if (spool.isEmpty())
        return {};
    // "<spool>-crashes": named after the spool, so that two programs never share it (a custom spool such
    // as ~/.cache/my-app must not give ~/.cache/crashes), and not inside it, whose files the spool indexes.
    return QDir::cleanPath(QFileInfo(spool).absoluteFilePath()) + QLatin1Char('-') + name;
}

bool AutomaticSignals::diagnosticsAllowed() const
{
    return m_telemetry->consent()->effectiveCategories().testFlag(ConsentCategory::Diagnostics);
}

void AutomaticSignals::takeFirstReading(ConsentCategories effective)
{
    bool armed = true;
    {
        const QMutexLocker locker(&m_stateMutex);
        if (std::exchange(m_firstReadingTaken, true))
            return;
        if (!m_shutDown && effective.testFlag(ConsentCategory::Diagnostics)) {
            if (m_uncleanExits)
                m_marker.start(); // refreshed from the client's thread (followConsent starts the timer)
            armed = setArmedLocked(m_crashes);
        }
        releaseArmingLocked();
    }
    if (!armed)
        warnNotArmed();
}

bool AutomaticSignals::setArmedLocked(bool arm)
{
    if (arm == m_armed)
        return true;
    m_armed = arm;
    if (!arm) {
        CrashHandler::disarm();
        return true;
    }
    return CrashHandler::arm();
}

void AutomaticSignals::warnNotArmed()
{
    // Outside the lock: a message handler may call back into the client.
    qCWarning(lcTelemetry()) << "cannot create the crash record directory" << CrashHandler::directory();
}

void AutomaticSignals::releaseArmingLocked()
{
    if (std::exchange(m_armingExpected, false))
        CrashHandler::armingDecided();
}

void AutomaticSignals::followConsent()
{
    // Nothing is written before Diagnostics are consented, and nothing more once they are withdrawn.
    const bool consented = diagnosticsAllowed(); // read before the lock: a first reading would take it
    bool allowed = false;
    bool armed = true;
    {
        const QMutexLocker locker(&m_stateMutex);
        allowed = !m_shutDown && consented;

        // The crash handler writes records (and has its directory) only while some client may send them.
        armed = setArmedLocked(m_crashes && allowed);

        // This run's marker: written with consent, removed (as by a clean shutdown) when it is withdrawn.
        if (m_uncleanExits && allowed) {
            if (!m_touchTimer.isActive() && m_marker.start())
                m_touchTimer.start();
        } else {
            m_touchTimer.stop();
            m_marker.finish();
        }
    }
    if (!armed)
        warnNotArmed();

    // The heartbeat and the watchdog run only while a hang could be sent.
    if (m_hangs) {
        if (allowed)
            m_hangs->start();
        else
            m_hangs->stop();
    }
    // The message handler is installed only while a message could be recorded.
    if (m_qtMessages) {
        if (allowed)
            m_qtMessages->attach();
        else
            m_qtMessages->detach();
    }
}

void AutomaticSignals::reportPreviousRuns()
{
    // Taken (and so deleted) in any case: without consent nothing an earlier run left is kept.
    const QList<CrashRecord> crashes = m_crashes ? CrashRecord::takeAll(m_crashDirectory) : QList<CrashRecord>();
    QList<SessionMarker::PreviousRun> unclean = m_marker.takeStale();
    if (!diagnosticsAllowed()) {
        if (!crashes.isEmpty() || !unclean.isEmpty())
            qCInfo(lcTelemetry()) << "deleted the previous run's crash and exit records: diagnostics are not consented";
        return;
    }
    for (const CrashRecord &crash : crashes) {
        QVariantMap attributes = crash.attributes();
        // The crash explains why its run left a marker: one record, with how long the run lasted.
        for (auto run = unclean.begin(); run != unclean.end(); ++run) {
            if (run->processId == crash.processId) {
                attributes.insert(QStringLiteral("process.run_seconds"),
                                  qMax<qint64>(0, (crash.timeUnixNano / 1000000 - run->startedMsecs) / 1000));
                unclean.erase(run);
                break;
            }
        }
        m_telemetry->trackError(QStringLiteral("Crash"),
                                QStringLiteral("The previous run was terminated by %1").arg(CrashRecord::signalName(crash.signal)),
                                attributes);
    }
    for (const SessionMarker::PreviousRun &run : unclean) {
        m_telemetry->trackError(QStringLiteral("UncleanExit"), QStringLiteral("The previous run ended without shutdown"),
                                {{QStringLiteral("process.run_seconds"), run.runSeconds()},
                                 {QStringLiteral("process.start_time"), isoTime(run.startedMsecs)},
                                 {QStringLiteral("process.last_seen"), isoTime(run.lastSeenMsecs)}});
    }
}

} // namespace Automagik
