// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "delivery/fileexporter.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QMetaObject>

namespace Automagik::Internal {

void FileExporter::address(OutgoingBatch &batch) const
{
    batch.url = QUrl::fromLocalFile(QFileInfo(m_config.exportFile()).absoluteFilePath());
}

Transport *FileExporter::createTransport(QObject *parent) const
{
    // Resolved once: the application may change its working directory later.
    return new FileTransport(QFileInfo(m_config.exportFile()).absoluteFilePath(), parent);
}

Exporter::Verdict FileExporter::verdict(const DeliveryResult &result) const
{
    if (result.error == DeliveryError::FileError)
        return Verdict::TryLater;
    return Exporter::verdict(result);
}

FileTransport::FileTransport(const QString &filePath, QObject *parent)
    : Transport(parent)
    , m_filePath(filePath)
{
    qRegisterMetaType<OutgoingBatch>();
    qRegisterMetaType<DeliveryResult>();
}

void FileTransport::send(OutgoingBatch batch)
{
    m_queued.push_back(std::move(batch));
    if (!m_writeScheduled) {
        // Report from the event loop, as a network transport would: the caller may be looping over its batches.
        m_writeScheduled = true;
        QMetaObject::invokeMethod(this, &FileTransport::writeQueued, Qt::QueuedConnection);
    }
}

namespace {

// Cuts a line an earlier write left unfinished (a crash, a full disk that even the cut-back could not
// fix): its batch was reported as failed and is sent again, so the line must not stay, half or whole.
bool dropUnfinishedLine(QFile &file)
{
    const qint64 size = file.size();
    if (size == 0)
        return true;
    constexpr qint64 Chunk = 4096;
    for (qint64 end = size; end > 0;) {
        const qint64 begin = qMax<qint64>(0, end - Chunk);
        if (!file.seek(begin))
            return false;
        const QByteArray chunk = file.read(end - begin);
        if (chunk.size() != end - begin)
            return false;
        if (end == size && chunk.endsWith('\n'))
            return true; // the usual case: the last line is complete
        const qsizetype newline = chunk.lastIndexOf('\n');
        if (newline >= 0)
            return file.resize(begin + newline + 1);
        end = begin;
    }
    return file.resize(0);
}

} // namespace

void FileTransport::writeQueued()
{
    m_writeScheduled = false;
    QFile file(m_filePath);
    // Unbuffered: what write() reports is what reached the file, so a failed line is cut back exactly.
    // Created readable by the user only: what users did may be in it.
    QString failure;
    if (!file.open(QIODevice::ReadWrite | QIODevice::Append | QIODevice::Unbuffered,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        failure = QStringLiteral("cannot open %1: %2").arg(m_filePath, file.errorString());
    else if (!dropUnfinishedLine(file))
        failure = QStringLiteral("cannot repair the last line of %1: %2").arg(m_filePath, file.errorString());
    while (!m_queued.empty()) {
        OutgoingBatch batch = std::move(m_queued.front());
        m_queued.pop_front();
        ++batch.attempt;
        if (failure.isEmpty()) {
            const qint64 at = file.size();
            const QByteArray line = batch.body + '\n';
            if (file.write(line) != line.size()) {
                failure = QStringLiteral("cannot write to %1: %2").arg(m_filePath, file.errorString());
                // A line is whole or not there; a cut that fails too is repaired by the next open.
                file.resize(at);
            }
        }
        // After a failure the rest of this round fails with it, unwritten: lines stay in sending order.
        Q_EMIT finished(batch, failure.isEmpty() ? DeliveryResult()
                                                 : DeliveryResult::failure(DeliveryError::FileError, failure));
    }
}

void FileTransport::abortAll(DeliveryError error, const QString &reason)
{
    std::deque<OutgoingBatch> queued;
    queued.swap(m_queued);
    for (const OutgoingBatch &batch : queued)
        Q_EMIT finished(batch, DeliveryResult::failure(error, reason));
}

} // namespace Automagik::Internal
