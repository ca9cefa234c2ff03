// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "loopbackcollector.h"

#include "loopback.h"
#include "otlpreceiver.h"

#include "encoding/gzip.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

#include <atomic>

namespace {

// One kept-alive HTTP/1.1 connection: requests are framed by Content-Length (what QNetworkAccessManager sends).
class Connection : public QObject
{
public:
    Connection(QTcpSocket *socket, LoopbackCollector::Mode mode, LoopbackCollector *sink, QObject *parent)
        : QObject(parent), m_socket(socket), m_mode(mode), m_sink(sink)
    {
        socket->setParent(this);
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this] { onReadyRead(); });
        QObject::connect(socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    }

private:
    void onReadyRead()
    {
        if (m_mode == LoopbackCollector::Mode::Hang) {
            m_socket->readAll(); // swallow, so the client's write completes and it waits for an answer
            return;
        }
        m_input.append(m_socket->readAll());
        while (const auto request = m_input.next()) {
            m_sink->store(request->body, request->header("Content-Encoding").toLower().contains("gzip"),
                          request->headBytes);
            static const QByteArray ok = QByteArrayLiteral(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            m_socket->write(ok);
        }
    }

    QTcpSocket *m_socket;
    const LoopbackCollector::Mode m_mode;
    LoopbackCollector *m_sink;
    TestSupport::HttpRequestFramer m_input;
};

// Spans, data points and log records, as the collector in the tests counts them.
qint64 countItems(const QJsonObject &root)
{
    qint64 n = 0;
    for (const QString &signal : {QStringLiteral("traces"), QStringLiteral("metrics"), QStringLiteral("logs")})
        n += Automagik::Sink::OtlpReceiver::countItems(signal, root);
    return n;
}

} // namespace

LoopbackCollector::LoopbackCollector(Mode mode)
    : m_mode(mode)
{
    m_thread.setObjectName(QStringLiteral("bench-collector"));
}

LoopbackCollector::~LoopbackCollector()
{
    stop();
}

bool LoopbackCollector::start()
{
    m_thread.start();
    auto *server = new QObject;
    server->moveToThread(&m_thread);
    m_server = server;
    // Atomic: a second collector's thread writes the same stack slot in a later call, and the blocking
    // call's ordering is invisible to ThreadSanitizer (Debian's Qt is not instrumented).
    std::atomic<bool> listening{false};
    // The QTcpServer and its sockets must be created in the thread that serves them.
    QMetaObject::invokeMethod(server, [this, server, &listening] {
        auto *tcp = new QTcpServer(server);
        QObject::connect(tcp, &QTcpServer::newConnection, server, [this, tcp, server] {
            while (QTcpSocket *socket = tcp->nextPendingConnection())
                new Connection(socket, m_mode, this, server);
        });
        listening.store(tcp->listen(QHostAddress::LocalHost, 0));
        m_port = tcp->serverPort();
    }, Qt::BlockingQueuedConnection);
    return listening.load();
}

void LoopbackCollector::stop()
{
    if (!m_thread.isRunning())
        return;
    QObject *server = m_server;
    m_server = nullptr;
    QMetaObject::invokeMethod(server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QUrl LoopbackCollector::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port.load());
    return url;
}

void LoopbackCollector::store(QByteArray body, bool gzipped, qint64 headBytes)
{
    QMutexLocker lock(&m_mutex);
    m_bodies.append({std::move(body), gzipped, headBytes});
    m_requests.fetch_add(1, std::memory_order_relaxed);
}

QList<QByteArray> LoopbackCollector::bodies() const
{
    QMutexLocker lock(&m_mutex);
    QList<QByteArray> out;
    out.reserve(m_bodies.size());
    for (const Body &b : m_bodies)
        out.append(b.data);
    return out;
}

LoopbackCollector::Tally LoopbackCollector::tally() const
{
    QList<Body> bodies;
    {
        QMutexLocker lock(&m_mutex);
        bodies = m_bodies; // implicitly shared: decode outside the lock
    }
    Tally t;
    for (const Body &b : std::as_const(bodies)) {
        ++t.requests;
        t.wireBodyBytes += b.data.size();
        t.headBytes += b.headBytes;
        QByteArray json = b.data;
        if (b.gzipped) {
            ++t.gzippedRequests;
            bool ok = false;
            json = Automagik::Internal::gzipDecompress(b.data, qsizetype(256) * 1024 * 1024, &ok);
            if (!ok) {
                ++t.badBodies;
                continue;
            }
        }
        t.rawBodyBytes += json.size();
        const QJsonDocument doc = QJsonDocument::fromJson(json);
        if (!doc.isObject()) {
            ++t.badBodies;
            continue;
        }
        t.items += countItems(doc.object());
    }
    return t;
}
