// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "client/consentrules.h"
#include "common/deliverystats.h"
#include "common/recordqueue.h"
#include "encoding/otlpjsonencoder.h"

#include <automagik/consent.h>
#include <automagik/telemetry.h>

#include <QtCore/QPointer>
#include <QtCore/QThread>

#include <atomic>
#include <memory>

namespace Automagik {

namespace Internal {
class Worker;
}
class AutomaticSignals;

class TelemetryPrivate
{
public:
    TelemetryPrivate(Telemetry *q, const TelemetryConfig &config);

    Internal::EncoderResource buildResource(const QString &userId) const;
    void startWorker();
    bool record(Internal::Record &&record);
    //! Follows the consent: which categories may be recorded, the worker, the user id.
    void applyConsent();
    //! Applies the consent now if its first reading is still pending (on the client's thread only).
    void ensureConsentApplied();
    //! Drops the records held while the consent was being read that it turned out not to allow.
    void keepOnlyAllowed(int allowed);
    //! Has the worker pick up records queued before it existed.
    void wakeWorkerForQueued();
    //! With \a waiting records queued: a drain when a batch is full, else the flush tick if none is armed.
    void wakeWorker(std::size_t waiting);
    void onCountsChanged();
    //! Deletes batches earlier runs left when consent is not (or no longer) granted.
    void purgeSpoolUnlessConsented();
    static ConsentCategory categoryOf(Internal::Record::Kind kind);
    static qint64 nowUnixNano();

    Telemetry *const q;
    const TelemetryConfig config;
    const QString configError;
    Consent *consent = nullptr;
    const QString sessionId;
    QString workerUserId; // the user.id the worker's Resource carries
    int batchSize = 100;
    int maxQueueSize = 100000;
    qint64 maxQueueBytes = 0;
    QString spoolDirectory; // where this client's spool lives; empty when there is none
    QString spoolError;

    // Until the consent's first reading is in, records of every category are held in memory (never stored
    // or sent); applyConsent() then keeps what the consent allows and drops the rest.
    static constexpr int ConsentPending = 1 << 30;
    // ConsentCategories that may be recorded now; 0 = off
    std::atomic<int> categories{ConsentPending | int(ConsentCategory::AllCategories)};
    std::shared_ptr<Internal::DeliveryStats> stats = std::make_shared<Internal::DeliveryStats>();

    QThread *thread = nullptr;
    QPointer<Internal::Worker> worker;
    AutomaticSignals *automaticSignals = nullptr; // a child of q; only when the configuration asks for one
    quint64 nextFlushTicket = 1;
    bool shutDown = false;
    int lastQueueSize = 0;
    qint64 lastSent = 0, lastFailed = 0, lastDropped = 0;
};

} // namespace Automagik
