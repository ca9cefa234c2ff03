// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include "encoding/recordencoder.h"

#include <QtCore/QByteArray>

namespace Automagik::Internal {

/*
    Encodes batches of records as OTLP/HTTP JSON request bodies
    (ExportTraceServiceRequest, ExportMetricsServiceRequest,
    ExportLogsServiceRequest), following the protobuf JSON mapping with
    OTLP's exceptions: hex ids, integer enums, 64-bit integers as strings.
    Lives on the worker thread; not thread-safe (it owns the id generator).
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT OtlpJsonEncoder : public RecordEncoder
{
public:
    explicit OtlpJsonEncoder(const EncoderResource &resource, const EncoderLimits &limits = {});

    QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count);

    //! Writes one attribute value as an OTLP AnyValue, exposed for tests.
    void writeAnyValue(JsonWriter &w, const QVariant &value, int depth);
    /*!
        Writes an "attributes" array body: \a first (in order), then the entries
        of \a attributes whose keys are not among them. Returns the number of
        attributes left out by the count limit, or for an empty or over-long key.
    */
    int writeAttributes(JsonWriter &w, const QVariantMap &attributes, const QList<Attribute> &first = {});

private:
    void writeSpan(JsonWriter &w, const Record &r);
    void writeMetric(JsonWriter &w, const Record &r);
    void writeLog(JsonWriter &w, const Record &r);
    void writeKeyValue(JsonWriter &w, const QString &key, const QVariant &value, int depth);
    void writeCollection(JsonWriter &w, const QVariant &value, ValueKind kind, int depth);
    void writeRecordAttributes(JsonWriter &w, const char *opening, const QVariantMap &attributes,
                               const QList<Attribute> &first = {});

    QByteArray m_resourceJson; // {"resource":{...},  shared by all three envelopes
    QByteArray m_scopeJson; // {"scope":{...},
};

} // namespace Automagik::Internal
