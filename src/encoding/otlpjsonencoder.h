// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include "common/record.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QVariant>

#include <random>

namespace Automagik::Internal {

class JsonWriter;

//! Limits applied while encoding; the defaults are the SDK family's.
struct EncoderLimits
{
    int maxAttributeCount = 128; // OpenTelemetry's default attribute count limit
    int maxStringLength = 500; // attribute strings, in UTF-16 code units
    int maxLogBodyLength = 1000;
    int maxErrorMessageLength = 500;
    int maxDepth = 8; // nesting of lists and maps; deeper values become a marker string
    int maxCollectionSize = 1000; // elements per list or map value
};

//! What goes on the Resource and the InstrumentationScope, once per request.
struct EncoderResource
{
    QList<QPair<QString, QString>> attributes;
    QString scopeName;
    QString scopeVersion;
};

/*
    Encodes batches of records as OTLP/HTTP JSON request bodies
    (ExportTraceServiceRequest, ExportMetricsServiceRequest,
    ExportLogsServiceRequest), following the protobuf JSON mapping with
    OTLP's exceptions: hex ids, integer enums, 64-bit integers as strings.
    Lives on the worker thread; not thread-safe (it owns the id generator).
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT OtlpJsonEncoder
{
public:
    explicit OtlpJsonEncoder(const EncoderResource &resource, const EncoderLimits &limits = {});

    QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count);

    //! Attribute values a batch had to cut, cap or replace (for status and tests).
    qint64 truncatedValues() const { return m_truncated; }

    //! Writes one attribute value as an OTLP AnyValue, exposed for tests and the ClickHouse encoder.
    void writeAnyValue(JsonWriter &w, const QVariant &value, int depth);
    using Attribute = QPair<QString, QVariant>;
    /*!
        Writes an "attributes" array body: \a first (in order), then the entries
        of \a attributes whose keys are not among them. Returns the number of
        attributes left out by the count limit, or for an empty or over-long key.
    */
    int writeAttributes(JsonWriter &w, const QVariantMap &attributes, const QList<Attribute> &first = {});

    //! Cuts \a text to \a maxLength UTF-16 units without splitting a surrogate pair.
    static QStringView truncated(QStringView text, int maxLength);

private:
    void writeSpan(JsonWriter &w, const Record &r);
    void writeMetric(JsonWriter &w, const Record &r);
    void writeLog(JsonWriter &w, const Record &r);
    void writeHexId(JsonWriter &w, int bytes);
    void writeLimitedString(JsonWriter &w, QStringView text, int maxLength);
    //! Keys are never cut (that could make two keys equal): empty or over-long keys are left out.
    bool isUsableKey(const QString &key) const { return !key.isEmpty() && key.size() <= m_limits.maxStringLength; }

    EncoderLimits m_limits;
    QByteArray m_resourceJson; // {"resource":{...},  shared by all three envelopes
    QByteArray m_scopeJson; // {"scope":{...},
    std::mt19937_64 m_random;
    qint64 m_truncated = 0;
};

} // namespace Automagik::Internal
