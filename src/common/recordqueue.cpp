// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "common/recordqueue.h"

namespace Automagik::Internal {

RecordQueue::RecordQueue() = default;
RecordQueue::~RecordQueue() = default;

std::size_t RecordQueue::push(Record &&record)
{
    QMutexLocker lock(&m_mutex);
    if (m_chunks.empty() || m_chunks.back()->size() == ChunkCapacity) {
        auto chunk = std::make_unique<Chunk>();
        chunk->reserve(ChunkCapacity);
        m_chunks.push_back(std::move(chunk));
    }
    m_chunks.back()->push_back(std::move(record));
    return ++m_size;
}

std::vector<std::unique_ptr<RecordQueue::Chunk>> RecordQueue::takeChunks()
{
    std::vector<std::unique_ptr<Chunk>> taken;
    taken.reserve(16); // allocated before locking, like everything else here
    QMutexLocker lock(&m_mutex);
    taken.swap(m_chunks);
    m_size = 0;
    return taken;
}

void RecordQueue::takeAll(std::vector<Record> &out)
{
    const std::vector<std::unique_ptr<Chunk>> taken = takeChunks();
    for (const auto &chunk : taken)
        std::move(chunk->begin(), chunk->end(), std::back_inserter(out));
}

std::size_t RecordQueue::takeChunksOf(std::vector<Record> &out, std::size_t atLeast)
{
    std::vector<std::unique_ptr<Chunk>> taken;
    taken.reserve(atLeast / ChunkCapacity + 2); // allocated before locking
    std::size_t moved = 0;
    {
        QMutexLocker lock(&m_mutex);
        auto end = m_chunks.begin();
        for (; end != m_chunks.end() && moved < atLeast; ++end)
            moved += (*end)->size();
        std::move(m_chunks.begin(), end, std::back_inserter(taken));
        m_chunks.erase(m_chunks.begin(), end);
        m_size -= moved;
    }
    for (const auto &chunk : taken)
        std::move(chunk->begin(), chunk->end(), std::back_inserter(out));
    return moved;
}

std::size_t RecordQueue::size() const
{
    QMutexLocker lock(&m_mutex);
    return m_size;
}

void RecordQueue::clear()
{
    takeChunks(); // destroyed outside the lock
}

} // namespace Automagik::Internal
