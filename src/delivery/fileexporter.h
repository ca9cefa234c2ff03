// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "delivery/exporter.h"

#include <deque>

namespace Automagik::Internal {

/*
    Appends each batch as one line to a local file: an OTLP JSON request per
    line, which is the OpenTelemetry collector's file exporter format (its
    otlpjsonfile receiver reads it back). For offline debugging and for
    machines that must not send anything over a network. Nothing is
    compressed; a write that fails (disk full, file gone read-only) keeps the
    batch in the spool and is tried again later, as a collector that is down.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT FileExporter final : public EncodingExporter<OtlpJsonEncoder>
{
public:
    using EncodingExporter::EncodingExporter; // OTLP JSON is compact: never a line break inside a body
    QByteArray format() const override { return QByteArrayLiteral("otlp-json-lines"); }
    bool compressesBodies() const override { return false; }
    void address(OutgoingBatch &batch) const override;
    Transport *createTransport(QObject *parent) const override;
    Verdict verdict(const DeliveryResult &result) const override;
    std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal, const QByteArray &) const override
    {
        return std::nullopt; // a file takes lines of any length
    }
};

//! Writes batches to the end of a file, one line each, in the order they were sent.
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT FileTransport final : public Transport
{
    Q_OBJECT
public:
    FileTransport(const QString &filePath, QObject *parent = nullptr);

    void send(OutgoingBatch batch) override;
    int pendingCount() const override { return int(m_queued.size()); }
    void retryWaitingNow() override { } // nothing waits: a failed write is reported at once
    void abortAll(DeliveryError error, const QString &reason) override;

private:
    void writeQueued();

    QString m_filePath;
    std::deque<OutgoingBatch> m_queued;
    bool m_writeScheduled = false;
};

} // namespace Automagik::Internal
