// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "worker/worker.h"

#include "common/logging.h"
#include "encoding/gzip.h"
#include "platform/startupplacement.h"
#include "privacy/privacy_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QSemaphore>
#include <QtCore/QTimer>

#include <optional>

#if defined(Q_OS_LINUX)
#include <sched.h>
#endif

namespace Automagik::Internal {

Worker::Worker(const TelemetryConfig &config, const QString &configError, ResourceFactory makeResource,
               RecordQueue *queue, std::shared_ptr<DeliveryStats> stats, std::atomic<bool> *wakePending)
    : m_config(config)
    , m_queue(queue)
    , m_stats(std::move(stats))
    , m_wakePending(wakePending)
    , m_makeResource(std::move(makeResource))
    , m_privacy(config.privacy())
    , m_configError(configError)
    , m_delivery(RetryPolicy(config.maxRetries(), config.retryBackoffBase(), config.maxRetryDelay()),
                 config.maxRetries(), SenderWindow)
{
}

Worker::~Worker() = default;

void Worker::start()
{
    lowerSchedulingClass();
    // The start-up work runs off the starting thread's core; it ends before pump() makes Qt start its
    // HTTP thread, which would inherit the narrower affinity.
    std::optional<StartupPlacement> placement(std::in_place, m_starterCore);
    m_resource = m_makeResource();
    m_exporter = createExporter(m_config, m_resource);
    if (m_config.isAuditLogEnabled())
        m_auditLog.emplace(m_config.auditLogFile().isEmpty() ? AuditLog::defaultFilePath(m_config.projectName())
                                                             : m_config.auditLogFile());
    m_transport = m_exporter->createTransport(this);
    connect(m_transport, &Transport::finished, this, &Worker::onFinished);
    connect(m_transport, &Transport::retryScheduled, this,
            [this](const OutgoingBatch &batch, int delayMs, const QString &reason) {
                m_stats->retries.fetch_add(1, std::memory_order_relaxed);
                qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << "failed ("
                                                << reason << "), retry" << batch.attempt << "in" << delayMs << "ms";
            });

    m_resumeTimer = new QTimer(this);
    m_resumeTimer->setSingleShot(true);
    connect(m_resumeTimer, &QTimer::timeout, this, [this] {
        m_delivery.expedite(); // a coarse timer may fire a little early
        expireSpool(); // batches waiting out a pause still age
        pump();
    });

    // Single shot, armed by the first record after the last tick: a client with nothing to send sleeps.
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(m_config.flushInterval());
    connect(m_flushTimer, &QTimer::timeout, this, &Worker::onFlushTick);
    if (m_stats->flushArmed.load(std::memory_order_acquire))
        m_flushTimer->start(); // records arrived before the thread ran

    // Delivery waits while the system is offline (and, when asked, on a metered network), unless every
    // destination is on this machine. A file needs no network.
    bool networkMatters = false;
    if (m_config.backend() != Backend::File && m_configError.isEmpty()) {
        for (int i = 0; i < SignalCount; ++i) {
            OutgoingBatch probe;
            probe.signal = TelemetrySignal(i);
            m_exporter->address(probe);
            networkMatters = networkMatters || NetworkStatus::mattersFor(probe.url);
        }
    }
    if (networkMatters) {
        m_network = new NetworkStatus(m_config.pausesOnMeteredNetworks(), this);
        connect(m_network, &NetworkStatus::changed, this, &Worker::onNetworkChanged);
        m_network->start();
        m_stats->networkPause.store(int(m_network->pause()), std::memory_order_relaxed);
        m_transport->setHeld(isNetworkPaused());
    }

    openSpool();
    placement.reset();
    pump(); // what an earlier run left is sent first
}

void Worker::releaseIfLarge(std::vector<Record> &records)
{
    // After a burst the vectors would keep room for all of it: memory an idle client should not hold.
    constexpr std::size_t KeptCapacity = 1024;
    if (records.capacity() > KeptCapacity)
        std::vector<Record>().swap(records);
    records.clear();
}

void Worker::lowerSchedulingClass()
{
#if defined(Q_OS_LINUX)
    // SCHED_BATCH rather than a nice value: the worker keeps a normal thread's share of the CPU (a niced or
    // SCHED_IDLE worker starves under other processes' load and delays spool writes, which widens what a
    // crash loses), but its wake-ups never preempt the thread running on a core, so the application's
    // thread keeps its core until its time slice ends. Qt's HTTP thread, started from here, inherits it.
    sched_param param{};
    if (sched_setscheduler(0, SCHED_BATCH, &param) != 0)
        qCInfo(lcTelemetry()).noquote() << "worker thread keeps the default scheduling class:" << qt_error_string(errno);
#endif
}

void Worker::armFlush()
{
    if (m_flushTimer && !m_flushTimer->isActive() && !isShuttingDown())
        m_flushTimer->start();
}

void Worker::onFlushTick()
{
    // Cleared before the queue is read: a record pushed from here on arms the next tick itself.
    m_stats->flushArmed.store(false, std::memory_order_release);
    drain();
    for (int i = 0; i < SignalCount; ++i)
        sendPending(TelemetrySignal(i), true);
    expireSpool();
    pump();
}

void Worker::expireSpool()
{
    if (!m_spool)
        return;
    std::vector<Spool::Eviction> evictions;
    m_spool->expire(&evictions);
    reportEvictions(evictions);
}

void Worker::openSpool()
{
    Spool::Options options;
    // A batch encoded for one backend is never sent to the other: the format is part of each file.
    options.format = m_exporter->format();
    options.alsoReadable = m_exporter->siblingFormats();
    options.maxBytes = m_config.maxSpoolBytes();
    options.maxAgeMs = m_config.maxSpoolAge();
    if (m_config.isSpoolEnabled() && m_configError.isEmpty()) {
        options.directory = m_config.spoolDirectory().isEmpty() ? Spool::defaultDirectory(m_config.projectName())
                                                                : m_config.spoolDirectory();
    }
    m_spool = std::make_unique<Spool>(options);
    std::vector<Spool::Eviction> evictions;
    if (!m_spool->open(&evictions) && !options.directory.isEmpty()) {
        firstTime(Warning::Spool);
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
    processQueued(QDeadlineTimer::Forever);
}

void Worker::processQueued(QDeadlineTimer deadline)
{
    // What is queued now goes through in steps of a chunk or two, never as one vector of the whole
    // backlog: a burst's vector runs to megabytes, which malloc maps and unmaps, and each of those
    // calls holds the process's memory-map lock that the caller's own heap growth waits for. The
    // waiting caller is then woken onto this thread's core and shares it for a scheduler tick (4 ms
    // seen in `perf`/ftrace traces of the stall benchmark). Steps keep every vector here under
    // malloc's mapping threshold. Records pushed meanwhile are left to the drain they have woken.
    std::size_t left = m_queue->size() + m_drained.size();
    while (left > 0) {
        const std::size_t processed = scrubDrained(deadline);
        for (int i = 0; i < SignalCount; ++i)
            sendPending(TelemetrySignal(i), false, deadline);
        if (!m_drained.empty() || processed == 0)
            break; // stopped for a shutdown: it carries on from here
        left -= qMin(left, processed);
    }
}

bool Worker::shouldStop(QDeadlineTimer deadline) const
{
    // In a normal drain (no deadline) a shutdown request stops it: the shutdown itself carries on.
    return deadline.isForever() ? m_stats->shutdownRequested.load(std::memory_order_relaxed) : deadline.hasExpired();
}

std::size_t Worker::scrubDrained(QDeadlineTimer deadline)
{
    if (m_drained.empty())
        m_queue->takeChunksOf(m_drained, DrainStep);
    if (m_drained.empty())
        return 0;
    // Scrub before anything is stored or sent; the caller's thread never pays for this. Names are
    // scrubbed like values (an event named after a file or an address is no exception), and a
    // string far longer than what the encoder keeps of it is cut before it is scanned.
    const EncoderLimits limits = Exporter::limitsFor(m_config);
    constexpr std::size_t Slice = 256; // records between two looks at the clock and the shutdown request
    std::size_t done = 0;
    for (; done < m_drained.size(); ++done) {
        if (done % Slice == 0 && shouldStop(deadline))
            break;
        Record &r = m_drained[done];
        if (!r.attributes.isEmpty())
            r.attributes = PrivacyAccess::sanitizeAttributes(m_privacy, r.attributes, limits.maxStringLength);
        r.name = PrivacyAccess::sanitizeString(m_privacy, r.name,
                                               r.kind == Record::Kind::Log ? limits.maxLogBodyLength
                                                                           : limits.maxStringLength);
        if (r.kind == Record::Kind::Error)
            r.message = PrivacyAccess::sanitizeString(m_privacy, r.message, limits.maxErrorMessageLength);
        m_pending[signalIndex(r.signal())].push_back(std::move(r));
    }
    if (done < m_drained.size() && !deadline.isForever()) {
        dropUnsent(m_drained, done, m_drained.size()); // the shutdown deadline came first: never scrubbed, never kept
        done = m_drained.size();
    }
    m_drained.erase(m_drained.begin(), m_drained.begin() + std::ptrdiff_t(done)); // the rest: for the shutdown
    if (m_drained.empty())
        releaseIfLarge(m_drained);
    return done;
}

void Worker::dropUnsent(std::vector<Record> &records, std::size_t begin, std::size_t end)
{
    std::array<int, SignalCount> items{};
    std::array<qint64, SignalCount> bytes{};
    for (std::size_t i = begin; i < end; ++i) {
        const int index = signalIndex(records[i].signal());
        ++items[index];
        bytes[index] += records[i].approxBytes;
    }
    for (int index = 0; index < SignalCount; ++index) {
        if (!items[index])
            continue;
        m_stats->queuedBytes.fetch_sub(bytes[index], std::memory_order_relaxed);
        m_stats->outstanding[index].fetch_sub(items[index], std::memory_order_relaxed);
        m_stats->dropped[index].fetch_add(items[index], std::memory_order_relaxed);
        Q_EMIT dropped(TelemetrySignal(index), items[index], DeliveryError::ShutdownDeadline);
    }
    Q_EMIT countsChanged();
}

void Worker::setUserId(const QString &userId)
{
    for (auto &attribute : m_resource.attributes) {
        if (attribute.first == QLatin1String("user.id"))
            attribute.second = userId;
    }
    m_exporter->setResource(m_resource);
}

void Worker::sendPending(TelemetrySignal signal, bool partialToo, QDeadlineTimer deadline)
{
    std::vector<Record> &pending = m_pending[signalIndex(signal)];
    const std::size_t batchSize = std::size_t(qMax(1, m_config.batchSize()));
    std::size_t begin = 0;
    bool stopped = false;
    while (pending.size() - begin >= batchSize) {
        if ((stopped = shouldStop(deadline)))
            break;
        dispatch(signal, pending, begin, begin + batchSize);
        begin += batchSize;
    }
    if (partialToo && !stopped && begin < pending.size()) {
        if ((stopped = shouldStop(deadline)) == false) {
            dispatch(signal, pending, begin, pending.size());
            begin = pending.size();
        }
    }
    if (stopped && !deadline.isForever()) {
        dropUnsent(pending, begin, pending.size()); // past the shutdown deadline: not encoded, not kept
        begin = pending.size();
    }
    pending.erase(pending.begin(), pending.begin() + std::ptrdiff_t(begin));
    if (pending.empty())
        releaseIfLarge(pending);
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
        if (firstTime(Warning::ConfigError))
            qCWarning(lcTelemetry()).noquote() << "not sending telemetry:" << m_configError;
        m_stats->failed[index].fetch_add(items, std::memory_order_relaxed);
        m_configErrorSinceFlush = true;
        Q_EMIT sendFailed(signal, items, DeliveryError::InvalidEndpoint, m_configError);
        Q_EMIT countsChanged();
        return;
    }
    const Record *first = records.data() + begin;
    store(signal, items, m_exporter->encode(signal, first, std::size_t(items)));
}

quint64 Worker::store(TelemetrySignal signal, int items, const QByteArray &json, const SpoolEntry *sameAgeAs)
{
    QByteArray body = json;
    bool gzipped = false;
    if (m_exporter->compressesBodies() && m_config.isCompressionEnabled()
        && body.size() > m_config.compressionThreshold()) {
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
    if (wasPersistent && !m_spool->isPersistent() && firstTime(Warning::Spool)) {
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
    batch.format = entry.format;
    batch.body = std::move(body);
    m_exporter->address(batch);
    return batch;
}

void Worker::pump()
{
    if (!m_transport || !m_spool)
        return;
    if (m_network)
        m_network->attachIfLoaded();
    if (isNetworkPaused()) {
        // Nothing starts, so no attempt is spent; the batches wait in the spool for the network.
        reportNetworkPause();
        publishSpoolCounts();
        return;
    }
    while (m_spool->inSenderCount() < m_delivery.window(m_spool->inSenderCount())) {
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
        m_transport->send(std::move(batch));
    }
    publishSpoolCounts();
}

void Worker::onNetworkChanged()
{
    if (isShuttingDown())
        return;
    const bool paused = isNetworkPaused();
    m_stats->networkPause.store(int(m_network->pause()), std::memory_order_relaxed);
    m_transport->setHeld(paused);
    if (paused) {
        m_networkPauseReportedUpTo = 0;
    } else {
        // Back: send at once, and what failed while the network was away does not lengthen the backoff.
        m_delivery.networkBack();
        m_resumeTimer->stop();
        expireSpool();
    }
    pump();
    checkFlushWaiters();
}

void Worker::reportNetworkPause()
{
    int items[SignalCount] = {};
    for (const auto &[sequence, entry] : m_spool->entries()) {
        if (sequence <= m_networkPauseReportedUpTo || entry.inSender)
            continue;
        items[signalIndex(entry.signal)] += entry.items;
        m_networkPauseReportedUpTo = sequence;
    }
    const QString reason = m_network->reason();
    for (int i = 0; i < SignalCount; ++i) {
        if (items[i] == 0)
            continue;
        qCInfo(lcTelemetry()).noquote() << items[i] << signalToString(TelemetrySignal(i))
                                        << "items postponed:" << reason << "; kept in the spool";
        Q_EMIT deliveryPostponed(TelemetrySignal(i), items[i], reason);
    }
}

void Worker::onFinished(const OutgoingBatch &batch, const DeliveryResult &result)
{
    const int index = signalIndex(batch.signal);
    SpoolEntry *entry = m_spool->find(batch.id);
    if (entry)
        entry->inSender = false;
    const Exporter::Verdict verdict = m_exporter->verdict(result);
    if (verdict == Exporter::Verdict::Delivered) {
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
        m_delivery.delivered(); // the backend answers: end any pause and send what waits
    } else if (result.error == DeliveryError::ShutdownDeadline && entry && !entry->fileName.isEmpty()) {
        // Stays on disk for the next run.
    } else if (verdict == Exporter::Verdict::TryLater && !m_delivery.isStopped()) {
        postpone(batch, m_exporter->failureReason(result));
    } else if (verdict == Exporter::Verdict::Split && splitAndRequeue(batch)) {
        qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id
                                        << "too large for the backend: split in two";
    } else {
        giveUp(batch, result, entry);
    }
    pump();
    publishSpoolCounts();
    Q_EMIT countsChanged();
    checkFlushWaiters();
    if (isShuttingDown() && isIdle())
        finishShutdown();
}

void Worker::giveUp(const OutgoingBatch &batch, const DeliveryResult &result, SpoolEntry *entry)
{
    const int index = signalIndex(batch.signal);
    const QString reason = m_exporter->failureReason(result);
    const bool droppedUnsent = result.error == DeliveryError::ShutdownDeadline;
    (droppedUnsent ? m_stats->dropped : m_stats->failed)[index].fetch_add(batch.items, std::memory_order_relaxed);
    if (entry) {
        m_spool->remove(batch.id);
        m_stats->spooled[index].fetch_sub(batch.items, std::memory_order_relaxed);
    }
    markFlushWaitersFailed(batch.id);
    qCInfo(lcTelemetry()).noquote() << signalToString(batch.signal) << "batch" << batch.id << "given up:" << reason;
    if (droppedUnsent)
        Q_EMIT dropped(batch.signal, batch.items, result.error);
    else
        Q_EMIT sendFailed(batch.signal, batch.items, result.error, reason);
}

void Worker::markFlushWaitersFailed(quint64 batchId)
{
    for (FlushWaiter &waiter : m_flushWaiters) {
        if (batchId <= waiter.lastSequence)
            waiter.failed = true;
    }
}

void Worker::postpone(const OutgoingBatch &batch, const QString &reason)
{
    // The backend keeps failing: the batch stays in the spool; pause, and probe again later.
    const int delay = m_delivery.backendDown();
    m_resumeTimer->start(delay);
    markFlushWaitersFailed(batch.id);
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
    const auto halves = m_exporter->split(batch.signal, json);
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
        if (firstTime(Warning::Eviction)) {
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
    if (!m_auditLog->append(entry) && firstTime(Warning::AuditLog)) {
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
    m_delivery.expedite(); // a flush asks for delivery now: end any pause, probe at once
    pump();
    const quint64 last = m_spool->entries().empty() ? 0 : m_spool->entries().rbegin()->first;
    m_flushWaiters.push_back({ticket, last, m_configErrorSinceFlush});
    m_configErrorSinceFlush = false;
    checkFlushWaiters();
}

bool Worker::isIdle() const
{
    // Nothing in the sender, and nothing more will be sent now (all sent, or paused while the backend is down).
    return m_spool->inSenderCount() == 0
        && (m_delivery.isBackendDown() || m_delivery.isStopped() || isNetworkPaused() || m_spool->entries().empty());
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
            // Nothing more goes out while the backend is down or after the stop: not worth waiting for.
            if (entry.inSender || !(m_delivery.isBackendDown() || m_delivery.isStopped() || isNetworkPaused())) {
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

void Worker::shutdown(QDeadlineTimer deadline)
{
    m_shuttingDown = true;
    if (m_flushTimer)
        m_flushTimer->stop();
    m_wakePending->store(false, std::memory_order_release);
    reportQueueFullDrops();
    // Whatever the deadline leaves unscrubbed or unencoded is dropped and counted, so that this thread
    // ends in time: one left running past it could still be at work when the process exits.
    processQueued(deadline);
    for (int i = 0; i < SignalCount; ++i)
        sendPending(TelemetrySignal(i), true, deadline);
    m_delivery.expedite();
    // Offline, nothing new starts (the spool keeps it for the next run); what the transport holds is tried below.
    m_transport->setHeld(false);
    pump();
    if (isIdle()) {
        finishShutdown();
        return;
    }
    // No time for backoff at exit: retry what waits now, and give up at the deadline.
    m_transport->retryWaitingNow();
    m_shutdownTimer = new QTimer(this);
    m_shutdownTimer->setSingleShot(true);
    connect(m_shutdownTimer, &QTimer::timeout, this, [this] {
        m_delivery.stop();
        m_transport->abortAll(DeliveryError::ShutdownDeadline, QStringLiteral("shutdown deadline reached"));
        finishShutdown();
    });
    // An absolute deadline: this call may arrive late behind a backlog of batches, and the caller's clock runs.
    m_shutdownTimer->start(int(qMax<qint64>(0, deadline.remainingTime())));
}

void Worker::finishShutdown()
{
    m_delivery.stop();
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
    if (m_shuttingDown) {
        m_shuttingDown = false;
        m_stats->shutdownDone.release();
    }
}

bool Worker::firstTime(Warning warning)
{
    const unsigned bit = unsigned(warning);
    const bool first = !(m_warned & bit);
    m_warned |= bit;
    return first;
}

} // namespace Automagik::Internal
