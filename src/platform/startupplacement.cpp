// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/startupplacement.h"

#include <QtCore/qsystemdetection.h>

#if defined(Q_OS_LINUX)
#include <pthread.h>
#include <sched.h>
#endif

namespace Automagik::Internal {

#if defined(Q_OS_LINUX)

struct StartupPlacement::Affinity
{
    cpu_set_t cores;
};

int currentCore()
{
    return sched_getcpu(); // a vDSO read, no system call
}

StartupPlacement::StartupPlacement(int avoidedCore)
{
    if (avoidedCore < 0 || avoidedCore >= CPU_SETSIZE)
        return;
    auto previous = std::make_unique<Affinity>();
    if (pthread_getaffinity_np(pthread_self(), sizeof(cpu_set_t), &previous->cores) != 0)
        return;
    cpu_set_t narrower = previous->cores;
    CPU_CLR(avoidedCore, &narrower);
    // One usable core (or none other than the avoided one): nothing to move to.
    if (CPU_COUNT(&narrower) == 0 || CPU_EQUAL(&narrower, &previous->cores))
        return;
    if (pthread_setaffinity_np(pthread_self(), sizeof(cpu_set_t), &narrower) == 0)
        m_previous = std::move(previous);
}

StartupPlacement::~StartupPlacement()
{
    if (m_previous)
        pthread_setaffinity_np(pthread_self(), sizeof(cpu_set_t), &m_previous->cores);
}

#else

struct StartupPlacement::Affinity
{
};

int currentCore()
{
    return -1;
}

StartupPlacement::StartupPlacement(int) { }

StartupPlacement::~StartupPlacement() = default;

#endif

} // namespace Automagik::Internal
