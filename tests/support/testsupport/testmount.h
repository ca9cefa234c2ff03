// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <memory>

namespace TestSupport {

/*
    A mount of the test's own for as long as an instance lives: a small tmpfs (a disk that fills
    up), or a read-only bind mount of a directory over itself (a disk that refuses writes, even to
    root, while files opened before keep working). Needs root on Linux (the tests run as root in
    CI); error() says why it is not there, for the QSKIP of the rows that need it.
*/
class TestMount
{
public:
    //! A tmpfs of \a kib KiB (mode 0700) on \a path, created if missing.
    static std::unique_ptr<TestMount> tmpfs(const QString &path, int kib);
    //! \a path bound over itself, then remounted read-only.
    static std::unique_ptr<TestMount> readOnlyBind(const QString &path);
    ~TestMount();
    TestMount(const TestMount &) = delete;
    TestMount &operator=(const TestMount &) = delete;

    bool isMounted() const { return m_mounted; }
    QString error() const { return m_error; }
    //! Detaches the mount now (lazily, as umount -l: files still open keep working).
    void unmount();

private:
    explicit TestMount(const QString &path);
    bool mayMount();
    bool check(int result, const char *what);

    QByteArray m_path;
    bool m_mounted = false;
    QString m_error;
};

//! Fills the file system holding \a path to the last byte with that one file; its size, or -1.
qint64 fillUp(const QString &path);

} // namespace TestSupport
