// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "client/resourceattributes.h"

#include "client/otelenvironment.h"
#include "platform/systeminfo.h"

#include <automagik/telemetry.h>

#include <algorithm>

namespace Automagik::Internal {

EncoderResource ResourceAttributes::build(const TelemetryConfig &config, const QString &userId,
                                          const QString &sessionId)
{
    EncoderResource resource;
    resource.attributes = {
        {QStringLiteral("service.name"), config.projectName()},
        {QStringLiteral("service.version"), config.version()},
        {QStringLiteral("project.name"), config.projectName()}, // stays the application's name whatever service.name says
        {QStringLiteral("project.version"), config.version()},
        {QStringLiteral("service.organization"), config.organization()},
        {QStringLiteral("user.id"), userId},
        {QStringLiteral("session.id"), sessionId},
        {QStringLiteral("service.instance.id"), sessionId},
        {QStringLiteral("telemetry.sdk.name"), QStringLiteral("automagik-telemetry")},
        {QStringLiteral("telemetry.sdk.version"), Telemetry::sdkVersion()},
        {QStringLiteral("telemetry.sdk.language"), QStringLiteral("cpp")},
    };
    resource.attributes += SystemInfo::resourceAttributes();

    const QMap<QString, QString> extra = config.resourceAttributes();
    for (auto it = extra.cbegin(); it != extra.cend(); ++it) {
        if (it.key().isEmpty() || OtelEnvironment::isLibraryOwnedAttribute(it.key()))
            continue;
        const auto same = std::find_if(resource.attributes.begin(), resource.attributes.end(),
                                       [&](const QPair<QString, QString> &a) { return a.first == it.key(); });
        if (same != resource.attributes.end())
            same->second = it.value();
        else
            resource.attributes.append({it.key(), it.value()});
    }

    // The scope is the application's instrumentation, named after the project whatever the service is called.
    resource.scopeName = config.projectName() + QStringLiteral(".telemetry");
    resource.scopeVersion = config.version();
    return resource;
}

} // namespace Automagik::Internal
