// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/systeminfo.h"

#include <QtCore/QSysInfo>
#include <QtCore/QtGlobal>

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
