// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// automagik-telemetry and automagik-telemetry-sink as a user runs them: separate processes, real sockets.

#include "testsupport.h"

#include <QtCore/QJsonArray>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sendsEachSignalKind_data();
    void sendsEachSignalKind();
    void typedAttributes();
    void protocolOption_data();
    void protocolOption();
    void refusesWhenDisabled();
    void misuseExitsWithTwo_data();
    void misuseExitsWithTwo();
    void undeliveredExitsWithOne();
    void statusPrintsJson();
    void streamsManyLinesWithBoundedMemory();
    void sinkRecordsWhatTheCliSends();

private:
    struct Run
    {
        int exitCode = -1;
        QString out;
        QString err;
    };
    // Runs the CLI while this thread's event loop keeps serving the in-process receiver.
    Run runCli(const QStringList &arguments, const QByteArray &enabled = "true", const QString &stdinFile = {},
               qint64 *peakRssKb = nullptr);

    QTemporaryDir m_home;
};

void tst_Cli::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
}

static qint64 peakRss(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression hwm(QStringLiteral("VmHWM:\\s+(\\d+) kB"));
    const auto match = hwm.match(QString::fromLatin1(status.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

tst_Cli::Run tst_Cli::runCli(const QStringList &arguments, const QByteArray &enabled, const QString &stdinFile,
                            qint64 *peakRssKb)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (enabled.isNull())
        env.remove(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED"));
    else
        env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED"), QString::fromLatin1(enabled));
    process.setProcessEnvironment(env);
    if (!stdinFile.isEmpty())
        process.setStandardInputFile(stdinFile);
    else
        process.setStandardInputFile(QProcess::nullDevice());
    QSignalSpy finished(&process, &QProcess::finished);
    QTimer sampler; // VmHWM is a high-water mark: the last sample before exit holds the peak
    if (peakRssKb) {
        *peakRssKb = 0;
        connect(&sampler, &QTimer::timeout, &process, [&] { *peakRssKb = qMax(*peakRssKb, peakRss(process.processId())); });
        sampler.start(20);
    }
    process.start(QStringLiteral(AUTOMAGIK_CLI_PATH), arguments);
    if (!process.waitForStarted())
        return {};
    if (!finished.wait(240000)) {
        process.kill();
        process.waitForFinished();
    }
    sampler.stop();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

void tst_Cli::sendsEachSignalKind_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("signal");
    QTest::newRow("event") << QStringList{QStringLiteral("event"), QStringLiteral("app.started")} << QStringLiteral("traces");
    QTest::newRow("metric") << QStringList{QStringLiteral("metric"), QStringLiteral("latency.ms"), QStringLiteral("12.5"),
                                           QStringLiteral("--type"), QStringLiteral("histogram")}
                            << QStringLiteral("metrics");
    QTest::newRow("log") << QStringList{QStringLiteral("log"), QStringLiteral("cache cold"), QStringLiteral("--severity"),
                                        QStringLiteral("warn")}
                         << QStringLiteral("logs");
    QTest::newRow("error") << QStringList{QStringLiteral("error"), QStringLiteral("IOError"), QStringLiteral("disk full")}
                           << QStringLiteral("traces");
}

void tst_Cli::sendsEachSignalKind()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, signal);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const Run run = runCli(QStringList{QStringLiteral("--endpoint"), receiver.baseUrl().toString()} + arguments);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("delivered 1/1")), qPrintable(run.out));
    QCOMPARE(run.out.count(QLatin1Char('\n')), 1); // one summary line
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(receiver.requests().constFirst().signal, signal);
    QCOMPARE(receiver.requests().constFirst().items, 1);
    QCOMPARE(validateStrictly(receiver.requests()), QString());
}

void tst_Cli::protocolOption_data()
{
    QTest::addColumn<QString>("protocol");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("http/json") << QStringLiteral("http/json") << QByteArray("application/json");
    QTest::newRow("http/protobuf") << QStringLiteral("http/protobuf") << QByteArray("application/x-protobuf");
}

void tst_Cli::protocolOption()
{
    QFETCH(QString, protocol);
    QFETCH(QByteArray, contentType);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const Run run = runCli({QStringLiteral("--endpoint"), receiver.baseUrl().toString(), QStringLiteral("--protocol"),
                            protocol, QStringLiteral("event"), QStringLiteral("app.started")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(receiver.requests().constFirst().header("Content-Type"), contentType);
}

void tst_Cli::typedAttributes()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const Run run = runCli({QStringLiteral("--endpoint"), receiver.baseUrl().toString(), QStringLiteral("--project"),
                            QStringLiteral("shell"), QStringLiteral("event"), QStringLiteral("deploy"),
                            QStringLiteral("count=3"), QStringLiteral("ratio=0.25"), QStringLiteral("ok=true"),
                            QStringLiteral("name=blue"), QStringLiteral("version=1.2.3"), QStringLiteral("big=99999999999999999999")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    const QJsonObject root = receiver.requests().constFirst().jsonBody();
    const QJsonArray attributes = root[QLatin1String("resourceSpans")][0][QLatin1String("scopeSpans")][0]
                                      [QLatin1String("spans")][0][QLatin1String("attributes")].toArray();
    QCOMPARE(attribute(attributes, QStringLiteral("count")).value(QLatin1String("intValue")).toString(), QStringLiteral("3"));
    QCOMPARE(attribute(attributes, QStringLiteral("ratio")).value(QLatin1String("doubleValue")).toDouble(), 0.25);
    QCOMPARE(attribute(attributes, QStringLiteral("ok")).value(QLatin1String("boolValue")).toBool(), true);
    QCOMPARE(attribute(attributes, QStringLiteral("name")).value(QLatin1String("stringValue")).toString(), QStringLiteral("blue"));
    QCOMPARE(attribute(attributes, QStringLiteral("version")).value(QLatin1String("stringValue")).toString(), QStringLiteral("1.2.3"));
    QCOMPARE(attribute(attributes, QStringLiteral("big")).value(QLatin1String("stringValue")).toString(),
             QStringLiteral("99999999999999999999"));
    const QJsonArray resource = root[QLatin1String("resourceSpans")][0][QLatin1String("resource")][QLatin1String("attributes")].toArray();
    QCOMPARE(attribute(resource, QStringLiteral("service.name")).value(QLatin1String("stringValue")).toString(), QStringLiteral("shell"));
}

void tst_Cli::refusesWhenDisabled()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    const Run run = runCli({QStringLiteral("--endpoint"), receiver.baseUrl().toString(), QStringLiteral("event"),
                            QStringLiteral("x")},
                           QByteArray());
    QCOMPARE(run.exitCode, 3);
    QVERIFY(run.err.contains(QStringLiteral("disabled")));
    QVERIFY(run.err.contains(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=true")));
    QCOMPARE(receiver.requestCount(), 0);

    const Run off = runCli({QStringLiteral("--endpoint"), receiver.baseUrl().toString(), QStringLiteral("event"),
                            QStringLiteral("x")},
                           "false");
    QCOMPARE(off.exitCode, 3);
    QCOMPARE(receiver.requestCount(), 0);
}

void tst_Cli::misuseExitsWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("no command") << QStringList{};
    QTest::newRow("unknown command") << QStringList{QStringLiteral("launch")};
    QTest::newRow("event without name") << QStringList{QStringLiteral("event")};
    QTest::newRow("metric without value") << QStringList{QStringLiteral("metric"), QStringLiteral("m")};
    QTest::newRow("metric value not a number") << QStringList{QStringLiteral("metric"), QStringLiteral("m"), QStringLiteral("fast")};
    QTest::newRow("bad metric type") << QStringList{QStringLiteral("metric"), QStringLiteral("m"), QStringLiteral("1"),
                                                    QStringLiteral("--type"), QStringLiteral("meter")};
    QTest::newRow("bad severity") << QStringList{QStringLiteral("log"), QStringLiteral("m"), QStringLiteral("--severity"),
                                                 QStringLiteral("loud")};
    QTest::newRow("attribute without =") << QStringList{QStringLiteral("event"), QStringLiteral("e"), QStringLiteral("oops")};
    QTest::newRow("send without --stdin") << QStringList{QStringLiteral("send")};
    QTest::newRow("malformed endpoint") << QStringList{QStringLiteral("--endpoint"), QStringLiteral("ftp://nowhere"),
                                                       QStringLiteral("event"), QStringLiteral("e")};
    QTest::newRow("endpoint without host") << QStringList{QStringLiteral("--endpoint"), QStringLiteral("http://"),
                                                          QStringLiteral("event"), QStringLiteral("e")};
    QTest::newRow("bad protocol") << QStringList{QStringLiteral("--protocol"), QStringLiteral("http/xml"),
                                                 QStringLiteral("event"), QStringLiteral("e")};
    QTest::newRow("grpc protocol") << QStringList{QStringLiteral("--protocol"), QStringLiteral("grpc"),
                                                  QStringLiteral("event"), QStringLiteral("e")};
    QTest::newRow("bad batch size") << QStringList{QStringLiteral("--batch-size"), QStringLiteral("0"),
                                                   QStringLiteral("event"), QStringLiteral("e")};
}

void tst_Cli::misuseExitsWithTwo()
{
    QFETCH(QStringList, arguments);
    const Run run = runCli(arguments);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.startsWith(QStringLiteral("automagik-telemetry: ")));
}

void tst_Cli::undeliveredExitsWithOne()
{
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    receiver.setStatus(400);
    const Run run = runCli({QStringLiteral("--endpoint"), receiver.baseUrl().toString(), QStringLiteral("event"),
                            QStringLiteral("x")});
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("delivered 0/1")), qPrintable(run.err));
    QCOMPARE(receiver.requestCount(), 1); // a 400 is not retried
}

void tst_Cli::statusPrintsJson()
{
    const Run run = runCli({QStringLiteral("--project"), QStringLiteral("p"), QStringLiteral("--endpoint"),
                            QStringLiteral("http://127.0.0.1:9/base"), QStringLiteral("status")});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject status = QJsonDocument::fromJson(run.out.toUtf8()).object();
    QCOMPARE(status.value(QLatin1String("project_name")).toString(), QStringLiteral("p"));
    QCOMPARE(status.value(QLatin1String("endpoint")).toString(), QStringLiteral("http://127.0.0.1:9/base/v1/traces"));
    QCOMPARE(status.value(QLatin1String("enabled")).toBool(), true);
}

void tst_Cli::streamsManyLinesWithBoundedMemory()
{
    // 100,000 records of ~1 KiB each: held at once they would need well over 200 MB (UTF-16 plus maps).
    QTemporaryFile input;
    QVERIFY(input.open());
    const QByteArray padding(1000, 'p');
    const int lines = 100000;
    for (int i = 0; i < lines; ++i) {
        const QByteArray n = QByteArray::number(i);
        QByteArray line;
        if (i % 3 == 0)
            line = R"({"type":"event","name":"bulk.event","attributes":{"i":)" + n + R"(,"pad":")" + padding + "\"}}\n";
        else if (i % 3 == 1)
            line = R"({"type":"metric","name":"bulk.metric","value":)" + n
                + R"(,"metric_type":"counter","attributes":{"pad":")" + padding + "\"}}\n";
        else
            line = R"({"type":"log","message":"bulk log )" + n + R"(","severity":"info","attributes":{"pad":")" + padding
                + "\"}}\n";
        input.write(line);
    }
    input.close();

    OtlpReceiver receiver;
    receiver.setRecordLimit(0); // count, don't keep 100 MB of bodies
    QVERIFY(receiver.listen());
    qint64 items = 0;
    connect(&receiver, &OtlpReceiver::requestReceived, this,
            [&items](const OtlpReceiver::Request &request) { items += request.status == 200 ? request.items : 0; });
    qint64 peakKb = 0;
    const Run run = runCli({QStringLiteral("--endpoint"), receiver.baseUrl().toString(), QStringLiteral("send"),
                            QStringLiteral("--stdin")},
                           "true", input.fileName(), &peakKb);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(QStringLiteral("delivered 100000/100000")), qPrintable(run.out));
    QCOMPARE(items, qint64(lines));
    QVERIFY(peakKb > 0);
    if (TestSupport::SanitizerBuild)
        qInfo("built with a sanitizer, whose own memory is in the peak RSS: %lld kB reported, not asserted", peakKb);
    else
        QVERIFY2(peakKb < 150 * 1024, qPrintable(QStringLiteral("peak RSS %1 kB").arg(peakKb)));
}

void tst_Cli::sinkRecordsWhatTheCliSends()
{
    QTemporaryDir work;
    const QString portFile = work.filePath(QStringLiteral("port"));
    const QString outFile = work.filePath(QStringLiteral("requests.jsonl"));
    QProcess sink;
    sink.start(QStringLiteral(AUTOMAGIK_SINK_PATH), {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--port-file"),
                                                    portFile, QStringLiteral("--out"), outFile,
                                                    QStringLiteral("--max-requests"), QStringLiteral("3")});
    QVERIFY(sink.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(portFile).size() > 0, 10000);
    QFile port(portFile);
    QVERIFY(port.open(QIODevice::ReadOnly));
    const QString endpoint = QStringLiteral("http://127.0.0.1:") + QString::fromLatin1(port.readAll().trimmed());

    QTemporaryFile input;
    QVERIFY(input.open());
    input.write(R"({"type":"event","name":"e","attributes":{"k":"v"}})" "\n"
                R"({"type":"metric","name":"m","value":2})" "\n"
                R"({"type":"log","message":"hello","severity":"error"})" "\n");
    input.close();
    const Run run = runCli({QStringLiteral("--endpoint"), endpoint, QStringLiteral("send"), QStringLiteral("--stdin")},
                           "true", input.fileName());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    // --max-requests 3: the sink exits by itself (it may already have, which waitForFinished() reports as false).
    QVERIFY(sink.state() == QProcess::NotRunning || sink.waitForFinished(10000));
    QCOMPARE(sink.exitCode(), 0);
    const QString printed = QString::fromUtf8(sink.readAllStandardOutput());
    QVERIFY2(printed.contains(QStringLiteral("/v1/traces")) && printed.contains(QStringLiteral("/v1/metrics"))
                 && printed.contains(QStringLiteral("/v1/logs")),
             qPrintable(printed));

    QFile out(outFile);
    QVERIFY(out.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = out.readAll().split('\n');
    QList<OtlpReceiver::Request> requests;
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        QVERIFY(o.value(QLatin1String("headers")).isObject());
        OtlpReceiver::Request request;
        request.path = o.value(QLatin1String("path")).toString().toUtf8();
        request.status = o.value(QLatin1String("status")).toInt();
        request.body = QJsonDocument(o.value(QLatin1String("body")).toObject()).toJson(QJsonDocument::Compact);
        requests.append(request);
    }
    QCOMPARE(requests.size(), 3);
    QCOMPARE(validateStrictly(requests), QString());
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
