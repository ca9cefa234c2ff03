// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A user's first program, shared by the package and add_subdirectory() consumers: a client
// constructed without consent (AUTOMAGIK_TELEMETRY_ENABLED unset) must stay off.

#include <automagik/telemetry.h>

#include <QtCore/QCoreApplication>

#include <cstdio>

#ifndef AUTOMAGIK_EXPECTED_VERSION
#define AUTOMAGIK_EXPECTED_VERSION "1.0.0"
#endif

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    int failures = 0;
    const auto check = [&failures](bool ok, const char *what) {
        if (!ok) {
            std::fprintf(stderr, "FAIL: %s\n", what);
            ++failures;
        }
    };

    // Plain application code, with implicit ASCII casts: the library must not impose its strict flags.
    Automagik::TelemetryConfig config("consumer-app", "0.1.0");
    Automagik::Telemetry telemetry(config);
    telemetry.trackEvent(Automagik::StandardEvents::FeatureUsed, {{"feature_name", "package-test"}});
    telemetry.trackMetric("consumer.ms", 1.5, Automagik::MetricType::Histogram);

    const QString version = Automagik::Telemetry::sdkVersion();
    check(version == QLatin1String(AUTOMAGIK_EXPECTED_VERSION), "sdkVersion() is the package version");
    check(!telemetry.isEnabled(), "disabled without consent");
    check(!telemetry.status().value("enabled").toBool(), "status() says disabled");
    check(telemetry.queueSize() == 0, "nothing is queued while disabled");
    check(telemetry.userId().isEmpty(), "no user id exists while disabled");
    check(telemetry.config().projectName() == "consumer-app", "config() keeps the project name");
    check(telemetry.shutdown(100), "shutdown() of a disabled client succeeds");

    if (failures)
        return 1;
    std::printf("consumer OK: Automagik Telemetry %s, disabled without consent\n", qPrintable(version));
    return 0;
}
