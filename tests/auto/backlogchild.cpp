// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The application under test for tst_exitwithbacklog: it records far more than its shutdown deadline
// lets the worker handle, shuts down with that short deadline and returns from main at once, as an
// application that quits does.
//
//   backlogchild <endpoint> <records> <shutdown-ms>
//
// Consent and the spool directory come from the environment, set by the test.

#include <automagik/telemetry.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QUrl>

using namespace Automagik;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4)
        return 2;
    TelemetryConfig config(QStringLiteral("backlog-app"), QStringLiteral("1.0"));
    config.setEndpoint(QUrl(args.at(1)));
    config.setTimeout(30000);
    Telemetry telemetry(config);
    if (!telemetry.isEnabled())
        return 3;
    const int records = args.at(2).toInt();
    for (int i = 0; i < records; ++i)
        telemetry.trackEvent(QStringLiteral("backlog"), {{QStringLiteral("i"), i}});
    telemetry.shutdown(args.at(3).toInt()); // false: the deadline is far too short for the backlog
    return 0; // and with it the application object and every static object go, whatever the worker does
}
