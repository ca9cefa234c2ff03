// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>

namespace Automagik::Internal {

/*
    Platform facts for the OTLP Resource, in OpenTelemetry semantic-convention
    keys. Collected once per client: they do not change while it runs.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT SystemInfo
{
public:
    using Attributes = QList<QPair<QString, QString>>;
    static Attributes resourceAttributes();
    //! OTel os.type: "linux", "windows", "darwin", "freebsd", ...
    static QString osType();
    //! OTel host.arch: "amd64", "arm64", "x86", "arm32", ...
    static QString hostArch();

    /*
        The time on the clock the system counts process start times on, in milliseconds: CLOCK_BOOTTIME
        on Linux (it goes on while the machine sleeps, as the start times do); -1 elsewhere. A clock
        read, no file: cheap enough for any moment worth timing.
    */
    static qint64 processClockMsecs();
    /*
        When this process started, on processClockMsecs()' clock (Linux: field 22 of /proc/self/stat, in
        clock ticks since boot); -1 where the system does not say. Reads a file.
    */
    static qint64 processStartMsecs();
};

} // namespace Automagik::Internal
