// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "consentrules.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>

namespace Automagik::Internal {

bool ConsentRules::isTruthy(const QString &value)
{
    const QString v = value.trimmed().toLower();
    return v == QLatin1String("true") || v == QLatin1String("1") || v == QLatin1String("yes")
        || v == QLatin1String("on");
}

const QStringList &ConsentRules::ciVariables()
{
    // The SDKs' six, plus the variables real CI systems set (Jenkins sets JENKINS_URL, not JENKINS).
    static const QStringList vars{
        QStringLiteral("CI"),          QStringLiteral("GITHUB_ACTIONS"), QStringLiteral("TRAVIS"),
        QStringLiteral("JENKINS"),     QStringLiteral("JENKINS_URL"),    QStringLiteral("GITLAB_CI"),
        QStringLiteral("CIRCLECI"),    QStringLiteral("BUILDKITE"),      QStringLiteral("TF_BUILD"),
        QStringLiteral("TEAMCITY_VERSION"), QStringLiteral("BITBUCKET_BUILD_NUMBER"), QStringLiteral("CODEBUILD_BUILD_ID"),
    };
    return vars;
}

QString ConsentRules::optOutFilePath(const QString &homePath)
{
    return QDir(homePath).filePath(QStringLiteral(".automagik-no-telemetry"));
}

ConsentDecision ConsentRules::decide(const QProcessEnvironment &env, const QString &homePath)
{
    const QString enabledVar = QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED");
    if (env.contains(enabledVar)) {
        const bool on = isTruthy(env.value(enabledVar));
        return {true, on, QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED")};
    }
    if (env.value(QStringLiteral("DO_NOT_TRACK")).trimmed() == QLatin1String("1"))
        return {true, false, QStringLiteral("env:DO_NOT_TRACK")};
    if (QFileInfo::exists(optOutFilePath(homePath)))
        return {true, false, QStringLiteral("opt-out-file")};
    for (const QString &var : ciVariables()) {
        if (!env.value(var).isEmpty())
            return {true, false, QStringLiteral("ci:") + var};
    }
    const QString environment = env.value(QStringLiteral("ENVIRONMENT"));
    if (environment == QLatin1String("development") || environment == QLatin1String("dev")
        || environment == QLatin1String("test") || environment == QLatin1String("testing"))
        return {true, false, QStringLiteral("env:ENVIRONMENT")};
    return {};
}

} // namespace Automagik::Internal
