// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPair>
#include <QtCore/QUrl>

namespace Automagik::Internal {

//! One encoded request body on its way to a backend.
struct OutgoingBatch
{
    quint64 id = 0;
    TelemetrySignal signal = TelemetrySignal::Traces;
    int items = 0;
    QUrl url;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray format; // the body's spool format; empty: the exporter's own
    bool gzipped = false;
    qsizetype rawBytes = 0; // before compression
    QList<QPair<QByteArray, QByteArray>> headers;
    int attempt = 0; // attempts made so far
};

//! How a batch's delivery ended.
struct DeliveryResult
{
    DeliveryError error = DeliveryError::NoError;
    QString reason;
    qint64 rejected = 0; // partialSuccess
    QString rejectedMessage;
    int httpStatus = 0; // of the last attempt; 0 when no answer came
    QByteArray response; // the last answer's body, at most HttpSender::Options::maxResponseBytes
    static DeliveryResult failure(DeliveryError error, const QString &reason)
    {
        DeliveryResult r;
        r.error = error;
        r.reason = reason;
        return r;
    }
    bool delivered() const { return error == DeliveryError::NoError || error == DeliveryError::PartiallyRejected; }
};

/*
    Carries batches to where a backend keeps them (an HTTP server, a file) on
    the worker thread. Asynchronous: send() returns at once and finished()
    follows, never from inside send(), so the caller's loop over its batches
    is not re-entered.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT Transport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void send(OutgoingBatch batch) = 0;
    //! Batches not finished yet: in flight, waiting for a slot, or waiting to retry.
    virtual int pendingCount() const = 0;
    //! Sends every batch that waits for a retry now instead of after its backoff (shutdown).
    virtual void retryWaitingNow() = 0;
    //! Gives up every unfinished batch with \a error; finished() is emitted for each.
    virtual void abortAll(DeliveryError error, const QString &reason) = 0;
    /*!
        While \a held (the network is away), no attempt starts, a first one or a retry: batches
        wait with their attempts unspent; those already on the wire finish. Released, whatever
        waits (for a slot or a retry's backoff) starts at once. A transport without a network
        ignores it.
    */
    virtual void setHeld(bool held) { Q_UNUSED(held) }

Q_SIGNALS:
    void finished(const Automagik::Internal::OutgoingBatch &batch, const Automagik::Internal::DeliveryResult &result);
    void retryScheduled(const Automagik::Internal::OutgoingBatch &batch, int delayMs, const QString &reason);
};

} // namespace Automagik::Internal

Q_DECLARE_METATYPE(Automagik::Internal::OutgoingBatch)
Q_DECLARE_METATYPE(Automagik::Internal::DeliveryResult)
