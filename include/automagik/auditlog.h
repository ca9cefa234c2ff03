// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QDateTime>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>

namespace Automagik {

/*!
    One request that left the machine, as the audit log keeps it.
*/
struct AUTOMAGIK_TELEMETRY_EXPORT AuditEntry
{
    Q_GADGET
    Q_PROPERTY(QDateTime time MEMBER time)
    Q_PROPERTY(Automagik::TelemetrySignal signal MEMBER signal)
    Q_PROPERTY(int items MEMBER items)
    Q_PROPERTY(qint64 bytes MEMBER bytes)
    Q_PROPERTY(QString destination MEMBER destination)
    Q_PROPERTY(QString body MEMBER body)
    Q_PROPERTY(bool bodyTruncated MEMBER bodyTruncated)

public:
    QDateTime time; //!< When the backend acknowledged it (UTC).
    TelemetrySignal signal = TelemetrySignal::Traces;
    int items = 0; //!< Records in the request.
    qint64 bytes = 0; //!< Bytes on the wire.
    QString destination; //!< The URL, without credentials or query.
    QString body; //!< The request body (JSON), as sent before compression.
    bool bodyTruncated = false; //!< The body was longer than the log keeps (64 KiB).
};

/*!
    \class Automagik::AuditLog
    \brief A local, bounded record of every telemetry request that left the
    machine, so the end user can look back at what was sent, when and where.

    The client appends an entry for each delivered request (on by default,
    TelemetryConfig::setAuditLogEnabled()); entries older than the maximum age
    (30 days) or beyond the maximum size (4 MiB, oldest dropped first) are
    removed. The file is a JSON-lines file readable by the user only, written
    only after consent (nothing is sent before). Any number of AuditLog
    objects may use the same file, in any thread.
*/
class AUTOMAGIK_TELEMETRY_EXPORT AuditLog
{
public:
    //! The default file of \a projectName, under QStandardPaths::AppLocalDataLocation.
    static QString defaultFilePath(const QString &projectName);

    explicit AuditLog(const QString &filePath, int maxAgeDays = 30, qint64 maxBytes = 4 * 1024 * 1024);

    QString filePath() const { return m_filePath; }
    int maxAgeDays() const { return m_maxAgeDays; }
    qint64 maxBytes() const { return m_maxBytes; }

    //! Appends \a entry, then drops what is too old or too much.
    bool append(const AuditEntry &entry);
    //! Every kept entry, oldest first. Unreadable lines are skipped.
    QList<AuditEntry> entries() const;
    //! Deletes the whole history.
    bool clear();

private:
    void prune(const QList<AuditEntry> &entries) const;

    QString m_filePath;
    int m_maxAgeDays;
    qint64 m_maxBytes;
};

} // namespace Automagik

Q_DECLARE_METATYPE(Automagik::AuditEntry)
