// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/otelenvironment.h"

#include "common/logging.h"
#include "delivery/httpsender.h"

#include <QtCore/QMutex>
#include <QtCore/QSet>
#include <QtCore/QStringDecoder>

namespace Automagik::Internal {

namespace {

constexpr const char *signalNames[] = {"TRACES", "METRICS", "LOGS"}; // TelemetrySignal order

QString variable(const char *prefix, const char *signal = nullptr, const char *suffix = nullptr)
{
    QString name = QLatin1String(prefix);
    if (signal)
        name += QLatin1Char('_') + QLatin1String(signal);
    if (suffix)
        name += QLatin1Char('_') + QLatin1String(suffix);
    return name;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// QByteArray::fromPercentEncoding() passes a stray '%' through; a malformed value must be noticed instead.
std::optional<QString> percentDecoded(const QString &text)
{
    const QByteArray in = text.toUtf8();
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in.at(i) != '%') {
            out += in.at(i);
            continue;
        }
        const int high = i + 2 < in.size() ? hexValue(in.at(i + 1)) : -1;
        const int low = high >= 0 ? hexValue(in.at(i + 2)) : -1;
        if (low < 0)
            return std::nullopt;
        out += char(high * 16 + low);
        i += 2;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless); // a cut sequence is an error too
    const QString decoded = decoder(out);
    if (decoder.hasError())
        return std::nullopt;
    return decoded;
}

bool isHeaderName(const QString &name)
{
    // An HTTP token (RFC 9110): what QNetworkRequest would otherwise send as given.
    static const QLatin1String extra("!#$%&'*+-.^_`|~");
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || extra.contains(c);
        if (!ok)
            return false;
    }
    return !name.isEmpty();
}

bool isHeaderValue(const QString &value)
{
    // A decoded CR or LF would start a header of its own.
    for (const QChar c : value) {
        if ((c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

// OTEL_EXPORTER_OTLP_HEADERS and the signals' own: one malformed entry discards the variable, as the
// specification asks of OTEL_RESOURCE_ATTRIBUTES. Values are never logged: they are tokens.
QMap<QByteArray, QByteArray> headersFrom(const QProcessEnvironment &env, const QString &name)
{
    const QString text = env.value(name);
    if (text.trimmed().isEmpty())
        return {};
    QString problem;
    const auto entries = OtelEnvironment::parseKeyValueList(text, &problem);
    QMap<QByteArray, QByteArray> headers;
    int position = 0;
    for (const auto &[key, value] : entries.value_or(QList<QPair<QString, QString>>{})) {
        ++position;
        // Entries are named by position only: a malformed one may hold a token ("Authorization: Bearer x=").
        if (!isHeaderName(key)) {
            problem = QStringLiteral("entry %1 has no valid header name").arg(position);
            break;
        }
        if (!isHeaderValue(value)) {
            problem = QStringLiteral("the value of entry %1 holds a control character").arg(position);
            break;
        }
        headers.insert(key.toLatin1(), value.toUtf8());
    }
    if (!problem.isEmpty()) {
        OtelEnvironment::warnOnce(QStringLiteral("%1 is malformed (%2): ignored, none of its headers is sent")
                                      .arg(name, problem));
        return {};
    }
    return headers;
}

// An http(s) URL, else a warning; the value is kept either way (see OtelSettings).
std::optional<QUrl> endpointFrom(const QProcessEnvironment &env, const QString &name)
{
    const QString text = env.value(name).trimmed();
    if (text.isEmpty())
        return std::nullopt;
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty())
        OtelEnvironment::warnOnce(QStringLiteral("%1 is not an http or https URL with a host: nothing is sent until it "
                                                 "is corrected (there is no fallback to the default endpoint)")
                                      .arg(name));
    return url;
}

QUrl withSignalPath(QUrl base, const char *signal)
{
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    base.setPath(path + QStringLiteral("/v1/") + QString::fromLatin1(signal).toLower());
    return base;
}

// A file a TLS variable names, if it holds what it should; else a warning and nothing.
QString tlsFileFrom(const QProcessEnvironment &env, const char *name, bool isKey)
{
    const QString path = env.value(QLatin1String(name)).trimmed();
    if (path.isEmpty())
        return {};
    const bool usable = isKey ? TlsFiles::canReadPrivateKey(path) : !TlsFiles::certificates(path).isEmpty();
    if (usable)
        return path;
    OtelEnvironment::warnOnce(QStringLiteral("%1: cannot read %2 from \"%3\": ignored")
                                  .arg(QLatin1String(name),
                                       isKey ? QStringLiteral("an unencrypted PEM private key")
                                             : QStringLiteral("a PEM certificate"),
                                       path));
    return {};
}

void warnAboutUnsupportedSignalVariables(const QProcessEnvironment &env)
{
    // One exporter configuration serves the three signals: the signals' own variants would be half-applied.
    for (const char *setting : {"PROTOCOL", "COMPRESSION", "TIMEOUT", "CERTIFICATE", "CLIENT_CERTIFICATE", "CLIENT_KEY"}) {
        for (const char *signal : signalNames) {
            const QString name = variable("OTEL_EXPORTER_OTLP", signal, setting);
            if (env.contains(name))
                OtelEnvironment::warnOnce(QStringLiteral("%1 is not supported: ignored (%2 applies to every signal)")
                                              .arg(name, variable("OTEL_EXPORTER_OTLP", nullptr, setting)));
        }
    }
}

} // namespace

OtelSettings OtelEnvironment::read(const QProcessEnvironment &env)
{
    OtelSettings s;

    const std::optional<QUrl> base = endpointFrom(env, QStringLiteral("OTEL_EXPORTER_OTLP_ENDPOINT"));
    for (int i = 0; i < 3; ++i) {
        s.endpoints[i] = endpointFrom(env, variable("OTEL_EXPORTER_OTLP", signalNames[i], "ENDPOINT"));
        if (!s.endpoints[i] && base)
            s.endpoints[i] = withSignalPath(*base, signalNames[i]);
        s.signalHeaders[i] = headersFrom(env, variable("OTEL_EXPORTER_OTLP", signalNames[i], "HEADERS"));
    }
    s.headers = headersFrom(env, QStringLiteral("OTEL_EXPORTER_OTLP_HEADERS"));

    const QString protocol = env.value(QStringLiteral("OTEL_EXPORTER_OTLP_PROTOCOL")).trimmed().toLower();
    if (protocol == QLatin1String("http/json"))
        s.protocol = OtlpProtocol::HttpJson;
    else if (protocol == QLatin1String("http/protobuf"))
        s.protocol = OtlpProtocol::HttpProtobuf;
    else if (protocol == QLatin1String("grpc"))
        warnOnce(QStringLiteral("OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: this library sends OTLP over HTTP "
                                "only; using the default, http/json (set http/protobuf or http/json)"));
    else if (!protocol.isEmpty())
        warnOnce(QStringLiteral("OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or http/json, not \"%1\": using the "
                                "default, http/json")
                     .arg(protocol));

    const QString compression = env.value(QStringLiteral("OTEL_EXPORTER_OTLP_COMPRESSION")).trimmed().toLower();
    if (compression == QLatin1String("gzip"))
        s.compression = true;
    else if (compression == QLatin1String("none"))
        s.compression = false;
    else if (!compression.isEmpty())
        warnOnce(QStringLiteral("OTEL_EXPORTER_OTLP_COMPRESSION must be gzip or none, not \"%1\": using the default, "
                                "gzip")
                     .arg(compression));

    const QString timeout = env.value(QStringLiteral("OTEL_EXPORTER_OTLP_TIMEOUT")).trimmed();
    if (!timeout.isEmpty()) {
        bool ok = false;
        const int ms = timeout.toInt(&ok);
        if (ok && ms > 0 && ms <= 3600 * 1000)
            s.timeoutMs = ms;
        else
            warnOnce(QStringLiteral("OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number of milliseconds from 1 to "
                                    "3600000, not \"%1\": using the default, 5000")
                         .arg(timeout));
    }

    s.certificateFile = tlsFileFrom(env, "OTEL_EXPORTER_OTLP_CERTIFICATE", false);
    s.clientCertificateFile = tlsFileFrom(env, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", false);
    s.clientKeyFile = tlsFileFrom(env, "OTEL_EXPORTER_OTLP_CLIENT_KEY", true);
    if (s.clientCertificateFile.isEmpty() != s.clientKeyFile.isEmpty()) {
        const bool keyMissing = s.clientKeyFile.isEmpty();
        // A missing half was already warned about if it was set; say why the other half is dropped too.
        warnOnce(QStringLiteral("%1 is set without a usable %2: no client certificate is sent")
                     .arg(keyMissing ? QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE")
                                     : QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_KEY"),
                          keyMissing ? QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_KEY")
                                     : QStringLiteral("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE")));
        s.clientCertificateFile.clear();
        s.clientKeyFile.clear();
    }

    const QString attributes = env.value(QStringLiteral("OTEL_RESOURCE_ATTRIBUTES"));
    if (!attributes.trimmed().isEmpty()) {
        QString problem;
        const auto entries = parseKeyValueList(attributes, &problem);
        if (!entries) {
            warnOnce(QStringLiteral("OTEL_RESOURCE_ATTRIBUTES is malformed (%1): ignored, none of its attributes is "
                                    "used")
                         .arg(problem));
        }
        for (const auto &[key, value] : entries.value_or(QList<QPair<QString, QString>>{})) {
            if (isLibraryOwnedAttribute(key))
                warnOnce(QStringLiteral("OTEL_RESOURCE_ATTRIBUTES: %1 is set by the library and is not replaced").arg(key));
            else
                s.resourceAttributes.insert(key, value);
        }
    }
    const QString serviceName = env.value(QStringLiteral("OTEL_SERVICE_NAME")).trimmed();
    if (!serviceName.isEmpty())
        s.resourceAttributes.insert(QStringLiteral("service.name"), serviceName);

    warnAboutUnsupportedSignalVariables(env);
    return s;
}

bool OtelEnvironment::isSdkDisabled(const QProcessEnvironment &env)
{
    const QString value = env.value(QStringLiteral("OTEL_SDK_DISABLED")).trimmed().toLower();
    if (value == QLatin1String("true"))
        return true;
    if (!value.isEmpty() && value != QLatin1String("false"))
        warnOnce(QStringLiteral("OTEL_SDK_DISABLED must be true or false, not \"%1\": using the default, false").arg(value));
    return false;
}

std::optional<QList<QPair<QString, QString>>> OtelEnvironment::parseKeyValueList(const QString &text, QString *problem)
{
    QList<QPair<QString, QString>> entries;
    const QStringList parts = text.split(QLatin1Char(','));
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString entry = parts.at(i).trimmed();
        if (entry.isEmpty())
            continue; // "a=1," and ",," are forgiven, as the reference SDKs do
        const qsizetype equals = entry.indexOf(QLatin1Char('='));
        const QString key = entry.left(qMax<qsizetype>(0, equals)).trimmed();
        if (equals < 0 || key.isEmpty()) {
            if (problem)
                *problem = QStringLiteral("entry %1 is not key=value").arg(i + 1);
            return std::nullopt;
        }
        const std::optional<QString> value = percentDecoded(entry.mid(equals + 1).trimmed());
        if (!value) {
            if (problem)
                *problem = QStringLiteral("the value of %1 is not valid percent-encoded UTF-8").arg(key);
            return std::nullopt;
        }
        entries.append({key, *value});
    }
    return entries;
}

bool OtelEnvironment::isLibraryOwnedAttribute(const QString &key)
{
    return key.startsWith(QLatin1String("telemetry.sdk.")) || key.startsWith(QLatin1String("project."))
        || key == QLatin1String("user.id") || key == QLatin1String("session.id")
        || key == QLatin1String("service.instance.id");
}

namespace {
struct WarnedMessages
{
    QMutex mutex;
    QSet<QString> messages;
};
WarnedMessages &warned()
{
    static WarnedMessages instance;
    return instance;
}
} // namespace

void OtelEnvironment::warnOnce(const QString &message)
{
    WarnedMessages &w = warned();
    {
        const QMutexLocker locker(&w.mutex);
        if (w.messages.contains(message))
            return;
        w.messages.insert(message);
    }
    qCWarning(lcTelemetry()).noquote() << message;
}

void OtelEnvironment::forgetWarnings()
{
    WarnedMessages &w = warned();
    const QMutexLocker locker(&w.mutex);
    w.messages.clear();
}

} // namespace Automagik::Internal
