// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/clickhouseencoder.h"

#include "encoding/jsonwriter.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonValue>
#include <QtCore/QUrlQuery>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace Automagik::Internal {

namespace {

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
    : RecordEncoder(limits)
{
    // The resource-derived columns, as the seeds' transform reads them from the OTLP resource
    // (REFERENCE §6.3/6.4), but from the resource the Qt client really sends: user_id, session_id,
    // os_* and runtime_* are filled (always empty in the other SDKs' rows).
    auto value = [&resource](const char *key) { return resourceValue(resource, QLatin1String(key)); };
    const QString serviceName = value("service.name");
    QString projectName = value("project.name");
    if (projectName.isEmpty())
        projectName = serviceName;
    const QString environment = value("deployment.environment");

    // In the seeds' column order: the traces table has all but the last three.
    const QPair<const char *, QString> columns[] = {
        {"service_name", serviceName.isEmpty() ? QStringLiteral("unknown") : serviceName},
        {"project_name", projectName},
        {"project_version", value("project.version")},
        {"environment", environment.isEmpty() ? QStringLiteral("production") : environment},
        {"hostname", value("host.name")},
        {"user_id", value("user.id")},
        {"session_id", value("session.id")},
        {"os_type", value("os.type")},
        {"os_version", value("os.version")},
        {"runtime_name", value("process.runtime.name")},
        {"runtime_version", value("process.runtime.version")},
        {"cloud_provider", value("cloud.provider")},
        {"cloud_region", value("cloud.region")},
        {"cloud_availability_zone", value("cloud.availability_zone")},
        {"instrumentation_library_name", value("telemetry.sdk.name")},
        {"instrumentation_library_version", value("telemetry.sdk.version")},
        {"service_namespace", value("service.namespace")},
        {"service_instance_id", value("service.instance.id")},
        {"schema_url", QString()},
    };
    const std::size_t traceColumnCount = std::size(columns) - 3;
    JsonWriter traceWriter(m_traceResourceJson);
    JsonWriter signalWriter(m_signalResourceJson);
    for (std::size_t i = 0; i < std::size(columns); ++i) {
        if (i < traceColumnCount)
            writeColumn(traceWriter, columns[i].first, columns[i].second);
        writeColumn(signalWriter, columns[i].first, columns[i].second);
    }
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
        text = truncated(text, MaxErrorTextLength - 3).toString() + QStringLiteral("...");
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
    switch (const ValueKind kind = valueKind(value)) {
    case ValueKind::Null:
        w.raw("null");
        return;
    case ValueKind::Bool:
        w.boolean(value.toBool());
        return;
    case ValueKind::Integer:
        w.integer(value.toLongLong());
        return;
    case ValueKind::Unsigned64:
        w.raw(QString::number(value.toULongLong()).toLatin1());
        return;
    case ValueKind::Double:
        w.number(value.toDouble()); // non-finite values as the strings "NaN", "Infinity"
        return;
    case ValueKind::Json:
        writePlainJson(w, value.toJsonValue().toVariant(), depth, budget);
        return;
    case ValueKind::List:
    case ValueKind::Map:
        if (isTooDeep(depth)) {
            w.string(u"[nested too deep]");
        } else if (kind == ValueKind::List) {
            w.raw('[');
            writeListElements(w, value.toList(), budget,
                              [&](const QVariant &element) { writePlainJson(w, element, depth + 1, budget); });
            w.raw(']');
        } else {
            // Keys as any other text: cut, never left out (this is a value, not an attributes map).
            w.raw('{');
            writeMapEntries(w, value.toMap(), budget, MapKeys::All, [&](const QString &key, const QVariant &entry) {
                writeLimitedString(w, key, m_limits.maxStringLength);
                w.raw(':');
                writePlainJson(w, entry, depth + 1, budget);
            });
            w.raw('}');
        }
        return;
    case ValueKind::String:
    case ValueKind::Text:
    case ValueKind::FixedText:
    case ValueKind::Other:
        break;
    }
    QString text;
    appendFlattened(text, value);
    writeLimitedString(w, text, m_limits.maxStringLength);
}

void ClickHouseEncoder::appendFlattened(QString &out, const QVariant &value)
{
    switch (valueKind(value)) {
    case ValueKind::Null:
        return; // no value: an empty string
    case ValueKind::Bool:
        out += value.toBool() ? QLatin1String("true") : QLatin1String("false");
        return;
    case ValueKind::Integer:
        out += QString::number(value.toLongLong());
        return;
    case ValueKind::Unsigned64:
        out += QString::number(value.toULongLong());
        return;
    case ValueKind::Double:
        out += doubleText(value.toDouble());
        return;
    case ValueKind::String:
        out += *static_cast<const QString *>(value.constData());
        return;
    case ValueKind::Text:
    case ValueKind::FixedText:
        out += valueText(value);
        return;
    case ValueKind::Json:
        appendFlattened(out, value.toJsonValue().toVariant());
        return;
    case ValueKind::List:
    case ValueKind::Map: {
        // A Map(String, String) holds text only: lists and maps go in as compact JSON.
        QByteArray json;
        JsonWriter w(json);
        writePlainJson(w, value, 0, qsizetype(m_limits.maxStringLength) * 4);
        out += QString::fromUtf8(json);
        return;
    }
    case ValueKind::Other:
        // Types with no text form of their own: Qt's conversion if there is one, else a marker.
        if (const std::optional<QString> text = convertedText(value))
            out += *text;
        else
            out += unsupportedTypeMarker(value);
        return;
    }
}

QString ClickHouseEncoder::flattenedValue(const QVariant &value)
{
    QString text;
    appendFlattened(text, value);
    if (text.size() > m_limits.maxStringLength) {
        ++m_truncated;
        text = truncated(text, m_limits.maxStringLength).toString();
    }
    return text;
}

void ClickHouseEncoder::writeAttributeMap(JsonWriter &w, const QVariantMap &attributes, const QList<Attribute> &first)
{
    w.raw(",\"attributes\":{");
    m_truncated += writeAttributeEntries(w, attributes, first, [&](const QString &key, const QVariant &value) {
        w.string(key);
        w.raw(':');
        w.string(flattenedValue(value));
    });
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
    writeHexId(w, traceId());
    w.raw(",\"span_id\":");
    writeHexId(w, nextSpanId());
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
        // As the OTLP encoder: the error attributes first, and an error status the dashboards' error counts see.
        const QString message = truncated(r.message, m_limits.maxErrorMessageLength).toString();
        if (message.size() != r.message.size())
            ++m_truncated;
        w.raw(",\"status_code\":\"ERROR\",\"status_message\":");
        w.string(message);
        writeAttributeMap(w, r.attributes, errorAttributes(r, message));
    } else {
        w.raw(",\"status_code\":\"OK\",\"status_message\":\"\"");
        writeAttributeMap(w, r.attributes);
    }
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
    w.string(metricUnit(r));
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
        // The observation as a one-sample distribution, the value its sum, min and max (the seeds leave
        // these columns 0).
        for (const char *column :
             {",\"histogram_count\":1,\"histogram_sum\":", ",\"histogram_min\":", ",\"histogram_max\":"}) {
            w.raw(column);
            w.number(r.value);
        }
        w.raw(",\"histogram_bucket_counts\":[1]");
    } else {
        w.raw(",\"histogram_count\":0,\"histogram_sum\":0,\"histogram_min\":0,\"histogram_max\":0,"
              "\"histogram_bucket_counts\":[]");
    }
    w.raw(",\"histogram_explicit_bounds\":[],\"summary_count\":0,\"summary_sum\":0,\"quantile_values\":{}");
    writeAttributeMap(w, r.attributes);
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
    const QStringView body = truncated(r.name, m_limits.maxLogBodyLength);
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
}

QByteArray ClickHouseEncoder::encode(TelemetrySignal signal, const Record *records, std::size_t count)
{
    using RowWriter = void (ClickHouseEncoder::*)(JsonWriter &, const Record &);
    static constexpr RowWriter rowWriters[SignalCount] = {&ClickHouseEncoder::writeTraceRow,
                                                          &ClickHouseEncoder::writeMetricRow,
                                                          &ClickHouseEncoder::writeLogRow};
    const RowWriter writeRow = rowWriters[signalIndex(signal)];
    const bool isTrace = signal == TelemetrySignal::Traces;
    startTrace(); // one trace per request, as the OTLP encoders
    const QByteArray &resourceColumns = isTrace ? m_traceResourceJson : m_signalResourceJson;
    QByteArray out;
    const std::size_t perRow = isTrace ? 700 : 900;
    out.reserve(qsizetype(std::min<std::size_t>(count * (perRow + std::size_t(m_signalResourceJson.size())),
                                                64 * 1024 * 1024)));
    JsonWriter w(out);
    writeRecords(w, records, count, '\n', [&](const Record &r) {
        (this->*writeRow)(w, r);
        w.raw(resourceColumns); // every row ends with the resource's columns
        w.raw('}');
    });
    return out;
}

} // namespace Automagik::Internal
