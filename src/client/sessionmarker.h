// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QList>
#include <QtCore/QString>

namespace Automagik {

/*
    A file per running process that says "this run has not shut down yet": created at start with the
    start time, its modification time refreshed while the run lasts (touch()), removed by a clean
    shutdown (finish()). The process holds a lock on it, so a marker nobody holds belongs to a run
    that ended without shutdown: takeStale() claims those. Several clients of one project in a process
    share one marker. Unix only (flock(2)); elsewhere there is no marker.
*/
class SessionMarker
{
public:
    struct PreviousRun
    {
        qint64 processId = 0;
        qint64 startedMsecs = 0; // since the epoch
        qint64 lastSeenMsecs = 0; // the marker's last touch
        qint64 runSeconds() const { return qMax<qint64>(0, (lastSeenMsecs - startedMsecs) / 1000); }
    };

    explicit SessionMarker(const QString &directory);
    ~SessionMarker(); // as finish(): a client that goes away shuts down
    SessionMarker(const SessionMarker &) = delete;
    SessionMarker &operator=(const SessionMarker &) = delete;

    //! Claims, reads and deletes the markers of runs that ended without shutdown.
    QList<PreviousRun> takeStale();
    //! Marks this process as running (once per process and directory); false when the marker cannot be written.
    bool start();
    //! Refreshes the marker's modification time: the last moment the run was known alive.
    void touch();
    //! A clean shutdown: the marker goes once the last client of the process has finished.
    void finish();

private:
    QString m_directory;
    bool m_started = false;
};

} // namespace Automagik
