// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <map>
#include <memory>
#include <optional>
#include <vector>

class QLockFile;

namespace Automagik::Internal {

//! One encoded batch as the spool keeps it.
struct SpoolEntry
{
    quint64 sequence = 0; // order of arrival; also the batch id on the wire side
    qint64 createdMs = 0; // wall clock (ms since the epoch), in the file: the age bound across runs
    qint64 bornMs = 0; // Spool::elapsedMs() when its age was 0: the age bound while this process runs
    TelemetrySignal signal = TelemetrySignal::Traces;
    int items = 0;
    bool gzipped = false;
    qint64 bytes = 0; // body size
    bool inSender = false; // handed to the sender, outcome not known yet
    QByteArray body; // kept in memory only when the spool is not on disk
    QString fileName; // within the slot directory, when on disk
    QByteArray format; // the body's encoding, from its file: sent as it was encoded
};

/*
    The on-disk format of one spooled batch: a header line, then the body
    exactly as it is sent. The header carries a length and a CRC-32, so a
    file cut short by a crash or damaged later is recognised, never sent.
*/
struct AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT SpoolFile
{
    QByteArray format; // "otlp-json" or "clickhouse-json-each-row"
    TelemetrySignal signal = TelemetrySignal::Traces;
    int items = 0;
    bool gzipped = false;
    qint64 createdMs = 0;
    QByteArray body;

    QByteArray serialize() const;
    //! Parses a whole file; std::nullopt (and \a error set) for anything damaged or foreign.
    static std::optional<SpoolFile> parse(const QByteArray &data, QString *error = nullptr);
    //! Parses only the header line; body stays empty and its length goes to \a bodyBytes.
    static std::optional<SpoolFile> parseHeader(const QByteArray &headerLine, qint64 *bodyBytes, QString *error = nullptr);
    static constexpr int MaxHeaderBytes = 256;
};

/*
    Test-only instrumentation, set by a test program before any client exists; the library never sets
    it. step is called at each step of a batch's life on disk, so a test can stop the process exactly
    there and kill it; the clocks replace the real ones.
*/
struct SpoolTestHooks
{
    enum class Step {
        WritingFile, // the temporary file holds part of the batch
        Renaming, // the temporary file is complete, not renamed yet
        Renamed, // the batch file is complete under its final name
        Removing, // a batch file is about to be removed (delivered, refused for good, or evicted)
        Adopting, // one file of an abandoned slot was moved into ours, more may follow
    };
    void (*step)(Step) = nullptr;
    qint64 (*wallClockMs)() = nullptr; // ms since the epoch
    qint64 (*elapsedMs)() = nullptr; // never jumps
};

/*
    The write-ahead spool: every encoded batch is stored here before it is
    sent and removed when the backend has acknowledged it (or refused it for
    good). Lives on the worker thread.

    On disk, each client takes one of a few slot directories under its spool
    directory with a QLockFile, so two instances of an application never send
    or delete each other's batches; slots left by a process that died are
    adopted. When no directory is usable, batches are kept in memory under
    the same bounds, and errorString() says why.

    A full disk is not an unusable directory: the oldest batches on disk are
    evicted to make room, and a batch that still does not fit waits in memory
    until a later write finds space again.

    Ages are measured on a clock that counts real time and never jumps while
    the process runs; across runs only the wall clock is known, so each file's
    stamp is kept true to the wall clock (written again after the clock jumped).
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT Spool
{
public:
    struct Options
    {
        QString directory; // empty: memory only
        QByteArray format = QByteArrayLiteral("otlp-json"); // what new batches are written in
        // Formats of batches kept and sent as they are, besides format: an application that switches between
        // OTLP JSON and protobuf loses nothing an earlier run spooled.
        QList<QByteArray> alsoReadable;
        qint64 maxBytes = qint64(10) * 1024 * 1024;
        qint64 maxAgeMs = qint64(7) * 24 * 3600 * 1000;
    };

    //! Why entries left the spool without being delivered.
    struct Eviction
    {
        SpoolEntry entry;
        DeliveryError reason; // SpoolFull, SpoolExpired, or SpoolCorrupt
    };

    explicit Spool(const Options &options);
    ~Spool();
    Spool(const Spool &) = delete;
    Spool &operator=(const Spool &) = delete;

    /*!
        Takes a slot, adopts abandoned slots and indexes the batches found
        (damaged ones are removed and reported in \a evictions). Returns false
        when the directory cannot be used; the spool then works in memory.
    */
    bool open(std::vector<Eviction> *evictions);
    bool isPersistent() const { return m_onDisk; }
    QString errorString() const { return m_error; }
    QString slotDirectory() const { return m_slotDir; }

    /*!
        Stores a batch and returns its entry's sequence. Older entries not in
        the sender are evicted first when the size bound would be exceeded,
        or when the disk is full (the new batch itself is always kept, so
        sending never stalls). \a sameAgeAs, when given, is the batch this one
        was split from: its age and its format carry over. Returns 0 only when nothing could
        be stored, not even in memory.
    */
    quint64 append(TelemetrySignal signal, int items, bool gzipped, const QByteArray &body,
                   std::vector<Eviction> *evictions, const SpoolEntry *sameAgeAs = nullptr);

    //! The body of \a sequence, read back from disk if needed; std::nullopt if it is gone or damaged.
    std::optional<QByteArray> body(quint64 sequence, QString *error = nullptr);
    void remove(quint64 sequence);
    //! Removes entries older than the age bound (never those in the sender); stamps files again after a clock jump.
    void expire(std::vector<Eviction> *evictions);

    SpoolEntry *find(quint64 sequence);
    //! The oldest entry not in the sender, or nullptr.
    SpoolEntry *nextToSend();
    const std::map<quint64, SpoolEntry> &entries() const { return m_entries; }
    qint64 totalBytes() const { return m_totalBytes; }
    int inSenderCount() const;

    //! Deletes every batch in \a directory's slots that no running client holds (consent withdrawn).
    static int purge(const QString &directory);
    //! <AppLocalDataLocation>/automagik-telemetry/<project>/spool.
    static QString defaultDirectory(const QString &projectName);

    //! The wall clock, ms since the epoch (stamps in files).
    static qint64 wallClockMs();
    //! A clock in ms that counts real time (on Linux, time suspended too) and never jumps (ages).
    static qint64 elapsedMs();
    static void setTestHooks(const SpoolTestHooks &hooks);

    static constexpr int SlotCount = 4;

private:
    enum class WriteResult { Written, NoSpace, Failed };

    bool takeSlot();
    void adoptAbandonedSlots();
    void index(std::vector<Eviction> *evictions);
    QString filePath(const SpoolEntry &entry) const;
    QString newFileName(const SpoolEntry &entry);
    WriteResult writeFile(const SpoolEntry &entry, const QByteArray &body);
    bool storeOnDisk(SpoolEntry &entry, const QByteArray &body, std::vector<Eviction> *evictions);
    bool evictOldestOnDisk(std::vector<Eviction> *evictions);
    void moveMemoryBatchesToDisk();
    bool restamp(SpoolEntry &entry, qint64 createdMs);
    void evictForSpace(qint64 incoming, std::vector<Eviction> *evictions);
    void drop(std::map<quint64, SpoolEntry>::iterator it, DeliveryError reason, std::vector<Eviction> *evictions);

    Options m_options;
    QString m_slotDir;
    std::unique_ptr<QLockFile> m_lock; // kept even after a failed write, so no other client takes our files
    bool m_onDisk = false; // new batches go to disk; false once the directory failed for another reason than space
    bool m_diskFull = false; // the last write found no space
    bool m_reportedDiskFull = false; // warned once per run
    bool m_batchesInMemory = false; // some batches wait in memory for space on disk
    QString m_runToken; // in file names: a restarted sequence never meets an older file's name
    QString m_error;
    std::map<quint64, SpoolEntry> m_entries;
    quint64 m_nextSequence = 1;
    qint64 m_totalBytes = 0;
};

} // namespace Automagik::Internal
