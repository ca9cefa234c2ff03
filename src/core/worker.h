// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "deliverystats.h"
#include "record.h"
#include "recordqueue.h"
#include "export/httpsender.h"
#include "export/otlpjsonencoder.h"

#include <automagik/auditlog.h>
#include <automagik/telemetryconfig.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QObject>

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QSemaphore;
class QTimer;

namespace Automagik::Internal {

/*
    The background half of a client, living on its QThread: drains the record
    queue, groups records per signal into batches (by size, and every flush
    interval), encodes and compresses each batch once, and hands it to the
    sender. Reports outcomes through signals (queued to the facade) and the
    shared counters.
*/
class Worker : public QObject
{
    Q_OBJECT
public:
    //! \a configError, when not empty, says why nothing can be sent; batches then fail with InvalidEndpoint.
    Worker(const TelemetryConfig &config, const QString &configError, const EncoderResource &resource,
           RecordQueue *queue,
           std::shared_ptr<DeliveryStats> stats, std::atomic<bool> *wakePending);
    ~Worker() override;

public Q_SLOTS:
    //! Called once the thread runs: creates the timer and the sender in this thread.
    void start();
    //! Takes queued records and sends every full batch.
    void drain();
    //! Records encoded from now on carry \a userId as user.id (after consent was withdrawn and given again).
    void setUserId(const QString &userId);
    //! Sends everything pending now; flushFinished(ticket, ...) follows when those batches are done.
    void flush(quint64 ticket);
    //! Sends everything pending and releases \a done when finished or at \a deadline at the latest.
    void shutdown(QDeadlineTimer deadline, std::shared_ptr<QSemaphore> done);

Q_SIGNALS:
    void batchSent(Automagik::TelemetrySignal signal, int items, qint64 bytes);
    void sendFailed(Automagik::TelemetrySignal signal, int items, Automagik::DeliveryError error, const QString &reason);
    void dropped(Automagik::TelemetrySignal signal, int items, Automagik::DeliveryError error);
    void partiallyRejected(Automagik::TelemetrySignal signal, qint64 rejected, const QString &message);
    void flushFinished(quint64 ticket, bool delivered);
    //! Counters or the queue size changed (at most once per batch outcome, never per record).
    void countsChanged();

private:
    void sendPending(TelemetrySignal signal, bool partialToo);
    void dispatch(TelemetrySignal signal, std::vector<Record> &records, std::size_t begin, std::size_t end);
    void onFinished(const OutgoingBatch &batch, const DeliveryResult &result);
    void reportQueueFullDrops();
    void recordInAuditLog(const OutgoingBatch &batch);
    void checkFlushWaiters();
    void finishShutdown();

    TelemetryConfig m_config;
    RecordQueue *m_queue;
    std::shared_ptr<DeliveryStats> m_stats;
    std::atomic<bool> *m_wakePending;
    EncoderResource m_resource;
    OtlpJsonEncoder m_encoder;
    Privacy m_privacy;
    std::optional<AuditLog> m_auditLog; // only when the audit log is on
    QString m_configError;
    HttpSender *m_sender = nullptr;
    QTimer *m_flushTimer = nullptr;
    QTimer *m_shutdownTimer = nullptr;
    std::vector<Record> m_drained;
    std::vector<Record> m_pending[SignalCount];
    quint64 m_nextBatchId = 1;
    std::map<quint64, TelemetrySignal> m_outstanding; // batch id -> signal, until its outcome is known

    struct FlushWaiter
    {
        quint64 ticket;
        quint64 lastBatchId;
        bool failed;
    };
    std::vector<FlushWaiter> m_flushWaiters;
    std::shared_ptr<QSemaphore> m_shutdownDone;
    bool m_shuttingDown = false;
    bool m_reportedConfigError = false;
    bool m_reportedAuditError = false;
};

} // namespace Automagik::Internal
