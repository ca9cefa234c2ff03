// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The application under test for tst_crashreporting: one Telemetry client ("crash-app") with crash and
// unclean-exit reporting on, in a real process. Consent and the spool directory come from the
// environment (AUTOMAGIK_TELEMETRY_ENABLED, AUTOMAGIK_TELEMETRY_SPOOL_DIR), set by the test.
//
//   crashchild <mode> <endpoint> <chain-file>
//
// segv, abrt, bus, fpe, ill, overflow: installs a handler of its own first (it appends the signal's
//     number to chain-file, then lets the signal kill the process), starts the client and crashes
//     that way: a null write, abort(), a read past a truncated mapping, an integer division by zero,
//     an undefined instruction, an endless recursion.
// report: starts the client (which sends what the previous run left), flushes, shuts down, exits 0.
// shutdown: starts the client and shuts it down at once, without an event loop, before its consent's
//     reading has had time to come in; exits 0 when everything was delivered.
// hang:   starts the client, waits for its consent to be read, prints "ready" and runs until it is killed.
//
// The crashing modes crash right after the constructor, before the consent's first reading is in (it is
// made on a thread of its own): the crash handler waits for that reading's answer.

#include <automagik/telemetry.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QTimer>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace Automagik;

namespace {

char chainPath[PATH_MAX];

// The application's own handler, there before the library's: it must still run.
void applicationHandler(int signal, siginfo_t *info, void *)
{
    const int fd = ::open(chainPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0) {
        const char text[] = {char('0' + signal / 10), char('0' + signal % 10), '\n'};
        [[maybe_unused]] const ssize_t written = ::write(fd, text, sizeof(text));
        ::close(fd);
    }
    ::signal(signal, SIG_DFL);
    if (info->si_code <= 0)
        ::raise(signal); // sent, not a fault: send it again to die by it
}

void installApplicationHandler()
{
    for (int signal : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) {
        struct sigaction action = {};
        action.sa_sigaction = applicationHandler;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        sigaction(signal, &action, nullptr);
    }
}

int recurse(int depth)
{
    volatile char frame[1024];
    frame[0] = char(depth);
    return depth == INT_MAX ? 0 : recurse(depth + 1) + frame[0];
}

[[noreturn]] void crash(const QByteArray &mode, const QString &scratch)
{
    if (mode == "segv") {
        *static_cast<volatile int *>(nullptr) = 1;
    } else if (mode == "abrt") {
        std::abort();
    } else if (mode == "bus") {
        // A page mapped from a file that has no bytes there: reading it is SIGBUS.
        const int fd = ::open(QFile::encodeName(scratch).constData(), O_RDWR | O_CREAT | O_TRUNC, 0600);
        void *page = ::mmap(nullptr, 4096, PROT_READ, MAP_SHARED, fd, 0);
        if (page != MAP_FAILED)
            std::printf("%d\n", *static_cast<volatile char *>(page));
    } else if (mode == "fpe") {
#if defined(__x86_64__) || defined(__i386__)
        volatile int one = 1, zero = 0; // both read at run time: 1 / x alone compiles to a comparison
        std::printf("%d\n", one / zero);
#else
        ::raise(SIGFPE); // elsewhere an integer division by zero does not trap
#endif
    } else if (mode == "ill") {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_trap(); // ud2
#else
        ::raise(SIGILL);
#endif
    } else if (mode == "overflow") {
        std::printf("%d\n", recurse(0));
    }
    std::fprintf(stderr, "crashchild: %s did not crash\n", mode.constData());
    std::_Exit(3);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: crashchild <mode> <endpoint> <chain-file>\n");
        return 2;
    }
    const QByteArray mode = argv[1];
    const QString chainFile = QFile::decodeName(argv[3]);
    std::strncpy(chainPath, argv[3], sizeof(chainPath) - 1);
    const rlimit noCore = {0, 0};
    setrlimit(RLIMIT_CORE, &noCore); // the test needs the signal, not a core file

    const bool crashes = mode != "report" && mode != "hang" && mode != "shutdown";
    if (crashes)
        installApplicationHandler();

    TelemetryConfig config(QStringLiteral("crash-app"), QStringLiteral("4.5.6"));
    config.setEndpoint(QUrl(QString::fromLocal8Bit(argv[2])));
    config.setCrashReportingEnabled(true);
    config.setUncleanExitReportingEnabled(true);
    config.setFlushInterval(60000);
    config.setMaxRetries(0);
    Telemetry telemetry(config);

    if (crashes)
        crash(mode, chainFile + QStringLiteral(".mapped"));
    if (mode == "shutdown")
        return telemetry.shutdown(10000) ? 0 : 1;
    if (mode == "hang") {
        // A question waits for the consent's first reading: by now this run's marker is written, if ever.
        telemetry.isEnabled();
        std::printf("ready\n");
        std::fflush(stdout);
        return app.exec();
    }
    QObject::connect(&telemetry, &Telemetry::flushFinished, &app, [&] { app.exit(telemetry.shutdown() ? 0 : 1); });
    telemetry.flush();
    return app.exec();
}
