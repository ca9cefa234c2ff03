// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// automagik-telemetry: send events, metrics, logs and errors from a shell.

#include "attributeparser.h"

#include <automagik/telemetry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QEventLoop>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>

#include <cstdio>
#include <functional>
#include <optional>

using namespace Automagik;
using Automagik::Cli::parseAttributes;

namespace {

enum ExitCode { Delivered = 0, Undelivered = 1, Misuse = 2, Disabled = 3 };

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int fail(int code, const QString &message)
{
    err() << "automagik-telemetry: " << message << Qt::endl;
    return code;
}

const char usage[] = R"(Commands:
  event NAME [key=value ...]
  metric NAME VALUE [--type gauge|counter|histogram] [key=value ...]
  log MESSAGE [--severity trace|debug|info|warn|error|fatal] [key=value ...]
  error TYPE MESSAGE [key=value ...]
  send --stdin       JSON lines, one record each:
                     {"type":"event","name":N,"attributes":{...}}
                     {"type":"metric","name":N,"value":V,"metric_type":"counter","attributes":{...}}
                     {"type":"log","message":M,"severity":"warn","attributes":{...}}
                     {"type":"error","error_type":T,"message":M,"attributes":{...}}
  status             print the client's status as JSON

Values that look like integers, decimals or true/false keep that type.
Telemetry is opt-in: AUTOMAGIK_TELEMETRY_ENABLED=true lets this tool send.
ClickHouse: --backend clickhouse with --clickhouse-endpoint/-database/-user, or the
AUTOMAGIK_TELEMETRY_BACKEND and AUTOMAGIK_TELEMETRY_CLICKHOUSE_* variables (they win
over options). Give the password in AUTOMAGIK_TELEMETRY_CLICKHOUSE_PASSWORD or with
--clickhouse-password-file, never on the command line.
File: --backend file --export-file PATH appends one OTLP JSON request per line
(AUTOMAGIK_TELEMETRY_EXPORT_FILE wins), without any network.
The standard OTEL_EXPORTER_OTLP_* variables (endpoint, headers, protocol, compression,
timeout, certificates) apply where neither an option nor an AUTOMAGIK_TELEMETRY_*
variable says otherwise; OTEL_SDK_DISABLED=true turns telemetry off.
Exit status: 0 delivered, 1 not delivered, 2 misuse, 3 telemetry disabled.)";

// The options, in --help order.
struct OptionSpec
{
    const char *name;
    const char *valueName; // empty for a switch
    const char *description;
    const char *defaultValue;
};
constexpr OptionSpec optionSpecs[] = {
    {"project", "name", "Project name.", "automagik-telemetry-cli"},
    {"version", "version", "Project version.", ""}, // default: Telemetry::sdkVersion()
    {"endpoint", "url", "OTLP endpoint (base URL or .../v1/traces).", ""},
    {"backend", "backend", "otlp, clickhouse or file.", ""},
    {"protocol", "protocol", "OTLP encoding: http/json (the default) or http/protobuf.", ""},
    {"export-file", "path", "File that --backend file appends to.", ""},
    {"clickhouse-endpoint", "url", "ClickHouse HTTP interface (default http://localhost:8123).", ""},
    {"clickhouse-database", "name", "ClickHouse database (default telemetry).", ""},
    {"clickhouse-user", "name", "ClickHouse user (default \"default\").", ""},
    {"clickhouse-password-file", "file", "Read the ClickHouse password from the first line of this file.", ""},
    {"batch-size", "n", "Records per request.", ""},
    {"timeout", "s", "Per-request timeout in seconds.", ""},
    {"deadline", "s", "Give up delivering after this many seconds (default 60).", "60"},
    {"verbose", "", "Describe each batch on stderr.", ""},
    {"type", "type", "Metric type.", "gauge"},
    {"severity", "severity", "Log severity.", "info"},
    {"stdin", "", "send: read JSON lines from stdin.", ""},
};

// A positive number of seconds, in milliseconds; nothing when \a text is not one.
std::optional<int> positiveSecondsInMs(const QString &text)
{
    bool ok = false;
    const double seconds = text.toDouble(&ok);
    if (!ok || seconds <= 0)
        return std::nullopt;
    return int(seconds * 1000);
}

// Records one JSON line of `send --stdin`; returns an error text, empty on success.
QString trackJsonLine(Telemetry &telemetry, const QByteArray &line)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return parseError.errorString();
    if (!doc.isObject())
        return QStringLiteral("not a JSON object");
    const QJsonObject o = doc.object();
    const QString type = o.value(QLatin1String("type")).toString(QStringLiteral("event"));
    const QVariantMap attributes = o.value(QLatin1String("attributes")).toObject().toVariantMap();
    if (type == QLatin1String("event")) {
        const QString name = o.value(QLatin1String("name")).toString();
        if (name.isEmpty())
            return QStringLiteral("event without a name");
        telemetry.trackEvent(name, attributes);
    } else if (type == QLatin1String("metric")) {
        const QString name = o.value(QLatin1String("name")).toString();
        const QJsonValue value = o.value(QLatin1String("value"));
        if (name.isEmpty() || !value.isDouble())
            return QStringLiteral("metric needs a name and a numeric value");
        QString metricType = o.value(QLatin1String("metric_type")).toString();
        if (metricType.isEmpty())
            metricType = o.value(QLatin1String("kind")).toString(QStringLiteral("gauge"));
        telemetry.trackMetric(name, value.toDouble(), metricType, attributes);
    } else if (type == QLatin1String("log")) {
        telemetry.trackLog(o.value(QLatin1String("message")).toString(),
                           o.value(QLatin1String("severity")).toString(QStringLiteral("info")), attributes);
    } else if (type == QLatin1String("error")) {
        telemetry.trackError(o.value(QLatin1String("error_type")).toString(QStringLiteral("Error")),
                             o.value(QLatin1String("message")).toString(), attributes);
    } else {
        return QStringLiteral("unknown type \"%1\"").arg(type);
    }
    return {};
}

// Waits (running the event loop) until \a done says so or \a msecs pass. Returns done().
template<typename Done>
bool waitUntil(Telemetry &telemetry, Done done, int msecs)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < msecs) {
        QEventLoop loop;
        QObject::connect(&telemetry, &Telemetry::deliveryCountsChanged, &loop, &QEventLoop::quit);
        QObject::connect(&telemetry, &Telemetry::queueSizeChanged, &loop, &QEventLoop::quit);
        QObject::connect(&telemetry, &Telemetry::flushFinished, &loop, &QEventLoop::quit);
        QTimer::singleShot(qMax<qint64>(1, qMin<qint64>(200, msecs - clock.elapsed())), &loop, &QEventLoop::quit);
        loop.exec();
    }
    return done();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("automagik-telemetry"));
    QCoreApplication::setApplicationVersion(Telemetry::sdkVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Send telemetry to an OpenTelemetry collector or ClickHouse from a shell.\n\n")
                                     + QLatin1String(usage));
    parser.addHelpOption();
    for (const OptionSpec &spec : optionSpecs) {
        parser.addOption(QCommandLineOption(QLatin1String(spec.name), QLatin1String(spec.description),
                                            QLatin1String(spec.valueName), QLatin1String(spec.defaultValue)));
    }
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("event, metric, log, error, send or status."));
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return fail(Misuse, QStringLiteral("no command given; see --help"));
    const QString command = args.first();

    const auto isSet = [&parser](const char *option) { return parser.isSet(QLatin1String(option)); };
    const auto optionValue = [&parser](const char *option) { return parser.value(QLatin1String(option)); };
    TelemetryConfig config(optionValue("project"), isSet("version") ? optionValue("version") : Telemetry::sdkVersion());
    if (isSet("endpoint"))
        config.setEndpoint(QUrl(optionValue("endpoint")));
    if (isSet("backend")) {
        const QString backend = optionValue("backend").toLower();
        if (backend != QLatin1String("otlp") && backend != QLatin1String("clickhouse") && backend != QLatin1String("file"))
            return fail(Misuse, QStringLiteral("--backend must be otlp, clickhouse or file"));
        config.setBackend(backend == QLatin1String("clickhouse") ? Backend::ClickHouse
                              : backend == QLatin1String("file") ? Backend::File
                                                                 : Backend::Otlp);
    }
    if (isSet("protocol")) {
        const QString protocol = optionValue("protocol").trimmed().toLower();
        if (protocol == QLatin1String("http/json"))
            config.setOtlpProtocol(OtlpProtocol::HttpJson);
        else if (protocol == QLatin1String("http/protobuf"))
            config.setOtlpProtocol(OtlpProtocol::HttpProtobuf);
        else if (protocol == QLatin1String("grpc"))
            return fail(Misuse, QStringLiteral("--protocol grpc is not supported: OTLP goes over HTTP, "
                                               "use http/protobuf or http/json"));
        else
            return fail(Misuse, QStringLiteral("--protocol must be http/json or http/protobuf"));
    }
    if (isSet("export-file"))
        config.setExportFile(optionValue("export-file"));
    if (isSet("clickhouse-endpoint"))
        config.setClickhouseEndpoint(QUrl(optionValue("clickhouse-endpoint")));
    if (isSet("clickhouse-database"))
        config.setClickhouseDatabase(optionValue("clickhouse-database"));
    if (isSet("clickhouse-user"))
        config.setClickhouseUsername(optionValue("clickhouse-user"));
    if (isSet("clickhouse-password-file")) {
        QFile file(optionValue("clickhouse-password-file"));
        if (!file.open(QIODevice::ReadOnly))
            return fail(Misuse, QStringLiteral("cannot read the password file %1").arg(file.fileName()));
        const QByteArray line = file.readLine(64 * 1024);
        config.setClickhousePassword(QString::fromUtf8(line.endsWith('\n') ? line.chopped(1) : line).remove(QLatin1Char('\r')));
    }
    if (isSet("batch-size")) {
        bool ok = false;
        const int n = optionValue("batch-size").toInt(&ok);
        if (!ok || n < 1)
            return fail(Misuse, QStringLiteral("--batch-size must be a positive integer"));
        config.setBatchSize(n);
    }
    if (isSet("timeout")) {
        const std::optional<int> timeoutMs = positiveSecondsInMs(optionValue("timeout"));
        if (!timeoutMs)
            return fail(Misuse, QStringLiteral("--timeout must be a positive number of seconds"));
        config.setTimeout(*timeoutMs);
    }
    const std::optional<int> deadline = positiveSecondsInMs(optionValue("deadline"));
    if (!deadline)
        return fail(Misuse, QStringLiteral("--deadline must be a positive number of seconds"));
    const int deadlineMs = *deadline;
    if (isSet("verbose"))
        config.setVerbose(true);
    config.setFlushInterval(200); // a command-line run is short: don't sit on partial batches
    config.setShutdownTimeout(qMin(deadlineMs, 5000));

    // Validate before constructing the client, so the user sees one clear message and no log noise.
    const QString configError = config.resolved().validationError();
    if (!configError.isEmpty() && command != QLatin1String("status"))
        return fail(Misuse, configError);

    Telemetry telemetry(config);

    if (command == QLatin1String("status")) {
        if (args.size() != 1)
            return fail(Misuse, QStringLiteral("status takes no arguments"));
        out() << QJsonDocument(QJsonObject::fromVariantMap(telemetry.status())).toJson(QJsonDocument::Indented);
        return Delivered;
    }

    auto requireArgs = [&](int min, const char *synopsis) {
        if (args.size() >= min)
            return true;
        err() << "automagik-telemetry: usage: automagik-telemetry [options] " << synopsis << Qt::endl;
        return false;
    };
    qint64 recorded = 0;
    auto checkEnabled = [&]() {
        if (telemetry.isEnabled())
            return true;
        const QString by = telemetry.status().value(QStringLiteral("decided_by")).toString();
        err() << "automagik-telemetry: telemetry is disabled (decided by " << by
              << "); set AUTOMAGIK_TELEMETRY_ENABLED=true to send" << Qt::endl;
        return false;
    };

    // event, metric, log and error record one call: each checks its own arguments and says how to make
    // the call; the key=value attributes after them, the consent check and the call itself are shared.
    std::function<void(const QVariantMap &)> track;
    int attributesFrom = 0;
    if (command == QLatin1String("event")) {
        if (!requireArgs(2, "event NAME [key=value ...]"))
            return Misuse;
        attributesFrom = 2;
        track = [&](const QVariantMap &attributes) { telemetry.trackEvent(args.at(1), attributes); };
    } else if (command == QLatin1String("metric")) {
        if (!requireArgs(3, "metric NAME VALUE [--type gauge|counter|histogram] [key=value ...]"))
            return Misuse;
        bool ok = false;
        const double value = args.at(2).toDouble(&ok);
        if (!ok)
            return fail(Misuse, QStringLiteral("metric value \"%1\" is not a number").arg(args.at(2)));
        bool typeOk = false;
        const MetricType type = metricTypeFromString(optionValue("type"), &typeOk);
        if (!typeOk)
            return fail(Misuse, QStringLiteral("--type must be gauge, counter or histogram"));
        attributesFrom = 3;
        track = [&, value, type](const QVariantMap &attributes) {
            telemetry.trackMetric(args.at(1), value, type, attributes);
        };
    } else if (command == QLatin1String("log")) {
        if (!requireArgs(2, "log MESSAGE [--severity trace|debug|info|warn|error|fatal] [key=value ...]"))
            return Misuse;
        bool severityOk = false;
        const LogSeverity severity = logSeverityFromString(optionValue("severity"), &severityOk);
        if (!severityOk)
            return fail(Misuse, QStringLiteral("--severity must be trace, debug, info, warn, error or fatal"));
        attributesFrom = 2;
        track = [&, severity](const QVariantMap &attributes) { telemetry.trackLog(args.at(1), severity, attributes); };
    } else if (command == QLatin1String("error")) {
        if (!requireArgs(3, "error TYPE MESSAGE [key=value ...]"))
            return Misuse;
        attributesFrom = 3;
        track = [&](const QVariantMap &attributes) { telemetry.trackError(args.at(1), args.at(2), attributes); };
    } else if (command == QLatin1String("send")) {
        if (!isSet("stdin") || args.size() != 1)
            return fail(Misuse, QStringLiteral("usage: automagik-telemetry [options] send --stdin"));
        if (!checkEnabled())
            return Disabled;
        QFile input;
        if (!input.open(stdin, QIODevice::ReadOnly))
            return fail(Misuse, QStringLiteral("cannot read standard input"));
        // Stream: never hold more than a few batches in memory, whatever the input size.
        const int highWater = qMax(1000, telemetry.config().batchSize() * 10);
        qint64 lineNumber = 0;
        qint64 invalid = 0;
        while (true) {
            const QByteArray line = input.readLine(1 << 20).trimmed();
            if (line.isEmpty() && input.atEnd())
                break;
            ++lineNumber;
            if (line.isEmpty())
                continue;
            const QString problem = trackJsonLine(telemetry, line);
            if (!problem.isEmpty()) {
                ++invalid;
                if (invalid <= 10)
                    err() << "automagik-telemetry: line " << lineNumber << ": " << problem << Qt::endl;
                continue;
            }
            ++recorded;
            if (telemetry.queueSize() > highWater) {
                const int lowWater = highWater / 2;
                waitUntil(telemetry, [&] { return telemetry.queueSize() <= lowWater; }, deadlineMs);
            }
        }
        if (invalid > 0)
            err() << "automagik-telemetry: " << invalid << " invalid line(s) skipped" << Qt::endl;
    } else {
        return fail(Misuse, QStringLiteral("unknown command \"%1\"; see --help").arg(command));
    }
    if (track) {
        QVariantMap attributes;
        QString attributeError;
        if (!parseAttributes(args.mid(attributesFrom), &attributes, &attributeError))
            return fail(Misuse, attributeError);
        if (!checkEnabled())
            return Disabled;
        track(attributes);
        recorded = 1;
    }

    QElapsedTimer clock;
    clock.start();
    bool flushed = false;
    QObject::connect(&telemetry, &Telemetry::flushFinished, &telemetry, [&flushed] { flushed = true; });
    telemetry.flush();
    waitUntil(telemetry, [&] { return flushed && telemetry.queueSize() == 0; }, deadlineMs);
    telemetry.shutdown(qMax(0, qMin(5000, int(deadlineMs - clock.elapsed()))));

    const qint64 sent = telemetry.sentCount();
    const qint64 failed = telemetry.failedCount() + telemetry.droppedCount();
    const TelemetryConfig used = config.resolved();
    const QString where = used.backend() == Backend::ClickHouse
        ? used.clickhouseEndpoint().adjusted(QUrl::RemoveUserInfo | QUrl::RemoveQuery).toString() + QStringLiteral(" (ClickHouse)")
        : used.backend() == Backend::File ? used.exportFile()
                                          : telemetry.status().value(QStringLiteral("endpoint")).toString();
    const QString summary = QStringLiteral("delivered %1/%2 record(s)").arg(sent).arg(recorded)
        + (failed ? QStringLiteral(", %1 failed").arg(failed) : QString()) + QStringLiteral(" via ") + where;
    if (sent == recorded && failed == 0) {
        out() << "automagik-telemetry: " << summary << Qt::endl;
        return Delivered;
    }
    return fail(Undelivered, summary);
}
