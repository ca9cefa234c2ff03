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
    : m_filePath(filePath)
    , m_maxAgeDays(qMax(1, maxAgeDays))
    , m_maxBytes(qMax<qint64>(4096, maxBytes))
{
}

bool AuditLog::append(const AuditEntry &entry)
{
    QMutexLocker lock(&fileMutex());
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    QFile file(m_filePath);
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
    if (size > m_maxBytes) {
        lock.unlock();
        prune(entries());
    }
    return ok;
}

QList<AuditEntry> AuditLog::entries() const
{
    QList<AuditEntry> result;
    QMutexLocker lock(&fileMutex());
    QFile file(m_filePath);
    if (!file.open(QIODevice::ReadOnly))
        return result;
    const QDateTime oldest = QDateTime::currentDateTimeUtc().addDays(-m_maxAgeDays);
    while (!file.atEnd()) {
        const QByteArray line = file.readLine(4 * MaxBodyCharacters);
        AuditEntry entry;
        if (fromJsonLine(line, &entry) && entry.time >= oldest)
            result.append(entry);
    }
    return result;
}

void AuditLog::prune(const QList<AuditEntry> &kept) const
{
    // Keep the newest entries that fit in three quarters of the bound, so pruning is rare.
    QList<QByteArray> lines;
    qint64 total = 0;
    for (auto it = kept.crbegin(); it != kept.crend(); ++it) {
        QByteArray line = toJsonLine(*it);
        if (total + line.size() > m_maxBytes * 3 / 4)
            break;
        total += line.size();
        lines.prepend(line);
    }
    QMutexLocker lock(&fileMutex());
    QSaveFile out(m_filePath);
    if (!out.open(QIODevice::WriteOnly))
        return;
    for (const QByteArray &line : std::as_const(lines))
        out.write(line);
    out.commit();
    QFile::setPermissions(m_filePath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

bool AuditLog::clear()
{
    QMutexLocker lock(&fileMutex());
    return !QFile::exists(m_filePath) || QFile::remove(m_filePath);
}

} // namespace Automagik
