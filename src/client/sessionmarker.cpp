// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/sessionmarker.h"

#include "platform/claimedfiles.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QMutex>

#if defined(Q_OS_UNIX)
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h> // futimens
#include <unistd.h>
#endif

namespace Automagik {

#if defined(Q_OS_UNIX)

namespace {

struct HeldMarker
{
    int fd = -1;
    int users = 0;
    QByteArray path;
};

// One marker per process and directory, whatever the number of clients.
QBasicMutex registryMutex;
QHash<QString, HeldMarker> &registry()
{
    static QHash<QString, HeldMarker> markers;
    return markers;
}

} // namespace

SessionMarker::SessionMarker(const QString &directory)
    : m_directory(directory.isEmpty() ? QString() : QDir(directory).absolutePath())
{
}

SessionMarker::~SessionMarker()
{
    finish();
}

QList<SessionMarker::PreviousRun> SessionMarker::takeStale()
{
    QList<PreviousRun> runs;
    if (m_directory.isEmpty())
        return runs;
    Internal::releaseAbandonedClaims(m_directory); // a run that died while reporting them: they are reported now
    const QDir dir(m_directory);
    // A draft nobody holds is what a run that died while starting left: it never became a marker.
    for (const QString &name : dir.entryList({QStringLiteral("*.run.new")}, QDir::Files)) {
        const QByteArray path = QFile::encodeName(dir.filePath(name));
        const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0)
            ::unlink(path.constData());
        ::close(fd);
    }
    for (const QString &name : dir.entryList({QStringLiteral("*.run")}, QDir::Files)) {
        const QByteArray path = QFile::encodeName(dir.filePath(name));
        const int fd = ::open(path.constData(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        // Held: its process still runs (this one's included). Renamed: another run claimed it first.
        const QByteArray claimedPath = QFile::encodeName(dir.filePath(Internal::claimedName(name)));
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::rename(path.constData(), claimedPath.constData()) != 0) {
            ::close(fd);
            continue;
        }
        const QDateTime lastSeen = QFileInfo(QFile::decodeName(claimedPath)).lastModified();
        char text[32] = {};
        const bool read = lastSeen.isValid() && ::read(fd, text, sizeof(text) - 1) > 0;
        ::unlink(claimedPath.constData());
        ::close(fd);
        if (!read)
            continue;
        PreviousRun run;
        run.processId = name.section(QLatin1Char('-'), 0, 0).toLongLong();
        run.startedMsecs = QByteArray(text).trimmed().toLongLong();
        run.lastSeenMsecs = lastSeen.toMSecsSinceEpoch();
        runs.append(run);
    }
    return runs;
}

bool SessionMarker::start()
{
    if (m_started || m_directory.isEmpty())
        return m_started;
    const QMutexLocker locker(&registryMutex);
    HeldMarker &marker = registry()[m_directory];
    if (marker.users == 0) {
        if (!QDir().mkpath(m_directory)) {
            registry().remove(m_directory);
            return false;
        }
        QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const QByteArray path = QFile::encodeName(
            QDir(m_directory).filePath(QStringLiteral("%1-%2.run").arg(QCoreApplication::applicationPid()).arg(now)));
        // Locked before it gets its name: a marker is never seen unheld while its process runs.
        const QByteArray draft = path + ".new";
        const int fd = ::open(draft.constData(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        const QByteArray text = QByteArray::number(now) + '\n';
        if (fd < 0 || ::flock(fd, LOCK_EX | LOCK_NB) != 0 || ::write(fd, text.constData(), size_t(text.size())) != text.size()
            || ::rename(draft.constData(), path.constData()) != 0) {
            if (fd >= 0) {
                ::unlink(draft.constData());
                ::close(fd);
            }
            registry().remove(m_directory);
            return false;
        }
        marker.fd = fd;
        marker.path = path;
    }
    ++marker.users;
    m_started = true;
    return true;
}

void SessionMarker::touch()
{
    if (!m_started)
        return;
    const QMutexLocker locker(&registryMutex);
    const auto it = registry().constFind(m_directory);
    if (it != registry().cend())
        ::futimens(it->fd, nullptr);
}

void SessionMarker::finish()
{
    if (!m_started)
        return;
    m_started = false;
    const QMutexLocker locker(&registryMutex);
    const auto it = registry().find(m_directory);
    if (it == registry().end() || --it->users > 0)
        return;
    ::unlink(it->path.constData());
    ::close(it->fd);
    registry().erase(it);
}

#else

SessionMarker::SessionMarker(const QString &) {}
SessionMarker::~SessionMarker() = default;
QList<SessionMarker::PreviousRun> SessionMarker::takeStale() { return {}; }
bool SessionMarker::start() { return false; }
void SessionMarker::touch() {}
void SessionMarker::finish() {}

#endif

} // namespace Automagik
