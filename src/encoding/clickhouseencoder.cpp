// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/clickhouseencoder.h"

#include "encoding/jsonwriter.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonValue>
#include <QtCore/QRandomGenerator>
#include <QtCore/QUrlQuery>
#include <QtCore/QUuid>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace Automagik::Internal {

namespace {

const char hexDigits[] = "0123456789abcdef";

QString resourceValue(const EncoderResource &resource, QLatin1String key)
{
    for (const auto &[k, v] : resource.attributes) {
        if (k == key)
            return v;
    }
    return {};
}

void writeColumn(JsonWriter &w, const char *name, const QString &value)
{
    w.raw(",\"");
    w.raw(name);
    w.raw("\":");
    w.string(value);
}

QString doubleText(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
    char buf[32];
    const auto result = std::to_chars(buf, buf + sizeof(buf), value); // shortest round trip: 3.0 gives "3"
    return QString::fromLatin1(buf, int(result.ptr - buf));
}

// An integral double that an Int64 column holds exactly (2^63 itself does not fit).
bool fitsInt64(double value)
{
    return std::isfinite(value) && std::trunc(value) == value && value >= -9223372036854775808.0
        && value < 9223372036854775808.0;
}

bool isHexId(const QString &text, int length)
{
    if (text.size() != length)
        return false;
    bool allZero = true;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        const bool digit = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!digit)
            return false;
        allZero = allZero && u == u'0';
    }
    return !allZero;
}

} // namespace

ClickHouseEncoder::ClickHouseEncoder(const EncoderResource &resource, const EncoderLimits &limits)
    : m_limits(limits)
{
    std::seed_seq seed{QRandomGenerator::system()->generate(), QRandomGenerator::system()->generate(),
                       QRandomGenerator::system()->generate(), QRandomGenerator::system()->generate()};
    m_random.seed(seed);

    // The resource-derived columns, as the seeds' transform reads them from the OTLP resource
    // (REFERENCE §6.3/6.4), but from the resource the Qt client really sends: user_id, session_id,
    // os_* and runtime_* are filled (always empty in the other SDKs' rows).
    auto value = [&resource](const char *key) { return resourceValue(resource, QLatin1String(key)); };
    const QString serviceName = value("service.name");
    QString projectName = value("project.name");
    if (projectName.isEmpty())
        projectName = serviceName;
    const QString environment = value("deployment.environment");

    JsonWriter t(m_traceResourceJson);
    writeColumn(t, "service_name", serviceName.isEmpty() ? QStringLiteral("unknown") : serviceName);
    writeColumn(t, "project_name", projectName);
    writeColumn(t, "project_version", value("project.version"));
    writeColumn(t, "environment", environment.isEmpty() ? QStringLiteral("production") : environment);
    writeColumn(t, "hostname", value("host.name"));
    writeColumn(t, "user_id", value("user.id"));
    writeColumn(t, "session_id", value("session.id"));
    writeColumn(t, "os_type", value("os.type"));
    writeColumn(t, "os_version", value("os.version"));
    writeColumn(t, "runtime_name", value("process.runtime.name"));
    writeColumn(t, "runtime_version", value("process.runtime.version"));
    writeColumn(t, "cloud_provider", value("cloud.provider"));
    writeColumn(t, "cloud_region", value("cloud.region"));
    writeColumn(t, "cloud_availability_zone", value("cloud.availability_zone"));
    writeColumn(t, "instrumentation_library_name", value("telemetry.sdk.name"));
    writeColumn(t, "instrumentation_library_version", value("telemetry.sdk.version"));

    m_signalResourceJson = m_traceResourceJson;
    JsonWriter s(m_signalResourceJson);
    writeColumn(s, "service_namespace", value("service.namespace"));
    writeColumn(s, "service_instance_id", value("service.instance.id"));
    writeColumn(s, "schema_url", QString());
}

// --- identifiers, URL, headers, errors -------------------------------------------------------

bool ClickHouseEncoder::isValidIdentifier(const QString &name)
{
    if (name.isEmpty() || name.size() > MaxIdentifierLength)
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
        const bool digit = c >= u'0' && c <= u'9';
        if (!(letter || (digit && i > 0)))
            return false;
    }
    return true;
}

QUrl ClickHouseEncoder::insertUrl(const QUrl &endpoint, const QString &database, const QString &table)
{
    if (!isValidIdentifier(database) || !isValidIdentifier(table))
        return {};
    const QString scheme = endpoint.scheme().toLower();
    if (!endpoint.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || endpoint.host().isEmpty())
        return {};

    QUrl url = endpoint.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment);
    if (url.path().isEmpty())
        url.setPath(QStringLiteral("/"));
    // Keep the endpoint's own parameters (a proxy's, or ClickHouse settings), but never credentials
    // and never a second query.
    QUrlQuery query(url);
    for (const char *name : {"query", "user", "password"})
        query.removeAllQueryItems(QLatin1String(name));
    query.addQueryItem(QStringLiteral("query"),
                       QStringLiteral("INSERT INTO ") + database + QLatin1Char('.') + table
                           + QStringLiteral(" FORMAT JSONEachRow"));
    url.setQuery(query);
    return url;
}

QList<QPair<QByteArray, QByteArray>> ClickHouseEncoder::authHeaders(const QString &user, const QString &password)
{
    if (user.isEmpty())
        return {};
    auto headerValue = [](const QString &text) {
        QByteArray bytes = text.toUtf8();
        bytes.removeIf([](char c) { return c == '\r' || c == '\n' || c == '\0'; });
        return bytes;
    };
    return {{QByteArrayLiteral("X-ClickHouse-User"), headerValue(user)},
            {QByteArrayLiteral("X-ClickHouse-Key"), headerValue(password)}};
}

QString ClickHouseEncoder::errorText(const QByteArray &responseBody)
{
    // Read a little more than we keep: white space collapses, and a huge body is never decoded whole.
    QString text = QString::fromUtf8(responseBody.left(MaxErrorTextLength * 8));
    for (QChar &c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029)
            c = QLatin1Char(' ');
    }
    text = text.simplified();
    if (text.size() > MaxErrorTextLength) {
        text = OtlpJsonEncoder::truncated(text, MaxErrorTextLength - 3).toString() + QStringLiteral("...");
    }
    return text;
}

int ClickHouseEncoder::exceptionCode(const QByteArray &responseBody)
{
    const QByteArray head = responseBody.left(64).trimmed();
    if (!head.startsWith("Code: "))
        return 0;
    qsizetype end = 6;
    while (end < head.size() && end < 12 && head.at(end) >= '0' && head.at(end) <= '9')
        ++end;
    bool ok = false;
    const int code = head.mid(6, end - 6).toInt(&ok);
    return ok && end < head.size() && head.at(end) == '.' ? code : 0;
}

bool ClickHouseEncoder::isTransientException(int code)
{
    switch (code) {
    case 159: // TIMEOUT_EXCEEDED
    case 202: // TOO_MANY_SIMULTANEOUS_QUERIES
    case 203: // NO_FREE_CONNECTION
    case 209: // SOCKET_TIMEOUT
    case 210: // NETWORK_ERROR
    case 241: // MEMORY_LIMIT_EXCEEDED
    case 242: // TABLE_IS_READ_ONLY (a replica lost Keeper for a while)
    case 252: // TOO_MANY_PARTS (inserts faster than merges)
    case 285: // TOO_FEW_LIVE_REPLICAS
    case 319: // UNKNOWN_STATUS_OF_INSERT
    case 439: // CANNOT_SCHEDULE_TASK
    case 999: // KEEPER_EXCEPTION
        return true;
    default:
        return false;
    }
}

// --- values ------------------------------------------------------------------------------------

void ClickHouseEncoder::writeLimitedString(JsonWriter &w, QStringView text, int maxLength)
{
    const QStringView cut = OtlpJsonEncoder::truncated(text, maxLength);
    if (cut.size() != text.size())
        ++m_truncated;
    w.string(cut);
}

void ClickHouseEncoder::writeHexId(JsonWriter &w, int bytes)
{
    char buf[34];
    int n = 0;
    buf[n++] = '"';
    bool allZero = true;
    for (int i = 0; i < bytes; i += 8) {
        const quint64 v = m_random();
        allZero = allZero && v == 0;
        for (int b = 0; b < 8 && i + b < bytes; ++b) {
            const unsigned byte = unsigned(v >> (8 * b)) & 0xffu;
            buf[n++] = hexDigits[byte >> 4];
            buf[n++] = hexDigits[byte & 0xf];
        }
    }
    if (allZero)
        buf[n - 1] = '1'; // an all-zero id means "no id" in OpenTelemetry
    buf[n++] = '"';
    w.raw(QByteArrayView(buf, n));
}

void ClickHouseEncoder::writeUuid(JsonWriter &w)
{
    // A random (version 4, RFC 4122 variant) UUID in canonical lower-case form, as the seeds' metric_id/log_id.
    quint64 hi = m_random();
    quint64 lo = m_random();
    hi = (hi & ~quint64(0xf000)) | quint64(0x4000);
    lo = (lo & ~(quint64(0xc) << 60)) | (quint64(0x8) << 60);
    char buf[38];
    int n = 0;
    buf[n++] = '"';
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            buf[n++] = '-';
        const quint64 word = i < 16 ? hi : lo;
        const int shift = 60 - 4 * (i % 16);
        buf[n++] = hexDigits[(word >> shift) & 0xf];
    }
    buf[n++] = '"';
    w.raw(QByteArrayView(buf, n));
}

void ClickHouseEncoder::writeTimeColumns(JsonWriter &w, const char *name, qint64 unixNano)
{
    // DateTime: Unix seconds, so the instant does not depend on the server's time zone; the
    // column's range is 1970..2106. The nanosecond column keeps the full precision.
    const qint64 ns = qMax<qint64>(0, unixNano);
    const qint64 seconds = qMin<qint64>(ns / 1000000000, std::numeric_limits<quint32>::max());
    w.raw(",\"");
    w.raw(name);
    w.raw("\":");
    w.integer(seconds);
    w.raw(",\"");
    w.raw(name);
    w.raw("_ns\":");
    w.integer(ns);
}

void ClickHouseEncoder::writePlainJson(JsonWriter &w, const QVariant &value, int depth, qsizetype budget)
{
    const int type = value.metaType().id();
    const bool isList = type == QMetaType::QVariantList || type == QMetaType::QStringList
        || type == QMetaType::QByteArrayList;
    const bool isMap = type == QMetaType::QVariantMap || type == QMetaType::QVariantHash;
    if (type == QMetaType::QJsonValue || type == QMetaType::QJsonObject || type == QMetaType::QJsonArray
        || type == QMetaType::QJsonDocument) {
        writePlainJson(w, value.toJsonValue().toVariant(), depth, budget);
        return;
    }
    if (isList || isMap) {
        if (depth >= m_limits.maxDepth) {
            ++m_truncated;
            w.string(u"[nested too deep]");
            return;
        }
        if (isList) {
            const QVariantList list = value.toList();
            const int n = int(qMin<qsizetype>(list.size(), m_limits.maxCollectionSize));
            if (n < list.size())
                ++m_truncated;
            w.raw('[');
            for (int i = 0; i < n && w.buffer().size() <= budget; ++i) {
                if (i)
                    w.raw(',');
                writePlainJson(w, list.at(i), depth + 1, budget);
            }
            w.raw(']');
        } else {
            const QVariantMap map = value.toMap(); // a QVariantHash becomes a map: stable key order
            int written = 0;
            w.raw('{');
            for (auto it = map.cbegin(); it != map.cend() && written < m_limits.maxCollectionSize
                 && w.buffer().size() <= budget;
                 ++it) {
                if (written++)
                    w.raw(',');
                writeLimitedString(w, it.key(), m_limits.maxStringLength);
                w.raw(':');
                writePlainJson(w, it.value(), depth + 1, budget);
            }
            if (written < map.size())
                ++m_truncated;
            w.raw('}');
        }
        return;
    }
    switch (type) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        w.raw("null");
        return;
    case QMetaType::Bool:
        w.boolean(value.toBool());
        return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::LongLong:
        w.integer(value.toLongLong());
        return;
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        w.raw(QString::number(value.toULongLong()).toLatin1());
        return;
    case QMetaType::Double:
    case QMetaType::Float:
        w.number(value.toDouble()); // non-finite values as the strings "NaN", "Infinity"
        return;
    default:
        break;
    }
    QString text;
    appendFlattened(text, value);
    writeLimitedString(w, text, m_limits.maxStringLength);
}

void ClickHouseEncoder::appendFlattened(QString &out, const QVariant &value)
{
    const int type = value.metaType().id();
    switch (type) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return; // no value: an empty string
    case QMetaType::Bool:
        out += value.toBool() ? QLatin1String("true") : QLatin1String("false");
        return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::LongLong:
        out += QString::number(value.toLongLong());
        return;
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        out += QString::number(value.toULongLong());
        return;
    case QMetaType::Double:
    case QMetaType::Float:
        out += doubleText(value.toDouble());
        return;
    case QMetaType::QString:
        out += *static_cast<const QString *>(value.constData());
        return;
    case QMetaType::QByteArray:
        out += QString::fromUtf8(value.toByteArray()); // invalid UTF-8 becomes U+FFFD
        return;
    case QMetaType::QUrl:
        out += value.toUrl().adjusted(QUrl::RemoveUserInfo).toString();
        return;
    case QMetaType::QUuid:
        out += value.toUuid().toString(QUuid::WithoutBraces);
        return;
    case QMetaType::QDateTime:
        out += value.toDateTime().toUTC().toString(Qt::ISODateWithMs);
        return;
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
        appendFlattened(out, value.toJsonValue().toVariant());
        return;
    default:
        break;
    }
    const bool isList = type == QMetaType::QVariantList || type == QMetaType::QStringList
        || type == QMetaType::QByteArrayList;
    const bool isMap = type == QMetaType::QVariantMap || type == QMetaType::QVariantHash;
    if (isList || isMap) {
        // A Map(String, String) holds text only: lists and maps go in as compact JSON.
        QByteArray json;
        JsonWriter w(json);
        writePlainJson(w, value, 0, qsizetype(m_limits.maxStringLength) * 4);
        out += QString::fromUtf8(json);
        return;
    }
    // Types with no text form of their own: Qt's conversion if there is one, else a marker.
    QVariant copy = value;
    if (copy.canConvert<QString>() && copy.convert(QMetaType::fromType<QString>())) {
        out += copy.toString();
        return;
    }
    ++m_truncated;
    out += QStringLiteral("[unsupported type ") + QString::fromLatin1(value.typeName()) + QLatin1Char(']');
}

QString ClickHouseEncoder::flattenedValue(const QVariant &value)
{
    QString text;
    appendFlattened(text, value);
    if (text.size() > m_limits.maxStringLength) {
        ++m_truncated;
        text = OtlpJsonEncoder::truncated(text, m_limits.maxStringLength).toString();
    }
    return text;
}

void ClickHouseEncoder::writeAttributeMap(JsonWriter &w, const QVariantMap &attributes, const QList<Attribute> &first)
{
    w.raw(",\"attributes\":{");
    int written = 0;
    auto write = [&](const QString &key, const QVariant &value) {
        if (!isUsableKey(key) || written >= m_limits.maxAttributeCount) {
            ++m_truncated;
            return;
        }
        if (written++)
            w.raw(',');
        w.string(key);
        w.raw(':');
        w.string(flattenedValue(value));
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
    w.raw('}');
}

bool ClickHouseEncoder::looksLikeJson(QStringView text)
{
    // What the seeds call JSON: any text that json.loads()/JSON.parse() accept ("{...}", "[...]",
    // "123", "true", "null", "\"s\""). Wrapped in [ ] so that QJsonDocument takes scalars too,
    // and a single element so that "1,2" is not.
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return false;
    const char16_t c = trimmed.front().unicode();
    const bool plausible = c == u'{' || c == u'[' || c == u'"' || c == u'-' || (c >= u'0' && c <= u'9')
        || c == u't' || c == u'f' || c == u'n';
    if (!plausible)
        return false;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson('[' + trimmed.toUtf8() + ']', &error);
    return error.error == QJsonParseError::NoError && doc.isArray() && doc.array().size() == 1;
}

// --- rows --------------------------------------------------------------------------------------

void ClickHouseEncoder::writeTraceRow(JsonWriter &w, const Record &r)
{
    const bool isError = r.kind == Record::Kind::Error;
    w.raw("{\"trace_id\":");
    writeHexId(w, 16);
    w.raw(",\"span_id\":");
    writeHexId(w, 8);
    w.raw(",\"parent_span_id\":\"\"");
    writeTimeColumns(w, "timestamp", r.timeUnixNano);
    w.raw(",\"duration_ms\":0,\"span_name\":"); // every event is a point in time
    if (isError)
        w.raw("\"automagik.error\"");
    else if (r.name.isEmpty())
        w.raw("\"unknown\"");
    else
        writeLimitedString(w, r.name, m_limits.maxStringLength);
    w.raw(",\"span_kind\":\"INTERNAL\"");
    if (isError) {
        // As the OTLP encoder: the SDKs' error_type/error_message (the context may override them),
        // OpenTelemetry's exception.*, and an error status the dashboards' error counts see.
        const QString type = r.name.isEmpty() ? QStringLiteral("Error") : r.name;
        const QString message = OtlpJsonEncoder::truncated(r.message, m_limits.maxErrorMessageLength).toString();
        if (message.size() != r.message.size())
            ++m_truncated;
        w.raw(",\"status_code\":\"ERROR\",\"status_message\":");
        w.string(message);
        const QString typeKey = QStringLiteral("error_type");
        const QString messageKey = QStringLiteral("error_message");
        writeAttributeMap(w, r.attributes,
                          {{typeKey, r.attributes.value(typeKey, type)},
                           {messageKey, r.attributes.value(messageKey, message)},
                           {QStringLiteral("exception.type"), type},
                           {QStringLiteral("exception.message"), message}});
    } else {
        w.raw(",\"status_code\":\"OK\",\"status_message\":\"\"");
        writeAttributeMap(w, r.attributes);
    }
    w.raw(m_traceResourceJson);
    w.raw('}');
}

void ClickHouseEncoder::writeMetricRow(JsonWriter &w, const Record &r)
{
    w.raw("{\"metric_id\":");
    writeUuid(w);
    w.raw(",\"metric_name\":");
    writeLimitedString(w, r.name, m_limits.maxStringLength);
    const char *type = "GAUGE";
    const char *temporality = "UNSPECIFIED";
    switch (r.metricType) {
    case MetricType::Gauge:
        break;
    case MetricType::Counter:
        type = "SUM"; // each call is an increment: a monotonic delta sum
        temporality = "DELTA";
        break;
    case MetricType::Histogram:
        type = "HISTOGRAM"; // one observation per call, as the OTLP encoder's delta histogram point
        temporality = "DELTA";
        break;
    }
    w.raw(",\"metric_type\":\"");
    w.raw(type);
    w.raw("\",\"metric_unit\":");
    const QVariant unit = r.attributes.value(QStringLiteral("unit"));
    if (unit.metaType().id() == QMetaType::QString)
        writeLimitedString(w, unit.toString(), 63); // OTel instrument units are at most 63 characters
    else
        w.raw("\"\"");
    w.raw(",\"metric_description\":\"\"");
    writeTimeColumns(w, "timestamp", r.timeUnixNano);
    const qint64 seconds = qMin<qint64>(qMax<qint64>(0, r.timeUnixNano) / 1000000000,
                                        std::numeric_limits<quint32>::max());
    w.raw(",\"time_window_start\":");
    w.integer(seconds);
    w.raw(",\"time_window_end\":");
    w.integer(seconds);
    // As the seeds: an integral value goes to value_int (value_double 0), any other to value_double,
    // so value_int + value_double is the value for every client's rows.
    const bool integral = fitsInt64(r.value);
    w.raw(",\"value_int\":");
    w.integer(integral ? qint64(r.value) : 0);
    w.raw(",\"value_double\":");
    w.number(integral ? 0.0 : r.value);
    w.raw(",\"is_monotonic\":");
    w.raw(r.metricType == MetricType::Counter ? '1' : '0');
    w.raw(",\"aggregation_temporality\":\"");
    w.raw(temporality);
    w.raw('"');
    if (r.metricType == MetricType::Histogram) {
        // The observation as a one-sample distribution (the seeds leave these columns 0).
        w.raw(",\"histogram_count\":1,\"histogram_sum\":");
        w.number(r.value);
        w.raw(",\"histogram_min\":");
        w.number(r.value);
        w.raw(",\"histogram_max\":");
        w.number(r.value);
        w.raw(",\"histogram_bucket_counts\":[1]");
    } else {
        w.raw(",\"histogram_count\":0,\"histogram_sum\":0,\"histogram_min\":0,\"histogram_max\":0,"
              "\"histogram_bucket_counts\":[]");
    }
    w.raw(",\"histogram_explicit_bounds\":[],\"summary_count\":0,\"summary_sum\":0,\"quantile_values\":{}");
    writeAttributeMap(w, r.attributes);
    w.raw(m_signalResourceJson);
    w.raw('}');
}

void ClickHouseEncoder::writeLogRow(JsonWriter &w, const Record &r)
{
    w.raw("{\"log_id\":");
    writeUuid(w);
    // Correlation ids only when the caller passed real ones (the Python SDK reads these attributes).
    auto idAttribute = [&r](const char *key, int length) {
        const QVariant v = r.attributes.value(QLatin1String(key));
        const QString text = v.metaType().id() == QMetaType::QString ? v.toString() : QString();
        return isHexId(text, length) ? text.toLower() : QString();
    };
    w.raw(",\"trace_id\":");
    w.string(idAttribute("trace_id", 32));
    w.raw(",\"span_id\":");
    w.string(idAttribute("span_id", 16));
    writeTimeColumns(w, "timestamp", r.timeUnixNano);
    writeTimeColumns(w, "observed_timestamp", r.timeUnixNano); // observed when tracked
    w.raw(",\"severity_text\":");
    w.string(logSeverityToString(r.severity));
    w.raw(",\"severity_number\":");
    w.integer(qBound(0, int(r.severity), 255));
    const QStringView body = OtlpJsonEncoder::truncated(r.name, m_limits.maxLogBodyLength);
    if (body.size() != r.name.size())
        ++m_truncated;
    w.raw(",\"body\":");
    w.string(body);
    w.raw(",\"body_type\":");
    w.raw(body.isEmpty() ? "\"EMPTY\"" : looksLikeJson(body) ? "\"JSON\"" : "\"STRING\"");
    writeAttributeMap(w, r.attributes);
    auto attributeText = [&](const char *key) {
        const auto it = r.attributes.constFind(QLatin1String(key));
        return it == r.attributes.cend() ? QString() : flattenedValue(it.value());
    };
    const QString exceptionType = attributeText("exception.type");
    writeColumn(w, "exception_type", exceptionType);
    writeColumn(w, "exception_message", attributeText("exception.message"));
    writeColumn(w, "exception_stacktrace", attributeText("exception.stacktrace"));
    w.raw(",\"is_exception\":");
    w.raw(exceptionType.isEmpty() ? '0' : '1');
    w.raw(m_signalResourceJson);
    w.raw('}');
}

QByteArray ClickHouseEncoder::encode(TelemetrySignal signal, const Record *records, std::size_t count)
{
    QByteArray out;
    const std::size_t perRow = signal == TelemetrySignal::Traces ? 700 : 900;
    out.reserve(qsizetype(std::min<std::size_t>(count * (perRow + std::size_t(m_signalResourceJson.size())),
                                                64 * 1024 * 1024)));
    JsonWriter w(out);
    for (std::size_t i = 0; i < count; ++i) {
        if (i)
            w.raw('\n');
        switch (signal) {
        case TelemetrySignal::Traces:
            writeTraceRow(w, records[i]);
            break;
        case TelemetrySignal::Metrics:
            writeMetricRow(w, records[i]);
            break;
        case TelemetrySignal::Logs:
            writeLogRow(w, records[i]);
            break;
        }
    }
    return out;
}

} // namespace Automagik::Internal
