// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The transport fault matrix: every fault is produced by a real loopback socket (OtlpReceiver, or the small
// HTTP/HTTPS server below when a fault needs per-request decisions or byte-level control), and every outcome
// is observed through the public Automagik::Telemetry API (signals, status() counters) and at the server
// (requests and connections counted there); only the response body the sender keeps, which the API never
// shows whole, is checked on the internal HttpSender. Intervals and timeouts are short; the tests wait on
// signals and QTRY_*, never on fixed sleeps.

#include "flushwait.h"
#include "testsupport.h"

#include "encoding/gzip.h"
#include "delivery/httpsender.h"

#include <automagik/telemetry.h>

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonArray>
#include <QtCore/QLocale>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QSocketNotifier>
#include <QtCore/QTimer>
#include <QtNetwork/QSslCertificate>
#include <QtNetwork/QSslConfiguration>
#include <QtNetwork/QSslKey>
#include <QtNetwork/QSslServer>
#include <QtNetwork/QSslSocket>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

using namespace Automagik;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

namespace {

QElapsedTimer &testClock()
{
    static QElapsedTimer timer;
    return timer;
}

//! Resident memory of this process in KiB (Linux), or -1.
qint64 residentKiB()
{
#if defined(Q_OS_LINUX)
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
#endif
    return -1;
}

//! The records a spy on batchSent or sendFailed has seen (their second argument).
int itemsIn(const QSignalSpy &spy)
{
    int items = 0;
    for (const auto &args : spy)
        items += args.at(1).toInt();
    return items;
}

//! The most the kernel may buffer on one loopback connection: the receive and send buffer maxima (Linux).
qint64 socketBufferMaxBytes()
{
    qint64 total = 0;
#if defined(Q_OS_LINUX)
    for (const char *path : {"/proc/sys/net/ipv4/tcp_rmem", "/proc/sys/net/ipv4/tcp_wmem"}) {
        QFile file{QString::fromLatin1(path)};
        if (file.open(QIODevice::ReadOnly))
            total += file.readAll().simplified().split(' ').value(2).toLongLong();
    }
#endif
    return total > 0 ? total : qint64(16) * 1024 * 1024;
}

//! The values of the span attribute "seq" in an OTLP traces request ("0" for a span without one).
QStringList spanSeqs(const QJsonObject &root)
{
    QStringList seqs;
    forEachSpan(root, [&seqs](const QJsonObject &span) {
        const QJsonObject value = attribute(span.value(QLatin1String("attributes")).toArray(), QStringLiteral("seq"));
        const QJsonValue v = value.value(QLatin1String("intValue"));
        seqs.append(v.isString() ? v.toString() : QString::number(v.toInteger()));
    });
    return seqs;
}

// ---------------------------------------------------------------------------------------------------------
// A minimal HTTP/1.1 server for the faults OtlpReceiver cannot produce: per-request answers (413 by item
// count, redirects), byte-level misbehaviour (half a status line then RST, an answer dripped byte by byte,
// an endless body with the bytes counted) and TLS (QSslServer). In TLS mode the first bytes of every
// connection are peeked before the handshake starts, so a plaintext request to the TLS port (a fallback to
// http) is seen and counted instead of being lost as a failed handshake.

struct HttpRequest
{
    QByteArray method;
    QByteArray target;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray rawBody;
    QByteArray body; // Content-Encoding undone
    QString signal;
    int items = 0;
    QStringList seqs; // the "seq" attribute of each span
    int connectionId = 0;
    bool plaintextOnTlsPort = false;
    qint64 atMs = 0; // testClock() when the request was complete

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &field : headers) {
            if (field.first.compare(name, Qt::CaseInsensitive) == 0)
                return field.second;
        }
        return {};
    }
};

struct HttpResponse
{
    enum class Kind {
        Normal, // status line, headers, body; the connection stays open
        Hang, // read the request, never answer
        CloseWithoutAnswer, // FIN right after the request
        Reset, // write `partial`, then RST (SO_LINGER 0)
        Drip, // write the head one byte every dripMs, for ever
        Stream // a 200 head, then junk: `streamBytes` with that Content-Length, or endless (-1)
    };
    Kind kind = Kind::Normal;
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body = QByteArrayLiteral("{}");
    QByteArray partial;
    int dripMs = 50;
    qint64 streamBytes = -1;
    bool chunked = false; // Stream: endless chunked encoding; Normal: the body in chunks
    bool untilClose = false; // Normal only: no length, the server closes the connection after the body
    int delayMs = 0;

    static HttpResponse withStatus(int code, QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        HttpResponse r;
        r.status = code;
        r.headers = std::move(headers);
        r.body = "{\"code\":" + QByteArray::number(code) + ",\"message\":\"test\"}";
        return r;
    }
};

class TestServer;

// One accepted connection: parses requests (Content-Length bodies, as Qt sends them) and answers them.
class TestConnection : public QObject
{
public:
    TestConnection(TestServer *server, QTcpSocket *socket, int id, bool plaintextOnTlsPort);
    void shutdown();
    QTcpSocket *socket() const { return m_socket; }

private:
    void onReadyRead();
    void parse();
    void complete(HttpRequest request);
    void answer(const HttpResponse &response);
    void pump();
    void onDisconnected();

    TestServer *m_server;
    QTcpSocket *m_socket;
    const int m_id;
    const bool m_plaintextOnTlsPort;
    TestSupport::HttpRequestFramer m_input;
    bool m_busy = false; // an answer is pending or the connection is given to a fault
    qint64 m_streamLeft = 0;
    bool m_streaming = false;
    bool m_streamChunked = false;
    bool m_closed = false;
};

class SniffingSslServer;

class TestServer : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<HttpResponse(const HttpRequest &)>;

    explicit TestServer(QObject *parent = nullptr);
    ~TestServer() override;

    //! Plain http on 127.0.0.1.
    bool listen();
    //! https on 127.0.0.1 with \a certificate and \a key.
    bool listenTls(const QSslCertificate &certificate, const QSslKey &key);
    QUrl url(const QString &path = {}) const;
    quint16 port() const { return m_server ? m_server->serverPort() : 0; }

    Handler handler; // empty: 200 {}

    QList<HttpRequest> requests;
    int connections = 0; // TCP connections accepted
    int tlsClientHellos = 0; // connections that began with a TLS handshake record
    int tlsEstablished = 0;
    int tlsFailed = 0; // handshakes that ended without encryption
    int plaintextOnTlsPort = 0; // connections that began with anything but TLS on the TLS port
    int closedConnections = 0; // connections that ended (either side)
    qint64 streamedBytes = 0; // junk body bytes handed to the OS

Q_SIGNALS:
    void requestReceived();
    void connectionClosed();
    void tlsHandshakeFinished();

private:
    friend class TestConnection;
    friend class SniffingSslServer;
    void adopt(QTcpSocket *socket, bool plaintextOnTlsPort);

    QTcpServer *m_server = nullptr;
    bool m_tls = false;
    int m_nextId = 0;
    QList<QPointer<TestConnection>> m_connections;
};

// QSslServer that looks at the first byte of a connection before handing it over: 0x16 is a TLS handshake
// record; anything else is plaintext, answered by the plain HTTP path and counted.
class SniffingSslServer : public QSslServer
{
public:
    explicit SniffingSslServer(TestServer *owner) : QSslServer(owner), m_owner(owner) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
#ifdef Q_OS_UNIX
        auto *notifier = new QSocketNotifier(descriptor, QSocketNotifier::Read, this);
        connect(notifier, &QSocketNotifier::activated, this, [this, notifier, descriptor] {
            notifier->setEnabled(false); // before a socket registers its own notifier on the descriptor
            notifier->deleteLater();
            unsigned char first = 0;
            const ssize_t n = ::recv(int(descriptor), &first, 1, MSG_PEEK);
            if (n <= 0) {
                ::close(int(descriptor));
                return;
            }
            if (first == 0x16) {
                ++m_owner->tlsClientHellos;
                QSslServer::incomingConnection(descriptor);
                return;
            }
            ++m_owner->plaintextOnTlsPort;
            auto *socket = new QTcpSocket(m_owner);
            if (!socket->setSocketDescriptor(descriptor)) {
                delete socket;
                ::close(int(descriptor));
                return;
            }
            m_owner->adopt(socket, true);
        });
#else
        ++m_owner->tlsClientHellos; // no peeking here: every connection is taken as TLS
        QSslServer::incomingConnection(descriptor);
#endif
    }

private:
    TestServer *m_owner;
};

TestConnection::TestConnection(TestServer *server, QTcpSocket *socket, int id, bool plaintextOnTlsPort)
    : QObject(socket), m_server(server), m_socket(socket), m_id(id), m_plaintextOnTlsPort(plaintextOnTlsPort)
{
    connect(socket, &QTcpSocket::readyRead, this, &TestConnection::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, [this](qint64 bytes) {
        if (m_streaming || m_streamLeft != 0) {
            m_server->streamedBytes += bytes;
            pump();
        }
    });
    connect(socket, &QTcpSocket::disconnected, this, &TestConnection::onDisconnected);
    if (socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &TestConnection::onReadyRead);
}

void TestConnection::shutdown()
{
    m_closed = true;
    m_socket->disconnect(this);
    m_socket->abort();
}

void TestConnection::onReadyRead()
{
    if (m_closed)
        return;
    m_input.append(m_socket->readAll());
    if (!m_busy)
        parse();
    else if (m_input.bufferedBytes() > 1024 * 1024)
        m_input.clear(); // a hung connection keeps no unbounded input
}

void TestConnection::parse()
{
    while (!m_busy && !m_closed) {
        std::optional<TestSupport::HttpRequestFramer::Request> framed = m_input.next();
        if (!framed)
            return;
        HttpRequest request;
        request.method = framed->method;
        request.target = framed->target;
        request.headers = framed->headers;
        request.rawBody = framed->body;
        complete(std::move(request));
    }
}

void TestConnection::complete(HttpRequest r)
{
    r.connectionId = m_id;
    r.plaintextOnTlsPort = m_plaintextOnTlsPort;
    r.atMs = testClock().elapsed();
    if (r.header("Content-Encoding").compare("gzip", Qt::CaseInsensitive) == 0) {
        bool ok = false;
        r.body = Internal::gzipDecompress(r.rawBody, 64 * 1024 * 1024, &ok);
    } else {
        r.body = r.rawBody;
    }
    const QByteArray path = r.target.left(r.target.indexOf('?') < 0 ? r.target.size() : r.target.indexOf('?'));
    for (const char *signal : {"traces", "metrics", "logs"}) {
        if (path.endsWith(QByteArray(QByteArray("/") + signal)))
            r.signal = QLatin1String(signal);
    }
    const QJsonObject root = QJsonDocument::fromJson(r.body).object();
    if (!r.signal.isEmpty()) {
        r.items = OtlpReceiver::countItems(r.signal, root);
        if (r.signal == QLatin1String("traces"))
            r.seqs = spanSeqs(root);
    }
    m_server->requests.append(r);
    const HttpResponse response = m_server->handler ? m_server->handler(r) : HttpResponse();
    m_busy = true;
    QPointer<TestConnection> self(this);
    Q_EMIT m_server->requestReceived();
    if (!self || m_closed)
        return;
    if (response.delayMs > 0) {
        QTimer::singleShot(response.delayMs, this, [this, response] {
            if (!m_closed)
                answer(response);
        });
    } else {
        answer(response);
    }
}

void TestConnection::answer(const HttpResponse &response)
{
    using Kind = HttpResponse::Kind;
    switch (response.kind) {
    case Kind::Hang:
        return; // m_busy stays set: input is read and dropped
    case Kind::CloseWithoutAnswer:
        m_socket->disconnectFromHost();
        return;
    case Kind::Reset:
        m_socket->write(response.partial);
        m_socket->flush();
#ifdef Q_OS_UNIX
        {
            const linger resetOnClose{1, 0}; // close() sends RST instead of FIN
            ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &resetOnClose,
                         socklen_t(sizeof resetOnClose));
        }
#endif
        m_socket->abort();
        return;
    case Kind::Drip: {
        const QByteArray head = "HTTP/1.1 200 OK\r\nX-Drip: " + QByteArray(1 << 20, 'a');
        auto *timer = new QTimer(this);
        auto position = std::make_shared<qsizetype>(0);
        connect(timer, &QTimer::timeout, this, [this, head, position] {
            if (m_closed || *position >= head.size())
                return;
            m_socket->write(head.constData() + *position, 1);
            ++*position;
        });
        timer->start(response.dripMs);
        return;
    }
    case Kind::Stream: {
        QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
        if (response.chunked)
            head += "Transfer-Encoding: chunked\r\n";
        else if (response.streamBytes >= 0)
            head += "Content-Length: " + QByteArray::number(response.streamBytes) + "\r\n";
        else
            head += "Connection: close\r\n"; // the body ends when the connection does: never
        head += "\r\n";
        m_socket->write(head);
        m_streamChunked = response.chunked;
        m_streamLeft = response.chunked ? -1 : response.streamBytes;
        m_streaming = true;
        pump();
        return;
    }
    case Kind::Normal:
        break;
    }
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + " Test\r\nContent-Type: application/json\r\n";
    QByteArray body = response.body;
    if (response.chunked) {
        head += "Transfer-Encoding: chunked\r\n";
        QByteArray chunks;
        for (qsizetype at = 0; at < body.size(); at += 16 * 1024) {
            const QByteArray piece = body.mid(at, 16 * 1024);
            chunks += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
        }
        body = chunks + "0\r\n\r\n";
    } else if (!response.untilClose) {
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    }
    for (const auto &field : response.headers)
        head += field.first + ": " + field.second + "\r\n";
    head += response.untilClose ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    m_socket->write(head + body);
    if (response.untilClose) {
        m_socket->disconnectFromHost(); // after the body is written
        return;
    }
    m_busy = false;
    QTimer::singleShot(0, this, &TestConnection::parse); // a next request may already wait
}

void TestConnection::pump()
{
    static const QByteArray junk = [] {
        QByteArray b(64 * 1024, '\0');
        for (qsizetype i = 0; i < b.size(); ++i)
            b[i] = char('a' + (i * 7) % 26);
        return b;
    }();
    static const QByteArray chunk = QByteArray::number(junk.size(), 16) + "\r\n" + junk + "\r\n";
    while (!m_closed && m_streaming && m_streamLeft != 0 && m_socket->bytesToWrite() < 4 * junk.size()) {
        if (m_streamChunked) {
            m_socket->write(chunk);
        } else {
            const qint64 n = m_streamLeft < 0 ? junk.size() : qMin<qint64>(m_streamLeft, junk.size());
            m_socket->write(junk.constData(), n);
            if (m_streamLeft > 0)
                m_streamLeft -= n;
        }
    }
}

void TestConnection::onDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    m_streaming = false;
    ++m_server->closedConnections;
    Q_EMIT m_server->connectionClosed();
    m_socket->deleteLater();
}

TestServer::TestServer(QObject *parent) : QObject(parent) {}

TestServer::~TestServer()
{
    if (m_server)
        m_server->close();
    for (const QPointer<TestConnection> &connection : std::as_const(m_connections)) {
        if (!connection)
            continue;
        QTcpSocket *socket = connection->socket();
        connection->shutdown();
        socket->disconnect(this);
        delete socket; // and the connection, its child
    }
}

bool TestServer::listen()
{
    m_server = new QTcpServer(this);
    connect(m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server->nextPendingConnection())
            adopt(socket, false);
    });
    return m_server->listen(QHostAddress::LocalHost);
}

bool TestServer::listenTls(const QSslCertificate &certificate, const QSslKey &key)
{
    m_tls = true;
    auto *server = new SniffingSslServer(this);
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    server->setSslConfiguration(configuration);
    connect(server, &QSslServer::startedEncryptionHandshake, this, [this](QSslSocket *socket) {
        // The handshake's outcome: encrypted, or an error/disconnect first. Counted once per socket.
        auto decided = std::make_shared<bool>(false);
        auto decide = [this, decided](bool ok) {
            if (*decided)
                return;
            *decided = true;
            ++(ok ? tlsEstablished : tlsFailed);
            Q_EMIT tlsHandshakeFinished();
        };
        connect(socket, &QSslSocket::encrypted, this, [decide] { decide(true); });
        connect(socket, &QSslSocket::errorOccurred, this, [decide, socket] {
            if (!socket->isEncrypted())
                decide(false);
        });
        connect(socket, &QSslSocket::disconnected, this, [decide, socket] {
            if (!socket->isEncrypted())
                decide(false);
        });
    });
    connect(server, &QSslServer::pendingConnectionAvailable, this, [this, server] {
        while (QTcpSocket *socket = server->nextPendingConnection())
            adopt(socket, false);
    });
    m_server = server;
    return server->listen(QHostAddress::LocalHost);
}

void TestServer::adopt(QTcpSocket *socket, bool plaintextOnTlsPort)
{
    ++connections;
    socket->setParent(this);
    m_connections.append(new TestConnection(this, socket, ++m_nextId, plaintextOnTlsPort));
}

QUrl TestServer::url(const QString &path) const
{
    QUrl url;
    url.setScheme(m_tls ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    url.setPath(path);
    return url;
}

// Trusting a test CA: through TelemetryConfig::setCaCertificatesFile() when it exists (detected at compile
// time, so this file builds with and without it), else through Qt's process-wide default TLS configuration,
// which every QNetworkRequest of the process starts from.
template<typename Config, typename = void>
struct HasSetCaCertificatesFile : std::false_type
{
};
template<typename Config>
struct HasSetCaCertificatesFile<Config, std::void_t<decltype(std::declval<Config &>().setCaCertificatesFile(
                                            std::declval<QString>()))>> : std::true_type
{
};

template<typename Config>
void trustCertificate(Config &config, const QSslCertificate &certificate, const QString &pemFile)
{
    if constexpr (HasSetCaCertificatesFile<Config>::value) {
        Q_UNUSED(certificate);
        config.setCaCertificatesFile(pemFile);
    } else {
        Q_UNUSED(pemFile);
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificate(certificate);
        QSslConfiguration::setDefaultConfiguration(tls);
    }
}

} // namespace

class tst_Faults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void connectionRefusedIsPostponedThenDelivered();
    void neverAnswersTimesOutPerAttempt();
    void drippingAnswerHitsTotalDeadline();
    void connectionCutMidResponse_data();
    void connectionCutMidResponse();
    void retryableStatusIsRetriedThenDelivered_data();
    void retryableStatusIsRetriedThenDelivered();
    void retryableStatusIsPostponedWithoutStorm_data();
    void retryableStatusIsPostponedWithoutStorm();
    void nonRetryableStatusIsDroppedAtOnce_data();
    void nonRetryableStatusIsDroppedAtOnce();
    void retryAfterIsHonouredAndCapped_data();
    void retryAfterIsHonouredAndCapped();
    void payloadTooLargeIsSplit();
    void payloadTooLargeSingleItemIsDropped_data();
    void payloadTooLargeSingleItemIsDropped();
    void slowServer_data();
    void slowServer();
    void garbageBodyOn200IsDelivered();
    void endlessBodyIsCutShort_data();
    void endlessBodyIsCutShort();
    void errorBodyIsReadUpToTheCap_data();
    void errorBodyIsReadUpToTheCap();
    void untrustedCertificateFailsOnceWithoutFallback();
    void httpsRedirectToHttpIsNeverFollowed_data();
    void httpsRedirectToHttpIsNeverFollowed();
    void sameSchemeRedirect_data();
    void sameSchemeRedirect();
    void partialSuccessIsReported_data();
    void partialSuccessIsReported();

private:
    TelemetryConfig configFor(const QUrl &endpoint) const;
    //! Flushes and waits for flushFinished; \a delivered gets its argument.
    static bool flushAndWait(Telemetry &telemetry, int timeoutMs, bool *delivered = nullptr);
    static qint64 counter(const Telemetry &telemetry, const char *key, const char *signal = "traces");
    //! Creates the self-signed certificate once; false with m_tlsUnavailable set when it cannot.
    bool prepareTls();

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_settings;
    QTemporaryDir m_tlsDir;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QString m_tlsUnavailable;
    bool m_tlsPrepared = false;
    QSslConfiguration m_defaultTls;
};

void tst_Faults::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
    qRegisterMetaType<OtlpReceiver::Request>();
    testClock().start();
}

void tst_Faults::init()
{
    m_settings = std::make_unique<QTemporaryDir>();
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true"); // consent, as the other end-to-end tests grant it
    if (QSslSocket::supportsSsl())
        m_defaultTls = QSslConfiguration::defaultConfiguration();
}

void tst_Faults::cleanup()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    if (QSslSocket::supportsSsl())
        QSslConfiguration::setDefaultConfiguration(m_defaultTls); // no test trusts another's CA
}

TelemetryConfig tst_Faults::configFor(const QUrl &endpoint) const
{
    TelemetryConfig config(QStringLiteral("tst-faults"), QStringLiteral("1.0.0"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setAuditLogEnabled(false);
    // Each test has its own spool: a batch one test leaves undelivered must never reach another test's server.
    config.setSpoolDirectory(m_settings->filePath(QStringLiteral("spool")));
    config.setEndpoint(endpoint);
    config.setFlushInterval(60000); // the tests flush explicitly
    config.setTimeout(800);
    config.setMaxRetries(2);
    config.setRetryBackoffBase(20);
    config.setMaxRetryDelay(400);
    config.setShutdownTimeout(300); // the destructor never blocks a failing test for long
    return config;
}

bool tst_Faults::flushAndWait(Telemetry &telemetry, int timeoutMs, bool *delivered)
{
    const FlushOutcome outcome = TestSupport::flushAndWait(telemetry, timeoutMs);
    if (outcome.finished && delivered)
        *delivered = outcome.delivered;
    return outcome.finished;
}

qint64 tst_Faults::counter(const Telemetry &telemetry, const char *key, const char *signal)
{
    const QVariant value = telemetry.status().value(QLatin1String(key));
    if (value.typeId() == QMetaType::QVariantMap)
        return value.toMap().value(QLatin1String(signal)).toLongLong();
    return value.toLongLong();
}

bool tst_Faults::prepareTls()
{
    if (m_tlsPrepared)
        return m_tlsUnavailable.isEmpty();
    m_tlsPrepared = true;
    if (!QSslSocket::supportsSsl()) {
        m_tlsUnavailable = QStringLiteral("Qt has no TLS backend with SSL support here");
        return false;
    }
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty()) {
        m_tlsUnavailable = QStringLiteral("the openssl tool is not installed (needed for a test certificate)");
        return false;
    }
    if (!m_tlsDir.isValid()) {
        m_tlsUnavailable = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    const QString certFile = m_tlsDir.filePath(QStringLiteral("cert.pem"));
    const QString keyFile = m_tlsDir.filePath(QStringLiteral("key.pem"));
    QProcess process;
    process.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                            QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                            QStringLiteral("/CN=localhost"), QStringLiteral("-days"), QStringLiteral("2"),
                            QStringLiteral("-addext"), QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"),
                            QStringLiteral("-keyout"), keyFile, QStringLiteral("-out"), certFile});
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        m_tlsUnavailable = QStringLiteral("openssl req failed: ") + QString::fromLocal8Bit(process.readAllStandardError());
        return false;
    }
    QFile cert(certFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly)) {
        m_tlsUnavailable = QStringLiteral("cannot read the generated certificate");
        return false;
    }
    m_certificate = QSslCertificate(cert.readAll(), QSsl::Pem);
    m_key = QSslKey(key.readAll(), QSsl::Rsa, QSsl::Pem);
    if (m_certificate.isNull() || m_key.isNull()) {
        m_tlsUnavailable = QStringLiteral("Qt cannot load the generated certificate or key");
        return false;
    }
    return true;
}

// --- connection-level faults ------------------------------------------------------------------------------

void tst_Faults::connectionRefusedIsPostponedThenDelivered()
{
    const QUrl down = closedEndpoint(); // every connection attempt is refused
    QVERIFY(down.isValid());
    TelemetryConfig config = configFor(down);
    config.setRetryBackoffBase(40); // retries after 20-40 and 40-80 ms; pauses between rounds 160-320 ms
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    telemetry.trackEvent(QStringLiteral("e"));
    QElapsedTimer elapsed;
    elapsed.start();
    bool delivered = true;
    QVERIFY(flushAndWait(telemetry, 10000, &delivered));
    QVERIFY(!delivered);
    QCOMPARE(sent.count(), 0);
    QCOMPARE(failed.count(), 0); // not given up: kept for later
    QCOMPARE(postponed.count(), 1);
    QCOMPARE(postponed.constFirst().at(1).toInt(), 1);
    const QString reason = postponed.constFirst().at(2).toString();
    QVERIFY2(reason.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(reason));
    QVERIFY2(reason.contains(QStringLiteral("3 attempts")), qPrintable(reason));
    // Exactly maxRetries retries, each after its backoff (equal jitter: at least half of 40 and of 80 ms).
    QCOMPARE(counter(telemetry, "retries"), 2);
    QVERIFY2(elapsed.elapsed() >= 20 + 40, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(counter(telemetry, "spooled"), 1);
    QCOMPARE(telemetry.queueSize(), 1);

    // While the backend is down it is probed one round at a time, after a pause: no storm.
    elapsed.restart();
    QVERIFY(postponed.wait(5000));
    QCOMPARE(postponed.count(), 2);
    QCOMPARE(counter(telemetry, "retries"), 4);
    QVERIFY2(elapsed.elapsed() >= 160, qPrintable(QString::number(elapsed.elapsed())));

    // The collector comes back on that port: the kept batch is delivered by the next probe, once.
    OtlpReceiver receiver;
    if (!receiver.listen(QHostAddress::LocalHost, quint16(down.port())))
        QSKIP("the port was taken by another process meanwhile");
    QTRY_COMPARE_WITH_TIMEOUT(sent.count(), 1, 5000);
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(receiver.requests().constFirst().items, 1);
    QCOMPARE(telemetry.sentCount(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(counter(telemetry, "spooled"), 0);
    QCOMPARE(telemetry.queueSize(), 0);
}

void tst_Faults::neverAnswersTimesOutPerAttempt()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setHang(true); // reads the request, never answers
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setTimeout(400);
    config.setMaxRetries(1);
    config.setRetryBackoffBase(100); // the retry after 50-100 ms, the next round after 200-400 ms
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    telemetry.trackEvent(QStringLiteral("e"));
    QElapsedTimer elapsed;
    elapsed.start();
    bool delivered = true;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    const qint64 took = elapsed.elapsed();
    QVERIFY(!delivered);
    QCOMPARE(receiver.requestCount(), 2); // the first attempt and one retry, no more
    QCOMPARE(failed.count(), 0);
    QCOMPARE(postponed.count(), 1);
    QVERIFY2(postponed.constFirst().at(2).toString().contains(QStringLiteral("timed out")),
             qPrintable(postponed.constFirst().at(2).toString()));
    const auto requests = receiver.requests();
    // The first attempt waited its whole timeout, then the backoff, before the retry began (Qt's coarse timers
    // may fire up to 5% early).
    const qint64 gap = requests.at(0).receivedAt.msecsTo(requests.at(1).receivedAt);
    QVERIFY2(gap >= 0.9 * (400 + 50), qPrintable(QString::number(gap)));
    QVERIFY2(took >= 0.9 * (2 * 400 + 50) && took < 2500, qPrintable(QString::number(took)));
    QCOMPARE(counter(telemetry, "retries"), 1);
}

void tst_Faults::drippingAnswerHitsTotalDeadline()
{
    TestServer server;
    QVERIFY(server.listen());
    server.handler = [](const HttpRequest &) {
        HttpResponse r;
        r.kind = HttpResponse::Kind::Drip; // one byte of the head every 40 ms, for ever
        r.dripMs = 40;
        return r;
    };
    TelemetryConfig config = configFor(server.url());
    config.setTimeout(500);
    config.setMaxRetries(0);
    config.setRetryBackoffBase(200); // the next round after 200-400 ms
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    telemetry.trackEvent(QStringLiteral("e"));
    bool delivered = true;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    const qint64 gaveUpAt = testClock().elapsed();
    QVERIFY(!delivered);
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(postponed.count(), 1);
    QVERIFY2(postponed.constFirst().at(2).toString().contains(QStringLiteral("timed out")),
             qPrintable(postponed.constFirst().at(2).toString()));
    // Bytes kept arriving, yet the attempt ended at its total deadline, not at an idle timeout.
    const qint64 attempt = gaveUpAt - server.requests.constFirst().atMs;
    QVERIFY2(attempt >= 450 && attempt < 1500, qPrintable(QString::number(attempt)));
    QTRY_VERIFY_WITH_TIMEOUT(server.closedConnections >= 1, 3000); // the client hung up
}

void tst_Faults::connectionCutMidResponse_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QByteArray>("partial");
    QTest::addColumn<int>("cuts"); // how many requests are cut; -1: all
    QTest::newRow("half a status line, RST, then ok") << int(HttpResponse::Kind::Reset) << QByteArray("HTTP/1.1 2") << 1;
    QTest::newRow("half a status line, RST, always") << int(HttpResponse::Kind::Reset) << QByteArray("HTTP/1.1 2") << -1;
    QTest::newRow("status line and part of the head, RST, always")
        << int(HttpResponse::Kind::Reset) << QByteArray("HTTP/1.1 200 OK\r\nContent-Le") << -1;
    QTest::newRow("FIN before any answer, always") << int(HttpResponse::Kind::CloseWithoutAnswer) << QByteArray() << -1;
}

void tst_Faults::connectionCutMidResponse()
{
    QFETCH(int, kind);
    QFETCH(QByteArray, partial);
    QFETCH(int, cuts);
    TestServer server;
    QVERIFY(server.listen());
    int answered = 0;
    server.handler = [&](const HttpRequest &) {
        if (cuts >= 0 && answered++ >= cuts)
            return HttpResponse();
        HttpResponse r;
        r.kind = HttpResponse::Kind(kind);
        r.partial = partial;
        return r;
    };
    TelemetryConfig config = configFor(server.url());
    config.setRetryBackoffBase(40); // retries after 20-40 and 40-80 ms; the next round after 160-320 ms
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    telemetry.trackEvent(QStringLiteral("a"));
    telemetry.trackEvent(QStringLiteral("b"));
    bool delivered = false;
    QVERIFY(flushAndWait(telemetry, 8000, &delivered));
    QCOMPARE(failed.count(), 0);
    if (cuts >= 0) {
        QVERIFY(delivered);
        QCOMPARE(sent.count(), 1);
        QCOMPARE(postponed.count(), 0);
        QCOMPARE(telemetry.sentCount(), 2);
        QVERIFY(counter(telemetry, "retries") <= cuts); // Qt may have resent the cut request itself
        QCOMPARE(telemetry.queueSize(), 0);
    } else {
        QVERIFY(!delivered);
        QCOMPARE(sent.count(), 0);
        QCOMPARE(postponed.count(), 1);
        QCOMPARE(postponed.constFirst().at(1).toInt(), 2);
        QVERIFY(!postponed.constFirst().at(2).toString().isEmpty());
        QCOMPARE(counter(telemetry, "retries"), 2);
        QCOMPARE(counter(telemetry, "spooled"), 2);
    }
    // Qt 6.4 resends a request whose answer was cut (QHttpNetworkConnectionChannel::handleUnexpectedEOF, POST
    // included; later Qt versions resend idempotent methods only), behind the library's retry policy and its
    // counter. So a library attempt may reach the server twice; never more.
    const int attempts = cuts >= 0 ? cuts + 1 : 3;
    qInfo("%lld requests reached the server for %d library attempts", qint64(server.requests.size()), attempts);
    QVERIFY2(server.requests.size() >= attempts && server.requests.size() <= 2 * attempts,
             qPrintable(QStringLiteral("%1 requests reached the server for %2 attempts")
                            .arg(server.requests.size())
                            .arg(attempts)));
}

// --- HTTP status answers ----------------------------------------------------------------------------------

void tst_Faults::retryableStatusIsRetriedThenDelivered_data()
{
    QTest::addColumn<int>("status");
    for (int status : {429, 502, 503, 504})
        QTest::addRow("%d", status) << status;
}

void tst_Faults::retryableStatusIsRetriedThenDelivered()
{
    QFETCH(int, status);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setFailStatus(status);
    receiver.setFailFirst(2);
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setRetryBackoffBase(60);
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    telemetry.trackEvent(QStringLiteral("e"));
    bool delivered = false;
    QVERIFY(flushAndWait(telemetry, 8000, &delivered));
    QVERIFY(delivered);
    QCOMPARE(receiver.requestCount(), 3);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(telemetry.sentCount(), 1);
    QCOMPARE(counter(telemetry, "retries"), 2);
    // Backoff, not a storm: retry n waits at least half of 60 ms * 2^n (equal jitter).
    const auto requests = receiver.requests();
    QVERIFY(requests.at(0).receivedAt.msecsTo(requests.at(1).receivedAt) >= 30 - 5);
    QVERIFY(requests.at(1).receivedAt.msecsTo(requests.at(2).receivedAt) >= 60 - 5);
}

void tst_Faults::retryableStatusIsPostponedWithoutStorm_data()
{
    retryableStatusIsRetriedThenDelivered_data();
}

void tst_Faults::retryableStatusIsPostponedWithoutStorm()
{
    QFETCH(int, status);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(status);
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setBatchSize(1); // five batches, more than the sender takes at once
    config.setRetryBackoffBase(40); // retries after 20-40 and 40-80 ms; the next round after 160-320 ms
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    for (int i = 0; i < 5; ++i)
        telemetry.trackEvent(QStringLiteral("e%1").arg(i));
    bool delivered = true;
    QVERIFY(flushAndWait(telemetry, 8000, &delivered));
    QVERIFY(!delivered);
    QCOMPARE(failed.count(), 0); // nothing is given up: the backend may come back
    // Bounded: the four batches in flight (docs/reliability.md: at most 4 at once) made 1 + maxRetries
    // attempts each and not one more; the fifth waited.
    const int inSender = 4;
    QCOMPARE(postponed.count(), inSender);
    QCOMPARE(receiver.requestCount(), inSender * 3);
    QCOMPARE(counter(telemetry, "retries"), inSender * 2);
    for (const auto &args : std::as_const(postponed)) {
        QCOMPARE(args.at(1).toInt(), 1);
        QVERIFY2(args.at(2).toString().contains(QString::number(status)), qPrintable(args.at(2).toString()));
    }
    QCOMPARE(counter(telemetry, "spooled"), 5);
    QCOMPARE(telemetry.sentCount(), 0);

    // The next round probes with one batch only, after a pause.
    QElapsedTimer elapsed;
    elapsed.start();
    QTRY_COMPARE_WITH_TIMEOUT(postponed.count(), inSender + 1, 5000);
    QCOMPARE(receiver.requestCount(), inSender * 3 + 3);
    QVERIFY2(elapsed.elapsed() >= 160, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(failed.count(), 0);
    QCOMPARE(counter(telemetry, "spooled"), 5);
}

void tst_Faults::nonRetryableStatusIsDroppedAtOnce_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<DeliveryError>("error");
    for (int status : {400, 401, 403, 404, 405, 409, 410, 415, 422})
        QTest::addRow("%d", status) << status << DeliveryError::HttpClientError;
    for (int status : {500, 501, 505})
        QTest::addRow("%d", status) << status << DeliveryError::HttpServerError;
}

void tst_Faults::nonRetryableStatusIsDroppedAtOnce()
{
    QFETCH(int, status);
    QFETCH(DeliveryError, error);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(status);
    receiver.setRetryAfter("0"); // even an invitation to retry does not make these retryable
    Telemetry telemetry(configFor(receiver.baseUrl()));
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("a"));
    telemetry.trackEvent(QStringLiteral("b"));
    bool delivered = true;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    QVERIFY(!delivered);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(0).value<TelemetrySignal>(), TelemetrySignal::Traces);
    QCOMPARE(failed.constFirst().at(1).toInt(), 2);
    QCOMPARE(failed.constFirst().at(2).value<DeliveryError>(), error);
    QVERIFY2(failed.constFirst().at(3).toString().contains(QString::number(status)),
             qPrintable(failed.constFirst().at(3).toString()));
    QCOMPARE(receiver.requestCount(), 1); // exactly one request: no retry
    QCOMPARE(counter(telemetry, "retries"), 0);
    QCOMPARE(counter(telemetry, "failed"), 2);
    QCOMPARE(telemetry.queueSize(), 0);
}

void tst_Faults::retryAfterIsHonouredAndCapped_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("form"); // "seconds:N", "date:+S" (S seconds from now), or a literal value
    QTest::addColumn<int>("maxRetryDelay");
    QTest::addColumn<int>("minGap");
    QTest::addColumn<int>("maxGap");
    QTest::newRow("429, 1 second") << 429 << QStringLiteral("1") << 5000 << 950 << 1800;
    QTest::newRow("503, 1 second") << 503 << QStringLiteral("1") << 5000 << 950 << 1800;
    // An HTTP date has whole seconds: 2 s from now is between 1 and 2 s away when the client reads it.
    QTest::newRow("429, HTTP date") << 429 << QStringLiteral("date:+2") << 5000 << 900 << 2800;
    QTest::newRow("503, HTTP date") << 503 << QStringLiteral("date:+2") << 5000 << 900 << 2800;
    QTest::newRow("503, far-future HTTP date, capped")
        << 503 << QStringLiteral("Fri, 31 Dec 2100 23:59:59 GMT") << 300 << 280 << 1100;
    QTest::newRow("429, far-future asctime date, capped")
        << 429 << QStringLiteral("Fri Dec 31 23:59:59 2100") << 300 << 280 << 1100;
    QTest::newRow("429, a day in seconds, capped") << 429 << QStringLiteral("86400") << 300 << 280 << 1100;
}

void tst_Faults::retryAfterIsHonouredAndCapped()
{
    QFETCH(int, status);
    QFETCH(QString, form);
    QFETCH(int, maxRetryDelay);
    QFETCH(int, minGap);
    QFETCH(int, maxGap);
    QByteArray value = form.toLatin1();
    if (form.startsWith(QLatin1String("date:+"))) {
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(form.mid(6).toInt());
        value = QLocale::c().toString(at, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
    }
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setFailStatus(status);
    receiver.setFailFirst(1);
    receiver.setRetryAfter(value);
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setRetryBackoffBase(1); // without the header the retry would follow within milliseconds
    config.setMaxRetryDelay(maxRetryDelay);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("e"));
    bool delivered = false;
    QVERIFY(flushAndWait(telemetry, 10000, &delivered));
    QVERIFY(delivered);
    const auto requests = receiver.requests();
    QCOMPARE(requests.size(), 2);
    const qint64 gap = requests.at(0).receivedAt.msecsTo(requests.at(1).receivedAt);
    QVERIFY2(gap >= minGap && gap <= maxGap,
             qPrintable(QStringLiteral("Retry-After %1: retry after %2 ms, expected %3..%4")
                            .arg(QString::fromLatin1(value)).arg(gap).arg(minGap).arg(maxGap)));
    QCOMPARE(telemetry.sentCount(), 1);
    QCOMPARE(counter(telemetry, "retries"), 1);
}

// --- 413: split the batch ---------------------------------------------------------------------------------

void tst_Faults::payloadTooLargeIsSplit()
{
    constexpr int Events = 40;
    constexpr int Limit = 10; // the server takes at most this many spans per request
    TestServer server;
    QVERIFY(server.listen());
    server.handler = [](const HttpRequest &request) {
        return request.items > Limit ? HttpResponse::withStatus(413) : HttpResponse();
    };
    TelemetryConfig config = configFor(server.url());
    config.setBatchSize(Events);
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    QSignalSpy flushed(&telemetry, &Telemetry::flushFinished);
    qint64 resolvedAtFlush = -1; // records delivered or given up when flushFinished arrived
    connect(&telemetry, &Telemetry::flushFinished, &telemetry,
            [&] { resolvedAtFlush = telemetry.sentCount() + telemetry.failedCount(); });
    for (int i = 0; i < Events; ++i)
        telemetry.trackEvent(QStringLiteral("split.me"), {{QStringLiteral("seq"), i}});
    telemetry.flush();
    QTRY_COMPARE_WITH_TIMEOUT(itemsIn(sent) + itemsIn(failed), Events, 10000);

    QStringList accepted;
    int tooLarge = 0;
    for (const HttpRequest &request : std::as_const(server.requests)) {
        QCOMPARE(request.seqs.size(), request.items);
        if (request.items > Limit)
            ++tooLarge;
        else
            accepted += request.seqs;
    }
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.constFirst().at(3).toString()));
    QVERIFY2(tooLarge >= 1, "the first request carried the whole batch");
    // Every event arrived, each exactly once among the accepted requests (nothing accepted was resent).
    const QSet<QString> distinct(accepted.cbegin(), accepted.cend());
    QCOMPARE(distinct.size(), Events);
    QCOMPARE(accepted.size(), Events);
    for (int i = 0; i < Events; ++i)
        QVERIFY2(distinct.contains(QString::number(i)), qPrintable(QString::number(i)));
    QCOMPARE(telemetry.sentCount(), Events);
    QCOMPARE(telemetry.failedCount(), 0);
    // Halving 40 down to 10 takes 1 + 2 + 4 requests; anything near 2 * 40 would be a storm.
    QVERIFY2(server.requests.size() <= 15, qPrintable(QString::number(server.requests.size())));
    // The flush covers the parts its batch was split into.
    QTRY_COMPARE(flushed.count(), 1);
    QVERIFY2(resolvedAtFlush == Events,
             qPrintable(QStringLiteral("flushFinished(%1) came when %2 of %3 records were resolved")
                            .arg(flushed.constFirst().constFirst().toBool())
                            .arg(resolvedAtFlush)
                            .arg(Events)));
    QCOMPARE(flushed.constFirst().constFirst().toBool(), true);
}

void tst_Faults::payloadTooLargeSingleItemIsDropped_data()
{
    QTest::addColumn<int>("events");
    QTest::newRow("one event") << 1;
    QTest::newRow("four events, each too large alone") << 4;
}

void tst_Faults::payloadTooLargeSingleItemIsDropped()
{
    QFETCH(int, events);
    TestServer server;
    QVERIFY(server.listen());
    server.handler = [](const HttpRequest &) { return HttpResponse::withStatus(413); };
    TelemetryConfig config = configFor(server.url());
    config.setBatchSize(events);
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy flushed(&telemetry, &Telemetry::flushFinished);
    qint64 resolvedAtFlush = -1;
    connect(&telemetry, &Telemetry::flushFinished, &telemetry,
            [&] { resolvedAtFlush = telemetry.sentCount() + telemetry.failedCount(); });
    for (int i = 0; i < events; ++i)
        telemetry.trackEvent(QStringLiteral("too.large"), {{QStringLiteral("seq"), i}});
    telemetry.flush();
    QTRY_COMPARE_WITH_TIMEOUT(itemsIn(failed), events, 8000);
    const int failedItems = itemsIn(failed);
    for (const auto &args : std::as_const(failed)) {
        QCOMPARE(args.at(2).value<DeliveryError>(), DeliveryError::HttpClientError);
        QVERIFY2(args.at(3).toString().contains(QStringLiteral("413")), qPrintable(args.at(3).toString()));
    }
    QCOMPARE(failedItems, events);
    QCOMPARE(telemetry.failedCount(), events);
    QCOMPARE(telemetry.sentCount(), 0);
    QCOMPARE(counter(telemetry, "retries"), 0);
    // A single item is never split further nor retried; a batch of n splits into at most 2n - 1 requests.
    QVERIFY2(server.requests.size() <= 2 * events - 1, qPrintable(QString::number(server.requests.size())));
    for (const HttpRequest &request : std::as_const(server.requests)) {
        if (request.items == 1)
            QCOMPARE(std::count_if(server.requests.cbegin(), server.requests.cend(),
                                   [&](const HttpRequest &r) { return r.seqs == request.seqs; }),
                     1);
    }
    QTRY_COMPARE(flushed.count(), 1);
    QVERIFY2(resolvedAtFlush == events,
             qPrintable(QStringLiteral("flushFinished(%1) came when %2 of %3 records were resolved")
                            .arg(flushed.constFirst().constFirst().toBool())
                            .arg(resolvedAtFlush)
                            .arg(events)));
    QCOMPARE(flushed.constFirst().constFirst().toBool(), false);
}

// --- slow, garbage and endless answers --------------------------------------------------------------------

void tst_Faults::slowServer_data()
{
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<bool>("delivered");
    QTest::newRow("slower than usual, within the timeout") << 250 << 800 << true;
    QTest::newRow("slower than the timeout") << 1500 << 400 << false;
}

void tst_Faults::slowServer()
{
    QFETCH(int, delayMs);
    QFETCH(int, timeoutMs);
    QFETCH(bool, delivered);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setDelayMs(delayMs);
    TelemetryConfig config = configFor(receiver.baseUrl());
    config.setTimeout(timeoutMs);
    config.setMaxRetries(1);
    config.setRetryBackoffBase(100); // the retry after 50-100 ms, the next round after 200-400 ms
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    telemetry.trackEvent(QStringLiteral("e"));
    bool outcome = !delivered;
    QVERIFY(flushAndWait(telemetry, 8000, &outcome));
    QCOMPARE(outcome, delivered);
    QCOMPARE(failed.count(), 0);
    if (delivered) {
        QCOMPARE(receiver.requestCount(), 1);
        QCOMPARE(sent.count(), 1);
        QCOMPARE(counter(telemetry, "retries"), 0);
    } else {
        QCOMPARE(receiver.requestCount(), 2);
        QCOMPARE(sent.count(), 0);
        QCOMPARE(postponed.count(), 1);
        QVERIFY(postponed.constFirst().at(2).toString().contains(QStringLiteral("timed out")));
        QCOMPARE(counter(telemetry, "retries"), 1);
    }
}

void tst_Faults::garbageBodyOn200IsDelivered()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setGarbageBody(true); // binary junk labelled application/json
    Telemetry telemetry(configFor(receiver.baseUrl()));
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy rejected(&telemetry, &Telemetry::partiallyRejected);
    telemetry.trackEvent(QStringLiteral("a"));
    telemetry.trackLog(QStringLiteral("b"));
    bool delivered = false;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    QVERIFY(delivered);
    QCOMPARE(receiver.requestCount(), 2);
    QCOMPARE(sent.count(), 2);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(rejected.count(), 0);
    QCOMPARE(telemetry.sentCount(), 2);
    QCOMPARE(counter(telemetry, "retries"), 0);
}

void tst_Faults::endlessBodyIsCutShort_data()
{
    QTest::addColumn<qint64>("streamBytes");
    QTest::addColumn<bool>("chunked");
    QTest::newRow("Content-Length 4 GiB") << qint64(4) * 1024 * 1024 * 1024 << false;
    QTest::newRow("until the connection closes") << qint64(-1) << false;
    QTest::newRow("endless chunks") << qint64(-1) << true;
}

void tst_Faults::endlessBodyIsCutShort()
{
    QFETCH(qint64, streamBytes);
    QFETCH(bool, chunked);
    TestServer server;
    QVERIFY(server.listen());
    server.handler = [&](const HttpRequest &) {
        HttpResponse r;
        r.kind = HttpResponse::Kind::Stream;
        r.streamBytes = streamBytes;
        r.chunked = chunked;
        return r;
    };
    TelemetryConfig config = configFor(server.url());
    config.setTimeout(3000);
    Telemetry telemetry(config);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("e"));
    const qint64 rssBefore = residentKiB();
    bool delivered = false;
    QVERIFY(flushAndWait(telemetry, 10000, &delivered));
    const qint64 finishedAt = testClock().elapsed();
    QCOMPARE(server.requests.size(), 1);
    // Judged by its status line: a 200 is delivered, the body is not read to its (non-)end.
    QVERIFY(delivered);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(failed.count(), 0);
    const qint64 took = finishedAt - server.requests.constFirst().atMs;
    // The client hung up instead of draining the stream.
    QTRY_VERIFY_WITH_TIMEOUT(server.closedConnections >= 1, 5000);
    const qint64 closedAfter = testClock().elapsed() - finishedAt;
    const qint64 streamed = server.streamedBytes;
    const qint64 rssAfter = residentKiB();
    const qint64 grewKiB = rssBefore > 0 && rssAfter > 0 ? rssAfter - rssBefore : 0;
    // The client reads at most 64 KiB; the rest of what the server got rid of sits in the kernel's socket
    // buffers (up to their maximum sizes) or in a bounded client-side buffer.
    const qint64 bound = socketBufferMaxBytes() + qint64(16) * 1024 * 1024;
    const QString measured = QStringLiteral("batch reported %1 ms after the request; server wrote %2 MiB (bound %3 MiB); "
                                            "connection closed %4 ms after the report; resident memory grew by %5 MiB")
                                 .arg(took)
                                 .arg(streamed / (1024 * 1024))
                                 .arg(bound / (1024 * 1024))
                                 .arg(closedAfter)
                                 .arg(grewKiB / 1024);
    qInfo("%s", qPrintable(measured));
    QVERIFY2(took < 2000, qPrintable(measured));
    QVERIFY2(streamed < bound, qPrintable(measured));
    QVERIFY2(grewKiB < 64 * 1024, qPrintable(measured));
}

void tst_Faults::errorBodyIsReadUpToTheCap_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<bool>("untilClose");
    QTest::addColumn<qsizetype>("size");
    const qsizetype cap = Internal::HttpSender::Options().maxResponseBytes;
    QTest::newRow("Content-Length, short") << 400 << false << false << qsizetype(1000);
    QTest::newRow("chunked, short") << 400 << true << false << qsizetype(40 * 1000);
    QTest::newRow("chunked, exactly the cap") << 400 << true << false << cap;
    QTest::newRow("chunked, one byte over the cap") << 400 << true << false << cap + 1;
    QTest::newRow("chunked, 4 MiB") << 400 << true << false << qsizetype(4) * 1024 * 1024;
    QTest::newRow("until close, short") << 500 << false << true << qsizetype(1000);
    QTest::newRow("until close, 4 MiB") << 500 << false << true << qsizetype(4) * 1024 * 1024;
}

void tst_Faults::errorBodyIsReadUpToTheCap()
{
    // The body the sender hands on (the worker takes ClickHouse's error text from it): an error body, also
    // of unknown length, is kept up to the cap, and a longer one ends the attempt there, not at the deadline.
    QFETCH(int, status);
    QFETCH(bool, chunked);
    QFETCH(bool, untilClose);
    QFETCH(qsizetype, size);
    QByteArray body = "Code: 62. DB::Exception: Syntax error: ";
    while (body.size() < size)
        body += QByteArray::number(body.size()) + ' ';
    body.truncate(size);
    TestServer server;
    QVERIFY(server.listen());
    server.handler = [&](const HttpRequest &) {
        HttpResponse r = HttpResponse::withStatus(status);
        r.body = body;
        r.chunked = chunked;
        r.untilClose = untilClose;
        return r;
    };
    Internal::HttpSender::Options options;
    options.timeoutMs = 10000; // far beyond the wait below: a stalled read fails the test, not a retry
    Internal::HttpSender sender(options, Internal::RetryPolicy(0));
    QSignalSpy finished(&sender, &Internal::HttpSender::finished);
    Internal::OutgoingBatch batch;
    batch.id = 1;
    batch.items = 1;
    batch.url = server.url(QStringLiteral("/v1/traces"));
    batch.body = "{}";
    sender.send(batch);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 8000);
    const auto result = finished.constFirst().at(1).value<Internal::DeliveryResult>();
    QCOMPARE(result.httpStatus, status);
    QCOMPARE(result.error, status < 500 ? DeliveryError::HttpClientError : DeliveryError::HttpServerError);
    QCOMPARE(result.response.size(), qMin(size, options.maxResponseBytes));
    QVERIFY(result.response == body.left(options.maxResponseBytes));
    QCOMPARE(server.requests.size(), 1);
    QCOMPARE(sender.pendingCount(), 0);
    if (size >= 1024 * 1024) // far more than the cap was on its way: hung up instead of draining it
        QTRY_VERIFY_WITH_TIMEOUT(server.closedConnections >= 1, 5000);
}

// --- TLS and redirects ------------------------------------------------------------------------------------

void tst_Faults::untrustedCertificateFailsOnceWithoutFallback()
{
    if (!prepareTls())
        QSKIP(qPrintable(m_tlsUnavailable));
    TestServer tls;
    QVERIFY(tls.listenTls(m_certificate, m_key));
    TelemetryConfig config = configFor(tls.url()); // https://127.0.0.1:PORT, certificate not trusted
    config.setMaxRetries(3);
    config.setRetryBackoffBase(10);
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("e"));
    bool delivered = true;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    QVERIFY(!delivered);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(2).value<DeliveryError>(), DeliveryError::TlsError);
    QVERIFY(!failed.constFirst().at(3).toString().isEmpty());
    QCOMPARE(counter(telemetry, "retries"), 0);
    QCOMPARE(telemetry.failedCount(), 1);
    QTRY_COMPARE(tls.tlsFailed, 1); // the server saw the client give up the handshake
    QCOMPARE(tls.tlsClientHellos, 1); // exactly one handshake: no retry
    QCOMPARE(tls.tlsEstablished, 0);
    QCOMPARE(tls.plaintextOnTlsPort, 0); // never fell back to plain http
    QCOMPARE(tls.requests.size(), 0);
}

void tst_Faults::httpsRedirectToHttpIsNeverFollowed_data()
{
    QTest::addColumn<int>("status");
    for (int status : {301, 302, 303, 307, 308})
        QTest::addRow("%d", status) << status;
}

void tst_Faults::httpsRedirectToHttpIsNeverFollowed()
{
    QFETCH(int, status);
    if (!prepareTls())
        QSKIP(qPrintable(m_tlsUnavailable));
    TestServer plain;
    QVERIFY(plain.listen());
    TestServer tls;
    QVERIFY(tls.listenTls(m_certificate, m_key));
    const QUrl target = plain.url(QStringLiteral("/v1/traces"));
    tls.handler = [&](const HttpRequest &) {
        return HttpResponse::withStatus(status, {{"Location", target.toEncoded()}});
    };
    TelemetryConfig config = configFor(tls.url());
    trustCertificate(config, m_certificate, m_tlsDir.filePath(QStringLiteral("cert.pem")));
    config.setHeaders({{"Authorization", "Bearer secret-token"}});
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    telemetry.trackEvent(QStringLiteral("e"));
    bool delivered = true;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    QCOMPARE(tls.tlsEstablished, 1); // the test CA is trusted: the failure is the redirect, not TLS
    QCOMPARE(tls.requests.size(), 1);
    QCOMPARE(plain.connections, 0); // nothing, not even a connection, reached the http server
    QCOMPARE(plain.requests.size(), 0);
    QVERIFY(!delivered);
    QCOMPARE(sent.count(), 0);
    QCOMPARE(failed.count(), 1);
    const auto error = failed.constFirst().at(2).value<DeliveryError>();
    const QString reason = failed.constFirst().at(3).toString();
    // Qt refuses the downgrade (InsecureRedirectError); the library reports the redirect status it got.
    QCOMPARE(error, DeliveryError::HttpClientError);
    QVERIFY2(reason.contains(QString::number(status)) && reason.contains(QStringLiteral("redirect")), qPrintable(reason));
    QCOMPARE(counter(telemetry, "retries"), 0);
}

void tst_Faults::sameSchemeRedirect_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<int>("status");
    for (int status : {301, 302, 303, 307, 308})
        QTest::addRow("http %d", status) << false << status;
    for (int status : {302, 307, 308})
        QTest::addRow("https %d", status) << true << status;
}

// No redirect is followed, whatever the scheme: following would replay the POST elsewhere (as a GET for
// 301-303), send the Authorization header to another origin, and could turn https into http.
void tst_Faults::sameSchemeRedirect()
{
    QFETCH(bool, tls);
    QFETCH(int, status);
    if (tls && !prepareTls())
        QSKIP(qPrintable(m_tlsUnavailable));
    // Two servers on different ports: different origins. The target answers like a collector (POST only).
    TestServer target;
    TestServer redirector;
    QVERIFY(tls ? target.listenTls(m_certificate, m_key) : target.listen());
    QVERIFY(tls ? redirector.listenTls(m_certificate, m_key) : redirector.listen());
    target.handler = [](const HttpRequest &request) {
        return request.method == "POST" ? HttpResponse() : HttpResponse::withStatus(405);
    };
    const QUrl location = target.url(QStringLiteral("/v1/traces"));
    redirector.handler = [&](const HttpRequest &) {
        return HttpResponse::withStatus(status, {{"Location", location.toEncoded()}});
    };
    TelemetryConfig config = configFor(redirector.url());
    if (tls)
        trustCertificate(config, m_certificate, m_tlsDir.filePath(QStringLiteral("cert.pem")));
    config.setHeaders({{"Authorization", "Bearer secret-token"}});
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    telemetry.trackEvent(QStringLiteral("e"));
    bool delivered = false;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    QVERIFY(!delivered);
    QCOMPARE(redirector.requests.size(), 1);
    QCOMPARE(target.requests.size(), 0); // never followed: neither the body nor the token went there
    QCOMPARE(counter(telemetry, "retries"), 0);
    QCOMPARE(sent.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.constFirst().at(2).value<DeliveryError>(), DeliveryError::HttpClientError);
    const QString reason = failed.constFirst().at(3).toString();
    QVERIFY2(reason.contains(QString::number(status)) && reason.contains(QStringLiteral("redirect not followed")),
             qPrintable(reason));
}

// --- partial success --------------------------------------------------------------------------------------

void tst_Faults::partialSuccessIsReported_data()
{
    QTest::addColumn<TelemetrySignal>("signal");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("rejected");
    QTest::addColumn<QString>("message");
    QTest::addColumn<bool>("reported");
    QTest::newRow("spans, int64 as string")
        << TelemetrySignal::Traces << QByteArray(R"({"partialSuccess":{"rejectedSpans":"2","errorMessage":"bad span"}})")
        << qint64(2) << QStringLiteral("bad span") << true;
    QTest::newRow("spans, as a number")
        << TelemetrySignal::Traces << QByteArray(R"({"partialSuccess":{"rejectedSpans":3}})") << qint64(3) << QString() << true;
    QTest::newRow("data points") << TelemetrySignal::Metrics
                                 << QByteArray(R"({"partialSuccess":{"rejectedDataPoints":"1","errorMessage":"nan"}})")
                                 << qint64(1) << QStringLiteral("nan") << true;
    QTest::newRow("log records") << TelemetrySignal::Logs
                                 << QByteArray(R"({"partialSuccess":{"rejectedLogRecords":"4","errorMessage":"old"}})")
                                 << qint64(4) << QStringLiteral("old") << true;
    QTest::newRow("warning only") << TelemetrySignal::Traces
                                  << QByteArray(R"({"partialSuccess":{"errorMessage":"deprecated field"}})") << qint64(0)
                                  << QStringLiteral("deprecated field") << true;
    QTest::newRow("negative count") << TelemetrySignal::Traces
                                    << QByteArray(R"({"partialSuccess":{"rejectedSpans":"-5","errorMessage":"x"}})")
                                    << qint64(0) << QStringLiteral("x") << true;
    QTest::newRow("empty partialSuccess is full success")
        << TelemetrySignal::Traces << QByteArray(R"({"partialSuccess":{}})") << qint64(0) << QString() << false;
}

void tst_Faults::partialSuccessIsReported()
{
    QFETCH(TelemetrySignal, signal);
    QFETCH(QByteArray, body);
    QFETCH(qint64, rejected);
    QFETCH(QString, message);
    QFETCH(bool, reported);
    constexpr int Items = 5;
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setPartialSuccessJson(body);
    Telemetry telemetry(configFor(receiver.baseUrl()));
    QSignalSpy rejections(&telemetry, &Telemetry::partiallyRejected);
    QSignalSpy sent(&telemetry, &Telemetry::batchSent);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    for (int i = 0; i < Items; ++i) {
        switch (signal) {
        case TelemetrySignal::Traces: telemetry.trackEvent(QStringLiteral("e")); break;
        case TelemetrySignal::Metrics: telemetry.trackMetric(QStringLiteral("m"), i); break;
        case TelemetrySignal::Logs: telemetry.trackLog(QStringLiteral("l")); break;
        }
    }
    bool delivered = false;
    QVERIFY(flushAndWait(telemetry, 5000, &delivered));
    QVERIFY(delivered); // accepted: a partial success is never retried
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(sent.count(), 1);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(counter(telemetry, "retries"), 0);
    const char *key = signal == TelemetrySignal::Traces ? "traces" : signal == TelemetrySignal::Metrics ? "metrics" : "logs";
    QCOMPARE(rejections.count(), reported ? 1 : 0);
    if (reported) {
        QCOMPARE(rejections.constFirst().at(0).value<TelemetrySignal>(), signal);
        QCOMPARE(rejections.constFirst().at(1).toLongLong(), rejected);
        QCOMPARE(rejections.constFirst().at(2).toString(), message);
    }
    QCOMPARE(counter(telemetry, "rejected", key), rejected);
    QCOMPARE(counter(telemetry, "sent", key), Items - rejected);
    QCOMPARE(telemetry.sentCount(), Items - rejected);
}

QTEST_GUILESS_MAIN(tst_Faults)
#include "tst_faults.moc"
