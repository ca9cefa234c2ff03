// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/telemetry_p.h"

#include "client/automaticsignals.h"
#include "client/consent_p.h"
#include "client/resourceattributes.h"
#include "client/sessiontracker.h"
#include "common/logging.h"
#include "platform/startupplacement.h"
#include "spool/spool.h"
#include "worker/networkstatus.h"
#include "worker/worker.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QMetaEnum>
#include <QtCore/QMutex>
#include <QtCore/QSemaphore>
#include <QtCore/QUuid>

#include <chrono>
#include <typeinfo>

#if defined(__GNUG__)
#include <cxxabi.h>
#include <cstdlib>
#endif

namespace Automagik {

using namespace Internal;

namespace {

QString processSessionId()
{
    // One session per process run, shared by every client in it; never stored.
    static const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return id;
}

QString demangledTypeName(const std::exception &error)
{
    const char *name = typeid(error).name();
#if defined(__GNUG__)
    int status = 0;
    char *demangled = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    if (status == 0 && demangled) {
        const QString result = QString::fromUtf8(demangled);
        std::free(demangled);
        return result;
    }
#endif
    return QString::fromUtf8(name);
}

} // namespace

TelemetryPrivate::TelemetryPrivate(Telemetry *q, const TelemetryConfig &cfg)
    : q(q)
    , config(cfg.resolved())
    , configError(config.validationError())
    , sessionId(processSessionId())
    , batchSize(config.batchSize())
    , maxQueueSize(config.maxQueueSize())
    , maxQueueBytes(config.maxQueueBytes())
    , spoolDirectory(!config.isSpoolEnabled()            ? QString()
                     : config.spoolDirectory().isEmpty() ? Spool::defaultDirectory(config.projectName())
                                                         : config.spoolDirectory())
{
}

namespace {

// A worker thread still running at the shutdown deadline is left to finish on its own, never destroyed
// while it runs. It stays referenced from here for the life of the process: nothing frees it, and leak
// checkers (LeakSanitizer, valgrind) see an abandoned thread, not a leak.
void keepAbandonedThread(QThread *thread)
{
    static QBasicMutex mutex;
    static QList<QThread *> *abandoned = new QList<QThread *>; // never freed: the threads may outlive exit
    // At exit, statics are destroyed in the reverse order of their construction. This one is made at the
    // first abandonment, after every static the worker uses (the privacy detectors, Qt's own), so it is
    // destroyed before them: an abandoned worker, which stops soon after its deadline, gets a last bounded
    // wait rather than running on while what it uses is torn down under it.
    struct WaitAtExit
    {
        ~WaitAtExit()
        {
            const QMutexLocker locker(&mutex);
            const QDeadlineTimer deadline(2000);
            for (QThread *t : std::as_const(*abandoned))
                t->wait(deadline);
        }
    };
    static WaitAtExit waitAtExit;
    const QMutexLocker locker(&mutex);
    abandoned->append(thread);
}

// What a record holds in memory, for the queue's byte bound: cheap enough for the caller's thread, and
// close to what glibc's allocator really uses (measured per shape with VmRSS over 200,000 records: an
// event with 4 attributes of literal keys costs 530 bytes, with one int attribute 242).
qint64 estimateBytes(const QVariant &value, int depth);

qint64 heapBlock(qint64 payload)
{
    // A malloc chunk: the payload plus its 8-byte header, in 16-byte steps, 32 bytes at least.
    return qMax<qint64>(32, (payload + 8 + 15) & ~qint64(15));
}

qint64 stringBytes(const QString &text)
{
    // Literals (QStringLiteral keys and values) live in the binary and have no allocated capacity; others
    // carry a header and a terminator.
    if (text.capacity() == 0)
        return 0;
    return heapBlock(16 + 2 * (qint64(text.capacity()) + 1));
}

qint64 estimateBytes(const QVariantMap &map, int depth)
{
    // The map's shared data (64), then one std::map node per entry: links, key and value (88 bytes, a 96-byte chunk).
    qint64 bytes = heapBlock(sizeof(void *) * 7);
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        bytes += heapBlock(32 + sizeof(QString) + sizeof(QVariant)) + stringBytes(it.key())
            + estimateBytes(it.value(), depth + 1);
    return bytes;
}

qint64 estimateBytes(const QVariant &value, int depth)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        return stringBytes(*static_cast<const QString *>(value.constData()));
    case QMetaType::QByteArray:
        return heapBlock(16 + qint64(static_cast<const QByteArray *>(value.constData())->capacity()) + 1);
    case QMetaType::QVariantMap:
        return depth > 16 ? 256 : estimateBytes(*static_cast<const QVariantMap *>(value.constData()), depth);
    case QMetaType::QVariantList: {
        if (depth > 16)
            return 256;
        const auto &list = *static_cast<const QVariantList *>(value.constData());
        qint64 bytes = heapBlock(16 + qint64(list.capacity()) * qint64(sizeof(QVariant)));
        for (const QVariant &v : list)
            bytes += estimateBytes(v, depth + 1);
        return bytes;
    }
    case QMetaType::QStringList: {
        const auto &list = *static_cast<const QStringList *>(value.constData());
        qint64 bytes = heapBlock(16 + qint64(list.capacity()) * qint64(sizeof(QString)));
        for (const QString &s : list)
            bytes += stringBytes(s);
        return bytes;
    }
    default:
        // Held inside the QVariant unless larger than its 24 bytes of storage.
        return value.metaType().sizeOf() > 24 ? heapBlock(value.metaType().sizeOf()) : 0;
    }
}

} // namespace

void TelemetryPrivate::purgeSpoolUnlessConsented()
{
    if (spoolDirectory.isEmpty() || consent->effectiveCategories() != ConsentCategories())
        return;
    if (const int removed = Spool::purge(spoolDirectory))
        qCInfo(lcTelemetry()).noquote() << "deleted" << removed << "unsent batches: telemetry is not consented";
}

qint64 TelemetryPrivate::nowUnixNano()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(system_clock::now().time_since_epoch()).count();
}

EncoderResource TelemetryPrivate::buildResource(const QString &userId) const
{
    return ResourceAttributes::build(config, userId, sessionId);
}

void TelemetryPrivate::startWorker()
{
    workerUserId = consent->userId();
    // The Resource reads system files: the worker builds it on its own thread, from a copy of what it needs.
    Worker::ResourceFactory makeResource = [config = config, userId = workerUserId, session = sessionId] {
        return ResourceAttributes::build(config, userId, session);
    };

    thread = new QThread;
    thread->setObjectName(QStringLiteral("automagik-telemetry"));
    auto *w = new Worker(config, configError, std::move(makeResource), &stats->queue, stats, &stats->wakePending);
    w->setStarterCore(currentCore());
    w->moveToThread(thread);
    worker = w;
    QObject::connect(thread, &QThread::started, w, &Worker::start);
    QObject::connect(thread, &QThread::finished, w, &QObject::deleteLater);
    QObject::connect(w, &Worker::batchSent, q, &Telemetry::batchSent);
    QObject::connect(w, &Worker::sendFailed, q, &Telemetry::sendFailed);
    QObject::connect(w, &Worker::dropped, q, &Telemetry::dropped);
    QObject::connect(w, &Worker::partiallyRejected, q, &Telemetry::partiallyRejected);
    QObject::connect(w, &Worker::flushFinished, q, [this](quint64, bool delivered) { Q_EMIT this->q->flushFinished(delivered); });
    QObject::connect(w, &Worker::countsChanged, q, [this] { onCountsChanged(); });
    QObject::connect(w, &Worker::deliveryPostponed, q, &Telemetry::deliveryPostponed);
    QObject::connect(w, &Worker::spoolUnavailable, q, [this](const QString &reason) {
        spoolError = reason;
        Q_EMIT this->q->spoolUnavailable(reason);
    });
    thread->start(QThread::LowPriority);
}

void TelemetryPrivate::onCountsChanged()
{
    const int size = q->queueSize();
    if (size != lastQueueSize) {
        lastQueueSize = size;
        Q_EMIT q->queueSizeChanged(size);
    }
    const qint64 sent = q->sentCount(), failed = q->failedCount(), droppedCount = q->droppedCount();
    if (sent != lastSent || failed != lastFailed || droppedCount != lastDropped) {
        lastSent = sent;
        lastFailed = failed;
        lastDropped = droppedCount;
        Q_EMIT q->deliveryCountsChanged();
    }
}

bool TelemetryPrivate::record(Record &&r)
{
    // The hot path: one atomic load when disabled; a lock and a push when enabled. Nothing else.
    const int allowed = categories.load(std::memory_order_acquire);
    if (!(allowed & int(categoryOf(r.kind))))
        return false; // not consented: dropped at the call, never held for later
    const int index = signalIndex(r.signal());
    // The record itself twice: in the queue, then in the worker's vectors while it is sanitized and batched.
    r.approxBytes = quint32(qMin<qint64>(UINT32_MAX, 2 * sizeof(Record) + stringBytes(r.name) + stringBytes(r.message)
                                                        + (r.attributes.isEmpty() ? 0 : estimateBytes(r.attributes, 0))));
    // Drop-newest at the call: what is already queued is older and was accepted first.
    if (DeliveryStats::sum(stats->outstanding) >= maxQueueSize
        || stats->queuedBytes.load(std::memory_order_relaxed) + r.approxBytes > maxQueueBytes) {
        stats->dropped[index].fetch_add(1, std::memory_order_relaxed);
        stats->queueFullUnreported[index].fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    r.timeUnixNano = nowUnixNano();
    stats->outstanding[index].fetch_add(1, std::memory_order_relaxed);
    stats->queuedBytes.fetch_add(r.approxBytes, std::memory_order_relaxed);
    const std::size_t waiting = stats->queue.push(std::move(r));
    if (allowed & ConsentPending)
        return true; // held until the consent is known; there is no worker to wake yet
    wakeWorker(waiting);
    return true;
}

void TelemetryPrivate::wakeWorker(std::size_t waiting)
{
    if (waiting >= std::size_t(batchSize)) {
        if (!stats->wakePending.exchange(true, std::memory_order_acq_rel))
            QMetaObject::invokeMethod(worker.data(), &Worker::drain, Qt::QueuedConnection);
    } else if (!stats->flushArmed.load(std::memory_order_relaxed)
               && !stats->flushArmed.exchange(true, std::memory_order_acq_rel)) {
        // The first record after an idle spell: the worker starts its flush tick (once per flush interval).
        QMetaObject::invokeMethod(worker.data(), &Worker::armFlush, Qt::QueuedConnection);
    }
}

ConsentCategory TelemetryPrivate::categoryOf(Record::Kind kind)
{
    switch (kind) {
    case Record::Kind::Metric:
        return ConsentCategory::PerformanceMetrics;
    case Record::Kind::Log:
    case Record::Kind::Error:
        return ConsentCategory::Diagnostics;
    case Record::Kind::Event:
        break;
    }
    return ConsentCategory::UsageEvents;
}

void TelemetryPrivate::applyConsent()
{
    const int allowed = shutDown ? 0 : int(consent->effectiveCategories());
    if (allowed && !worker)
        startWorker(); // the first network object of this client exists only from here on
    if (worker && consent->userId() != workerUserId && !consent->userId().isEmpty()) {
        // A new anonymous id after a withdrawal: records from now on carry it.
        workerUserId = consent->userId();
        QMetaObject::invokeMethod(worker.data(), [w = worker, id = workerUserId] { if (w) w->setUserId(id); },
                                  Qt::QueuedConnection);
    }
    if (!allowed && !shutDown)
        purgeSpoolUnlessConsented();
    const int previous = categories.exchange(allowed, std::memory_order_acq_rel);
    const bool wasPending = previous & ConsentPending;
    if (wasPending) {
        keepOnlyAllowed(allowed);
        wakeWorkerForQueued();
    }
    // No change to announce when the first reading is applied: isEnabled() never answered without it.
    if (!wasPending && bool(previous) != bool(allowed))
        Q_EMIT q->enabledChanged(bool(allowed));
}

void TelemetryPrivate::ensureConsentApplied()
{
    if (!(categories.load(std::memory_order_acquire) & ConsentPending) || QThread::currentThread() != q->thread())
        return;
    consent->effectiveCategories(); // the first reading, which applies itself (readConsentInBackground)
    if (categories.load(std::memory_order_acquire) & ConsentPending)
        applyConsent();
}

void TelemetryPrivate::keepOnlyAllowed(int allowed)
{
    if ((allowed & int(ConsentCategory::AllCategories)) == int(ConsentCategory::AllCategories))
        return;
    std::vector<Record> held;
    stats->queue.takeAll(held);
    for (Record &r : held) {
        if (allowed & int(categoryOf(r.kind))) {
            stats->queue.push(std::move(r));
            continue;
        }
        // Never consented: forgotten as if it had been refused at the call (not counted as dropped).
        stats->outstanding[signalIndex(r.signal())].fetch_sub(1, std::memory_order_relaxed);
        stats->queuedBytes.fetch_sub(r.approxBytes, std::memory_order_relaxed);
    }
}

void TelemetryPrivate::wakeWorkerForQueued()
{
    const std::size_t waiting = stats->queue.size();
    if (worker && waiting > 0)
        wakeWorker(waiting);
}

Telemetry::Telemetry(const TelemetryConfig &config, QObject *parent)
    : QObject(parent)
    , d(new TelemetryPrivate(this, config))
{
    qRegisterMetaType<TelemetrySignal>();
    qRegisterMetaType<DeliveryError>();
    if (d->config.isVerbose())
        enableVerboseLogging();
    if (!d->configError.isEmpty())
        qCWarning(lcTelemetry()).noquote() << "invalid configuration, nothing will be sent:" << d->configError;
    d->consent = new Consent(d->config, this);
    connect(d->consent, &Consent::consentChanged, this, [this] {
        d->applyConsent();
        Q_EMIT consentChanged();
    });
    connect(d->consent, &Consent::userIdChanged, this, &Telemetry::userIdChanged);
    // Made before the consent's reading starts, which may hand its answer to them at once (below).
    if (AutomaticSignals::isWanted(d->config))
        d->automaticSignals = new AutomaticSignals(this, d->config);
    // QSettings' first use costs milliseconds: the answer is read on a thread of its own, and records made
    // meanwhile wait in memory for it.
    std::function<void(ConsentCategories)> onReading;
    if (d->automaticSignals && d->automaticSignals->wantsFirstReading()) {
        // A crash or a kill during start-up, before the event loop runs, must find the crash handler armed
        // and this run's marker written: the reading's own thread does both, and the constructor does not
        // wait for it. (The automatic signals are destroyed after the consent, which waits for that thread.)
        onReading = [automatic = d->automaticSignals](ConsentCategories effective) {
            automatic->takeFirstReading(effective);
        };
    }
    readConsentInBackground(d->consent, [this] {
        d->applyConsent();
        if (d->automaticSignals)
            d->automaticSignals->start();
    }, std::move(onReading));
    if (auto *app = QCoreApplication::instance())
        connect(app, &QCoreApplication::aboutToQuit, this, [this] { shutdown(); });
}

Telemetry::Telemetry(const QString &projectName, const QString &version, QObject *parent)
    : Telemetry(TelemetryConfig(projectName, version), parent)
{
}

Telemetry::~Telemetry()
{
    shutdown();
}

TelemetryConfig Telemetry::config() const { return d->config; }

QString Telemetry::sdkVersion() { return QStringLiteral(AUTOMAGIK_TELEMETRY_VERSION_STRING); }

bool Telemetry::isEnabled() const
{
    d->ensureConsentApplied(); // from another thread while it is read: tentatively enabled
    return d->categories.load(std::memory_order_relaxed) & int(ConsentCategory::AllCategories);
}

Consent *Telemetry::consent() const { return d->consent; }

ConsentState Telemetry::consentState() const { return d->consent->state(); }

bool Telemetry::needsConsent() const { return d->consent->needsConsent(); }

int Telemetry::queueSize() const
{
    d->ensureConsentApplied(); // records held while the consent is read count only if it keeps them
    return int(qMin<qint64>(INT_MAX, DeliveryStats::sum(d->stats->outstanding) + DeliveryStats::sum(d->stats->spooled)));
}

QString Telemetry::samplePayload() const
{
    // A real example: this client's Resource and a typical event, through the same sanitizer and encoder.
    const QString exampleId = d->consent->userId().isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                                             : d->consent->userId();
    OtlpJsonEncoder encoder(d->buildResource(exampleId));
    const auto event = [this](const QString &name, const QVariantMap &attributes) {
        Record r;
        r.kind = Record::Kind::Event;
        r.name = name;
        r.timeUnixNano = TelemetryPrivate::nowUnixNano();
        r.attributes = d->config.privacy().sanitizeAttributes(attributes);
        return r;
    };
    std::vector<Record> records{event(StandardEvents::FeatureUsed,
                                      {{QStringLiteral("feature_name"), QStringLiteral("export")},
                                       {QStringLiteral("feature_category"), QStringLiteral("file")},
                                       {QStringLiteral("duration_ms"), 184}})};
    // The automatic events the configuration turns on, with their exact attributes (the environment's are real).
    const QList<QPair<QString, QVariantMap>> automatic = SessionTracker::examples(d->config);
    for (const auto &[name, attributes] : automatic)
        records.push_back(event(name, attributes));
    const QByteArray body = encoder.encode(TelemetrySignal::Traces, records.data(), records.size());
    return QString::fromUtf8(QJsonDocument::fromJson(body).toJson(QJsonDocument::Indented));
}

AuditLog Telemetry::auditLog() const
{
    const TelemetryConfig &c = d->config;
    return AuditLog(c.auditLogFile().isEmpty() ? AuditLog::defaultFilePath(c.projectName()) : c.auditLogFile());
}

QString Telemetry::userId() const { return d->consent->userId(); }

QString Telemetry::sessionId() const { return d->sessionId; }

qint64 Telemetry::sentCount() const { return DeliveryStats::sum(d->stats->sent); }

qint64 Telemetry::failedCount() const { return DeliveryStats::sum(d->stats->failed); }

qint64 Telemetry::droppedCount() const { return DeliveryStats::sum(d->stats->dropped); }

namespace {

// status()'s "delivery_paused": why delivery waits for the network ("" when it does not).
QString networkPauseName(int pause)
{
    switch (NetworkStatus::Pause(pause)) {
    case NetworkStatus::Pause::Offline:
        return QStringLiteral("offline");
    case NetworkStatus::Pause::Metered:
        return QStringLiteral("metered");
    case NetworkStatus::Pause::None:
        break;
    }
    return {};
}

} // namespace

QVariantMap Telemetry::status() const
{
    const auto perSignal = [](const DeliveryStats::Counters &c) {
        return QVariantMap{{QStringLiteral("traces"), c[0].load()},
                           {QStringLiteral("metrics"), c[1].load()},
                           {QStringLiteral("logs"), c[2].load()}};
    };
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString enabledVar = QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED");
    const TelemetryConfig &c = d->config;
    return {
        {QStringLiteral("enabled"), isEnabled()},
        {QStringLiteral("user_id"), userId()},
        {QStringLiteral("session_id"), d->sessionId},
        {QStringLiteral("project_name"), c.projectName()},
        {QStringLiteral("project_version"), c.version()},
        {QStringLiteral("organization"), c.organization()},
        {QStringLiteral("backend"), // "otlp", "clickhouse", "file": the AUTOMAGIK_TELEMETRY_BACKEND values
         QString::fromLatin1(QMetaEnum::fromType<Backend>().valueToKey(int(c.backend()))).toLower()},
        {QStringLiteral("endpoint"), loggableUrl(c.endpointFor(TelemetrySignal::Traces))},
        {QStringLiteral("metrics_endpoint"), loggableUrl(c.endpointFor(TelemetrySignal::Metrics))},
        {QStringLiteral("logs_endpoint"), loggableUrl(c.endpointFor(TelemetrySignal::Logs))},
        {QStringLiteral("opt_out_file_exists"), QFileInfo::exists(ConsentRules::optOutFilePath(QDir::homePath()))},
        {QStringLiteral("env_var"), env.contains(enabledVar) ? QVariant(env.value(enabledVar)) : QVariant()},
        {QStringLiteral("decided_by"), d->consent->decidedBy()},
        {QStringLiteral("consent_state"), QString::fromLatin1(QMetaEnum::fromType<ConsentState>().valueToKey(int(consentState())))},
        {QStringLiteral("needs_consent"), needsConsent()},
        {QStringLiteral("granted_categories"), int(d->consent->grantedCategories())},
        {QStringLiteral("effective_categories"), int(d->consent->effectiveCategories())},
        {QStringLiteral("consent_policy_version"), d->consent->policyVersion()},
        {QStringLiteral("admin_locked"), d->consent->isLockedByAdministrator()},
        {QStringLiteral("verbose"), c.isVerbose()},
        {QStringLiteral("batch_size"), c.batchSize()},
        {QStringLiteral("flush_interval_ms"), c.flushInterval()},
        {QStringLiteral("compression_enabled"), c.isCompressionEnabled()},
        {QStringLiteral("config_error"), d->configError},
        {QStringLiteral("queue_sizes"), QVariantMap{
            {QStringLiteral("traces"), d->stats->outstanding[0].load() + d->stats->spooled[0].load()},
            {QStringLiteral("metrics"), d->stats->outstanding[1].load() + d->stats->spooled[1].load()},
            {QStringLiteral("logs"), d->stats->outstanding[2].load() + d->stats->spooled[2].load()}}},
        {QStringLiteral("queued_bytes"), d->stats->queuedBytes.load()},
        {QStringLiteral("spooled"), perSignal(d->stats->spooled)},
        {QStringLiteral("spool_directory"), d->spoolDirectory},
        {QStringLiteral("spool_persistent"), d->stats->spoolPersistent.load()},
        {QStringLiteral("spool_error"), d->spoolError},
        {QStringLiteral("spool_batches"), d->stats->spoolBatches.load()},
        {QStringLiteral("spool_bytes"), d->stats->spoolBytes.load()},
        {QStringLiteral("sent"), perSignal(d->stats->sent)},
        {QStringLiteral("failed"), perSignal(d->stats->failed)},
        {QStringLiteral("dropped"), perSignal(d->stats->dropped)},
        {QStringLiteral("rejected"), perSignal(d->stats->rejected)},
        {QStringLiteral("retries"), d->stats->retries.load()},
        {QStringLiteral("bytes_sent"), d->stats->bytesSent.load()},
        {QStringLiteral("delivery_paused"), networkPauseName(d->stats->networkPause.load())},
        {QStringLiteral("shut_down"), d->shutDown},
    };
}

void Telemetry::trackEvent(const QString &name, const QVariantMap &attributes)
{
    if (name.isEmpty()) {
        qCWarning(lcTelemetry()) << "trackEvent: an event needs a name; ignored";
        return;
    }
    Record r;
    r.kind = Record::Kind::Event;
    r.name = name;
    r.attributes = attributes;
    if (EventLimiter *limiter = d->automaticSignals ? d->automaticSignals->eventLimiter() : nullptr) {
        // Sampling and the rate limit per name (TelemetryConfig::eventRateLimit()); not consented: no token taken.
        if (!(d->categories.load(std::memory_order_acquire) & int(ConsentCategory::UsageEvents)))
            return;
        const EventLimiter::Verdict verdict = limiter->admit(name);
        if (!verdict.keep) {
            if (verdict.rateLimited)
                d->stats->dropped[signalIndex(TelemetrySignal::Traces)].fetch_add(1, std::memory_order_relaxed);
            return;
        }
        if (verdict.droppedBefore > 0)
            r.attributes.insert(QStringLiteral("rate_limit.dropped"), verdict.droppedBefore);
        if (verdict.samplingRate < 1.0)
            r.attributes.insert(QStringLiteral("sampling.rate"), verdict.samplingRate);
    }
    d->record(std::move(r));
}

void Telemetry::trackMetric(const QString &name, double value, MetricType type, const QVariantMap &attributes)
{
    if (name.isEmpty()) {
        qCWarning(lcTelemetry()) << "trackMetric: a metric needs a name; ignored";
        return;
    }
    if (type != MetricType::Gauge && type != MetricType::Counter && type != MetricType::Histogram) {
        qCWarning(lcTelemetry()) << "trackMetric: unknown metric type" << int(type) << "; recorded as a gauge";
        type = MetricType::Gauge;
    }
    Record r;
    r.kind = Record::Kind::Metric;
    r.name = name;
    r.value = value;
    r.metricType = type;
    r.attributes = attributes;
    d->record(std::move(r));
}

void Telemetry::trackMetric(const QString &name, double value, const QString &type, const QVariantMap &attributes)
{
    trackMetric(name, value, metricTypeFromString(type), attributes);
}

void Telemetry::trackLog(const QString &message, LogSeverity severity, const QVariantMap &attributes)
{
    Record r;
    r.kind = Record::Kind::Log;
    r.name = message;
    r.severity = severity;
    r.attributes = attributes;
    d->record(std::move(r));
}

void Telemetry::trackLog(const QString &message, const QString &severity, const QVariantMap &attributes)
{
    trackLog(message, logSeverityFromString(severity), attributes);
}

void Telemetry::trackError(const std::exception &error, const QVariantMap &context)
{
    if (!(d->categories.load(std::memory_order_relaxed) & int(ConsentCategory::Diagnostics)))
        return; // skip the demangling and what() copy when nothing would be kept
    trackError(demangledTypeName(error), QString::fromUtf8(error.what()), context);
}

void Telemetry::trackError(const QString &errorType, const QString &message, const QVariantMap &context)
{
    Record r;
    r.kind = Record::Kind::Error;
    r.name = errorType;
    r.message = message;
    r.attributes = context;
    d->record(std::move(r));
}

void Telemetry::flush()
{
    d->ensureConsentApplied();
    if (!d->worker || d->shutDown) {
        // Nothing was ever sent from here: the flush is trivially complete (still asynchronous).
        QMetaObject::invokeMethod(this, [this] { Q_EMIT flushFinished(true); }, Qt::QueuedConnection);
        return;
    }
    const quint64 ticket = d->nextFlushTicket++;
    QMetaObject::invokeMethod(d->worker.data(), [w = d->worker, ticket] { if (w) w->flush(ticket); },
                              Qt::QueuedConnection);
}

void Telemetry::enable()
{
    d->consent->grant();
}

void Telemetry::disable()
{
    const bool wasEnabled = isEnabled();
    d->consent->deny(); // stops accepting at once (consentChanged is direct)
    // What was recorded under consent is still delivered; nothing new is accepted.
    if (wasEnabled)
        flush();
}

void Telemetry::setConsent(bool granted)
{
    d->consent->setConsent(granted);
}

bool Telemetry::shutdown(int msecs)
{
    if (d->shutDown)
        return queueSize() == 0;
    // Records held while the consent was read are delivered or dropped by it; and what a previous run's
    // crash or unclean exit left is reported (start() runs with the first reading) before this run ends.
    if (d->stats->queue.size() > 0 || (d->automaticSignals && d->automaticSignals->wantsFirstReading()))
        d->ensureConsentApplied();
    d->shutDown = true;
    if (d->automaticSignals)
        d->automaticSignals->shutdown(); // a clean end: no unclean-exit report for this run
    const int previous = d->categories.exchange(0, std::memory_order_acq_rel);
    if (previous && !(previous & TelemetryPrivate::ConsentPending))
        Q_EMIT enabledChanged(false);
    if (!d->thread)
        return true;
    const qint64 lostBefore = failedCount() + droppedCount();
    const int budget = msecs < 0 ? d->config.shutdownTimeout() : msecs;
    QDeadlineTimer deadline(budget);
    // The worker gives up a little before the deadline so the thread can still stop in time.
    const QDeadlineTimer workerDeadline(qMax(0, budget - qMin(100, budget / 10)));
    // The stats are shared with the worker: if we stop waiting first, it may still release them later.
    d->stats->shutdownRequested.store(true, std::memory_order_relaxed); // a long drain under way yields to it
    QMetaObject::invokeMethod(d->worker.data(), [w = d->worker, workerDeadline] {
        if (w)
            w->shutdown(workerDeadline);
    }, Qt::QueuedConnection);
    const bool finished = d->stats->shutdownDone.tryAcquire(1, int(qMax<qint64>(0, deadline.remainingTime())));
    d->thread->quit();
    if (!d->thread->wait(deadline)) {
        qCWarning(lcTelemetry()) << "telemetry worker did not stop within the shutdown deadline";
        d->thread->setParent(nullptr); // leave it running rather than block the application
        keepAbandonedThread(d->thread);
    } else {
        delete d->thread;
    }
    d->thread = nullptr;
    d->onCountsChanged();
    return finished && queueSize() == 0 && failedCount() + droppedCount() == lostBefore;
}

} // namespace Automagik
