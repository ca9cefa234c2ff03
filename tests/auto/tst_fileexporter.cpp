// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Backend::File end to end through the public API: what lands in the file, that it is
// private, that it grows across runs, and that a file that cannot be written keeps the
// batches (the spool) until it can. The file transport alone on a real full device.
#include "flushwait.h"
#include "testsupport.h"

#include "delivery/fileexporter.h"

#include <automagik/telemetry.h>
#include <automagik/telemetryconfig.h>

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Automagik;

class tst_FileExporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void writesOneOtlpJsonRequestPerLine();
    void fileIsPrivateAndGrowsAcrossRuns();
    void unwritableFileKeepsBatchesUntilItCanBeWritten();
    void noFileIsAConfigurationError();
    void environmentChoosesTheFileBackend();
    void fullDeviceFailsTheWriteAndSaysWhere();
    void fullFileSystemKeepsEveryLineWhole();
    void unfinishedLastLineIsCutBeforeWriting();

private:
    TelemetryConfig configFor(const QString &file) const;
    static QList<QJsonObject> readLines(const QString &file);

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_work; // settings, spool and export file of one test
};

void tst_FileExporter::initTestCase()
{
    QVERIFY(m_home.isValid());
    TestSupport::isolateEnvironment(m_home);
    qRegisterMetaType<Internal::OutgoingBatch>();
    qRegisterMetaType<Internal::DeliveryResult>();
}

void tst_FileExporter::init()
{
    m_work = std::make_unique<QTemporaryDir>();
    QVERIFY(m_work->isValid());
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    qputenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR", QFile::encodeName(m_work->filePath(QStringLiteral("spool"))));
}

void tst_FileExporter::cleanup()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    qunsetenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR");
    qunsetenv("AUTOMAGIK_TELEMETRY_BACKEND");
    qunsetenv("AUTOMAGIK_TELEMETRY_EXPORT_FILE");
}

TelemetryConfig tst_FileExporter::configFor(const QString &file) const
{
    TelemetryConfig config(QStringLiteral("tst-file"), QStringLiteral("1.2.3"));
    config.setSettingsFile(m_work->filePath(QStringLiteral("consent.ini")));
    config.setBackend(Backend::File);
    config.setExportFile(file);
    // The network must play no part: an endpoint nobody listens on would show up as a failure.
    config.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:9")));
    config.setFlushInterval(60000); // flushed explicitly
    config.setBatchSize(2);
    config.setRetryBackoffBase(10);
    config.setMaxRetryDelay(50);
    return config;
}

QList<QJsonObject> tst_FileExporter::readLines(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QJsonObject> lines;
    const QByteArray all = f.readAll();
    if (!all.endsWith('\n'))
        return {}; // every line is complete
    for (const QByteArray &line : all.split('\n')) {
        if (line.isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return {};
        lines.append(doc.object());
    }
    return lines;
}

void tst_FileExporter::writesOneOtlpJsonRequestPerLine()
{
    const QString file = m_work->filePath(QStringLiteral("telemetry.jsonl"));
    Telemetry telemetry(configFor(file));
    QVERIFY(telemetry.isEnabled());
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    for (int i = 0; i < 3; ++i)
        telemetry.trackEvent(QStringLiteral("file.event"), {{QStringLiteral("n"), i}});
    telemetry.trackMetric(QStringLiteral("file.metric"), 2.5);
    telemetry.trackLog(QStringLiteral("file log"));
    const TestSupport::FlushOutcome flushed = TestSupport::flushAndWait(telemetry);
    QVERIFY(flushed.finished);
    QCOMPARE(flushed.delivered, true);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(telemetry.sentCount(), qint64(5));

    const QList<QJsonObject> lines = readLines(file);
    QCOMPARE(lines.size(), 4); // events in batches of 2 (2 + 1), one metric batch, one log batch
    int spans = 0, metrics = 0, logs = 0;
    QStringList names;
    for (const QJsonObject &line : lines) {
        QCOMPARE(line.size(), 1); // one signal per request, as an OTLP/HTTP body
        for (const QJsonValue &rs : line.value(QStringLiteral("resourceSpans")).toArray()) {
            for (const QJsonValue &ss : rs[QStringLiteral("scopeSpans")].toArray()) {
                for (const QJsonValue &span : ss[QStringLiteral("spans")].toArray()) {
                    ++spans;
                    names.append(span[QStringLiteral("name")].toString());
                    QCOMPARE(span[QStringLiteral("traceId")].toString().size(), 32);
                }
            }
        }
        for (const QJsonValue &rm : line.value(QStringLiteral("resourceMetrics")).toArray()) {
            for (const QJsonValue &sm : rm[QStringLiteral("scopeMetrics")].toArray())
                metrics += int(sm[QStringLiteral("metrics")].toArray().size());
        }
        for (const QJsonValue &rl : line.value(QStringLiteral("resourceLogs")).toArray()) {
            for (const QJsonValue &sl : rl[QStringLiteral("scopeLogs")].toArray())
                logs += int(sl[QStringLiteral("logRecords")].toArray().size());
        }
    }
    QCOMPARE(spans, 3);
    QCOMPARE(metrics, 1);
    QCOMPARE(logs, 1);
    QCOMPARE(names, QStringList(3, QStringLiteral("file.event")));
    QCOMPARE(telemetry.status().value(QStringLiteral("backend")).toString(), QStringLiteral("file"));
}

void tst_FileExporter::fileIsPrivateAndGrowsAcrossRuns()
{
    const QString file = m_work->filePath(QStringLiteral("runs.jsonl"));
    for (int run = 0; run < 2; ++run) {
        Telemetry telemetry(configFor(file));
        telemetry.trackEvent(QStringLiteral("run.%1").arg(run));
        const TestSupport::FlushOutcome flushed = TestSupport::flushAndWait(telemetry);
        QVERIFY(flushed.finished);
        QVERIFY(flushed.delivered);
    }
    const QList<QJsonObject> lines = readLines(file);
    QCOMPARE(lines.size(), 2);
    const QByteArray first = QJsonDocument(lines.first()).toJson(QJsonDocument::Compact);
    const QByteArray second = QJsonDocument(lines.last()).toJson(QJsonDocument::Compact);
    QVERIFY(first.contains("\"run.0\""));
    QVERIFY(second.contains("\"run.1\""));
    QCOMPARE(QFileInfo(file).permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther
                                             | QFileDevice::WriteGroup | QFileDevice::WriteOther),
             QFileDevice::Permissions());
}

void tst_FileExporter::unwritableFileKeepsBatchesUntilItCanBeWritten()
{
    // A directory that does not exist yet cannot be written, whoever runs the test (root included).
    const QString dir = m_work->filePath(QStringLiteral("later"));
    const QString file = dir + QStringLiteral("/telemetry.jsonl");
    Telemetry telemetry(configFor(file));
    QSignalSpy postponed(&telemetry, &Telemetry::deliveryPostponed);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("kept.1"));
    telemetry.trackEvent(QStringLiteral("kept.2"));
    const TestSupport::FlushOutcome flushed = TestSupport::flushAndWait(telemetry);
    QVERIFY(flushed.finished);
    QCOMPARE(flushed.delivered, false);
    QVERIFY(postponed.count() >= 1);
    QVERIFY2(postponed.first().at(2).toString().contains(file), qPrintable(postponed.first().at(2).toString()));
    QCOMPARE(failed.count(), 0); // kept, not given up
    QCOMPARE(telemetry.sentCount(), qint64(0));
    QCOMPARE(telemetry.droppedCount(), qint64(0));

    QVERIFY(QDir().mkpath(dir));
    telemetry.flush(); // asks for delivery now: the pause ends and the kept batch goes out
    QTRY_COMPARE_WITH_TIMEOUT(telemetry.sentCount(), qint64(2), 10000);
    const QList<QJsonObject> lines = readLines(file);
    QCOMPARE(lines.size(), 1);
    const QByteArray line = QJsonDocument(lines.first()).toJson(QJsonDocument::Compact);
    QVERIFY(line.contains("\"kept.1\"") && line.contains("\"kept.2\""));
    QCOMPARE(failed.count(), 0);
}

void tst_FileExporter::noFileIsAConfigurationError()
{
    TelemetryConfig config = configFor(QString());
    QVERIFY(config.validationError().contains(QStringLiteral("exportFile")));
    Telemetry telemetry(config);
    QSignalSpy failed(&telemetry, &Telemetry::sendFailed);
    telemetry.trackEvent(QStringLiteral("nowhere"));
    const TestSupport::FlushOutcome flushed = TestSupport::flushAndWait(telemetry);
    QVERIFY(flushed.finished);
    QCOMPARE(flushed.delivered, false);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(2).value<DeliveryError>(), DeliveryError::InvalidEndpoint);
}

void tst_FileExporter::environmentChoosesTheFileBackend()
{
    const QString file = m_work->filePath(QStringLiteral("from-env.jsonl"));
    QProcessEnvironment env;
    env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_BACKEND"), QStringLiteral(" File "));
    env.insert(QStringLiteral("AUTOMAGIK_TELEMETRY_EXPORT_FILE"), file);
    TelemetryConfig config(QStringLiteral("tst-file"), QStringLiteral("1.0"));
    config.setExportFile(QStringLiteral("/code/loses.jsonl"));
    const TelemetryConfig resolved = config.resolved(env);
    QCOMPARE(resolved.backend(), Backend::File);
    QCOMPARE(resolved.exportFile(), file); // the environment wins, as for every other setting
    QVERIFY(resolved.validationError().isEmpty());

    QProcessEnvironment unset;
    QCOMPARE(config.resolved(unset).exportFile(), QStringLiteral("/code/loses.jsonl"));
    QCOMPARE(config.resolved(unset).backend(), Backend::Otlp);
}

void tst_FileExporter::fullDeviceFailsTheWriteAndSaysWhere()
{
    if (!QFileInfo::exists(QStringLiteral("/dev/full")))
        QSKIP("needs /dev/full (Linux), whose writes fail with ENOSPC");
    Internal::FileTransport transport(QStringLiteral("/dev/full"));
    QSignalSpy finished(&transport, &Internal::Transport::finished);
    Internal::OutgoingBatch batch;
    batch.id = 7;
    batch.items = 3;
    batch.body = QByteArray(64 * 1024, 'x'); // past stdio-like buffering: the write itself must fail
    transport.send(batch);
    QCOMPARE(finished.count(), 0); // reported from the event loop, never from inside send()
    QCOMPARE(transport.pendingCount(), 1);
    QVERIFY(finished.wait(5000));
    const auto result = finished.first().at(1).value<Internal::DeliveryResult>();
    QCOMPARE(result.error, DeliveryError::FileError);
    QVERIFY2(result.reason.contains(QStringLiteral("/dev/full")), qPrintable(result.reason));
    QCOMPARE(finished.first().at(0).value<Internal::OutgoingBatch>().id, quint64(7));
    QCOMPARE(transport.pendingCount(), 0);
}

namespace {
Internal::OutgoingBatch smallBatch(quint64 id)
{
    Internal::OutgoingBatch batch;
    batch.id = id;
    batch.items = 1;
    batch.body = QByteArrayLiteral("{\"batch\":") + QByteArray::number(id) + QByteArrayLiteral(",\"pad\":\"")
        + QByteArray(200, 'p') + QByteArrayLiteral("\"}");
    return batch;
}
} // namespace

void tst_FileExporter::fullFileSystemKeepsEveryLineWhole()
{
    // Small lines on a disk that fills up: the failing one must not stay behind half written, and the
    // ones after it in the same round must not be written past it (lines stay in sending order).
    const QString mountPoint = m_work->filePath(QStringLiteral("disk"));
    const auto disk = TestSupport::TestMount::tmpfs(mountPoint, 64);
    if (!disk->isMounted())
        QSKIP(qPrintable(QStringLiteral("needs a small file system: %1").arg(disk->error())));
    const QString file = mountPoint + QStringLiteral("/telemetry.jsonl");
    Internal::FileTransport transport(file);
    QSignalSpy finished(&transport, &Internal::Transport::finished);
    constexpr int Batches = 600; // about 130 KiB: twice what the disk holds
    for (int i = 0; i < Batches; ++i)
        transport.send(smallBatch(quint64(i)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), Batches, 10000);

    int delivered = 0;
    bool failedBefore = false;
    for (const QList<QVariant> &args : std::as_const(finished)) {
        const auto result = args.at(1).value<Internal::DeliveryResult>();
        if (result.delivered()) {
            QVERIFY2(!failedBefore, "a line was written after a failed one in the same round");
            ++delivered;
        } else {
            QCOMPARE(result.error, DeliveryError::FileError);
            failedBefore = true;
        }
    }
    QVERIFY(failedBefore);
    QVERIFY(delivered > 0);
    const QList<QJsonObject> lines = readLines(file); // empty unless every line is whole JSON
    QCOMPARE(lines.size(), delivered);
    for (int i = 0; i < lines.size(); ++i)
        QCOMPARE(lines.at(i).value(QStringLiteral("batch")).toInt(), i);
}

void tst_FileExporter::unfinishedLastLineIsCutBeforeWriting()
{
    // What a crash in the middle of a write leaves: a complete line, then half of one.
    const QString file = m_work->filePath(QStringLiteral("torn.jsonl"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(smallBatch(0).body + '\n');
        f.write(smallBatch(1).body.left(50));
    }
    Internal::FileTransport transport(file);
    QSignalSpy finished(&transport, &Internal::Transport::finished);
    transport.send(smallBatch(2));
    QVERIFY(finished.wait(5000));
    QVERIFY(finished.first().at(1).value<Internal::DeliveryResult>().delivered());
    const QList<QJsonObject> lines = readLines(file);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0).value(QStringLiteral("batch")).toInt(), 0);
    QCOMPARE(lines.at(1).value(QStringLiteral("batch")).toInt(), 2);
}

QTEST_GUILESS_MAIN(tst_FileExporter)
#include "tst_fileexporter.moc"
