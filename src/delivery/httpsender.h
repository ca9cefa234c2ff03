// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"
#include "delivery/retrypolicy.h"
#include "delivery/transport.h"

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

/*
    Posts batches with its own QNetworkAccessManager (created on first use,
    so no network object exists before there is something consented to send)
    and applies the retry policy. Fully asynchronous; lives on the worker
    thread. At most maxInFlight requests run at once; the rest wait in order.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT HttpSender : public Transport
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

    void send(OutgoingBatch batch) override;
    int pendingCount() const override;
    void retryWaitingNow() override;
    void abortAll(DeliveryError error, const QString &reason) override;

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
