// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/crashrecord.h"

#include "platform/claimedfiles.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>

#include <csignal>

namespace Automagik::Internal {

namespace {

QString hex(quint64 value)
{
    return QStringLiteral("0x") + QString::number(value, 16);
}

// "start-end perms offset device inode path", as /proc/<pid>/maps has it.
CrashRecord::Mapping parseMapping(const QByteArray &line)
{
    const QList<QByteArray> fields = line.simplified().split(' ');
    CrashRecord::Mapping mapping;
    if (fields.size() < 3)
        return mapping;
    const QList<QByteArray> range = fields.at(0).split('-');
    mapping.start = range.value(0).toULongLong(nullptr, 16);
    mapping.end = range.value(1).toULongLong(nullptr, 16);
    mapping.fileOffset = fields.at(2).toULongLong(nullptr, 16);
    const QByteArray path = fields.size() > 5 ? fields.mid(5).join(' ') : QByteArray(); // a path may hold spaces
    mapping.file = QString::fromUtf8(path.mid(path.lastIndexOf('/') + 1));
    return mapping;
}

} // namespace

std::optional<CrashRecord> CrashRecord::parse(const QByteArray &text)
{
    const QList<QByteArray> lines = text.split('\n');
    if (lines.isEmpty() || lines.constFirst() != "automagik-crash 1")
        return std::nullopt;
    CrashRecord record;
    bool hasSignal = false;
    for (const QByteArray &line : lines) {
        const qsizetype space = line.indexOf(' ');
        const QByteArray key = space < 0 ? line : line.left(space);
        const QByteArray value = space < 0 ? QByteArray() : line.mid(space + 1);
        if (key == "signal")
            record.signal = value.toInt(&hasSignal);
        else if (key == "code")
            record.code = value.toInt();
        else if (key == "address")
            record.faultAddress = value.mid(2).toULongLong(nullptr, 16);
        else if (key == "pid")
            record.processId = value.toLongLong();
        else if (key == "thread")
            record.threadId = value.toLongLong();
        else if (key == "time_ns")
            record.timeUnixNano = value.toLongLong();
        else if (key == "library")
            record.libraryVersion = QString::fromUtf8(value);
        else if (key == "application")
            record.applicationVersion = QString::fromUtf8(value);
        else if (key == "map")
            record.mappings.append(parseMapping(value));
        else if (key == "stack")
            for (const QByteArray &frame : value.split(' '))
                if (frame.startsWith("0x"))
                    record.stack.append(frame.mid(2).toULongLong(nullptr, 16));
    }
    if (!hasSignal)
        return std::nullopt;
    return record;
}

QList<CrashRecord> CrashRecord::takeAll(const QString &directory)
{
    QList<CrashRecord> records;
    if (directory.isEmpty())
        return records;
    releaseAbandonedClaims(directory); // a run that died while reporting them: they are reported now
    const QDir dir(directory);
    const QStringList names = dir.entryList({QStringLiteral("*.crash"), QStringLiteral("*.crash.partial")}, QDir::Files);
    for (const QString &name : names) {
        // A rename succeeds for one process alone: a record is never reported by two runs.
        const QString path = dir.filePath(claimedName(name));
        if (!QFile::rename(dir.filePath(name), path))
            continue;
        QFile file(path);
        if (name.endsWith(QLatin1String(".crash")) && file.open(QIODevice::ReadOnly)) {
            if (const auto record = parse(file.read(256 * 1024)))
                records.append(*record);
            file.close();
        }
        file.remove();
    }
    return records;
}

QString CrashRecord::signalName(int signal)
{
    switch (signal) {
#if defined(SIGSEGV)
    case SIGSEGV:
        return QStringLiteral("SIGSEGV");
    case SIGABRT:
        return QStringLiteral("SIGABRT");
    case SIGFPE:
        return QStringLiteral("SIGFPE");
    case SIGILL:
        return QStringLiteral("SIGILL");
#endif
#if defined(SIGBUS)
    case SIGBUS:
        return QStringLiteral("SIGBUS");
#endif
    default:
        break;
    }
    return QStringLiteral("signal %1").arg(signal);
}

QStringList CrashRecord::frames() const
{
    QStringList frames;
    for (quint64 address : stack) {
        QString frame = QStringLiteral("?");
        for (const Mapping &mapping : mappings) {
            if (address >= mapping.start && address < mapping.end && !mapping.file.isEmpty()) {
                frame = mapping.file + QLatin1Char('+') + hex(address - mapping.start + mapping.fileOffset);
                break;
            }
        }
        frames.append(frame);
    }
    return frames;
}

QVariantMap CrashRecord::attributes() const
{
    QStringList addresses;
    addresses.reserve(stack.size());
    for (quint64 frame : stack)
        addresses.append(hex(frame));
    return {
        {QStringLiteral("crash.signal"), signal},
        {QStringLiteral("crash.signal_name"), signalName(signal)},
        {QStringLiteral("crash.code"), code},
        {QStringLiteral("crash.fault_address"), hex(faultAddress)},
        {QStringLiteral("crash.thread_id"), threadId},
        // Lists: a string attribute is cut at 500 characters, which a deep stack would exceed.
        {QStringLiteral("crash.stack"), addresses},
        {QStringLiteral("crash.frames"), frames()},
        {QStringLiteral("crash.library_version"), libraryVersion},
        {QStringLiteral("crash.application_version"), applicationVersion},
        {QStringLiteral("crash.time"),
         QDateTime::fromMSecsSinceEpoch(timeUnixNano / 1000000).toUTC().toString(Qt::ISODateWithMs)},
    };
}

} // namespace Automagik::Internal
