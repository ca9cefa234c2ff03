// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <memory>

namespace Automagik::Internal {

//! The core the calling thread runs on now; -1 where that cannot be known.
int currentCore();

/*
    Keeps the calling thread off \a core while it lives, when the process may run on another core;
    the thread's previous affinity is back when it is destroyed.

    Linux places a new thread on the core of the thread that started it, and lets it run there before
    that thread: measured with `perf sched`, the client's consent reading and its worker's start-up
    (1 to 4 ms of work each) took the application's core for up to a scheduler tick while the other
    core was idle. A thread that starts with this around its start-up work moves off the core of the
    thread that started it (currentCore(), read there) at once. Threads started inside its scope
    inherit the narrower affinity, so the scope must end before any are (Qt starts its HTTP thread
    with the first request).
*/
class StartupPlacement
{
public:
    explicit StartupPlacement(int avoidedCore);
    ~StartupPlacement();

    StartupPlacement(const StartupPlacement &) = delete;
    StartupPlacement &operator=(const StartupPlacement &) = delete;

    //! Whether the thread was moved (false with one usable core, an unknown core, or outside Linux).
    bool isActive() const { return bool(m_previous); }

private:
    struct Affinity;
    std::unique_ptr<Affinity> m_previous; // set only when this changed the affinity
};

} // namespace Automagik::Internal
