// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetryquick_export.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>

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
        configuration properties below are then ignored.
    \li A QML-only application sets projectName and version (and any other
        configuration property). The singleton creates its own client at the
        next turn of the event loop after projectName and version are both
        set, so every property assigned in the same script or
        Component.onCompleted is taken into account. start() creates it at
        once, and so does any track, consent or flush call made before that.
        Changing a configuration property later replaces the client (the old
        one delivers what it holds, within its shutdown deadline).
    \endlist

    Until there is a client nothing is recorded, enabled and needsConsent
    are false and samplePayload is empty.

    \section1 Attributes

    JavaScript objects and arrays become maps and lists of typed OTLP
    values. JavaScript has only one number type, so a number that is
    integral and within ±2^53 is sent as an integer (\c{{count: 3}} becomes
    intValue 3) and any other number as a double.

    Use it from the GUI thread only.
*/
class AUTOMAGIK_TELEMETRY_QUICK_EXPORT QmlTelemetry : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Telemetry)
    QML_SINGLETON

    // Configuration of the client the singleton creates itself (ignored with a default instance).
    Q_PROPERTY(QString projectName READ projectName WRITE setProjectName NOTIFY projectNameChanged FINAL)
    Q_PROPERTY(QString version READ version WRITE setVersion NOTIFY versionChanged FINAL)
    Q_PROPERTY(QString organization READ organization WRITE setOrganization NOTIFY organizationChanged FINAL)
    Q_PROPERTY(QUrl endpoint READ endpoint WRITE setEndpoint NOTIFY endpointChanged FINAL)
    Q_PROPERTY(int batchSize READ batchSize WRITE setBatchSize NOTIFY batchSizeChanged FINAL)
    Q_PROPERTY(int flushInterval READ flushInterval WRITE setFlushInterval NOTIFY flushIntervalChanged FINAL)
    Q_PROPERTY(int shutdownTimeout READ shutdownTimeout WRITE setShutdownTimeout NOTIFY shutdownTimeoutChanged FINAL)
    Q_PROPERTY(int consentPolicyVersion READ consentPolicyVersion WRITE setConsentPolicyVersion
                   NOTIFY consentPolicyVersionChanged FINAL)
    Q_PROPERTY(QString settingsFile READ settingsFile WRITE setSettingsFile NOTIFY settingsFileChanged FINAL)
    Q_PROPERTY(QString auditLogFile READ auditLogFile WRITE setAuditLogFile NOTIFY auditLogFileChanged FINAL)
    Q_PROPERTY(bool verbose READ isVerbose WRITE setVerbose NOTIFY verboseChanged FINAL)

    // Texts (both kinds of application).
    Q_PROPERTY(QString applicationName READ applicationName WRITE setApplicationName
                   NOTIFY applicationNameChanged FINAL)
    Q_PROPERTY(Automagik::ConsentTexts texts READ texts NOTIFY textsChanged FINAL)

    // The client's state.
    Q_PROPERTY(bool ready READ isReady NOTIFY readyChanged FINAL)
    Q_PROPERTY(bool enabled READ isEnabled NOTIFY enabledChanged FINAL)
    Q_PROPERTY(Automagik::ConsentState consentState READ consentState NOTIFY consentStateChanged FINAL)
    Q_PROPERTY(bool needsConsent READ needsConsent NOTIFY needsConsentChanged FINAL)
    Q_PROPERTY(bool lockedByAdministrator READ isLockedByAdministrator NOTIFY lockedByAdministratorChanged FINAL)
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

    QString projectName() const;
    void setProjectName(const QString &name);
    QString version() const;
    void setVersion(const QString &version);
    //! Empty means the library's default.
    QString organization() const;
    void setOrganization(const QString &organization);
    //! Empty means AUTOMAGIK_TELEMETRY_ENDPOINT, else TelemetryConfig::defaultEndpoint().
    QUrl endpoint() const;
    void setEndpoint(const QUrl &endpoint);
    int batchSize() const;
    void setBatchSize(int size);
    //! Milliseconds.
    int flushInterval() const;
    void setFlushInterval(int msecs);
    //! Milliseconds; also bounds how long replacing the client may take.
    int shutdownTimeout() const;
    void setShutdownTimeout(int msecs);
    int consentPolicyVersion() const;
    void setConsentPolicyVersion(int version);
    //! An INI file for the consent answer; empty means the application's QSettings.
    QString settingsFile() const;
    void setSettingsFile(const QString &path);
    //! Empty means AuditLog::defaultFilePath(projectName).
    QString auditLogFile() const;
    void setAuditLogFile(const QString &path);
    bool isVerbose() const;
    void setVerbose(bool verbose);

    //! The name the texts use; empty means QCoreApplication::applicationName().
    QString applicationName() const;
    void setApplicationName(const QString &name);
    //! Every user-visible text, translated when read; textsChanged() follows language changes.
    ConsentTexts texts() const;

    //! Whether there is a client.
    bool isReady() const;
    bool isEnabled() const;
    ConsentState consentState() const;
    bool needsConsent() const;
    bool isLockedByAdministrator() const;
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
    void projectNameChanged();
    void versionChanged();
    void organizationChanged();
    void endpointChanged();
    void batchSizeChanged();
    void flushIntervalChanged();
    void shutdownTimeoutChanged();
    void consentPolicyVersionChanged();
    void settingsFileChanged();
    void auditLogFileChanged();
    void verboseChanged();
    void applicationNameChanged();
    //! The language or the application name changed: read the texts again.
    void textsChanged();
    void readyChanged();
    void enabledChanged();
    void consentStateChanged();
    void needsConsentChanged();
    void lockedByAdministratorChanged();
    void queueSizeChanged();
    void userIdChanged();
    void sessionIdChanged();
    void statusChanged();
    void samplePayloadChanged();
    //! The audit log gained entries or was cleared: call auditEntries() again.
    void auditLogChanged();
    //! A batch was delivered (Telemetry::batchSent()).
    void batchSent(Automagik::TelemetrySignal signal, int items, qint64 bytes);
    //! A batch was given up (Telemetry::sendFailed()).
    void sendFailed(Automagik::TelemetrySignal signal, int items, const QString &reason);
    //! A flush() finished; \a delivered is false if any of its batches failed.
    void flushFinished(bool delivered);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    Q_DISABLE_COPY_MOVE(QmlTelemetry)
    friend class QmlTelemetryPrivate;
    const std::unique_ptr<QmlTelemetryPrivate> d;
};

} // namespace Automagik
