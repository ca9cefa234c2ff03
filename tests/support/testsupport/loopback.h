// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The network side of the tests, all on 127.0.0.1. The collector itself is the sink's OtlpReceiver
// (src/tools/sink/otlpreceiver.h: records every request, answers chosen statuses, delays, hangs,
// resets, partial successes), which this library brings along; what is here serves the tests
// around it and the few hand-written servers that need byte-level control.
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>
#include <QtCore/QUrl>

#include <optional>

#if defined(AUTOMAGIK_TEST_SUPPORT_HAS_RECEIVER)
#include "otlpreceiver.h"
#endif

namespace TestSupport {

//! A loopback URL where nothing listens: every connection is refused (the collector is down).
QUrl closedEndpoint();

/*
    Frames HTTP/1.1 requests out of the bytes of one connection, for a test server that answers by
    hand: the request line, the header fields (in arrival order, as sent) and a body of
    Content-Length bytes (what QNetworkAccessManager sends; no chunked request bodies).
*/
class HttpRequestFramer
{
public:
    struct Request
    {
        QByteArray head; //!< request line and header fields, without the blank line
        QByteArray method;
        QByteArray target;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body; //!< as received (Content-Encoding not undone)
        qint64 headBytes = 0; //!< head and blank line, as on the wire

        //! The first field named \a name (case-insensitive); empty if none.
        QByteArray header(const QByteArray &name) const;
    };

    void append(const QByteArray &bytes) { m_buffer += bytes; }
    //! The next complete request, taken out of the buffer; none while one is still incomplete.
    std::optional<Request> next();
    //! Bytes received and not yet taken by next().
    qsizetype bufferedBytes() const { return m_buffer.size(); }
    //! Forgets what was received and not yet taken, a request whose head was read included.
    void clear();

private:
    QByteArray m_buffer;
    std::optional<Request> m_request; // its head is read, its body is still coming
    qint64 m_bodyLength = 0;
};

#if defined(AUTOMAGIK_TEST_SUPPORT_HAS_RECEIVER)
/*
    Runs the strict OTLP validator (protobuf's JSON parser with unknown fields rejected, plus the
    OTLP JSON rules protobuf does not check) over the requests a receiver recorded. Returns an empty
    string when all are valid, else the validator's report. Skips the test (QTest::qSkip, the caller
    goes on) when the validator was not built (libprotobuf-dev missing).
*/
QString validateStrictly(const QList<Automagik::Sink::OtlpReceiver::Request> &requests);
#endif

} // namespace TestSupport
