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

    std::atomic<int> categories{0}; // ConsentCategories that may be recorded now; 0 = off
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
