// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>

#include <memory>

namespace Automagik::Sink {

class RecordStore;

// A small OTLP/HTTP JSON receiver on top of QTcpServer: the engine of
// automagik-telemetry-sink and a loopback fixture for tests, with fault injection.
// Purely event-driven, so it can share a thread with the client under test.
// GET / serves a live page of what arrived (SinkPage); those requests are not
// export requests: they are neither recorded nor signalled, and faults never apply.
class OtlpReceiver : public QObject
{
    Q_OBJECT

public:
    // Behaviour knobs; changes apply to requests that complete afterwards.
    struct Options
    {
        int status = 0;              // non-zero: answer every request with this status
        int failFirst = 0;           // the first N requests get failStatus, then normal answers
        int failStatus = 503;
        int delayMs = 0;             // delay every answer (timer based, never blocks)
        QByteArray retryAfter;       // Retry-After value for injected answers
        bool hang = false;           // read requests but never answer
        bool resetMidResponse = false; // send part of the head, then abort the socket
        bool garbageBody = false;    // successful answers carry a non-JSON binary body
        qint64 endlessBodyBytes = 0; // successful answers stream this many junk bytes
        QByteArray partialSuccessJson; // successful answers use this body instead of {}
        qint64 maxBodyBytes = qint64(64) * 1024 * 1024; // raw and decoded; 413 above it
        int recordLimit = -1;        // keep at most this many requests (-1: all, 0: none)
        int pageRecordLimit = 5000;  // spans, points and log records the web page keeps (0: none)
    };

    struct Request
    {
        QByteArray method;
        QByteArray path;    // request target without the query
        QByteArray query;   // after '?', if any
        QByteArray version; // "HTTP/1.1" or "HTTP/1.0"
        QList<QPair<QByteArray, QByteArray>> headers; // in arrival order, original case
        QByteArray rawBody; // as received (de-chunked, still compressed)
        QByteArray body;    // after Content-Encoding was undone
        bool gzipped = false;
        bool chunked = false;
        QString signal;     // "traces", "metrics", "logs" or empty
        int items = 0;      // spans, data points or log records
        int status = 0;     // what was answered; 0 when the receiver hangs
        int connectionId = 0; // same value for requests on one TCP connection
        QDateTime receivedAt; // UTC, when the request was complete

        // Case-insensitive; repeated fields are joined with ", ".
        QByteArray header(const QByteArray &name) const;
        bool hasHeader(const QByteArray &name) const;
        QJsonObject jsonBody() const; // the OTLP JSON object (protobuf bodies decoded); empty if unreadable
    };

    explicit OtlpReceiver(QObject *parent = nullptr);
    explicit OtlpReceiver(const Options &options, QObject *parent = nullptr);
    ~OtlpReceiver() override;

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close(); // stop listening and drop every connection
    bool isListening() const;
    quint16 port() const;
    QHostAddress serverAddress() const;
    QUrl baseUrl() const; // e.g. http://127.0.0.1:PORT (a connectable address)
    QString errorString() const;

    Options options() const;
    void setOptions(const Options &options); // also re-arms failFirst
    void setStatus(int status);
    void setFailFirst(int count); // re-arms the count
    void setFailStatus(int status);
    void setDelayMs(int ms);
    void setRetryAfter(const QByteArray &value);
    void setHang(bool hang);
    void setResetMidResponse(bool reset);
    void setGarbageBody(bool garbage);
    void setEndlessBodyBytes(qint64 bytes);
    void setPartialSuccessJson(const QByteArray &json);
    void setMaxBodyBytes(qint64 bytes);
    void setRecordLimit(int limit);
    void setPageRecordLimit(int limit);

    QList<Request> requests() const;
    int requestCount() const; // since construction or clear(), including unrecorded ones
    void clear();             // forget requests and re-arm failFirst; options stay

    // What the web page at baseUrl() lists: the items of every request answered with 2xx.
    const RecordStore &pageRecords() const;

    // Spans / data points / log records in an OTLP JSON export request.
    static int countItems(const QString &signal, const QJsonObject &root);

Q_SIGNALS:
    // Once per request, when it has been read (or rejected) and its answer decided.
    void requestReceived(const Automagik::Sink::OtlpReceiver::Request &request);
    // When the whole answer was handed to the OS, or the connection ended first.
    void responseFinished(const Automagik::Sink::OtlpReceiver::Request &request);
    void connectionAccepted();

private:
    struct Private;
    class Connection;
    std::unique_ptr<Private> d;
};

} // namespace Automagik::Sink

Q_DECLARE_METATYPE(Automagik::Sink::OtlpReceiver::Request)
