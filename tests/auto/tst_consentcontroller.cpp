// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// ConsentController: who decided, whether the user's answer can change anything, why not (in words),
// whether to ask, and the actions; every change signalled once; answers persisted in QSettings.

#include "testsupport.h"

#include <automagik/consent.h>
#include <automagik/consentcontroller.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>

#include <QtCore/QSettings>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

using namespace Automagik;
using namespace TestSupport;

using DecidedBy = ConsentController::DecidedBy;

class tst_ConsentController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void withoutAClient();
    void undecidedAsksTheUser();
    void everyRule_data();
    void everyRule();
    void signalsOncePerChange();
    void grantAndDenyArePersisted();
    void aRuleAppearsAndGoes();
    void actionsDoNothingWhenTheAnswerCannotCount();
    void newPolicyVersionAsksAgain();
    void followsItsClient();
    void reasonFollowsTheLanguage();

private:
    TelemetryConfig config(int policyVersion = 1) const;
    QString storedConsent() const;
    bool lockByAdministrator() const;
    static void touch(const QString &path, const QByteArray &content = {});

    std::unique_ptr<Sandbox> m_sandbox;
};

// The signals of one controller, each counted on its own.
struct ControllerSpies
{
    explicit ControllerSpies(ConsentController *controller)
        : telemetry(controller, &ConsentController::telemetryChanged)
        , enabled(controller, &ConsentController::enabledChanged)
        , consent(controller, &ConsentController::consentChanged)
        , reason(controller, &ConsentController::reasonChanged)
    {
    }

    bool isValid() const { return telemetry.isValid() && enabled.isValid() && consent.isValid() && reason.isValid(); }

    //! The counts of telemetryChanged, enabledChanged, consentChanged and reasonChanged, for one readable QCOMPARE.
    QList<int> counts() const
    {
        return {int(telemetry.count()), int(enabled.count()), int(consent.count()), int(reason.count())};
    }

    void clear()
    {
        for (QSignalSpy *spy : {&telemetry, &enabled, &consent, &reason})
            spy->clear();
    }

    QSignalSpy telemetry;
    QSignalSpy enabled;
    QSignalSpy consent;
    QSignalSpy reason;
};

void tst_ConsentController::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("TestOrg"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_consentcontroller"));
}

void tst_ConsentController::init()
{
    // A fresh HOME, settings, system scope and environment for every test (and every data row).
    m_sandbox = std::make_unique<Sandbox>();
    QVERIFY(m_sandbox->isValid());
}

void tst_ConsentController::cleanup()
{
    m_sandbox.reset();
    ConsentTexts::installTranslator(QLocale::c());
}

TelemetryConfig tst_ConsentController::config(int policyVersion) const
{
    TelemetryConfig c(QStringLiteral("controller-app"), QStringLiteral("1.0"));
    c.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:9"))); // discard port: never reached
    c.setSettingsFile(m_sandbox->filePath(QStringLiteral("consent.ini")));
    c.setAuditLogFile(m_sandbox->filePath(QStringLiteral("audit.jsonl")));
    c.setSpoolEnabled(false);
    c.setShutdownTimeout(2000); // a healthy shutdown returns at once; a loaded machine must not leave the worker behind
    c.setConsentPolicyVersion(policyVersion);
    return c;
}

QString tst_ConsentController::storedConsent() const
{
    QSettings settings(config().settingsFile(), QSettings::IniFormat);
    return settings.value(QStringLiteral("AutomagikTelemetry/consent")).toString();
}

bool tst_ConsentController::lockByAdministrator() const
{
    const QString path = QDir(m_sandbox->systemDir()).filePath(QStringLiteral("Automagik/Telemetry.conf"));
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        && file.write("[AutomagikTelemetry]\ndisabled=true\n") > 0;
}

void tst_ConsentController::touch(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

void tst_ConsentController::withoutAClient()
{
    ConsentController controller;
    QCOMPARE(controller.telemetry(), nullptr);
    QVERIFY(!controller.isEnabled());
    QCOMPARE(controller.consentState(), ConsentState::Undecided);
    QCOMPARE(controller.decidedBy(), DecidedBy::Nobody);
    QVERIFY(!controller.canChange());
    QVERIFY(!controller.needsConsent());
    QVERIFY(controller.reason().isEmpty());

    ControllerSpies spies(&controller);
    QVERIFY(spies.isValid());
    controller.grant();
    controller.deny();
    controller.reload();
    QCOMPARE(spies.counts(), QList<int>({0, 0, 0, 0}));
    QVERIFY(!QFile::exists(config().settingsFile()));
    QVERIFY(!QFile::exists(optOutFile()));
}

void tst_ConsentController::undecidedAsksTheUser()
{
    Telemetry telemetry(config());
    ConsentController controller(&telemetry);
    QCOMPARE(controller.telemetry(), &telemetry);
    QVERIFY(!controller.isEnabled());
    QCOMPARE(controller.consentState(), ConsentState::Undecided);
    QCOMPARE(controller.decidedBy(), DecidedBy::Nobody);
    QVERIFY(controller.canChange());
    QVERIFY(controller.needsConsent());
    QCOMPARE(controller.needsConsent(), telemetry.needsConsent());
    QVERIFY(controller.reason().isEmpty());
}

void tst_ConsentController::everyRule_data()
{
    QTest::addColumn<QString>("storedAnswer"); // "granted", "denied" or "" (none)
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QStringList>("files"); // "optout", "pref:<content>", "admin"
    QTest::addColumn<DecidedBy>("decidedBy");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<bool>("canChange");
    QTest::addColumn<QString>("reasonMentions"); // what the reason must contain; empty: no reason at all

    const QStringList none;
    const QString noReason;
    const QString anyReason = QStringLiteral("Usage statistics");
    QTest::newRow("nobody") << QString() << none << none << DecidedBy::Nobody << false << true << noReason;
    QTest::newRow("the user's yes") << QStringLiteral("granted") << none << none << DecidedBy::User << true << true
                                    << noReason;
    // deny() writes the shared opt-out file, which is then the rule that applies: still the user's answer.
    QTest::newRow("the user's no") << QStringLiteral("denied") << none << QStringList{QStringLiteral("optout")}
                                   << DecidedBy::User << false << true << noReason;
    QTest::newRow("the user's no without the opt-out file")
        << QStringLiteral("denied") << none << none << DecidedBy::User << false << true << noReason;
    QTest::newRow("administrator") << QStringLiteral("granted") << QStringList{QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=true")}
                                   << QStringList{QStringLiteral("admin")} << DecidedBy::Administrator << false << false
                                   << ConsentTexts().lockedByAdministrator();
    QTest::newRow("AUTOMAGIK_TELEMETRY_ENABLED=true") << QStringLiteral("denied")
                                                      << QStringList{QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=true")}
                                                      << QStringList{QStringLiteral("optout")}
                                                      << DecidedBy::EnabledVariable << true << false
                                                      << QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED");
    QTest::newRow("AUTOMAGIK_TELEMETRY_ENABLED=false") << QStringLiteral("granted")
                                                       << QStringList{QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=false")}
                                                       << none << DecidedBy::EnabledVariable << false << false
                                                       << QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED");
    QTest::newRow("DO_NOT_TRACK") << QStringLiteral("granted") << QStringList{QStringLiteral("DO_NOT_TRACK=1")} << none
                                  << DecidedBy::DoNotTrack << false << false << QStringLiteral("DO_NOT_TRACK");
    // Another tool's opt-out over this user's yes: a yes here removes the file again.
    QTest::newRow("opt-out file over a yes") << QStringLiteral("granted") << none << QStringList{QStringLiteral("optout")}
                                             << DecidedBy::OptOutFile << false << true << anyReason;
    QTest::newRow("opt-out file, no answer") << QString() << none << QStringList{QStringLiteral("optout")}
                                             << DecidedBy::OptOutFile << false << true << anyReason;
    // Removing the opt-out file would not help: CI comes next.
    QTest::newRow("opt-out file over CI") << QString() << QStringList{QStringLiteral("CI=true")}
                                          << QStringList{QStringLiteral("optout")} << DecidedBy::OptOutFile << false
                                          << false << anyReason;
    // The other SDKs' yes: a no here writes the opt-out file, which comes first.
    QTest::newRow("preference file yes") << QString() << none << QStringList{QStringLiteral("pref:enabled")}
                                         << DecidedBy::PreferenceFile << true << true << anyReason;
    QTest::newRow("preference file no") << QString() << none << QStringList{QStringLiteral("pref:disabled")}
                                        << DecidedBy::PreferenceFile << false << false << anyReason;
    QTest::newRow("preference file agrees with the user's yes")
        << QStringLiteral("granted") << none << QStringList{QStringLiteral("pref:enabled")} << DecidedBy::User << true
        << true << noReason;
    QTest::newRow("CI") << QStringLiteral("granted") << QStringList{QStringLiteral("GITHUB_ACTIONS=true")} << none
                        << DecidedBy::ContinuousIntegration << false << false << QStringLiteral("GITHUB_ACTIONS");
    QTest::newRow("ENVIRONMENT=development") << QStringLiteral("granted")
                                             << QStringList{QStringLiteral("ENVIRONMENT=development")} << none
                                             << DecidedBy::DevelopmentEnvironment << false << false
                                             << QStringLiteral("ENVIRONMENT=development");
    QTest::newRow("ENVIRONMENT=production decides nothing")
        << QStringLiteral("granted") << QStringList{QStringLiteral("ENVIRONMENT=production")} << none << DecidedBy::User
        << true << true << noReason;
}

void tst_ConsentController::everyRule()
{
    QFETCH(QString, storedAnswer);
    QFETCH(QStringList, environment);
    QFETCH(QStringList, files);
    QFETCH(DecidedBy, decidedBy);
    QFETCH(bool, enabled);
    QFETCH(bool, canChange);
    QFETCH(QString, reasonMentions);

    Telemetry telemetry(config());
    ConsentController controller(&telemetry);
    // The answer first (it writes or removes the opt-out file), then the rules over it.
    if (!storedAnswer.isEmpty())
        telemetry.setConsent(storedAnswer == QLatin1String("granted"));
    QFile::remove(optOutFile());
    for (const QString &file : files) {
        if (file == QLatin1String("optout"))
            touch(optOutFile());
        else if (file.startsWith(QLatin1String("pref:")))
            touch(QDir::home().filePath(QStringLiteral(".automagik/telemetry_preference")), file.mid(5).toUtf8());
        else if (file == QLatin1String("admin"))
            QVERIFY(lockByAdministrator());
    }
    for (const QString &assignment : environment) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        qputenv(assignment.left(eq).toLatin1().constData(), assignment.mid(eq + 1).toUtf8());
    }
    controller.reload();

    QCOMPARE(controller.decidedBy(), decidedBy);
    QCOMPARE(controller.isEnabled(), enabled);
    QCOMPARE(controller.isEnabled(), telemetry.isEnabled());
    QCOMPARE(controller.canChange(), canChange);
    QCOMPARE(controller.consentState(), telemetry.consentState());
    QCOMPARE(controller.needsConsent(), telemetry.needsConsent());
    if (reasonMentions.isEmpty())
        QCOMPARE(controller.reason(), QString());
    else
        QVERIFY2(controller.reason().contains(reasonMentions), qPrintable(controller.reason()));
    // A controller made now sees the same.
    ConsentController later(&telemetry);
    QCOMPARE(later.decidedBy(), decidedBy);
    QCOMPARE(later.canChange(), canChange);
    QCOMPARE(later.reason(), controller.reason());

    // canChange says what an answer does: the opposite answer turns telemetry the other way, or nothing at all.
    const QString storedBefore = storedConsent();
    controller.setConsent(!enabled);
    if (canChange) {
        QCOMPARE(controller.isEnabled(), !enabled);
        QCOMPARE(telemetry.isEnabled(), !enabled);
        QCOMPARE(storedConsent(), enabled ? QStringLiteral("denied") : QStringLiteral("granted"));
        QCOMPARE(controller.decidedBy(), DecidedBy::User);
        QCOMPARE(controller.reason(), QString());
        controller.setConsent(enabled);
        QCOMPARE(controller.isEnabled(), enabled);
    } else {
        QCOMPARE(controller.isEnabled(), enabled);
        QCOMPARE(storedConsent(), storedBefore); // not even stored: it could not count
        QCOMPARE(controller.decidedBy(), decidedBy);
    }
}

void tst_ConsentController::signalsOncePerChange()
{
    Telemetry telemetry(config());
    ConsentController controller(&telemetry);
    ControllerSpies spies(&controller);
    QVERIFY(spies.isValid());

    // The state, who decided and whether to ask change at once: one consentChanged().
    controller.grant();
    // telemetryChanged enabledChanged consentChanged reasonChanged
    QCOMPARE(spies.counts(), QList<int>({0, 1, 1, 0}));
    QCOMPARE(spies.enabled.constLast().constFirst().toBool(), true);
    QCOMPARE(controller.consentState(), ConsentState::Granted);
    QCOMPARE(controller.decidedBy(), DecidedBy::User);
    QVERIFY(!controller.needsConsent());

    controller.grant(); // the same answer again changes nothing
    controller.reload();
    QCOMPARE(spies.counts(), QList<int>({0, 1, 1, 0}));

    spies.clear();
    controller.deny();
    QCOMPARE(spies.counts(), QList<int>({0, 1, 1, 0}));
    QCOMPARE(spies.enabled.constLast().constFirst().toBool(), false);
    QCOMPARE(controller.consentState(), ConsentState::Denied);
    QCOMPARE(controller.decidedBy(), DecidedBy::User); // the opt-out file deny() wrote is the user's own answer

    // Telemetry's own actions reach the controller too.
    spies.clear();
    telemetry.enable();
    QCOMPARE(spies.counts(), QList<int>({0, 1, 1, 0}));

    // A rule appears: off, someone else decided, no choice, and why.
    spies.clear();
    qputenv("DO_NOT_TRACK", "1");
    controller.reload();
    QCOMPARE(spies.counts(), QList<int>({0, 1, 1, 1}));
    QCOMPARE(controller.decidedBy(), DecidedBy::DoNotTrack);
    QVERIFY(!controller.canChange());
    QCOMPARE(spies.reason.constLast().constFirst().toString(), controller.reason());
    QVERIFY(!controller.reason().isEmpty());

    // Only what can change, changes: the stored answer under the rule (no enabledChanged, no reasonChanged).
    spies.clear();
    telemetry.disable();
    QCOMPARE(spies.counts(), QList<int>({0, 0, 1, 0}));
    QCOMPARE(controller.consentState(), ConsentState::Denied);

    spies.clear();
    controller.reload(); // nothing changed
    QCOMPARE(spies.counts(), QList<int>({0, 0, 0, 0}));
}

void tst_ConsentController::grantAndDenyArePersisted()
{
    {
        Telemetry telemetry(config());
        ConsentController controller(&telemetry);
        touch(optOutFile()); // another tool's no, undone by this user's yes
        controller.reload();
        QCOMPARE(controller.decidedBy(), DecidedBy::OptOutFile);
        controller.grant();
        QCOMPARE(storedConsent(), QStringLiteral("granted"));
        QVERIFY(!QFile::exists(optOutFile()));
    }
    {
        Telemetry telemetry(config()); // the next run
        ConsentController controller(&telemetry);
        QCOMPARE(controller.consentState(), ConsentState::Granted);
        QVERIFY(controller.isEnabled());
        QCOMPARE(controller.decidedBy(), DecidedBy::User);
        QVERIFY(!controller.needsConsent());
        controller.deny();
        QCOMPARE(storedConsent(), QStringLiteral("denied"));
        QVERIFY(QFile::exists(optOutFile())); // the other Automagik tools stop too
        QVERIFY(telemetry.userId().isEmpty());
    }
    Telemetry telemetry(config());
    ConsentController controller(&telemetry);
    QCOMPARE(controller.consentState(), ConsentState::Denied);
    QVERIFY(!controller.isEnabled());
    QCOMPARE(controller.decidedBy(), DecidedBy::User);
    QVERIFY(controller.canChange());
    QVERIFY(controller.reason().isEmpty());
}

void tst_ConsentController::aRuleAppearsAndGoes()
{
    Telemetry telemetry(config());
    ConsentController controller(&telemetry);
    controller.grant();
    QVERIFY(controller.isEnabled());

    qputenv("GITLAB_CI", "true");
    controller.reload();
    QCOMPARE(controller.decidedBy(), DecidedBy::ContinuousIntegration);
    QVERIFY(!controller.isEnabled());
    QVERIFY(!controller.canChange());
    QVERIFY(controller.reason().contains(QLatin1String("GITLAB_CI")));

    qunsetenv("GITLAB_CI");
    controller.reload();
    QCOMPARE(controller.decidedBy(), DecidedBy::User); // the answer given before counts again
    QVERIFY(controller.isEnabled());
    QVERIFY(controller.canChange());
    QVERIFY(controller.reason().isEmpty());
}

void tst_ConsentController::actionsDoNothingWhenTheAnswerCannotCount()
{
    QVERIFY(lockByAdministrator());
    Telemetry telemetry(config());
    ConsentController controller(&telemetry);
    QCOMPARE(controller.decidedBy(), DecidedBy::Administrator);
    QVERIFY(!controller.canChange());
    QVERIFY(!controller.needsConsent()); // nobody is asked a question whose answer cannot count
    QCOMPARE(controller.reason(), ConsentTexts().lockedByAdministrator());

    ControllerSpies spies(&controller);
    QVERIFY(spies.isValid());
    controller.grant();
    controller.setConsent(true);
    controller.deny();
    QCOMPARE(spies.counts(), QList<int>({0, 0, 0, 0}));
    QVERIFY(storedConsent().isEmpty());
    QVERIFY(!QFile::exists(optOutFile()));
    QVERIFY(!telemetry.isEnabled());
}

void tst_ConsentController::newPolicyVersionAsksAgain()
{
    {
        Telemetry v1(config(1));
        ConsentController controller(&v1);
        controller.grant();
        QVERIFY(!controller.needsConsent());
    }
    Telemetry v2(config(2));
    ConsentController controller(&v2);
    QVERIFY(controller.needsConsent());
    QCOMPARE(controller.consentState(), ConsentState::Undecided);
    QCOMPARE(controller.decidedBy(), DecidedBy::Nobody);
    QVERIFY(!controller.isEnabled());
    QVERIFY(controller.canChange());
}

void tst_ConsentController::followsItsClient()
{
    auto granted = std::make_unique<Telemetry>(config());
    granted->enable();
    TelemetryConfig lockedConfig = config();
    lockedConfig.setSettingsFile(m_sandbox->filePath(QStringLiteral("other.ini")));
    qputenv("DO_NOT_TRACK", "1");
    Telemetry dnt(lockedConfig);

    ConsentController controller;
    ControllerSpies spies(&controller);
    QVERIFY(spies.isValid());
    controller.setTelemetry(&dnt);
    QCOMPARE(controller.telemetry(), &dnt);
    QCOMPARE(spies.telemetry.count(), 1);
    QCOMPARE(controller.decidedBy(), DecidedBy::DoNotTrack);
    QVERIFY(!controller.canChange());

    controller.setTelemetry(&dnt); // the same client: nothing
    QCOMPARE(spies.telemetry.count(), 1);

    // Without DO_NOT_TRACK, the first client's yes is what its consent reads.
    qunsetenv("DO_NOT_TRACK");
    granted->consent()->reload();
    spies.clear();
    controller.setTelemetry(granted.get());
    QCOMPARE(spies.telemetry.count(), 1);
    QCOMPARE(controller.decidedBy(), DecidedBy::User);
    QVERIFY(controller.isEnabled());
    QVERIFY(controller.canChange());
    QCOMPARE(spies.counts(), QList<int>({1, 1, 1, 1}));

    // The client goes away: the controller lets go of it.
    spies.clear();
    granted.reset();
    QCOMPARE(controller.telemetry(), nullptr);
    QCOMPARE(spies.telemetry.count(), 1);
    QVERIFY(!controller.isEnabled());
    QVERIFY(!controller.canChange());
    QCOMPARE(controller.decidedBy(), DecidedBy::Nobody);
    QCOMPARE(spies.counts(), QList<int>({1, 1, 1, 0}));
    controller.grant(); // nothing to call: must not crash
}

void tst_ConsentController::reasonFollowsTheLanguage()
{
    if (!ConsentTexts::availableLanguages().contains(QStringLiteral("de"))) {
        // Not QSKIP: with one argument it warns under clang's -Wpedantic on Qt 6.4.
        QTest::qSkip("the library was built without translations", __FILE__, __LINE__);
        return;
    }
    qputenv("DO_NOT_TRACK", "1");
    Telemetry telemetry(config());
    ConsentController controller(&telemetry);
    const QString english = controller.reason();
    QVERIFY(english.contains(QLatin1String("DO_NOT_TRACK")));
    QSignalSpy reason(&controller, &ConsentController::reasonChanged);
    QVERIFY(reason.isValid());

    QVERIFY(ConsentTexts::installTranslator(QLocale(QLocale::German)));
    QCOMPARE(reason.count(), 1);
    QVERIFY(controller.reason() != english);
    QVERIFY(controller.reason().contains(QLatin1String("DO_NOT_TRACK"))); // the variable's name is not translated
    QCOMPARE(reason.constLast().constFirst().toString(), controller.reason());

    ConsentTexts::installTranslator(QLocale::c());
    QCOMPARE(reason.count(), 2);
    QCOMPARE(controller.reason(), english);
}

QTEST_GUILESS_MAIN(tst_ConsentController)
#include "tst_consentcontroller.moc"
