// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/systeminfo.h"

#include <QtCore/QByteArrayList>
#include <QtCore/QFile>
#include <QtCore/QSysInfo>
#include <QtCore/QtGlobal>

#if defined(Q_OS_LINUX)
#include <time.h>
#include <unistd.h>
#endif

namespace Automagik::Internal {

QString SystemInfo::osType()
{
    const QString kernel = QSysInfo::kernelType(); // "linux", "darwin", "winnt", "freebsd"
    if (kernel == QLatin1String("winnt"))
        return QStringLiteral("windows");
    return kernel.isEmpty() ? QStringLiteral("unknown") : kernel;
}

QString SystemInfo::hostArch()
{
    const QString cpu = QSysInfo::currentCpuArchitecture();
    if (cpu == QLatin1String("x86_64"))
        return QStringLiteral("amd64");
    if (cpu == QLatin1String("i386"))
        return QStringLiteral("x86");
    if (cpu == QLatin1String("arm"))
        return QStringLiteral("arm32");
    if (cpu.startsWith(QLatin1String("power64")))
        return QStringLiteral("ppc64");
    return cpu; // arm64, s390x, ... already match the convention
}

qint64 SystemInfo::processClockMsecs()
{
#if defined(Q_OS_LINUX)
    timespec now{};
    if (clock_gettime(CLOCK_BOOTTIME, &now) == 0)
        return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
#endif
    return -1;
}

qint64 SystemInfo::processStartMsecs()
{
#if defined(Q_OS_LINUX)
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.read(4096);
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted after the
    // last ')'. What follows is field 3 (state); the start time is field 22.
    const qsizetype commEnd = line.lastIndexOf(')');
    if (commEnd < 0)
        return -1;
    const QByteArrayList fields = line.mid(commEnd + 1).simplified().split(' ');
    constexpr int startTimeIndex = 22 - 3;
    if (fields.size() <= startTimeIndex)
        return -1;
    bool ok = false;
    const qulonglong ticks = fields.at(startTimeIndex).toULongLong(&ok);
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    if (!ok || ticksPerSecond <= 0)
        return -1;
    return qint64(ticks / qulonglong(ticksPerSecond)) * 1000 + qint64(ticks % qulonglong(ticksPerSecond)) * 1000 / ticksPerSecond;
#else
    return -1;
#endif
}

SystemInfo::Attributes SystemInfo::resourceAttributes()
{
    // os.version: the kernel release on Linux (what OTel's detectors report), the product version elsewhere.
    const QString type = osType();
    const QString osVersion = type == QLatin1String("linux") ? QSysInfo::kernelVersion() : QSysInfo::productVersion();
    return {
        {QStringLiteral("os.type"), type},
        {QStringLiteral("os.version"), osVersion},
        {QStringLiteral("os.description"), QSysInfo::prettyProductName()},
        {QStringLiteral("host.arch"), hostArch()},
        {QStringLiteral("process.runtime.name"), QStringLiteral("Qt")},
        {QStringLiteral("process.runtime.version"), QString::fromLatin1(qVersion())},
    };
}

} // namespace Automagik::Internal
