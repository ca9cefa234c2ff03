// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/claimedfiles.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>

#include <cerrno>

#if defined(Q_OS_UNIX)
#include <signal.h>
#endif

namespace Automagik::Internal {

namespace {

const QLatin1String claimMark(".claimed-");

bool processRuns(qint64 pid)
{
#if defined(Q_OS_UNIX)
    // EPERM: it runs under another user, which still counts as running.
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
#else
    Q_UNUSED(pid);
    return true; // without a way to ask, a claim is left to its owner
#endif
}

} // namespace

QString claimedName(const QString &name)
{
    return name + claimMark + QString::number(QCoreApplication::applicationPid());
}

int releaseAbandonedClaims(const QString &directory)
{
    if (directory.isEmpty())
        return 0;
    const QDir dir(directory);
    int released = 0;
    for (const QString &name : dir.entryList({QStringLiteral("*") + claimMark + QStringLiteral("*")}, QDir::Files)) {
        const qsizetype mark = name.lastIndexOf(claimMark);
        bool ok = false;
        const qint64 pid = name.mid(mark + claimMark.size()).toLongLong(&ok);
        if (!ok || mark <= 0 || processRuns(pid))
            continue;
        // Never over a file of the same name: that one came later and is reported on its own.
        const QString original = dir.filePath(name.left(mark));
        if (!QFile::exists(original) && QFile::rename(dir.filePath(name), original))
            ++released;
    }
    return released;
}

} // namespace Automagik::Internal
