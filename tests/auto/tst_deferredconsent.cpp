// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The consent is read on a thread of its own: the constructor never waits for the disk, records made
// before the answer is in are held in memory only, and the answer decides what becomes of them.

#include "flushwait.h"
#include "testsupport.h"
#include "threadedreceiver.h"

#include <automagik/telemetry.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QJsonArray>
#include <QtCore/QSemaphore>
#include <QtCore/QSettings>
#include <QtCore/QThread>
#include <QtCore/QUuid>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Automagik;
using Automagik::Sink::OtlpReceiver;
using namespace TestSupport;

namespace {

/*
    Makes a named pipe the file the consent reads the anonymous id from: whoever opens it for reading
    blocks until feed() writes the id. So a constructor that read the consent itself could not return
    before the test feeds the pipe.
*/
class BlockingIdFile
{
public:
    explicit BlockingIdFile(const QString &path)
        : m_path(QFile::encodeName(path))
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        m_valid = ::mkfifo(m_path.constData(), 0600) == 0;
    }
    ~BlockingIdFile()
    {
        m_go.release();
        // A feeder still waiting in open() for a reader that never came is let through by one of our own.
        const int reader = m_fed ? -1 : ::open(m_path.constData(), O_RDONLY | O_NONBLOCK);
        if (m_feeder.joinable())
            m_feeder.join();
        if (reader >= 0)
            ::close(reader);
    }

    bool isValid() const { return m_valid; }
    bool wasFed() const { return m_fed.load(); }

    //! Writes \a id to the first reader once release() is called (or after \a giveUpMs, so that a
    //! constructor stuck on the pipe is a failed test, not a hung one).
    void feedOnRelease(const QByteArray &id, int giveUpMs)
    {
        m_feeder = std::thread([this, id, giveUpMs] {
            m_go.tryAcquire(1, giveUpMs);
            // Blocks until a reader opens the pipe: the consent's reading, or the destructor's.
            const int fd = ::open(m_path.constData(), O_WRONLY);
            if (fd < 0)
                return;
            m_fed = true;
            [[maybe_unused]] const ssize_t written = ::write(fd, id.constData(), size_t(id.size()));
            ::close(fd);
        });
    }
    void release() { m_go.release(); }

private:
    QByteArray m_path;
    bool m_valid = false;
    QSemaphore m_go;
    std::atomic<bool> m_fed{false};
    std::thread m_feeder;
};

QString sentUserId(const OtlpReceiver::Request &request)
{
    const QJsonArray resource = request.jsonBody()[QLatin1String("resourceSpans")][0][QLatin1String("resource")]
                                                  [QLatin1String("attributes")].toArray();
    return attribute(resource, QStringLiteral("user.id")).value(QLatin1String("stringValue")).toString();
}

QStringList spanNames(const OtlpReceiver::Request &request)
{
    QStringList names;
    const QJsonArray spans = request.jsonBody()[QLatin1String("resourceSpans")][0][QLatin1String("scopeSpans")][0]
                                               [QLatin1String("spans")].toArray();
    for (const QJsonValue &span : spans)
        names << span[QLatin1String("name")].toString();
    return names;
}

} // namespace

class tst_DeferredConsent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void constructorDoesNotWaitForTheConsent();
    void readingThreadWritesTheRunMarker();
    void heldRecordsAreSentOnceTheAnswerIsIn();
    void heldRecordsAreForgottenWhenTheAnswerIsNo();
    void heldRecordsKeepOnlyTheGrantedCategories();
    void shutdownWhileReadingDeliversWhatWasHeld();
    void destroyedWhileReading();
    void oneAnonymousIdWhenAskedWhileReading();

private:
    TelemetryConfig configFor(const QUrl &endpoint) const;
    TelemetryConfig configFor(const OtlpReceiver &receiver) const { return configFor(receiver.baseUrl()); }
    QString settingsFile() const { return m_settings->filePath(QStringLiteral("consent.ini")); }
    void storeAnswer(const QString &answer, ConsentCategories categories) const;

    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_settings;
};

void tst_DeferredConsent::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home);
    qRegisterMetaType<OtlpReceiver::Request>();
}

void tst_DeferredConsent::init()
{
    m_settings = std::make_unique<QTemporaryDir>();
    qputenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR", QFile::encodeName(m_settings->filePath(QStringLiteral("spool"))));
}

void tst_DeferredConsent::cleanup()
{
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    qunsetenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR");
    QDir(QDir::home().filePath(QStringLiteral(".automagik"))).removeRecursively();
    QFile::remove(optOutFile());
}

TelemetryConfig tst_DeferredConsent::configFor(const QUrl &endpoint) const
{
    TelemetryConfig config(QStringLiteral("deferred-app"), QStringLiteral("1.0"));
    config.setSettingsFile(settingsFile());
    config.setEndpoint(endpoint);
    config.setFlushInterval(60000); // flushed explicitly unless a test says otherwise
    config.setTimeout(5000);
    return config;
}

void tst_DeferredConsent::storeAnswer(const QString &answer, ConsentCategories categories) const
{
    QSettings settings(settingsFile(), QSettings::IniFormat);
    settings.setValue(QStringLiteral("AutomagikTelemetry/consent"), answer);
    settings.setValue(QStringLiteral("AutomagikTelemetry/categories"), int(categories));
    settings.setValue(QStringLiteral("AutomagikTelemetry/policyVersion"), 1);
    settings.sync();
    QCOMPARE(settings.status(), QSettings::NoError);
}

void tst_DeferredConsent::constructorDoesNotWaitForTheConsent()
{
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    BlockingIdFile idFile(QDir::home().filePath(QStringLiteral(".automagik/user_id")));
    QVERIFY(idFile.isValid());
    const QByteArray id = QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1();
    idFile.feedOnRelease(id, 10000);

    TelemetryConfig config = configFor(receiver);
    config.setShareUserIdWithOtherSdks(true); // the consent's first reading opens the pipe
    Telemetry telemetry(config);
    QVERIFY2(!idFile.wasFed(), "the constructor waited for the consent's reading");
    telemetry.trackEvent(QStringLiteral("held.while.reading"));
    QVERIFY(!idFile.wasFed());

    idFile.release();
    QVERIFY(flushAndWait(telemetry).delivered);
    QVERIFY(idFile.wasFed());
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(spanNames(receiver.requests().constFirst()), QStringList{QStringLiteral("held.while.reading")});
    QCOMPARE(sentUserId(receiver.requests().constFirst()), QString::fromLatin1(id));
    QCOMPARE(telemetry.userId(), QString::fromLatin1(id));
}

void tst_DeferredConsent::readingThreadWritesTheRunMarker()
{
    // Unclean-exit reporting (like crash reporting) must follow the consent from the first moments of a
    // run, yet the constructor may not wait for the disk: the reading's own thread writes the marker.
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    BlockingIdFile idFile(QDir::home().filePath(QStringLiteral(".automagik/user_id")));
    QVERIFY(idFile.isValid());
    idFile.feedOnRelease(QUuid::createUuid().toString(QUuid::WithoutBraces).toLatin1(), 10000);

    TelemetryConfig config = configFor(QUrl(QStringLiteral("http://127.0.0.1:1")));
    config.setShareUserIdWithOtherSdks(true); // the consent's first reading opens the pipe
    config.setUncleanExitReportingEnabled(true);
    const QString spool = m_settings->filePath(QStringLiteral("spool"));
    config.setSpoolDirectory(spool);
    const auto markers = [&] {
        return QDir(spool + QStringLiteral("-sessions")).entryList({QStringLiteral("*.run")}, QDir::Files).size();
    };
    Telemetry telemetry(config);
    QVERIFY2(!idFile.wasFed(), "the constructor waited for the consent's reading");
    QCOMPARE(markers(), 0); // nothing written before the answer is in

    idFile.release();
    // Waited for without turning this thread's event loop (QTRY_* would, and the client's thread would then
    // write the marker itself): the condition is checked again each time this thread is scheduled.
    const QDeadlineTimer deadline(10000);
    while (markers() == 0 && !deadline.hasExpired())
        QThread::yieldCurrentThread();
    QCOMPARE(markers(), 1);
    QVERIFY(idFile.wasFed());
    QVERIFY(telemetry.shutdown(2000));
    QCOMPARE(markers(), 0); // a clean end leaves no marker
}

void tst_DeferredConsent::heldRecordsAreSentOnceTheAnswerIsIn()
{
    // Nothing but the event loop after the call: the reading's thread applies the answer by itself.
    storeAnswer(QStringLiteral("granted"), ConsentCategory::AllCategories);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    TelemetryConfig config = configFor(receiver);
    config.setFlushInterval(20);
    Telemetry telemetry(config);
    telemetry.trackEvent(QStringLiteral("early"));
    QTRY_COMPARE_WITH_TIMEOUT(receiver.requestCount(), 1, 10000);
    QCOMPARE(spanNames(receiver.requests().constFirst()), QStringList{QStringLiteral("early")});
    QVERIFY(telemetry.isEnabled());
}

void tst_DeferredConsent::heldRecordsAreForgottenWhenTheAnswerIsNo()
{
    storeAnswer(QStringLiteral("denied"), {});
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    QSignalSpy connections(&receiver, &OtlpReceiver::connectionAccepted);
    TelemetryConfig config = configFor(receiver);
    config.setFlushInterval(20);
    auto telemetry = std::make_unique<Telemetry>(config);
    QSignalSpy enabledChanged(telemetry.get(), &Telemetry::enabledChanged);
    for (int i = 0; i < 5; ++i)
        telemetry->trackEvent(QStringLiteral("never.consented"));
    telemetry->trackMetric(QStringLiteral("never.consented"), 1);
    telemetry->trackError(QStringLiteral("NeverConsented"), QStringLiteral("held, then forgotten"));
    QCOMPARE(telemetry->queueSize(), 0); // the answer is applied before the queue is counted
    QVERIFY(!telemetry->isEnabled());
    QCOMPARE(telemetry->droppedCount(), 0); // not consented is not a loss
    QCOMPARE(enabledChanged.count(), 0); // it never said it was enabled
    QVERIFY(flushAndWait(*telemetry).finished);
    QVERIFY(telemetry->shutdown(2000));
    telemetry.reset();
    QCOMPARE(receiver.requestCount(), 0);
    QCOMPARE(connections.count(), 0);
    QVERIFY2(!QDir(m_settings->filePath(QStringLiteral("spool"))).exists()
                 || QDir(m_settings->filePath(QStringLiteral("spool"))).isEmpty(),
             "records held before a no were written to disk");
}

void tst_DeferredConsent::heldRecordsKeepOnlyTheGrantedCategories()
{
    storeAnswer(QStringLiteral("granted"), ConsentCategory::UsageEvents);
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    Telemetry telemetry(configFor(receiver));
    telemetry.trackEvent(QStringLiteral("allowed"));
    telemetry.trackMetric(QStringLiteral("not.allowed"), 1);
    telemetry.trackLog(QStringLiteral("not allowed"));
    telemetry.trackError(QStringLiteral("NotAllowed"), QStringLiteral("diagnostics were not granted"));
    QVERIFY(flushAndWait(telemetry).delivered);
    QCOMPARE(receiver.requestCount(), 1);
    QCOMPARE(receiver.requests().constFirst().signal, QStringLiteral("traces"));
    QCOMPARE(spanNames(receiver.requests().constFirst()), QStringList{QStringLiteral("allowed")});
    QCOMPARE(telemetry.queueSize(), 0);
    QCOMPARE(telemetry.droppedCount(), 0);
    QCOMPARE(telemetry.status().value(QStringLiteral("queued_bytes")).toLongLong(), 0);
}

void tst_DeferredConsent::shutdownWhileReadingDeliversWhatWasHeld()
{
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    ThreadedReceiver receiver;
    QVERIFY(receiver.baseUrl().isValid());
    Telemetry telemetry(configFor(receiver.baseUrl()));
    telemetry.trackEvent(QStringLiteral("last.words"));
    QVERIFY(telemetry.shutdown(5000)); // no event loop turn in between
    const auto requests = receiver.requests();
    QCOMPARE(requests.size(), 1);
    QCOMPARE(spanNames(requests.constFirst()), QStringList{QStringLiteral("last.words")});
}

void tst_DeferredConsent::destroyedWhileReading()
{
    // A client destroyed before its reading is in waits for the thread and leaves nothing behind.
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    ThreadedReceiver receiver;
    QVERIFY(receiver.baseUrl().isValid());
    for (int i = 0; i < 30; ++i) {
        Telemetry telemetry(configFor(receiver.baseUrl()));
        if (i % 2)
            telemetry.trackEvent(QStringLiteral("odd"));
    }
    QCOMPARE(receiver.requests().size(), 15); // each odd client delivered its record at shutdown
}

void tst_DeferredConsent::oneAnonymousIdWhenAskedWhileReading()
{
    // The first reading creates the id; a question on the caller's thread while it runs gets the same one.
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    OtlpReceiver receiver;
    QVERIFY(receiver.listen());
    for (int i = 0; i < 20; ++i) {
        QFile::remove(settingsFile());
        QString asked;
        {
            Telemetry telemetry(configFor(receiver));
            asked = telemetry.userId();
        }
        QVERIFY(!QUuid::fromString(asked).isNull());
        const QSettings stored(settingsFile(), QSettings::IniFormat);
        QCOMPARE(stored.value(QStringLiteral("AutomagikTelemetry/userId")).toString(), asked);
    }
}

QTEST_GUILESS_MAIN(tst_DeferredConsent)
#include "tst_deferredconsent.moc"
