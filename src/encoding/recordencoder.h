// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/record.h"
#include "encoding/jsonwriter.h"
#include "encoding/protobufwriter.h"

#include <QtCore/QDateTime>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QRandomGenerator>
#include <QtCore/QUrl>
#include <QtCore/QUuid>
#include <QtCore/QVariant>

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <random>

namespace Automagik::Internal {

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
    What the OTLP and ClickHouse encoders share, so that a record is cut,
    capped and turned into text the same way whatever the backend: the limits
    and the count of values they cut, the attribute rules, the ids, what an
    item's fixed parts are (error attributes, span name, metric unit), and
    how a value's type decides its encoding. The helpers that write take a
    JsonWriter or a ProtobufWriter. All inline: most of it runs in the
    encoders' hot loop.

    Ids need to be unique, not random (gzip cannot shrink random bytes, and
    they were most of a compressed event): each request's spans share one
    random trace id, drawn when the request starts, and their span ids count
    up from a random start. A trace id per request keeps traces bounded
    (trace stores cap a trace's size) and costs 16 bytes a request.
*/
class RecordEncoder
{
public:
    using Attribute = QPair<QString, QVariant>;

    //! Values a batch had to cut, cap or replace (for status and tests).
    qint64 truncatedValues() const { return m_truncated; }

    //! Cuts \a text to \a maxLength UTF-16 units without splitting a surrogate pair.
    static QStringView truncated(QStringView text, int maxLength)
    {
        if (maxLength < 0 || text.size() <= maxLength)
            return text;
        QStringView cut = text.left(maxLength);
        if (!cut.isEmpty() && cut.back().isHighSurrogate())
            cut.chop(1);
        return cut;
    }

protected:
    //! The encodings a value can get, by its type.
    enum class ValueKind {
        Null,
        Bool,
        Integer, // the signed types and the unsigned ones narrower than 64 bits
        Unsigned64, // ulong, qulonglong: may not fit an int64
        Double,
        String,
        Text, // QByteArray, QUrl: valueText(), of any length
        FixedText, // QUuid, QDateTime: valueText(), short and of a fixed form
        Json, // QJsonValue and kin: encoded as the QVariant they convert to
        List,
        Map, // QVariantMap, or a QVariantHash taken as one (stable key order)
        Other, // no form of its own: convertedText(), else unsupportedTypeMarker()
    };

    explicit RecordEncoder(const EncoderLimits &limits) : m_limits(limits)
    {
        // Ids need to be unique, not secret: a fast PRNG seeded from the system source is enough.
        QRandomGenerator *system = QRandomGenerator::system();
        std::seed_seq seed{system->generate(), system->generate(), system->generate(), system->generate()};
        m_random.seed(seed);
        m_nextSpanId = m_random();
    }

    using TraceId = std::array<char, 16>;
    using SpanId = std::array<char, 8>;

    //! Starts a request: its spans get a new random trace id (never all zeros, which means "no id").
    void startTrace()
    {
        const quint64 hi = m_random();
        const quint64 lo = m_random();
        putBigEndian(m_traceId.data(), hi);
        putBigEndian(m_traceId.data() + 8, (hi | lo) ? lo : 1);
    }
    const TraceId &traceId() const { return m_traceId; }
    //! The next span id: one more than the last, skipping zero (which means "no id").
    SpanId nextSpanId()
    {
        if (++m_nextSpanId == 0)
            ++m_nextSpanId;
        SpanId id;
        putBigEndian(id.data(), m_nextSpanId);
        return id;
    }

    static ValueKind valueKind(const QVariant &value)
    {
        switch (value.metaType().id()) {
        case QMetaType::UnknownType: case QMetaType::Nullptr:
            return ValueKind::Null;
        case QMetaType::Bool:
            return ValueKind::Bool;
        case QMetaType::Int: case QMetaType::UInt: case QMetaType::Long: case QMetaType::Short:
        case QMetaType::UShort: case QMetaType::Char: case QMetaType::SChar: case QMetaType::UChar:
        case QMetaType::LongLong:
            return ValueKind::Integer;
        case QMetaType::ULong: case QMetaType::ULongLong:
            return ValueKind::Unsigned64;
        case QMetaType::Double: case QMetaType::Float:
            return ValueKind::Double;
        case QMetaType::QJsonValue: case QMetaType::QJsonObject: case QMetaType::QJsonArray:
        case QMetaType::QJsonDocument:
            return ValueKind::Json;
        case QMetaType::QString:
            return ValueKind::String;
        case QMetaType::QVariantList: case QMetaType::QStringList: case QMetaType::QByteArrayList:
            return ValueKind::List;
        case QMetaType::QByteArray: case QMetaType::QUrl:
            return ValueKind::Text;
        case QMetaType::QVariantMap: case QMetaType::QVariantHash:
            return ValueKind::Map;
        case QMetaType::QUuid: case QMetaType::QDateTime:
            return ValueKind::FixedText;
        default:
            return ValueKind::Other;
        }
    }

    //! The text of a Text or FixedText value: bytes as UTF-8 (invalid sequences become U+FFFD),
    //! a URL without its user info, a UUID without braces, a time in UTC with milliseconds.
    static QString valueText(const QVariant &value)
    {
        switch (value.metaType().id()) {
        case QMetaType::QByteArray:
            return QString::fromUtf8(value.toByteArray());
        case QMetaType::QUrl:
            return value.toUrl().adjusted(QUrl::RemoveUserInfo).toString();
        case QMetaType::QUuid:
            return value.toUuid().toString(QUuid::WithoutBraces);
        default:
            return value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
        }
    }

    //! Qt's text for a value of kind Other (pointers, custom types), if it has one.
    static std::optional<QString> convertedText(const QVariant &value)
    {
        QVariant copy = value;
        if (copy.canConvert<QString>() && copy.convert(QMetaType::fromType<QString>()))
            return copy.toString();
        return std::nullopt;
    }

    //! What stands for a value that has no text at all; the value is lost, so it counts as cut.
    QString unsupportedTypeMarker(const QVariant &value)
    {
        ++m_truncated;
        return QStringLiteral("[unsupported type ") + QString::fromLatin1(value.typeName()) + QLatin1Char(']');
    }

    //! True, counting the value as cut, when a list or map at \a depth is nested too deep to be written.
    bool isTooDeep(int depth)
    {
        if (depth < m_limits.maxDepth)
            return false;
        ++m_truncated;
        return true;
    }

    //! Keys are never cut (that could make two keys equal): empty or over-long keys are left out.
    bool isUsableKey(const QString &key) const { return !key.isEmpty() && key.size() <= m_limits.maxStringLength; }

    //! \a text cut to \a maxLength (see truncated()), counting the cut.
    QStringView limited(QStringView text, int maxLength)
    {
        const QStringView cut = truncated(text, maxLength);
        if (cut.size() != text.size())
            ++m_truncated;
        return cut;
    }

    void writeLimitedString(JsonWriter &w, QStringView text, int maxLength) { w.string(limited(text, maxLength)); }

    //! An id (TraceId or SpanId) as a quoted lower-case hex string, as OTLP JSON carries ids.
    template<std::size_t N>
    static void writeHexId(JsonWriter &w, const std::array<char, N> &id)
    {
        char buf[2 * N + 2];
        buf[0] = '"';
        for (std::size_t i = 0; i < N; ++i) {
            buf[1 + 2 * i] = hexDigits[uchar(id[i]) >> 4];
            buf[2 + 2 * i] = hexDigits[uchar(id[i]) & 0xf];
        }
        buf[2 * N + 1] = '"';
        w.raw(QByteArrayView(buf, qsizetype(sizeof buf)));
    }

    //! The span name an item gets: errors share one, events keep theirs (cut).
    QStringView spanName(const Record &r)
    {
        if (r.kind == Record::Kind::Error)
            return u"automagik.error";
        return limited(r.name, m_limits.maxStringLength);
    }

    //! A metric's unit: its string attribute "unit", cut to OTel's 63 characters; empty when there is none.
    QStringView metricUnit(const Record &r)
    {
        const auto it = r.attributes.constFind(QStringLiteral("unit"));
        if (it == r.attributes.cend() || it->metaType().id() != QMetaType::QString)
            return {};
        return limited(*static_cast<const QString *>(it->constData()), 63);
    }

    //! The index of a metric's type in MetricType's order; a type outside the enum (a cast in the
    //! caller's code) is a gauge, as Telemetry::trackMetric() makes it.
    static int metricTypeIndex(const Record &r)
    {
        const int type = int(r.metricType);
        return type >= 0 && type <= int(MetricType::Histogram) ? type : int(MetricType::Gauge);
    }

    // What the list and map helpers write between elements, and how much they have written.
    static void separate(JsonWriter &w) { w.raw(','); }
    static void separate(ProtobufWriter &) {}
    static qsizetype written(JsonWriter &w) { return w.buffer().size(); }
    static qsizetype written(ProtobufWriter &w) { return w.size(); }

    /*!
        Writes the elements of \a list, comma-separated, with \a writeElement(value): at most
        maxCollectionSize of them (a longer list counts as cut), and none once the output is
        past \a budget bytes.
    */
    template<typename Writer, typename WriteElement>
    void writeListElements(Writer &w, const QVariantList &list, qsizetype budget, WriteElement writeElement)
    {
        const int n = int(qMin<qsizetype>(list.size(), m_limits.maxCollectionSize));
        if (n < list.size())
            ++m_truncated;
        for (int i = 0; i < n && written(w) <= budget; ++i) {
            if (i)
                separate(w);
            writeElement(list.at(i));
        }
    }

    enum class MapKeys { All, UsableOnly };

    /*!
        Writes the entries of \a map in key order, comma-separated, with \a writeEntry(key, value):
        at most maxCollectionSize of them, none once the output is past \a budget bytes, and with
        MapKeys::UsableOnly none whose key is not isUsableKey(). A map not written whole counts as cut.
    */
    template<typename Writer, typename WriteEntry>
    void writeMapEntries(Writer &w, const QVariantMap &map, qsizetype budget, MapKeys keys, WriteEntry writeEntry)
    {
        int entries = 0;
        for (auto it = map.cbegin();
             it != map.cend() && entries < m_limits.maxCollectionSize && written(w) <= budget; ++it) {
            if (keys == MapKeys::UsableOnly && !isUsableKey(it.key()))
                continue;
            if (entries++)
                separate(w);
            writeEntry(it.key(), it.value());
        }
        if (entries < map.size())
            ++m_truncated;
    }

    /*!
        Writes a record's attributes, comma-separated, with \a writeAttribute(key, value): \a first
        in order, then the entries of \a attributes whose keys are not among them. Returns how many
        were left out: those past maxAttributeCount, and those without a usable key.
    */
    template<typename Writer, typename WriteAttribute>
    int writeAttributeEntries(Writer &w, const QVariantMap &attributes, const QList<Attribute> &first,
                              WriteAttribute writeAttribute)
    {
        int kept = 0;
        int skipped = 0;
        auto write = [&](const QString &key, const QVariant &value) {
            if (!isUsableKey(key) || kept >= m_limits.maxAttributeCount) {
                ++skipped;
                return;
            }
            if (kept++)
                separate(w);
            writeAttribute(key, value);
        };
        for (const Attribute &attribute : first)
            write(attribute.first, attribute.second);
        for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
            const QString &key = it.key();
            const bool alreadyWritten = std::any_of(first.cbegin(), first.cend(),
                                                    [&key](const Attribute &a) { return a.first == key; });
            if (!alreadyWritten)
                write(key, it.value());
        }
        return skipped;
    }

    /*!
        The attributes an error record leads with, so that a large context cannot push them past
        the attribute limit: the SDKs' error_type and error_message (which the record's own
        attributes may override, as there) and OpenTelemetry's exception.type and exception.message.
        \a message is the record's message, already cut to maxErrorMessageLength.
    */
    static QList<Attribute> errorAttributes(const Record &r, const QString &message)
    {
        const QString type = r.name.isEmpty() ? QStringLiteral("Error") : r.name;
        const QString typeKey = QStringLiteral("error_type");
        const QString messageKey = QStringLiteral("error_message");
        return {{typeKey, r.attributes.value(typeKey, type)},
                {messageKey, r.attributes.value(messageKey, message)},
                {QStringLiteral("exception.type"), type},
                {QStringLiteral("exception.message"), message}};
    }

    //! Writes \a count records with \a writeRecord (the encoder's writer for their signal), \a separator between them.
    template<typename WriteRecord>
    static void writeRecords(JsonWriter &w, const Record *records, std::size_t count, char separator,
                             WriteRecord writeRecord)
    {
        for (std::size_t i = 0; i < count; ++i) {
            if (i)
                w.raw(separator);
            writeRecord(records[i]);
        }
    }

    static constexpr char hexDigits[] = "0123456789abcdef";

    EncoderLimits m_limits;
    std::mt19937_64 m_random;
    qint64 m_truncated = 0;

private:
    static void putBigEndian(char *out, quint64 value)
    {
        for (int i = 0; i < 8; ++i)
            out[i] = char(value >> (56 - 8 * i)); // big-endian: the hex form of a span id counts up
    }

    TraceId m_traceId{};
    quint64 m_nextSpanId = 0;
};

} // namespace Automagik::Internal
