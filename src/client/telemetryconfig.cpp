// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/telemetryconfig.h>

#include "client/otelenvironment.h"
#include "encoding/clickhouseencoder.h"

#include <QtCore/QSharedData>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace Automagik {

class TelemetryConfigData : public QSharedData
{
public:
    QString projectName;
    QString version;
    QString organization = QStringLiteral("namastex");
    Backend backend = Backend::Otlp;
    OtlpProtocol otlpProtocol = OtlpProtocol::HttpJson;
    bool protocolSetByCode = false;
    QUrl endpoint;
    bool endpointResolved = false; // endpoint is the traces URL resolved() chose: not derived again
    QUrl metricsEndpoint;
    QUrl logsEndpoint;
    int timeout = 5000;
    bool timeoutSetByCode = false; // the env variable only fills in what the code left alone
    int batchSize = 100;
    int flushInterval = 5000;
    bool compressionEnabled = true;
    bool compressionSetByCode = false;
    int compressionThreshold = 1024;
    int maxRetries = 3;
    int retryBackoffBase = 1000;
    int maxRetryDelay = 60000;
    int shutdownTimeout = 2000;
    int maxQueueSize = 1000000; // a backstop for tiny records: maxQueueBytes is the bound that matters
    qint64 maxQueueBytes = qint64(160) * 1024 * 1024; // a burst of 200,000 typical events (~670 bytes each)
    bool spoolEnabled = true;
    QString spoolDirectory;
    qint64 maxSpoolBytes = qint64(32) * 1024 * 1024; // the same burst, encoded (~52 bytes an event)
    qint64 maxSpoolAge = qint64(7) * 24 * 3600 * 1000;
    QString caCertificatesFile;
    QString clientCertificateFile;
    QString clientKeyFile;
    int maxAttributeCount = 128;
    bool verbose = false;
    int consentPolicyVersion = 1;
    QString settingsFile;
    bool shareUserIdWithOtherSdks = false;
    bool auditLogEnabled = true;
    QString auditLogFile;
    bool pauseOnMeteredNetworks = false;
    Privacy privacy;
    QMap<QByteArray, QByteArray> headers;
    std::array<QMap<QByteArray, QByteArray>, 3> signalHeaders; // TelemetrySignal order
    QMap<QString, QString> resourceAttributes;
    QUrl clickhouseEndpoint = QUrl(QStringLiteral("http://localhost:8123"));
    QString clickhouseDatabase = QStringLiteral("telemetry");
    QString clickhouseTable = QStringLiteral("traces");
    QString clickhouseMetricsTable = QStringLiteral("metrics");
    QString clickhouseLogsTable = QStringLiteral("logs");
    QString clickhouseUsername = QStringLiteral("default");
    QString clickhousePassword;
    QString exportFile;
    bool crashReportingEnabled = false;
    bool uncleanExitReportingEnabled = false;
    bool hangDetectionEnabled = false;
    int hangThreshold = 5000;
    QStringList qtMessageCategories;
    LogSeverity qtMessageMinimumSeverity = LogSeverity::Warn;
    int qtMessageRateLimit = 60;
    int eventRateLimit = 0;
    QMap<QString, double> eventSamplingRates;
    bool sessionTrackingEnabled = false;
    bool environmentReportingEnabled = false;

    bool operator==(const TelemetryConfigData &o) const
    {
        return projectName == o.projectName && version == o.version && organization == o.organization
            && backend == o.backend && otlpProtocol == o.otlpProtocol && endpoint == o.endpoint && metricsEndpoint == o.metricsEndpoint
            && logsEndpoint == o.logsEndpoint && timeout == o.timeout && batchSize == o.batchSize
            && flushInterval == o.flushInterval && compressionEnabled == o.compressionEnabled
            && compressionThreshold == o.compressionThreshold && maxRetries == o.maxRetries
            && retryBackoffBase == o.retryBackoffBase && maxRetryDelay == o.maxRetryDelay
            && shutdownTimeout == o.shutdownTimeout && maxQueueSize == o.maxQueueSize
            && maxAttributeCount == o.maxAttributeCount && verbose == o.verbose && headers == o.headers
            && consentPolicyVersion == o.consentPolicyVersion && settingsFile == o.settingsFile
            && shareUserIdWithOtherSdks == o.shareUserIdWithOtherSdks && auditLogEnabled == o.auditLogEnabled
            && pauseOnMeteredNetworks == o.pauseOnMeteredNetworks
            && auditLogFile == o.auditLogFile && maxQueueBytes == o.maxQueueBytes && spoolEnabled == o.spoolEnabled
            && spoolDirectory == o.spoolDirectory && maxSpoolBytes == o.maxSpoolBytes && maxSpoolAge == o.maxSpoolAge
            && caCertificatesFile == o.caCertificatesFile && clientCertificateFile == o.clientCertificateFile
            && clientKeyFile == o.clientKeyFile && signalHeaders == o.signalHeaders
            && resourceAttributes == o.resourceAttributes
            && clickhouseEndpoint == o.clickhouseEndpoint && clickhouseDatabase == o.clickhouseDatabase
            && clickhouseTable == o.clickhouseTable && clickhouseMetricsTable == o.clickhouseMetricsTable
            && clickhouseLogsTable == o.clickhouseLogsTable && clickhouseUsername == o.clickhouseUsername
            && clickhousePassword == o.clickhousePassword && exportFile == o.exportFile
            && crashReportingEnabled == o.crashReportingEnabled
            && uncleanExitReportingEnabled == o.uncleanExitReportingEnabled
            && hangDetectionEnabled == o.hangDetectionEnabled && hangThreshold == o.hangThreshold
            && qtMessageCategories == o.qtMessageCategories && qtMessageMinimumSeverity == o.qtMessageMinimumSeverity
            && qtMessageRateLimit == o.qtMessageRateLimit && eventRateLimit == o.eventRateLimit
            && eventSamplingRates == o.eventSamplingRates && sessionTrackingEnabled == o.sessionTrackingEnabled
            && environmentReportingEnabled == o.environmentReportingEnabled;
    }
};

QUrl TelemetryConfig::defaultEndpoint()
{
    return QUrl(QStringLiteral("https://telemetry.namastex.ai"));
}

TelemetryConfig::TelemetryConfig()
    : d(new TelemetryConfigData)
{
}

TelemetryConfig::TelemetryConfig(const QString &projectName, const QString &version)
    : d(new TelemetryConfigData)
{
    d->projectName = projectName;
    d->version = version;
}

TelemetryConfig::TelemetryConfig(const TelemetryConfig &other) = default;
TelemetryConfig::TelemetryConfig(TelemetryConfig &&other) noexcept = default;
TelemetryConfig &TelemetryConfig::operator=(const TelemetryConfig &other) = default;
TelemetryConfig &TelemetryConfig::operator=(TelemetryConfig &&other) noexcept = default;
TelemetryConfig::~TelemetryConfig() = default;

bool TelemetryConfig::operator==(const TelemetryConfig &other) const
{
    return d == other.d || *d == *other.d;
}

#define AUTOMAGIK_ACCESSOR(Type, getter, setter, member)                                                              \
    Type TelemetryConfig::getter() const { return d->member; }                                                       \
    void TelemetryConfig::setter(const Type &value) { d->member = value; }

AUTOMAGIK_ACCESSOR(QString, projectName, setProjectName, projectName)
AUTOMAGIK_ACCESSOR(QString, version, setVersion, version)
AUTOMAGIK_ACCESSOR(QUrl, metricsEndpoint, setMetricsEndpoint, metricsEndpoint)
AUTOMAGIK_ACCESSOR(QUrl, logsEndpoint, setLogsEndpoint, logsEndpoint)
AUTOMAGIK_ACCESSOR(QUrl, clickhouseEndpoint, setClickhouseEndpoint, clickhouseEndpoint)
AUTOMAGIK_ACCESSOR(QString, clickhouseDatabase, setClickhouseDatabase, clickhouseDatabase)
AUTOMAGIK_ACCESSOR(QString, clickhouseTable, setClickhouseTable, clickhouseTable)
AUTOMAGIK_ACCESSOR(QString, clickhouseMetricsTable, setClickhouseMetricsTable, clickhouseMetricsTable)
AUTOMAGIK_ACCESSOR(QString, clickhouseLogsTable, setClickhouseLogsTable, clickhouseLogsTable)
AUTOMAGIK_ACCESSOR(QString, clickhouseUsername, setClickhouseUsername, clickhouseUsername)
AUTOMAGIK_ACCESSOR(QString, clickhousePassword, setClickhousePassword, clickhousePassword)
AUTOMAGIK_ACCESSOR(QString, exportFile, setExportFile, exportFile)
AUTOMAGIK_ACCESSOR(QString, clientCertificateFile, setClientCertificateFile, clientCertificateFile)
AUTOMAGIK_ACCESSOR(QString, clientKeyFile, setClientKeyFile, clientKeyFile)
#undef AUTOMAGIK_ACCESSOR

bool TelemetryConfig::isCrashReportingEnabled() const { return d->crashReportingEnabled; }
void TelemetryConfig::setCrashReportingEnabled(bool enabled) { d->crashReportingEnabled = enabled; }

bool TelemetryConfig::isUncleanExitReportingEnabled() const { return d->uncleanExitReportingEnabled; }
void TelemetryConfig::setUncleanExitReportingEnabled(bool enabled) { d->uncleanExitReportingEnabled = enabled; }

bool TelemetryConfig::isHangDetectionEnabled() const { return d->hangDetectionEnabled; }
void TelemetryConfig::setHangDetectionEnabled(bool enabled) { d->hangDetectionEnabled = enabled; }

int TelemetryConfig::hangThreshold() const { return d->hangThreshold; }
std::chrono::milliseconds TelemetryConfig::hangThresholdAsDuration() const
{
    return std::chrono::milliseconds(d->hangThreshold);
}
// Below 50 ms a hang cannot be told from a busy frame, and the heartbeat would tick every 10 ms.
void TelemetryConfig::setHangThreshold(int msecs) { d->hangThreshold = qMax(50, msecs); }
void TelemetryConfig::setHangThreshold(std::chrono::milliseconds threshold)
{
    setHangThreshold(int(std::clamp<qint64>(threshold.count(), 0, std::numeric_limits<int>::max())));
}

QStringList TelemetryConfig::qtMessageCategories() const { return d->qtMessageCategories; }
void TelemetryConfig::setQtMessageCategories(const QStringList &categories) { d->qtMessageCategories = categories; }

LogSeverity TelemetryConfig::qtMessageMinimumSeverity() const { return d->qtMessageMinimumSeverity; }
void TelemetryConfig::setQtMessageMinimumSeverity(LogSeverity severity)
{
    d->qtMessageMinimumSeverity = severity <= LogSeverity::Warn ? LogSeverity::Warn
        : severity <= LogSeverity::Error                        ? LogSeverity::Error
                                                                : LogSeverity::Fatal;
}

int TelemetryConfig::qtMessageRateLimit() const { return d->qtMessageRateLimit; }
void TelemetryConfig::setQtMessageRateLimit(int messagesPerMinute) { d->qtMessageRateLimit = qMax(1, messagesPerMinute); }

int TelemetryConfig::eventRateLimit() const { return d->eventRateLimit; }
void TelemetryConfig::setEventRateLimit(int eventsPerMinute) { d->eventRateLimit = qMax(0, eventsPerMinute); }

QMap<QString, double> TelemetryConfig::eventSamplingRates() const { return d->eventSamplingRates; }
void TelemetryConfig::setEventSamplingRates(const QMap<QString, double> &rates)
{
    d->eventSamplingRates.clear();
    for (auto it = rates.cbegin(); it != rates.cend(); ++it)
        d->eventSamplingRates.insert(it.key(), std::isnan(it.value()) ? 1.0 : qBound(0.0, it.value(), 1.0));
}

bool TelemetryConfig::isSessionTrackingEnabled() const { return d->sessionTrackingEnabled; }
void TelemetryConfig::setSessionTrackingEnabled(bool enabled) { d->sessionTrackingEnabled = enabled; }

bool TelemetryConfig::isEnvironmentReportingEnabled() const { return d->environmentReportingEnabled; }
void TelemetryConfig::setEnvironmentReportingEnabled(bool enabled) { d->environmentReportingEnabled = enabled; }

QString TelemetryConfig::organization() const { return d->organization; }
void TelemetryConfig::setOrganization(const QString &organization)
{
    d->organization = organization.trimmed().isEmpty() ? QStringLiteral("namastex") : organization;
}

Backend TelemetryConfig::backend() const { return d->backend; }
void TelemetryConfig::setBackend(Backend backend) { d->backend = backend; }

OtlpProtocol TelemetryConfig::otlpProtocol() const { return d->otlpProtocol; }
void TelemetryConfig::setOtlpProtocol(OtlpProtocol protocol)
{
    d->otlpProtocol = protocol;
    d->protocolSetByCode = true;
}

QUrl TelemetryConfig::endpoint() const { return d->endpoint; }
void TelemetryConfig::setEndpoint(const QUrl &endpoint)
{
    d->endpoint = endpoint;
    d->endpointResolved = false;
}

int TelemetryConfig::timeout() const { return d->timeout; }
std::chrono::milliseconds TelemetryConfig::timeoutAsDuration() const { return std::chrono::milliseconds(d->timeout); }
void TelemetryConfig::setTimeout(int msecs)
{
    d->timeout = msecs > 0 ? msecs : 5000; // a non-positive timeout would abort every request
    d->timeoutSetByCode = true;
}
void TelemetryConfig::setTimeout(std::chrono::milliseconds timeout) { setTimeout(int(timeout.count())); }

int TelemetryConfig::batchSize() const { return d->batchSize; }
void TelemetryConfig::setBatchSize(int size) { d->batchSize = qMax(1, size); }

int TelemetryConfig::flushInterval() const { return d->flushInterval; }
std::chrono::milliseconds TelemetryConfig::flushIntervalAsDuration() const
{
    return std::chrono::milliseconds(d->flushInterval);
}
void TelemetryConfig::setFlushInterval(int msecs) { d->flushInterval = qMax(1, msecs); }
void TelemetryConfig::setFlushInterval(std::chrono::milliseconds interval) { setFlushInterval(int(interval.count())); }

bool TelemetryConfig::isCompressionEnabled() const { return d->compressionEnabled; }
void TelemetryConfig::setCompressionEnabled(bool enabled)
{
    d->compressionEnabled = enabled;
    d->compressionSetByCode = true;
}

int TelemetryConfig::compressionThreshold() const { return d->compressionThreshold; }
void TelemetryConfig::setCompressionThreshold(int bytes) { d->compressionThreshold = qMax(0, bytes); }

int TelemetryConfig::maxRetries() const { return d->maxRetries; }
void TelemetryConfig::setMaxRetries(int retries) { d->maxRetries = qMax(0, retries); }

int TelemetryConfig::retryBackoffBase() const { return d->retryBackoffBase; }
std::chrono::milliseconds TelemetryConfig::retryBackoffBaseAsDuration() const
{
    return std::chrono::milliseconds(d->retryBackoffBase);
}
void TelemetryConfig::setRetryBackoffBase(int msecs) { d->retryBackoffBase = qMax(0, msecs); }
void TelemetryConfig::setRetryBackoffBase(std::chrono::milliseconds base) { setRetryBackoffBase(int(base.count())); }

int TelemetryConfig::maxRetryDelay() const { return d->maxRetryDelay; }
void TelemetryConfig::setMaxRetryDelay(int msecs) { d->maxRetryDelay = qMax(0, msecs); }

int TelemetryConfig::shutdownTimeout() const { return d->shutdownTimeout; }
void TelemetryConfig::setShutdownTimeout(int msecs) { d->shutdownTimeout = qMax(0, msecs); }

int TelemetryConfig::maxQueueSize() const { return d->maxQueueSize; }
void TelemetryConfig::setMaxQueueSize(int records) { d->maxQueueSize = qMax(1, records); }

qint64 TelemetryConfig::maxQueueBytes() const { return d->maxQueueBytes; }
void TelemetryConfig::setMaxQueueBytes(qint64 bytes) { d->maxQueueBytes = qMax<qint64>(64 * 1024, bytes); }

bool TelemetryConfig::isSpoolEnabled() const { return d->spoolEnabled; }
void TelemetryConfig::setSpoolEnabled(bool enabled) { d->spoolEnabled = enabled; }

QString TelemetryConfig::spoolDirectory() const { return d->spoolDirectory; }
void TelemetryConfig::setSpoolDirectory(const QString &path) { d->spoolDirectory = path; }

qint64 TelemetryConfig::maxSpoolBytes() const { return d->maxSpoolBytes; }
void TelemetryConfig::setMaxSpoolBytes(qint64 bytes) { d->maxSpoolBytes = qMax<qint64>(0, bytes); }

qint64 TelemetryConfig::maxSpoolAge() const { return d->maxSpoolAge; }
void TelemetryConfig::setMaxSpoolAge(qint64 msecs) { d->maxSpoolAge = qMax<qint64>(0, msecs); }

QString TelemetryConfig::caCertificatesFile() const { return d->caCertificatesFile; }
void TelemetryConfig::setCaCertificatesFile(const QString &path) { d->caCertificatesFile = path; }

int TelemetryConfig::maxAttributeCount() const { return d->maxAttributeCount; }
void TelemetryConfig::setMaxAttributeCount(int count) { d->maxAttributeCount = qMax(0, count); }

bool TelemetryConfig::isVerbose() const { return d->verbose; }
void TelemetryConfig::setVerbose(bool verbose) { d->verbose = verbose; }

int TelemetryConfig::consentPolicyVersion() const { return d->consentPolicyVersion; }
void TelemetryConfig::setConsentPolicyVersion(int version) { d->consentPolicyVersion = qMax(1, version); }

QString TelemetryConfig::settingsFile() const { return d->settingsFile; }
void TelemetryConfig::setSettingsFile(const QString &path) { d->settingsFile = path; }

bool TelemetryConfig::shareUserIdWithOtherSdks() const { return d->shareUserIdWithOtherSdks; }
void TelemetryConfig::setShareUserIdWithOtherSdks(bool share) { d->shareUserIdWithOtherSdks = share; }

bool TelemetryConfig::isAuditLogEnabled() const { return d->auditLogEnabled; }
void TelemetryConfig::setAuditLogEnabled(bool enabled) { d->auditLogEnabled = enabled; }

bool TelemetryConfig::pausesOnMeteredNetworks() const { return d->pauseOnMeteredNetworks; }
void TelemetryConfig::setPauseOnMeteredNetworks(bool pause) { d->pauseOnMeteredNetworks = pause; }

QString TelemetryConfig::auditLogFile() const { return d->auditLogFile; }
void TelemetryConfig::setAuditLogFile(const QString &path) { d->auditLogFile = path; }

Privacy TelemetryConfig::privacy() const { return d->privacy; }
void TelemetryConfig::setPrivacy(const Privacy &privacy) { d->privacy = privacy; }

QMap<QByteArray, QByteArray> TelemetryConfig::headers() const { return d->headers; }
void TelemetryConfig::setHeaders(const QMap<QByteArray, QByteArray> &headers) { d->headers = headers; }

QMap<QByteArray, QByteArray> TelemetryConfig::signalHeaders(TelemetrySignal signal) const
{
    return d->signalHeaders.at(std::size_t(signal));
}
void TelemetryConfig::setSignalHeaders(TelemetrySignal signal, const QMap<QByteArray, QByteArray> &headers)
{
    d->signalHeaders.at(std::size_t(signal)) = headers;
}

namespace {

// Adds the headers of \a extra to \a target; a name \a target or \a keep already has (any case) is skipped
// when \a replace is false, else replaced.
void mergeHeaders(QMap<QByteArray, QByteArray> &target, const QMap<QByteArray, QByteArray> &extra, bool replace,
                  const QMap<QByteArray, QByteArray> &keep = {})
{
    const auto find = [](const QMap<QByteArray, QByteArray> &map, const QByteArray &name) {
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (it.key().compare(name, Qt::CaseInsensitive) == 0)
                return it.key();
        }
        return QByteArray();
    };
    for (auto it = extra.cbegin(); it != extra.cend(); ++it) {
        if (!find(keep, it.key()).isNull())
            continue;
        const QByteArray existing = find(target, it.key());
        if (!existing.isNull()) {
            if (!replace)
                continue;
            target.remove(existing);
        }
        target.insert(it.key(), it.value());
    }
}

} // namespace

QMap<QByteArray, QByteArray> TelemetryConfig::headersFor(TelemetrySignal signal) const
{
    QMap<QByteArray, QByteArray> headers = d->headers;
    mergeHeaders(headers, d->signalHeaders.at(std::size_t(signal)), true);
    return headers;
}

QMap<QString, QString> TelemetryConfig::resourceAttributes() const { return d->resourceAttributes; }
void TelemetryConfig::setResourceAttributes(const QMap<QString, QString> &attributes)
{
    d->resourceAttributes = attributes;
}

namespace {

QString envValue(const QProcessEnvironment &env, const char *name)
{
    return env.value(QLatin1String(name));
}

// Both SDKs: a base URL gets /v1/<signal>; a full signal URL keeps its prefix.
struct DerivedEndpoints
{
    QUrl traces, metrics, logs;
};

DerivedEndpoints deriveEndpoints(const QUrl &base)
{
    QUrl url = base;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);

    auto withPath = [&url](const QString &p) {
        QUrl u = url;
        u.setPath(p);
        return u;
    };

    static const char *const signalNames[] = {"traces", "metrics", "logs"};
    for (const char *signal : signalNames) {
        const QString suffix = QLatin1Char('/') + QLatin1String(signal);
        if (!path.endsWith(suffix))
            continue;
        const QString v1Suffix = QStringLiteral("/v1") + suffix;
        if (path.endsWith(v1Suffix)) {
            // Any /v1/<signal> URL names the collector's base; never post traces to /v1/logs.
            const QString prefix = path.left(path.size() - v1Suffix.size());
            return {withPath(prefix + QStringLiteral("/v1/traces")), withPath(prefix + QStringLiteral("/v1/metrics")),
                    withPath(prefix + QStringLiteral("/v1/logs"))};
        }
        // A custom path such as /ingest/traces: its siblings are /ingest/metrics and /ingest/logs.
        const QString prefix = path.left(path.size() - suffix.size());
        return {withPath(prefix + QStringLiteral("/traces")), withPath(prefix + QStringLiteral("/metrics")),
                withPath(prefix + QStringLiteral("/logs"))};
    }
    return {withPath(path + QStringLiteral("/v1/traces")), withPath(path + QStringLiteral("/v1/metrics")),
            withPath(path + QStringLiteral("/v1/logs"))};
}

QString endpointProblem(const QUrl &url, const char *what)
{
    const QString name = QLatin1String(what);
    if (!url.isValid())
        return name + QStringLiteral(" is not a valid URL: ") + url.errorString();
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return name + QStringLiteral(" must be an http or https URL, got scheme \"") + url.scheme()
            + QStringLiteral("\"");
    if (url.host().isEmpty())
        return name + QStringLiteral(" has no host");
    return {};
}

} // namespace

TelemetryConfig TelemetryConfig::resolved(const QProcessEnvironment &env) const
{
    TelemetryConfig r = *this;
    TelemetryConfigData &c = *r.d;

    // Backend and ClickHouse settings: the environment wins, as in both SDKs (empty values are ignored).
    const QString backend = envValue(env, "AUTOMAGIK_TELEMETRY_BACKEND").trimmed().toLower();
    if (!backend.isEmpty()) {
        c.backend = backend == QLatin1String("clickhouse") ? Backend::ClickHouse
            : backend == QLatin1String("file")             ? Backend::File
                                                           : Backend::Otlp;
    }
    auto overrideString = [&env](QString &target, const char *name) {
        const QString v = envValue(env, name);
        if (!v.isEmpty())
            target = v;
    };
    const QString chEndpoint = envValue(env, "AUTOMAGIK_TELEMETRY_CLICKHOUSE_ENDPOINT");
    if (!chEndpoint.isEmpty())
        c.clickhouseEndpoint = QUrl(chEndpoint);
    overrideString(c.clickhouseDatabase, "AUTOMAGIK_TELEMETRY_CLICKHOUSE_DATABASE");
    overrideString(c.clickhouseTable, "AUTOMAGIK_TELEMETRY_CLICKHOUSE_TABLE");
    overrideString(c.clickhouseMetricsTable, "AUTOMAGIK_TELEMETRY_CLICKHOUSE_METRICS_TABLE");
    overrideString(c.clickhouseLogsTable, "AUTOMAGIK_TELEMETRY_CLICKHOUSE_LOGS_TABLE");
    overrideString(c.clickhouseUsername, "AUTOMAGIK_TELEMETRY_CLICKHOUSE_USERNAME");
    if (env.contains(QStringLiteral("AUTOMAGIK_TELEMETRY_CLICKHOUSE_PASSWORD")))
        c.clickhousePassword = envValue(env, "AUTOMAGIK_TELEMETRY_CLICKHOUSE_PASSWORD");

    // What the standard variables say; each ranks below the code and below the family's own variable.
    const Internal::OtelSettings otel = Internal::OtelEnvironment::read(env);

    // Timeout: code > AUTOMAGIK_TELEMETRY_TIMEOUT (seconds, fractions allowed) > OTEL_EXPORTER_OTLP_TIMEOUT (ms) > 5 s.
    if (!c.timeoutSetByCode) {
        bool ok = false;
        const double seconds = envValue(env, "AUTOMAGIK_TELEMETRY_TIMEOUT").trimmed().toDouble(&ok);
        if (ok && std::isfinite(seconds) && seconds > 0 && seconds <= 3600)
            c.timeout = qMax(1, int(seconds * 1000));
        else if (otel.timeoutMs)
            c.timeout = *otel.timeoutMs;
    }
    if (!c.protocolSetByCode && otel.protocol)
        c.otlpProtocol = *otel.protocol;
    if (!c.compressionSetByCode && otel.compression)
        c.compressionEnabled = *otel.compression;

    // The resource describes the deployment, which the operator knows best: the variables win here.
    for (auto it = otel.resourceAttributes.cbegin(); it != otel.resourceAttributes.cend(); ++it)
        c.resourceAttributes.insert(it.key(), it.value());

    const QString exportFile = envValue(env, "AUTOMAGIK_TELEMETRY_EXPORT_FILE").trimmed();
    if (!exportFile.isEmpty())
        c.exportFile = exportFile;

    const QString spoolDir = envValue(env, "AUTOMAGIK_TELEMETRY_SPOOL_DIR").trimmed();
    if (!spoolDir.isEmpty())
        c.spoolDirectory = spoolDir;

    if (envValue(env, "AUTOMAGIK_TELEMETRY_VERBOSE").trimmed().toLower() == QLatin1String("true"))
        c.verbose = true;

    // Endpoints: code > AUTOMAGIK_TELEMETRY_* > OTEL_EXPORTER_OTLP_* > default. A base URL from the code or
    // AUTOMAGIK_TELEMETRY_ENDPOINT is derived as the family does and covers every signal; the OTEL variables
    // are read as the OpenTelemetry specification says (a signal's own URL as it is, else the base + /v1/<signal>).
    QUrl familyBase = c.endpoint;
    if (familyBase.isEmpty()) {
        const QString e = envValue(env, "AUTOMAGIK_TELEMETRY_ENDPOINT").trimmed();
        if (!e.isEmpty())
            familyBase = QUrl(e);
    }
    DerivedEndpoints fallback = deriveEndpoints(familyBase.isEmpty() ? defaultEndpoint() : familyBase);
    if (c.endpointResolved)
        fallback.traces = c.endpoint; // already chosen by an earlier resolved(), perhaps from a variable: keep it
    std::array<bool, 3> chosenByOtel{}; // indexed by TelemetrySignal
    const auto pick = [&](TelemetrySignal signal, const QUrl &code, const char *familyVariable, const QUrl &derived) {
        if (!code.isEmpty())
            return code;
        const QString e = familyVariable ? envValue(env, familyVariable).trimmed() : QString();
        if (!e.isEmpty())
            return QUrl(e);
        const std::optional<QUrl> &fromOtel = otel.endpoints.at(std::size_t(signal));
        chosenByOtel[std::size_t(signal)] = familyBase.isEmpty() && fromOtel;
        return chosenByOtel[std::size_t(signal)] ? *fromOtel : derived;
    };
    c.endpoint = pick(TelemetrySignal::Traces, c.endpointResolved ? c.endpoint : QUrl(), nullptr, fallback.traces);
    c.metricsEndpoint = pick(TelemetrySignal::Metrics, c.metricsEndpoint, "AUTOMAGIK_TELEMETRY_METRICS_ENDPOINT",
                             fallback.metrics);
    c.logsEndpoint = pick(TelemetrySignal::Logs, c.logsEndpoint, "AUTOMAGIK_TELEMETRY_LOGS_ENDPOINT", fallback.logs);
    c.endpointResolved = true;

    // The standard variables' headers and TLS files go only where the standard variables send: an operator's
    // collector token must never reach an endpoint that the code or the family's variables chose, least of all
    // the built-in default. The code's header names win; a signal's own variable wins over the generic one.
    const QMap<QByteArray, QByteArray> codeHeaders = c.headers;
    bool headersLeftOut = false;
    for (std::size_t i = 0; i < chosenByOtel.size(); ++i) {
        if (!chosenByOtel[i]) {
            headersLeftOut = headersLeftOut || !otel.headers.isEmpty() || !otel.signalHeaders[i].isEmpty();
            continue;
        }
        mergeHeaders(c.signalHeaders[i], otel.signalHeaders[i], false, codeHeaders);
        mergeHeaders(c.signalHeaders[i], otel.headers, false, codeHeaders);
    }
    const bool anyByOtel = std::find(chosenByOtel.cbegin(), chosenByOtel.cend(), true) != chosenByOtel.cend();
    const bool tlsFilesSet = !otel.certificateFile.isEmpty() || !otel.clientCertificateFile.isEmpty();
    if (headersLeftOut || (tlsFilesSet && !anyByOtel)) {
        Internal::OtelEnvironment::warnOnce(
            QStringLiteral("OTEL_EXPORTER_OTLP_*HEADERS and TLS files are only used for the endpoints the "
                           "OTEL_EXPORTER_OTLP_*ENDPOINT variables choose: not sent elsewhere"));
    }
    // TLS files: the code's, else the variables' (the client certificate and key only as a pair).
    if (anyByOtel && c.caCertificatesFile.isEmpty())
        c.caCertificatesFile = otel.certificateFile;
    if (anyByOtel && c.clientCertificateFile.isEmpty() && c.clientKeyFile.isEmpty()) {
        c.clientCertificateFile = otel.clientCertificateFile;
        c.clientKeyFile = otel.clientKeyFile;
    }
    return r;
}

QUrl TelemetryConfig::endpointFor(TelemetrySignal signal) const
{
    switch (signal) {
    case TelemetrySignal::Metrics:
        return d->metricsEndpoint;
    case TelemetrySignal::Logs:
        return d->logsEndpoint;
    case TelemetrySignal::Traces:
        break;
    }
    return d->endpoint;
}

QString TelemetryConfig::validationError() const
{
    if (d->backend == Backend::File) {
        if (d->exportFile.trimmed().isEmpty())
            return QStringLiteral("exportFile is empty: Backend::File needs a file to write to");
        return {};
    }
    if (d->backend == Backend::ClickHouse) {
        const QString problem = endpointProblem(d->clickhouseEndpoint, "clickhouseEndpoint");
        if (!problem.isEmpty())
            return problem;
        // Names go into the INSERT query unquoted: only plain identifiers, so nothing can be injected.
        for (const auto &[name, what] : {std::pair{d->clickhouseDatabase, "clickhouseDatabase"},
                                         std::pair{d->clickhouseTable, "clickhouseTable"},
                                         std::pair{d->clickhouseMetricsTable, "clickhouseMetricsTable"},
                                         std::pair{d->clickhouseLogsTable, "clickhouseLogsTable"}}) {
            if (!Internal::ClickHouseEncoder::isValidIdentifier(name))
                return QLatin1String(what) + QStringLiteral(" is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*, "
                                                            "at most 128 characters): \"") + name + QStringLiteral("\"");
        }
        return {};
    }
    for (const auto &[url, name] : {std::pair{d->endpoint, "endpoint"}, std::pair{d->metricsEndpoint, "metricsEndpoint"},
                                    std::pair{d->logsEndpoint, "logsEndpoint"}}) {
        if (url.isEmpty())
            continue; // not resolved yet: derivation fills it in
        const QString problem = endpointProblem(url, name);
        if (!problem.isEmpty())
            return problem;
    }
    return {};
}

} // namespace Automagik
