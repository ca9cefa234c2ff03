// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/httpsender.h"

#include "common/logging.h"

#include <QtCore/QFile>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTimer>
#include <QtNetwork/QNetworkAccessManager>
#include <QtNetwork/QNetworkReply>
#include <QtNetwork/QNetworkRequest>
#include <QtNetwork/QSslConfiguration>

namespace Automagik::Internal {

namespace {

QByteArray readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.read(1024 * 1024); // certificates and keys are a few KiB; never read a huge file whole
}

} // namespace

QList<QSslCertificate> TlsFiles::certificates(const QString &path)
{
#if QT_CONFIG(ssl)
    const QByteArray data = readSmallFile(path);
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty() && !data.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    return certificates;
#else
    Q_UNUSED(path);
    return {};
#endif
}

QSslKey TlsFiles::privateKey(const QString &path)
{
#if QT_CONFIG(ssl)
    const QByteArray data = readSmallFile(path);
    if (data.isEmpty())
        return {};
    for (const QSsl::EncodingFormat format : {QSsl::Pem, QSsl::Der}) {
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
            const QSslKey key(data, algorithm, format, QSsl::PrivateKey);
            if (!key.isNull())
                return key;
        }
    }
#else
    Q_UNUSED(path);
#endif
    return {};
}

bool TlsFiles::canReadPrivateKey(const QString &path)
{
    return !privateKey(path).isNull();
}

void HttpSender::Options::loadTlsFiles(const QString &caCertificatesFile, const QString &clientCertificateFile,
                                       const QString &clientKeyFile)
{
    if (!caCertificatesFile.isEmpty()) {
        caCertificates = TlsFiles::certificates(caCertificatesFile);
        if (caCertificates.isEmpty())
            qCWarning(lcTelemetry()).noquote() << "no certificate could be read from" << caCertificatesFile;
    }
    if (clientCertificateFile.isEmpty() && clientKeyFile.isEmpty())
        return;
    // Half an identity is no identity: the server would refuse the handshake either way.
    clientCertificateChain = TlsFiles::certificates(clientCertificateFile);
    clientKey = TlsFiles::privateKey(clientKeyFile);
    if (clientCertificateChain.isEmpty() || clientKey->isNull()) {
        qCWarning(lcTelemetry()).noquote()
            << "no client certificate is sent: cannot read"
            << (clientCertificateChain.isEmpty() ? QStringLiteral("a certificate from \"%1\"").arg(clientCertificateFile)
                                                 : QStringLiteral("an unencrypted private key from \"%1\"").arg(clientKeyFile));
        clientCertificateChain.clear();
        clientKey.reset();
    }
}

struct HttpSender::InFlight
{
    OutgoingBatch batch;
    QPointer<QNetworkReply> reply;
    QTimer *deadline = nullptr;
    QByteArray response;
    bool timedOut = false;
    bool overflow = false;
    bool done = false;
};

struct HttpSender::Waiting
{
    OutgoingBatch batch;
    QTimer *timer = nullptr;
};

HttpSender::HttpSender(const Options &options, const RetryPolicy &policy, QObject *parent)
    : Transport(parent)
    , m_options(options)
    , m_policy(policy)
    , m_random(QRandomGenerator::global()->generate())
{
    qRegisterMetaType<OutgoingBatch>();
    qRegisterMetaType<DeliveryResult>();
}

HttpSender::~HttpSender()
{
    // Replies are children of the manager; waiting timers of this object. Nothing is reported on teardown.
    m_aborting = true;
    for (InFlight *f : std::as_const(m_inFlight)) {
        if (f->reply) {
            f->reply->disconnect(this);
            f->reply->abort();
        }
        delete f;
    }
    for (Waiting *w : std::as_const(m_waiting))
        delete w;
}

QNetworkAccessManager *HttpSender::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return m_network;
}

int HttpSender::pendingCount() const
{
    return int(m_queued.size()) + int(m_inFlight.size()) + int(m_waiting.size());
}

void HttpSender::send(OutgoingBatch batch)
{
    m_queued.push_back(std::move(batch));
    startNext();
}

void HttpSender::startNext()
{
    while (!m_aborting && !m_held && !m_queued.empty() && m_inFlight.size() < m_options.maxInFlight) {
        OutgoingBatch batch = std::move(m_queued.front());
        m_queued.pop_front();
        start(std::move(batch));
    }
}

void HttpSender::start(OutgoingBatch batch)
{
    QNetworkRequest request(batch.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, batch.contentType);
    if (!m_options.userAgent.isEmpty())
        request.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    if (batch.gzipped)
        request.setRawHeader(QByteArrayLiteral("Content-Encoding"), QByteArrayLiteral("gzip"));
    // Qt adds "Accept-Language: <the system locale>" to a request without one (an empty value counts
    // as none), which would tell the collector the user's language, and "Accept-Encoding: <the
    // decoders this Qt was built with>": fixed values tell nothing. Answers are short and never
    // need decoding. Cookies a collector sets are neither stored nor sent back (they would link requests).
    request.setRawHeader(QByteArrayLiteral("Accept-Language"), QByteArrayLiteral("en"));
    request.setRawHeader(QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity"));
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    for (const auto &[name, value] : std::as_const(batch.headers))
        request.setRawHeader(name, value);
    // Never follow: a POST would be replayed elsewhere (as a GET for 301-303), headers such as
    // Authorization would go to another origin, and https could become http. 3xx is reported instead.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
#if QT_CONFIG(ssl)
    const bool customTls = !m_options.caCertificates.isEmpty() || !m_options.clientCertificateChain.isEmpty();
    if (customTls && batch.url.scheme() == QLatin1String("https")) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_options.caCertificates);
        if (!m_options.clientCertificateChain.isEmpty()) {
            tls.setLocalCertificateChain(m_options.clientCertificateChain);
            tls.setPrivateKey(*m_options.clientKey);
        }
        request.setSslConfiguration(tls);
    }
#endif

    ++batch.attempt;
    auto *flight = new InFlight;
    flight->batch = std::move(batch);
    m_inFlight.append(flight);

    QNetworkReply *reply = network()->post(request, flight->batch.body);
    flight->reply = reply;
    // Qt's HTTP thread reads the body on its own and, unless the reply's read buffer is limited, buffers
    // all of it however late this thread gets to abort. With a limit it stops reading the socket once that
    // much waits here, so a huge or endless body costs a bounded amount whenever this thread runs. One byte
    // over the cap lets onReadyRead() see at once that there is more.
    // Qt passes the limit to its HTTP thread only if it is set after the request started, and post() queues
    // that start: so it is set from a call queued behind it, which runs before this thread hands Qt the
    // request body (Qt asks for it with queued calls too), hence before the server can answer.
    const qint64 readLimit = m_options.maxResponseBytes + 1;
    QMetaObject::invokeMethod(
        reply,
        [reply, readLimit] {
            if (reply->isRunning())
                reply->setReadBufferSize(readLimit);
        },
        Qt::QueuedConnection);
    // A total deadline per attempt: Qt's transfer timeout restarts on every byte, so a server
    // that drips its answer could otherwise hold a request open for ever.
    flight->deadline = new QTimer(reply);
    flight->deadline->setSingleShot(true);
    connect(flight->deadline, &QTimer::timeout, this, [flight] {
        flight->timedOut = true;
        if (flight->reply)
            flight->reply->abort();
    });
    flight->deadline->start(m_options.timeoutMs);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, flight] {
        // A body longer than we would read is not read at all, nor is a success body of unknown length:
        // the status line decides at once (OTLP collectors answer with a short body of known length), and
        // the read limit set above bounds what Qt read ahead meanwhile. Error bodies of unknown length
        // (ClickHouse's error text) are read, capped.
        if (!flight->reply || flight->done)
            return;
        bool known = false;
        const qint64 length = flight->reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
        const int status = flight->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if ((known && length > m_options.maxResponseBytes) || (!known && status >= 200 && status < 300)) {
            flight->overflow = true;
            complete(flight);
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, flight] { onReadyRead(flight); });
    connect(reply, &QNetworkReply::finished, this, [this, flight] { complete(flight); });
}

void HttpSender::onReadyRead(InFlight *flight)
{
    if (!flight->reply || flight->done)
        return;
    const qint64 room = m_options.maxResponseBytes - flight->response.size();
    if (room > 0)
        flight->response += flight->reply->read(room);
    if (flight->reply->bytesAvailable() > 0) {
        // More than we will ever parse: judge by the status line and stop reading.
        flight->overflow = true;
        complete(flight);
    }
}

void HttpSender::complete(InFlight *flight)
{
    if (flight->done)
        return;
    flight->done = true;
    QNetworkReply *reply = flight->reply;
    if (reply && flight->deadline)
        flight->deadline->stop(); // the timer belongs to the reply, which outlives this call
    m_inFlight.removeOne(flight);
    OutgoingBatch batch = std::move(flight->batch);

    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::UnknownNetworkError;
    QString errorText = QStringLiteral("aborted");
    QByteArray retryAfter;
    if (reply) {
        status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        error = reply->error();
        errorText = reply->errorString();
        retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
        if (!flight->overflow && reply->isOpen()) {
            const qint64 room = m_options.maxResponseBytes - flight->response.size();
            if (room > 0)
                flight->response += reply->read(room);
        }
        reply->disconnect(this);
        if (flight->overflow || reply->isRunning())
            reply->abort();
        reply->deleteLater();
    }
    const QByteArray response = std::move(flight->response);
    const bool timedOut = flight->timedOut;
    delete flight;

    if (m_aborting) {
        startNext();
        return; // abortAll() reports these itself
    }

    const RetryPolicy::Verdict verdict = RetryPolicy::classify(status, error, errorText, timedOut);
    auto failure = [&](DeliveryError code, const QString &reason) {
        DeliveryResult result = DeliveryResult::failure(code, reason);
        result.httpStatus = status;
        result.response = response;
        return result;
    };
    switch (verdict.action) {
    case RetryPolicy::Action::Success: {
        DeliveryResult result;
        result.httpStatus = status;
        if (const auto partial = m_options.readPartialSuccess(response)) {
            result.error = DeliveryError::PartiallyRejected;
            result.rejected = partial->rejected;
            result.rejectedMessage = partial->message;
            result.reason = QStringLiteral("partial success: %1 rejected").arg(partial->rejected);
        }
        Q_EMIT finished(batch, result);
        break;
    }
    case RetryPolicy::Action::Retry:
        if (batch.attempt <= m_policy.maxRetries()) {
            std::optional<qint64> after;
            if (!retryAfter.isEmpty())
                after = RetryPolicy::parseRetryAfter(retryAfter, QDateTime::currentDateTimeUtc());
            scheduleRetry(std::move(batch), verdict, after);
        } else {
            Q_EMIT finished(batch, failure(DeliveryError::RetriesExhausted,
                                           verdict.reason + QStringLiteral(" after %1 attempts").arg(batch.attempt)));
        }
        break;
    case RetryPolicy::Action::Drop:
        Q_EMIT finished(batch, failure(verdict.error, verdict.reason));
        break;
    }
    startNext();
}

void HttpSender::scheduleRetry(OutgoingBatch batch, const RetryPolicy::Verdict &verdict,
                               std::optional<qint64> retryAfter)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int delay = m_policy.retryDelay(batch.attempt - 1, unit(m_random), retryAfter);
    auto *waiting = new Waiting;
    waiting->batch = std::move(batch);
    waiting->timer = new QTimer(this);
    waiting->timer->setSingleShot(true);
    m_waiting.append(waiting);
    connect(waiting->timer, &QTimer::timeout, this, [this, waiting] {
        m_waiting.removeOne(waiting);
        OutgoingBatch b = std::move(waiting->batch);
        waiting->timer->deleteLater();
        delete waiting;
        send(std::move(b));
    });
    Q_EMIT retryScheduled(waiting->batch, delay, verdict.reason);
    waiting->timer->start(delay);
}

void HttpSender::retryWaitingNow()
{
    const QList<Waiting *> waiting = m_waiting;
    for (Waiting *w : waiting)
        w->timer->start(0);
}

void HttpSender::setHeld(bool held)
{
    if (held == m_held)
        return;
    m_held = held;
    if (held)
        return; // a retry whose backoff ends meanwhile waits in m_queued, its attempt unspent
    retryWaitingNow();
    startNext();
}

void HttpSender::abortAll(DeliveryError error, const QString &reason)
{
    m_aborting = true;
    QList<OutgoingBatch> unfinished;
    for (OutgoingBatch &b : m_queued)
        unfinished.append(std::move(b));
    m_queued.clear();
    for (Waiting *w : std::as_const(m_waiting)) {
        unfinished.append(std::move(w->batch));
        delete w->timer;
        delete w;
    }
    m_waiting.clear();
    const QList<InFlight *> flights = m_inFlight;
    for (InFlight *f : flights) {
        unfinished.append(f->batch); // complete() below moves from it
        complete(f);
    }
    for (const OutgoingBatch &b : std::as_const(unfinished))
        Q_EMIT finished(b, DeliveryResult::failure(error, reason));
    m_aborting = false;
}

} // namespace Automagik::Internal
