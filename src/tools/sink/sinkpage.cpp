// SPDX-License-Identifier: MIT
#include "sinkpage.h"

#include "recordstore.h"

#include <QFile>
#include <QJsonDocument>
#include <QUrlQuery>

#include <algorithm>

namespace Automagik::Sink {

namespace {

constexpr int kMaxRecordsPerAnswer = 1000; // the page asks again until it has caught up

QByteArray pageHtml()
{
    static const QByteArray html = [] {
        QFile file(QStringLiteral(":/automagik-sink/index.html"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    return html;
}

} // namespace

std::optional<SinkPage::Response> SinkPage::answer(const QByteArray &method, const QByteArray &path,
                                                   const QByteArray &query) const
{
    if (method != "GET" && method != "HEAD")
        return std::nullopt;
    if (path == "/" || path == "/index.html")
        return Response{200, QByteArrayLiteral("text/html; charset=utf-8"), pageHtml()};
    if (path == "/api/records") {
        const QUrlQuery parameters(QString::fromLatin1(query));
        bool ok = false;
        qint64 after = parameters.queryItemValue(QStringLiteral("after")).toLongLong(&ok);
        if (!ok)
            after = 0;
        after = std::min(after, m_store->lastSequence()); // nothing is newer; and since() adds 1 to it
        int limit = parameters.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit <= 0)
            limit = kMaxRecordsPerAnswer;
        limit = std::min(limit, kMaxRecordsPerAnswer);
        return Response{200, QByteArrayLiteral("application/json"),
                        QJsonDocument(m_store->since(after, limit)).toJson(QJsonDocument::Compact)};
    }
    return std::nullopt;
}

} // namespace Automagik::Sink
