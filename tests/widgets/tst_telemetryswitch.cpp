// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// TelemetrySwitch: bound to the consent both ways, honest about rules over the answer (which one
// decides, and disabled while an answer cannot count: the ConsentController's rules), locked by the
// administrator, and the way to the audit history.

#include "widgetstestsupport.h"

#include <automagik/consent.h>
#include <automagik/consentcontroller.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>
#include <automagik/widgets/telemetryauditdialog.h>
#include <automagik/widgets/telemetryswitch.h>

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QCheckBox>

using namespace Automagik;
using namespace WidgetsTestSupport;

class tst_TelemetrySwitch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void showsItsTexts();
    void retranslatesWithTheLibraryCatalog();
    void togglingStoresTheAnswer();
    void followsChangesFromElsewhere();
    void showsWhatIsInEffect();
    void saysWhichRuleDecides_data();
    void saysWhichRuleDecides();
    void theUsersOwnNoIsNoSetting();
    void ruleGoesAwayWhileShown();
    void lockedByAdministrator();
    void lockAppearsWhileShown();
    void linkOpensTheAuditHistory();
    void survivesTheClient();
    void everyControlHasAnAccessibleName();

private:
    TelemetrySwitch *showSwitch();

    std::unique_ptr<Sandbox> m_sandbox;
    std::unique_ptr<Telemetry> m_telemetry;
    std::unique_ptr<TelemetrySwitch> m_switch;
};

void tst_TelemetrySwitch::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("AutomagikTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_telemetryswitch"));
}

void tst_TelemetrySwitch::init()
{
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->isValid());
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config());
}

void tst_TelemetrySwitch::cleanup()
{
    m_switch.reset();
    m_telemetry.reset();
    m_sandbox.reset();
    qunsetenv("DO_NOT_TRACK");
}

TelemetrySwitch *tst_TelemetrySwitch::showSwitch()
{
    m_switch = std::make_unique<TelemetrySwitch>(m_telemetry.get());
    m_switch->show();
    if (!QTest::qWaitForWindowExposed(m_switch.get()))
        return nullptr;
    return m_switch.get();
}

void tst_TelemetrySwitch::showsItsTexts()
{
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    const ConsentTexts texts;
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QCOMPARE(box->text(), texts.switchLabel());
    QCOMPARE(sw->findChild<QLabel *>(QStringLiteral("descriptionLabel"))->text(), texts.switchDescription());
    const QString shown = visibleText(sw);
    QVERIFY(shown.contains(texts.showPayload()));
    QVERIFY(!shown.contains(texts.lockedByAdministrator()));
    QVERIFY(box->isEnabled());
}

void tst_TelemetrySwitch::retranslatesWithTheLibraryCatalog()
{
    if (!ConsentTexts::availableLanguages().contains(QStringLiteral("fr"))) {
        // Not QSKIP: with one argument it warns under clang's -Wpedantic on Qt 6.4.
        QTest::qSkip("the library was built without translations", __FILE__, __LINE__);
        return;
    }
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    const QString english = box->text();
    QVERIFY(ConsentTexts::installTranslator(QLocale(QLocale::French)));
    QTRY_COMPARE(box->text(), ConsentTexts().switchLabel());
    QVERIFY(box->text() != english);
    QCOMPARE(sw->findChild<QLabel *>(QStringLiteral("descriptionLabel"))->text(), ConsentTexts().switchDescription());
    QCOMPARE(box->accessibleName(), box->text());
    ConsentTexts::installTranslator(QLocale::c());
    QTRY_COMPARE(box->text(), english);
}

void tst_TelemetrySwitch::togglingStoresTheAnswer()
{
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QVERIFY(!box->isChecked());
    QVERIFY(!sw->isChecked());
    QSignalSpy checked(sw, &TelemetrySwitch::checkedChanged);

    box->click();
    QCOMPARE(m_telemetry->consentState(), ConsentState::Granted);
    QVERIFY(m_telemetry->isEnabled());
    QCOMPARE(m_sandbox->storedConsent(), QStringLiteral("granted"));
    QVERIFY(box->isChecked());
    QVERIFY(sw->isChecked());
    QCOMPARE(checked.count(), 1);
    QCOMPARE(checked.constLast().constFirst().toBool(), true);

    // By keyboard too.
    box->setFocus();
    QTest::keyClick(box, Qt::Key_Space);
    QCOMPARE(m_telemetry->consentState(), ConsentState::Denied);
    QVERIFY(!m_telemetry->isEnabled());
    QCOMPARE(m_sandbox->storedConsent(), QStringLiteral("denied"));
    QVERIFY(!box->isChecked());
    QCOMPARE(checked.count(), 2);
    QCOMPARE(checked.constLast().constFirst().toBool(), false);
}

void tst_TelemetrySwitch::followsChangesFromElsewhere()
{
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QSignalSpy checked(sw, &TelemetrySwitch::checkedChanged);

    m_telemetry->setConsent(true); // e.g. the consent dialog
    QTRY_VERIFY(box->isChecked());
    m_telemetry->setConsent(false);
    QTRY_VERIFY(!box->isChecked());
    QCOMPARE(checked.count(), 2);

    // Another object (another window, another process) changed the stored answer.
    Consent other(m_sandbox->config());
    other.grant();
    m_telemetry->consent()->reload();
    QTRY_VERIFY(box->isChecked());
    // Following is not toggling: nothing was written back.
    QCOMPARE(m_sandbox->storedConsent(), QStringLiteral("granted"));
}

void tst_TelemetrySwitch::showsWhatIsInEffect()
{
    // DO_NOT_TRACK keeps telemetry off whatever the answer: the switch must not claim otherwise.
    qputenv("DO_NOT_TRACK", "1");
    m_telemetry.reset();
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config());
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QVERIFY(!box->isEnabled()); // an answer here could not count
    box->click();
    QTest::keyClick(box, Qt::Key_Space);
    QVERIFY(!m_telemetry->isEnabled());
    QVERIFY(!box->isChecked());
    QVERIFY(!sw->isChecked());
    QVERIFY(m_sandbox->storedConsent().isEmpty());
    auto *why = sw->findChild<QLabel *>(QStringLiteral("lockedLabel"));
    QVERIFY(why->isVisible());
    QVERIFY2(why->text().contains(QLatin1String("DO_NOT_TRACK")), qPrintable(why->text()));
    QCOMPARE(why->text(), ConsentController(m_telemetry.get()).reason());
    QCOMPARE(box->toolTip(), why->text());
}

void tst_TelemetrySwitch::saysWhichRuleDecides_data()
{
    QTest::addColumn<QByteArray>("variable");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<bool>("storedYes");
    QTest::addColumn<bool>("checked");
    QTest::addColumn<bool>("usable");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("DO_NOT_TRACK") << QByteArray("DO_NOT_TRACK") << QByteArray("1") << true << false << false
                                  << QStringLiteral("DO_NOT_TRACK");
    QTest::newRow("CI") << QByteArray("GITHUB_ACTIONS") << QByteArray("true") << true << false << false
                        << QStringLiteral("GITHUB_ACTIONS");
    QTest::newRow("ENVIRONMENT") << QByteArray("ENVIRONMENT") << QByteArray("test") << true << false << false
                                 << QStringLiteral("ENVIRONMENT=test");
    QTest::newRow("AUTOMAGIK_TELEMETRY_ENABLED=true") << QByteArray("AUTOMAGIK_TELEMETRY_ENABLED") << QByteArray("true")
                                                      << false << true << false
                                                      << QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED");
    QTest::newRow("AUTOMAGIK_TELEMETRY_ENABLED=false") << QByteArray("AUTOMAGIK_TELEMETRY_ENABLED")
                                                       << QByteArray("false") << true << false << false
                                                       << QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED");
}

void tst_TelemetrySwitch::saysWhichRuleDecides()
{
    QFETCH(QByteArray, variable);
    QFETCH(QByteArray, value);
    QFETCH(bool, storedYes);
    QFETCH(bool, checked);
    QFETCH(bool, usable);
    QFETCH(QString, mentions);

    m_telemetry->setConsent(storedYes);
    const QString stored = m_sandbox->storedConsent();
    qputenv(variable.constData(), value);
    m_telemetry->consent()->reload();
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QCOMPARE(box->isChecked(), checked);
    QCOMPARE(sw->isChecked(), checked);
    QCOMPARE(box->isEnabled(), usable);
    auto *why = sw->findChild<QLabel *>(QStringLiteral("lockedLabel"));
    QVERIFY(why->isVisible());
    QVERIFY2(why->text().contains(mentions), qPrintable(why->text()));
    QCOMPARE(why->text(), ConsentController(m_telemetry.get()).reason());
    QVERIFY(!visibleText(sw).contains(ConsentTexts().lockedByAdministrator()));
    box->click();
    QCOMPARE(box->isChecked(), checked);
    QCOMPARE(m_sandbox->storedConsent(), stored);
    qunsetenv(variable.constData());
}

void tst_TelemetrySwitch::theUsersOwnNoIsNoSetting()
{
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    auto *why = sw->findChild<QLabel *>(QStringLiteral("lockedLabel"));
    box->click();
    QVERIFY(box->isChecked());
    QVERIFY(!why->isVisible());
    box->click();
    QVERIFY(!box->isChecked());
    // The no also wrote the shared opt-out file: still the user's own answer, not "a setting on this computer".
    QVERIFY(QFile::exists(QDir::home().filePath(QStringLiteral(".automagik-no-telemetry"))));
    QVERIFY(!why->isVisible());
    QVERIFY(!visibleText(sw).contains(ConsentTexts().turnedOffBySetting()));
    QVERIFY(box->isEnabled());
    QVERIFY(box->toolTip().isEmpty());
    box->click();
    QVERIFY(box->isChecked());
    QVERIFY(m_telemetry->isEnabled());
}

void tst_TelemetrySwitch::ruleGoesAwayWhileShown()
{
    // Another Automagik application's opt-out over this user's yes: the switch says so, and a yes here undoes it.
    m_telemetry->setConsent(true);
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    auto *why = sw->findChild<QLabel *>(QStringLiteral("lockedLabel"));
    QVERIFY(box->isChecked());
    QFile optOut(QDir::home().filePath(QStringLiteral(".automagik-no-telemetry")));
    QVERIFY(optOut.open(QIODevice::WriteOnly));
    optOut.close();
    m_telemetry->consent()->reload();
    QTRY_VERIFY(!box->isChecked());
    QVERIFY(why->isVisible());
    QCOMPARE(why->text(), ConsentController(m_telemetry.get()).reason());
    QVERIFY(box->isEnabled());
    box->click();
    QVERIFY(box->isChecked());
    QVERIFY(m_telemetry->isEnabled());
    QVERIFY(!optOut.exists());
    QVERIFY(!why->isVisible());
}

void tst_TelemetrySwitch::lockedByAdministrator()
{
    // The client from init() reads its consent on a thread of its own: the policy file is written only
    // once that client is gone, so no reading can see it half written (QSettings would keep that reading).
    m_telemetry.reset();
    QVERIFY(m_sandbox->lockByAdministrator());
    m_telemetry = std::make_unique<Telemetry>(m_sandbox->config());
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QVERIFY(!box->isEnabled());
    QVERIFY(!box->isChecked());
    auto *locked = sw->findChild<QLabel *>(QStringLiteral("lockedLabel"));
    QVERIFY(locked->isVisible());
    QCOMPARE(locked->text(), ConsentTexts().lockedByAdministrator());
    QTest::mouseClick(box, Qt::LeftButton);
    QTest::keyClick(box, Qt::Key_Space);
    QVERIFY(!box->isChecked());
    QVERIFY(m_sandbox->storedConsent().isEmpty());
    QVERIFY(!m_telemetry->isEnabled());
}

void tst_TelemetrySwitch::lockAppearsWhileShown()
{
    m_telemetry->setConsent(true);
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QVERIFY(box->isChecked());
    QVERIFY(m_sandbox->lockByAdministrator());
    m_telemetry->consent()->reload();
    QTRY_VERIFY(!box->isEnabled());
    QVERIFY(!box->isChecked());
    QVERIFY(sw->findChild<QLabel *>(QStringLiteral("lockedLabel"))->isVisible());
}

void tst_TelemetrySwitch::linkOpensTheAuditHistory()
{
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *link = sw->findChild<QLabel *>(QStringLiteral("auditLink"));
    QVERIFY(link);
    QVERIFY(link->textInteractionFlags() & Qt::LinksAccessibleByKeyboard);
    QVERIFY(!link->openExternalLinks());
    QVERIFY(!sw->findChild<TelemetryAuditDialog *>());
    // The label is as wide as its text, so its middle is on the link.
    QTest::mouseClick(link, Qt::LeftButton, {}, link->rect().center());
    QTRY_VERIFY(sw->findChild<TelemetryAuditDialog *>() && sw->findChild<TelemetryAuditDialog *>()->isVisible());
    auto *dialog = sw->findChild<TelemetryAuditDialog *>();
    QCOMPARE(dialog->telemetry(), m_telemetry.get());
    QCOMPARE(dialog->windowTitle(), ConsentTexts().auditTitle());
    // Asking again shows the same dialog, not a second one.
    sw->showAuditHistory();
    QCOMPARE(sw->findChildren<TelemetryAuditDialog *>().size(), 1);
    dialog->close();
    QTRY_VERIFY(sw->findChildren<TelemetryAuditDialog *>().isEmpty()); // deleted on close
    sw->showAuditHistory();
    QTRY_VERIFY(sw->findChild<TelemetryAuditDialog *>() && sw->findChild<TelemetryAuditDialog *>()->isVisible());
}

void tst_TelemetrySwitch::survivesTheClient()
{
    m_telemetry->setConsent(true);
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QVERIFY(box->isChecked());
    m_telemetry.reset();
    QVERIFY(!sw->telemetry());
    QVERIFY(!box->isEnabled());
    box->click(); // nothing to call: must not crash
    sw->showAuditHistory();
}

void tst_TelemetrySwitch::everyControlHasAnAccessibleName()
{
    TelemetrySwitch *sw = showSwitch();
    QVERIFY(sw);
    QCOMPARE(unnamedControls(sw), QStringList());
    const ConsentTexts texts;
    auto *box = sw->findChild<QCheckBox *>(QStringLiteral("telemetryCheckBox"));
    QCOMPARE(box->accessibleName(), texts.switchLabel());
    QCOMPARE(box->accessibleDescription(), texts.switchDescription());
    QCOMPARE(sw->findChild<QLabel *>(QStringLiteral("auditLink"))->accessibleName(), texts.showPayload());
}

QTEST_MAIN(tst_TelemetrySwitch)
#include "tst_telemetryswitch.moc"
