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
    out.clear();
    QMutexLocker lock(&m_mutex);
    out.swap(m_records);
    // Keep the capacity we had on the caller's side so pushes rarely reallocate under the lock.
    m_records.reserve(out.capacity());
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
