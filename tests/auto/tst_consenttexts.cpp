// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// ConsentTexts: the one source of every user-visible text, and the library's embedded translations.

#include <automagik/consenttexts.h>
#include <automagik/telemetryconfig.h>

#include <QtCore/QCoreApplication>
#include <QtTest/QTest>

using namespace Automagik;

class tst_ConsentTexts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void everyTextIsThere();
    void namesTheApplication();
    void shipsSevenLanguages();
    void translatorSwitchesLanguages_data();
    void translatorSwitchesLanguages();
    void unknownLanguageFallsBackToEnglish();
    void englishPluralForms();
    void automaticSignalsListed_data();
    void automaticSignalsListed();
    void automaticSignalsTranslated();
};

namespace {

enum AutomaticSignal { Crash = 1, UncleanExit = 2, Hang = 4, QtMessages = 8, Sessions = 16, Environment = 32 };
constexpr int allSignals = Crash | UncleanExit | Hang | QtMessages | Sessions | Environment;

TelemetryConfig configWith(int signals_)
{
    TelemetryConfig config(QStringLiteral("editor"), QStringLiteral("1.0"));
    config.setCrashReportingEnabled(signals_ & Crash);
    config.setUncleanExitReportingEnabled(signals_ & UncleanExit);
    config.setHangDetectionEnabled(signals_ & Hang);
    if (signals_ & QtMessages)
        config.setQtMessageCategories({QStringLiteral("editor.*")});
    config.setSessionTrackingEnabled(signals_ & Sessions);
    config.setEnvironmentReportingEnabled(signals_ & Environment);
    // Limits and sampling send nothing of their own: never a line.
    config.setEventRateLimit(60);
    config.setEventSamplingRates({{QStringLiteral("*"), 0.5}});
    return config;
}

// The lines the automatic signals add, in collected()'s order, in the current language.
QStringList automaticLines(int signals_)
{
#ifndef Q_OS_UNIX
    signals_ &= ~(Crash | UncleanExit); // not listed where they do nothing
#endif
    QStringList lines;
    if (signals_ & Crash)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry",
            "When the application crashes: the signal that ended it, the addresses on its stack and the "
            "versions, never the contents of its memory"));
    if (signals_ & UncleanExit)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry", "When the application ended unexpectedly, and how long it had been running"));
    if (signals_ & Hang)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry", "When the application stopped responding, and for how long"));
    if (signals_ & QtMessages)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry", "Some of the application's warning messages, with personal data removed"));
    if (signals_ & Sessions)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry",
            "When the application starts and quits: how often it has been started, how long starting took and "
            "how long it was used"));
    if (signals_ & Environment)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry",
            "The number, size and resolution of your screens, and the language and style of the user interface"));
    return lines;
}

} // namespace

void tst_ConsentTexts::cleanup()
{
    ConsentTexts::installTranslator(QLocale(QLocale::English)); // back to the source texts
}

void tst_ConsentTexts::everyTextIsThere()
{
    const ConsentTexts t(QStringLiteral("Editor"));
    for (const QString &text : {t.title(), t.introduction(), t.collectedHeading(), t.neverCollectedHeading(),
                                t.changeLater(), t.privacyPolicyLink(), t.showPayload(), t.hidePayload(),
                                t.payloadExplanation(), t.allow(), t.deny(), t.switchLabel(), t.switchDescription(),
                                t.lockedByAdministrator(), t.auditTitle(), t.auditEmpty(), t.auditClear(),
                                t.auditRetention(), t.close()})
        QVERIFY(!text.trimmed().isEmpty());
    QCOMPARE(t.collected().size(), 4);
    QCOMPARE(t.neverCollected().size(), 4);
    QCOMPARE(t.allow(), QStringLiteral("Allow"));
    QCOMPARE(t.deny(), QStringLiteral("Don't allow"));
    QCOMPARE(t.auditEntrySummary(3, QStringLiteral("events"), QStringLiteral("example.com")),
             QStringLiteral("3 events sent to example.com"));
}

void tst_ConsentTexts::namesTheApplication()
{
    QCOMPARE(ConsentTexts(QStringLiteral("Editor")).title(), QStringLiteral("Help improve Editor"));
    QVERIFY(ConsentTexts(QStringLiteral("Editor")).introduction().startsWith(QStringLiteral("Editor ")));
    QCoreApplication::setApplicationName(QStringLiteral("FromApp"));
    QCOMPARE(ConsentTexts().title(), QStringLiteral("Help improve FromApp"));
}

void tst_ConsentTexts::shipsSevenLanguages()
{
    const QStringList languages = ConsentTexts::availableLanguages();
    for (const char *language : {"de", "es", "fr", "pt_BR", "ja", "zh_CN", "ar"})
        QVERIFY2(languages.contains(QLatin1String(language)), language);
}

void tst_ConsentTexts::translatorSwitchesLanguages_data()
{
    QTest::addColumn<QString>("locale");
    for (const char *locale : {"de_DE", "es_ES", "fr_FR", "pt_BR", "ja_JP", "zh_CN", "ar_EG"})
        QTest::newRow(locale) << QString::fromLatin1(locale);
}

void tst_ConsentTexts::translatorSwitchesLanguages()
{
    QFETCH(QString, locale);
    QVERIFY(ConsentTexts::installTranslator(QLocale(locale)));
    const ConsentTexts t(QStringLiteral("Editor"));
    QVERIFY(t.allow() != QLatin1String("Allow"));
    QVERIFY(t.deny() != QLatin1String("Don't allow"));
    QVERIFY(t.title().contains(QStringLiteral("Editor"))); // placeholders survive translation
    QVERIFY(t.auditEntrySummary(2, QStringLiteral("X"), QStringLiteral("Y")).contains(QLatin1Char('Y')));
}

void tst_ConsentTexts::unknownLanguageFallsBackToEnglish()
{
    QVERIFY(ConsentTexts::installTranslator(QLocale(QStringLiteral("de_DE"))));
    QVERIFY(!ConsentTexts::installTranslator(QLocale(QLocale::Zulu)));
    QCOMPARE(ConsentTexts().allow(), QStringLiteral("Allow"));
}

void tst_ConsentTexts::englishPluralForms()
{
    QVERIFY(ConsentTexts::installTranslator(QLocale(QLocale::English)));
    const ConsentTexts t;
    QCOMPARE(t.auditEntrySummary(1, t.signalName(TelemetrySignal::Traces), QStringLiteral("x")),
             QStringLiteral("1 record (usage events) sent to x"));
    QCOMPARE(t.auditEntrySummary(5, t.signalName(TelemetrySignal::Traces), QStringLiteral("x")),
             QStringLiteral("5 usage events sent to x"));
}

void tst_ConsentTexts::automaticSignalsListed_data()
{
    QTest::addColumn<int>("signals_");
    QTest::newRow("none") << 0;
    QTest::newRow("crash") << int(Crash);
    QTest::newRow("unclean exit") << int(UncleanExit);
    QTest::newRow("hang") << int(Hang);
    QTest::newRow("qt messages") << int(QtMessages);
    QTest::newRow("sessions") << int(Sessions);
    QTest::newRow("environment") << int(Environment);
    QTest::newRow("crash, hang") << (Crash | Hang);
    QTest::newRow("hang, sessions, environment") << (Hang | Sessions | Environment);
    QTest::newRow("all") << allSignals;
}

void tst_ConsentTexts::automaticSignalsListed()
{
    QFETCH(int, signals_);
    const QStringList always = ConsentTexts(QStringLiteral("Editor")).collected();
    QCOMPARE(always.size(), 4);
    QCOMPARE(ConsentTexts(TelemetryConfig()).collected(), always); // the defaults turn nothing on

    const ConsentTexts t(configWith(signals_), QStringLiteral("Editor"));
    QCOMPARE(t.title(), QStringLiteral("Help improve Editor"));
    const QStringList expected = always + automaticLines(signals_);
    QCOMPARE(t.collected(), expected);
    QCOMPARE(t.neverCollected(), ConsentTexts().neverCollected());
#ifdef Q_OS_UNIX
    QCOMPARE(t.collected().size(), 4 + qPopulationCount(quint32(signals_))); // one line per signal turned on
#endif
    if ((signals_ & Crash) && t.collected().size() > 4)
        QVERIFY(t.collected().join(QLatin1Char('\n')).contains(QStringLiteral("never the contents of its memory")));
    if (signals_ & QtMessages)
        QVERIFY(t.collected().join(QLatin1Char('\n')).contains(QStringLiteral("personal data removed")));
    if (signals_ & Sessions)
        QVERIFY(t.collected().join(QLatin1Char('\n')).contains(QStringLiteral("how long it was used")));
    if (signals_ & Environment)
        QVERIFY(t.collected().join(QLatin1Char('\n')).contains(QStringLiteral("your screens")));
    // A copy shares the configuration's lines.
    const ConsentTexts copy = t;
    QCOMPARE(copy.collected(), expected);
}

void tst_ConsentTexts::automaticSignalsTranslated()
{
    const int all = allSignals;
    const QStringList english = automaticLines(all);
    for (const char *locale : {"de_DE", "es_ES", "fr_FR", "pt_BR", "ja_JP", "zh_CN", "ar_EG"}) {
        QVERIFY2(ConsentTexts::installTranslator(QLocale(QString::fromLatin1(locale))), locale);
        const QStringList lines = ConsentTexts(configWith(all)).collected().mid(4);
        QCOMPARE(lines.size(), english.size());
        QCOMPARE(lines, automaticLines(all));
        for (int i = 0; i < lines.size(); ++i)
            QVERIFY2(lines.at(i) != english.at(i), qPrintable(lines.at(i))); // really translated
        QCOMPARE(ConsentTexts(configWith(0)).collected().size(), 4);
    }
    QVERIFY(ConsentTexts::installTranslator(QLocale(QStringLiteral("de_DE"))));
    QCOMPARE(ConsentTexts(configWith(Hang)).collected().last(),
             QStringLiteral("Wenn die Anwendung nicht mehr reagiert hat, und wie lange"));
    QCOMPARE(ConsentTexts(configWith(Environment)).collected().last(),
             QStringLiteral("Anzahl, Größe und Auflösung Ihrer Bildschirme sowie Sprache und Stil der Benutzeroberfläche"));
}

QTEST_GUILESS_MAIN(tst_ConsentTexts)
#include "tst_consenttexts.moc"
