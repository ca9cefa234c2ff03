// SPDX-License-Identifier: MIT
// ConsentRules::decide(): the environment's say on consent, in the order the
// SDK family documents (REFERENCE.md §2.1, DESIGN.md "Consent and privacy").
// The environment and the home directory are inputs, so nothing here reads
// the real ones.
#include "client/consentrules.h"

#include <QDir>
#include <QSet>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using Automagik::Internal::ConsentDecision;
using Automagik::Internal::ConsentRules;

namespace {

QProcessEnvironment makeEnvironment(const QStringList &assignments)
{
    QProcessEnvironment env;
    for (const QString &assignment : assignments) {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        Q_ASSERT(eq > 0);
        env.insert(assignment.left(eq), assignment.mid(eq + 1));
    }
    return env;
}

// Row names with control characters spoil the test log; show them escaped.
QByteArray tag(const char *value)
{
    QByteArray t(value);
    t.replace('\t', "\\t").replace('\n', "\\n");
    return t;
}

const QString kEnabledBy = QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED");

} // namespace

class tst_ConsentRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void decide_data();
    void decide();
    void everyCiVariable_data();
    void everyCiVariable();
    void ciVariablesIncludeTheSdkSet();
    void optOutFileInAnotherHomeDoesNotCount();
    void optOutDirectoryCounts();
    void optOutFileAssumed_data();
    void optOutFileAssumed();
    void isTruthy_data();
    void isTruthy();
    void optOutFilePath();

private:
    void createOptOutFile();
    std::unique_ptr<QTemporaryDir> m_home;
};

void tst_ConsentRules::init()
{
    m_home = std::make_unique<QTemporaryDir>();
    QVERIFY(m_home->isValid());
}

void tst_ConsentRules::cleanup()
{
    m_home.reset();
}

void tst_ConsentRules::createOptOutFile()
{
    QFile file(ConsentRules::optOutFilePath(m_home->path()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    QVERIFY(QFile::exists(QDir(m_home->path()).filePath(QStringLiteral(".automagik-no-telemetry"))));
}

void tst_ConsentRules::decide_data()
{
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<bool>("optOutFile");
    QTest::addColumn<bool>("decided");
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("decidedBy");

    const QString ev = QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=");

    // 1. AUTOMAGIK_TELEMETRY_ENABLED decides whenever it is set, to any value.
    for (const char *v : {"true", "1", "yes", "on", "TRUE", "True", " yes ", "On", "\tON\n"})
        QTest::addRow("enabled=%s", tag(v).constData())
            << QStringList{ev + QLatin1String(v)} << false << true << true << kEnabledBy;
    for (const char *v : {"false", "0", "no", "off", "", " ", "garbage", "2", "y", "enabled", "truee"})
        QTest::addRow("enabled='%s'", tag(v).constData())
            << QStringList{ev + QLatin1String(v)} << false << true << false << kEnabledBy;

    // An explicit yes beats every rule below it; an explicit no is a no even where nothing else objects.
    QTest::newRow("true-beats-opt-out-file") << QStringList{ev + QLatin1String("true")} << true << true << true
                                             << kEnabledBy;
    QTest::newRow("true-beats-ci") << QStringList{ev + QLatin1String("true"), QStringLiteral("CI=true")} << false
                                   << true << true << kEnabledBy;
    QTest::newRow("true-beats-github") << QStringList{ev + QLatin1String("1"), QStringLiteral("GITHUB_ACTIONS=true")}
                                       << false << true << true << kEnabledBy;
    QTest::newRow("true-beats-environment")
        << QStringList{ev + QLatin1String("yes"), QStringLiteral("ENVIRONMENT=development")} << false << true << true
        << kEnabledBy;
    QTest::newRow("true-beats-do-not-track")
        << QStringList{ev + QLatin1String("true"), QStringLiteral("DO_NOT_TRACK=1")} << false << true << true
        << kEnabledBy;
    QTest::newRow("false-with-opt-out-file") << QStringList{ev + QLatin1String("false")} << true << true << false
                                             << kEnabledBy;

    // 2. DO_NOT_TRACK=1 (consoledonottrack.com).
    QTest::newRow("do-not-track") << QStringList{QStringLiteral("DO_NOT_TRACK=1")} << false << true << false
                                  << QStringLiteral("env:DO_NOT_TRACK");
    QTest::newRow("do-not-track-padded") << QStringList{QStringLiteral("DO_NOT_TRACK= 1 ")} << false << true << false
                                         << QStringLiteral("env:DO_NOT_TRACK");
    QTest::newRow("do-not-track-before-opt-out-file")
        << QStringList{QStringLiteral("DO_NOT_TRACK=1")} << true << true << false << QStringLiteral("env:DO_NOT_TRACK");
    QTest::newRow("do-not-track-0") << QStringList{QStringLiteral("DO_NOT_TRACK=0")} << false << false << false
                                    << QString();
    QTest::newRow("do-not-track-empty") << QStringList{QStringLiteral("DO_NOT_TRACK=")} << false << false << false
                                        << QString();

    // 3. The opt-out file shared by every Automagik SDK.
    QTest::newRow("opt-out-file") << QStringList() << true << true << false << QStringLiteral("opt-out-file");
    QTest::newRow("opt-out-file-before-ci") << QStringList{QStringLiteral("CI=true")} << true << true << false
                                            << QStringLiteral("opt-out-file");

    // 4. CI: any non-empty value counts, even "false"; an empty one does not.
    QTest::newRow("ci-true") << QStringList{QStringLiteral("CI=true")} << false << true << false
                             << QStringLiteral("ci:CI");
    QTest::newRow("ci-false-still-ci") << QStringList{QStringLiteral("CI=false")} << false << true << false
                                       << QStringLiteral("ci:CI");
    QTest::newRow("ci-empty") << QStringList{QStringLiteral("CI=")} << false << false << false << QString();
    QTest::newRow("ci-before-environment")
        << QStringList{QStringLiteral("GITLAB_CI=true"), QStringLiteral("ENVIRONMENT=dev")} << false << true << false
        << QStringLiteral("ci:GITLAB_CI");
    QTest::newRow("jenkins-url") << QStringList{QStringLiteral("JENKINS_URL=http://jenkins.local/")} << false << true
                                 << false << QStringLiteral("ci:JENKINS_URL");

    // 5. ENVIRONMENT, exact and case-sensitive as in both SDKs.
    for (const char *v : {"development", "dev", "test", "testing"})
        QTest::addRow("environment=%s", v) << QStringList{QStringLiteral("ENVIRONMENT=") + QLatin1String(v)} << false
                                           << true << false << QStringLiteral("env:ENVIRONMENT");
    for (const char *v : {"Development", "DEV", "production", "staging", "", "tests"})
        QTest::addRow("environment='%s'", v) << QStringList{QStringLiteral("ENVIRONMENT=") + QLatin1String(v)}
                                             << false << false << false << QString();

    // Nothing decides: the stored answer or the default (off) applies.
    QTest::newRow("nothing") << QStringList() << false << false << false << QString();
    QTest::newRow("unrelated") << QStringList{QStringLiteral("PATH=/usr/bin"), QStringLiteral("LANG=C.UTF-8"),
                                              QStringLiteral("AUTOMAGIK_TELEMETRY_VERBOSE=true")}
                               << false << false << false << QString();
}

void tst_ConsentRules::decide()
{
    QFETCH(QStringList, environment);
    QFETCH(bool, optOutFile);
    QFETCH(bool, decided);
    QFETCH(bool, enabled);
    QFETCH(QString, decidedBy);

    if (optOutFile) {
        createOptOutFile();
        if (QTest::currentTestFailed())
            return;
    }
    const ConsentDecision d = ConsentRules::decide(makeEnvironment(environment), m_home->path());
    QCOMPARE(d.decided, decided);
    QCOMPARE(d.enabled, enabled);
    if (decided)
        QCOMPARE(d.decidedBy, decidedBy);
    // Never "enabled" without a decision: the default is off.
    QVERIFY(d.decided || !d.enabled);
}

void tst_ConsentRules::everyCiVariable_data()
{
    QTest::addColumn<QString>("variable");
    for (const QString &var : ConsentRules::ciVariables())
        QTest::newRow(qPrintable(var)) << var;
}

void tst_ConsentRules::everyCiVariable()
{
    QFETCH(QString, variable);

    const ConsentDecision set =
        ConsentRules::decide(makeEnvironment({variable + QStringLiteral("=true")}), m_home->path());
    QVERIFY(set.decided);
    QVERIFY(!set.enabled);
    QCOMPARE(set.decidedBy, QStringLiteral("ci:") + variable);

    const ConsentDecision anyValue =
        ConsentRules::decide(makeEnvironment({variable + QStringLiteral("=0")}), m_home->path());
    QVERIFY(anyValue.decided);
    QVERIFY(!anyValue.enabled);

    const ConsentDecision empty = ConsentRules::decide(makeEnvironment({variable + QLatin1Char('=')}), m_home->path());
    QVERIFY(!empty.decided);
    QVERIFY(!empty.enabled);

    // The explicit variable still wins in CI.
    const ConsentDecision explicitOn = ConsentRules::decide(
        makeEnvironment({variable + QStringLiteral("=true"), QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=true")}),
        m_home->path());
    QVERIFY(explicitOn.decided);
    QVERIFY(explicitOn.enabled);
}

void tst_ConsentRules::ciVariablesIncludeTheSdkSet()
{
    const QStringList &vars = ConsentRules::ciVariables();
    // The SDKs' six, plus the ones real CI systems set (Jenkins sets JENKINS_URL).
    for (const char *required :
         {"CI", "GITHUB_ACTIONS", "TRAVIS", "JENKINS", "GITLAB_CI", "CIRCLECI", "JENKINS_URL", "BUILDKITE"})
        QVERIFY2(vars.contains(QLatin1String(required)), required);
    QCOMPARE(QSet<QString>(vars.cbegin(), vars.cend()).size(), vars.size());
}

void tst_ConsentRules::optOutFileInAnotherHomeDoesNotCount()
{
    createOptOutFile();
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir otherHome;
    QVERIFY(otherHome.isValid());
    const ConsentDecision d = ConsentRules::decide(QProcessEnvironment(), otherHome.path());
    QVERIFY(!d.decided);
    QVERIFY(!d.enabled);

    // And removing the file takes the rule away again.
    QVERIFY(ConsentRules::decide(QProcessEnvironment(), m_home->path()).decided);
    QVERIFY(QFile::remove(ConsentRules::optOutFilePath(m_home->path())));
    QVERIFY(!ConsentRules::decide(QProcessEnvironment(), m_home->path()).decided);
}

void tst_ConsentRules::optOutDirectoryCounts()
{
    // The SDKs test for existence, so a directory of that name opts out as well.
    QVERIFY(QDir(m_home->path()).mkdir(QStringLiteral(".automagik-no-telemetry")));
    const ConsentDecision d = ConsentRules::decide(QProcessEnvironment(), m_home->path());
    QVERIFY(d.decided);
    QVERIFY(!d.enabled);
    QCOMPARE(d.decidedBy, QStringLiteral("opt-out-file"));
}

void tst_ConsentRules::optOutFileAssumed_data()
{
    // What a grant (which removes the file) or a deny (which writes it) would leave: the file on disk does not count.
    QTest::addColumn<bool>("fileOnDisk");
    QTest::addColumn<QStringList>("environment");
    QTest::addColumn<int>("assume"); // ConsentRules::OptOutFile
    QTest::addColumn<bool>("decided");
    QTest::addColumn<QString>("decidedBy");

    const int absent = int(ConsentRules::OptOutFile::Absent);
    const int present = int(ConsentRules::OptOutFile::Present);
    const QString optOut = QStringLiteral("opt-out-file");
    QTest::newRow("present, none on disk") << false << QStringList{} << present << true << optOut;
    QTest::newRow("absent, one on disk") << true << QStringList{} << absent << false << QString();
    QTest::newRow("absent, CI comes next") << true << QStringList{QStringLiteral("CI=true")} << absent << true
                                           << QStringLiteral("ci:CI");
    QTest::newRow("present, DO_NOT_TRACK comes first") << false << QStringList{QStringLiteral("DO_NOT_TRACK=1")}
                                                       << present << true << QStringLiteral("env:DO_NOT_TRACK");
    QTest::newRow("present, the variable comes first") << false
                                                       << QStringList{QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED=1")}
                                                       << present << true << kEnabledBy;
}

void tst_ConsentRules::optOutFileAssumed()
{
    QFETCH(bool, fileOnDisk);
    QFETCH(QStringList, environment);
    QFETCH(int, assume);
    QFETCH(bool, decided);
    QFETCH(QString, decidedBy);

    if (fileOnDisk)
        createOptOutFile();
    const ConsentDecision d = ConsentRules::decide(makeEnvironment(environment), m_home->path(), false,
                                                   ConsentRules::OptOutFile(assume));
    QCOMPARE(d.decided, decided);
    QCOMPARE(d.decidedBy, decidedBy);
    if (decidedBy != kEnabledBy)
        QVERIFY(!d.enabled);
    QCOMPARE(QFile::exists(ConsentRules::optOutFilePath(m_home->path())), fileOnDisk); // only assumed, never written
}

void tst_ConsentRules::isTruthy_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("truthy");

    for (const char *v : {"true", "1", "yes", "on", "TRUE", "Yes", "oN", " true", "1 ", "\tyes\n"})
        QTest::addRow("'%s'", tag(v).constData()) << QString::fromLatin1(v) << true;
    for (const char *v : {"", " ", "false", "0", "no", "off", "2", "-1", "y", "t", "enable", "yess", "tru e"})
        QTest::addRow("'%s'", tag(v).constData()) << QString::fromLatin1(v) << false;
    QTest::newRow("null") << QString() << false;
}

void tst_ConsentRules::isTruthy()
{
    QFETCH(QString, value);
    QFETCH(bool, truthy);
    QCOMPARE(ConsentRules::isTruthy(value), truthy);
}

void tst_ConsentRules::optOutFilePath()
{
    const QString home = m_home->path();
    const QString expected = QDir(home).absoluteFilePath(QStringLiteral(".automagik-no-telemetry"));
    QCOMPARE(QDir::cleanPath(ConsentRules::optOutFilePath(home)), QDir::cleanPath(expected));
    QCOMPARE(QDir::cleanPath(ConsentRules::optOutFilePath(home + QLatin1Char('/'))), QDir::cleanPath(expected));
    QVERIFY(ConsentRules::optOutFilePath(home).endsWith(QLatin1String("/.automagik-no-telemetry")));
}

QTEST_GUILESS_MAIN(tst_ConsentRules)
#include "tst_consentrules.moc"
