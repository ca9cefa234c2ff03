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
#include <QtNetwork/QSslKey>

#include <deque>
#include <optional>
#include <random>

class QNetworkAccessManager;
class QTimer;

namespace Automagik::Internal {

//! The TLS files of a configuration, read the one way both the configuration's checks and HttpSender use.
struct AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT TlsFiles
{
    //! The certificates in \a path (PEM, else DER); none when it cannot be read.
    static QList<QSslCertificate> certificates(const QString &path);
    //! The unencrypted private key in \a path (PEM, else DER; RSA, EC or DSA); null when none can be read.
    static QSslKey privateKey(const QString &path);
    static bool canReadPrivateKey(const QString &path);
};

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
        QList<QSslCertificate> clientCertificateChain; // mutual TLS: the client's certificate first
        // Only when configured: constructing any QSslKey loads the TLS backend and OpenSSL (megabytes of
        // memory, and a dlopen that holds the loader's lock while the application's thread may need it).
        std::optional<QSslKey> clientKey;
        //! Reads a 2xx body's partial success; the body's encoding is the exporter's (OTLP JSON by default).
        std::optional<RetryPolicy::PartialSuccess> (*readPartialSuccess)(QByteArrayView body) =
            &RetryPolicy::parsePartialSuccess;

        /*
            Reads the files a configuration names (empty paths are skipped) into the TLS fields above;
            a file that cannot be read gives a warning with its path and is left out.
        */
        void loadTlsFiles(const QString &caCertificatesFile, const QString &clientCertificateFile,
                          const QString &clientKeyFile);
    };

    HttpSender(const Options &options, const RetryPolicy &policy, QObject *parent = nullptr);
    ~HttpSender() override;

    void send(OutgoingBatch batch) override;
    int pendingCount() const override;
    void retryWaitingNow() override;
    void abortAll(DeliveryError error, const QString &reason) override;
    void setHeld(bool held) override;

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
    bool m_held = false;
};

} // namespace Automagik::Internal
