// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/crashhandler.h"

#include <automagik/automagiktelemetry_version.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QMutex>

#include <atomic>
#include <cerrno>
#include <cstring>

#if defined(Q_OS_UNIX)
#include <csignal>
#include <ctime>

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>
#if __has_include(<execinfo.h>)
#include <execinfo.h>
#define AUTOMAGIK_HAS_BACKTRACE 1
#endif
#if defined(Q_OS_LINUX)
#include <sys/syscall.h>
#endif
#endif

namespace Automagik::Internal {

namespace {

QBasicMutex installMutex;
QString *installedDirectory = nullptr; // set once, never freed: the handler outlives every client
std::atomic<int> armed{0};
std::atomic<int> armingsExpected{0};
std::atomic<qint64> expectingProcess{0}; // a child forked meanwhile has no reading thread to wait for

} // namespace

QString CrashHandler::directory()
{
    const QMutexLocker locker(&installMutex);
    return installedDirectory ? *installedDirectory : QString();
}

bool CrashHandler::arm()
{
    // The directory is created only now, with consent, and before the handler may write into it.
    const QMutexLocker locker(&installMutex);
    bool ready = true;
    if (installedDirectory) {
        ready = QDir().mkpath(*installedDirectory);
        if (ready)
            QFile::setPermissions(*installedDirectory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    armed.fetch_add(1, std::memory_order_release);
    return ready;
}

void CrashHandler::disarm() { armed.fetch_sub(1, std::memory_order_relaxed); }

void CrashHandler::expectArming()
{
#if defined(Q_OS_UNIX)
    expectingProcess.store(qint64(::getpid()), std::memory_order_relaxed);
#endif
    armingsExpected.fetch_add(1, std::memory_order_release);
}

void CrashHandler::armingDecided() { armingsExpected.fetch_sub(1, std::memory_order_release); }

#if defined(Q_OS_UNIX)

namespace {

constexpr int fatalSignals[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
constexpr int signalCount = int(sizeof(fatalSignals) / sizeof(fatalSignals[0]));
constexpr int maxFrames = 48;

// Everything the handler needs, prepared at install: it allocates nothing and formats by hand.
struct sigaction previousActions[signalCount];
char directoryPath[PATH_MAX - 64];
char applicationVersion[128];
std::atomic<bool> handling{false};
std::atomic<bool> recordFinished{false}; // the first crashing thread is done with its record

// A fixed buffer with the integer formatting the handler needs (snprintf is not async-signal-safe).
class SignalSafeText
{
public:
    void clear()
    {
        m_length = 0;
        m_buffer[0] = '\0';
    }
    void add(const char *text)
    {
        while (*text && m_length < sizeof(m_buffer) - 1)
            m_buffer[m_length++] = *text++;
        m_buffer[m_length] = '\0';
    }
    void addDecimal(unsigned long long value, bool negative = false)
    {
        char digits[24];
        int n = 0;
        do {
            digits[n++] = char('0' + value % 10);
            value /= 10;
        } while (value);
        if (negative)
            digits[n++] = '-';
        char text[25];
        for (int i = 0; i < n; ++i)
            text[i] = digits[n - 1 - i];
        text[n] = '\0';
        add(text);
    }
    void addSigned(long long value)
    {
        addDecimal(value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value, value < 0);
    }
    void addHex(unsigned long long value)
    {
        char text[19] = {'0', 'x'};
        int n = 0;
        char digits[16];
        do {
            digits[n++] = "0123456789abcdef"[value & 0xf];
            value >>= 4;
        } while (value);
        for (int i = 0; i < n; ++i)
            text[2 + i] = digits[n - 1 - i];
        text[2 + n] = '\0';
        add(text);
    }
    const char *data() const { return m_buffer; }
    std::size_t size() const { return m_length; }

private:
    char m_buffer[PATH_MAX + 128] = {}; // room for the record and for any path install() accepts
    std::size_t m_length = 0;
};

// Static rather than on the signal stack, which may be the application's own and small: only the first
// crashing thread writes (handleFatalSignal), so they are never used twice at once.
SignalSafeText recordText;
SignalSafeText recordPath;
SignalSafeText partialPath;
char mapsChunk[4096];

void writeAll(int fd, const char *data, std::size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return;
        data += written;
        size -= std::size_t(written);
    }
}

// Copies the executable mappings of /proc/self/maps as "map <line>": the next run turns the stack's
// addresses into offsets within their files, which survive address space randomisation.
void copyExecutableMappings(int out)
{
    const int maps = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (maps < 0)
        return;
    char *const chunk = mapsChunk;
    const std::size_t chunkSize = sizeof(mapsChunk);
    char line[512];
    std::size_t length = 0;
    bool tooLong = false;
    for (;;) {
        const ssize_t n = ::read(maps, chunk, chunkSize);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i) {
            if (chunk[i] != '\n') {
                if (length < sizeof(line))
                    line[length++] = chunk[i];
                else
                    tooLong = true;
                continue;
            }
            // "start-end perms offset device inode path": the third letter of perms is x.
            std::size_t space = 0;
            while (space < length && line[space] != ' ')
                ++space;
            if (!tooLong && space + 3 < length && line[space + 3] == 'x') {
                writeAll(out, "map ", 4);
                writeAll(out, line, length);
                writeAll(out, "\n", 1);
            }
            length = 0;
            tooLong = false;
        }
    }
    ::close(maps);
}

void writeCrashRecord(int signal, const siginfo_t *info)
{
    const int savedErrno = errno;
    timespec now = {};
    clock_gettime(CLOCK_REALTIME, &now);
    const long long timeNs = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;

    SignalSafeText &record = recordText;
    record.clear();
    record.add("automagik-crash 1\nsignal ");
    record.addSigned(signal);
    record.add("\ncode ");
    record.addSigned(info ? info->si_code : 0);
    record.add("\naddress ");
    record.addHex(info ? (unsigned long long)(quintptr)info->si_addr : 0);
    record.add("\npid ");
    record.addSigned(getpid());
    record.add("\nthread ");
#if defined(Q_OS_LINUX)
    record.addSigned((long long)syscall(SYS_gettid));
#else
    record.addSigned(0);
#endif
    record.add("\ntime_ns ");
    record.addSigned(timeNs);
    record.add("\nlibrary " AUTOMAGIK_TELEMETRY_VERSION_STRING "\napplication ");
    record.add(applicationVersion);
    record.add("\nstack");
#if defined(AUTOMAGIK_HAS_BACKTRACE)
    void *frames[maxFrames];
    const int frameCount = backtrace(frames, maxFrames); // warmed up at install: no allocation here
    for (int i = 0; i < frameCount; ++i) {
        record.add(" ");
        record.addHex((unsigned long long)(quintptr)frames[i]);
    }
#endif
    record.add("\n");

    // <directory>/<time>-<pid>.crash, written under another name and renamed: a reader never sees half a record.
    SignalSafeText &path = recordPath;
    path.clear();
    path.add(directoryPath);
    path.add("/");
    path.addSigned(timeNs);
    path.add("-");
    path.addSigned(getpid());
    path.add(".crash");
    SignalSafeText &partial = partialPath;
    partial.clear();
    partial.add(path.data());
    partial.add(".partial");
    const int fd = ::open(partial.data(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        writeAll(fd, record.data(), record.size());
        copyExecutableMappings(fd);
        ::close(fd);
        ::rename(partial.data(), path.data());
    }
    errno = savedErrno;
}

void restorePreviousHandlers()
{
    for (int i = 0; i < signalCount; ++i) {
        struct sigaction action = previousActions[i];
        if (!(action.sa_flags & SA_SIGINFO) && action.sa_handler == SIG_IGN)
            action.sa_handler = SIG_DFL; // an ignored fault would fault again for ever
        sigaction(fatalSignals[i], &action, nullptr);
    }
}

void handleFatalSignal(int signal, siginfo_t *info, void *)
{
    // The first crashing thread writes the record; any other passes its signal on once that record is
    // complete (or after 4 s: the first may wait 2 s for a consent), so that the process does not die
    // before the record has its name.
    if (!handling.exchange(true)) {
        // A client still reading its consent decides on another thread, which is not stopped by this
        // signal (unless it is the thread that crashed, or needs a lock this thread holds: then the
        // wait ends without a record, as it would have without the wait).
        const bool sameProcess = expectingProcess.load(std::memory_order_relaxed) == qint64(getpid());
        for (int i = 0; sameProcess && i < 400 && armed.load(std::memory_order_acquire) == 0
             && armingsExpected.load(std::memory_order_acquire) > 0; ++i) {
            timespec step = {0, 5 * 1000 * 1000};
            nanosleep(&step, nullptr);
        }
        if (armed.load(std::memory_order_acquire) > 0)
            writeCrashRecord(signal, info);
        recordFinished.store(true);
    } else {
        for (int i = 0; i < 400 && !recordFinished.load(); ++i) {
            timespec step = {0, 10 * 1000 * 1000};
            nanosleep(&step, nullptr);
        }
    }
    restorePreviousHandlers();
    // A fault comes back by itself when the instruction runs again, now to the previous handler; a
    // signal that was sent (kill, raise, abort) has to be sent again. It is blocked until we return.
    if (!info || info->si_code <= 0 || signal == SIGABRT)
        raise(signal);
}

bool installHandlers(const QByteArray &directory, const QByteArray &application)
{
    if (directory.size() >= qsizetype(sizeof(directoryPath)))
        return false; // the path would not fit the prepared buffer
    std::memcpy(directoryPath, directory.constData(), std::size_t(directory.size()));
    directoryPath[directory.size()] = '\0';
    const qsizetype length = qMin<qsizetype>(application.size(), sizeof(applicationVersion) - 1);
    for (qsizetype i = 0; i < length; ++i) // one line in the record
        applicationVersion[i] = (application[i] == '\n' || application[i] == '\r') ? ' ' : application[i];
    applicationVersion[length] = '\0';

#if defined(AUTOMAGIK_HAS_BACKTRACE)
    void *frame[1];
    backtrace(frame, 1); // glibc loads its unwinder (and allocates) on the first call: not in the handler
#endif

    // An alternate stack, so that a stack overflow still runs the handler; one the application set is kept.
    stack_t current = {};
    if (sigaltstack(nullptr, &current) == 0 && (current.ss_flags & SS_DISABLE)) {
        // Static: installed once per process and in use for the life of the thread (no leak to report).
        static char alternateStack[128 * 1024];
        stack_t alternate = {};
        alternate.ss_sp = alternateStack;
        alternate.ss_size = sizeof(alternateStack);
        sigaltstack(&alternate, nullptr);
    }

    for (int i = 0; i < signalCount; ++i) {
        struct sigaction action = {};
        action.sa_sigaction = handleFatalSignal;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        sigaction(fatalSignals[i], &action, &previousActions[i]);
    }
    return true;
}

} // namespace

bool CrashHandler::install(const QString &directory, const QString &applicationVersion)
{
    const QMutexLocker locker(&installMutex);
    if (installedDirectory)
        return true;
    if (directory.isEmpty())
        return false;
    // No mkpath here: the directory is created by arm(), once Diagnostics are consented.
    const QString absolute = QDir(directory).absolutePath();
    if (!installHandlers(QFile::encodeName(absolute), applicationVersion.toUtf8()))
        return false;
    installedDirectory = new QString(absolute);
    return true;
}

#else

bool CrashHandler::install(const QString &, const QString &)
{
    return false;
}

#endif

} // namespace Automagik::Internal
