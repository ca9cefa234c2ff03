// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "spool/spool.h"

#include "common/logging.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QLockFile>
#include <QtCore/QThread>
#include <QtCore/QRandomGenerator>
#include <QtCore/QStandardPaths>
#include <QtCore/QStorageInfo>

#include <zlib.h>

#include <climits>
#include <ctime>
#include <limits>

namespace Automagik::Internal {

namespace {

constexpr char Magic[] = "AMTSPOOL";
constexpr int FormatVersion = 1;
const QString Suffix = QStringLiteral(".batch");
const QString LockName = QStringLiteral("slot.lock");
// Counted per batch on top of its body: the header line (at most this long, usually ~60 bytes).
constexpr qint64 HeaderAllowance = 96;
// How far a file's stamp may stray from "wall clock now - age" before it is written again (clock jumps only).
constexpr qint64 ClockSlackMs = 60 * 1000;

SpoolTestHooks &testHooks()
{
    static SpoolTestHooks hooks;
    return hooks;
}

void step(SpoolTestHooks::Step at)
{
    if (testHooks().step)
        testHooks().step(at);
}

quint32 crc32Of(const QByteArray &data)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    const char *p = data.constData();
    qsizetype left = data.size();
    while (left > 0) { // zlib takes uInt lengths
        const uInt chunk = uInt(qMin<qsizetype>(left, 1 << 30));
        crc = crc32(crc, reinterpret_cast<const Bytef *>(p), chunk);
        p += chunk;
        left -= chunk;
    }
    return quint32(crc);
}

bool validFormat(const QByteArray &format)
{
    if (format.isEmpty() || format.size() > 40)
        return false;
    for (char c : format) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

QString slotPath(const QString &directory, int slot)
{
    return QDir(directory).filePath(QStringLiteral("slot-%1").arg(slot));
}

// Files readable by the user only; the directories too, so names do not leak either.
// An existing directory keeps the permissions it has: one made read-only on purpose stays so.
bool makePrivateDirectory(const QString &path)
{
    const QFileInfo info(path);
    if (info.exists())
        return info.isDir();
    if (!QDir().mkpath(path))
        return false;
    return QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
}

std::unique_ptr<QLockFile> tryLockSlot(const QString &slotDir, QLockFile::LockError *error = nullptr)
{
    auto lock = std::make_unique<QLockFile>(QDir(slotDir).filePath(LockName));
    // A lock whose process is gone is stale at once; a live holder keeps it however long it runs.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0)) {
        if (error)
            *error = lock->error();
        return nullptr;
    }
    return lock;
}

// What the file system holding \a path still takes, or the most there is when that is unknown.
qint64 freeBytes(const QString &path)
{
    const QStorageInfo storage(path); // reads the mount table: only after a failed write
    return storage.isValid() ? storage.bytesAvailable() : std::numeric_limits<qint64>::max();
}

QStringList batchFiles(const QDir &dir)
{
    // Names start with the creation time and sequence, zero-padded: name order is age order.
    return dir.entryList({QLatin1Char('*') + Suffix}, QDir::Files | QDir::Hidden, QDir::Name);
}

} // namespace

QByteArray SpoolFile::serialize() const
{
    QByteArray out = QByteArray(Magic) + ' ' + QByteArray::number(FormatVersion) + ' ' + format + ' '
        + QByteArray::number(int(signal)) + ' ' + QByteArray::number(items) + ' ' + (gzipped ? '1' : '0') + ' '
        + QByteArray::number(createdMs) + ' ' + QByteArray::number(body.size()) + ' '
        + QByteArray::number(crc32Of(body), 16) + '\n';
    out += body;
    return out;
}

std::optional<SpoolFile> SpoolFile::parseHeader(const QByteArray &headerLine, qint64 *bodyBytes, QString *error)
{
    auto fail = [error](const char *why) -> std::optional<SpoolFile> {
        if (error)
            *error = QString::fromLatin1(why);
        return std::nullopt;
    };
    // Strict: exactly what serialize() writes (canonical numbers, single spaces), nothing else.
    QByteArray line = headerLine;
    if (line.endsWith('\n'))
        line.chop(1);
    const QList<QByteArray> fields = line.split(' ');
    if (fields.size() != 9 || fields[0] != Magic)
        return fail("not a spool file");
    auto number = [](const QByteArray &field, qint64 *value) {
        bool ok = false;
        *value = field.toLongLong(&ok);
        return ok && QByteArray::number(*value) == field;
    };
    qint64 version = 0, signal = 0, items = 0, created = 0, length = 0;
    if (!number(fields[1], &version) || version != FormatVersion)
        return fail("unknown spool format version");
    SpoolFile file;
    if (!validFormat(fields[2]))
        return fail("invalid payload format");
    file.format = fields[2];
    if (!number(fields[3], &signal) || signal < 0 || signal > 2)
        return fail("invalid signal");
    file.signal = TelemetrySignal(signal);
    if (!number(fields[4], &items) || items <= 0 || items > INT_MAX)
        return fail("invalid item count");
    file.items = int(items);
    if (fields[5] != "0" && fields[5] != "1")
        return fail("invalid gzip flag");
    file.gzipped = fields[5] == "1";
    if (!number(fields[6], &created) || created < 0)
        return fail("invalid creation time");
    file.createdMs = created;
    if (!number(fields[7], &length) || length <= 0 || length > qint64(1) << 31)
        return fail("invalid body length");
    bool ok = false;
    const uint crc = fields[8].toUInt(&ok, 16);
    if (!ok || QByteArray::number(crc, 16) != fields[8])
        return fail("invalid checksum");
    if (bodyBytes)
        *bodyBytes = length;
    return file;
}

std::optional<SpoolFile> SpoolFile::parse(const QByteArray &data, QString *error)
{
    const qsizetype newline = data.indexOf('\n');
    if (newline < 0 || newline > MaxHeaderBytes) {
        if (error)
            *error = QStringLiteral("no header line");
        return std::nullopt;
    }
    const QByteArray header = data.left(newline);
    qint64 length = 0;
    std::optional<SpoolFile> file = parseHeader(header, &length, error);
    if (!file)
        return std::nullopt;
    if (data.size() - newline - 1 != length) {
        if (error)
            *error = QStringLiteral("truncated: %1 of %2 body bytes").arg(data.size() - newline - 1).arg(length);
        return std::nullopt;
    }
    file->body = data.mid(newline + 1);
    const quint32 expected = header.split(' ').value(8).toUInt(nullptr, 16);
    if (crc32Of(file->body) != expected) {
        if (error)
            *error = QStringLiteral("checksum mismatch");
        return std::nullopt;
    }
    return file;
}

Spool::Spool(const Options &options)
    : m_options(options)
{
}

Spool::~Spool() = default;

qint64 Spool::wallClockMs()
{
    return testHooks().wallClockMs ? testHooks().wallClockMs() : QDateTime::currentMSecsSinceEpoch();
}

qint64 Spool::elapsedMs()
{
    if (testHooks().elapsedMs)
        return testHooks().elapsedMs();
#if defined(CLOCK_BOOTTIME)
    // Counts time suspended too: a batch kept through a week of sleep is a week old.
    timespec now{};
    if (clock_gettime(CLOCK_BOOTTIME, &now) == 0)
        return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
#endif
    QElapsedTimer timer;
    timer.start();
    return timer.msecsSinceReference();
}

void Spool::setTestHooks(const SpoolTestHooks &hooks)
{
    testHooks() = hooks;
}

QString Spool::defaultDirectory(const QString &projectName)
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        return {};
    QString project = projectName;
    project.replace(QLatin1Char('/'), QLatin1Char('_')).replace(QLatin1Char('\\'), QLatin1Char('_'));
    if (project.isEmpty() || project == QLatin1String(".") || project == QLatin1String(".."))
        project = QStringLiteral("default");
    return QDir(base).filePath(QStringLiteral("automagik-telemetry/") + project + QStringLiteral("/spool"));
}

bool Spool::open(std::vector<Eviction> *evictions)
{
    if (m_options.directory.isEmpty()) {
        m_error = QStringLiteral("no spool directory");
        return false;
    }
    if (!makePrivateDirectory(m_options.directory)) {
        m_error = QStringLiteral("cannot create the spool directory %1").arg(m_options.directory);
        return false;
    }
    if (!takeSlot())
        return false;
    adoptAbandonedSlots();
    index(evictions);
    return true;
}

bool Spool::takeSlot()
{
    // A slot can be busy only for a moment: another client starting at the same time holds every slot
    // it adopts from while it moves the batches out. Look again a few times before settling for memory.
    constexpr int Rounds = 5;
    for (int round = 0; round < Rounds; ++round) {
        bool contended = false;
        for (int slot = 0; slot < SlotCount; ++slot) {
            const QString dir = slotPath(m_options.directory, slot);
            if (!makePrivateDirectory(dir))
                continue;
            QLockFile::LockError lockError = QLockFile::NoError;
            if (auto lock = tryLockSlot(dir, &lockError)) {
                // Prove the directory takes writes now, rather than at the first batch.
                QFile probe(QDir(dir).filePath(QStringLiteral(".probe")));
                if (!probe.open(QIODevice::WriteOnly) || probe.write("x", 1) != 1) {
                    m_error = QStringLiteral("the spool directory %1 is not writable").arg(dir);
                    return false;
                }
                probe.close();
                probe.remove();
                m_lock = std::move(lock);
                m_onDisk = true;
                m_slotDir = dir;
                return true;
            }
            contended = contended || lockError == QLockFile::LockFailedError;
        }
        if (!contended)
            break; // nothing is held: the directory itself is unusable
        if (round + 1 < Rounds)
            QThread::msleep(5UL << round); // 5, 10, 20, 40 ms: on the worker thread, never the caller's
    }
    m_error = QStringLiteral("no usable spool slot in %1 (read-only, or %2 clients already running)")
                  .arg(m_options.directory)
                  .arg(SlotCount);
    return false;
}

void Spool::adoptAbandonedSlots()
{
    // A client that died left its batches in its slot: move them into ours, so the next run sends them
    // even when it gets a different slot.
    QDir mine(m_slotDir);
    for (int slot = 0; slot < SlotCount; ++slot) {
        const QString dir = slotPath(m_options.directory, slot);
        if (dir == m_slotDir || !QFileInfo::exists(dir))
            continue;
        auto lock = tryLockSlot(dir);
        if (!lock)
            continue; // held by a running client
        QDir theirs(dir);
        for (const QString &name : theirs.entryList({QStringLiteral("*.tmp")}, QDir::Files | QDir::Hidden))
            theirs.remove(name); // interrupted writes: never complete, never sent
        for (const QString &name : batchFiles(theirs)) {
            QString target = name;
            if (mine.exists(target))
                target = QStringLiteral("a%1-%2").arg(slot).arg(name);
            if (QFile::rename(theirs.filePath(name), mine.filePath(target)))
                step(SpoolTestHooks::Step::Adopting);
        }
    }
}

void Spool::index(std::vector<Eviction> *evictions)
{
    const qint64 wallNow = wallClockMs();
    const qint64 elapsedNow = elapsedMs();
    QDir dir(m_slotDir);
    // Leftover temporary files are writes a crash interrupted: never complete, never sent.
    for (const QString &name : dir.entryList({QStringLiteral("*.tmp")}, QDir::Files | QDir::Hidden))
        dir.remove(name);
    for (const QString &name : batchFiles(dir)) {
        QFile file(dir.filePath(name));
        QString error;
        qint64 length = 0;
        std::optional<SpoolFile> header;
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray line = file.readLine(SpoolFile::MaxHeaderBytes + 1);
            header = SpoolFile::parseHeader(line, &length, &error);
            if (header && file.size() - line.size() != length) {
                error = QStringLiteral("truncated: %1 of %2 body bytes").arg(file.size() - line.size()).arg(length);
                header.reset();
            }
            if (header && header->format != m_options.format && !m_options.alsoReadable.contains(header->format)) {
                error = QStringLiteral("written for another backend (%1)").arg(QString::fromLatin1(header->format));
                header.reset();
            }
        } else {
            error = file.errorString();
        }
        SpoolEntry entry;
        entry.sequence = m_nextSequence++;
        entry.fileName = name;
        if (!header) {
            qCWarning(lcTelemetry()).noquote() << "removing unreadable spool file" << name << ":" << error;
            file.close();
            file.remove();
            if (evictions)
                evictions->push_back({entry, DeliveryError::SpoolCorrupt});
            continue;
        }
        entry.createdMs = header->createdMs;
        entry.format = header->format;
        // Across runs only the wall clock tells the age. A stamp in the future (the clock was ahead then, or is
        // behind now) counts as age 0; expire() then stamps the file again, so it cannot outlive the bound.
        entry.bornMs = elapsedNow - qMax<qint64>(0, wallNow - entry.createdMs);
        entry.signal = header->signal;
        entry.items = header->items;
        entry.gzipped = header->gzipped;
        entry.bytes = file.size(); // the header counts against the bound too
        m_totalBytes += entry.bytes;
        m_entries.emplace(entry.sequence, std::move(entry));
    }
    evictForSpace(0, evictions);
}

QString Spool::filePath(const SpoolEntry &entry) const
{
    return QDir(m_slotDir).filePath(entry.fileName);
}

QString Spool::newFileName(const SpoolEntry &entry)
{
    if (m_runToken.isEmpty())
        m_runToken = QString::number(QRandomGenerator::global()->generate(), 16);
    return QStringLiteral("%1-%2-%3%4")
        .arg(entry.createdMs, 15, 10, QLatin1Char('0'))
        .arg(entry.sequence, 10, 10, QLatin1Char('0'))
        .arg(m_runToken, Suffix);
}

Spool::WriteResult Spool::writeFile(const SpoolEntry &entry, const QByteArray &body)
{
    SpoolFile file;
    file.format = entry.format;
    file.signal = entry.signal;
    file.items = entry.items;
    file.gzipped = entry.gzipped;
    file.createdMs = entry.createdMs;
    file.body = body;
    const QByteArray data = file.serialize();
    // Write aside, then rename: a crash leaves either the whole file or a .tmp that is ignored.
    const QString path = filePath(entry);
    QFile out(path + QStringLiteral(".tmp"));
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return WriteResult::Failed; // gone, read-only, not ours
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // With a test hook, half first: a test can then stop the process while the file is incomplete.
    const qsizetype half = testHooks().step ? data.size() / 2 : 0;
    bool written = out.write(data.constData(), half) == half && out.flush();
    if (written && half > 0)
        step(SpoolTestHooks::Step::WritingFile);
    written = written && out.write(data.constData() + half, data.size() - half) == data.size() - half && out.flush();
    // No space shows as ENOSPC (Qt's ResourceError) or as a short write (a WriteError without a cause); a
    // failing disk is told from a full one by what is still free.
    const bool noSpace = !written && (out.error() == QFileDevice::ResourceError || freeBytes(m_slotDir) < data.size());
    out.close();
    if (written) {
        step(SpoolTestHooks::Step::Renaming);
        if (out.rename(path)) {
            step(SpoolTestHooks::Step::Renamed);
            return WriteResult::Written;
        }
    }
    QFile::remove(path + QStringLiteral(".tmp"));
    return noSpace ? WriteResult::NoSpace : WriteResult::Failed;
}

bool Spool::storeOnDisk(SpoolEntry &entry, const QByteArray &body, std::vector<Eviction> *evictions)
{
    entry.fileName = newFileName(entry);
    for (bool madeRoom = false;;) {
        switch (writeFile(entry, body)) {
        case WriteResult::Written:
            if (m_diskFull && !madeRoom) {
                m_diskFull = false;
                qCInfo(lcTelemetry()).noquote() << "the telemetry spool has space again in" << m_slotDir;
            }
            if (m_batchesInMemory)
                moveMemoryBatchesToDisk();
            return true;
        case WriteResult::NoSpace:
            // A full disk shrinks the bound rather than emptying the spool: the oldest batches make room.
            if (!m_diskFull) {
                m_diskFull = true;
                const QString message = QStringLiteral("no space left for the telemetry spool in %1: dropping the "
                                                       "oldest batches to make room (new ones wait in memory when "
                                                       "none is left)")
                                            .arg(m_slotDir);
                // A warning the first time; a disk that stays nearly full can flip many times after that.
                if (m_reportedDiskFull)
                    qCInfo(lcTelemetry()).noquote() << message;
                else
                    qCWarning(lcTelemetry()).noquote() << message;
                m_reportedDiskFull = true;
            }
            madeRoom = evictOldestOnDisk(evictions);
            if (madeRoom)
                continue;
            m_batchesInMemory = true; // nothing left to evict: this one waits in memory, the next write tries again
            break;
        case WriteResult::Failed:
            // Gone or read-only: new batches stay in memory from here on (the caller reports it once). What is
            // on disk stays there, for this run to send or the next.
            m_error = QStringLiteral("cannot write to the spool directory %1").arg(m_slotDir);
            m_onDisk = false;
            break;
        }
        entry.fileName.clear();
        return false;
    }
}

bool Spool::evictOldestOnDisk(std::vector<Eviction> *evictions)
{
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (!it->second.inSender && !it->second.fileName.isEmpty()) {
            drop(it, DeliveryError::SpoolFull, evictions);
            return true;
        }
    }
    return false;
}

void Spool::moveMemoryBatchesToDisk()
{
    // There is space again: batches that waited in memory go to disk too, so that they survive an exit.
    for (auto &[sequence, entry] : m_entries) {
        if (!entry.fileName.isEmpty())
            continue;
        entry.fileName = newFileName(entry);
        if (writeFile(entry, entry.body) != WriteResult::Written) {
            entry.fileName.clear();
            return; // the next write tries again
        }
        entry.body.clear();
    }
    m_batchesInMemory = false;
}

bool Spool::restamp(SpoolEntry &entry, qint64 createdMs)
{
    if (entry.fileName.isEmpty()) {
        entry.createdMs = createdMs;
        return true;
    }
    const std::optional<QByteArray> data = body(entry.sequence);
    if (!data)
        return true; // damaged: dropped when it is read for sending
    SpoolEntry stamped = entry;
    stamped.createdMs = createdMs;
    stamped.fileName = newFileName(stamped);
    if (writeFile(stamped, *data) != WriteResult::Written)
        return false;
    // A crash right here leaves both files: the batch may be sent twice, never lost.
    QFile::remove(filePath(entry));
    entry.createdMs = createdMs;
    entry.fileName = stamped.fileName;
    return true;
}

quint64 Spool::append(TelemetrySignal signal, int items, bool gzipped, const QByteArray &body,
                      std::vector<Eviction> *evictions, const SpoolEntry *sameAgeAs)
{
    evictForSpace(body.size() + HeaderAllowance, evictions);
    SpoolEntry entry;
    entry.sequence = m_nextSequence++;
    entry.createdMs = sameAgeAs ? sameAgeAs->createdMs : wallClockMs();
    entry.bornMs = sameAgeAs ? sameAgeAs->bornMs : elapsedMs();
    entry.signal = signal;
    entry.items = items;
    entry.gzipped = gzipped;
    entry.format = sameAgeAs ? sameAgeAs->format : m_options.format;
    entry.bytes = body.size() + HeaderAllowance; // what the file takes, header included
    if (!isPersistent() || !storeOnDisk(entry, body, evictions))
        entry.body = body;
    m_totalBytes += entry.bytes;
    const quint64 sequence = entry.sequence;
    m_entries.emplace(sequence, std::move(entry));
    return sequence;
}

std::optional<QByteArray> Spool::body(quint64 sequence, QString *error)
{
    const auto it = m_entries.find(sequence);
    if (it == m_entries.end())
        return std::nullopt;
    if (!it->second.body.isEmpty() || it->second.fileName.isEmpty())
        return it->second.body;
    QFile file(filePath(it->second));
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return std::nullopt;
    }
    QString parseError;
    std::optional<SpoolFile> parsed = SpoolFile::parse(file.readAll(), &parseError);
    if (!parsed || parsed->format != it->second.format || parsed->signal != it->second.signal
        || parsed->items != it->second.items) {
        if (error)
            *error = parsed ? QStringLiteral("header changed on disk") : parseError;
        return std::nullopt;
    }
    return parsed->body;
}

void Spool::remove(quint64 sequence)
{
    const auto it = m_entries.find(sequence);
    if (it == m_entries.end())
        return;
    if (!it->second.fileName.isEmpty()) {
        step(SpoolTestHooks::Step::Removing);
        QFile::remove(filePath(it->second));
    }
    m_totalBytes -= it->second.bytes;
    m_entries.erase(it);
}

void Spool::drop(std::map<quint64, SpoolEntry>::iterator it, DeliveryError reason, std::vector<Eviction> *evictions)
{
    SpoolEntry entry = it->second;
    entry.body.clear();
    remove(it->first);
    if (evictions)
        evictions->push_back({std::move(entry), reason});
}

void Spool::evictForSpace(qint64 incoming, std::vector<Eviction> *evictions)
{
    for (auto it = m_entries.begin(); it != m_entries.end() && m_totalBytes + incoming > m_options.maxBytes;) {
        auto current = it++;
        if (!current->second.inSender)
            drop(current, DeliveryError::SpoolFull, evictions);
    }
}

void Spool::expire(std::vector<Eviction> *evictions)
{
    // Ages run on elapsedMs(), so a jump of the wall clock, either way, neither expires fresh batches nor
    // keeps old ones.
    const qint64 wallNow = wallClockMs();
    const qint64 elapsedNow = elapsedMs();
    bool stamping = true;
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        auto current = it++;
        SpoolEntry &entry = current->second;
        if (entry.inSender)
            continue;
        const qint64 age = elapsedNow - entry.bornMs;
        if (age > m_options.maxAgeMs) {
            drop(current, DeliveryError::SpoolExpired, evictions);
        } else if (stamping && qAbs(wallNow - age - entry.createdMs) > ClockSlackMs) {
            // The wall clock jumped since the file was stamped (or was wrong when an earlier run wrote it): stamp
            // it again, so that the next run, which has only the wall clock, sees its true age. A failed write
            // (no space, read-only) ends this round; the next check tries again.
            stamping = restamp(entry, wallNow - age);
        }
    }
}

SpoolEntry *Spool::find(quint64 sequence)
{
    const auto it = m_entries.find(sequence);
    return it == m_entries.end() ? nullptr : &it->second;
}

SpoolEntry *Spool::nextToSend()
{
    for (auto &[sequence, entry] : m_entries) {
        if (!entry.inSender)
            return &entry;
    }
    return nullptr;
}

int Spool::inSenderCount() const
{
    int n = 0;
    for (const auto &[sequence, entry] : m_entries)
        n += entry.inSender ? 1 : 0;
    return n;
}

int Spool::purge(const QString &directory)
{
    if (directory.isEmpty() || !QFileInfo::exists(directory))
        return 0;
    int removed = 0;
    for (int slot = 0; slot < SlotCount; ++slot) {
        const QString dir = slotPath(directory, slot);
        if (!QFileInfo::exists(dir))
            continue;
        auto lock = tryLockSlot(dir);
        if (!lock)
            continue; // a running client owns it and follows its own consent
        QDir d(dir);
        for (const QString &name : batchFiles(d))
            removed += d.remove(name) ? 1 : 0;
        // Writes a crash interrupted hold whole batch bodies too: gone with the rest.
        for (const QString &name : d.entryList({QStringLiteral("*.tmp")}, QDir::Files | QDir::Hidden))
            d.remove(name);
    }
    return removed;
}

} // namespace Automagik::Internal
