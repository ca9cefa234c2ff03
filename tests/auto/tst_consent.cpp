// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Consent: the stored answer (QSettings), its categories and policy version, the anonymous id,
// and every rule that overrides the answer, in order.

#include "testsupport.h"

#include <automagik/consent.h>

#include <QtCore/QSettings>
#include <QtCore/QUuid>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Automagik;
using namespace TestSupport;

class tst_Consent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void undecidedByDefault();
    void grantPersistsAcrossInstances();
    void denyWritesOptOutFileAndForgetsTheId();
    void laterGrantGetsANewId();
    void raisingThePolicyVersionAsksAgain();
    void categories();
    void rulesOverrideTheStoredAnswer_data();
    void rulesOverrideTheStoredAnswer();
    void preferenceFileOfTheOtherSdks_data();
    void preferenceFileOfTheOtherSdks();
    void administratorLockWinsOverEverything_data();
    void administratorLockWinsOverEverything();
    void sharedUserIdIsAnExplicitOptIn();
    void hostileSettingsAreNoAnswer();
    void signalsOnlyOnChange();

private:
    TelemetryConfig config(int policyVersion = 1) const;
    static void touch(const QString &path, const QByteArray &content = {});

    QTemporaryDir m_home;
    QString m_systemScope; // the administrator's scope (/etc/xdg on Linux), the sandbox's own
    std::unique_ptr<QTemporaryDir> m_settingsDir;
};

void tst_Consent::initTestCase()
{
    QVERIFY(m_home.isValid());
    isolateEnvironment(m_home); // redirects the system-scope QSettings too
    m_systemScope = QDir(m_home.path()).filePath(QStringLiteral("system"));
    QSettings policy(QSettings::NativeFormat, QSettings::SystemScope, QStringLiteral("TestOrg"), QStringLiteral("probe"));
    QVERIFY2(policy.fileName().startsWith(m_systemScope), qPrintable(policy.fileName()));
    QCoreApplication::setOrganizationName(QStringLiteral("TestOrg"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_consent"));
}

void tst_Consent::init()
{
    m_settingsDir = std::make_unique<QTemporaryDir>();
}

void tst_Consent::cleanup()
{
    isolateEnvironment(m_home);
    QDir(m_home.path()).removeRecursively();
    QDir().mkpath(m_home.path());
    QDir(m_systemScope).removeRecursively();
    QDir().mkpath(m_systemScope);
}

TelemetryConfig tst_Consent::config(int policyVersion) const
{
    TelemetryConfig c(QStringLiteral("consent-app"), QStringLiteral("1.0"));
    c.setSettingsFile(m_settingsDir->filePath(QStringLiteral("telemetry.ini")));
    c.setConsentPolicyVersion(policyVersion);
    return c;
}

void tst_Consent::touch(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

void tst_Consent::undecidedByDefault()
{
    Consent consent(config());
    QCOMPARE(consent.state(), ConsentState::Undecided);
    QVERIFY(consent.needsConsent());
    QCOMPARE(int(consent.effectiveCategories()), 0);
    QCOMPARE(consent.decidedBy(), QStringLiteral("default"));
    QVERIFY(consent.userId().isEmpty());
    QCOMPARE(consent.answeredPolicyVersion(), 0);
    QVERIFY(!consent.answeredAt().isValid());
    QVERIFY(!QFile::exists(config().settingsFile())); // reading writes nothing
}

void tst_Consent::grantPersistsAcrossInstances()
{
    touch(optOutFile());
    QString id;
    {
        Consent consent(config());
        QCOMPARE(consent.decidedBy(), QStringLiteral("opt-out-file"));
        consent.grant();
        QCOMPARE(consent.state(), ConsentState::Granted);
        QCOMPARE(consent.effectiveCategories(), ConsentCategories(ConsentCategory::AllCategories));
        QCOMPARE(consent.decidedBy(), QStringLiteral("stored-consent"));
        QVERIFY(!consent.needsConsent());
        QVERIFY(!QFile::exists(optOutFile())); // the shared opt-out file follows the answer
        id = consent.userId();
        QVERIFY(!QUuid::fromString(id).isNull());
    }
    Consent again(config());
    QCOMPARE(again.state(), ConsentState::Granted);
    QCOMPARE(again.userId(), id);
    QCOMPARE(again.answeredPolicyVersion(), 1);
    QVERIFY(qAbs(again.answeredAt().secsTo(QDateTime::currentDateTimeUtc())) < 60);
}

void tst_Consent::denyWritesOptOutFileAndForgetsTheId()
{
    Consent consent(config());
    consent.grant();
    QVERIFY(!consent.userId().isEmpty());
    QSignalSpy idChanged(&consent, &Consent::userIdChanged);
    consent.deny();
    QCOMPARE(consent.state(), ConsentState::Denied);
    QCOMPARE(int(consent.effectiveCategories()), 0);
    QVERIFY(!consent.needsConsent());
    QVERIFY(QFile::exists(optOutFile()));
    QVERIFY(consent.userId().isEmpty());
    QCOMPARE(idChanged.count(), 1);
    QSettings stored(config().settingsFile(), QSettings::IniFormat);
    QVERIFY(!stored.contains(QStringLiteral("AutomagikTelemetry/userId")));
    QCOMPARE(stored.value(QStringLiteral("AutomagikTelemetry/consent")).toString(), QStringLiteral("denied"));
}

void tst_Consent::laterGrantGetsANewId()
{
    Consent consent(config());
    consent.grant();
    const QString first = consent.userId();
    consent.deny();
    consent.grant();
    QVERIFY(!consent.userId().isEmpty());
    QVERIFY(consent.userId() != first); // a later opt-in cannot be linked to earlier data
}

void tst_Consent::raisingThePolicyVersionAsksAgain()
{
    {
        Consent v1(config(1));
        v1.grant();
    }
    Consent v2(config(2));
    QCOMPARE(v2.state(), ConsentState::Undecided);
    QVERIFY(v2.needsConsent());
    QCOMPARE(int(v2.effectiveCategories()), 0); // the old yes does not cover the new policy
    QCOMPARE(v2.answeredPolicyVersion(), 1);
    v2.grant();
    QCOMPARE(v2.answeredPolicyVersion(), 2);
    QVERIFY(!v2.needsConsent());
    Consent stillV1(config(1)); // an answer to a newer policy also covers older ones
    QCOMPARE(stillV1.state(), ConsentState::Granted);
}

void tst_Consent::categories()
{
    Consent consent(config());
    consent.setGrantedCategories(ConsentCategory::UsageEvents | ConsentCategory::Diagnostics);
    QCOMPARE(consent.state(), ConsentState::Granted);
    QCOMPARE(consent.effectiveCategories(), ConsentCategory::UsageEvents | ConsentCategory::Diagnostics);
    Consent reread(config());
    QCOMPARE(reread.grantedCategories(), ConsentCategory::UsageEvents | ConsentCategory::Diagnostics);
    consent.setGrantedCategories({});
    QCOMPARE(consent.state(), ConsentState::Denied);
    QCOMPARE(int(consent.effectiveCategories()), 0);
}

void tst_Consent::rulesOverrideTheStoredAnswer_data()
{
    QTest::addColumn<bool>("storedYes");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<bool>("expectOn");
    QTest::addColumn<QString>("decidedBy");

    const QString env = QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED");
    QTest::newRow("stored yes") << true << QStringList{} << QStringList{} << true << QStringLiteral("stored-consent");
    QTest::newRow("stored no") << false << QStringList{} << QStringList{} << false << QStringLiteral("stored-consent");
    QTest::newRow("env false beats stored yes") << true << QStringList{QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=false")} << QStringList{} << false << env;
    QTest::newRow("env true beats stored no") << false << QStringList{QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=true")} << QStringList{} << true << env;
    QTest::newRow("env true beats DO_NOT_TRACK") << false << QStringList{QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=yes"), QStringLiteral("DO_NOT_TRACK=1")} << QStringList{} << true << env;
    QTest::newRow("DO_NOT_TRACK beats stored yes") << true << QStringList{QStringLiteral("DO_NOT_TRACK=1")} << QStringList{} << false << QStringLiteral("env:DO_NOT_TRACK");
    QTest::newRow("DO_NOT_TRACK beats the preference file") << true << QStringList{QStringLiteral("DO_NOT_TRACK=1")} << QStringList{QStringLiteral("pref:enabled")} << false << QStringLiteral("env:DO_NOT_TRACK");
    QTest::newRow("opt-out file beats stored yes") << true << QStringList{} << QStringList{QStringLiteral("optout")} << false << QStringLiteral("opt-out-file");
    QTest::newRow("opt-out file beats the preference file") << true << QStringList{} << QStringList{QStringLiteral("optout"), QStringLiteral("pref:enabled")} << false << QStringLiteral("opt-out-file");
    QTest::newRow("preference file beats CI") << false << QStringList{QStringLiteral("CI=true")} << QStringList{QStringLiteral("pref:enabled")} << true << QStringLiteral("preference-file");
    QTest::newRow("CI beats stored yes") << true << QStringList{QStringLiteral("GITHUB_ACTIONS=true")} << QStringList{} << false << QStringLiteral("ci:GITHUB_ACTIONS");
    QTest::newRow("CI beats ENVIRONMENT") << true << QStringList{QStringLiteral("GITLAB_CI=1"), QStringLiteral("ENVIRONMENT=production")} << QStringList{} << false << QStringLiteral("ci:GITLAB_CI");
    QTest::newRow("ENVIRONMENT=development beats stored yes") << true << QStringList{QStringLiteral("ENVIRONMENT=development")} << QStringList{} << false << QStringLiteral("env:ENVIRONMENT");
    QTest::newRow("ENVIRONMENT=production decides nothing") << true << QStringList{QStringLiteral("ENVIRONMENT=production")} << QStringList{} << true << QStringLiteral("stored-consent");
}

void tst_Consent::rulesOverrideTheStoredAnswer()
{
    QFETCH(bool, storedYes);
    QFETCH(QStringList, environment);
    QFETCH(QStringList, files);
    QFETCH(bool, expectOn);
    QFETCH(QString, decidedBy);

    Consent consent(config());
    consent.setConsent(storedYes); // writes or removes the opt-out file itself: files come after
    for (const QString &file : files) {
        if (file == QLatin1String("optout"))
            touch(optOutFile());
        else if (file.startsWith(QLatin1String("pref:")))
            touch(QDir::home().filePath(QStringLiteral(".automagik/telemetry_preference")), file.mid(5).toUtf8());
    }
    if (!storedYes && !files.contains(QStringLiteral("optout")))
        QFile::remove(optOutFile()); // isolate the rule under test from deny()'s opt-out file
    for (const QString &assignment : environment) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        qputenv(assignment.left(eq).toLatin1().constData(), assignment.mid(eq + 1).toUtf8());
    }
    consent.reload();
    QCOMPARE(bool(consent.effectiveCategories()), expectOn);
    QCOMPARE(consent.decidedBy(), decidedBy);
    QCOMPARE(consent.state(), storedYes ? ConsentState::Granted : ConsentState::Denied); // the answer itself stays
}

void tst_Consent::preferenceFileOfTheOtherSdks_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("expectOn");
    QTest::newRow("enabled") << QByteArray("enabled") << true;
    QTest::newRow("true with newline") << QByteArray("true\n") << true;
    QTest::newRow("YES") << QByteArray("YES") << true;
    QTest::newRow("1") << QByteArray("1") << true;
    QTest::newRow("disabled") << QByteArray("disabled") << false;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("garbage") << QByteArray("\xff\xfe\x00zz", 5) << false;
}

void tst_Consent::preferenceFileOfTheOtherSdks()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, expectOn);
    touch(QDir::home().filePath(QStringLiteral(".automagik/telemetry_preference")), content);
    Consent consent(config());
    QCOMPARE(bool(consent.effectiveCategories()), expectOn);
    QCOMPARE(consent.decidedBy(), QStringLiteral("preference-file"));
    QVERIFY(!consent.needsConsent()); // the user already answered for the SDK family
    QCOMPARE(!consent.userId().isEmpty(), expectOn);
}

void tst_Consent::administratorLockWinsOverEverything_data()
{
    QTest::addColumn<QString>("policyFile");
    QTest::newRow("this application") << QStringLiteral("TestOrg/tst_consent.conf");
    QTest::newRow("every application") << QStringLiteral("Automagik/Telemetry.conf");
}

void tst_Consent::administratorLockWinsOverEverything()
{
    QFETCH(QString, policyFile);
    Consent consent(config());
    consent.grant();
    QVERIFY(consent.effectiveCategories());
    touch(QDir(m_systemScope).filePath(policyFile), "[AutomagikTelemetry]\ndisabled=true\n");
    qputenv("AUTOMAGIK_TELEMETRY_ENABLED", "true");
    QSignalSpy changed(&consent, &Consent::consentChanged);
    consent.reload();
    QCOMPARE(changed.count(), 1);
    QVERIFY(consent.isLockedByAdministrator());
    QCOMPARE(int(consent.effectiveCategories()), 0);
    QCOMPARE(consent.decidedBy(), QStringLiteral("admin-policy"));
    QVERIFY(!consent.needsConsent()); // nobody should be asked a question whose answer cannot count
    Consent fresh(config());
    QCOMPARE(int(fresh.effectiveCategories()), 0);
}

void tst_Consent::sharedUserIdIsAnExplicitOptIn()
{
    const QString shared = QDir::home().filePath(QStringLiteral(".automagik/user_id"));
    {
        Consent own(config());
        own.grant();
        QVERIFY(!QFile::exists(shared)); // off by default: no link to the other tools' data
    }
    touch(shared, "0b8e5c8e-3f5c-4d5e-9a0b-1c2d3e4f5a6b");
    TelemetryConfig sharing = config();
    sharing.setSettingsFile(m_settingsDir->filePath(QStringLiteral("other.ini")));
    sharing.setShareUserIdWithOtherSdks(true);
    Consent consent(sharing);
    QVERIFY(consent.userId().isEmpty()); // still nothing before a yes
    consent.grant();
    QCOMPARE(consent.userId(), QStringLiteral("0b8e5c8e-3f5c-4d5e-9a0b-1c2d3e4f5a6b"));
}

void tst_Consent::hostileSettingsAreNoAnswer()
{
    touch(config().settingsFile(), "[AutomagikTelemetry]\nconsent=granted\ncategories=lots\npolicyVersion=-7\n"
                                   "userId=\"'; DROP TABLE\"\nansweredAt=yesterday\n");
    Consent consent(config());
    QCOMPARE(consent.state(), ConsentState::Undecided); // no valid policy version: not an answer
    QVERIFY(consent.needsConsent());
    QCOMPARE(int(consent.effectiveCategories()), 0);

    touch(config().settingsFile(), QByteArray(4096, '\xff'));
    Consent garbage(config());
    QCOMPARE(garbage.state(), ConsentState::Undecided);
    garbage.grant(); // and a garbage file does not stop a new answer
    QCOMPARE(garbage.state(), ConsentState::Granted);
    QVERIFY(!QUuid::fromString(garbage.userId()).isNull());
}

void tst_Consent::signalsOnlyOnChange()
{
    Consent consent(config());
    QSignalSpy changed(&consent, &Consent::consentChanged);
    consent.reload();
    QCOMPARE(changed.count(), 0);
    consent.grant();
    QCOMPARE(changed.count(), 1);
    consent.grant();
    QCOMPARE(changed.count(), 1);
    consent.setGrantedCategories(ConsentCategory::UsageEvents);
    QCOMPARE(changed.count(), 2);
    consent.deny();
    QCOMPARE(changed.count(), 3);
}

QTEST_GUILESS_MAIN(tst_Consent)
#include "tst_consent.moc"
