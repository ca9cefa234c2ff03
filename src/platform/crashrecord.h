// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QVariantMap>

#include <optional>

namespace Automagik::Internal {

/*
    A crash record CrashHandler wrote in an earlier run: what the signal said, the stack as return
    addresses (symbolised later, with the build's debug information), the versions and the time.
*/
struct CrashRecord
{
    int signal = 0;
    int code = 0; // si_code: why the signal came (SEGV_MAPERR, FPE_INTDIV, SI_TKILL ...)
    quint64 faultAddress = 0;
    qint64 processId = 0;
    qint64 threadId = 0;
    qint64 timeUnixNano = 0;
    QString libraryVersion;
    QString applicationVersion;
    QList<quint64> stack;

    struct Mapping
    {
        quint64 start = 0;
        quint64 end = 0;
        quint64 fileOffset = 0;
        QString file; // its name alone: where it was installed says nothing more and may name the user
    };
    QList<Mapping> mappings; // the crashed process's executable mappings

    //! Reads the text CrashHandler writes; nothing when it is not a crash record.
    static std::optional<CrashRecord> parse(const QByteArray &text);
    //! Takes every record in \a directory: each file is claimed (so that two runs never both take it),
    //! read and deleted, unreadable ones and half-written ones included.
    static QList<CrashRecord> takeAll(const QString &directory);
    //! "SIGSEGV" and the like; "signal <n>" for others.
    static QString signalName(int signal);

    //! The stack as "<file>+0x<offset in the file>" per frame ("?" outside any mapping): what addr2line reads.
    QStringList frames() const;

    //! The record's attributes: crash.signal, crash.signal_name, crash.code, crash.fault_address, crash.thread_id,
    //! crash.stack (hex addresses) and crash.frames (frames()) as lists, crash.library_version,
    //! crash.application_version, crash.time.
    QVariantMap attributes() const;
};

} // namespace Automagik::Internal
