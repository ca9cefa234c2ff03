// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/consentrules.h"

#include "client/otelenvironment.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
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

QString ConsentRules::preferenceFilePath(const QString &homePath)
{
    return QDir(homePath).filePath(QStringLiteral(".automagik/telemetry_preference"));
}

ConsentDecision ConsentRules::decide(const QProcessEnvironment &env, const QString &homePath,
                                     bool lockedByAdministrator, OptOutFile optOutFile)
{
    // The machine's administrator overrides everything a user can set, the environment included.
    if (lockedByAdministrator)
        return {true, false, QStringLiteral("admin-policy")};
    const QString enabledVar = QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED");
    if (env.contains(enabledVar)) {
        const bool on = isTruthy(env.value(enabledVar));
        return {true, on, QStringLiteral("env:AUTOMAGIK_TELEMETRY_ENABLED")};
    }
    // OpenTelemetry's switch can only turn telemetry off: OTEL_SDK_DISABLED=false consents to nothing.
    if (OtelEnvironment::isSdkDisabled(env))
        return {true, false, QStringLiteral("env:OTEL_SDK_DISABLED")};
    if (env.value(QStringLiteral("DO_NOT_TRACK")).trimmed() == QLatin1String("1"))
        return {true, false, QStringLiteral("env:DO_NOT_TRACK")};
    const bool optedOut = optOutFile == OptOutFile::Read ? QFileInfo::exists(optOutFilePath(homePath))
                                                         : optOutFile == OptOutFile::Present;
    if (optedOut)
        return {true, false, QStringLiteral("opt-out-file")};
    // A user who answered the Python/TypeScript tools' prompt has decided for the family ("enabled" or a
    // truthy word means yes, anything else no, as those SDKs read it). An unreadable file decides nothing.
    QFile preference(preferenceFilePath(homePath));
    if (preference.open(QIODevice::ReadOnly)) {
        const QString answer = QString::fromUtf8(preference.read(256)).trimmed().toLower();
        const bool yes = answer == QLatin1String("enabled") || isTruthy(answer);
        return {true, yes, QStringLiteral("preference-file")};
    }
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
