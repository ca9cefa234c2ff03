// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// For test programs whose clients take their endpoint from environment variables: a mistake there
// would send to the built-in default endpoint. Such a program runs itself again in a network
// namespace that has only loopback (unshare -rn), and its network tests skip unless that worked.
#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QStandardPaths>
#include <QtNetwork/QNetworkInterface>

#include <cstdio>
#include <cstdlib>
#include <vector>

#if defined(Q_OS_LINUX)
#include <unistd.h>
#endif

namespace TestSupport {

//! Whether this process can reach nothing but loopback (no other interface is up).
inline bool onlyLoopbackIsUp()
{
    const QList<QNetworkInterface> interfaces = QNetworkInterface::allInterfaces();
    for (const QNetworkInterface &i : interfaces) {
        if (i.flags().testFlag(QNetworkInterface::IsUp) && !i.flags().testFlag(QNetworkInterface::IsLoopBack))
            return false;
    }
    return true;
}

/*
    Call first in main(): replaces this process with itself inside a new network namespace where
    only loopback is up, when unshare(1) can make one (as root, or with unprivileged user
    namespaces). Returns when it cannot; the tests then see onlyLoopbackIsUp() false.
*/
inline void reexecWithLoopbackOnly(int argc, char **argv)
{
#if defined(Q_OS_LINUX)
    static const char marker[] = "AUTOMAGIK_TEST_LOOPBACK_ONLY";
    if (qEnvironmentVariableIsSet(marker))
        return; // already inside (or tried)
    qputenv(marker, "1");
    const QString unshare = QStandardPaths::findExecutable(QStringLiteral("unshare"));
    // A dry run first: where namespaces are not allowed, stay here rather than fail in the shell.
    if (unshare.isEmpty() || std::system("unshare -rn sh -c 'ip link set lo up' >/dev/null 2>&1") != 0)
        return;
    const QByteArray program = unshare.toLocal8Bit();
    std::vector<char *> args{const_cast<char *>(program.constData()), const_cast<char *>("-rn"),
                             const_cast<char *>("sh"), const_cast<char *>("-c"),
                             const_cast<char *>("ip link set lo up && exec \"$0\" \"$@\"")};
    for (int i = 0; i < argc; ++i)
        args.push_back(argv[i]);
    args.push_back(nullptr);
    std::fflush(nullptr);
    ::execv(program.constData(), args.data());
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
#endif
}

} // namespace TestSupport
