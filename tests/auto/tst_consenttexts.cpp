// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// ConsentTexts: the one source of every user-visible text, and the library's embedded translations.

#include <automagik/consenttexts.h>

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
};

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

QTEST_GUILESS_MAIN(tst_ConsentTexts)
#include "tst_consenttexts.moc"
