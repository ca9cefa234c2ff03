// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "record.h"

#include <QtCore/QMutex>

#include <vector>

namespace Automagik::Internal {

/*
    The hand-off between the caller's thread and the worker: a vector under a
    short lock. The worker takes everything at once by swapping, so callers
    never wait for encoding or I/O.
*/
class RecordQueue
{
public:
    //! Appends \a record and returns the number of records now waiting.
    std::size_t push(Record &&record);
    //! Moves every waiting record into \a out; its (cleared) buffer becomes the queue's next one.
    void takeAll(std::vector<Record> &out);
    std::size_t size() const;
    void clear();

private:
    mutable QMutex m_mutex;
    std::vector<Record> m_records;
};

} // namespace Automagik::Internal
