// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <deque>

namespace Automagik::Sink {

// What the receiver's web page lists: every span, metric data point and log
// record of the accepted export requests, flattened to one JSON object each
// (seq, signal, name, time, resource, attributes, detail). Requests are kept
// as they came and flattened only when the page asks, so a busy test receiver
// pays nothing per request; only the newest `capacity` items are offered.
class RecordStore
{
public:
    explicit RecordStore(int capacity = 5000);

    int capacity() const { return m_capacity; }
    void setCapacity(int capacity); // 0 keeps nothing
    int size() const; // items offered: the newest, at most capacity()
    qint64 lastSequence() const { return m_nextSequence - 1; }
    void clear(); // sequence numbers keep growing, so a page polling with ?after= is not confused

    // One export request in OTLP JSON shape, whatever encoding it arrived in,
    // holding `items` spans, data points or log records (OtlpReceiver::countItems()).
    void add(const QString &signal, const QJsonObject &request, const QDateTime &receivedAt, int items);

    // {"records":[...], "last": N, "capacity": C}: up to `limit` records with a
    // sequence number above `after`, oldest first.
    QJsonObject since(qint64 after, int limit) const;

private:
    struct Batch
    {
        QString signal;
        QJsonObject request;
        QDateTime receivedAt;
        qint64 firstSequence;
        int items;
    };
    void trim();

    std::deque<Batch> m_batches;
    qint64 m_items = 0; // in m_batches
    int m_capacity;
    qint64 m_nextSequence = 1;
};

} // namespace Automagik::Sink
