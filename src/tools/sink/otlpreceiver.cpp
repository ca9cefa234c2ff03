// SPDX-License-Identifier: MIT
#include "otlpreceiver.h"

#include "encoding/gzip.h"
#include "otlpprotobufdecoder.h"
#include "recordstore.h"
#include "sinkpage.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

namespace Automagik::Sink {

namespace {

constexpr qint64 kMaxHeadBytes = 64 * 1024;       // request line + fields (+ trailers)
constexpr qint64 kMaxChunkLine = 4 * 1024;        // chunk size + extensions
constexpr qint64 kReadBufferSize = 1024 * 1024;   // lets TCP push back while an answer is pending
constexpr qint64 kStreamChunk = 64 * 1024;
constexpr qint64 kHardBodyLimit = qint64(1) << 40; // keeps limit + 1 from overflowing
constexpr int kLingerMs = 2000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return QByteArrayLiteral("Continue");
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 202: return QByteArrayLiteral("Accepted");
    case 204: return QByteArrayLiteral("No Content");
    case 301: return QByteArrayLiteral("Moved Permanently");
    case 302: return QByteArrayLiteral("Found");
    case 304: return QByteArrayLiteral("Not Modified");
    case 307: return QByteArrayLiteral("Temporary Redirect");
    case 308: return QByteArrayLiteral("Permanent Redirect");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 409: return QByteArrayLiteral("Conflict");
    case 410: return QByteArrayLiteral("Gone");
    case 411: return QByteArrayLiteral("Length Required");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 414: return QByteArrayLiteral("URI Too Long");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 422: return QByteArrayLiteral("Unprocessable Content");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    default: return QByteArrayLiteral("Status");
    }
}

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// True when \a s is not empty and \a isAllowed accepts each of its characters.
template<typename CharPredicate>
bool consistsOf(const QByteArray &s, CharPredicate isAllowed)
{
    return !s.isEmpty() && std::all_of(s.cbegin(), s.cend(), isAllowed);
}

bool isToken(const QByteArray &s)
{
    return consistsOf(s, isTokenChar);
}

// Comma-separated field value contains token (case-insensitive), e.g. Connection: close.
bool hasListToken(const QByteArray &value, const QByteArray &token)
{
    const QList<QByteArray> parts = value.split(',');
    for (const QByteArray &part : parts) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString signalForPath(const QByteArray &path)
{
    QByteArray p = path;
    if (p.size() > 1 && p.endsWith('/'))
        p.chop(1);
    if (p.endsWith("/traces"))
        return QStringLiteral("traces");
    if (p.endsWith("/metrics"))
        return QStringLiteral("metrics");
    if (p.endsWith("/logs"))
        return QStringLiteral("logs");
    return {};
}

QByteArray errorJson(int code, const QString &message)
{
    const QJsonObject o{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Looks like the start of a binary file, is not JSON and not UTF-8.
QByteArray garbageBytes()
{
    return QByteArrayLiteral("\x00\xff\xfe\x89PNG\r\n\x1a\n\x00\x01\x02garbage\x80\x81{[\"");
}

const QByteArray &junkBlock()
{
    static const QByteArray block = [] {
        QByteArray b(kStreamChunk, '\0');
        for (qsizetype i = 0; i < b.size(); ++i)
            b[i] = char((i * 131 + 7) & 0xff);
        return b;
    }();
    return block;
}


} // namespace

// ---------------------------------------------------------------------------

struct OtlpReceiver::Private
{
    struct Reply
    {
        int status = 200;
        QByteArray contentType = QByteArrayLiteral("application/json");
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        qint64 streamBytes = 0; // > 0: stream that much junk instead of body
        int delayMs = 0;
        bool close = false;
        bool reset = false;
        bool hang = false;
    };

    explicit Private(OtlpReceiver *owner) : q(owner), page(&store) {}

    void accept();
    Reply decide(Request &request, int status, const QString &message, bool injectable);
    void record(const Request &request);
    qint64 bodyLimit() const { return std::clamp<qint64>(options.maxBodyBytes, 0, kHardBodyLimit); }

    OtlpReceiver *q;
    QTcpServer server;
    Options options;
    QList<Request> requests;
    QList<Connection *> connections;
    int requestCount = 0;
    int failuresIssued = 0; // since failFirst was (re-)armed
    int nextConnectionId = 0;
    RecordStore store;
    SinkPage page;
};

// One accepted socket: an HTTP/1.1 request parser feeding a strictly ordered
// answer pipeline (one answer in flight; pipelined requests wait in the buffers).
// Hand-written rather than Qt HttpServer because 6.4's (the oldest Qt supported)
// buffers a whole body without limit before any handler runs (no early 413), has
// no Expect: 100-continue, lets a delayed answer refer to a request object the
// next pipelined request overwrites, and 6.8's hides the socket that
// responseFinished() and the faults (hang, reset, endless body) need. Details in
// docs/receiver.md.
class OtlpReceiver::Connection : public QObject
{
public:
    Connection(Private *d, QTcpSocket *socket, int id);
    void detach();

private:
    enum class State {
        RequestLine, Headers, Body, ChunkSize, ChunkData, ChunkEnd, Trailers,
        Answering, // request complete, answer not fully queued yet
        Lingering, // answered with "Connection: close", draining input before closing
        Hung,
        Closed,
    };

    struct Pending
    {
        qint64 bytes; // still to be written to the OS; max() until the answer is queued
        bool notify;  // false for interim "100 Continue"
        Request request;
    };

    void onReadyRead();
    void onBytesWritten(qint64 bytes);
    void onDisconnected();

    void process();
    bool step();
    bool fill();
    std::optional<QByteArray> takeLine(qint64 maxLength, bool *tooLong);
    void parseRequestLine(const QByteArray &line);
    void parseHeaderLine(const QByteArray &line);
    void headersComplete();
    void maybeSendContinue();
    void requestComplete();
    void reject(int status, const QString &message, qint64 discard);
    bool answerPage();
    void dispatch(const Private::Reply &reply);
    void writeReply(const Private::Reply &reply);
    void pump();
    void replyQueued();
    void discardInput();
    void startNextRequest();

    Private *d;
    QTcpSocket *m_socket;
    const int m_id;
    State m_state = State::RequestLine;
    QByteArray m_buffer; // received but not yet parsed
    Request m_request;
    QByteArray m_body;
    QList<Pending> m_pending;
    qint64 m_headBytes = 0;
    qint64 m_bodyLeft = 0;
    qint64 m_chunkLeft = 0;
    qint64 m_streamLeft = 0;
    qint64 m_discardLeft = 0; // -1: until the peer closes
    bool m_keepAlive = true;
    bool m_closeAfterReply = false;
    bool m_headRequest = false;
    bool m_streaming = false;
    bool m_processing = false;
};

OtlpReceiver::Connection::Connection(Private *dd, QTcpSocket *socket, int id)
    : QObject(socket), d(dd), m_socket(socket), m_id(id)
{
    // Bounded so that while an answer is pending, unread input pushes back on the client.
    m_socket->setReadBufferSize(kReadBufferSize);
    connect(m_socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &Connection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &Connection::onDisconnected);
}

void OtlpReceiver::Connection::detach()
{
    if (!d)
        return;
    d = nullptr; // pending timers check this and bail out
    m_state = State::Closed;
    disconnect(m_socket, nullptr, this, nullptr);
    m_socket->abort();
    m_socket->deleteLater();
}

void OtlpReceiver::Connection::onReadyRead()
{
    if (!d)
        return;
    switch (m_state) {
    case State::Hung:
        m_socket->skip(m_socket->bytesAvailable());
        return;
    case State::Lingering:
        discardInput();
        return;
    case State::Answering:
    case State::Closed:
        return; // picked up by process() once the answer is out
    default:
        process();
    }
}

void OtlpReceiver::Connection::onBytesWritten(qint64 bytes)
{
    if (!d)
        return;
    QPointer<Connection> self(this);
    while (bytes > 0 && !m_pending.isEmpty()) {
        Pending &front = m_pending.first();
        if (front.bytes == std::numeric_limits<qint64>::max())
            break; // not queued yet (delayed answer)
        const qint64 used = std::min(bytes, front.bytes);
        front.bytes -= used;
        bytes -= used;
        if (front.bytes > 0)
            break;
        const Pending done = m_pending.takeFirst();
        if (done.notify) {
            Q_EMIT d->q->responseFinished(done.request);
            if (!self || !d)
                return;
        }
    }
    if (m_streaming)
        pump();
}

void OtlpReceiver::Connection::onDisconnected()
{
    if (m_state == State::Closed || !d)
        return;
    m_state = State::Closed;
    d->connections.removeOne(this);
    m_socket->deleteLater();
    // Answers still in flight are over as far as this receiver is concerned.
    QPointer<Connection> self(this);
    const QList<Pending> pending = std::exchange(m_pending, {});
    for (const Pending &p : pending) {
        if (!p.notify)
            continue;
        Q_EMIT d->q->responseFinished(p.request);
        if (!self || !d)
            return;
    }
}

void OtlpReceiver::Connection::process()
{
    if (m_processing || !d)
        return;
    m_processing = true;
    QPointer<Connection> self(this);
    while (self && d && step()) {
    }
    if (self)
        m_processing = false;
}

bool OtlpReceiver::Connection::fill()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return false;
    m_buffer.append(m_socket->read(available));
    return true;
}

std::optional<QByteArray> OtlpReceiver::Connection::takeLine(qint64 maxLength, bool *tooLong)
{
    *tooLong = false;
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n');
        if (newline >= 0) {
            if (newline + 1 > maxLength) {
                *tooLong = true;
                return std::nullopt;
            }
            QByteArray line = m_buffer.left(newline);
            m_buffer.remove(0, newline + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            return line;
        }
        if (m_buffer.size() >= maxLength) {
            *tooLong = true;
            return std::nullopt;
        }
        if (!fill())
            return std::nullopt;
    }
}

// One parsing step; false when more input is needed or no parsing is due.
bool OtlpReceiver::Connection::step()
{
    switch (m_state) {
    case State::RequestLine:
    case State::Headers:
    case State::Trailers: {
        bool tooLong = false;
        const std::optional<QByteArray> line = takeLine(kMaxHeadBytes - m_headBytes, &tooLong);
        if (!line) {
            if (tooLong) {
                const int status = m_state == State::RequestLine ? 414 : 431;
                reject(status, QStringLiteral("request head exceeds %1 bytes").arg(kMaxHeadBytes), -1);
            }
            return false;
        }
        m_headBytes += line->size() + 2;
        if (m_state == State::RequestLine) {
            // RFC 9112 §2.2: tolerate empty lines before a request line.
            if (!line->isEmpty())
                parseRequestLine(*line);
        } else if (m_state == State::Headers) {
            if (line->isEmpty())
                headersComplete();
            else
                parseHeaderLine(*line);
        } else if (line->isEmpty()) {
            requestComplete(); // trailer fields are read and dropped
        }
        return true;
    }
    case State::Body:
    case State::ChunkData: {
        qint64 &left = m_state == State::Body ? m_bodyLeft : m_chunkLeft;
        if (m_buffer.isEmpty()) {
            const qint64 available = m_socket->bytesAvailable();
            if (available <= 0)
                return false;
            // Straight into the body; read() allocates its argument, so ask only for what is there.
            const QByteArray data = m_socket->read(std::min(left, available));
            m_body.append(data);
            left -= data.size();
        } else {
            const auto n = qsizetype(std::min<qint64>(left, m_buffer.size()));
            m_body.append(m_buffer.constData(), n);
            m_buffer.remove(0, n);
            left -= n;
        }
        if (left == 0) {
            if (m_state == State::Body)
                requestComplete();
            else
                m_state = State::ChunkEnd;
        }
        return true;
    }
    case State::ChunkSize: {
        bool tooLong = false;
        const std::optional<QByteArray> line = takeLine(kMaxChunkLine, &tooLong);
        if (!line) {
            if (tooLong)
                reject(400, QStringLiteral("chunk header too long"), -1);
            return false;
        }
        QByteArray size = *line;
        const qsizetype semicolon = size.indexOf(';'); // chunk extensions are ignored
        if (semicolon >= 0)
            size.truncate(semicolon);
        size = size.trimmed();
        bool ok = consistsOf(size, isHexDigit) && size.size() <= 15;
        const qint64 n = ok ? size.toLongLong(&ok, 16) : 0;
        if (!ok) {
            reject(400, QStringLiteral("malformed chunk size"), -1);
            return false;
        }
        if (n == 0) {
            m_state = State::Trailers;
        } else if (m_body.size() + n > d->bodyLimit()) {
            reject(413, QStringLiteral("body exceeds %1 bytes").arg(d->bodyLimit()), -1);
            return false;
        } else {
            m_chunkLeft = n;
            m_state = State::ChunkData;
        }
        return true;
    }
    case State::ChunkEnd: {
        bool tooLong = false;
        const std::optional<QByteArray> line = takeLine(2, &tooLong);
        if (!line) {
            if (tooLong)
                reject(400, QStringLiteral("chunk data not followed by CRLF"), -1);
            return false;
        }
        if (!line->isEmpty()) {
            reject(400, QStringLiteral("chunk data not followed by CRLF"), -1);
            return false;
        }
        m_state = State::ChunkSize;
        return true;
    }
    case State::Answering:
    case State::Lingering:
    case State::Hung:
    case State::Closed:
        return false;
    }
    return false;
}

void OtlpReceiver::Connection::parseRequestLine(const QByteArray &line)
{
    m_request = Request();
    m_request.connectionId = m_id;
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty()) {
        reject(400, QStringLiteral("malformed request line"), -1);
        return;
    }
    m_request.method = parts.at(0);
    m_request.version = parts.at(2);
    if (m_request.version != "HTTP/1.1" && m_request.version != "HTTP/1.0") {
        const bool http = m_request.version.startsWith("HTTP/");
        reject(http ? 505 : 400, QStringLiteral("unsupported protocol version"), -1);
        return;
    }

    QByteArray target = parts.at(1);
    if (target.startsWith("http://") || target.startsWith("https://")) {
        // absolute-form, as sent to proxies
        const QUrl url = QUrl::fromEncoded(target);
        target = url.path(QUrl::FullyEncoded).toLatin1();
        if (target.isEmpty())
            target = QByteArrayLiteral("/");
        if (url.hasQuery())
            target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    } else if (!target.startsWith('/') && target != "*") {
        reject(400, QStringLiteral("malformed request target"), -1);
        return;
    }
    const qsizetype question = target.indexOf('?');
    if (question >= 0) {
        m_request.query = target.mid(question + 1);
        target.truncate(question);
    }
    m_request.path = target;
    m_state = State::Headers;
}

void OtlpReceiver::Connection::parseHeaderLine(const QByteArray &line)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        reject(400, QStringLiteral("obsolete header line folding"), -1);
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray name = colon > 0 ? line.left(colon) : QByteArray();
    if (!isToken(name)) { // also catches whitespace before the colon (RFC 9112 §5.1)
        reject(400, QStringLiteral("malformed header field"), -1);
        return;
    }
    m_request.headers.append({name, line.mid(colon + 1).trimmed()});
}

void OtlpReceiver::Connection::headersComplete()
{
    const QByteArray connection = m_request.header("Connection");
    m_keepAlive = m_request.version == "HTTP/1.1" ? !hasListToken(connection, "close")
                                                   : hasListToken(connection, "keep-alive");
    m_headRequest = m_request.method == "HEAD";

    const QByteArray transferEncoding = m_request.header("Transfer-Encoding").trimmed();
    const QByteArray contentLength = m_request.header("Content-Length");
    if (!transferEncoding.isEmpty()) {
        if (transferEncoding.compare("chunked", Qt::CaseInsensitive) != 0) {
            reject(501, QStringLiteral("unsupported Transfer-Encoding"), -1);
            return;
        }
        m_request.chunked = true;
        // RFC 9112 §6.3: both framings at once smells of smuggling; close afterwards.
        if (!contentLength.isEmpty())
            m_keepAlive = false;
        maybeSendContinue();
        m_state = State::ChunkSize;
        return;
    }

    qint64 length = 0;
    if (!contentLength.isEmpty()) {
        length = -1;
        const QList<QByteArray> values = contentLength.split(','); // repeated fields must agree
        for (const QByteArray &raw : values) {
            const QByteArray value = raw.trimmed();
            if (!consistsOf(value, isDigit) || value.size() > 18 || (length >= 0 && value.toLongLong() != length)) {
                reject(400, QStringLiteral("invalid Content-Length"), -1);
                return;
            }
            length = value.toLongLong();
        }
    }
    if (length > d->bodyLimit()) {
        reject(413, QStringLiteral("body exceeds %1 bytes").arg(d->bodyLimit()), length);
        return;
    }
    if (length == 0) {
        requestComplete();
        return;
    }
    m_bodyLeft = length;
    maybeSendContinue();
    m_state = State::Body;
}

void OtlpReceiver::Connection::maybeSendContinue()
{
    if (m_request.version != "HTTP/1.1" || d->options.hang)
        return;
    if (m_request.header("Expect").trimmed().compare("100-continue", Qt::CaseInsensitive) != 0)
        return;
    const QByteArray interim = QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n");
    m_pending.append({interim.size(), false, Request()});
    m_socket->write(interim);
}

void OtlpReceiver::Connection::requestComplete()
{
    Request &r = m_request;
    r.rawBody = std::exchange(m_body, QByteArray());
    r.receivedAt = QDateTime::currentDateTimeUtc();
    r.signal = signalForPath(r.path);
    if (answerPage())
        return;

    // Undo Content-Encoding first so the body is recorded whatever the verdict.
    int decodeStatus = 200;
    QString decodeMessage;
    const QByteArray encoding = r.header("Content-Encoding").trimmed().toLower();
    if (encoding.isEmpty() || encoding == "identity") {
        r.body = r.rawBody;
    } else if (encoding == "gzip" || encoding == "x-gzip") {
        r.gzipped = true;
        switch (Internal::gunzip(r.rawBody, qsizetype(d->bodyLimit()), &r.body)) {
        case Internal::GunzipStatus::Ok:
            break;
        case Internal::GunzipStatus::Corrupt:
            decodeStatus = 400;
            decodeMessage = QStringLiteral("corrupt gzip body");
            break;
        case Internal::GunzipStatus::TooLarge:
            decodeStatus = 413;
            decodeMessage = QStringLiteral("decompressed body exceeds %1 bytes").arg(d->bodyLimit());
            break;
        }
    } else {
        decodeStatus = 415;
        decodeMessage = QStringLiteral("unsupported Content-Encoding");
    }

    QJsonParseError parseError{};
    QJsonDocument document;
    const bool protobuf = OtlpProtobufDecoder::isProtobuf(r.header("Content-Type"));
    std::optional<QJsonObject> decoded; // a protobuf request as the object its JSON would parse to
    if (decodeStatus == 200 && !r.signal.isEmpty()) {
        if (protobuf && (decoded = OtlpProtobufDecoder::decodeRequest(r.signal, r.body)))
            document = QJsonDocument(*decoded);
        else if (!protobuf)
            document = QJsonDocument::fromJson(r.body, &parseError);
        if (document.isObject())
            r.items = OtlpReceiver::countItems(r.signal, document.object());
    }

    QByteArray mime = r.header("Content-Type");
    if (const qsizetype semicolon = mime.indexOf(';'); semicolon >= 0)
        mime.truncate(semicolon); // parameters such as charset do not matter
    mime = mime.trimmed();
    int status = 200;
    QString message;
    if (r.signal.isEmpty()) {
        status = 404;
        message = QStringLiteral("unknown path");
    } else if (r.method != "POST") {
        status = 405;
        message = QStringLiteral("only POST is allowed");
    } else if (decodeStatus != 200) {
        status = decodeStatus;
        message = decodeMessage;
    } else if (!mime.isEmpty() && mime.compare("application/json", Qt::CaseInsensitive) != 0 && !protobuf) {
        status = 415;
        message = QStringLiteral("Content-Type must be application/json or application/x-protobuf");
    } else if (protobuf && !decoded) {
        status = 400;
        message = QStringLiteral("malformed OTLP protobuf body");
    } else if (parseError.error != QJsonParseError::NoError) {
        status = 400;
        message = QStringLiteral("invalid JSON at offset %1: %2")
                      .arg(parseError.offset)
                      .arg(parseError.errorString());
    } else if (!document.isObject()) {
        status = 400;
        message = QStringLiteral("JSON body must be an object");
    }

    Private::Reply reply = d->decide(r, status, message, true);
    if (protobuf && reply.status == 200 && !reply.body.isEmpty() && !d->options.garbageBody) {
        reply.body = OtlpProtobufDecoder::encodeResponse(QJsonDocument::fromJson(reply.body).object());
        reply.contentType = QByteArrayLiteral("application/x-protobuf"); // answered in the request's encoding
    }
    // Whatever the body's encoding, `document` holds the request in OTLP JSON shape by
    // now; the page shows what the client may consider delivered.
    if (r.status >= 200 && r.status < 300)
        d->store.add(r.signal, document.object(), r.receivedAt, r.items);
    dispatch(reply);
}

// The web page and its API, answered outside the export request bookkeeping.
bool OtlpReceiver::Connection::answerPage()
{
    const std::optional<SinkPage::Response> page = d->page.answer(m_request.method, m_request.path, m_request.query);
    if (!page)
        return false;
    Private::Reply reply;
    reply.status = page->status;
    reply.contentType = page->contentType;
    reply.body = page->body;
    reply.headers.append({QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store")});
    m_state = State::Answering;
    m_pending.append({std::numeric_limits<qint64>::max(), false, Request()});
    writeReply(reply);
    return true;
}

// Answers a request that cannot be read to its end. The connection is closed
// afterwards; `discard` more bytes (-1: unknown) are drained first so the
// client is not reset while it is still sending.
void OtlpReceiver::Connection::reject(int status, const QString &message, qint64 discard)
{
    Request &r = m_request;
    r.connectionId = m_id;
    r.rawBody = std::exchange(m_body, QByteArray());
    r.receivedAt = QDateTime::currentDateTimeUtc();
    r.signal = signalForPath(r.path);
    m_keepAlive = false;
    m_discardLeft = discard < 0 ? -1 : std::max<qint64>(0, discard - m_buffer.size());
    m_buffer.clear();
    Private::Reply reply = d->decide(r, status, message, false);
    reply.close = true;
    dispatch(reply);
}

void OtlpReceiver::Connection::dispatch(const Private::Reply &reply)
{
    m_state = reply.hang ? State::Hung : State::Answering;
    if (!reply.hang)
        m_pending.append({std::numeric_limits<qint64>::max(), true, m_request});
    d->record(m_request);

    QPointer<Connection> self(this);
    Q_EMIT d->q->requestReceived(m_request);
    if (!self || !d || m_state == State::Closed)
        return;

    if (reply.hang) {
        m_buffer.clear();
        m_socket->skip(m_socket->bytesAvailable());
    } else if (reply.delayMs > 0) {
        QTimer::singleShot(reply.delayMs, Qt::PreciseTimer, this, [this, reply] {
            if (d && m_state == State::Answering)
                writeReply(reply); // continues with pipelined input when done
        });
    } else {
        writeReply(reply);
    }
}

void OtlpReceiver::Connection::writeReply(const Private::Reply &reply)
{
    m_closeAfterReply = reply.close || !m_keepAlive;
    const bool bodyAllowed = reply.status >= 200 && reply.status != 204 && reply.status != 304;
    const qint64 bodySize = reply.streamBytes > 0 ? reply.streamBytes : reply.body.size();

    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    if (bodyAllowed) {
        head += "Content-Type: " + reply.contentType + "\r\n";
        head += "Content-Length: " + QByteArray::number(bodySize) + "\r\n";
    }
    head += "Server: automagik-telemetry-sink\r\n";
    for (const auto &field : reply.headers)
        head += field.first + ": " + field.second + "\r\n";
    head += m_closeAfterReply ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    head += "\r\n";

    Pending &entry = m_pending.last(); // the placeholder added by dispatch()
    if (reply.reset) {
        // Stop inside the header block: the client has seen a status line but
        // can never complete the response.
        const QByteArray partial = head.left(head.indexOf("\r\n") + 2 + 10);
        entry.bytes = partial.size();
        m_socket->write(partial);
        m_socket->flush(); // abort() drops whatever is still buffered
#ifdef Q_OS_UNIX
        // Zero linger turns the close into a TCP RST. A plain FIN would let
        // lenient clients (curl) take the cut-off head as a complete answer.
        const linger resetOnClose{1, 0};
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &resetOnClose,
                     socklen_t(sizeof resetOnClose));
#endif
        m_socket->abort(); // disconnected() fires synchronously and cleans up
        return;
    }

    const bool writeBody = bodyAllowed && !m_headRequest;
    entry.bytes = head.size() + (writeBody ? bodySize : 0);
    m_socket->write(head);
    if (writeBody && reply.streamBytes > 0) {
        m_streamLeft = reply.streamBytes;
        m_streaming = true;
        pump();
        return;
    }
    if (writeBody)
        m_socket->write(reply.body);
    replyQueued();
}

// Streams junk in bounded slices, topped up from bytesWritten(), so an
// "endless" answer never sits in memory as a whole.
void OtlpReceiver::Connection::pump()
{
    const QByteArray &junk = junkBlock();
    while (m_streamLeft > 0 && m_socket->bytesToWrite() < 4 * kStreamChunk) {
        const qint64 n = std::min<qint64>(m_streamLeft, junk.size());
        m_socket->write(junk.constData(), n);
        m_streamLeft -= n;
    }
    if (m_streamLeft == 0 && m_streaming) {
        m_streaming = false;
        replyQueued();
    }
}

void OtlpReceiver::Connection::replyQueued()
{
    if (m_closeAfterReply) {
        m_state = State::Lingering;
        if (m_discardLeft == 0) {
            m_socket->disconnectFromHost(); // after the queued answer is written
            return;
        }
        QTimer::singleShot(kLingerMs, this, [this] {
            if (d && m_socket->state() == QAbstractSocket::ConnectedState)
                m_socket->disconnectFromHost();
        });
        discardInput();
        return;
    }
    startNextRequest();
    process(); // pipelined requests may be waiting (no-op when called from process())
}

void OtlpReceiver::Connection::discardInput()
{
    const qint64 available = m_socket->bytesAvailable();
    if (available <= 0)
        return;
    m_socket->skip(available);
    if (m_discardLeft > 0) {
        m_discardLeft = std::max<qint64>(0, m_discardLeft - available);
        if (m_discardLeft == 0 && m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->disconnectFromHost();
    }
}

void OtlpReceiver::Connection::startNextRequest()
{
    m_state = State::RequestLine;
    m_request = Request();
    m_body.clear();
    m_headBytes = 0;
    m_bodyLeft = 0;
    m_chunkLeft = 0;
    m_headRequest = false;
}

// ---------------------------------------------------------------------------

void OtlpReceiver::Private::accept()
{
    QPointer<OtlpReceiver> guard(q);
    while (QTcpSocket *socket = server.nextPendingConnection()) {
        connections.append(new Connection(this, socket, ++nextConnectionId));
        Q_EMIT q->connectionAccepted();
        if (!guard || !server.isListening())
            return;
    }
}

OtlpReceiver::Private::Reply OtlpReceiver::Private::decide(Request &request, int status,
                                                           const QString &message, bool injectable)
{
    Reply reply;
    reply.delayMs = std::max(0, options.delayMs);
    reply.reset = options.resetMidResponse;
    if (options.hang) {
        reply.hang = true;
        request.status = 0;
        return reply;
    }

    int injected = 0;
    if (injectable) {
        if (options.status > 0) {
            injected = options.status;
        } else if (failuresIssued < options.failFirst) {
            ++failuresIssued;
            injected = options.failStatus;
        }
    }

    if (injected > 0) {
        reply.status = injected;
        reply.body = errorJson(injected, QStringLiteral("injected"));
        if (!options.retryAfter.isEmpty())
            reply.headers.append({QByteArrayLiteral("Retry-After"), options.retryAfter});
    } else if (status != 200) {
        reply.status = status;
        reply.body = errorJson(status, message);
        if (status == 405)
            reply.headers.append({QByteArrayLiteral("Allow"), QByteArrayLiteral("POST")});
    } else if (options.garbageBody) {
        // Still labelled JSON: the point is to exercise the client's parse failure path.
        reply.body = garbageBytes();
    } else if (options.endlessBodyBytes > 0) {
        reply.streamBytes = options.endlessBodyBytes;
    } else {
        reply.body = options.partialSuccessJson.isEmpty() ? QByteArrayLiteral("{}") : options.partialSuccessJson;
    }
    request.status = reply.status;
    return reply;
}

void OtlpReceiver::Private::record(const Request &request)
{
    ++requestCount;
    if (options.recordLimit == 0)
        return;
    requests.append(request);
    if (options.recordLimit > 0 && requests.size() > options.recordLimit)
        requests.remove(0, requests.size() - options.recordLimit);
}

// ---------------------------------------------------------------------------

QByteArray OtlpReceiver::Request::header(const QByteArray &name) const
{
    QByteArray value;
    bool found = false;
    for (const auto &field : headers) {
        if (field.first.compare(name, Qt::CaseInsensitive) != 0)
            continue;
        if (found)
            value += ", ";
        value += field.second;
        found = true;
    }
    return value;
}

bool OtlpReceiver::Request::hasHeader(const QByteArray &name) const
{
    return std::any_of(headers.cbegin(), headers.cend(), [&name](const QPair<QByteArray, QByteArray> &field) {
        return field.first.compare(name, Qt::CaseInsensitive) == 0;
    });
}

QJsonObject OtlpReceiver::Request::jsonBody() const
{
    if (OtlpProtobufDecoder::isProtobuf(header("Content-Type")))
        return OtlpProtobufDecoder::decodeRequest(signal, body).value_or(QJsonObject());
    return QJsonDocument::fromJson(body).object();
}

OtlpReceiver::OtlpReceiver(QObject *parent) : OtlpReceiver(Options(), parent) {}

OtlpReceiver::OtlpReceiver(const Options &options, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(this))
{
    qRegisterMetaType<Request>();
    d->options = options;
    d->store.setCapacity(options.pageRecordLimit);
    connect(&d->server, &QTcpServer::newConnection, this, [this] { d->accept(); });
}

OtlpReceiver::~OtlpReceiver()
{
    close();
}

bool OtlpReceiver::listen(const QHostAddress &address, quint16 port)
{
    if (d->server.isListening())
        d->server.close();
    return d->server.listen(address, port);
}

void OtlpReceiver::close()
{
    d->server.close();
    const QList<Connection *> connections = std::exchange(d->connections, {});
    for (Connection *connection : connections)
        connection->detach();
}

bool OtlpReceiver::isListening() const
{
    return d->server.isListening();
}

quint16 OtlpReceiver::port() const
{
    return d->server.isListening() ? d->server.serverPort() : quint16(0);
}

QHostAddress OtlpReceiver::serverAddress() const
{
    return d->server.serverAddress();
}

QUrl OtlpReceiver::baseUrl() const
{
    if (!d->server.isListening())
        return {};
    QHostAddress host = d->server.serverAddress();
    // A wildcard bind is not something a client can connect to.
    if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    else if (host.isNull() || host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host.toString());
    url.setPort(d->server.serverPort());
    return url;
}

QString OtlpReceiver::errorString() const
{
    return d->server.errorString();
}

OtlpReceiver::Options OtlpReceiver::options() const
{
    return d->options;
}

void OtlpReceiver::setOptions(const Options &options)
{
    d->options = options;
    d->store.setCapacity(options.pageRecordLimit);
    d->failuresIssued = 0;
}

void OtlpReceiver::setStatus(int status) { d->options.status = status; }
void OtlpReceiver::setFailStatus(int status) { d->options.failStatus = status; }
void OtlpReceiver::setDelayMs(int ms) { d->options.delayMs = ms; }
void OtlpReceiver::setRetryAfter(const QByteArray &value) { d->options.retryAfter = value; }
void OtlpReceiver::setHang(bool hang) { d->options.hang = hang; }
void OtlpReceiver::setResetMidResponse(bool reset) { d->options.resetMidResponse = reset; }
void OtlpReceiver::setGarbageBody(bool garbage) { d->options.garbageBody = garbage; }
void OtlpReceiver::setEndlessBodyBytes(qint64 bytes) { d->options.endlessBodyBytes = bytes; }
void OtlpReceiver::setPartialSuccessJson(const QByteArray &json) { d->options.partialSuccessJson = json; }
void OtlpReceiver::setMaxBodyBytes(qint64 bytes) { d->options.maxBodyBytes = bytes; }

void OtlpReceiver::setFailFirst(int count)
{
    d->options.failFirst = count;
    d->failuresIssued = 0;
}

void OtlpReceiver::setRecordLimit(int limit)
{
    d->options.recordLimit = limit;
    if (limit >= 0 && d->requests.size() > limit)
        d->requests.remove(0, d->requests.size() - limit);
}

QList<OtlpReceiver::Request> OtlpReceiver::requests() const
{
    return d->requests;
}

int OtlpReceiver::requestCount() const
{
    return d->requestCount;
}

void OtlpReceiver::setPageRecordLimit(int limit)
{
    d->options.pageRecordLimit = limit;
    d->store.setCapacity(limit);
}

const RecordStore &OtlpReceiver::pageRecords() const
{
    return d->store;
}

void OtlpReceiver::clear()
{
    d->requests.clear();
    d->store.clear();
    d->requestCount = 0;
    d->failuresIssued = 0;
}

int OtlpReceiver::countItems(const QString &signal, const QJsonObject &root)
{
    // resource* -> scope* -> leaf array, following the OTLP JSON field names.
    const auto sum = [&root](QLatin1String resources, QLatin1String scopes, auto &&leafCount) {
        int n = 0;
        const QJsonArray resourceArray = root.value(resources).toArray();
        for (const QJsonValue &resource : resourceArray) {
            const QJsonArray scopeArray = resource.toObject().value(scopes).toArray();
            for (const QJsonValue &scope : scopeArray)
                n += leafCount(scope.toObject());
        }
        return n;
    };

    if (signal == QLatin1String("traces")) {
        return sum(QLatin1String("resourceSpans"), QLatin1String("scopeSpans"), [](const QJsonObject &scope) {
            return int(scope.value(QLatin1String("spans")).toArray().size());
        });
    }
    if (signal == QLatin1String("logs")) {
        return sum(QLatin1String("resourceLogs"), QLatin1String("scopeLogs"), [](const QJsonObject &scope) {
            return int(scope.value(QLatin1String("logRecords")).toArray().size());
        });
    }
    if (signal == QLatin1String("metrics")) {
        return sum(QLatin1String("resourceMetrics"), QLatin1String("scopeMetrics"), [](const QJsonObject &scope) {
            static const QLatin1String kinds[] = {QLatin1String("gauge"), QLatin1String("sum"),
                                                  QLatin1String("histogram"),
                                                  QLatin1String("exponentialHistogram"),
                                                  QLatin1String("summary")};
            int points = 0;
            const QJsonArray metrics = scope.value(QLatin1String("metrics")).toArray();
            for (const QJsonValue &metric : metrics) {
                const QJsonObject m = metric.toObject();
                for (const QLatin1String kind : kinds)
                    points += int(m.value(kind).toObject().value(QLatin1String("dataPoints")).toArray().size());
            }
            return points;
        });
    }
    return 0;
}

} // namespace Automagik::Sink
