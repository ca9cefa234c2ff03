// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Fuzz target: the on-disk reader. The input becomes the whole content of an audit log file
// (as a crash, a full disk, another program or a hostile user could leave it), which
// AuditLog::entries() must read without crashing, returning only entries with a valid time.
// Then one entry is appended and must read back intact as the newest one: a damaged history
// must not swallow what is written after it. A second log with the smallest size bound (4 KiB)
// checks that appending, and the pruning it triggers, keeps the file within that bound.

#include <automagik/auditlog.h>

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Automagik;

namespace {

[[noreturn]] void fail(const char *what, const QString &path)
{
    QFile file(path);
    QByteArray content = file.open(QIODevice::ReadOnly) ? file.read(2048) : QByteArray("(unreadable)");
    content.replace('\0', "\\0"); // printed as a C string
    std::fprintf(stderr, "fuzz_auditlog: %s; the file begins with:\n%s\n", what, content.constData());
    std::abort();
}

bool writeFile(const QString &path, const uint8_t *data, size_t size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(reinterpret_cast<const char *>(data), qint64(size)) == qint64(size);
}

void checkEntries(const QList<AuditEntry> &entries, const QString &path)
{
    for (const AuditEntry &e : entries) {
        if (!e.time.isValid())
            fail("entries() returned an entry with an invalid time", path);
        if (int(e.signal) < int(TelemetrySignal::Traces) || int(e.signal) > int(TelemetrySignal::Logs))
            fail("entries() returned an entry with an unknown signal", path);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "fuzz_auditlog: cannot create a temporary directory\n");
        std::abort();
    }

    AuditEntry added;
    added.time = QDateTime::currentDateTimeUtc();
    added.signal = TelemetrySignal(size % 3);
    added.items = int(size % 1000);
    added.bytes = qint64(size);
    added.destination = QStringLiteral("https://collector.example.com:4318/v1/logs");
    added.body = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));

    // The default bounds (30 days, 4 MiB): nothing the fuzzer writes is pruned.
    const QString path = dir.filePath(QStringLiteral("audit.jsonl"));
    if (!writeFile(path, data, size))
        fail("cannot write the audit log file", path);
    AuditLog log(path);
    checkEntries(log.entries(), path);

    if (!log.append(added))
        fail("append() failed", path);
    const QList<AuditEntry> after = log.entries();
    checkEntries(after, path);
    if (after.isEmpty())
        fail("the appended entry is not readable (no entries at all)", path);
    const AuditEntry &last = after.last();
    if (last.time != added.time || last.signal != added.signal || last.items != added.items
        || last.bytes != added.bytes || last.destination != added.destination || last.body != added.body
        || last.bodyTruncated)
        fail("the newest entry read back is not the appended one", path);

    // The smallest size bound: appending prunes whenever the file grows past it.
    const QString smallPath = dir.filePath(QStringLiteral("small.jsonl"));
    if (!writeFile(smallPath, data, size))
        fail("cannot write the audit log file", smallPath);
    AuditLog small(smallPath, 30, 4096);
    small.append(added);
    checkEntries(small.entries(), smallPath);
    if (QFileInfo(smallPath).size() > small.maxBytes())
        fail("the audit log grew past its size bound", smallPath);
    return 0;
}
