// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include "encoding/recordencoder.h"

#include <QtCore/QByteArray>

namespace Automagik::Internal {

/*
    Encodes batches of records as OTLP/HTTP protobuf request bodies
    (ExportTraceServiceRequest, ExportMetricsServiceRequest,
    ExportLogsServiceRequest): the same items, attributes and limits as
    OtlpJsonEncoder, in the binary encoding of opentelemetry-proto, written
    directly (no protobuf runtime). Fields with proto3 default values are
    left out, except where the message needs their presence (AnyValue's and
    data points' oneofs, histogram sum/min/max).
    Lives on the worker thread; not thread-safe (it owns the id generator).
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT OtlpProtobufEncoder : public RecordEncoder
{
public:
    explicit OtlpProtobufEncoder(const EncoderResource &resource, const EncoderLimits &limits = {});

    QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count);

    static QByteArray contentType() { return QByteArrayLiteral("application/x-protobuf"); }

private:
    void writeSpan(ProtobufWriter &w, const Record &r);
    void writeMetric(ProtobufWriter &w, const Record &r);
    void writeLog(ProtobufWriter &w, const Record &r);
    void writeAnyValue(ProtobufWriter &w, int field, const QVariant &value, int depth);
    void writeKeyValue(ProtobufWriter &w, int field, const QString &key, const QVariant &value, int depth);
    void writeCollection(ProtobufWriter &w, const QVariant &value, ValueKind kind, int depth);
    //! Writes each attribute as a KeyValue \a field; returns how many were left out (see writeAttributeEntries()).
    int writeAttributes(ProtobufWriter &w, int field, const QVariantMap &attributes,
                        const QList<Attribute> &first = {});

    QByteArray m_resource; // the Resource message as field 1 of ResourceSpans/-Metrics/-Logs
    QByteArray m_scope; // the InstrumentationScope as field 1 of ScopeSpans/-Metrics/-Logs
};

} // namespace Automagik::Internal
