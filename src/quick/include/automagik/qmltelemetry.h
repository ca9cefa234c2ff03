// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetryquick_export.h>
#include <automagik/consentcontroller.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>
#include <automagik/telemetryconfig.h>

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QUrl>
#include <QtCore/QVariantList>
#include <QtCore/QVariantMap>
#include <QtQml/QJSValue>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace Automagik {

class QmlTelemetryPrivate;

/*!
    \class Automagik::QmlTelemetry
    \brief The \c Telemetry singleton of the QML module \c Automagik.Telemetry.

    It fronts one Telemetry client for QML: its state as properties with
    change signals, the track functions with JavaScript objects as
    attributes, the consent answer, the audit log and the consent texts.

    \section1 Where the client comes from

    \list
    \li A C++ application creates its client and hands it over with
        setDefaultInstance() before (or after) loading QML. The
        configuration (config) is then ignored.
    \li A QML-only application sets config.projectName and config.version
        (and any other TelemetryConfig property of config). The singleton
        creates its own client at the next turn of the event loop after
        projectName and version are both set, so every property assigned in
        the same script or Component.onCompleted is taken into account.
        start() creates it at once, and so does any track, consent or flush
        call made before that. Changing the configuration later replaces
        the client (the old one delivers what it holds, within its shutdown
        deadline).
    \endlist

    \code
    Component.onCompleted: {
        Telemetry.config.projectName = "my-app"
        Telemetry.config.version = "1.2.0"
        Telemetry.config.endpoint = "http://127.0.0.1:4318"
    }
    \endcode

    The change signals have the names of Telemetry's (enabledChanged,
    consentChanged, queueSizeChanged, userIdChanged). What the consent user
    interfaces show (is the switch usable, why not) comes from
    consentController.

    Until there is a client nothing is recorded, enabled and needsConsent
    are false and samplePayload is empty.

    \section1 Attributes

    JavaScript objects and arrays become maps and lists of typed OTLP
    values. JavaScript has only one number type, so a number that is
    integral and within ±2^53 is sent as an integer (\c{{count: 3}} becomes
    intValue 3) and any other number as a double.

    Use it from the GUI thread only.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_QUICK_EXPORT QmlTelemetry : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Telemetry)
    QML_SINGLETON

    // Configuration of the client the singleton creates itself (ignored with a default instance).
    Q_PROPERTY(Automagik::TelemetryConfig config READ config WRITE setConfig NOTIFY configChanged FINAL)

    // Texts (both kinds of application).
    Q_PROPERTY(QString applicationName READ applicationName WRITE setApplicationName
                   NOTIFY applicationNameChanged FINAL)
    Q_PROPERTY(Automagik::ConsentTexts texts READ texts NOTIFY textsChanged FINAL)

    // The client's state.
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged FINAL)
    Q_PROPERTY(bool enabled READ isEnabled NOTIFY enabledChanged FINAL)
    Q_PROPERTY(Automagik::ConsentState consentState READ consentState NOTIFY consentChanged FINAL)
    Q_PROPERTY(bool needsConsent READ needsConsent NOTIFY consentChanged FINAL)
    Q_PROPERTY(bool lockedByAdministrator READ isLockedByAdministrator NOTIFY consentChanged FINAL)
    Q_PROPERTY(Automagik::ConsentController *consentController READ consentController CONSTANT FINAL)
    Q_PROPERTY(int queueSize READ queueSize NOTIFY queueSizeChanged FINAL)
    Q_PROPERTY(QString userId READ userId NOTIFY userIdChanged FINAL)
    Q_PROPERTY(QString sessionId READ sessionId NOTIFY sessionIdChanged FINAL)
    Q_PROPERTY(QVariantMap status READ status NOTIFY statusChanged FINAL)
    Q_PROPERTY(QString samplePayload READ samplePayload NOTIFY samplePayloadChanged FINAL)

public:
    //! Created by the QML engine, one per engine; all of them share the default instance.
    explicit QmlTelemetry(QObject *parent = nullptr);
    ~QmlTelemetry() override;

    /*!
        Makes \a client the client of every Telemetry singleton, in every QML
        engine, present and future; nullptr goes back to clients the
        singletons create from their own configuration. The client stays
        owned by the caller; when it is destroyed, the singletons let go of it.
        Call from the GUI thread.
    */
    static void setDefaultInstance(Telemetry *client);
    //! The client set with setDefaultInstance(), or nullptr.
    static Telemetry *defaultInstance();

    //! The client in use: the default instance, else the one this singleton created; may be nullptr.
    Telemetry *client() const;

    /*!
        The configuration of the client this singleton creates itself, every
        TelemetryConfig property by its own name (\c{Telemetry.config.projectName},
        \c{Telemetry.config.batchSize}, ...). Ignored while there is a default
        instance. Setting it (or one of its properties, from QML) replaces the
        client at the next turn of the event loop; shutdownTimeout also bounds
        how long replacing the client may take.
        \since 1.0
    */
    TelemetryConfig config() const;
    void setConfig(const TelemetryConfig &config);

    //! The name the texts use; empty means QCoreApplication::applicationName().
    QString applicationName() const;
    void setApplicationName(const QString &name);
    //! Every user-visible text, translated when read, for the client's configuration (ConsentTexts(const TelemetryConfig &, const QString &)); textsChanged() follows language changes.
    ConsentTexts texts() const;

    //! Whether there is a client.
    bool isReady() const;
    bool isEnabled() const;
    ConsentState consentState() const;
    bool needsConsent() const;
    bool isLockedByAdministrator() const;
    /*!
        What the consent user interfaces show and may do (ConsentController),
        following the client in use. The same object for the singleton's
        whole life.
        \since 1.0
    */
    ConsentController *consentController() const;
    int queueSize() const;
    QString userId() const;
    QString sessionId() const;
    //! Telemetry::status() of the client, refreshed when its state changes.
    QVariantMap status() const;
    //! Telemetry::samplePayload() of the client: what one report looks like.
    QString samplePayload() const;

    //! Creates (or re-creates) the client from the configuration now. Without a projectName and version, does nothing.
    Q_INVOKABLE void start();

    //! Records an event; \a attributes is a JavaScript object.
    Q_INVOKABLE void trackEvent(const QString &name, const QJSValue &attributes = QJSValue());
    /*!
        Records a metric. \a type is an Automagik.MetricType value or its
        name ("gauge", "counter", "histogram"); an object in its place is
        taken as the attributes.
    */
    Q_INVOKABLE void trackMetric(const QString &name, double value, const QJSValue &type = QJSValue(),
                                 const QJSValue &attributes = QJSValue());
    /*!
        Records a log record. \a severity is an Automagik.LogSeverity value
        or its name ("info", "warn", ...); an object in its place is taken as
        the attributes.
    */
    Q_INVOKABLE void trackLog(const QString &message, const QJSValue &severity = QJSValue(),
                              const QJSValue &attributes = QJSValue());
    //! Records an error given its type name and message.
    Q_INVOKABLE void trackError(const QString &errorType, const QString &message,
                                const QJSValue &context = QJSValue());

    /*!
        The audit log, oldest first: one map per request that left the
        machine, with time (a date), signal ("traces", "metrics", "logs"),
        items, bytes, size (bytes for humans), destination, body,
        bodyTruncated and summary (ConsentTexts::auditEntrySummary()).
        Reads the file: call it when auditLogChanged() says so, not in a binding loop.
    */
    Q_INVOKABLE QVariantList auditEntries() const;
    //! Deletes the audit log. Returns false if the file could not be removed.
    Q_INVOKABLE bool clearAuditLog();
    //! ConsentTexts::auditEntrySummary() for QML.
    Q_INVOKABLE QString auditEntrySummary(int items, const QString &kind, const QString &destination) const;

public Q_SLOTS:
    //! Sends what is queued now; flushFinished() tells the outcome.
    void flush();
    //! Telemetry::enable(): the user's yes.
    void enable();
    //! Telemetry::disable(): the user's no.
    void disable();
    //! enable() or disable().
    void setConsent(bool granted);

Q_SIGNALS:
    //! config() changed. \since 1.0
    void configChanged();
    void applicationNameChanged();
    //! The language, the application name or the client (and so its automatic signals) changed: read the texts again.
    void textsChanged();
    void readyChanged();
    void enabledChanged();
    //! consentState, needsConsent or lockedByAdministrator changed (as Telemetry::consentChanged()). \since 1.0
    void consentChanged();
    void queueSizeChanged();
    void userIdChanged();
    void sessionIdChanged();
    void statusChanged();
    void samplePayloadChanged();
    //! The audit log gained entries or was cleared: call auditEntries() again.
    void auditLogChanged();
    //! A batch was delivered (Telemetry::batchSent()).
    void batchSent(Automagik::TelemetrySignal signal, int items, qint64 bytes);
    //! A batch was given up (Telemetry::sendFailed()); deliveryFailed() also tells the kind of failure.
    void sendFailed(Automagik::TelemetrySignal signal, int items, const QString &reason);
    //! A flush() finished; \a delivered is false if any of its batches failed.
    void flushFinished(bool delivered);
    /*!
        A batch was given up, as sendFailed(), with the kind of failure:
        Telemetry::sendFailed() for QML. \a error is an Automagik.DeliveryError
        value (\c{Automagik.DeliveryError.RetriesExhausted}, ...); \a reason is
        for humans. Both signals are emitted for every failure.
        \since 1.1
    */
    void deliveryFailed(Automagik::TelemetrySignal signal, int items, Automagik::DeliveryError error,
                        const QString &reason);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    Q_DISABLE_COPY_MOVE(QmlTelemetry)
    friend class QmlTelemetryPrivate;
    const std::unique_ptr<QmlTelemetryPrivate> d;
};

} // namespace Automagik
