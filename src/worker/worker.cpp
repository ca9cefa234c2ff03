// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "worker/worker.h"

#include "common/logging.h"
#include "encoding/gzip.h"
#include "delivery/requestsplitter.h"
#include "privacy/privacy_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QSemaphore>
#include <QtCore/QTimer>


namespace Automagik::Internal {

namespace {

EncoderLimits limitsFor(const TelemetryConfig &config)
{
    EncoderLimits limits;
    limits.maxAttributeCount = config.maxAttributeCount();
    return limits;
}

QString clickHouseTable(const TelemetryConfig &config, TelemetrySignal signal)
{
    switch (signal) {
    case TelemetrySignal::Metrics:
        return config.clickhouseMetricsTable();
    case TelemetrySignal::Logs:
        return config.clickhouseLogsTable();
    case TelemetrySignal::Traces:
        break;
    }
    return config.clickhouseTable();
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
    , m_clickHouseEncoder(resource, limitsFor(config))
    , m_clickHouse(config.backend() == Backend::ClickHouse)
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
    // No nice value here on purpose: under CPU load a starved worker delays spool writes, which widens what
    // a crash can lose. Its CPU use is bounded by batching.
    HttpSender::Options options;
    options.timeoutMs = m_config.timeout();
    options.userAgent = userAgent();
    options.maxInFlight = SenderWindow;
#if QT_CONFIG(ssl)
    if (!m_config.caCertificatesFile().isEmpty()) {
        options.caCertificates = QSslCertificate::fromPath(m_config.caCertificatesFile());
        if (options.caCertificates.isEmpty())
            qCWarning(lcTelemetry()).noquote() << "no certificate could be read from" << m_config.caCertificatesFile();
    }
#endif
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

    m_resumeTimer = new QTimer(this);
    m_resumeTimer->setSingleShot(true);
    connect(m_resumeTimer, &QTimer::timeout, this, [this] {
        m_pauseEnds = QDeadlineTimer(0); // a coarse timer may fire a little early
        pump();
    });

    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(m_config.flushInterval());
    connect(m_flushTimer, &QTimer::timeout, this, [this] {
        drain();
        for (int i = 0; i < SignalCount; ++i)
            sendPending(TelemetrySignal(i), true);
        std::vector<Spool::Eviction> evictions;
        m_spool->expire(&evictions);
        reportEvictions(evictions);
        pump();
    });
    m_flushTimer->start();

    openSpool();
    pump(); // what an earlier run left is sent first
}

void Worker::openSpool()
{
    Spool::Options options;
    // A batch encoded for one backend is never sent to the other: the format is part of each file.
    options.format = m_clickHouse ? QByteArrayLiteral("clickhouse-json-each-row") : QByteArrayLiteral("otlp-json");
    options.maxBytes = m_config.maxSpoolBytes();
    options.maxAgeMs = m_config.maxSpoolAge();
    if (m_config.isSpoolEnabled() && m_configError.isEmpty()) {
        options.directory = m_config.spoolDirectory().isEmpty() ? Spool::defaultDirectory(m_config.projectName())
                                                                : m_config.spoolDirectory();
    }
    m_spool = std::make_unique<Spool>(options);
    std::vector<Spool::Eviction> evictions;
    if (!m_spool->open(&evictions) && !options.directory.isEmpty()) {
        m_reportedSpoolError = true;
        qCWarning(lcTelemetry()).noquote() << "telemetry spool unavailable, keeping batches in memory:"
                                           << m_spool->errorString();
        Q_EMIT spoolUnavailable(m_spool->errorString());
    }
    m_stats->spoolPersistent.store(m_spool->isPersistent(), std::memory_order_relaxed);
    for (const auto &[sequence, entry] : m_spool->entries())
        m_stats->spooled[signalIndex(entry.signal)].fetch_add(entry.items, std::memory_order_relaxed);
    m_spool->expire(&evictions); // before anything is sent: leftovers past maxSpoolAge never go out
    if (!m_spool->entries().empty()) {
        qCInfo(lcTelemetry()).noquote() << "resending" << m_spool->entries().size()
                                        << "batches an earlier run left in" << m_spool->slotDirectory();
    }
    reportEvictions(evictions);
    publishSpoolCounts();
}

void Worker::drain()
{
    m_wakePending->store(false, std::memory_order_release);
    reportQueueFullDrops();
    m_queue->takeAll(m_drained);
    if (m_drained.empty())
        return;
    // Scrub before anything is stored or sent; the caller's thread never pays for this. Names are
    // scrubbed like values (an event named after a file or an address is no exception), and a
    // string far longer than what the encoder keeps of it is cut before it is scanned.
    const EncoderLimits limits = limitsFor(m_config);
    for (Record &r : m_drained) {
        if (!r.attributes.isEmpty())
            r.attributes = PrivacyAccess::sanitizeAttributes(m_privacy, r.attributes, limits.maxStringLength);
        r.name = PrivacyAccess::sanitizeString(m_privacy, r.name,
                                               r.kind == Record::Kind::Log ? limits.maxLogBodyLength
                                                                           : limits.maxStringLength);
        if (r.kind == Record::Kind::Error)
            r.message = PrivacyAccess::sanitizeString(m_privacy, r.message, limits.maxErrorMessageLength);
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
    m_clickHouseEncoder = ClickHouseEncoder(m_resource, limitsFor(m_config));
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
    if (begin > 0)
        pump();
}

void Worker::dispatch(TelemetrySignal signal, std::vector<Record> &records, std::size_t begin, std::size_t end)
{
    const int items = int(end - begin);
    const int index = signalIndex(signal);
    qint64 bytes = 0;
    for (std::size_t i = begin; i < end; ++i)
        bytes += records[i].approxBytes;
    m_stats->queuedBytes.fetch_sub(bytes, std::memory_order_relaxed);
    m_stats->outstanding[index].fetch_sub(items, std::memory_order_relaxed);
    if (!m_configError.isEmpty()) {
        // Never guess at a malformed endpoint: report once, count every record, send nothing.
        if (!m_reportedConfigError) {
            qCWarning(lcTelemetry()).noquote() << "not sending telemetry:" << m_configError;
            m_reportedConfigError = true;
        }
        m_stats->failed[index].fetch_add(items, std::memory_order_relaxed);
        m_configErrorSinceFlush = true;
        Q_EMIT sendFailed(signal, items, DeliveryError::InvalidEndpoint, m_configError);
        Q_EMIT countsChanged();
        return;
    }
    const Record *first = records.data() + begin;
    store(signal, items, m_clickHouse ? m_clickHouseEncoder.encode(signal, first, std::size_t(items))
                                      : m_encoder.encode(signal, first, std::size_t(items)));
}

quint64 Worker::store(TelemetrySignal signal, int items, const QByteArray &json, const SpoolEntry *sameAgeAs)
{
    QByteArray body = json;
    bool gzipped = false;
    if (m_config.isCompressionEnabled() && body.size() > m_config.compressionThreshold()) {
        QByteArray compressed = gzipCompress(body);
        if (!compressed.isEmpty() && compressed.size() < body.size()) { // never send a larger body
            body = std::move(compressed);
            gzipped = true;
        }
    }
    std::vector<Spool::Eviction> evictions;
    const bool wasPersistent = m_spool->isPersistent();
    const quint64 sequence = m_spool->append(signal, items, gzipped, body, &evictions, sameAgeAs);
    m_stats->spooled[signalIndex(signal)].fetch_add(items, std::memory_order_relaxed);
    if (wasPersistent && !m_spool->isPersistent() && !m_reportedSpoolError) {
        m_reportedSpoolError = true;
        m_stats->spoolPersistent.store(false, std::memory_order_relaxed);
        qCWarning(lcTelemetry()).noquote() << "telemetry spool unavailable, keeping batches in memory:"
                                           << m_spool->errorString();
        Q_EMIT spoolUnavailable(m_spool->errorString());
    }
    reportEvictions(evictions);
    publishSpoolCounts();
    Q_EMIT countsChanged();
    return sequence;
}

OutgoingBatch Worker::batchFor(const SpoolEntry &entry, QByteArray body) const
{
    OutgoingBatch batch;
    batch.id = entry.sequence;
    batch.signal = entry.signal;
    batch.items = entry.items;
    batch.gzipped = entry.gzipped;
    batch.body = std::move(body);
    if (m_clickHouse) {
        batch.url = ClickHouseEncoder::insertUrl(m_config.clickhouseEndpoint(), m_config.clickhouseDatabase(),
                                                 clickHouseTable(m_config, entry.signal));
        batch.contentType = ClickHouseEncoder::contentType();
        // Credentials travel in headers only: never in the URL, so never in a log line either.
        batch.headers = ClickHouseEncoder::authHeaders(m_config.clickhouseUsername(), m_config.clickhousePassword());
        return batch;
    }
    batch.url = m_config.endpointFor(entry.signal);
    const auto headers = m_config.headers();
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        batch.headers.append({it.key(), it.value()});
    return batch;
}

void Worker::pump()
{
    if (!m_sender || !m_spool || m_stopped)
        return;
    if (m_paused && m_pauseEnds.hasExpired() && m_spool->inSenderCount() == 0)
        m_probing = true; // the pause is over: one batch finds out whether the backend is back
    while (m_spool->inSenderCount() < (m_paused ? (m_probing ? 1 : 0) : SenderWindow)) {
        SpoolEntry *entry = m_spool->nextToSend();
        if (!entry)
            break;
        QString error;
        std::optional<QByteArray> body = m_spool->body(entry->sequence, &error);
        if (!body || body->isEmpty()) {
            qCWarning(lcTelemetry()).noquote() << "removing damaged spool file" << entry->fileName << ":" << error;
            std::vector<Spool::Eviction> evictions{{*entry, DeliveryError::SpoolCorrupt}};
            m_spool->remove(entry->sequence);
            reportEvictions(evictions);
            continue;
        }
        entry->inSender = true;
        OutgoingBatch batch = batchFor(*entry, std::move(*body));
        qCInfo(lcTelemetry()).noquote() << "sending" << signalToString(batch.signal) << "batch" << batch.id << ":"
                                        << batch.items << "items," << batch.body.size() << "bytes"
                                        << (batch.gzipped ? "(gzip)" : "(uncompressed)") << "to"
                                        << loggableUrl(batch.url);
        m_sender->send(std::move(batch));
    }
    publishSpoolCounts();
}

void Worker::onFinished(const OutgoingBatch &batch, const DeliveryResult &result)
{
    const int index = signalIndex(batch.signal);
    SpoolEntry *entry = m_spool->find(batch.id);
    if (entry)
        entry->inSender = false;
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
        if (entry) {
            m_spool->remove(batch.id);
            m_stats->spooled[index].fetch_sub(batch.items, std::memory_order_relaxed);
        }
        // The backend answers: end any pause and send what waits.
        m_paused = m_probing = false;
        m_failedProbes = 0;
    } else if (result.error == DeliveryError::ShutdownDeadline && entry && !entry->fileName.isEmpty()) {
        // Stays on disk for the next run.
    } else if (result.error == DeliveryError::RetriesExhausted && !m_stopped) {
        postpone(batch, failureReason(result));
    } else if (m_clickHouse && result.httpStatus == 500 && !m_stopped
               && ClickHouseEncoder::isTransientException(ClickHouseEncoder::exceptionCode(result.response))) {
        // ClickHouse answers overload (too many parts, memory limit) with 500: wait and try again.
        postpone(batch, failureReason(result));
    } else if (result.httpStatus == 413 && splitAndRequeue(batch)) {
        qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id
                                        << "too large for the backend (HTTP 413): split in two";
    } else {
        const QString reason = failureReason(result);
        const bool droppedUnsent = result.error == DeliveryError::ShutdownDeadline;
        (droppedUnsent ? m_stats->dropped : m_stats->failed)[index].fetch_add(batch.items, std::memory_order_relaxed);
        if (entry) {
            m_spool->remove(batch.id);
            m_stats->spooled[index].fetch_sub(batch.items, std::memory_order_relaxed);
        }
        for (FlushWaiter &waiter : m_flushWaiters) {
            if (batch.id <= waiter.lastSequence)
                waiter.failed = true;
        }
        qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << "given up:" << reason;
        if (droppedUnsent)
            Q_EMIT dropped(batch.signal, batch.items, result.error);
        else
            Q_EMIT sendFailed(batch.signal, batch.items, result.error, reason);
    }
    pump();
    publishSpoolCounts();
    Q_EMIT countsChanged();
    checkFlushWaiters();
    if (m_shuttingDown && isIdle())
        finishShutdown();
}

QString Worker::failureReason(const DeliveryResult &result) const
{
    if (!m_clickHouse || result.response.isEmpty())
        return result.reason;
    return result.reason + QStringLiteral(": ") + ClickHouseEncoder::errorText(result.response); // the server's own words
}

void Worker::postpone(const OutgoingBatch &batch, const QString &reason)
{
    // The backend keeps failing: the batch stays in the spool; pause, and probe again later.
    if (!m_paused || m_probing)
        ++m_failedProbes;
    m_paused = true;
    m_probing = false;
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const RetryPolicy policy(m_config.maxRetries(), m_config.retryBackoffBase(), m_config.maxRetryDelay());
    const int delay = qMax(1, policy.retryDelay(m_config.maxRetries() + m_failedProbes, unit(m_random)));
    m_pauseEnds = QDeadlineTimer(delay);
    m_resumeTimer->start(delay);
    for (FlushWaiter &waiter : m_flushWaiters) {
        if (batch.id <= waiter.lastSequence)
            waiter.failed = true;
    }
    qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << "postponed:" << reason
                                    << "; kept in the spool, next attempt in" << delay << "ms";
    Q_EMIT deliveryPostponed(batch.signal, batch.items, reason);
}

bool Worker::splitAndRequeue(const OutgoingBatch &batch)
{
    bool ok = true;
    const QByteArray json = batch.gzipped ? gzipDecompress(batch.body, qint64(1) << 31, &ok) : batch.body;
    if (!ok)
        return false;
    const auto halves = m_clickHouse ? splitJsonEachRow(json) : splitOtlpRequest(batch.signal, json);
    if (!halves)
        return false; // a single item the backend still finds too large: dropped with the 413
    const SpoolEntry *entry = m_spool->find(batch.id);
    // The halves keep the age of the whole.
    const std::optional<SpoolEntry> whole = entry ? std::optional<SpoolEntry>(*entry) : std::nullopt;
    const int index = signalIndex(batch.signal);
    if (entry) {
        m_spool->remove(batch.id);
        m_stats->spooled[index].fetch_sub(batch.items, std::memory_order_relaxed);
    }
    const SpoolEntry *age = whole ? &*whole : nullptr;
    store(batch.signal, halves->first.items, halves->first.json, age);
    const quint64 last = store(batch.signal, halves->second.items, halves->second.json, age);
    // A flush waiting for the whole batch now waits for both halves.
    for (FlushWaiter &waiter : m_flushWaiters) {
        if (batch.id <= waiter.lastSequence)
            waiter.lastSequence = qMax(waiter.lastSequence, last);
    }
    return true;
}

void Worker::reportEvictions(std::vector<Spool::Eviction> &evictions)
{
    for (const Spool::Eviction &eviction : evictions) {
        const int index = signalIndex(eviction.entry.signal);
        if (eviction.entry.items > 0) {
            m_stats->dropped[index].fetch_add(eviction.entry.items, std::memory_order_relaxed);
            m_stats->spooled[index].fetch_sub(eviction.entry.items, std::memory_order_relaxed);
        }
        const char *why = eviction.reason == DeliveryError::SpoolFull  ? "the spool is full (maxSpoolBytes)"
            : eviction.reason == DeliveryError::SpoolExpired            ? "it is older than maxSpoolAge"
                                                                        : "its spool file is damaged";
        if (!m_reportedEviction) {
            m_reportedEviction = true;
            qCWarning(lcTelemetry()).noquote() << "dropping undelivered" << signalToString(eviction.entry.signal)
                                               << "batch of" << eviction.entry.items << "items:" << why;
        } else {
            qCInfo(lcTelemetry()).noquote() << "dropping undelivered" << signalToString(eviction.entry.signal)
                                            << "batch of" << eviction.entry.items << "items:" << why;
        }
        Q_EMIT dropped(eviction.entry.signal, eviction.entry.items, eviction.reason);
    }
    if (!evictions.empty())
        Q_EMIT countsChanged();
    evictions.clear();
}

void Worker::publishSpoolCounts()
{
    m_stats->spoolBytes.store(m_spool ? m_spool->totalBytes() : 0, std::memory_order_relaxed);
    m_stats->spoolBatches.store(m_spool ? qint64(m_spool->entries().size()) : 0, std::memory_order_relaxed);
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
    if (m_paused)
        m_pauseEnds = QDeadlineTimer(0); // a flush asks for delivery now: probe at once
    pump();
    const quint64 last = m_spool->entries().empty() ? 0 : m_spool->entries().rbegin()->first;
    m_flushWaiters.push_back({ticket, last, m_configErrorSinceFlush});
    m_configErrorSinceFlush = false;
    checkFlushWaiters();
}

bool Worker::isIdle() const
{
    // Nothing in the sender, and nothing more will be sent now (all sent, or paused while the backend is down).
    return m_spool->inSenderCount() == 0 && (m_paused || m_stopped || m_spool->entries().empty());
}

void Worker::checkFlushWaiters()
{
    for (auto it = m_flushWaiters.begin(); it != m_flushWaiters.end();) {
        bool waiting = false;
        bool left = false;
        for (const auto &[sequence, entry] : m_spool->entries()) {
            if (sequence > it->lastSequence)
                break;
            left = true;
            if (entry.inSender || !m_paused) {
                waiting = true;
                break;
            }
        }
        if (!waiting) {
            Q_EMIT flushFinished(it->ticket, !it->failed && !left);
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
    if (m_paused)
        m_pauseEnds = QDeadlineTimer(0);
    pump();
    if (isIdle()) {
        finishShutdown();
        return;
    }
    // No time for backoff at exit: retry what waits now, and give up at the deadline.
    m_sender->retryWaitingNow();
    m_shutdownTimer = new QTimer(this);
    m_shutdownTimer->setSingleShot(true);
    connect(m_shutdownTimer, &QTimer::timeout, this, [this] {
        m_stopped = true;
        m_sender->abortAll(DeliveryError::ShutdownDeadline, QStringLiteral("shutdown deadline reached"));
        finishShutdown();
    });
    // An absolute deadline: this call may arrive late behind a backlog of batches, and the caller's clock runs.
    m_shutdownTimer->start(int(qMax<qint64>(0, deadline.remainingTime())));
}

void Worker::finishShutdown()
{
    m_stopped = true;
    if (m_shutdownTimer)
        m_shutdownTimer->stop();
    if (m_resumeTimer)
        m_resumeTimer->stop();
    if (m_spool) {
        // Batches kept in memory (no usable directory, or no space on it) are lost with the process: count
        // them. Those on disk stay for the next run.
        std::vector<Spool::Eviction> lost;
        for (const auto &[sequence, entry] : m_spool->entries()) {
            if (!entry.fileName.isEmpty())
                continue;
            const int index = signalIndex(entry.signal);
            m_stats->dropped[index].fetch_add(entry.items, std::memory_order_relaxed);
            m_stats->spooled[index].fetch_sub(entry.items, std::memory_order_relaxed);
            Q_EMIT dropped(entry.signal, entry.items, DeliveryError::ShutdownDeadline);
            lost.push_back({entry, DeliveryError::ShutdownDeadline});
        }
        for (const Spool::Eviction &e : lost)
            m_spool->remove(e.entry.sequence);
        publishSpoolCounts();
    }
    if (m_shutdownDone) {
        m_shutdownDone->release();
        m_shutdownDone.reset();
    }
}

} // namespace Automagik::Internal
