// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/qmltelemetry.h>

#include "qmlattributes_p.h"
#include "qmltelemetry_p.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QEvent>
#include <QtCore/QList>
#include <QtCore/QLocale>
#include <QtCore/QLoggingCategory>
#include <QtCore/QMetaEnum>
#include <QtCore/QPointer>

namespace Automagik {

namespace QmlInternal {
Q_LOGGING_CATEGORY(lcQuick, "automagik.telemetry.quick", QtWarningMsg)
} // namespace QmlInternal

using QmlInternal::lcQuick;

namespace {

// Shared by the singletons of every engine; GUI thread only.
QPointer<Telemetry> &sharedDefaultInstance()
{
    static QPointer<Telemetry> instance;
    return instance;
}

QList<QmlTelemetry *> &liveSingletons()
{
    static QList<QmlTelemetry *> singletons;
    return singletons;
}

template<typename T>
bool assign(T &member, const T &value)
{
    if (member == value)
        return false;
    member = value;
    return true;
}

} // namespace

class QmlTelemetryPrivate
{
public:
    explicit QmlTelemetryPrivate(QmlTelemetry *q)
        : q(q)
        , consentController(new ConsentController(q))
    {
    }

    static QmlTelemetryPrivate *get(QmlTelemetry *q) { return q->d.get(); }

    Telemetry *ensureClient()
    {
        if (pending)
            recreate();
        return client;
    }

    Telemetry *clientFor(const char *what)
    {
        Telemetry *c = ensureClient();
        if (!c)
            qCWarning(lcQuick).nospace() << "Telemetry." << what
                                         << ": there is no client yet: set Telemetry.config.projectName and "
                                            "Telemetry.config.version, or call QmlTelemetry::setDefaultInstance() "
                                            "from C++";
        return c;
    }

    // A configuration property changed: build a new client at the next turn of the event loop,
    // so that all the properties a script sets together make one client.
    void configurationChanged()
    {
        if (sharedDefaultInstance())
            return; // the application's client wins; the configuration waits until it goes away
        if (pending)
            return;
        pending = true;
        QMetaObject::invokeMethod(q, [this] {
            if (pending)
                recreate();
        }, Qt::QueuedConnection);
    }

    void recreate()
    {
        pending = false;
        if (Telemetry *shared = sharedDefaultInstance()) {
            attach(shared);
            return;
        }
        // The new client first, then the switch: the properties go from the old state to the
        // new one without passing through "no client".
        Telemetry *next = nullptr;
        if (!config.projectName().isEmpty() && !config.version().isEmpty())
            next = new Telemetry(config, q);
        attach(next);
        ownClient = next;
    }

    void attach(Telemetry *c)
    {
        if (client == c && c)
            return;
        if (client)
            QObject::disconnect(client, nullptr, q, nullptr);
        client = c;
        if (c) {
            QObject::connect(c, &Telemetry::enabledChanged, q, [this] { refresh(); });
            QObject::connect(c, &Telemetry::consentChanged, q, [this] { refresh(); });
            QObject::connect(c, &Telemetry::queueSizeChanged, q, [this] { refresh(); });
            QObject::connect(c, &Telemetry::deliveryCountsChanged, q, [this] { refresh(); });
            QObject::connect(c, &Telemetry::userIdChanged, q, [this] {
                refresh();
                refreshSamplePayload();
            });
            QObject::connect(c, &Telemetry::batchSent, q, [this](TelemetrySignal signal, int items, qint64 bytes) {
                Q_EMIT q->batchSent(signal, items, bytes);
                Q_EMIT q->auditLogChanged(); // the worker appended to it before reporting the batch
            });
            QObject::connect(c, &Telemetry::sendFailed, q,
                             [this](TelemetrySignal signal, int items, DeliveryError, const QString &reason) {
                                 Q_EMIT q->sendFailed(signal, items, reason);
                             });
            // The same, with the kind of failure (the signal above cannot change within 1.x).
            QObject::connect(c, &Telemetry::sendFailed, q, &QmlTelemetry::deliveryFailed);
            QObject::connect(c, &Telemetry::flushFinished, q, &QmlTelemetry::flushFinished);
            QObject::connect(c, &QObject::destroyed, q, [this] { clientDestroyed(); });
        }
        consentController->setTelemetry(c);
        if (ownClient && ownClient != c) {
            // Delivers what it holds (bounded by its shutdown deadline); it reports to nobody now.
            Telemetry *previous = ownClient;
            ownClient = nullptr;
            delete previous;
        }
        refresh();
        refreshSamplePayload();
        Q_EMIT q->auditLogChanged(); // another client may keep another history
        Q_EMIT q->textsChanged();    // another configuration may turn on other automatic signals
    }

    void clientDestroyed()
    {
        // QPointer is already null here; nothing of the old client may be touched.
        if (ownClient && !client)
            ownClient = nullptr;
        refresh();
        refreshSamplePayload();
        if (!sharedDefaultInstance())
            configurationChanged();
    }

    void refresh()
    {
        Telemetry *c = client;
        if (assign(ready, c != nullptr))
            Q_EMIT q->readyChanged();
        if (assign(enabled, c && c->isEnabled()))
            Q_EMIT q->enabledChanged();
        // One signal for the three, as Telemetry::consentChanged(), and once per change.
        bool consentChanged = assign(consentState, c ? c->consentState() : ConsentState::Undecided);
        consentChanged |= assign(needsConsent, c && c->needsConsent());
        consentChanged |= assign(locked, c && c->consent()->isLockedByAdministrator());
        if (consentChanged)
            Q_EMIT q->consentChanged();
        if (assign(queueSize, c ? c->queueSize() : 0))
            Q_EMIT q->queueSizeChanged();
        if (assign(userId, c ? c->userId() : QString()))
            Q_EMIT q->userIdChanged();
        if (assign(sessionId, c ? c->sessionId() : QString()))
            Q_EMIT q->sessionIdChanged();
        if (assign(status, c ? c->status() : QVariantMap()))
            Q_EMIT q->statusChanged();
    }

    void refreshSamplePayload()
    {
        if (assign(samplePayload, client ? client->samplePayload() : QString()))
            Q_EMIT q->samplePayloadChanged();
    }

    AuditLog auditLog() const
    {
        if (client)
            return client->auditLog();
        if (!config.auditLogFile().isEmpty())
            return AuditLog(config.auditLogFile());
        return AuditLog(AuditLog::defaultFilePath(config.projectName()));
    }

    bool hasAuditLog() const { return client || !config.auditLogFile().isEmpty() || !config.projectName().isEmpty(); }

    QmlTelemetry *const q;
    ConsentController *const consentController;
    TelemetryConfig config;
    QString applicationName;
    QPointer<Telemetry> client;
    Telemetry *ownClient = nullptr;
    bool pending = false;

    // The client's state as last seen: getters never ask the client (status() reads files).
    bool ready = false;
    bool enabled = false;
    ConsentState consentState = ConsentState::Undecided;
    bool needsConsent = false;
    bool locked = false;
    int queueSize = 0;
    QString userId;
    QString sessionId;
    QVariantMap status;
    QString samplePayload;
};

QmlTelemetry::QmlTelemetry(QObject *parent)
    : QObject(parent)
    , d(new QmlTelemetryPrivate(this))
{
    liveSingletons().append(this);
    if (auto *app = QCoreApplication::instance())
        app->installEventFilter(this); // LanguageChange is sent to the application object only
    if (Telemetry *shared = sharedDefaultInstance())
        d->attach(shared);
}

QmlTelemetry::~QmlTelemetry()
{
    liveSingletons().removeOne(this);
    if (d->client)
        QObject::disconnect(d->client, nullptr, this, nullptr);
    d->pending = false;
    delete d->ownClient; // before d goes: its shutdown may still report to nobody
    d->ownClient = nullptr;
}

void QmlTelemetry::setDefaultInstance(Telemetry *client)
{
    QPointer<Telemetry> &shared = sharedDefaultInstance();
    if (shared == client)
        return;
    shared = client;
    // When the application's client is destroyed later, each singleton notices it itself
    // (clientDestroyed()) and goes back to its own configuration.
    for (QmlTelemetry *singleton : std::as_const(liveSingletons())) {
        if (client) {
            singleton->d->pending = false;
            singleton->d->attach(client);
        } else {
            singleton->d->attach(nullptr);
            singleton->d->configurationChanged();
        }
    }
}

Telemetry *QmlTelemetry::defaultInstance()
{
    return sharedDefaultInstance();
}

Telemetry *QmlTelemetry::client() const
{
    return d->client;
}

TelemetryConfig QmlTelemetry::config() const
{
    return d->config;
}

void QmlTelemetry::setConfig(const TelemetryConfig &config)
{
    if (d->config == config)
        return;
    d->config = config;
    Q_EMIT configChanged();
    if (!d->client)
        Q_EMIT textsChanged(); // texts() follow this configuration until there is a client
    d->configurationChanged();
}

QString QmlTelemetry::applicationName() const { return d->applicationName; }

void QmlTelemetry::setApplicationName(const QString &name)
{
    if (!assign(d->applicationName, name))
        return;
    Q_EMIT applicationNameChanged();
    Q_EMIT textsChanged();
}

ConsentTexts QmlTelemetry::texts() const
{
    // The client's configuration (the application's own client, when it set one) says which automatic
    // signals the "What is sent" list names.
    return ConsentTexts(d->client ? d->client->config() : d->config, d->applicationName);
}

bool QmlTelemetry::isReady() const { return d->ready; }
bool QmlTelemetry::isEnabled() const { return d->enabled; }
ConsentState QmlTelemetry::consentState() const { return d->consentState; }
bool QmlTelemetry::needsConsent() const { return d->needsConsent; }
bool QmlTelemetry::isLockedByAdministrator() const { return d->locked; }
ConsentController *QmlTelemetry::consentController() const { return d->consentController; }
int QmlTelemetry::queueSize() const { return d->queueSize; }
QString QmlTelemetry::userId() const { return d->userId; }
QString QmlTelemetry::sessionId() const { return d->sessionId; }
QVariantMap QmlTelemetry::status() const { return d->status; }
QString QmlTelemetry::samplePayload() const { return d->samplePayload; }

void QmlTelemetry::start()
{
    d->recreate();
}

void QmlTelemetry::trackEvent(const QString &name, const QJSValue &attributes)
{
    if (Telemetry *c = d->ensureClient())
        c->trackEvent(name, QmlInternal::toAttributes(attributes));
}

void QmlTelemetry::trackMetric(const QString &name, double value, const QJSValue &type, const QJSValue &attributes)
{
    Telemetry *c = d->ensureClient();
    if (!c)
        return;
    MetricType metricType = MetricType::Gauge;
    QJSValue attributeObject = attributes;
    if (type.isString()) {
        metricType = metricTypeFromString(type.toString());
    } else if (type.isNumber()) {
        const int number = type.toInt();
        if (QMetaEnum::fromType<MetricType>().valueToKey(number))
            metricType = MetricType(number);
    } else if (type.isObject() && attributes.isUndefined()) {
        attributeObject = type; // trackMetric(name, value, {attributes})
    }
    c->trackMetric(name, value, metricType, QmlInternal::toAttributes(attributeObject));
}

void QmlTelemetry::trackLog(const QString &message, const QJSValue &severity, const QJSValue &attributes)
{
    Telemetry *c = d->ensureClient();
    if (!c)
        return;
    LogSeverity logSeverity = LogSeverity::Info;
    QJSValue attributeObject = attributes;
    if (severity.isString()) {
        logSeverity = logSeverityFromString(severity.toString());
    } else if (severity.isNumber()) {
        const int number = severity.toInt();
        if (QMetaEnum::fromType<LogSeverity>().valueToKey(number))
            logSeverity = LogSeverity(number);
    } else if (severity.isObject() && attributes.isUndefined()) {
        attributeObject = severity; // trackLog(message, {attributes})
    }
    c->trackLog(message, logSeverity, QmlInternal::toAttributes(attributeObject));
}

void QmlTelemetry::trackError(const QString &errorType, const QString &message, const QJSValue &context)
{
    if (Telemetry *c = d->ensureClient())
        c->trackError(errorType, message, QmlInternal::toAttributes(context));
}

QVariantList QmlTelemetry::auditEntries() const
{
    QVariantList result;
    d->ensureClient();
    if (!d->hasAuditLog())
        return result;
    const ConsentTexts texts = this->texts();
    const QLocale locale;
    const QList<AuditEntry> entries = d->auditLog().entries();
    result.reserve(entries.size());
    for (const AuditEntry &entry : entries) {
        const QString kind = signalToString(entry.signal);
        result.append(QVariantMap{
            {QStringLiteral("time"), entry.time},
            {QStringLiteral("signal"), kind},
            {QStringLiteral("items"), entry.items},
            {QStringLiteral("bytes"), entry.bytes},
            {QStringLiteral("size"), locale.formattedDataSize(entry.bytes)},
            {QStringLiteral("destination"), entry.destination},
            {QStringLiteral("body"), entry.body},
            {QStringLiteral("bodyTruncated"), entry.bodyTruncated},
            {QStringLiteral("summary"),
             texts.auditEntrySummary(entry.items, texts.signalName(entry.signal), entry.destination)},
        });
    }
    return result;
}

bool QmlTelemetry::clearAuditLog()
{
    d->ensureClient();
    if (!d->hasAuditLog())
        return true;
    AuditLog log = d->auditLog();
    const bool ok = log.clear();
    if (!ok)
        qCWarning(lcQuick).noquote() << "could not delete the audit log" << log.filePath();
    Q_EMIT auditLogChanged();
    return ok;
}

QString QmlTelemetry::auditEntrySummary(int items, const QString &kind, const QString &destination) const
{
    return texts().auditEntrySummary(items, kind, destination);
}

void QmlTelemetry::flush()
{
    if (Telemetry *c = d->ensureClient())
        c->flush();
    else
        QMetaObject::invokeMethod(this, [this] { Q_EMIT flushFinished(true); }, Qt::QueuedConnection);
}

void QmlTelemetry::enable()
{
    if (Telemetry *c = d->clientFor("enable()"))
        c->enable();
}

void QmlTelemetry::disable()
{
    if (Telemetry *c = d->clientFor("disable()"))
        c->disable();
}

void QmlTelemetry::setConsent(bool granted)
{
    if (Telemetry *c = d->clientFor("setConsent()"))
        c->setConsent(granted);
}

bool QmlTelemetry::eventFilter(QObject *watched, QEvent *event)
{
    // Cheap first test: this filter sees every event of the application.
    if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance())
        Q_EMIT textsChanged();
    return QObject::eventFilter(watched, event);
}

Telemetry *QmlInternal::recordingClient(QmlTelemetry *singleton)
{
    return singleton ? QmlTelemetryPrivate::get(singleton)->ensureClient() : nullptr;
}

} // namespace Automagik
