// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "loopbackcollector.h"

#include "encoding/gzip.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>

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
        m_buffer += m_socket->readAll();
        for (;;) {
            if (m_bodyLength < 0 && !parseHead())
                return;
            if (m_buffer.size() < m_bodyLength)
                return;
            QByteArray body = m_buffer.left(m_bodyLength);
            m_buffer.remove(0, m_bodyLength);
            m_bodyLength = -1;
            m_sink->store(std::move(body), m_gzipped, m_headBytes);
            static const QByteArray ok = QByteArrayLiteral(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            m_socket->write(ok);
        }
    }

    bool parseHead()
    {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return false;
        m_bodyLength = 0; // a request without Content-Length has no body
        m_gzipped = false;
        m_headBytes = end + 4;
        const QList<QByteArray> lines = m_buffer.left(end).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                m_bodyLength = qMax<qint64>(0, value.toLongLong());
            else if (name == "content-encoding")
                m_gzipped = value.toLower().contains("gzip");
        }
        m_buffer.remove(0, end + 4);
        return true;
    }

    QTcpSocket *m_socket;
    const LoopbackCollector::Mode m_mode;
    LoopbackCollector *m_sink;
    QByteArray m_buffer;
    qint64 m_bodyLength = -1; // -1: still reading the head
    qint64 m_headBytes = 0;
    bool m_gzipped = false;
};

qint64 countItems(const QJsonObject &root)
{
    // resource* -> scope* -> items; metrics count their data points.
    qint64 n = 0;
    const auto each = [](const QJsonValue &v) { return v.toArray(); };
    for (const QJsonValue &rs : each(root.value(QLatin1String("resourceSpans"))))
        for (const QJsonValue &ss : each(rs.toObject().value(QLatin1String("scopeSpans"))))
            n += each(ss.toObject().value(QLatin1String("spans"))).size();
    for (const QJsonValue &rl : each(root.value(QLatin1String("resourceLogs"))))
        for (const QJsonValue &sl : each(rl.toObject().value(QLatin1String("scopeLogs"))))
            n += each(sl.toObject().value(QLatin1String("logRecords"))).size();
    for (const QJsonValue &rm : each(root.value(QLatin1String("resourceMetrics"))))
        for (const QJsonValue &sm : each(rm.toObject().value(QLatin1String("scopeMetrics"))))
            for (const QJsonValue &m : each(sm.toObject().value(QLatin1String("metrics")))) {
                const QJsonObject metric = m.toObject();
                for (const QString &kind : {QStringLiteral("gauge"), QStringLiteral("sum"), QStringLiteral("histogram")})
                    n += each(metric.value(kind).toObject().value(QLatin1String("dataPoints"))).size();
            }
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
    bool listening = false;
    // The QTcpServer and its sockets must be created in the thread that serves them.
    QMetaObject::invokeMethod(server, [this, server, &listening] {
        auto *tcp = new QTcpServer(server);
        QObject::connect(tcp, &QTcpServer::newConnection, server, [this, tcp, server] {
            while (QTcpSocket *socket = tcp->nextPendingConnection())
                new Connection(socket, m_mode, this, server);
        });
        listening = tcp->listen(QHostAddress::LocalHost, 0);
        m_port = tcp->serverPort();
    }, Qt::BlockingQueuedConnection);
    return listening;
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
    url.setPort(m_port);
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
