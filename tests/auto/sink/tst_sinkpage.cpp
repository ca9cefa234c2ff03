// SPDX-License-Identifier: MIT
// The receiver's live page in a real browser: the library sends to an in-process OtlpReceiver on
// loopback, Debian's chromium (headless) loads http://127.0.0.1:PORT/ and the test reads the DOM the
// page's script rendered (--dump-dom), never the JSON behind it.
#include "flushwait.h"
#include "recordstore.h"
#include "testsupport.h"

#include <automagik/telemetry.h>

#include <QtCore/QDeadlineTimer>
#include <QtCore/QMap>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Automagik;
using Automagik::Sink::OtlpReceiver;

namespace {

using Attributes = QMap<QString, QString>;

// The start tags <tag class="cls" ...> of \a html, as attribute maps (values HTML-unescaped).
QList<Attributes> startTags(const QString &html, const QString &tag, const QString &cls)
{
    static const QRegularExpression attribute(QStringLiteral(R"re(([\w-]+)="([^"]*)")re"));
    const QRegularExpression element(QStringLiteral("<%1(\\s[^>]*)>").arg(tag));
    QList<Attributes> found;
    for (auto it = element.globalMatch(html); it.hasNext();) {
        Attributes attributes;
        for (auto a = attribute.globalMatch(it.next().captured(1)); a.hasNext();) {
            const auto m = a.next();
            QString value = m.captured(2);
            value.replace(QLatin1String("&quot;"), QLatin1String("\"")).replace(QLatin1String("&lt;"), QLatin1String("<"))
                .replace(QLatin1String("&gt;"), QLatin1String(">")).replace(QLatin1String("&amp;"), QLatin1String("&"));
            attributes.insert(m.captured(1), value);
        }
        if (cls.isEmpty() || attributes.value(QStringLiteral("class")).split(QLatin1Char(' ')).contains(cls))
            found.append(attributes);
    }
    return found;
}

// data-name -> how many record rows carry it.
QMap<QString, int> rowsPerName(const QString &dom)
{
    QMap<QString, int> rows;
    for (const Attributes &row : startTags(dom, QStringLiteral("tr"), QStringLiteral("record")))
        ++rows[row.value(QStringLiteral("data-name"))];
    return rows;
}

// data-name -> the count the "Per name" table shows.
QMap<QString, int> countsPerName(const QString &dom)
{
    QMap<QString, int> counts;
    for (const Attributes &row : startTags(dom, QStringLiteral("tr"), QStringLiteral("count")))
        counts.insert(row.value(QStringLiteral("data-name")), row.value(QStringLiteral("data-count")).toInt());
    return counts;
}

int receivedOnPage(const QString &dom)
{
    const QList<Attributes> body = startTags(dom, QStringLiteral("body"), QString());
    return body.isEmpty() ? -1 : body.constFirst().value(QStringLiteral("data-received")).toInt();
}

} // namespace

class tst_SinkPage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void pageListsWhatArrived();
    void filterFromTheUrl();
    void emptyReceiverSaysSo();
    void pageLoadedWhileSending();

private:
    // Starts chromium on \a url; finishDump() returns the DOM it rendered.
    void startDump(QProcess &chromium, const QTemporaryDir &profile, const QUrl &url);
    // Runs the event loop (so that the receiver answers) until chromium is done.
    static QString finishDump(QProcess &chromium);
    QString dumpDom(const QUrl &url);
    // dumpDom() again until the page shows \a records items (it may load while they arrive).
    QString dumpDomShowing(const QUrl &url, int records);
    void sendSample();

    QString m_chromium;
    QTemporaryDir m_home;
    std::unique_ptr<QTemporaryDir> m_settings;
    std::unique_ptr<OtlpReceiver> m_receiver;
};

void tst_SinkPage::initTestCase()
{
    QVERIFY(m_home.isValid());
    TestSupport::isolateEnvironment(m_home); // chromium's profile and caches land in this HOME too
    for (const char *name : {"chromium", "chromium-browser"}) {
        m_chromium = QStandardPaths::findExecutable(QLatin1String(name));
        if (!m_chromium.isEmpty())
            break;
    }
    if (m_chromium.isEmpty())
        QSKIP("chromium not found: install Debian's chromium (scripts/install-deps.sh) to test the sink's page");
}

void tst_SinkPage::init()
{
    m_settings = std::make_unique<QTemporaryDir>();
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    qputenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR", QFile::encodeName(m_settings->filePath(QStringLiteral("spool"))));
    m_receiver = std::make_unique<OtlpReceiver>();
    QVERIFY(m_receiver->listen(QHostAddress::LocalHost));
}

void tst_SinkPage::cleanup()
{
    m_receiver.reset();
    qunsetenv("AUTOMAGIK_TELEMETRY_ENABLED");
    qunsetenv("AUTOMAGIK_TELEMETRY_SPOOL_DIR");
}

void tst_SinkPage::startDump(QProcess &chromium, const QTemporaryDir &profile, const QUrl &url)
{
    chromium.setProgram(m_chromium);
    // A private profile, nothing but the page on the network (no proxy, no Google services), and
    // virtual time: the DOM is dumped once the page's timers ran for 5 s of virtual time, which
    // passes only while no fetch is pending, so the first answers are always in.
    chromium.setArguments({QStringLiteral("--headless=new"), QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"),
                           QStringLiteral("--user-data-dir=") + profile.path(), QStringLiteral("--no-first-run"),
                           QStringLiteral("--no-default-browser-check"), QStringLiteral("--disable-extensions"),
                           QStringLiteral("--disable-background-networking"), QStringLiteral("--disable-component-update"),
                           QStringLiteral("--disable-sync"), QStringLiteral("--no-proxy-server"),
                           QStringLiteral("--virtual-time-budget=5000"), QStringLiteral("--dump-dom"),
                           url.toString(QUrl::FullyEncoded)});
    chromium.start();
}

QString tst_SinkPage::finishDump(QProcess &chromium)
{
    if (chromium.state() == QProcess::NotRunning && chromium.error() == QProcess::FailedToStart)
        return {};
    // Each wait runs the event loop (the receiver answers the page) and ends when chromium's state changes.
    QSignalSpy stateChanged(&chromium, &QProcess::stateChanged);
    const QDeadlineTimer deadline(60000);
    while (chromium.state() != QProcess::NotRunning && !deadline.hasExpired())
        stateChanged.wait(int(deadline.remainingTime()));
    if (chromium.state() != QProcess::NotRunning) {
        chromium.kill();
        chromium.waitForFinished(5000);
        qWarning("chromium did not finish: %s", chromium.readAllStandardError().right(2000).constData());
        return {};
    }
    const QString dom = QString::fromUtf8(chromium.readAllStandardOutput());
    if (chromium.exitCode() != 0 || dom.isEmpty())
        qWarning("chromium exited with %d: %s", chromium.exitCode(), chromium.readAllStandardError().right(2000).constData());
    return dom;
}

QString tst_SinkPage::dumpDom(const QUrl &url)
{
    QTemporaryDir profile;
    QProcess chromium;
    startDump(chromium, profile, url);
    return finishDump(chromium);
}

QString tst_SinkPage::dumpDomShowing(const QUrl &url, int records)
{
    const QDeadlineTimer deadline(90000);
    QString dom;
    do {
        dom = dumpDom(url);
        if (receivedOnPage(dom) >= records)
            break;
    } while (!deadline.hasExpired());
    return dom;
}

// 3 x page.opened, 2 x export.clicked (one with an e-mail address the library scrubs), a log, a metric.
void tst_SinkPage::sendSample()
{
    TelemetryConfig config(QStringLiteral("sink-page-test"), QStringLiteral("1.0.0"));
    config.setSettingsFile(m_settings->filePath(QStringLiteral("consent.ini")));
    config.setEndpoint(m_receiver->baseUrl());
    config.setFlushInterval(60000); // flushed explicitly
    Telemetry telemetry(config);
    QVERIFY(telemetry.isEnabled());
    for (int i = 0; i < 3; ++i)
        telemetry.trackEvent(QStringLiteral("page.opened"), {{QStringLiteral("page"), i}});
    telemetry.trackEvent(QStringLiteral("export.clicked"), {{QStringLiteral("format"), QStringLiteral("csv")}});
    telemetry.trackEvent(QStringLiteral("export.clicked"), {{QStringLiteral("contact"), QStringLiteral("alice@example.com")}});
    telemetry.trackLog(QStringLiteral("cache cold"), LogSeverity::Warn);
    telemetry.trackMetric(QStringLiteral("render.ms"), 16.5, MetricType::Histogram);
    QVERIFY(TestSupport::flushAndWait(telemetry).delivered);
    QCOMPARE(m_receiver->pageRecords().size(), 7);
}

void tst_SinkPage::pageListsWhatArrived()
{
    // The records arrive before the page loads: it must show what the receiver already has.
    sendSample();
    if (QTest::currentTestFailed())
        return;
    const QString dom = dumpDomShowing(m_receiver->baseUrl().resolved(QUrl(QStringLiteral("/"))), 7);
    QVERIFY2(dom.contains(QLatin1String("data-state=\"live\"")), qPrintable(dom.left(2000)));
    QCOMPARE(receivedOnPage(dom), 7);

    const QMap<QString, int> rows = rowsPerName(dom);
    QCOMPARE(rows.value(QStringLiteral("page.opened")), 3);
    QCOMPARE(rows.value(QStringLiteral("export.clicked")), 2);
    QCOMPARE(rows.value(QStringLiteral("cache cold")), 1);
    QCOMPARE(rows.value(QStringLiteral("render.ms")), 1);

    const QMap<QString, int> counts = countsPerName(dom);
    QCOMPARE(counts, (QMap<QString, int>{{QStringLiteral("page.opened"), 3},
                                          {QStringLiteral("export.clicked"), 2},
                                          {QStringLiteral("cache cold"), 1},
                                          {QStringLiteral("render.ms"), 1}}));

    // The scrubbed value is on the page, marked as such; the address never reached the receiver.
    QVERIFY2(dom.contains(QRegularExpression(QStringLiteral(R"re(<mark class="scrubbed"[^>]*>\[EMAIL\]</mark>)re"))),
             "no highlighted [EMAIL] marker");
    QVERIFY(!dom.contains(QLatin1String("alice@example.com")));

    // Resource attributes are listed with each record; the chart has bars.
    QVERIFY(dom.contains(QLatin1String("sink-page-test 1.0.0")));
    QVERIFY(!startTags(dom, QStringLiteral("rect"), QStringLiteral("bar")).isEmpty());
}

void tst_SinkPage::filterFromTheUrl()
{
    sendSample();
    if (QTest::currentTestFailed())
        return;
    QUrl url = m_receiver->baseUrl().resolved(QUrl(QStringLiteral("/")));
    url.setFragment(QStringLiteral("signal=traces&name=export"));
    const QString dom = dumpDomShowing(url, 7);
    QCOMPARE(receivedOnPage(dom), 7);
    QCOMPARE(rowsPerName(dom), (QMap<QString, int>{{QStringLiteral("export.clicked"), 2}}));
    QCOMPARE(countsPerName(dom), (QMap<QString, int>{{QStringLiteral("export.clicked"), 2}}));
    QVERIFY(dom.contains(QLatin1String("(2)"))); // "Records (2)"

    url.setFragment(QStringLiteral("signal=logs"));
    const QString logs = dumpDomShowing(url, 7);
    QCOMPARE(rowsPerName(logs), (QMap<QString, int>{{QStringLiteral("cache cold"), 1}}));
}

void tst_SinkPage::emptyReceiverSaysSo()
{
    const QString dom = dumpDom(m_receiver->baseUrl().resolved(QUrl(QStringLiteral("/"))));
    QVERIFY2(dom.contains(QLatin1String("data-state=\"live\"")), qPrintable(dom.left(2000)));
    QCOMPARE(receivedOnPage(dom), 0);
    QVERIFY(rowsPerName(dom).isEmpty());
    QVERIFY(dom.contains(QLatin1String("Waiting for telemetry")));
    QCOMPARE(m_receiver->requestCount(), 0); // the page's own requests are not export requests
}

void tst_SinkPage::pageLoadedWhileSending()
{
    // Chromium loads the page while the library delivers: whatever moment the page caught, what it
    // shows is consistent (as many rows and counted items as it says it received)...
    const QUrl url = m_receiver->baseUrl().resolved(QUrl(QStringLiteral("/")));
    QTemporaryDir profile;
    QProcess chromium;
    startDump(chromium, profile, url);
    sendSample();
    if (QTest::currentTestFailed())
        return;
    const QString during = finishDump(chromium);
    const int received = receivedOnPage(during);
    QVERIFY2(received >= 0 && received <= 7, qPrintable(during.left(2000)));
    int rows = 0;
    for (int n : rowsPerName(during))
        rows += n;
    QCOMPARE(rows, received);

    // ... and a page loaded afterwards has everything.
    QCOMPARE(rowsPerName(dumpDomShowing(url, 7)).value(QStringLiteral("page.opened")), 3);
}

QTEST_GUILESS_MAIN(tst_SinkPage)
#include "tst_sinkpage.moc"
