// SPDX-License-Identifier: MIT
// Exercises OtlpReceiver over real loopback sockets, the way the library's
// own tests use it: QNetworkAccessManager for ordinary requests, raw
// QTcpSocket writes where the HTTP framing itself is under test.
#include "otlpprotobufdecoder.h"
#include "otlpreceiver.h"
#include "recordstore.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <utility>

using Automagik::Sink::OtlpProtobufDecoder;
using Automagik::Sink::OtlpReceiver;

namespace {

// 2 + 1 + 1 = 4 spans over two resources.
const QByteArray kTraces = QByteArrayLiteral(R"({"resourceSpans":[
  {"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"t"}}]},
   "scopeSpans":[{"scope":{"name":"a"},"spans":[{"name":"s1"},{"name":"s2"}]},
                 {"scope":{"name":"b"},"spans":[{"name":"s3"}]}]},
  {"scopeSpans":[{"spans":[{"name":"s4"}]}]}]})");

// gauge 2 + sum 1 + histogram 1 + exponentialHistogram 1 + summary 1 = 6 points.
const QByteArray kMetrics = QByteArrayLiteral(R"({"resourceMetrics":[{"scopeMetrics":[{"metrics":[
  {"name":"g","gauge":{"dataPoints":[{"asInt":"1"},{"asInt":"2"}]}},
  {"name":"s","sum":{"dataPoints":[{"asDouble":1.5}],"isMonotonic":true}},
  {"name":"h","histogram":{"dataPoints":[{"count":"3"}]}},
  {"name":"e","exponentialHistogram":{"dataPoints":[{"count":"1"}]}},
  {"name":"q","summary":{"dataPoints":[{"count":"7"}]}}]}]}]})");

// 2 + 1 = 3 log records.
const QByteArray kLogs = QByteArrayLiteral(R"({"resourceLogs":[{"scopeLogs":[
  {"logRecords":[{"body":{"stringValue":"one"}},{"body":{"stringValue":"two"}}]},
  {"logRecords":[{"body":{"stringValue":"three"}}]}]}]})");

QByteArray gzip(const QByteArray &data)
{
    z_stream zs{};
    if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&zs, uLong(data.size()))), '\0');
    zs.next_in = reinterpret_cast<const Bytef *>(data.constData());
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return rc == Z_STREAM_END ? out : QByteArray();
}

struct Result
{
    bool finished = false;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray retryAfter;
    QByteArray allow;
};

struct RawResponse
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// Splits a byte stream into complete HTTP responses (Content-Length framing only).
QList<RawResponse> parseResponses(QByteArray data)
{
    QList<RawResponse> responses;
    for (;;) {
        const qsizetype headEnd = data.indexOf("\r\n\r\n");
        if (headEnd < 0)
            break;
        RawResponse response;
        response.head = data.left(headEnd);
        response.status = response.head.mid(9, 3).toInt();
        qint64 length = 0;
        const QList<QByteArray> lines = response.head.split('\n');
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (data.size() < headEnd + 4 + length)
            break;
        response.body = data.mid(headEnd + 4, length);
        data.remove(0, headEnd + 4 + length);
        responses.append(response);
    }
    return responses;
}

QByteArray rawPost(const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders = {})
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + extraHeaders + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Waits (event loop, no sleeps) until spy has seen at least count emissions.
bool waitForCount(QSignalSpy &spy, int count, int timeoutMs = 5000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (spy.count() < count) {
        const auto left = deadline.remainingTime();
        if (left <= 0 || !spy.wait(int(left)))
            return spy.count() >= count;
    }
    return true;
}

} // namespace

class tst_OtlpReceiver : public QObject
{
    Q_OBJECT

private:
    QNetworkReply *post(const QString &path, const QByteArray &body,
                        const QList<QPair<QByteArray, QByteArray>> &headers = {}, int transferTimeoutMs = 0);
    QNetworkReply *get(const QString &path);
    static Result await(QNetworkReply *reply, int timeoutMs = 5000);

    std::unique_ptr<OtlpReceiver> m_receiver;
    std::unique_ptr<QNetworkAccessManager> m_nam;

private Q_SLOTS:
    void init();
    void cleanup();

    void postCountsItems_data();
    void postCountsItems();
    void routesBySuffix();
    void gzipBodyIsDecoded();
    void corruptGzipIs400();
    void gzipBombIs413();
    void oversizedBodyIs413();
    void invalidJsonIs400();
    void protobufIsDecoded();
    void protobufManyRepeatedElements();
    void protobufResponseClampsCounts();
    void unknownPathIs404();
    void wrongMethodIs405();
    void failFirstThenSucceeds();
    void injectedStatusWithRetryAfter();
    void delayDoesNotBlock();
    void hangTimesOutClient();
    void resetMidResponseIsNetworkError();
    void partialSuccessBody();
    void garbageBody();
    void endlessBody();
    void keepAliveServesSeveralRequests();
    void pipelinedRequestsAnsweredInOrder();
    void chunkedBodyIsReassembled();
    void expectContinue();
    void malformedRequestIs400();
    void clearReArmsFailFirst();
    void responseFinishedForPlainRequest();
    void responseFinishedPerKeepAliveRequest();
    void responseFinishedPerRawKeepAliveRequest();
    void responseFinishedPerConnection();
    void responseFinishedSkipsInterimContinue();
    void pageAndRecordsApi();
    void pageKeepsOnlyAcceptedItems();
};

QNetworkReply *tst_OtlpReceiver::post(const QString &path, const QByteArray &body,
                                      const QList<QPair<QByteArray, QByteArray>> &headers, int transferTimeoutMs)
{
    QUrl url = m_receiver->baseUrl();
    url.setPath(path);
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    if (transferTimeoutMs > 0)
        request.setTransferTimeout(transferTimeoutMs);
    return m_nam->post(request, body);
}

QNetworkReply *tst_OtlpReceiver::get(const QString &path)
{
    const QUrl url = m_receiver->baseUrl().resolved(QUrl(path)); // path may carry a query
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    return m_nam->get(request);
}

Result tst_OtlpReceiver::await(QNetworkReply *reply, int timeoutMs)
{
    Result result;
    if (!reply->isFinished()) {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(timeoutMs);
    }
    result.finished = reply->isFinished();
    result.error = reply->error();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen()) // an aborted reply is closed already
        result.body = reply->readAll();
    result.contentType = reply->rawHeader("Content-Type");
    result.retryAfter = reply->rawHeader("Retry-After");
    result.allow = reply->rawHeader("Allow");
    reply->deleteLater();
    return result;
}

void tst_OtlpReceiver::init()
{
    m_receiver = std::make_unique<OtlpReceiver>();
    QVERIFY2(m_receiver->listen(), qPrintable(m_receiver->errorString()));
    QVERIFY(m_receiver->port() != 0);
    QCOMPARE(m_receiver->baseUrl().toString(),
             QStringLiteral("http://127.0.0.1:%1").arg(m_receiver->port()));
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_nam->setProxy(QNetworkProxy::NoProxy); // never route loopback through an environment proxy
}

void tst_OtlpReceiver::cleanup()
{
    m_nam.reset();
    m_receiver.reset();
}

void tst_OtlpReceiver::postCountsItems_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("signal");
    QTest::addColumn<int>("items");

    QTest::newRow("traces") << QStringLiteral("/v1/traces") << kTraces << QStringLiteral("traces") << 4;
    QTest::newRow("metrics") << QStringLiteral("/v1/metrics") << kMetrics << QStringLiteral("metrics") << 6;
    QTest::newRow("logs") << QStringLiteral("/v1/logs") << kLogs << QStringLiteral("logs") << 3;
    QTest::newRow("empty export") << QStringLiteral("/v1/traces") << QByteArrayLiteral("{}")
                                  << QStringLiteral("traces") << 0;
}

void tst_OtlpReceiver::postCountsItems()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, signal);
    QFETCH(int, items);

    QSignalSpy received(m_receiver.get(), &OtlpReceiver::requestReceived);
    QSignalSpy accepted(m_receiver.get(), &OtlpReceiver::connectionAccepted);
    QSignalSpy finished(m_receiver.get(), &OtlpReceiver::responseFinished);
    const Result r = await(post(path, body, {{"X-Test-Header", "yes"}}));
    QVERIFY(r.finished);
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.contentType, QByteArrayLiteral("application/json"));
    QCOMPARE(r.body, QByteArrayLiteral("{}"));

    QCOMPARE(received.count(), 1);
    QCOMPARE(accepted.count(), 1);
    QTRY_COMPARE(finished.count(), 1);
    const auto fromSignal = received.at(0).at(0).value<OtlpReceiver::Request>();
    QCOMPARE(fromSignal.items, items);

    QCOMPARE(m_receiver->requestCount(), 1);
    const OtlpReceiver::Request req = m_receiver->requests().constFirst();
    QCOMPARE(req.method, QByteArrayLiteral("POST"));
    QCOMPARE(req.path, path.toLatin1());
    QCOMPARE(req.signal, signal);
    QCOMPARE(req.items, items);
    QCOMPARE(req.status, 200);
    QCOMPARE(req.body, body);
    QCOMPARE(req.rawBody, body);
    QVERIFY(!req.gzipped);
    QCOMPARE(req.header("x-test-header"), QByteArrayLiteral("yes")); // case-insensitive lookup
    QVERIFY(req.hasHeader("CONTENT-TYPE"));
    QVERIFY(!req.hasHeader("X-Absent"));
    QVERIFY(req.receivedAt.isValid());
    QCOMPARE(OtlpReceiver::countItems(signal, req.jsonBody()), items);
}

void tst_OtlpReceiver::routesBySuffix()
{
    const Result r = await(post(QStringLiteral("/custom/prefix/logs"), kLogs));
    QCOMPARE(r.status, 200);
    const OtlpReceiver::Request req = m_receiver->requests().constFirst();
    QCOMPARE(req.signal, QStringLiteral("logs"));
    QCOMPARE(req.items, 3);
}

void tst_OtlpReceiver::gzipBodyIsDecoded()
{
    const QByteArray compressed = gzip(kTraces);
    QVERIFY(!compressed.isEmpty());
    const Result r = await(post(QStringLiteral("/v1/traces"), compressed, {{"Content-Encoding", "gzip"}}));
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.status, 200);

    const OtlpReceiver::Request req = m_receiver->requests().constFirst();
    QVERIFY(req.gzipped);
    QCOMPARE(req.rawBody, compressed);
    QCOMPARE(req.body, kTraces);
    QCOMPARE(req.items, 4);
}

void tst_OtlpReceiver::corruptGzipIs400()
{
    QByteArray compressed = gzip(kTraces);
    compressed.truncate(compressed.size() / 2);
    const Result r = await(post(QStringLiteral("/v1/traces"), compressed, {{"Content-Encoding", "gzip"}}));
    QCOMPARE(r.status, 400);
    QCOMPARE(QJsonDocument::fromJson(r.body).object().value(QLatin1String("code")).toInt(), 400);
    QCOMPARE(m_receiver->requests().constFirst().status, 400);
}

void tst_OtlpReceiver::gzipBombIs413()
{
    m_receiver->setMaxBodyBytes(16 * 1024);
    const QByteArray big = R"({"resourceLogs":[],"pad":")" + QByteArray(1024 * 1024, 'x') + "\"}";
    const QByteArray compressed = gzip(big);
    QVERIFY(compressed.size() < 16 * 1024); // small on the wire, large once inflated
    const Result r = await(post(QStringLiteral("/v1/logs"), compressed, {{"Content-Encoding", "gzip"}}));
    QCOMPARE(r.status, 413);
    QCOMPARE(m_receiver->requests().constFirst().status, 413);
}

void tst_OtlpReceiver::oversizedBodyIs413()
{
    m_receiver->setMaxBodyBytes(100);
    const QByteArray big = R"({"resourceSpans":[],"pad":")" + QByteArray(1000, 'x') + "\"}";
    const Result r = await(post(QStringLiteral("/v1/traces"), big));
    QCOMPARE(r.status, 413);
    QCOMPARE(m_receiver->requestCount(), 1);
    QCOMPARE(m_receiver->requests().constFirst().status, 413);

    // The receiver keeps working for the next connection.
    m_receiver->setMaxBodyBytes(1 << 20);
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 200);
}

void tst_OtlpReceiver::invalidJsonIs400()
{
    const Result r = await(post(QStringLiteral("/v1/traces"), QByteArrayLiteral("{\"resourceSpans\": [")));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.contentType, QByteArrayLiteral("application/json"));
    const QJsonObject error = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(error.value(QLatin1String("code")).toInt(), 400);
    QVERIFY(!error.value(QLatin1String("message")).toString().isEmpty());
    QCOMPARE(m_receiver->requests().constFirst().status, 400);

    // A JSON array is valid JSON but not an export request.
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), QByteArrayLiteral("[]"))).status, 400);
}

void tst_OtlpReceiver::protobufIsDecoded()
{
    // OTLP/HTTP protobuf is read like JSON and answered in protobuf; other types are still 415.
    QUrl url = m_receiver->baseUrl();
    url.setPath(QStringLiteral("/v1/traces"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-protobuf"));
    const Result ok = await(m_nam->post(request, QByteArrayLiteral("\x0a\x00"))); // one empty ResourceSpans
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.contentType, QByteArrayLiteral("application/x-protobuf"));
    QCOMPARE(m_receiver->requests().constLast().jsonBody(),
             QJsonObject({{QStringLiteral("resourceSpans"), QJsonArray{QJsonObject()}}}));
    const Result malformed = await(m_nam->post(request, QByteArrayLiteral("\x0a\x05"))); // length past the end
    QCOMPARE(malformed.status, 400);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
    const Result other = await(m_nam->post(request, QByteArrayLiteral("{}")));
    QCOMPARE(other.status, 415);
}

void tst_OtlpReceiver::protobufManyRepeatedElements()
{
    // 100,000 empty spans in 200 KB: each element must not copy the array so far (that was quadratic).
    const auto lengthDelimited = [](char key, const QByteArray &payload) {
        QByteArray out;
        out.append(key);
        quint64 v = quint64(payload.size());
        for (; v >= 0x80; v >>= 7)
            out.append(char(v | 0x80));
        out.append(char(v));
        out.append(payload);
        return out;
    };
    constexpr int Spans = 100000;
    QByteArray spans;
    for (int i = 0; i < Spans; ++i)
        spans.append(QByteArrayLiteral("\x12\x00")); // ScopeSpans.spans (2): an empty Span
    const QByteArray body = lengthDelimited('\x0a', lengthDelimited('\x12', spans)); // resourceSpans { scopeSpans { ... } }
    const std::optional<QJsonObject> request = OtlpProtobufDecoder::decodeRequest(QStringLiteral("traces"), body);
    QVERIFY(request);
    const QJsonArray resourceSpans = request->value(QLatin1String("resourceSpans")).toArray();
    QCOMPARE(resourceSpans.size(), 1);
    const QJsonArray scopeSpans = resourceSpans.at(0).toObject().value(QLatin1String("scopeSpans")).toArray();
    QCOMPARE(scopeSpans.size(), 1);
    QCOMPARE(scopeSpans.at(0).toObject().value(QLatin1String("spans")).toArray().size(), Spans);
}

void tst_OtlpReceiver::protobufResponseClampsCounts()
{
    // A --partial-success number beyond qint64 is clamped (to INT64_MAX / 4), not cast; negatives are not sent.
    const auto response = [](const QJsonValue &rejected) {
        return OtlpProtobufDecoder::encodeResponse(QJsonObject{
            {QStringLiteral("partialSuccess"), QJsonObject{{QStringLiteral("rejectedSpans"), rejected}}}});
    };
    QCOMPARE(response(1e300), QByteArray("\x0a\x0a\x08\xff\xff\xff\xff\xff\xff\xff\xff\x1f", 12));
    QCOMPARE(response(-1e300), QByteArray("\x0a\x00", 2));
    QCOMPARE(response(3), QByteArray("\x0a\x02\x08\x03", 4));
}

void tst_OtlpReceiver::unknownPathIs404()
{
    const Result r = await(post(QStringLiteral("/v1/nothing"), kTraces));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.error, QNetworkReply::ContentNotFoundError);
    const OtlpReceiver::Request req = m_receiver->requests().constFirst();
    QCOMPARE(req.status, 404);
    QVERIFY(req.signal.isEmpty());
}

void tst_OtlpReceiver::wrongMethodIs405()
{
    const Result r = await(get(QStringLiteral("/v1/metrics")));
    QCOMPARE(r.status, 405);
    QCOMPARE(r.allow, QByteArrayLiteral("POST"));
    QCOMPARE(m_receiver->requests().constFirst().method, QByteArrayLiteral("GET"));
}

void tst_OtlpReceiver::failFirstThenSucceeds()
{
    m_receiver->setFailFirst(2);
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 503);
    const Result second = await(post(QStringLiteral("/v1/traces"), kTraces));
    QCOMPARE(second.status, 503);
    QCOMPARE(second.body, QByteArrayLiteral(R"({"code":503,"message":"injected"})"));
    QVERIFY(second.retryAfter.isEmpty());
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 200);

    const QList<OtlpReceiver::Request> requests = m_receiver->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests.at(0).status, 503);
    QCOMPARE(requests.at(1).status, 503);
    QCOMPARE(requests.at(2).status, 200);
    QCOMPARE(requests.at(0).items, 4); // failed requests are still decoded and counted
}

void tst_OtlpReceiver::injectedStatusWithRetryAfter()
{
    OtlpReceiver::Options options;
    options.status = 429;
    options.retryAfter = QByteArrayLiteral("7");
    m_receiver->setOptions(options);

    const Result r = await(post(QStringLiteral("/v1/logs"), kLogs));
    QCOMPARE(r.status, 429);
    QCOMPARE(r.retryAfter, QByteArrayLiteral("7"));
    QCOMPARE(r.contentType, QByteArrayLiteral("application/json"));
    QCOMPARE(r.body, QByteArrayLiteral(R"({"code":429,"message":"injected"})"));
    QCOMPARE(m_receiver->requests().constFirst().status, 429);
}

void tst_OtlpReceiver::delayDoesNotBlock()
{
    m_receiver->setDelayMs(300);
    QSignalSpy received(m_receiver.get(), &OtlpReceiver::requestReceived);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = post(QStringLiteral("/v1/traces"), kTraces);
    QVERIFY(received.wait(5000));
    // The request was read and reported while its answer is still held back.
    QVERIFY(!reply->isFinished());
    const Result r = await(reply);
    QCOMPARE(r.status, 200);
    QVERIFY2(timer.elapsed() >= 295, qPrintable(QString::number(timer.elapsed())));
}

void tst_OtlpReceiver::hangTimesOutClient()
{
    m_receiver->setHang(true);
    QSignalSpy received(m_receiver.get(), &OtlpReceiver::requestReceived);
    const Result r = await(post(QStringLiteral("/v1/traces"), kTraces, {}, 200));
    QVERIFY(r.finished);
    QCOMPARE(r.error, QNetworkReply::OperationCanceledError);
    QCOMPARE(received.count(), 1);
    QCOMPARE(m_receiver->requests().constFirst().status, 0);
    QCOMPARE(m_receiver->requests().constFirst().items, 4);
}

void tst_OtlpReceiver::resetMidResponseIsNetworkError()
{
    m_receiver->setResetMidResponse(true);
    const Result r = await(post(QStringLiteral("/v1/traces"), kTraces));
    QVERIFY(r.finished);
    QVERIFY2(r.error != QNetworkReply::NoError, "the client must see a broken response");
    // Qt resends a request after an unexpected EOF (up to 3 more times in 6.4),
    // so only a lower bound holds.
    QVERIFY(m_receiver->requestCount() >= 1);
}

void tst_OtlpReceiver::partialSuccessBody()
{
    const QByteArray partial = QByteArrayLiteral(R"({"partialSuccess":{"rejectedSpans":"2","errorMessage":"x"}})");
    m_receiver->setPartialSuccessJson(partial);
    const Result r = await(post(QStringLiteral("/v1/traces"), kTraces));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, partial);
}

void tst_OtlpReceiver::garbageBody()
{
    m_receiver->setGarbageBody(true);
    const Result r = await(post(QStringLiteral("/v1/traces"), kTraces));
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.isEmpty());
    QJsonParseError error{};
    QJsonDocument::fromJson(r.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);
}

void tst_OtlpReceiver::endlessBody()
{
    const qint64 size = 3 * 1024 * 1024 + 17;
    m_receiver->setEndlessBodyBytes(size);
    QSignalSpy finished(m_receiver.get(), &OtlpReceiver::responseFinished);
    const Result r = await(post(QStringLiteral("/v1/traces"), kTraces));
    QCOMPARE(r.error, QNetworkReply::NoError);
    QCOMPARE(r.status, 200);
    QCOMPARE(qint64(r.body.size()), size);
    QTRY_COMPARE(finished.count(), 1);

    // The connection stays usable after a streamed answer.
    m_receiver->setEndlessBodyBytes(0);
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).body, QByteArrayLiteral("{}"));
    const QList<OtlpReceiver::Request> requests = m_receiver->requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).connectionId, requests.at(1).connectionId);
}

void tst_OtlpReceiver::keepAliveServesSeveralRequests()
{
    QSignalSpy accepted(m_receiver.get(), &OtlpReceiver::connectionAccepted);
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());

    socket.write(rawPost("/v1/traces", kTraces));
    QTRY_COMPARE(parseResponses(received).size(), 1);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

    socket.write(rawPost("/v1/logs", kLogs));
    QTRY_COMPARE(parseResponses(received).size(), 2);
    const QList<RawResponse> responses = parseResponses(received);
    QCOMPARE(responses.at(0).status, 200);
    QCOMPARE(responses.at(1).status, 200);
    QCOMPARE(responses.at(1).body, QByteArrayLiteral("{}"));
    QVERIFY(responses.at(1).head.contains("Connection: keep-alive"));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);

    QCOMPARE(accepted.count(), 1);
    const QList<OtlpReceiver::Request> requests = m_receiver->requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).connectionId, requests.at(1).connectionId);
    QCOMPARE(requests.at(0).items, 4);
    QCOMPARE(requests.at(1).items, 3);
}

void tst_OtlpReceiver::pipelinedRequestsAnsweredInOrder()
{
    m_receiver->setFailFirst(1);
    m_receiver->setDelayMs(20); // answers are held back while later requests already wait
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());

    // All three in one write; the last one asks the server to close.
    socket.write(rawPost("/v1/traces", kTraces) + rawPost("/v1/nope", kLogs)
                 + rawPost("/v1/metrics", kMetrics, "Connection: close\r\n"));
    QTRY_COMPARE(parseResponses(received).size(), 3);
    const QList<RawResponse> responses = parseResponses(received);
    QCOMPARE(responses.at(0).status, 503);
    QCOMPARE(responses.at(1).status, 404);
    QCOMPARE(responses.at(2).status, 200);
    QVERIFY(responses.at(2).head.contains("Connection: close"));
    QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);

    const QList<OtlpReceiver::Request> requests = m_receiver->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests.at(2).signal, QStringLiteral("metrics"));
    QCOMPARE(requests.at(2).items, 6);
}

void tst_OtlpReceiver::chunkedBodyIsReassembled()
{
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());

    const QByteArray first = kTraces.left(50);
    const QByteArray second = kTraces.mid(50);
    socket.write("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n");
    socket.write(QByteArray::number(first.size(), 16) + ";ext=1\r\n" + first + "\r\n");
    socket.write(QByteArray::number(second.size(), 16).toUpper() + "\r\n" + second + "\r\n");
    socket.write("0\r\nX-Trailer: ignored\r\n\r\n");
    // A second, gzip-compressed chunked request on the same connection.
    const QByteArray compressed = gzip(kLogs);
    socket.write("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                 + QByteArray::number(compressed.size(), 16) + "\r\n" + compressed + "\r\n0\r\n\r\n");

    QTRY_COMPARE(parseResponses(received).size(), 2);
    QCOMPARE(parseResponses(received).at(0).status, 200);
    QCOMPARE(parseResponses(received).at(1).status, 200);
    const QList<OtlpReceiver::Request> requests = m_receiver->requests();
    QCOMPARE(requests.size(), 2);
    QVERIFY(requests.at(0).chunked);
    QCOMPARE(requests.at(0).body, kTraces);
    QCOMPARE(requests.at(0).items, 4);
    QVERIFY(requests.at(1).gzipped);
    QCOMPARE(requests.at(1).body, kLogs);
    QCOMPARE(requests.at(1).items, 3);
}

void tst_OtlpReceiver::expectContinue()
{
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());

    socket.write("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: " + QByteArray::number(kLogs.size()) + "\r\n\r\n");
    QTRY_VERIFY(received.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    received.remove(0, 25);
    socket.write(kLogs);
    QTRY_COMPARE(parseResponses(received).size(), 1);
    QCOMPARE(parseResponses(received).at(0).status, 200);
    QCOMPARE(m_receiver->requests().constFirst().items, 3);
}

void tst_OtlpReceiver::malformedRequestIs400()
{
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());
    socket.write("POST /v1/traces HTTP/1.1\r\nBad Header: x\r\n\r\n");
    QTRY_COMPARE(parseResponses(received).size(), 1);
    QCOMPARE(parseResponses(received).at(0).status, 400);
    QVERIFY(parseResponses(received).at(0).head.contains("Connection: close"));
    socket.disconnectFromHost();
    QCOMPARE(m_receiver->requests().constFirst().status, 400);
}

void tst_OtlpReceiver::clearReArmsFailFirst()
{
    m_receiver->setFailFirst(1);
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 503);
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 200);
    m_receiver->clear();
    QCOMPARE(m_receiver->requestCount(), 0);
    QVERIFY(m_receiver->requests().isEmpty());
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 503);

    m_receiver->setRecordLimit(0);
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 200);
    QCOMPARE(m_receiver->requestCount(), 2);
    QCOMPARE(m_receiver->requests().size(), 0);
}

// responseFinished drives --max-requests in the sink program: it must fire for
// an ordinary answer while the client keeps the connection open.
void tst_OtlpReceiver::responseFinishedForPlainRequest()
{
    QSignalSpy finished(m_receiver.get(), &OtlpReceiver::responseFinished);
    QVERIFY(finished.isValid());
    QNetworkReply *reply = post(QStringLiteral("/v1/traces"), kTraces);
    QVERIFY2(waitForCount(finished, 1), "responseFinished was not emitted");
    QCOMPARE(finished.count(), 1);
    const auto request = finished.at(0).at(0).value<OtlpReceiver::Request>();
    QCOMPARE(request.path, QByteArrayLiteral("/v1/traces"));
    QCOMPARE(request.status, 200);
    QCOMPARE(request.items, 4);

    const Result r = await(reply);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArrayLiteral("{}"));
    QCOMPARE(finished.count(), 1); // once per request, not once per write
}

// Three requests one after another through QNetworkAccessManager, which
// reuses its keep-alive connection: one responseFinished each.
void tst_OtlpReceiver::responseFinishedPerKeepAliveRequest()
{
    QSignalSpy accepted(m_receiver.get(), &OtlpReceiver::connectionAccepted);
    QSignalSpy finished(m_receiver.get(), &OtlpReceiver::responseFinished);
    for (int i = 1; i <= 3; ++i) {
        const Result r = await(post(QStringLiteral("/v1/traces"), kTraces));
        QCOMPARE(r.status, 200);
        QVERIFY2(waitForCount(finished, i), qPrintable(QStringLiteral("request %1").arg(i)));
        QCOMPARE(finished.count(), i);
    }
    QCOMPARE(accepted.count(), 1);
    const int connectionId = finished.at(0).at(0).value<OtlpReceiver::Request>().connectionId;
    for (const QList<QVariant> &arguments : std::as_const(finished))
        QCOMPARE(arguments.at(0).value<OtlpReceiver::Request>().connectionId, connectionId);
}

// The same over a raw socket that stays connected throughout, so the
// signals cannot come from connection teardown.
void tst_OtlpReceiver::responseFinishedPerRawKeepAliveRequest()
{
    QSignalSpy finished(m_receiver.get(), &OtlpReceiver::responseFinished);
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());
    for (int i = 1; i <= 3; ++i) {
        socket.write(rawPost("/v1/traces", kTraces, "Connection: keep-alive\r\n"));
        QVERIFY2(waitForCount(finished, i), qPrintable(QStringLiteral("request %1").arg(i)));
        QCOMPARE(finished.count(), i);
        QTRY_COMPARE(parseResponses(received).size(), i);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    }
}

// One request per connection, each closed by the server after its answer.
void tst_OtlpReceiver::responseFinishedPerConnection()
{
    QSignalSpy finished(m_receiver.get(), &OtlpReceiver::responseFinished);
    QTcpSocket sockets[3];
    for (QTcpSocket &socket : sockets) {
        socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());
        socket.write(rawPost("/v1/logs", kLogs, "Connection: close\r\n"));
    }
    QVERIFY(waitForCount(finished, 3));
    for (QTcpSocket &socket : sockets)
        QTRY_COMPARE(socket.state(), QAbstractSocket::UnconnectedState);
    QCOMPARE(finished.count(), 3);
    QList<int> ids;
    for (const QList<QVariant> &arguments : std::as_const(finished)) {
        const auto request = arguments.at(0).value<OtlpReceiver::Request>();
        QCOMPARE(request.status, 200);
        ids.append(request.connectionId);
    }
    std::sort(ids.begin(), ids.end());
    QVERIFY(std::adjacent_find(ids.cbegin(), ids.cend()) == ids.cend()); // three distinct connections
}

// An interim "100 Continue" is not an answer of its own.
void tst_OtlpReceiver::responseFinishedSkipsInterimContinue()
{
    QSignalSpy finished(m_receiver.get(), &OtlpReceiver::responseFinished);
    QTcpSocket socket;
    QByteArray received;
    connect(&socket, &QTcpSocket::readyRead, this, [&] { received += socket.readAll(); });
    socket.connectToHost(QHostAddress(QHostAddress::LocalHost), m_receiver->port());
    socket.write("POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: " + QByteArray::number(kLogs.size()) + "\r\n\r\n");
    QTRY_VERIFY(received.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    QCOMPARE(finished.count(), 0);
    socket.write(kLogs);
    QVERIFY(waitForCount(finished, 1));
    QCOMPARE(finished.at(0).at(0).value<OtlpReceiver::Request>().items, 3);
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
}

void tst_OtlpReceiver::pageAndRecordsApi()
{
    QCOMPARE(await(post(QStringLiteral("/v1/traces"), kTraces)).status, 200);
    QCOMPARE(await(post(QStringLiteral("/v1/logs"), kLogs)).status, 200);

    const Result page = await(get(QStringLiteral("/")));
    QCOMPARE(page.status, 200);
    QVERIFY(page.contentType.startsWith("text/html"));
    QVERIFY(page.body.contains("automagik-telemetry-sink"));

    const Result all = await(get(QStringLiteral("/api/records?after=0")));
    QCOMPARE(all.status, 200);
    const QJsonObject answer = QJsonDocument::fromJson(all.body).object();
    QCOMPARE(answer.value(QLatin1String("last")).toInt(), 7);
    const QJsonArray records = answer.value(QLatin1String("records")).toArray();
    QCOMPARE(records.size(), 7);
    const QJsonObject first = records.at(0).toObject();
    QCOMPARE(first.value(QLatin1String("signal")).toString(), QStringLiteral("traces"));
    QCOMPARE(first.value(QLatin1String("name")).toString(), QStringLiteral("s1"));
    QCOMPARE(first.value(QLatin1String("resource")).toObject().value(QLatin1String("service.name")).toString(),
             QStringLiteral("t"));
    QCOMPARE(records.at(6).toObject().value(QLatin1String("name")).toString(), QStringLiteral("three")); // a log's message

    const Result newer = await(get(QStringLiteral("/api/records?after=5&limit=1")));
    const QJsonArray tail = QJsonDocument::fromJson(newer.body).object().value(QLatin1String("records")).toArray();
    QCOMPARE(tail.size(), 1);
    QCOMPARE(tail.at(0).toObject().value(QLatin1String("seq")).toInt(), 6);

    // An "after" beyond any sequence (even INT64_MAX, which must not overflow) is a valid empty answer.
    const Result beyond = await(get(QStringLiteral("/api/records?after=9223372036854775807")));
    QCOMPARE(beyond.status, 200);
    const QJsonObject none = QJsonDocument::fromJson(beyond.body).object();
    QCOMPARE(none.value(QLatin1String("last")).toInt(), 7);
    QVERIFY(none.value(QLatin1String("records")).isArray());
    QCOMPARE(none.value(QLatin1String("records")).toArray().size(), 0);

    // The page's own requests are not export requests.
    QCOMPARE(m_receiver->requestCount(), 2);
}

void tst_OtlpReceiver::pageKeepsOnlyAcceptedItems()
{
    m_receiver->setPageRecordLimit(5);
    m_receiver->setFailFirst(1);
    QCOMPARE(await(post(QStringLiteral("/v1/metrics"), kMetrics)).status, 503); // the client sends it again
    QCOMPARE(m_receiver->pageRecords().size(), 0);
    QCOMPARE(await(post(QStringLiteral("/v1/metrics"), kMetrics)).status, 200);
    QCOMPARE(m_receiver->pageRecords().size(), 5); // 6 points, the newest 5 kept
    QCOMPARE(m_receiver->pageRecords().lastSequence(), 6);
    const QJsonArray kept = m_receiver->pageRecords().since(0, 100).value(QLatin1String("records")).toArray();
    QCOMPARE(kept.at(0).toObject().value(QLatin1String("detail")).toString(), QStringLiteral("gauge 2"));

    m_receiver->setHang(true); // faults never reach the page
    QCOMPARE(await(get(QStringLiteral("/api/records"))).status, 200);
}

QTEST_GUILESS_MAIN(tst_OtlpReceiver)
#include "tst_otlpreceiver.moc"
