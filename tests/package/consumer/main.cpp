// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A user's first program, shared by the package and add_subdirectory() consumers: a client
// constructed without consent (AUTOMAGIK_TELEMETRY_ENABLED unset) must stay off. It includes the
// CamelCase headers, so that the installed (and the build tree's) forwarding headers are proven too.

#include <Automagik/Telemetry>
#include <Automagik/TelemetryVersion>

#include <QtCore/QCoreApplication>

#include <cstdio>

#ifndef AUTOMAGIK_EXPECTED_VERSION
#define AUTOMAGIK_EXPECTED_VERSION "1.1.0"
#endif

static_assert(AUTOMAGIK_TELEMETRY_VERSION >= AUTOMAGIK_TELEMETRY_VERSION_CHECK(1, 0, 0)
                  && AUTOMAGIK_TELEMETRY_VERSION < AUTOMAGIK_TELEMETRY_VERSION_CHECK(2, 0, 0),
              "the version macros encode 1.x");
#if !AUTOMAGIK_TELEMETRY_DEPRECATED_SINCE(1, 1)
#error "API deprecated in 1.x must be there unless the user hides it"
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
    check(version == QLatin1String(AUTOMAGIK_TELEMETRY_VERSION_STRING), "the headers' version is the library's");
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
