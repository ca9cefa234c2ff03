// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "otlpreceiver.h"

#include <automagik/telemetrytypes.h>

#include <QtCore/QMetaEnum>
#include <QtNetwork/QTcpServer>

#include <QtCore/QByteArrayList>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTemporaryFile>
#include <QtTest/QTest>

// Readable QCOMPARE failures for the library's enums.
namespace QTest {
template<>
inline char *toString(const Automagik::DeliveryError &value)
{
    return qstrdup(QMetaEnum::fromType<Automagik::DeliveryError>().valueToKey(int(value)));
}
template<>
inline char *toString(const Automagik::TelemetrySignal &value)
{
    return qstrdup(QMetaEnum::fromType<Automagik::TelemetrySignal>().valueToKey(int(value)));
}
} // namespace QTest

namespace TestSupport {

/*
    Every test runs in a private HOME with no telemetry, CI or consent
    variables inherited from the machine (CI itself sets CI=true), so results
    never depend on where the suite runs.
*/
inline void isolateEnvironment(const QTemporaryDir &home)
{
    QStandardPaths::setTestModeEnabled(true);
    qputenv("HOME", QFile::encodeName(home.path()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral(".config"))));
    qputenv("XDG_DATA_HOME", QFile::encodeName(home.filePath(QStringLiteral(".local/share"))));
    const QByteArrayList variables{
        "CI", "GITHUB_ACTIONS", "TRAVIS", "JENKINS", "JENKINS_URL", "GITLAB_CI", "CIRCLECI", "BUILDKITE",
        "TF_BUILD", "TEAMCITY_VERSION", "BITBUCKET_BUILD_NUMBER", "CODEBUILD_BUILD_ID", "DO_NOT_TRACK",
        "ENVIRONMENT", "AUTOMAGIK_TELEMETRY_ENABLED", "AUTOMAGIK_TELEMETRY_ENDPOINT",
        "AUTOMAGIK_TELEMETRY_METRICS_ENDPOINT", "AUTOMAGIK_TELEMETRY_LOGS_ENDPOINT", "AUTOMAGIK_TELEMETRY_TIMEOUT",
        "AUTOMAGIK_TELEMETRY_VERBOSE", "AUTOMAGIK_TELEMETRY_BACKEND", "AUTOMAGIK_TELEMETRY_SPOOL_DIR",
    };
    for (const QByteArray &name : variables)
        qunsetenv(name.constData());
}

inline QString optOutFile()
{
    return QDir::home().filePath(QStringLiteral(".automagik-no-telemetry"));
}

/*
    Runs the strict OTLP validator (protobuf's JSON parser with unknown fields
    rejected, plus the OTLP JSON rules protobuf does not check) over the
    requests a receiver recorded. Returns an empty string when all are valid,
    else the validator's report. Skips (QSKIP) when the validator was not built.
*/
inline QString validateStrictly(const QList<Automagik::Sink::OtlpReceiver::Request> &requests)
{
#if defined(AUTOMAGIK_OTLP_VALIDATE)
    QTemporaryFile file;
    if (!file.open())
        return QStringLiteral("cannot create a temporary file");
    for (const auto &request : requests) {
        QJsonObject line{{QStringLiteral("path"), QString::fromUtf8(request.path)},
                         {QStringLiteral("status"), request.status}};
        const QJsonDocument body = QJsonDocument::fromJson(request.body);
        if (!body.isObject())
            return QStringLiteral("request body is not a JSON object: ") + QString::fromUtf8(request.body.left(200));
        line.insert(QStringLiteral("body"), body.object());
        file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    }
    file.flush();
    QProcess validator;
    validator.start(QStringLiteral(AUTOMAGIK_OTLP_VALIDATE),
                    {QStringLiteral("--proto-dir"), QStringLiteral(AUTOMAGIK_OTLP_PROTO_DIR), QStringLiteral("--jsonl"),
                     file.fileName()});
    if (!validator.waitForFinished(60000))
        return QStringLiteral("validator did not finish");
    if (validator.exitStatus() != QProcess::NormalExit || validator.exitCode() != 0)
        return QString::fromUtf8(validator.readAllStandardError() + validator.readAllStandardOutput());
    return {};
#else
    Q_UNUSED(requests);
    QTest::qSkip("otlp-validate was not built (libprotobuf-dev missing)", __FILE__, __LINE__);
    return {};
#endif
}

//! The first attribute value named \a key in an OTLP attributes array, as its AnyValue object.
inline QJsonObject attribute(const QJsonArray &attributes, const QString &key)
{
    for (const QJsonValue &kv : attributes) {
        if (kv.toObject().value(QLatin1String("key")).toString() == key)
            return kv.toObject().value(QLatin1String("value")).toObject();
    }
    return {};
}

} // namespace TestSupport
