// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A small command-line "editor session" that records what a real application would:
// start-up, feature use, a latency histogram, a warning log and an error. By default it
// sends to the local receiver (automagik-telemetry-sink on 127.0.0.1:4318).
//
//   automagik-telemetry-sink &                      # shows what arrives
//   AUTOMAGIK_TELEMETRY_ENABLED=true ./automagik-telemetry-console-demo

#include <automagik/telemetry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>

#include <stdexcept>

using namespace Automagik;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Automagik"));
    QCoreApplication::setApplicationName(QStringLiteral("console-demo"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Records a realistic session and sends it to a collector."));
    parser.addHelpOption();
    const QCommandLineOption endpointOption(QStringLiteral("endpoint"), QStringLiteral("OTLP endpoint."),
                                            QStringLiteral("url"), QStringLiteral("http://127.0.0.1:4318"));
    parser.addOption(endpointOption);
    parser.process(app);

    TelemetryConfig config(QStringLiteral("console-demo"), QStringLiteral("1.0.0"));
    config.setEndpoint(QUrl(parser.value(endpointOption)));
    config.setBatchSize(20);
    config.setFlushInterval(500);
    // Automatic reports (docs/automatic-signals.md), sent only with Diagnostics consent.
    config.setCrashReportingEnabled(true);       // a crash is reported by the next run
    config.setUncleanExitReportingEnabled(true); // so is a run that was killed before it finished
    config.setEventRateLimit(120);               // a runaway loop cannot send more than 120 events of a name a minute
    // Usage events, sent only with UsageEvents consent: the run's start and end, and where it runs.
    config.setSessionTrackingEnabled(true);      // automagik.session.start now (no window), .end at shutdown
    config.setEnvironmentReportingEnabled(true); // automagik.environment: the user interface's language

    auto *telemetry = new Telemetry(config, &app);
    QTextStream out(stdout);
    if (!telemetry->isEnabled()) {
        out << "Telemetry is off (decided by " << telemetry->status().value(QStringLiteral("decided_by")).toString()
            << "). Run with AUTOMAGIK_TELEMETRY_ENABLED=true to send the demo session." << Qt::endl;
        return 0;
    }
    QObject::connect(telemetry, &Telemetry::batchSent, &app, [&out](TelemetrySignal signal, int items, qint64 bytes) {
        out << "sent " << items << ' ' << signalToString(signal) << " (" << bytes << " bytes)" << Qt::endl;
    });
    QObject::connect(telemetry, &Telemetry::sendFailed, &app,
                     [&out](TelemetrySignal signal, int items, DeliveryError, const QString &reason) {
                         out << "could not send " << items << ' ' << signalToString(signal) << ": " << reason << Qt::endl;
                     });

    // The session: what an editor would record over a few minutes, compressed into a moment.
    telemetry->trackEvent(StandardEvents::CommandExecuted,
                          {{QStringLiteral("command"), QStringLiteral("open")}, {QStringLiteral("subcommand"), QStringLiteral("recent")}});
    const QStringList features{QStringLiteral("export"), QStringLiteral("search"), QStringLiteral("spell-check"),
                               QStringLiteral("dark-mode")};
    auto *random = QRandomGenerator::global();
    for (int i = 0; i < 12; ++i) {
        const QString feature = features.at(i % features.size());
        telemetry->trackEvent(StandardEvents::FeatureUsed, {{QStringLiteral("feature_name"), feature},
                                                            {QStringLiteral("feature_category"), QStringLiteral("editor")},
                                                            {QStringLiteral("use_count"), i + 1}});
        telemetry->trackMetric(QStringLiteral("render.duration"), 8 + random->bounded(20.0), MetricType::Histogram,
                               {{QStringLiteral("unit"), QStringLiteral("ms")}, {QStringLiteral("view"), QStringLiteral("document")}});
    }
    telemetry->trackMetric(QStringLiteral("documents.opened"), 3, MetricType::Counter);
    telemetry->trackMetric(QStringLiteral("memory.resident"), 84.5, MetricType::Gauge, {{QStringLiteral("unit"), QStringLiteral("MiBy")}});
    telemetry->trackLog(QStringLiteral("spell-check dictionary missing, falling back to en_US"), LogSeverity::Warn,
                        {{QStringLiteral("locale"), QStringLiteral("pt_BR")}});
    try {
        throw std::runtime_error("autosave failed: disk quota exceeded");
    } catch (const std::exception &error) {
        telemetry->trackError(error, {{QStringLiteral("operation"), QStringLiteral("autosave")}});
    }

    telemetry->flush();
    QObject::connect(telemetry, &Telemetry::flushFinished, &app, [&](bool delivered) {
        out << (delivered ? "session delivered: " : "session not fully delivered: ") << telemetry->sentCount()
            << " records sent, " << telemetry->failedCount() << " failed" << Qt::endl;
        QCoreApplication::exit(delivered ? 0 : 1);
    });
    QTimer::singleShot(30000, &app, [] { QCoreApplication::exit(1); }); // never hang a demo
    return app.exec();
}
