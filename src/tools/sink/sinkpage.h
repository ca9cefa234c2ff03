// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

#include <optional>

namespace Automagik::Sink {

class RecordStore;

// The receiver's live web page: GET / serves a self-contained HTML page (a Qt
// resource, no external assets) that polls GET /api/records?after=N for the
// records the RecordStore flattened. Knows nothing about sockets, so either
// HTTP front end can serve it.
class SinkPage
{
public:
    struct Response
    {
        int status = 200;
        QByteArray contentType;
        QByteArray body;
    };

    explicit SinkPage(const RecordStore *store) : m_store(store) {}

    // The answer for the page or its API; nothing for any other request, which
    // is then an export request (or a 404/405 as one).
    std::optional<Response> answer(const QByteArray &method, const QByteArray &path, const QByteArray &query) const;

private:
    const RecordStore *m_store;
};

} // namespace Automagik::Sink
