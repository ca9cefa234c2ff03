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
    return new FileTransport(m_config.exportFile(), parent);
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

void FileTransport::writeQueued()
{
    m_writeScheduled = false;
    QFile file(m_filePath);
    const bool created = !file.exists();
    const bool opened = file.open(QIODevice::WriteOnly | QIODevice::Append);
    if (opened && created)
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner); // what users did may be in it
    while (!m_queued.empty()) {
        OutgoingBatch batch = std::move(m_queued.front());
        m_queued.pop_front();
        ++batch.attempt;
        DeliveryResult result;
        if (!opened) {
            result = DeliveryResult::failure(DeliveryError::FileError,
                                             QStringLiteral("cannot open %1: %2").arg(m_filePath, file.errorString()));
        } else {
            const qint64 at = file.pos();
            // A line is written whole or not at all: a short write is cut back so the next line starts clean.
            if (file.write(batch.body + '\n') != batch.body.size() + 1 || !file.flush()) {
                const QString error = file.errorString();
                file.resize(at);
                result = DeliveryResult::failure(DeliveryError::FileError,
                                                 QStringLiteral("cannot write to %1: %2").arg(m_filePath, error));
            }
        }
        Q_EMIT finished(batch, result);
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
