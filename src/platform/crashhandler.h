// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QString>

namespace Automagik::Internal {

/*
    The process-wide handler of fatal signals (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL). At a crash it
    writes one small crash record into the directory given to install(), with async-signal-safe calls
    alone, then hands the signal to the handler installed before it (or the default) so the process dies
    as it would have, core dump included. CrashRecord reads the files in the next run.

    One handler per process: the first install() chooses the directory, later calls only count. The
    alternate signal stack (for stack overflows) is set on the thread that installs.
*/
class CrashHandler
{
public:
    //! Installs the handler once per process; false where there is none (not a Unix system). Creates nothing on disk.
    static bool install(const QString &directory, const QString &applicationVersion);
    //! The directory crash records are written to; empty before install().
    static QString directory();
    //! Records are written only while at least one client armed the handler (its Diagnostics are consented).
    //! Arming creates the directory (mode 0700); false when it cannot be created.
    static bool arm();
    static void disarm();
    /*!
        A client whose consent is still being read: a crash meanwhile waits (up to two seconds) for
        armingDecided(), then writes its record if the client armed the handler. A crash while the
        application starts, before the consent's first reading is in, is so still recorded.
    */
    static void expectArming();
    //! The client that called expectArming() has armed the handler or decided not to.
    static void armingDecided();

    CrashHandler() = delete;
};

} // namespace Automagik::Internal
