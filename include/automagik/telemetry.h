// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/auditlog.h>
#include <automagik/consent.h>
#include <automagik/consenttexts.h>
#include <automagik/privacy.h>
#include <automagik/standardevents.h>
#include <automagik/telemetryconfig.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QObject>
#include <QtCore/QVariantMap>

#include <exception>
#include <memory>

namespace Automagik {

class TelemetryPrivate;

/*!
    \class Automagik::Telemetry
    \brief Records events, metrics, logs and errors and delivers them in the
    background.

    The track functions only append a small record to a queue and return; a
    worker thread owned by this object batches, encodes, compresses and sends.
    Nothing is recorded unless the user consented, and it is off by default:
    see Consent for the stored answer, its categories and the rules over it
    (administrator policy, AUTOMAGIK_TELEMETRY_ENABLED, DO_NOT_TRACK, the
    shared opt-out file, CI, ENVIRONMENT). status() says which rule decided.
    Before consent no thread, network object or file of this client exists.

    Signals are emitted on the thread this object lives in. shutdown() is the
    only function that blocks, and only up to its deadline; it runs by itself
    on QCoreApplication::aboutToQuit and in the destructor.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_EXPORT Telemetry : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool enabled READ isEnabled NOTIFY enabledChanged FINAL)
    Q_PROPERTY(Automagik::ConsentState consentState READ consentState NOTIFY consentChanged FINAL)
    Q_PROPERTY(bool needsConsent READ needsConsent NOTIFY consentChanged FINAL)
    Q_PROPERTY(int queueSize READ queueSize NOTIFY queueSizeChanged FINAL)
    Q_PROPERTY(QString userId READ userId NOTIFY userIdChanged FINAL)
    Q_PROPERTY(QString sessionId READ sessionId CONSTANT FINAL)
    Q_PROPERTY(qint64 sentCount READ sentCount NOTIFY deliveryCountsChanged FINAL)
    Q_PROPERTY(qint64 failedCount READ failedCount NOTIFY deliveryCountsChanged FINAL)
    Q_PROPERTY(qint64 droppedCount READ droppedCount NOTIFY deliveryCountsChanged FINAL)

public:
    //! Creates a client for \a config; environment variables are applied on top (TelemetryConfig::resolved()).
    explicit Telemetry(const TelemetryConfig &config, QObject *parent = nullptr);
    //! Creates a client with default options for \a projectName at \a version.
    Telemetry(const QString &projectName, const QString &version, QObject *parent = nullptr);
    //! Runs shutdown() with the configured deadline if it has not run yet.
    ~Telemetry() override;

    //! The effective (resolved) configuration.
    TelemetryConfig config() const;

    //! The version of this library, "1.0.0".
    static QString sdkVersion();

    /*!
        An example request body (pretty-printed OTLP JSON) of one event as
        this client would send it: the real Resource attributes and a typical,
        sanitized event. For consent dialogs ("show what is sent"). When the
        configuration turns on sessions or the environment record
        (TelemetryConfig::isSessionTrackingEnabled(),
        TelemetryConfig::isEnvironmentReportingEnabled()), their events follow
        with their exact attributes: example values for the session, this
        application's real ones for the environment. Call it on the
        application's thread.
    */
    QString samplePayload() const;
    //! The local history of what this client sent (see AuditLog); empty when the audit log is off.
    AuditLog auditLog() const;

    //! Whether records of at least one consent category are currently accepted.
    bool isEnabled() const;
    //! The consent model this client follows (the stored answer and every rule over it).
    Consent *consent() const;
    //! The stored answer; shorthand for consent()->state().
    ConsentState consentState() const;
    //! Whether the user should be asked now; shorthand for consent()->needsConsent().
    bool needsConsent() const;
    //! Records accepted but not yet delivered or dropped, over all signals.
    int queueSize() const;
    //! The anonymous user id (see Consent::userId()); empty while telemetry has never been allowed.
    QString userId() const;
    //! A random id for this run of the application (the same for every client in the process, never stored).
    QString sessionId() const;
    //! Records delivered (acknowledged by the backend) so far.
    qint64 sentCount() const;
    //! Records whose delivery failed for good (HTTP error, retries exhausted, rejected).
    qint64 failedCount() const;
    //! Records dropped before any attempt (queue full, consent withdrawn, shutdown deadline).
    qint64 droppedCount() const;

    /*!
        A snapshot of the client's state, with the keys of the Python SDK's
        get_status() (enabled, user_id, session_id, project_name,
        project_version, endpoint, metrics_endpoint, logs_endpoint,
        opt_out_file_exists, env_var, verbose, batch_size,
        compression_enabled, queue_sizes) plus backend, decided_by,
        config_error and the per-signal maps sent, failed, dropped,
        rejected and the retries count, and the spool: spool_directory,
        spool_persistent, spool_error, spool_batches, spool_bytes,
        spooled (records per signal) and queued_bytes; delivery_paused says
        why delivery waits for the network ("offline", "metered", or empty
        when it does not). Reads the opt-out file, so do not call it in a
        tight loop.
    */
    QVariantMap status() const;

    //! Records an event (an OTLP span named \a name).
    void trackEvent(const QString &name, const QVariantMap &attributes = {});
    //! Records one observation of a metric.
    void trackMetric(const QString &name, double value, MetricType type = MetricType::Gauge,
                     const QVariantMap &attributes = {});
    //! Like trackMetric(), with the type by name ("gauge", "counter", "histogram"; unknown: gauge).
    void trackMetric(const QString &name, double value, const QString &type, const QVariantMap &attributes = {});
    //! Records a log record.
    void trackLog(const QString &message, LogSeverity severity = LogSeverity::Info, const QVariantMap &attributes = {});
    //! Like trackLog(), with the severity by name ("warn", "error", ...; unknown: info).
    void trackLog(const QString &message, const QString &severity, const QVariantMap &attributes = {});
    //! Records an error (a span named "automagik.error" with error status); the type is the exception's class name.
    void trackError(const std::exception &error, const QVariantMap &context = {});
    //! Records an error given its type name and message.
    void trackError(const QString &errorType, const QString &message, const QVariantMap &context = {});

    /*!
        Delivers everything recorded so far and waits at most \a msecs
        (the configured shutdownTimeout() when negative). Afterwards the client
        accepts no more records. Returns true when everything was delivered.
        The only blocking call of this class; it never waits past the deadline.
    */
    bool shutdown(int msecs = -1);

public Q_SLOTS:
    //! Sends every pending record now; flushFinished() tells the outcome. Never blocks.
    void flush();
    //! Stores the user's yes to every category (Consent::grant()) and removes the shared opt-out file.
    void enable();
    /*!
        Stores the user's no (Consent::deny()): stops accepting records at
        once, delivers what was recorded under consent, writes the shared
        opt-out file and forgets the anonymous user id.
    */
    void disable();
    //! enable() or disable(), for a consent dialog's answer.
    void setConsent(bool granted);

Q_SIGNALS:
    //! Telemetry was turned on or off (enable(), disable(), shutdown()).
    void enabledChanged(bool enabled);
    //! queueSize() changed; emitted when batches are resolved, never once per tracked record.
    void queueSizeChanged(int queueSize);
    //! The anonymous user id was created or forgotten.
    void userIdChanged(const QString &userId);
    //! The stored answer, needsConsent() or a rule over them changed.
    void consentChanged();
    //! Emitted when sentCount(), failedCount() or droppedCount() changed.
    void deliveryCountsChanged();
    //! A batch of \a items records of \a signal was acknowledged; \a bytes went on the wire.
    void batchSent(Automagik::TelemetrySignal signal, int items, qint64 bytes);
    //! A batch could not be delivered and was given up; \a reason is for humans.
    void sendFailed(Automagik::TelemetrySignal signal, int items, Automagik::DeliveryError error,
                    const QString &reason);
    //! Records were dropped without a delivery attempt (see DeliveryError).
    void dropped(Automagik::TelemetrySignal signal, int items, Automagik::DeliveryError error);
    //! The backend accepted a batch but rejected \a rejected of its items (OTLP partialSuccess).
    void partiallyRejected(Automagik::TelemetrySignal signal, qint64 rejected, const QString &message);
    //! A flush() finished; \a delivered is false if any of its batches failed or is still waiting.
    void flushFinished(bool delivered);
    /*!
        A batch could not be delivered now (the backend is down or keeps
        failing); it stays in the spool and is tried again later, in this run
        or the next, until the spool's bounds drop it.
    */
    void deliveryPostponed(Automagik::TelemetrySignal signal, int items, const QString &reason);
    //! The spool directory cannot be used; batches are kept in memory (lost at exit). Emitted once.
    void spoolUnavailable(const QString &reason);

private:
    Q_DISABLE_COPY_MOVE(Telemetry)
    friend class TelemetryPrivate;
    const std::unique_ptr<TelemetryPrivate> d;
};

} // namespace Automagik
