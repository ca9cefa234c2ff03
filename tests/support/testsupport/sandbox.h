// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The one environment sandbox of the test suite: every test program, in-process or through the
// processes it starts, runs in a private HOME with nothing inherited from the machine that could
// decide consent, redirect the spool or change what is sent.
#pragma once

#include <QtCore/QProcessEnvironment>
#include <QtCore/QString>
#include <QtCore/QTemporaryDir>

namespace TestSupport {

/*
    \a base as the sandbox with its home in \a home wants it, for a process a test starts:

    - HOME, XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME point into \a home (so the opt-out
      file, the other SDKs' preference file, QSettings and the default spool are the test's own);
    - removed: every CI variable the consent rules read (CI itself sets CI=true), DO_NOT_TRACK,
      ENVIRONMENT, every AUTOMAGIK_TELEMETRY_* and OTEL_* variable (not a fixed list: a variable the
      library learns later cannot leak in either) and QT_LOGGING_RULES (a child's output is read by the
      tests: it logs with the library's defaults).

    The copies this replaces differed; the stricter choice was kept each time: XDG_CACHE_HOME is
    set (tst_quick, the benchmark and the reliability children set it, the others did not), all of
    AUTOMAGIK_TELEMETRY_* is removed (the copies removed 7 to 15 names, some without the spool
    directory or the ClickHouse settings), and QT_LOGGING_RULES goes in every case (only the
    reliability children dropped it; in a test that already has its application the rules were
    read at its start, so this changes nothing there).
*/
QProcessEnvironment isolatedEnvironment(const QString &home,
                                        const QProcessEnvironment &base = QProcessEnvironment::systemEnvironment());

/*
    Applies the sandbox with its home in \a home to this process: isolatedEnvironment() for the
    process environment, QStandardPaths' test mode, and the system-scope QSettings (the
    administrator's policy, /etc/xdg on Linux) in \a home/system, native and INI formats alike, so
    that a test can lock telemetry as an administrator would and the machine's policy never counts.
    Nothing is restored afterwards: a test program stays isolated for its whole life.
*/
void isolateEnvironment(const QString &home);
inline void isolateEnvironment(const QTemporaryDir &home)
{
    isolateEnvironment(home.path());
}

//! The shared opt-out file of the current HOME (~/.automagik-no-telemetry).
QString optOutFile();

/*
    A sandbox that owns its home: a temporary directory, applied to this process when constructed
    (isolateEnvironment()) and removed with the object.
*/
class Sandbox
{
public:
    Sandbox();
    virtual ~Sandbox();
    Sandbox(const Sandbox &) = delete;
    Sandbox &operator=(const Sandbox &) = delete;

    bool isValid() const { return m_dir.isValid(); }
    QString home() const { return m_dir.path(); }
    //! \a relative below home().
    QString filePath(const QString &relative) const { return m_dir.filePath(relative); }
    //! Where the system-scope QSettings (the administrator's policy) of this process live.
    QString systemDir() const;
    //! The environment for a process the test starts, in this same home.
    QProcessEnvironment childEnvironment() const { return isolatedEnvironment(home()); }

private:
    QTemporaryDir m_dir;
};

} // namespace TestSupport
