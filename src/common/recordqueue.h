// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/record.h"

#include <QtCore/QMutex>

#include <memory>
#include <vector>

namespace Automagik::Internal {

/*
    The hand-off between the callers' threads and the worker: records under a
    short lock, stored in fixed-size chunks so that growing the queue never
    relocates the records already in it (a vector's doubling would move tens of
    thousands of them while callers wait, when the worker falls behind). The
    worker takes all chunks at once and moves the records out after unlocking.
*/
class RecordQueue
{
public:
    static constexpr std::size_t ChunkCapacity = 512;

    RecordQueue();
    ~RecordQueue();

    //! Appends \a record and returns the number of records now waiting.
    std::size_t push(Record &&record);
    //! Moves every waiting record to the end of \a out, in the order they were pushed.
    void takeAll(std::vector<Record> &out);
    //! Moves the oldest whole chunks to the end of \a out until at least \a atLeast records (or all
    //! waiting, if fewer) have moved; returns how many moved. At most atLeast + ChunkCapacity - 1.
    std::size_t takeChunksOf(std::vector<Record> &out, std::size_t atLeast);
    std::size_t size() const;
    void clear();

private:
    using Chunk = std::vector<Record>;
    std::vector<std::unique_ptr<Chunk>> takeChunks();

    mutable QMutex m_mutex;
    std::vector<std::unique_ptr<Chunk>> m_chunks; // the last one is being filled
    std::size_t m_size = 0;
};

} // namespace Automagik::Internal
