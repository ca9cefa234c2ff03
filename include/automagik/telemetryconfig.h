// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/privacy.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QMap>
#include <QtCore/QMetaType>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QUrl>

#include <chrono>

namespace Automagik {

class TelemetryConfigData;

/*!
    \class Automagik::TelemetryConfig
    \brief Options of a Telemetry client, with the defaults of the other
    Automagik Telemetry SDKs.

    An implicitly shared value type. Durations are milliseconds (int), with
    std::chrono overloads, as QTimer does. Environment variables are applied by
    resolved(), which Telemetry calls once at construction:

    \li AUTOMAGIK_TELEMETRY_ENDPOINT, _METRICS_ENDPOINT, _LOGS_ENDPOINT: used
        when the code left the endpoint empty (code wins).
    \li AUTOMAGIK_TELEMETRY_TIMEOUT (seconds, may be fractional): used when the
        code did not call setTimeout().
    \li AUTOMAGIK_TELEMETRY_BACKEND and the AUTOMAGIK_TELEMETRY_CLICKHOUSE_*
        variables: the environment wins over the code.
    \li AUTOMAGIK_TELEMETRY_VERBOSE=true turns verbose mode on.
    \li The standard OpenTelemetry variables (OTEL_EXPORTER_OTLP_*,
        OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) rank below the
        AUTOMAGIK_TELEMETRY_* variables that say the same thing. None of them
        can turn telemetry on.

    docs/configuration.md has the full precedence table.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_EXPORT TelemetryConfig
{
    Q_GADGET
    Q_PROPERTY(QString projectName READ projectName WRITE setProjectName FINAL)
    Q_PROPERTY(QString version READ version WRITE setVersion FINAL)
    Q_PROPERTY(QString organization READ organization WRITE setOrganization FINAL)
    Q_PROPERTY(Automagik::Backend backend READ backend WRITE setBackend FINAL)
    Q_PROPERTY(Automagik::OtlpProtocol otlpProtocol READ otlpProtocol WRITE setOtlpProtocol FINAL)
    Q_PROPERTY(QUrl endpoint READ endpoint WRITE setEndpoint FINAL)
    Q_PROPERTY(QUrl metricsEndpoint READ metricsEndpoint WRITE setMetricsEndpoint FINAL)
    Q_PROPERTY(QUrl logsEndpoint READ logsEndpoint WRITE setLogsEndpoint FINAL)
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout FINAL)
    Q_PROPERTY(int batchSize READ batchSize WRITE setBatchSize FINAL)
    Q_PROPERTY(int flushInterval READ flushInterval WRITE setFlushInterval FINAL)
    Q_PROPERTY(bool compressionEnabled READ isCompressionEnabled WRITE setCompressionEnabled FINAL)
    Q_PROPERTY(int compressionThreshold READ compressionThreshold WRITE setCompressionThreshold FINAL)
    Q_PROPERTY(int maxRetries READ maxRetries WRITE setMaxRetries FINAL)
    Q_PROPERTY(int retryBackoffBase READ retryBackoffBase WRITE setRetryBackoffBase FINAL)
    Q_PROPERTY(int maxRetryDelay READ maxRetryDelay WRITE setMaxRetryDelay FINAL)
    Q_PROPERTY(int shutdownTimeout READ shutdownTimeout WRITE setShutdownTimeout FINAL)
    Q_PROPERTY(int maxQueueSize READ maxQueueSize WRITE setMaxQueueSize FINAL)
    Q_PROPERTY(qint64 maxQueueBytes READ maxQueueBytes WRITE setMaxQueueBytes FINAL)
    Q_PROPERTY(bool spoolEnabled READ isSpoolEnabled WRITE setSpoolEnabled FINAL)
    Q_PROPERTY(QString spoolDirectory READ spoolDirectory WRITE setSpoolDirectory FINAL)
    Q_PROPERTY(qint64 maxSpoolBytes READ maxSpoolBytes WRITE setMaxSpoolBytes FINAL)
    Q_PROPERTY(qint64 maxSpoolAge READ maxSpoolAge WRITE setMaxSpoolAge FINAL)
    Q_PROPERTY(QString caCertificatesFile READ caCertificatesFile WRITE setCaCertificatesFile FINAL)
    Q_PROPERTY(QString clientCertificateFile READ clientCertificateFile WRITE setClientCertificateFile FINAL)
    Q_PROPERTY(QString clientKeyFile READ clientKeyFile WRITE setClientKeyFile FINAL)
    Q_PROPERTY(int maxAttributeCount READ maxAttributeCount WRITE setMaxAttributeCount FINAL)
    Q_PROPERTY(bool verbose READ isVerbose WRITE setVerbose FINAL)
    Q_PROPERTY(int consentPolicyVersion READ consentPolicyVersion WRITE setConsentPolicyVersion FINAL)
    Q_PROPERTY(QString settingsFile READ settingsFile WRITE setSettingsFile FINAL)
    Q_PROPERTY(bool shareUserIdWithOtherSdks READ shareUserIdWithOtherSdks WRITE setShareUserIdWithOtherSdks FINAL)
    Q_PROPERTY(bool auditLogEnabled READ isAuditLogEnabled WRITE setAuditLogEnabled FINAL)
    Q_PROPERTY(QString auditLogFile READ auditLogFile WRITE setAuditLogFile FINAL)
    Q_PROPERTY(bool pauseOnMeteredNetworks READ pausesOnMeteredNetworks WRITE setPauseOnMeteredNetworks FINAL)
    Q_PROPERTY(QUrl clickhouseEndpoint READ clickhouseEndpoint WRITE setClickhouseEndpoint FINAL)
    Q_PROPERTY(QString clickhouseDatabase READ clickhouseDatabase WRITE setClickhouseDatabase FINAL)
    Q_PROPERTY(QString clickhouseTable READ clickhouseTable WRITE setClickhouseTable FINAL)
    Q_PROPERTY(QString clickhouseMetricsTable READ clickhouseMetricsTable WRITE setClickhouseMetricsTable FINAL)
    Q_PROPERTY(QString clickhouseLogsTable READ clickhouseLogsTable WRITE setClickhouseLogsTable FINAL)
    Q_PROPERTY(QString clickhouseUsername READ clickhouseUsername WRITE setClickhouseUsername FINAL)
    Q_PROPERTY(QString clickhousePassword READ clickhousePassword WRITE setClickhousePassword FINAL)
    Q_PROPERTY(QString exportFile READ exportFile WRITE setExportFile FINAL)
    Q_PROPERTY(bool crashReportingEnabled READ isCrashReportingEnabled WRITE setCrashReportingEnabled FINAL)
    Q_PROPERTY(bool uncleanExitReportingEnabled READ isUncleanExitReportingEnabled WRITE setUncleanExitReportingEnabled FINAL)
    Q_PROPERTY(bool hangDetectionEnabled READ isHangDetectionEnabled WRITE setHangDetectionEnabled FINAL)
    Q_PROPERTY(int hangThreshold READ hangThreshold WRITE setHangThreshold FINAL)
    Q_PROPERTY(QStringList qtMessageCategories READ qtMessageCategories WRITE setQtMessageCategories FINAL)
    Q_PROPERTY(Automagik::LogSeverity qtMessageMinimumSeverity READ qtMessageMinimumSeverity WRITE setQtMessageMinimumSeverity FINAL)
    Q_PROPERTY(int qtMessageRateLimit READ qtMessageRateLimit WRITE setQtMessageRateLimit FINAL)
    Q_PROPERTY(int eventRateLimit READ eventRateLimit WRITE setEventRateLimit FINAL)
    Q_PROPERTY(bool sessionTrackingEnabled READ isSessionTrackingEnabled WRITE setSessionTrackingEnabled FINAL)
    Q_PROPERTY(bool environmentReportingEnabled READ isEnvironmentReportingEnabled WRITE setEnvironmentReportingEnabled FINAL)

public:
    //! The endpoint used when neither code nor environment names one.
    static QUrl defaultEndpoint();

    TelemetryConfig();
    //! A configuration for \a projectName at \a version, everything else default.
    TelemetryConfig(const QString &projectName, const QString &version);
    //! Copies \a other; cheap, the data is shared until one of them changes.
    TelemetryConfig(const TelemetryConfig &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    TelemetryConfig(TelemetryConfig &&other) noexcept;
    //! Copies \a other; cheap, the data is shared until one of them changes.
    TelemetryConfig &operator=(const TelemetryConfig &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    TelemetryConfig &operator=(TelemetryConfig &&other) noexcept;
    ~TelemetryConfig();

    //! Project name: service.name, project.name and the scope name. Required.
    QString projectName() const;
    //! Sets projectName(); the default spool and audit log are named after it, so keep it stable.
    void setProjectName(const QString &name);

    //! Project version: service.version and project.version. Required.
    QString version() const;
    //! Sets version(), usually the application's own.
    void setVersion(const QString &version);

    //! service.organization; default "namastex". An empty value restores the default.
    QString organization() const;
    //! Sets organization(); an empty or blank \a organization restores the default.
    void setOrganization(const QString &organization);

    //! Delivery backend; default Backend::Otlp. AUTOMAGIK_TELEMETRY_BACKEND wins.
    Backend backend() const;
    //! Sets backend(); AUTOMAGIK_TELEMETRY_BACKEND overrides it in resolved().
    void setBackend(Backend backend);

    /*!
        The encoding of OTLP requests; default OtlpProtocol::HttpJson.
        OTEL_EXPORTER_OTLP_PROTOCOL applies when the code did not call
        setOtlpProtocol().

        \since 1.1
    */
    OtlpProtocol otlpProtocol() const;
    /*!
        Sets otlpProtocol() to \a protocol; OTEL_EXPORTER_OTLP_PROTOCOL then
        no longer applies.

        \since 1.1
    */
    void setOtlpProtocol(OtlpProtocol protocol);

    /*!
        The OTLP endpoint: either a base URL (".../v1/traces" etc. are
        appended) or the full traces URL ending in /traces. Empty (the
        default) means AUTOMAGIK_TELEMETRY_ENDPOINT, else the
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT
        variables, else defaultEndpoint(). After resolved() this is the
        traces URL.
    */
    QUrl endpoint() const;
    //! Sets endpoint(); an empty URL leaves it to AUTOMAGIK_TELEMETRY_ENDPOINT or the default.
    void setEndpoint(const QUrl &endpoint);

    //! Full metrics URL; empty means the env variable, else derived from endpoint().
    QUrl metricsEndpoint() const;
    //! Sets metricsEndpoint(), for a collector with its own path per signal.
    void setMetricsEndpoint(const QUrl &endpoint);

    //! Full logs URL; empty means the env variable, else derived from endpoint().
    QUrl logsEndpoint() const;
    //! Sets logsEndpoint(), for a collector with its own path per signal.
    void setLogsEndpoint(const QUrl &endpoint);

    //! Per-attempt HTTP timeout in milliseconds; default 5000.
    int timeout() const;
    //! timeout() as a std::chrono duration.
    std::chrono::milliseconds timeoutAsDuration() const;
    /*!
        Sets timeout(); 0 or less restores the default (it would abort every
        request). Once set by code, AUTOMAGIK_TELEMETRY_TIMEOUT and
        OTEL_EXPORTER_OTLP_TIMEOUT no longer apply.
    */
    void setTimeout(int msecs);
    //! Like setTimeout(int), with a std::chrono duration.
    void setTimeout(std::chrono::milliseconds timeout);

    //! Records per request and signal; default 100. 1 (or less) sends each record at once.
    int batchSize() const;
    //! Sets batchSize(); values below 1 count as 1.
    void setBatchSize(int size);

    //! How often partial batches are sent, in milliseconds; default 5000.
    int flushInterval() const;
    //! flushInterval() as a std::chrono duration.
    std::chrono::milliseconds flushIntervalAsDuration() const;
    //! Sets flushInterval(); values below 1 count as 1.
    void setFlushInterval(int msecs);
    //! Like setFlushInterval(int), with a std::chrono duration.
    void setFlushInterval(std::chrono::milliseconds interval);

    /*!
        Whether bodies larger than compressionThreshold() are gzipped; default
        true. OTEL_EXPORTER_OTLP_COMPRESSION (gzip or none) applies when the
        code did not call setCompressionEnabled().
    */
    bool isCompressionEnabled() const;
    //! Sets isCompressionEnabled(); turn it off only for a backend that cannot read gzip.
    void setCompressionEnabled(bool enabled);

    //! Body size in bytes above which gzip is used; default 1024.
    int compressionThreshold() const;
    //! Sets compressionThreshold(); negative values count as 0.
    void setCompressionThreshold(int bytes);

    //! Retries after the first attempt; default 3. 0 means a single attempt.
    int maxRetries() const;
    //! Sets maxRetries(); negative values count as 0.
    void setMaxRetries(int retries);

    //! First retry delay in milliseconds, doubled per retry, with jitter; default 1000.
    int retryBackoffBase() const;
    //! retryBackoffBase() as a std::chrono duration.
    std::chrono::milliseconds retryBackoffBaseAsDuration() const;
    //! Sets retryBackoffBase(); negative values count as 0.
    void setRetryBackoffBase(int msecs);
    //! Like setRetryBackoffBase(int), with a std::chrono duration.
    void setRetryBackoffBase(std::chrono::milliseconds base);

    //! Cap on any single retry delay, including a server's Retry-After; default 60000 ms.
    int maxRetryDelay() const;
    //! Sets maxRetryDelay(); negative values count as 0.
    void setMaxRetryDelay(int msecs);

    //! Deadline of the shutdown flush at application exit, in milliseconds; default 2000.
    int shutdownTimeout() const;
    //! Sets shutdownTimeout(); negative values count as 0.
    void setShutdownTimeout(int msecs);

    //! Records held in memory awaiting a batch before new ones are dropped; default 1000000 (maxQueueBytes() binds first).
    int maxQueueSize() const;
    //! Sets maxQueueSize(); values below 1 count as 1.
    void setMaxQueueSize(int records);

    /*!
        Bytes of records held in memory awaiting a batch before new ones are
        dropped (their size as the allocator holds it, estimated at the call);
        default 160 MiB, room for a burst of 200,000 events of four attributes.
        Memory is used only while a burst waits for the worker.
    */
    qint64 maxQueueBytes() const;
    //! Sets maxQueueBytes(); values below 64 KiB count as 64 KiB.
    void setMaxQueueBytes(qint64 bytes);

    /*!
        Whether every encoded batch is written to disk before it is sent and
        kept there until the backend acknowledges it, so that what could not
        be delivered is sent by the next run; default true.
    */
    bool isSpoolEnabled() const;
    //! Sets isSpoolEnabled(); without the spool, what is undelivered at exit is lost.
    void setSpoolEnabled(bool enabled);

    /*!
        The spool's directory. Empty (the default) means
        `<AppLocalDataLocation>/automagik-telemetry/<projectName>/spool`.
        AUTOMAGIK_TELEMETRY_SPOOL_DIR overrides it.
    */
    QString spoolDirectory() const;
    //! Sets spoolDirectory(); an empty \a path means the default.
    void setSpoolDirectory(const QString &path);

    //! Bytes the spool may hold; the oldest batches are dropped beyond it. Default 32 MiB.
    qint64 maxSpoolBytes() const;
    //! Sets maxSpoolBytes(); negative values count as 0.
    void setMaxSpoolBytes(qint64 bytes);

    //! Age in milliseconds after which an undelivered batch is dropped; default 7 days.
    qint64 maxSpoolAge() const;
    //! Sets maxSpoolAge(); negative values count as 0.
    void setMaxSpoolAge(qint64 msecs);

    /*!
        A PEM file of certificate authorities trusted for https endpoints in
        addition to the system's (a private collector's CA). Empty by default.
    */
    QString caCertificatesFile() const;
    //! Sets caCertificatesFile(); an empty \a path trusts the system's authorities alone (or OTEL_EXPORTER_OTLP_CERTIFICATE's).
    void setCaCertificatesFile(const QString &path);

    /*!
        For mutual TLS: a PEM file with the client certificate presented to
        https endpoints (followed by its intermediate certificates, if any).
        Used together with clientKeyFile(). Empty by default, which means
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY.

        \since 1.1
    */
    QString clientCertificateFile() const;
    /*!
        Sets clientCertificateFile() to \a path.

        \since 1.1
    */
    void setClientCertificateFile(const QString &path);

    /*!
        For mutual TLS: the unencrypted PEM private key of
        clientCertificateFile(). Keep it readable by the user alone.

        \since 1.1
    */
    QString clientKeyFile() const;
    /*!
        Sets clientKeyFile() to \a path.

        \since 1.1
    */
    void setClientKeyFile(const QString &path);

    //! Attributes kept per record (OpenTelemetry's default limit); default 128.
    int maxAttributeCount() const;
    //! Sets maxAttributeCount(); negative values count as 0.
    void setMaxAttributeCount(int count);

    //! Describes each batch on the automagik.telemetry logging category; default false.
    bool isVerbose() const;
    //! Sets isVerbose(); AUTOMAGIK_TELEMETRY_VERBOSE=true turns it on whatever the code says.
    void setVerbose(bool verbose);

    /*!
        The version of the application's telemetry policy the user is asked
        to agree to; default 1. A stored answer given for an older version
        no longer counts: Consent::needsConsent() is true again.
    */
    int consentPolicyVersion() const;
    //! Sets consentPolicyVersion(); values below 1 count as 1. Raise it when what is collected changes.
    void setConsentPolicyVersion(int version);

    /*!
        Where the consent answer and the anonymous user id are stored: an INI
        file. Empty (the default) means QSettings of the application
        (organization and application name, native format).
    */
    QString settingsFile() const;
    //! Sets settingsFile(); an empty \a path means the application's QSettings.
    void setSettingsFile(const QString &path);

    /*!
        Use the user id file the Python and TypeScript SDKs share,
        ~/.automagik/user_id, instead of an id of this application's own.
        Off by default: it links this application's data to other tools'.
    */
    bool shareUserIdWithOtherSdks() const;
    //! Sets shareUserIdWithOtherSdks(); tell the user, since it links this application's data to other tools'.
    void setShareUserIdWithOtherSdks(bool share);

    //! Whether every delivered request is recorded in the local AuditLog; default true.
    bool isAuditLogEnabled() const;
    //! Sets isAuditLogEnabled(); turned off, the user has no local record of what was sent.
    void setAuditLogEnabled(bool enabled);

    /*!
        Whether delivery also pauses while the system reports a metered connection (a mobile
        hotspot, a capped plan); default false. Batches wait in the spool and go out as soon as
        the connection is no longer metered; no retry is spent meanwhile. Delivery always pauses
        while the system reports no network at all, whatever this says.

        Both follow the application's QNetworkInformation: load it once on the application's
        thread (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability));
        the client never loads it itself. Metered needs Qt 6.6 or later
        (QNetworkInformation::isMetered() from a backend that reports it); with an older Qt it is
        accepted and has no effect. See docs/automatic-signals.md, "Networks".
        \since 1.1
    */
    bool pausesOnMeteredNetworks() const;
    //! Sets pausesOnMeteredNetworks(); ask the user, or offer it as a setting.
    void setPauseOnMeteredNetworks(bool pause);

    //! The audit log's file; empty (the default) means AuditLog::defaultFilePath(projectName()).
    QString auditLogFile() const;
    //! Sets auditLogFile(); an empty \a path means the default.
    void setAuditLogFile(const QString &path);

    //! The sanitizer applied to every attribute, log and error message; default: every category on.
    Privacy privacy() const;
    //! Sets privacy(); a copy is kept, later changes to \a privacy do not reach this configuration.
    void setPrivacy(const Privacy &privacy);

    /*!
        Extra HTTP headers for every OTLP request (authentication, tenant).
        Never logged. resolved() adds the headers of
        OTEL_EXPORTER_OTLP_HEADERS whose names are not set here.
    */
    QMap<QByteArray, QByteArray> headers() const;
    //! Replaces headers() with \a headers.
    void setHeaders(const QMap<QByteArray, QByteArray> &headers);

    /*!
        Extra HTTP headers for the OTLP requests of \a signal alone; they
        replace headers() of the same name. resolved() adds those of
        OTEL_EXPORTER_OTLP_TRACES_HEADERS (METRICS, LOGS) that the code did
        not set.

        \since 1.1
    */
    QMap<QByteArray, QByteArray> signalHeaders(TelemetrySignal signal) const;
    /*!
        Replaces signalHeaders() of \a signal with \a headers.

        \since 1.1
    */
    void setSignalHeaders(TelemetrySignal signal, const QMap<QByteArray, QByteArray> &headers);
    /*!
        The headers sent with the requests of \a signal: headers() with
        signalHeaders() on top. Names compare case-insensitively, as HTTP's do.

        \since 1.1
    */
    QMap<QByteArray, QByteArray> headersFor(TelemetrySignal signal) const;

    /*!
        Extra resource attributes describing where the application runs, such
        as deployment.environment; service.name here replaces projectName() as
        the service name. Attributes the library sets itself (telemetry.sdk.*,
        project.*, user.id, session.id, service.instance.id) are never
        replaced. resolved() adds OTEL_RESOURCE_ATTRIBUTES and
        OTEL_SERVICE_NAME, which win over the code for the same key.

        \since 1.1
    */
    QMap<QString, QString> resourceAttributes() const;
    /*!
        Replaces resourceAttributes() with \a attributes.

        \since 1.1
    */
    void setResourceAttributes(const QMap<QString, QString> &attributes);

    //! ClickHouse HTTP interface; default http://localhost:8123.
    QUrl clickhouseEndpoint() const;
    //! Sets clickhouseEndpoint(); AUTOMAGIK_TELEMETRY_CLICKHOUSE_ENDPOINT wins.
    void setClickhouseEndpoint(const QUrl &endpoint);
    //! ClickHouse database; default "telemetry".
    QString clickhouseDatabase() const;
    //! Sets clickhouseDatabase(), a plain identifier (else validationError() says so); the environment wins.
    void setClickhouseDatabase(const QString &database);
    //! ClickHouse traces table; default "traces".
    QString clickhouseTable() const;
    //! Sets clickhouseTable(): a plain identifier; the environment wins.
    void setClickhouseTable(const QString &table);
    //! ClickHouse metrics table; default "metrics".
    QString clickhouseMetricsTable() const;
    //! Sets clickhouseMetricsTable(): a plain identifier; the environment wins.
    void setClickhouseMetricsTable(const QString &table);
    //! ClickHouse logs table; default "logs".
    QString clickhouseLogsTable() const;
    //! Sets clickhouseLogsTable(): a plain identifier; the environment wins.
    void setClickhouseLogsTable(const QString &table);
    //! ClickHouse user; default "default".
    QString clickhouseUsername() const;
    //! Sets clickhouseUsername(); the environment wins.
    void setClickhouseUsername(const QString &username);
    //! ClickHouse password; default empty.
    QString clickhousePassword() const;
    //! Sets clickhousePassword(); sent in a request header, never logged. The environment wins.
    void setClickhousePassword(const QString &password);

    /*!
        The file Backend::File appends to: one OTLP JSON request per line, the
        OpenTelemetry collector's file format. Created readable by the user
        only. No default: Backend::File without a file is a configuration
        error. AUTOMAGIK_TELEMETRY_EXPORT_FILE wins.
    */
    QString exportFile() const;
    //! Sets exportFile(); AUTOMAGIK_TELEMETRY_EXPORT_FILE wins.
    void setExportFile(const QString &path);

    /*!
        Whether fatal signals (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL) are
        recorded; default false. A handler writes a small crash record next
        to the spool and lets the process die as it would have; the next run
        sends it as an error of type "Crash", when Diagnostics are consented,
        and deletes it in any case. One handler per process: the first client
        that turns this on installs it. Unix only. docs/automatic-signals.md
        lists what is recorded.

        \since 1.1
    */
    bool isCrashReportingEnabled() const;
    /*!
        Sets isCrashReportingEnabled() to \a enabled.

        \since 1.1
    */
    void setCrashReportingEnabled(bool enabled);

    /*!
        Whether a run that ended without Telemetry::shutdown() (killed, frozen
        and ended by the user, power lost) is reported by the next run, as an
        error of type "UncleanExit" with how long the run lasted; default
        false. Sent only when Diagnostics are consented. Unix only.

        \since 1.1
    */
    bool isUncleanExitReportingEnabled() const;
    /*!
        Sets isUncleanExitReportingEnabled() to \a enabled.

        \since 1.1
    */
    void setUncleanExitReportingEnabled(bool enabled);

    /*!
        Whether the thread the client lives in (normally the GUI thread) not
        answering its event loop for longer than hangThreshold() is reported,
        as an error of type "Hang" with the hang's duration
        (hang.duration_ms), once per hang, when the thread answers again;
        default false. Sent only when Diagnostics are consented. Costs one
        timer tick on that thread every hangThreshold() / 5 (at most every
        second) and a watchdog thread that wakes as often, while Diagnostics
        are consented. docs/automatic-signals.md has the details.

        \since 1.1
    */
    bool isHangDetectionEnabled() const;
    /*!
        Sets isHangDetectionEnabled() to \a enabled.

        \since 1.1
    */
    void setHangDetectionEnabled(bool enabled);

    /*!
        How long, in milliseconds, the watched thread may not answer before
        it counts as a hang; default 5000.

        \since 1.1
    */
    int hangThreshold() const;
    /*!
        hangThreshold() as a std::chrono duration.

        \since 1.1
    */
    std::chrono::milliseconds hangThresholdAsDuration() const;
    /*!
        Sets hangThreshold() to \a msecs; values below 50 count as 50.

        \since 1.1
    */
    void setHangThreshold(int msecs);
    /*!
        Like setHangThreshold(int), with a std::chrono duration.

        \since 1.1
    */
    void setHangThreshold(std::chrono::milliseconds threshold);

    /*!
        The logging categories whose Qt messages (qCWarning(), qCCritical(),
        and qWarning(), qCritical(), qFatal(), whose category is "default")
        of at least qtMessageMinimumSeverity() become log records; empty (the
        default) forwards none. Each entry is a category name, "prefix*",
        "*suffix" or "*" for every category. The library's own categories
        (automagik.telemetry*) are never forwarded. Messages go through the
        same sanitizer as every log record, only while Diagnostics are
        consented, at most qtMessageRateLimit() a minute; the message handler
        installed before is still called, and it is put back at shutdown.
        docs/automatic-signals.md has the details.

        \since 1.1
    */
    QStringList qtMessageCategories() const;
    /*!
        Sets qtMessageCategories() to \a categories.

        \since 1.1
    */
    void setQtMessageCategories(const QStringList &categories);

    /*!
        The least severe Qt message forwarded: LogSeverity::Warn (the default,
        qWarning), LogSeverity::Error (qCritical) or LogSeverity::Fatal
        (qFatal).

        \since 1.1
    */
    LogSeverity qtMessageMinimumSeverity() const;
    /*!
        Sets qtMessageMinimumSeverity() to \a severity; below Warn counts as
        Warn (debug and info messages are never forwarded), above Fatal as
        Fatal.

        \since 1.1
    */
    void setQtMessageMinimumSeverity(LogSeverity severity);

    /*!
        How many Qt messages a minute at most become log records; default 60.
        A burst of that many passes at once, then one every 60 / limit
        seconds. The next forwarded message counts those left out in its
        rate_limit.dropped attribute.

        \since 1.1
    */
    int qtMessageRateLimit() const;
    /*!
        Sets qtMessageRateLimit() to \a messagesPerMinute; values below 1
        count as 1.

        \since 1.1
    */
    void setQtMessageRateLimit(int messagesPerMinute);

    /*!
        How many events of one name are kept per minute at most, so that a
        loop calling Telemetry::trackEvent() cannot flood the backend; 0 (the
        default) means no limit. A token bucket per event name: a burst of
        that many passes at once, then one every 60 / limit seconds. Events
        left out count in Telemetry::droppedCount() (traces), and the next
        event of that name that is kept carries how many in its
        rate_limit.dropped attribute. Applied after eventSamplingRates().

        \since 1.1
    */
    int eventRateLimit() const;
    /*!
        Sets eventRateLimit() to \a eventsPerMinute; 0 or less means no limit.

        \since 1.1
    */
    void setEventRateLimit(int eventsPerMinute);

    /*!
        The share of the events of a name that is kept, between 0 (none) and
        1 (all), by event name; the entry "*" applies to the names not
        listed. Empty (the default) keeps every event. Each event is kept or
        not at random; a kept event of a name sampled below 1 carries the
        rate in its sampling.rate attribute, so the backend can weigh it by
        1 / rate. Events sampled out are not counted as dropped.

        \since 1.1
    */
    QMap<QString, double> eventSamplingRates() const;
    /*!
        Replaces eventSamplingRates() with \a rates; each rate is bounded to
        0 to 1 (not a number counts as 1).

        \since 1.1
    */
    void setEventSamplingRates(const QMap<QString, double> &rates);

    /*!
        Whether the client reports the application's sessions; default false.
        Once per client run, an event "automagik.session.start" when the
        application's first window is exposed (at once in an application
        without windows), with the time from the process start to that moment
        (session.startup_ms) and how many runs of the application have
        started with this user's consent (session.start_count, a counter kept
        in the consent's settings and removed with a withdrawal); and at
        Telemetry::shutdown() an event "automagik.session.end" with the
        session's duration (session.duration_ms) and how much of it the
        application was active (session.active_ms). Events, so sent only
        while UsageEvents are consented; nothing is counted or stored before.
        docs/automatic-signals.md has the details.

        \since 1.1
    */
    bool isSessionTrackingEnabled() const;
    /*!
        Sets isSessionTrackingEnabled() to \a enabled.

        \since 1.1
    */
    void setSessionTrackingEnabled(bool enabled);

    /*!
        Whether the client describes, once per client run, the environment
        the application's user interface runs in; default false. One event
        "automagik.environment" with the Qt platform plugin, the number of
        screens (on Unix), the primary screen's size, device pixel ratio and
        logical DPI, the user interface language and, for a QApplication, the
        widget style; sent when the application's first window is exposed (at
        once in an application without windows). The operating system and the Qt
        version are not repeated: every record's resource carries them
        (os.type, os.version, process.runtime.version). An event, so sent
        only while UsageEvents are consented. docs/automatic-signals.md has
        the details.

        \since 1.1
    */
    bool isEnvironmentReportingEnabled() const;
    /*!
        Sets isEnvironmentReportingEnabled() to \a enabled.

        \since 1.1
    */
    void setEnvironmentReportingEnabled(bool enabled);

    /*!
        Returns this configuration with \a environment applied and the three
        OTLP endpoints derived, as the other SDKs do. endpoint() of the result
        is the traces URL.
    */
    TelemetryConfig resolved(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment()) const;

    //! Returns the endpoint of \a signal. Meaningful on a resolved() configuration.
    QUrl endpointFor(TelemetrySignal signal) const;

    /*!
        Returns an empty string when this configuration can deliver, else a
        sentence saying what is wrong (for example a malformed endpoint).
    */
    QString validationError() const;

    //! Whether every option equals that of \a other.
    bool operator==(const TelemetryConfig &other) const;
    //! Whether any option differs from \a other.
    bool operator!=(const TelemetryConfig &other) const { return !(*this == other); }

private:
    QSharedDataPointer<TelemetryConfigData> d;
};

} // namespace Automagik

Q_DECLARE_METATYPE(Automagik::TelemetryConfig)
