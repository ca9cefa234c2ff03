// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "sandbox.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QStringList>

namespace TestSupport {

namespace {

// What the consent rules read (src/client/consentrules.cpp): the CI systems, DO_NOT_TRACK and ENVIRONMENT.
const QStringList &removedVariables()
{
    static const QStringList names{
        QStringLiteral("CI"), QStringLiteral("GITHUB_ACTIONS"), QStringLiteral("TRAVIS"), QStringLiteral("JENKINS"),
        QStringLiteral("JENKINS_URL"), QStringLiteral("GITLAB_CI"), QStringLiteral("CIRCLECI"),
        QStringLiteral("BUILDKITE"), QStringLiteral("TF_BUILD"), QStringLiteral("TEAMCITY_VERSION"),
        QStringLiteral("BITBUCKET_BUILD_NUMBER"), QStringLiteral("CODEBUILD_BUILD_ID"), QStringLiteral("DO_NOT_TRACK"),
        QStringLiteral("ENVIRONMENT"), QStringLiteral("QT_LOGGING_RULES"),
    };
    return names;
}

QString systemDirOf(const QString &home)
{
    return QDir(home).filePath(QStringLiteral("system"));
}

} // namespace

QProcessEnvironment isolatedEnvironment(const QString &home, const QProcessEnvironment &base)
{
    QProcessEnvironment env = base;
    for (const QString &name : removedVariables())
        env.remove(name);
    const QStringList names = env.keys();
    for (const QString &name : names) {
        if (name.startsWith(QLatin1String("AUTOMAGIK_TELEMETRY_")) || name.startsWith(QLatin1String("OTEL_")))
            env.remove(name);
    }
    const QDir dir(home);
    env.insert(QStringLiteral("HOME"), dir.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral(".config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral(".local/share")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral(".cache")));
    return env;
}

void isolateEnvironment(const QString &home)
{
    QStandardPaths::setTestModeEnabled(true);
    // One set of rules for this process and its children: the process environment becomes isolatedEnvironment().
    const QProcessEnvironment current = QProcessEnvironment::systemEnvironment();
    const QProcessEnvironment wanted = isolatedEnvironment(home, current);
    const QStringList currentNames = current.keys();
    for (const QString &name : currentNames) {
        if (!wanted.contains(name))
            qunsetenv(QFile::encodeName(name).constData());
    }
    const QStringList wantedNames = wanted.keys();
    for (const QString &name : wantedNames) {
        const QString value = wanted.value(name);
        if (!current.contains(name) || current.value(name) != value)
            qputenv(QFile::encodeName(name).constData(), QFile::encodeName(value));
    }
    // The administrator's policy lives in the system scope: a private one, so that tests can set it.
    const QString system = systemDirOf(home);
    QDir().mkpath(system);
    QSettings::setPath(QSettings::NativeFormat, QSettings::SystemScope, system);
    QSettings::setPath(QSettings::IniFormat, QSettings::SystemScope, system);
}

QString optOutFile()
{
    return QDir::home().filePath(QStringLiteral(".automagik-no-telemetry"));
}

Sandbox::Sandbox()
{
    if (m_dir.isValid())
        isolateEnvironment(m_dir.path());
}

Sandbox::~Sandbox() = default;

QString Sandbox::systemDir() const
{
    return systemDirOf(home());
}

} // namespace TestSupport
