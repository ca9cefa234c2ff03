// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include "encoding/recordencoder.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPair>
#include <QtCore/QString>
#include <QtCore/QUrl>

namespace Automagik::Internal {

/*
    Encodes batches of records as ClickHouse JSONEachRow bodies (one JSON
    object per line, lines joined by '\n') for the SDK family's ClickHouse
    schema (sql/clickhouse/): events and errors become rows of the traces
    table, each metric observation a row of the metrics table, each log
    record a row of the logs table. Every column the Python and TypeScript
    clients fill is filled, with the values those clients intended (see
    docs/backends.md for where they differ on purpose: 32-hex trace ids,
    error status, resource columns that are never empty).

    DateTime columns get Unix seconds (a JSON integer), which ClickHouse
    stores as that instant whatever the server's time zone; the zone-less
    UTC strings the other SDKs send shift with a non-UTC server.

    Lives on the worker thread; not thread-safe (it owns the id generator).
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT ClickHouseEncoder : public RecordEncoder
{
public:
    //! Identifiers longer than this are refused (ClickHouse's own limit is the file system's).
    static constexpr int MaxIdentifierLength = 128;

    explicit ClickHouseEncoder(const EncoderResource &resource, const EncoderLimits &limits = {});

    /*!
        Returns the JSONEachRow body for \a count records of \a signal: one
        line per record, no trailing newline; empty for an empty batch.
    */
    QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count);

    //! The Content-Type of encode()'s bodies.
    static QByteArray contentType() { return QByteArrayLiteral("application/x-ndjson"); }

    /*!
        True when \a name is a plain ClickHouse identifier: [A-Za-z_][A-Za-z0-9_]*,
        at most MaxIdentifierLength characters. Names are put into the INSERT
        query unquoted, so anything else (dots, quotes, backticks, spaces,
        semicolons, non-ASCII letters) is refused.
    */
    static bool isValidIdentifier(const QString &name);

    /*!
        Returns the URL that inserts into \a database.\a table: \a endpoint
        (its scheme, host, port and path kept; user info, fragment and any
        user/password query parameters removed, so no credential is ever in
        a URL) with the query parameter
        query=INSERT INTO database.table FORMAT JSONEachRow.
        Returns an invalid QUrl when either name is not a valid identifier or
        the endpoint is not an http(s) URL with a host.
    */
    static QUrl insertUrl(const QUrl &endpoint, const QString &database, const QString &table);

    /*!
        Returns the X-ClickHouse-User and X-ClickHouse-Key headers for \a user
        and \a password (none when \a user is empty: the server's default user
        applies). CR, LF and NUL cannot travel in a header and are removed, so
        such a credential fails to authenticate instead of splitting the request.
    */
    static QList<QPair<QByteArray, QByteArray>> authHeaders(const QString &user, const QString &password);

    /*!
        Returns ClickHouse's error text from a failed response body ("Code: 516.
        DB::Exception: ..."), on one line: control characters removed, runs
        of white space collapsed, at most MaxErrorTextLength characters
        (cut with "...").
    */
    static QString errorText(const QByteArray &responseBody);
    static constexpr int MaxErrorTextLength = 500;

    //! The exception code an error body starts with ("Code: 252. DB::Exception: ..."), 0 when there is none.
    static int exceptionCode(const QByteArray &responseBody);
    /*!
        True for ClickHouse exceptions that pass by themselves: the server is
        overloaded or busy merging (TOO_MANY_PARTS, MEMORY_LIMIT_EXCEEDED,
        TOO_MANY_SIMULTANEOUS_QUERIES, ...), a replica or Keeper is briefly
        away, or a network hop timed out. ClickHouse answers most of them with
        HTTP 500, which the OTLP rules would drop; a batch failing with one of
        these is worth retrying with backoff.
    */
    static bool isTransientException(int code);

    //! The text a value takes in a Map(String, String) attributes column (exposed for tests).
    QString flattenedValue(const QVariant &value);

private:
    // A row but for its last columns, the resource's, and its closing brace: encode() adds them.
    void writeTraceRow(JsonWriter &w, const Record &r);
    void writeMetricRow(JsonWriter &w, const Record &r);
    void writeLogRow(JsonWriter &w, const Record &r);
    void writeTimeColumns(JsonWriter &w, const char *name, qint64 unixNano);
    void writeUuid(JsonWriter &w);
    void writeAttributeMap(JsonWriter &w, const QVariantMap &attributes, const QList<Attribute> &first = {});
    void appendFlattened(QString &out, const QVariant &value);
    void writePlainJson(JsonWriter &w, const QVariant &value, int depth, qsizetype budget);
    static bool looksLikeJson(QStringView text);

    // Resource-derived columns, encoded once: ,"service_name":...,"instrumentation_library_version":...
    QByteArray m_traceResourceJson;
    QByteArray m_signalResourceJson; // metrics and logs: the trace set plus namespace, instance id, schema_url
};

} // namespace Automagik::Internal
