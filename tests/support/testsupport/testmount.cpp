// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "testmount.h"

#include <QtCore/QDir>
#include <QtCore/QFile>

#include <cerrno>
#include <cstring>

#if defined(Q_OS_LINUX)
#include <sys/mount.h>
#include <unistd.h>
#endif

namespace TestSupport {

TestMount::TestMount(const QString &path)
    : m_path(QFile::encodeName(path))
{
}

TestMount::~TestMount()
{
    unmount();
}

std::unique_ptr<TestMount> TestMount::tmpfs(const QString &path, int kib)
{
    auto mount = std::unique_ptr<TestMount>(new TestMount(path));
#if defined(Q_OS_LINUX)
    const QByteArray options = "size=" + QByteArray::number(kib) + "k,mode=0700";
    if (mount->mayMount() && QDir().mkpath(path))
        mount->check(::mount("tmpfs", mount->m_path.constData(), "tmpfs", 0, options.constData()), "tmpfs");
#else
    Q_UNUSED(kib);
    mount->mayMount();
#endif
    return mount;
}

std::unique_ptr<TestMount> TestMount::readOnlyBind(const QString &path)
{
    auto mount = std::unique_ptr<TestMount>(new TestMount(path));
#if defined(Q_OS_LINUX)
    const char *p = mount->m_path.constData();
    if (mount->mayMount() && mount->check(::mount(p, p, nullptr, MS_BIND, nullptr), "bind")) {
        // A bind mount takes the read-only flag only when remounted.
        if (!mount->check(::mount(nullptr, p, nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr), "remount,ro"))
            ::umount2(p, MNT_DETACH);
    }
#else
    mount->mayMount();
#endif
    return mount;
}

void TestMount::unmount()
{
#if defined(Q_OS_LINUX)
    if (m_mounted)
        ::umount2(m_path.constData(), MNT_DETACH);
#endif
    m_mounted = false;
}

bool TestMount::mayMount()
{
#if defined(Q_OS_LINUX)
    if (::geteuid() == 0)
        return true;
    m_error = QStringLiteral("mounting needs root (tests run as root in CI)");
#else
    m_error = QStringLiteral("test mounts are made on Linux only");
#endif
    return false;
}

bool TestMount::check(int result, const char *what)
{
    m_mounted = result == 0;
    if (!m_mounted) {
        m_error = QStringLiteral("mount (%1) on %2 failed: %3")
                      .arg(QLatin1String(what), QFile::decodeName(m_path), QString::fromLocal8Bit(std::strerror(errno)));
    }
    return m_mounted;
}

qint64 fillUp(const QString &path)
{
    QFile ballast(path);
    if (!ballast.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Unbuffered))
        return -1;
    const QByteArray chunk(4096, 'b');
    qint64 total = 0;
    for (qint64 n = 0; (n = ballast.write(chunk)) > 0;) // short writes until the file system is full
        total += n;
    return total;
}

} // namespace TestSupport
