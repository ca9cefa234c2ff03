// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QDateTime>
#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>

namespace Automagik {

class AuditEntryData;
class AuditLogData;

/*!
    \struct Automagik::AuditEntry
    \brief One request that left the machine, as the audit log keeps it.

    A value type whose fields are read and written directly; it is a gadget,
    so QML and QVariant see the same fields as properties. Whatever later 1.x
    versions add goes behind the private pointer (with accessors), so the size
    and layout of this struct stay those of 1.0.

    \since 1.0
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
    //! An entry with an invalid time (which AuditLog never keeps), no items and no body.
    AuditEntry();
    //! Copies \a other; cheap, the private part is shared.
    AuditEntry(const AuditEntry &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    AuditEntry(AuditEntry &&other) noexcept;
    //! Copies \a other.
    AuditEntry &operator=(const AuditEntry &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    AuditEntry &operator=(AuditEntry &&other) noexcept;
    ~AuditEntry();

    QDateTime time; //!< When the backend acknowledged it (UTC).
    TelemetrySignal signal = TelemetrySignal::Traces; //!< Which signal's endpoint it went to.
    int items = 0; //!< Records in the request.
    qint64 bytes = 0; //!< Bytes on the wire.
    QString destination; //!< The URL, without credentials or query.
    QString body; //!< The request body (JSON), as sent before compression.
    bool bodyTruncated = false; //!< The body was longer than the log keeps (64 KiB).

private:
    // Room for the fields of later 1.x versions; null until one needs it.
    QSharedDataPointer<AuditEntryData> d;
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

    An implicitly shared value type: a copy names the same file and bounds.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_EXPORT AuditLog
{
public:
    //! The default file of \a projectName, under QStandardPaths::AppLocalDataLocation.
    static QString defaultFilePath(const QString &projectName);

    /*!
        A log kept in \a filePath (created with its directory on the first
        append()), keeping \a maxAgeDays days (at least 1) and at most
        \a maxBytes bytes (at least 4096).
    */
    explicit AuditLog(const QString &filePath, int maxAgeDays = 30, qint64 maxBytes = 4 * 1024 * 1024);
    //! Copies \a other; both use the same file.
    AuditLog(const AuditLog &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    AuditLog(AuditLog &&other) noexcept;
    //! Copies \a other; both use the same file.
    AuditLog &operator=(const AuditLog &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    AuditLog &operator=(AuditLog &&other) noexcept;
    //! Leaves the file as it is: the history outlives this object.
    ~AuditLog();

    //! The JSON-lines file of the history.
    QString filePath() const;
    //! Entries older than this many days are no longer listed, and go from the file when it is next pruned.
    int maxAgeDays() const;
    //! Above this file size the oldest entries are dropped, down to three quarters of it.
    qint64 maxBytes() const;

    //! Appends \a entry, then drops what is too old or too much.
    bool append(const AuditEntry &entry);
    //! Every kept entry, oldest first. Unreadable lines are skipped.
    QList<AuditEntry> entries() const;
    //! Deletes the whole history.
    bool clear();

private:
    // Explicitly shared: nothing changes after construction, so there is never a reason to detach.
    QExplicitlySharedDataPointer<AuditLogData> d;
};

} // namespace Automagik

Q_DECLARE_METATYPE(Automagik::AuditEntry)
