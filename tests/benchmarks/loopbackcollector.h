// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QMutex>
#include <QtCore/QThread>
#include <QtCore/QUrl>

#include <atomic>

class QObject;

/*
    A minimal OTLP/HTTP collector on 127.0.0.1 for the benchmark, running its
    own event loop on its own thread (the client sends from a worker thread and
    the benchmark's main thread is busy timing calls, so neither could serve
    it). It does as little as possible while requests arrive, to disturb the
    measurements little: it keeps each body and answers 200 at once. Counting
    the spans (gunzip + JSON parse) happens later, in tally().
*/
class LoopbackCollector
{
public:
    enum class Mode {
        Healthy, //!< Answers every request with 200 {} on a kept-alive connection.
        Hang //!< Accepts connections and reads everything, never answers.
    };

    struct Tally
    {
        qint64 requests = 0;
        qint64 items = 0; // spans + data points + log records
        qint64 wireBodyBytes = 0; // as received (gzipped or not)
        qint64 rawBodyBytes = 0; // after gunzip
        qint64 headBytes = 0; // HTTP request line and headers
        qint64 gzippedRequests = 0;
        qint64 badBodies = 0; // not gunzippable or not an OTLP JSON object
    };

    explicit LoopbackCollector(Mode mode);
    ~LoopbackCollector();
    LoopbackCollector(const LoopbackCollector &) = delete;
    LoopbackCollector &operator=(const LoopbackCollector &) = delete;

    //! Starts the thread and listens; false when no loopback port could be bound.
    bool start();
    void stop();
    QUrl baseUrl() const;

    qint64 requestCount() const { return m_requests.load(std::memory_order_relaxed); }
    //! Decodes every body received so far (on the calling thread) and counts its items.
    Tally tally() const;
    //! The bodies received so far, as sent (for byte counts of single requests).
    QList<QByteArray> bodies() const;

    // Called from the collector thread only.
    void store(QByteArray body, bool gzipped, qint64 headBytes);

private:
    struct Body
    {
        QByteArray data;
        bool gzipped = false;
        qint64 headBytes = 0;
    };

    const Mode m_mode;
    QThread m_thread;
    QObject *m_server = nullptr; // lives in m_thread
    std::atomic<quint16> m_port{0}; // written on the collector's thread: a later collector at the same address writes it again
    mutable QMutex m_mutex;
    QList<Body> m_bodies;
    std::atomic<qint64> m_requests{0};
};
