// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/deliverystats.h"
#include "common/record.h"
#include "common/recordqueue.h"
#include "delivery/exporter.h"
#include "spool/spool.h"
#include "worker/deliverystate.h"
#include "worker/networkstatus.h"

#include <automagik/auditlog.h>
#include <automagik/telemetryconfig.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QSemaphore;
class QTimer;

namespace Automagik::Internal {

/*
    The background half of a client, living on its QThread: drains the record
    queue, groups records per signal into batches (by size, and every flush
    interval), encodes and compresses each batch once, writes it to the spool
    and feeds spooled batches, oldest first, to the exporter's transport, a
    few at a time. What is specific to a backend is behind Exporter; when to
    send is DeliveryState's.
    A batch leaves the spool when it is acknowledged or refused for good; one
    that keeps failing stays and is tried again later (after a pause that
    grows to maxRetryDelay), in this run or the next. Reports outcomes through
    signals (queued to the facade) and the shared counters.
*/
class Worker : public QObject
{
    Q_OBJECT
public:
    //! Batches handed to the transport at once (in flight or waiting to retry); the rest wait in the spool.
    static constexpr int SenderWindow = 4;

    //! Builds the Resource on the worker thread (it reads system files): off the caller's thread.
    using ResourceFactory = std::function<EncoderResource()>;

    /*!
        Cheap on purpose: it runs on the caller's thread, inside the client's constructor. What
        costs (the Resource, the exporter, the audit log, the spool) is made in start(), on the
        worker thread. \a configError, when not empty, says why nothing can be sent; batches then
        fail with InvalidEndpoint.
    */
    Worker(const TelemetryConfig &config, const QString &configError, ResourceFactory makeResource,
           RecordQueue *queue, std::shared_ptr<DeliveryStats> stats, std::atomic<bool> *wakePending);
    ~Worker() override;

    /*!
        The core of the thread that starts this worker's thread (currentCore(), read there): start()
        does its start-up work away from it (StartupPlacement). Set before the thread starts.
    */
    void setStarterCore(int core) { m_starterCore = core; }

public Q_SLOTS:
    //! Called once the thread runs: creates the timers and the transport in this thread.
    void start();
    //! Takes queued records and sends every full batch.
    void drain();
    //! Records are waiting: sends them, full batch or not, one flush interval from now (no timer runs when idle).
    void armFlush();
    //! Records encoded from now on carry \a userId as user.id (after consent was withdrawn and given again).
    void setUserId(const QString &userId);
    //! Sends everything pending now; flushFinished(ticket, ...) follows when those batches are done.
    void flush(quint64 ticket);
    //! Sends everything pending; releases DeliveryStats::shutdownDone when done, at \a deadline at the latest.
    void shutdown(QDeadlineTimer deadline);

Q_SIGNALS:
    void batchSent(Automagik::TelemetrySignal signal, int items, qint64 bytes);
    void sendFailed(Automagik::TelemetrySignal signal, int items, Automagik::DeliveryError error, const QString &reason);
    void dropped(Automagik::TelemetrySignal signal, int items, Automagik::DeliveryError error);
    void partiallyRejected(Automagik::TelemetrySignal signal, qint64 rejected, const QString &message);
    //! A batch could not be delivered now; it stays in the spool and is tried again later.
    void deliveryPostponed(Automagik::TelemetrySignal signal, int items, const QString &reason);
    //! The spool directory cannot be used; batches are kept in memory. Emitted once.
    void spoolUnavailable(const QString &reason);
    void flushFinished(quint64 ticket, bool delivered);
    //! Counters or the queue size changed (at most once per batch outcome, never per record).
    void countsChanged();

private:
    void openSpool();
    static void lowerSchedulingClass();
    //! Empties \a records, giving back their storage when a burst made it large.
    static void releaseIfLarge(std::vector<Record> &records);
    void onFlushTick();
    void expireSpool();
    void sendPending(TelemetrySignal signal, bool partialToo, QDeadlineTimer deadline = QDeadlineTimer::Forever);
    //! Scrubs and batches what is queued now, a step at a time; see scrubDrained() for \a deadline.
    void processQueued(QDeadlineTimer deadline);
    // Scrubs the drained records (taking the next step's from the queue when none are) into the
    // pending batches and returns how many it scrubbed or dropped. Stops early (the rest stay drained)
    // when a shutdown is requested; at shutdown, stops at \a deadline and drops what is left.
    std::size_t scrubDrained(QDeadlineTimer deadline);
    //! Records taken from the queue per step: with a chunk's spill, the vectors stay far below 1024 records.
    static constexpr std::size_t DrainStep = 256;
    bool shouldStop(QDeadlineTimer deadline) const;
    void dropUnsent(std::vector<Record> &records, std::size_t begin, std::size_t end);
    void dispatch(TelemetrySignal signal, std::vector<Record> &records, std::size_t begin, std::size_t end);
    quint64 store(TelemetrySignal signal, int items, const QByteArray &json, const SpoolEntry *sameAgeAs = nullptr);
    void pump();
    //! Delivery waits for the network (offline, or metered when the configuration says so).
    bool isNetworkPaused() const { return m_network && !m_network->isDeliveryAllowed(); }
    void onNetworkChanged();
    //! Emits deliveryPostponed() once per pause for each spooled batch that waits for the network.
    void reportNetworkPause();
    OutgoingBatch batchFor(const SpoolEntry &entry, QByteArray body) const;
    void onFinished(const OutgoingBatch &batch, const DeliveryResult &result);
    void giveUp(const OutgoingBatch &batch, const DeliveryResult &result, SpoolEntry *entry);
    void postpone(const OutgoingBatch &batch, const QString &reason);
    bool splitAndRequeue(const OutgoingBatch &batch);
    void markFlushWaitersFailed(quint64 batchId);
    void reportEvictions(std::vector<Spool::Eviction> &evictions);
    void publishSpoolCounts();
    bool isIdle() const;
    void reportQueueFullDrops();
    void recordInAuditLog(const OutgoingBatch &batch);
    void checkFlushWaiters();
    void finishShutdown();
    bool isShuttingDown() const { return m_shuttingDown; }

    //! What is reported once as a warning; later occurrences go to the info log.
    enum class Warning : unsigned { ConfigError = 1, AuditLog = 2, Spool = 4, Eviction = 8 };
    //! True the first time \a warning is asked about.
    bool firstTime(Warning warning);

    TelemetryConfig m_config;
    RecordQueue *m_queue;
    std::shared_ptr<DeliveryStats> m_stats;
    std::atomic<bool> *m_wakePending;
    ResourceFactory m_makeResource;
    int m_starterCore = -1;
    EncoderResource m_resource;
    std::unique_ptr<Exporter> m_exporter;
    Privacy m_privacy;
    std::optional<AuditLog> m_auditLog; // only when the audit log is on
    QString m_configError;
    DeliveryState m_delivery;
    Transport *m_transport = nullptr;
    NetworkStatus *m_network = nullptr; // none for the file backend
    quint64 m_networkPauseReportedUpTo = 0; // spool sequence; batches up to it were reported in this pause
    QTimer *m_flushTimer = nullptr;
    QTimer *m_resumeTimer = nullptr; // ends a pause
    QTimer *m_shutdownTimer = nullptr;
    std::vector<Record> m_drained;
    std::vector<Record> m_pending[SignalCount];
    std::unique_ptr<Spool> m_spool;

    struct FlushWaiter
    {
        quint64 ticket;
        quint64 lastSequence; // every batch stored up to the flush
        bool failed;
    };
    std::vector<FlushWaiter> m_flushWaiters;
    bool m_configErrorSinceFlush = false; // records failed for a config error since the last flush() call
    bool m_shuttingDown = false; // from shutdown() until it is finished (DeliveryStats::shutdownDone)
    unsigned m_warned = 0; // Warning flags
};

} // namespace Automagik::Internal
