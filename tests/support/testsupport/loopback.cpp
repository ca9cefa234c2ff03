// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "loopback.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryFile>
#include <QtNetwork/QTcpServer>
#include <QtTest/QTest>

#include <utility>

namespace TestSupport {

QUrl closedEndpoint()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return {};
    const quint16 port = server.serverPort();
    server.close(); // nothing listens there any more: connections are refused
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

QByteArray HttpRequestFramer::Request::header(const QByteArray &name) const
{
    for (const auto &field : headers) {
        if (field.first.compare(name, Qt::CaseInsensitive) == 0)
            return field.second;
    }
    return {};
}

std::optional<HttpRequestFramer::Request> HttpRequestFramer::next()
{
    if (!m_request) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return std::nullopt;
        Request request;
        request.head = m_buffer.left(end);
        request.headBytes = end + 4;
        m_buffer.remove(0, end + 4);
        const QList<QByteArray> lines = request.head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        }
        m_bodyLength = qMax<qint64>(0, request.header("Content-Length").toLongLong()); // none: no body
        m_request = std::move(request);
    }
    if (m_buffer.size() < m_bodyLength)
        return std::nullopt;
    Request request = std::move(*m_request);
    m_request.reset();
    request.body = m_buffer.left(m_bodyLength);
    m_buffer.remove(0, m_bodyLength);
    return request;
}

void HttpRequestFramer::clear()
{
    m_buffer.clear();
    m_request.reset();
    m_bodyLength = 0;
}

#if defined(AUTOMAGIK_TEST_SUPPORT_HAS_RECEIVER)
QString validateStrictly(const QList<Automagik::Sink::OtlpReceiver::Request> &requests)
{
#if defined(AUTOMAGIK_OTLP_VALIDATE)
    QTemporaryFile file;
    if (!file.open())
        return QStringLiteral("cannot create a temporary file");
    for (const auto &request : requests) {
        QJsonObject line{{QStringLiteral("path"), QString::fromUtf8(request.path)},
                         {QStringLiteral("status"), request.status}};
        const QJsonDocument body = QJsonDocument::fromJson(request.body);
        if (!body.isObject())
            return QStringLiteral("request body is not a JSON object: ") + QString::fromUtf8(request.body.left(200));
        line.insert(QStringLiteral("body"), body.object());
        file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    }
    file.flush();
    QProcess validator;
    validator.start(QStringLiteral(AUTOMAGIK_OTLP_VALIDATE),
                    {QStringLiteral("--proto-dir"), QStringLiteral(AUTOMAGIK_OTLP_PROTO_DIR), QStringLiteral("--jsonl"),
                     file.fileName()});
    if (!validator.waitForFinished(60000))
        return QStringLiteral("validator did not finish");
    if (validator.exitStatus() != QProcess::NormalExit || validator.exitCode() != 0)
        return QString::fromUtf8(validator.readAllStandardError() + validator.readAllStandardOutput());
    return {};
#else
    Q_UNUSED(requests);
    QTest::qSkip("otlp-validate was not built (libprotobuf-dev missing)", __FILE__, __LINE__);
    return {};
#endif
}
#endif

} // namespace TestSupport
