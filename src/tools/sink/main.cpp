// SPDX-License-Identifier: MIT
// automagik-telemetry-sink: a local OTLP/HTTP JSON receiver that prints and
// optionally logs what an application sends, with fault injection for testing.
#include "otlpreceiver.h"

#include <automagik/automagiktelemetry_version.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <limits>
#include <utility>

#ifdef Q_OS_UNIX
#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

using Automagik::Sink::OtlpReceiver;

namespace {

void printLine(std::FILE *stream, const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

[[noreturn]] void fail(const QString &message)
{
    printLine(stderr, "automagik-telemetry-sink: " + message.toLocal8Bit());
    std::exit(1);
}

// --- clean shutdown on SIGINT / SIGTERM -------------------------------------
// The handler only writes a byte; the event loop notices it and quits, so no
// Qt code ever runs in signal context.
#ifdef Q_OS_UNIX
int g_signalWriteFd = -1;

void onSignal(int)
{
    const int savedErrno = errno;
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalWriteFd, &byte, 1);
    errno = savedErrno;
}

void installSignalHandlers(QCoreApplication *app)
{
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
        fail(QStringLiteral("cannot create the signal socket pair"));
    for (const int fd : fds)
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
    // Never block inside the handler, even if signals pile up.
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    g_signalWriteFd = fds[0];

    auto *notifier = new QSocketNotifier(qintptr(fds[1]), QSocketNotifier::Read, app);
    QObject::connect(notifier, &QSocketNotifier::activated, app, [notifier, fd = fds[1]] {
        char buffer[16];
        [[maybe_unused]] const ssize_t n = ::read(fd, buffer, sizeof buffer);
        notifier->setEnabled(false);
        QCoreApplication::quit();
    });

    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}
#else
std::atomic<bool> g_stopRequested{false};

void onSignal(int)
{
    g_stopRequested = true;
}

// Without a self-pipe, poll a lock-free flag: simple and signal-safe.
void installSignalHandlers(QCoreApplication *app)
{
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    auto *timer = new QTimer(app);
    QObject::connect(timer, &QTimer::timeout, app, [] {
        if (g_stopRequested)
            QCoreApplication::quit();
    });
    timer->start(100);
}
#endif

// --- output -----------------------------------------------------------------

bool isSecretHeader(const QByteArray &name)
{
    const QByteArray n = name.toLower();
    static const char *const needles[] = {"key", "token", "secret", "auth", "cookie", "password"};
    for (const char *needle : needles) {
        if (n.contains(needle))
            return true; // covers Authorization, X-ClickHouse-Key, Cookie, X-Api-Token, ...
    }
    return false;
}

QByteArray itemNoun(const QString &signal)
{
    static constexpr std::pair<const char *, const char *> nouns[] = {
        {"traces", "spans"}, {"metrics", "points"}, {"logs", "records"}};
    for (const auto &[name, noun] : nouns) {
        if (signal == QLatin1String(name))
            return QByteArray(noun);
    }
    return QByteArrayLiteral("items");
}

// e.g. "POST /v1/traces  200  spans=3  1234 B (gzip 456 B)"
QByteArray summaryLine(const OtlpReceiver::Request &r)
{
    QByteArray line = r.method + ' ' + r.path + "  "
        + (r.status > 0 ? QByteArray::number(r.status) : QByteArrayLiteral("---"));
    if (!r.signal.isEmpty())
        line += "  " + itemNoun(r.signal) + '=' + QByteArray::number(r.items);
    line += "  " + QByteArray::number(r.body.size()) + " B";
    if (r.gzipped)
        line += " (gzip " + QByteArray::number(r.rawBody.size()) + " B)";
    return line;
}

// One compact JSON value; used to emit object members in a fixed, readable
// order (QJsonObject would sort the keys).
QByteArray jsonValue(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QByteArray jsonLogLine(const OtlpReceiver::Request &r)
{
    QJsonObject headers;
    for (const auto &field : r.headers) {
        const QString name = QString::fromLatin1(field.first);
        const QString value = isSecretHeader(field.first) ? QStringLiteral("[REDACTED]")
                                                          : QString::fromLatin1(field.second);
        const QString previous = headers.value(name).toString();
        headers.insert(name, previous.isEmpty() ? value : previous + QStringLiteral(", ") + value);
    }

    QJsonValue body;
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(r.body, &error);
    if (error.error == QJsonParseError::NoError && document.isObject())
        body = document.object();
    else if (error.error == QJsonParseError::NoError && document.isArray())
        body = document.array();
    else
        body = QString::fromUtf8(r.body);

    const QPair<const char *, QJsonValue> members[] = {
        {"time", r.receivedAt.toString(Qt::ISODateWithMs)},
        {"method", QString::fromLatin1(r.method)},
        {"path", QString::fromLatin1(r.path)},
        {"status", r.status},
        {"signal", r.signal},
        {"items", r.items},
        {"bytes", double(r.rawBody.size())},
        {"gzip", r.gzipped},
        {"headers", headers},
        {"body", body},
    };
    QByteArray line = "{";
    for (const auto &member : members) {
        if (line.size() > 1)
            line += ',';
        line += '"' + QByteArray(member.first) + "\":" + jsonValue(member.second);
    }
    line += '}';
    return line;
}

// The command-line options, in --help order.
struct OptionSpec
{
    const char *name;
    const char *valueName; // empty for a switch
    const char *description;
};
constexpr OptionSpec optionSpecs[] = {
    {"host", "addr", "Address to listen on (default 127.0.0.1; \"*\" for all)."},
    {"port", "n", "TCP port (default 4318; 0 picks a free one)."},
    {"port-file", "file", "Write the actual port to this file once listening."},
    {"out", "file", "Append one JSON line per request to this file (secrets redacted)."},
    {"status", "code", "Answer every request with this HTTP status."},
    {"fail-first", "n", "Fail the first N requests (see --fail-status)."},
    {"fail-status", "code", "Status for --fail-first (default 503)."},
    {"delay", "ms", "Delay every answer by this many milliseconds."},
    {"retry-after", "value", "Retry-After value sent with injected failures."},
    {"hang", "", "Read requests but never answer."},
    {"reset-mid-response", "", "Abort the connection in the middle of the response head."},
    {"garbage-body", "", "Answer 200 with a non-JSON body."},
    {"endless-body", "bytes", "Answer 200 with this many bytes of junk."},
    {"partial-success", "json", "JSON body for successful answers, e.g. a partialSuccess object."},
    {"max-body", "bytes", "Largest accepted body in bytes, raw or decompressed (default 64 MiB)."},
    {"page-records", "n", "How many of the newest records the live page at / keeps (default 5000; 0: none)."},
    {"quiet", "", "Do not print requests."},
    {"max-requests", "n", "Exit with status 0 after N requests were answered."},
};

// The value of option \a name, or \a fallback when it is not given.
QString textOption(const QCommandLineParser &parser, const char *name, const QString &fallback = QString())
{
    return parser.isSet(QLatin1String(name)) ? parser.value(QLatin1String(name)) : fallback;
}

// Like textOption(), for a number from \a min to \a max; anything else ends the program.
int intOption(const QCommandLineParser &parser, const char *name, int min, int max, int fallback)
{
    if (!parser.isSet(QLatin1String(name)))
        return fallback;
    const QString text = textOption(parser, name);
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max) {
        fail(QStringLiteral("--%1 expects a number between %2 and %3, got \"%4\"")
                 .arg(QLatin1String(name))
                 .arg(min)
                 .arg(max)
                 .arg(text));
    }
    return value;
}

// Like textOption(), for a byte count; anything else ends the program.
qint64 sizeOption(const QCommandLineParser &parser, const char *name, qint64 fallback)
{
    if (!parser.isSet(QLatin1String(name)))
        return fallback;
    const QString text = textOption(parser, name);
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < 0)
        fail(QStringLiteral("--%1 expects a byte count, got \"%2\"").arg(QLatin1String(name), text));
    return value;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("automagik-telemetry-sink"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTOMAGIK_TELEMETRY_VERSION_STRING));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Local OTLP/HTTP JSON receiver: prints every export request, optionally logs it as JSON lines,\n"
        "shows what arrived on a live page at its root URL, and can inject failures to test retry and\n"
        "error handling."));
    parser.addHelpOption();
    parser.addVersionOption();

    for (const OptionSpec &spec : optionSpecs) {
        parser.addOption(QCommandLineOption(QLatin1String(spec.name), QLatin1String(spec.description),
                                            QLatin1String(spec.valueName)));
    }
    parser.process(app);

    if (!parser.positionalArguments().isEmpty())
        fail(QStringLiteral("unexpected argument \"%1\" (see --help)").arg(parser.positionalArguments().constFirst()));

    const QString host = textOption(parser, "host", QStringLiteral("127.0.0.1"));
    QHostAddress address;
    if (host == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (host == QLatin1String("*") || host == QLatin1String("any"))
        address = QHostAddress(QHostAddress::Any);
    else if (!address.setAddress(host))
        fail(QStringLiteral("--host expects an IP address, got \"%1\"").arg(host));
    const auto port = quint16(intOption(parser, "port", 0, 65535, 4318));

    constexpr int anyCount = std::numeric_limits<int>::max();
    OtlpReceiver::Options options;
    options.recordLimit = 0; // a long-running sink must not keep every body in memory
    options.status = intOption(parser, "status", 200, 599, options.status);
    options.failFirst = intOption(parser, "fail-first", 0, anyCount, options.failFirst);
    options.failStatus = intOption(parser, "fail-status", 200, 599, options.failStatus);
    options.delayMs = intOption(parser, "delay", 0, anyCount, options.delayMs);
    options.retryAfter = textOption(parser, "retry-after").toLatin1();
    options.hang = parser.isSet(QStringLiteral("hang"));
    options.resetMidResponse = parser.isSet(QStringLiteral("reset-mid-response"));
    options.garbageBody = parser.isSet(QStringLiteral("garbage-body"));
    options.endlessBodyBytes = sizeOption(parser, "endless-body", options.endlessBodyBytes);
    options.partialSuccessJson = textOption(parser, "partial-success").toUtf8();
    options.maxBodyBytes = sizeOption(parser, "max-body", options.maxBodyBytes);
    options.pageRecordLimit = intOption(parser, "page-records", 0, 1000000, options.pageRecordLimit);
    const bool quiet = parser.isSet(QStringLiteral("quiet"));
    const int maxRequests = intOption(parser, "max-requests", 0, anyCount, 0);

    QFile out;
    if (parser.isSet(QStringLiteral("out"))) {
        out.setFileName(parser.value(QStringLiteral("out")));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Append))
            fail(QStringLiteral("cannot open %1: %2").arg(out.fileName(), out.errorString()));
    }

    installSignalHandlers(&app);

    OtlpReceiver receiver(options);
    QObject::connect(&receiver, &OtlpReceiver::requestReceived, &app, [&](const OtlpReceiver::Request &r) {
        if (!quiet)
            printLine(stdout, summaryLine(r));
        if (out.isOpen()) {
            out.write(jsonLogLine(r) + '\n');
            out.flush();
        }
    });
    int answered = 0;
    QObject::connect(&receiver, &OtlpReceiver::responseFinished, &app, [&] {
        if (maxRequests > 0 && ++answered == maxRequests)
            QCoreApplication::quit(); // the answer is already with the OS
    });

    if (!receiver.listen(address, port)) {
        fail(QStringLiteral("cannot listen on %1 port %2: %3")
                 .arg(address.toString())
                 .arg(port)
                 .arg(receiver.errorString()));
    }

    if (parser.isSet(QStringLiteral("port-file"))) {
        // QSaveFile renames a complete temporary file into place, so a script
        // polling for the file never reads a half-written port.
        QSaveFile portFile(parser.value(QStringLiteral("port-file")));
        if (!portFile.open(QIODevice::WriteOnly)
            || portFile.write(QByteArray::number(receiver.port()) + '\n') < 0 || !portFile.commit()) {
            fail(QStringLiteral("cannot write %1: %2").arg(portFile.fileName(), portFile.errorString()));
        }
    }

    QByteArray banner = "automagik-telemetry-sink listening on " + receiver.baseUrl().toEncoded();
    const QHostAddress bound = receiver.serverAddress();
    if (bound == QHostAddress::Any || bound == QHostAddress::AnyIPv4 || bound == QHostAddress::AnyIPv6)
        banner += " (all interfaces)";
    printLine(stdout, banner);
    if (options.pageRecordLimit > 0)
        printLine(stdout, "live page: " + receiver.baseUrl().toEncoded() + '/');

    return QCoreApplication::exec();
}
