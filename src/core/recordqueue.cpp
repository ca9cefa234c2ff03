// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "recordqueue.h"

namespace Automagik::Internal {

std::size_t RecordQueue::push(Record &&record)
{
    QMutexLocker lock(&m_mutex);
    m_records.push_back(std::move(record));
    return m_records.size();
}

void RecordQueue::takeAll(std::vector<Record> &out)
{
    // Prepare the replacement buffer before taking the lock: callers must never wait for an allocation.
    const std::size_t capacity = out.capacity();
    out.clear();
    out.reserve(qMax<std::size_t>(capacity, 256));
    QMutexLocker lock(&m_mutex);
    out.swap(m_records);
}

std::size_t RecordQueue::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_records.size();
}

void RecordQueue::clear()
{
    std::vector<Record> doomed;
    QMutexLocker lock(&m_mutex);
    doomed.swap(m_records);
    lock.unlock(); // destroy outside the lock
}

} // namespace Automagik::Internal
