// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"
#include "delivery/retrypolicy.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QUrl>
#include <QtNetwork/QSslCertificate>

#include <deque>
#include <random>

class QNetworkAccessManager;
class QTimer;

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
    QByteArray response; // the last answer's body, at most Options::maxResponseBytes
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
    Posts batches with its own QNetworkAccessManager (created on first use,
    so no network object exists before there is something consented to send)
    and applies the retry policy. Fully asynchronous; lives on the worker
    thread. At most maxInFlight requests run at once; the rest wait in order.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT HttpSender : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int timeoutMs = 5000;
        int maxInFlight = 4;
        qsizetype maxResponseBytes = 64 * 1024; // a garbage or endless body is not read past this
        QByteArray userAgent;
        QList<QSslCertificate> caCertificates; // trusted in addition to the system's
    };

    HttpSender(const Options &options, const RetryPolicy &policy, QObject *parent = nullptr);
    ~HttpSender() override;

    void send(OutgoingBatch batch);
    //! Batches not finished yet: in flight, waiting for a slot, or waiting to retry.
    int pendingCount() const;
    //! Sends every batch that waits for a retry now instead of after its backoff (shutdown).
    void retryWaitingNow();
    //! Gives up every unfinished batch with \a error; finished() is emitted for each.
    void abortAll(DeliveryError error, const QString &reason);

Q_SIGNALS:
    void finished(const Automagik::Internal::OutgoingBatch &batch, const Automagik::Internal::DeliveryResult &result);
    void retryScheduled(const Automagik::Internal::OutgoingBatch &batch, int delayMs, const QString &reason);

private:
    struct InFlight;
    struct Waiting;

    void startNext();
    void start(OutgoingBatch batch);
    void onReadyRead(InFlight *flight);
    void complete(InFlight *flight);
    void scheduleRetry(OutgoingBatch batch, const RetryPolicy::Verdict &verdict, std::optional<qint64> retryAfter);
    QNetworkAccessManager *network();

    Options m_options;
    RetryPolicy m_policy;
    QNetworkAccessManager *m_network = nullptr;
    std::deque<OutgoingBatch> m_queued;
    QList<InFlight *> m_inFlight;
    QList<Waiting *> m_waiting;
    std::mt19937 m_random;
    bool m_aborting = false;
};

} // namespace Automagik::Internal

Q_DECLARE_METATYPE(Automagik::Internal::OutgoingBatch)
Q_DECLARE_METATYPE(Automagik::Internal::DeliveryResult)
