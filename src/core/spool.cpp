// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "spool.h"

#include "logging.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QLockFile>
#include <QtCore/QRandomGenerator>
#include <QtCore/QStandardPaths>

#include <zlib.h>

#include <climits>

namespace Automagik::Internal {

namespace {

constexpr char Magic[] = "AMTSPOOL";
constexpr int FormatVersion = 1;
const QString Suffix = QStringLiteral(".batch");
const QString LockName = QStringLiteral("slot.lock");
// Counted per batch on top of its body: the header line (at most this long, usually ~60 bytes).
constexpr qint64 HeaderAllowance = 96;

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

std::unique_ptr<QLockFile> tryLockSlot(const QString &slotDir)
{
    auto lock = std::make_unique<QLockFile>(QDir(slotDir).filePath(LockName));
    // A lock whose process is gone is stale at once; a live holder keeps it however long it runs.
    lock->setStaleLockTime(0);
    if (!lock->tryLock(0))
        return nullptr;
    return lock;
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
    for (int slot = 0; slot < SlotCount; ++slot) {
        const QString dir = slotPath(m_options.directory, slot);
        if (!makePrivateDirectory(dir))
            continue;
        if (auto lock = tryLockSlot(dir)) {
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
            QFile::rename(theirs.filePath(name), mine.filePath(target));
        }
    }
}

void Spool::index(std::vector<Eviction> *evictions)
{
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
            if (header && header->format != m_options.format) {
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

bool Spool::writeFile(const SpoolEntry &entry, const QByteArray &body)
{
    SpoolFile file;
    file.format = m_options.format;
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
        return false;
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const bool written = out.write(data) == data.size() && out.flush();
    out.close();
    if (!written || !out.rename(path)) {
        QFile::remove(path + QStringLiteral(".tmp"));
        return false;
    }
    return true;
}

quint64 Spool::append(TelemetrySignal signal, int items, bool gzipped, const QByteArray &body,
                      std::vector<Eviction> *evictions, qint64 createdMs)
{
    evictForSpace(body.size() + HeaderAllowance, evictions);
    SpoolEntry entry;
    entry.sequence = m_nextSequence++;
    entry.createdMs = createdMs > 0 ? createdMs : QDateTime::currentMSecsSinceEpoch();
    entry.signal = signal;
    entry.items = items;
    entry.gzipped = gzipped;
    entry.bytes = body.size() + HeaderAllowance; // what the file takes, header included
    if (isPersistent()) {
        if (m_runToken.isEmpty())
            m_runToken = QString::number(QRandomGenerator::global()->generate(), 16);
        entry.fileName = QStringLiteral("%1-%2-%3%4")
                             .arg(entry.createdMs, 15, 10, QLatin1Char('0'))
                             .arg(entry.sequence, 10, 10, QLatin1Char('0'))
                             .arg(m_runToken, Suffix);
        if (!writeFile(entry, body)) {
            // Disk full or gone: keep working in memory from here on (the caller reports it once).
            m_error = QStringLiteral("cannot write to the spool directory %1").arg(m_slotDir);
            for (auto &[sequence, e] : m_entries) {
                if (e.body.isEmpty()) {
                    if (auto b = this->body(sequence))
                        e.body = *b;
                }
            }
            m_onDisk = false;
            entry.fileName.clear();
            entry.body = body;
        }
    } else {
        entry.body = body;
    }
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
    if (!parsed || parsed->format != m_options.format || parsed->signal != it->second.signal
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
    if (!it->second.fileName.isEmpty())
        QFile::remove(filePath(it->second));
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

void Spool::expire(qint64 nowMs, std::vector<Eviction> *evictions)
{
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        auto current = it++;
        if (!current->second.inSender && nowMs - current->second.createdMs > m_options.maxAgeMs)
            drop(current, DeliveryError::SpoolExpired, evictions);
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
