// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/consenttexts.h>
#include <automagik/telemetryconfig.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QMutex>
#include <QtCore/QPointer>
#include <QtCore/QSharedData>
#include <QtCore/QTranslator>

namespace Automagik {

namespace {

const char *const translationsPath = ":/automagik/i18n";

} // namespace

class ConsentTextsData : public QSharedData
{
public:
    QString applicationName; // empty: QCoreApplication's, read when a text is
    // The automatic signals the application turned on, each one more line of collected().
    bool crashReports = false;
    bool uncleanExits = false;
    bool hangs = false;
    bool qtMessages = false;
    bool sessions = false;
    bool environment = false;
};

ConsentTexts::ConsentTexts(const QString &applicationName)
    : d(new ConsentTextsData)
{
    d->applicationName = applicationName;
}

ConsentTexts::ConsentTexts(const TelemetryConfig &config, const QString &applicationName)
    : d(new ConsentTextsData)
{
    d->applicationName = applicationName;
#ifdef Q_OS_UNIX
    // Elsewhere these options do nothing: the dialog does not promise what is never sent.
    d->crashReports = config.isCrashReportingEnabled();
    d->uncleanExits = config.isUncleanExitReportingEnabled();
#endif
    d->hangs = config.isHangDetectionEnabled();
    d->qtMessages = !config.qtMessageCategories().isEmpty();
    d->sessions = config.isSessionTrackingEnabled();
    d->environment = config.isEnvironmentReportingEnabled();
}

ConsentTexts::ConsentTexts(const ConsentTexts &other) = default;
ConsentTexts::ConsentTexts(ConsentTexts &&other) noexcept = default;
ConsentTexts &ConsentTexts::operator=(const ConsentTexts &other) = default;
ConsentTexts &ConsentTexts::operator=(ConsentTexts &&other) noexcept = default;
ConsentTexts::~ConsentTexts() = default;

QString ConsentTexts::applicationName() const
{
    if (!d->applicationName.isEmpty())
        return d->applicationName;
    const QString name = QCoreApplication::applicationName();
    return name.isEmpty() ? QCoreApplication::translate("AutomagikTelemetry", "this application") : name;
}

// One translation context, "AutomagikTelemetry", for every text: the QML and the widgets user
// interfaces read them from here, so each sentence is translated once.
QString ConsentTexts::title() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Help improve %1").arg(applicationName());
}

QString ConsentTexts::introduction() const
{
    return QCoreApplication::translate("AutomagikTelemetry",
                                       "%1 can send anonymous usage statistics to its developers. They show which "
                                       "features are used and where the application is slow or fails, so the next "
                                       "versions can be better. Nothing is sent unless you allow it.")
        .arg(applicationName());
}

QString ConsentTexts::collectedHeading() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "What is sent");
}

QStringList ConsentTexts::collected() const
{
    QStringList lines{
        QCoreApplication::translate("AutomagikTelemetry", "Which features you use and how often"),
        QCoreApplication::translate("AutomagikTelemetry", "How long operations take, and errors that occur"),
        QCoreApplication::translate("AutomagikTelemetry",
                                    "The application version, the operating system and its version"),
        QCoreApplication::translate("AutomagikTelemetry",
                                    "A random identifier that is not linked to you and changes if you opt out"),
    };
    // What the automatic signals send (docs/automatic-signals.md), one line each, only when turned on.
    if (d->crashReports)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry",
            "When the application crashes: the signal that ended it, the addresses on its stack and the "
            "versions, never the contents of its memory"));
    if (d->uncleanExits)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry", "When the application ended unexpectedly, and how long it had been running"));
    if (d->hangs)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry", "When the application stopped responding, and for how long"));
    if (d->qtMessages)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry", "Some of the application's warning messages, with personal data removed"));
    if (d->sessions)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry",
            "When the application starts and quits: how often it has been started, how long starting took and "
            "how long it was used"));
    if (d->environment)
        lines.append(QCoreApplication::translate(
            "AutomagikTelemetry",
            "The number, size and resolution of your screens, and the language and style of the user interface"));
    return lines;
}

QString ConsentTexts::neverCollectedHeading() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "What is never sent");
}

QStringList ConsentTexts::neverCollected() const
{
    return {
        QCoreApplication::translate("AutomagikTelemetry", "Your name, e-mail address or other personal details"),
        QCoreApplication::translate("AutomagikTelemetry", "The contents or names of your files and documents"),
        QCoreApplication::translate("AutomagikTelemetry", "Passwords, keys or anything you type"),
        QCoreApplication::translate("AutomagikTelemetry", "Your IP address or location"),
    };
}

QString ConsentTexts::changeLater() const
{
    return QCoreApplication::translate("AutomagikTelemetry",
                                       "You can change your answer at any time in the settings.");
}

QString ConsentTexts::privacyPolicyLink() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Privacy policy");
}

QString ConsentTexts::showPayload() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Show what is sent");
}

QString ConsentTexts::hidePayload() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Hide the example");
}

QString ConsentTexts::payloadExplanation() const
{
    return QCoreApplication::translate("AutomagikTelemetry",
                                       "This is an example of one report, exactly as it would be sent:");
}

QString ConsentTexts::allow() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Allow");
}

QString ConsentTexts::deny() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Don't allow");
}

QString ConsentTexts::switchLabel() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Send anonymous usage statistics");
}

QString ConsentTexts::switchDescription() const
{
    return QCoreApplication::translate("AutomagikTelemetry",
                                       "Helps the developers of %1. No personal data is sent.")
        .arg(applicationName());
}

QString ConsentTexts::lockedByAdministrator() const
{
    return QCoreApplication::translate("AutomagikTelemetry",
                                       "Usage statistics are turned off by your administrator.");
}

QString ConsentTexts::auditTitle() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Sent usage statistics");
}

QString ConsentTexts::auditEmpty() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Nothing has been sent.");
}

QString ConsentTexts::auditClear() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Clear history");
}

QString ConsentTexts::auditRetention() const
{
    return QCoreApplication::translate("AutomagikTelemetry",
                                       "Every report sent from this computer is listed here for 30 days.");
}

QString ConsentTexts::close() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Close");
}

QString ConsentTexts::turnedOffBySetting() const
{
    return QCoreApplication::translate("AutomagikTelemetry",
                                       "Usage statistics are turned off by a setting on this computer.");
}

QString ConsentTexts::auditBodyTruncated() const
{
    return QCoreApplication::translate("AutomagikTelemetry", "Only the beginning of this report was kept.");
}

QString ConsentTexts::signalName(TelemetrySignal signal) const
{
    switch (signal) {
    case TelemetrySignal::Metrics:
        return QCoreApplication::translate("AutomagikTelemetry", "performance metrics");
    case TelemetrySignal::Logs:
        return QCoreApplication::translate("AutomagikTelemetry", "diagnostics");
    case TelemetrySignal::Traces:
        break;
    }
    return QCoreApplication::translate("AutomagikTelemetry", "usage events");
}

QString ConsentTexts::auditEntrySummary(int items, const QString &kind, const QString &destination) const
{
    return QCoreApplication::translate("AutomagikTelemetry", "%n %1 sent to %2", nullptr, items)
        .arg(kind, destination);
}

QStringList ConsentTexts::availableLanguages()
{
    QStringList languages;
    const QStringList files = QDir(QLatin1String(translationsPath)).entryList({QStringLiteral("*.qm")});
    for (QString file : files) {
        file.chop(3);
        languages.append(file.mid(file.indexOf(QLatin1Char('_')) + 1));
    }
    return languages;
}

bool ConsentTexts::installTranslator(const QLocale &locale)
{
    static QMutex mutex;
    static QPointer<QTranslator> installed;
    QMutexLocker lock(&mutex);
    auto *app = QCoreApplication::instance();
    if (!app)
        return false;
    auto *translator = new QTranslator(app);
    if (!translator->load(locale, QStringLiteral("automagiktelemetry"), QStringLiteral("_"),
                          QLatin1String(translationsPath))) {
        delete translator;
        if (installed) { // a language without translation: back to the English texts
            QCoreApplication::removeTranslator(installed);
            delete installed;
        }
        return false;
    }
    if (installed) {
        QCoreApplication::removeTranslator(installed);
        delete installed;
    }
    QCoreApplication::installTranslator(translator);
    installed = translator;
    return true;
}

} // namespace Automagik
