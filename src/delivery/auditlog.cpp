// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/auditlog.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QMutex>
#include <QtCore/QSaveFile>
#include <QtCore/QSharedData>
#include <QtCore/QStandardPaths>

namespace Automagik {

namespace {

constexpr qsizetype MaxBodyCharacters = 64 * 1024;

// Appends and rewrites of one process never interleave; the file is only ever replaced whole.
QMutex &fileMutex()
{
    static QMutex mutex;
    return mutex;
}

QByteArray toJsonLine(const AuditEntry &e)
{
    const QJsonObject o{
        {QStringLiteral("time"), e.time.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("signal"), signalToString(e.signal)},
        {QStringLiteral("items"), e.items},
        {QStringLiteral("bytes"), e.bytes},
        {QStringLiteral("destination"), e.destination},
        {QStringLiteral("body"), e.body.left(MaxBodyCharacters)},
        {QStringLiteral("bodyTruncated"), e.bodyTruncated || e.body.size() > MaxBodyCharacters},
    };
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

bool fromJsonLine(const QByteArray &line, AuditEntry *e)
{
    const QJsonObject o = QJsonDocument::fromJson(line).object();
    e->time = QDateTime::fromString(o.value(QLatin1String("time")).toString(), Qt::ISODateWithMs);
    if (!e->time.isValid())
        return false;
    const QString signal = o.value(QLatin1String("signal")).toString();
    e->signal = signal == QLatin1String("metrics") ? TelemetrySignal::Metrics
        : signal == QLatin1String("logs")          ? TelemetrySignal::Logs
                                                   : TelemetrySignal::Traces;
    e->items = o.value(QLatin1String("items")).toInt();
    e->bytes = qint64(qBound(0.0, o.value(QLatin1String("bytes")).toDouble(), 1e15)); // no overflowing cast
    e->destination = o.value(QLatin1String("destination")).toString();
    e->body = o.value(QLatin1String("body")).toString();
    e->bodyTruncated = o.value(QLatin1String("bodyTruncated")).toBool();
    return true;
}

} // namespace

// Empty in 1.0: the fields of AuditEntry are its public members. Fields added in 1.x live here.
class AuditEntryData : public QSharedData
{
};

AuditEntry::AuditEntry() = default;
AuditEntry::AuditEntry(const AuditEntry &other) = default;
AuditEntry::AuditEntry(AuditEntry &&other) noexcept = default;
AuditEntry &AuditEntry::operator=(const AuditEntry &other) = default;
AuditEntry &AuditEntry::operator=(AuditEntry &&other) noexcept = default;
AuditEntry::~AuditEntry() = default;

class AuditLogData : public QSharedData
{
public:
    AuditLogData(const QString &file, int days, qint64 bytes)
        : filePath(file)
        , maxAgeDays(qMax(1, days))
        , maxBytes(qMax<qint64>(4096, bytes))
    {
    }

    void prune(const QList<AuditEntry> &kept) const;

    const QString filePath;
    const int maxAgeDays;
    const qint64 maxBytes;
};

QString AuditLog::defaultFilePath(const QString &projectName)
{
    QString safe = projectName;
    for (QChar &c : safe) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('_') && c != QLatin1Char('.'))
            c = QLatin1Char('_');
    }
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("automagik-telemetry/") + (safe.isEmpty() ? QStringLiteral("telemetry") : safe)
                  + QStringLiteral("-audit.jsonl"));
}

AuditLog::AuditLog(const QString &filePath, int maxAgeDays, qint64 maxBytes)
    : d(new AuditLogData(filePath, maxAgeDays, maxBytes))
{
}

AuditLog::AuditLog(const AuditLog &other) = default;
AuditLog::AuditLog(AuditLog &&other) noexcept = default;
AuditLog &AuditLog::operator=(const AuditLog &other) = default;
AuditLog &AuditLog::operator=(AuditLog &&other) noexcept = default;
AuditLog::~AuditLog() = default;

QString AuditLog::filePath() const
{
    return d->filePath;
}

int AuditLog::maxAgeDays() const
{
    return d->maxAgeDays;
}

qint64 AuditLog::maxBytes() const
{
    return d->maxBytes;
}

bool AuditLog::append(const AuditEntry &entry)
{
    QMutexLocker lock(&fileMutex());
    QDir().mkpath(QFileInfo(d->filePath).absolutePath());
    QFile file(d->filePath);
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append))
        return false;
    if (file.size() > 0) {
        // A last line cut short (a crash mid-write, a hand edit) must not swallow the new entry too.
        file.seek(file.size() - 1);
        if (file.read(1) != "\n")
            file.write("\n");
    }
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // the history is the user's alone
    const bool ok = file.write(toJsonLine(entry)) > 0;
    const qint64 size = file.size();
    file.close();
    if (size > d->maxBytes) {
        lock.unlock();
        d->prune(entries());
    }
    return ok;
}

QList<AuditEntry> AuditLog::entries() const
{
    QList<AuditEntry> result;
    QMutexLocker lock(&fileMutex());
    QFile file(d->filePath);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    const QDateTime oldest = QDateTime::currentDateTimeUtc().addDays(-d->maxAgeDays);
    while (!file.atEnd()) {
        const QByteArray line = file.readLine(4 * MaxBodyCharacters);
        AuditEntry entry;
        if (fromJsonLine(line, &entry) && entry.time >= oldest)
            result.append(entry);
    }
    return result;
}

void AuditLogData::prune(const QList<AuditEntry> &kept) const
{
    // Keep the newest entries that fit in three quarters of the bound, so pruning is rare.
    QList<QByteArray> lines;
    qint64 total = 0;
    for (auto it = kept.crbegin(); it != kept.crend(); ++it) {
        QByteArray line = toJsonLine(*it);
        if (total + line.size() > maxBytes * 3 / 4)
            break;
        total += line.size();
        lines.prepend(line);
    }
    QMutexLocker lock(&fileMutex());
    QSaveFile out(filePath);
    if (!out.open(QIODevice::WriteOnly))
        return;
    for (const QByteArray &line : std::as_const(lines))
        out.write(line);
    out.commit();
    QFile::setPermissions(filePath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

bool AuditLog::clear()
{
    QMutexLocker lock(&fileMutex());
    return !QFile::exists(d->filePath) || QFile::remove(d->filePath);
}

} // namespace Automagik
