// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "worker.h"

#include "logging.h"
#include "export/gzip.h"

#include <QtCore/QSemaphore>
#include <QtCore/QTimer>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#endif

namespace Automagik::Internal {

namespace {

EncoderLimits limitsFor(const TelemetryConfig &config)
{
    EncoderLimits limits;
    limits.maxAttributeCount = config.maxAttributeCount();
    return limits;
}

QByteArray userAgent()
{
    return QByteArrayLiteral("automagik-telemetry-qt/" AUTOMAGIK_TELEMETRY_VERSION_STRING " Qt/") + qVersion();
}

} // namespace

Worker::Worker(const TelemetryConfig &config, const QString &configError, const EncoderResource &resource,
               RecordQueue *queue, std::shared_ptr<DeliveryStats> stats, std::atomic<bool> *wakePending)
    : m_config(config)
    , m_queue(queue)
    , m_stats(std::move(stats))
    , m_wakePending(wakePending)
    , m_resource(resource)
    , m_encoder(resource, limitsFor(config))
    , m_privacy(config.privacy())
    , m_configError(configError)
{
    if (config.isAuditLogEnabled())
        m_auditLog.emplace(config.auditLogFile().isEmpty() ? AuditLog::defaultFilePath(config.projectName())
                                                           : config.auditLogFile());
}

Worker::~Worker() = default;

void Worker::start()
{
#if defined(Q_OS_LINUX)
    // Telemetry must never take CPU time from the application: lower this thread's nice value (Linux
    // schedules threads individually; QThread priorities are no-ops under SCHED_OTHER). Threads this
    // one starts, such as Qt's HTTP thread, inherit it.
    setpriority(PRIO_PROCESS, 0, 19);
#endif
    HttpSender::Options options;
    options.timeoutMs = m_config.timeout();
    options.userAgent = userAgent();
    m_sender = new HttpSender(options,
                              RetryPolicy(m_config.maxRetries(), m_config.retryBackoffBase(), m_config.maxRetryDelay()),
                              this);
    connect(m_sender, &HttpSender::finished, this, &Worker::onFinished);
    connect(m_sender, &HttpSender::retryScheduled, this,
            [this](const OutgoingBatch &batch, int delayMs, const QString &reason) {
                m_stats->retries.fetch_add(1, std::memory_order_relaxed);
                qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << "failed ("
                                                << reason << "), retry" << batch.attempt << "in" << delayMs << "ms";
            });

    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(m_config.flushInterval());
    connect(m_flushTimer, &QTimer::timeout, this, [this] {
        drain();
        for (int i = 0; i < SignalCount; ++i)
            sendPending(TelemetrySignal(i), true);
    });
    m_flushTimer->start();
}

void Worker::drain()
{
    m_wakePending->store(false, std::memory_order_release);
    reportQueueFullDrops();
    m_queue->takeAll(m_drained);
    if (m_drained.empty())
        return;
    for (Record &r : m_drained) {
        // Scrub before anything is stored or sent; the caller's thread never pays for this.
        if (!r.attributes.isEmpty())
            r.attributes = m_privacy.sanitizeAttributes(r.attributes);
        if (r.kind == Record::Kind::Log)
            r.name = m_privacy.sanitizeString(r.name);
        else if (r.kind == Record::Kind::Error)
            r.message = m_privacy.sanitizeString(r.message);
        m_pending[signalIndex(r.signal())].push_back(std::move(r));
    }
    m_drained.clear();
    for (int i = 0; i < SignalCount; ++i)
        sendPending(TelemetrySignal(i), false);
}

void Worker::setUserId(const QString &userId)
{
    for (auto &attribute : m_resource.attributes) {
        if (attribute.first == QLatin1String("user.id"))
            attribute.second = userId;
    }
    m_encoder = OtlpJsonEncoder(m_resource, limitsFor(m_config));
}

void Worker::sendPending(TelemetrySignal signal, bool partialToo)
{
    std::vector<Record> &pending = m_pending[signalIndex(signal)];
    const std::size_t batchSize = std::size_t(qMax(1, m_config.batchSize()));
    std::size_t begin = 0;
    while (pending.size() - begin >= batchSize) {
        dispatch(signal, pending, begin, begin + batchSize);
        begin += batchSize;
    }
    if (partialToo && begin < pending.size()) {
        dispatch(signal, pending, begin, pending.size());
        begin = pending.size();
    }
    pending.erase(pending.begin(), pending.begin() + std::ptrdiff_t(begin));
}

void Worker::dispatch(TelemetrySignal signal, std::vector<Record> &records, std::size_t begin, std::size_t end)
{
    const int items = int(end - begin);
    const int index = signalIndex(signal);
    if (!m_configError.isEmpty()) {
        // Never guess at a malformed endpoint: report once, count every record, send nothing.
        if (!m_reportedConfigError) {
            qCWarning(lcTelemetry()).noquote() << "not sending telemetry:" << m_configError;
            m_reportedConfigError = true;
        }
        m_stats->outstanding[index].fetch_sub(items, std::memory_order_relaxed);
        m_stats->failed[index].fetch_add(items, std::memory_order_relaxed);
        Q_EMIT sendFailed(signal, items, DeliveryError::InvalidEndpoint, m_configError);
        Q_EMIT countsChanged();
        return;
    }

    OutgoingBatch batch;
    batch.id = m_nextBatchId++;
    batch.signal = signal;
    batch.items = items;
    batch.url = m_config.endpointFor(signal);
    batch.body = m_encoder.encode(signal, records.data() + begin, std::size_t(items));
    batch.rawBytes = batch.body.size();
    if (m_config.isCompressionEnabled() && batch.body.size() > m_config.compressionThreshold()) {
        QByteArray compressed = gzipCompress(batch.body);
        if (!compressed.isEmpty() && compressed.size() < batch.body.size()) { // never send a larger body
            batch.body = std::move(compressed);
            batch.gzipped = true;
        }
    }
    const auto headers = m_config.headers();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        batch.headers.append({it.key(), it.value()});

    qCInfo(lcTelemetry()).noquote() << "sending" << signalToString(signal) << "batch" << batch.id << ":" << items
                                    << "items," << batch.rawBytes << "bytes"
                                    << (batch.gzipped ? QStringLiteral("(gzip %1 bytes)").arg(batch.body.size())
                                                      : QStringLiteral("(uncompressed)"))
                                    << "to" << loggableUrl(batch.url);
    m_outstanding.emplace(batch.id, signal);
    m_sender->send(std::move(batch));
}

void Worker::onFinished(const OutgoingBatch &batch, const DeliveryResult &result)
{
    const int index = signalIndex(batch.signal);
    m_outstanding.erase(batch.id);
    m_stats->outstanding[index].fetch_sub(batch.items, std::memory_order_relaxed);
    if (result.delivered()) {
        const qint64 accepted = qMax<qint64>(0, batch.items - result.rejected);
        m_stats->sent[index].fetch_add(accepted, std::memory_order_relaxed);
        m_stats->bytesSent.fetch_add(batch.body.size(), std::memory_order_relaxed);
        qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << "delivered";
        recordInAuditLog(batch);
        Q_EMIT batchSent(batch.signal, batch.items, batch.body.size());
        if (result.error == DeliveryError::PartiallyRejected) {
            m_stats->rejected[index].fetch_add(result.rejected, std::memory_order_relaxed);
            m_stats->failed[index].fetch_add(qMin<qint64>(result.rejected, batch.items), std::memory_order_relaxed);
            qCWarning(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << ":"
                                               << result.rejected << "items rejected:" << result.rejectedMessage;
            Q_EMIT partiallyRejected(batch.signal, result.rejected, result.rejectedMessage);
        }
    } else {
        const bool droppedUnsent = result.error == DeliveryError::ShutdownDeadline && batch.attempt == 0;
        (droppedUnsent ? m_stats->dropped : m_stats->failed)[index].fetch_add(batch.items, std::memory_order_relaxed);
        for (FlushWaiter &waiter : m_flushWaiters) {
            if (batch.id <= waiter.lastBatchId)
                waiter.failed = true;
        }
        qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << "given up:" << result.reason;
        if (droppedUnsent)
            Q_EMIT dropped(batch.signal, batch.items, result.error);
        else
            Q_EMIT sendFailed(batch.signal, batch.items, result.error, result.reason);
    }
    Q_EMIT countsChanged();
    checkFlushWaiters();
    if (m_shuttingDown && m_outstanding.empty())
        finishShutdown();
}

void Worker::recordInAuditLog(const OutgoingBatch &batch)
{
    if (!m_auditLog)
        return;
    AuditEntry entry;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.signal = batch.signal;
    entry.items = batch.items;
    entry.bytes = batch.body.size();
    entry.destination = loggableUrl(batch.url);
    bool ok = true;
    const QByteArray json = batch.gzipped ? gzipDecompress(batch.body, 256 * 1024, &ok) : batch.body;
    entry.body = QString::fromUtf8(json);
    entry.bodyTruncated = !ok; // larger than what the history keeps
    if (!m_auditLog->append(entry) && !m_reportedAuditError) {
        m_reportedAuditError = true;
        qCWarning(lcTelemetry()).noquote() << "cannot write the audit log" << m_auditLog->filePath();
    }
}

void Worker::reportQueueFullDrops()
{
    for (int i = 0; i < SignalCount; ++i) {
        const qint64 n = m_stats->queueFullUnreported[i].exchange(0, std::memory_order_relaxed);
        if (n > 0) {
            qCWarning(lcTelemetry()).noquote() << "queue full:" << n << signalToString(TelemetrySignal(i)) << "records dropped";
            Q_EMIT dropped(TelemetrySignal(i), int(qMin<qint64>(n, INT_MAX)), DeliveryError::QueueFull);
            Q_EMIT countsChanged();
        }
    }
}

void Worker::flush(quint64 ticket)
{
    drain();
    for (int i = 0; i < SignalCount; ++i)
        sendPending(TelemetrySignal(i), true);
    m_flushWaiters.push_back({ticket, m_nextBatchId - 1, false});
    checkFlushWaiters();
}

void Worker::checkFlushWaiters()
{
    const quint64 oldestOutstanding = m_outstanding.empty() ? UINT64_MAX : m_outstanding.begin()->first;
    for (auto it = m_flushWaiters.begin(); it != m_flushWaiters.end();) {
        if (it->lastBatchId < oldestOutstanding) {
            Q_EMIT flushFinished(it->ticket, !it->failed);
            it = m_flushWaiters.erase(it);
        } else {
            ++it;
        }
    }
}

void Worker::shutdown(QDeadlineTimer deadline, std::shared_ptr<QSemaphore> done)
{
    m_shutdownDone = std::move(done);
    m_shuttingDown = true;
    if (m_flushTimer)
        m_flushTimer->stop();
    drain();
    for (int i = 0; i < SignalCount; ++i)
        sendPending(TelemetrySignal(i), true);
    if (m_outstanding.empty()) {
        finishShutdown();
        return;
    }
    // No time for backoff at exit: retry what waits now, and give up at the deadline.
    m_sender->retryWaitingNow();
    m_shutdownTimer = new QTimer(this);
    m_shutdownTimer->setSingleShot(true);
    connect(m_shutdownTimer, &QTimer::timeout, this, [this] {
        m_sender->abortAll(DeliveryError::ShutdownDeadline, QStringLiteral("shutdown deadline reached"));
        finishShutdown();
    });
    // An absolute deadline: this call may arrive late behind a backlog of batches, and the caller's clock runs.
    m_shutdownTimer->start(int(qMax<qint64>(0, deadline.remainingTime())));
}

void Worker::finishShutdown()
{
    if (m_shutdownTimer)
        m_shutdownTimer->stop();
    if (m_shutdownDone) {
        m_shutdownDone->release();
        m_shutdownDone.reset();
    }
}

} // namespace Automagik::Internal
