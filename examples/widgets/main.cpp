// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A tiny editor with Automagik Telemetry: it asks for consent on first run (ConsentDialog),
// has a settings page with the TelemetrySwitch, and records a few events and metrics.
// By default it sends to the local receiver:
//
//   automagik-telemetry-sink &                 # shows what arrives, on 127.0.0.1:4318
//   ./automagik-telemetry-widgets-demo         # --locale ar, --dark, --endpoint URL
//
// --screenshot FILE shows the consent dialog (whatever was answered before), saves it as a PNG
// and quits, for documentation: xvfb-run -a ./automagik-telemetry-widgets-demo --screenshot c.png

#include "mainwindow.h"

#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>
#include <automagik/widgets/consentdialog.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QLibraryInfo>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtCore/QTranslator>
#include <QtGui/QPalette>
#include <QtGui/QWindow>
#include <QtWidgets/QApplication>
#include <QtWidgets/QStyleFactory>

using namespace Automagik;

namespace {

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1e, 0x1f, 0x22), text(0xe8, 0xe8, 0xea),
        disabledText(0x80, 0x82, 0x88), highlight(0x3d, 0x7e, 0xd8), link(0x7a, 0xb4, 0xff);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabledText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x36, 0x38, 0x3d));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4d));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x41));
    p.setColor(QPalette::Mid, QColor(0x25, 0x26, 0x29));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, link);
    p.setColor(QPalette::LinkVisited, link.darker(120));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    return p;
}

// Grabs the dialog once its window is on screen and laid out, saves it and ends the application.
void screenshotWhenExposed(QWidget *dialog, const QString &fileName, QDeadlineTimer deadline)
{
    QWindow *window = dialog->windowHandle();
    if ((!window || !window->isExposed()) && !deadline.hasExpired()) {
        QTimer::singleShot(20, dialog, [=] { screenshotWhenExposed(dialog, fileName, deadline); });
        return;
    }
    const bool saved = dialog->grab().save(fileName, "PNG");
    QTextStream(saved ? stdout : stderr) << (saved ? "saved " : "could not save ") << fileName << Qt::endl;
    QCoreApplication::exit(saved ? 0 : 1);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    // Consent is stored per organization and application, and the dialog names the application.
    QCoreApplication::setOrganizationName(QStringLiteral("Automagik Examples"));
    QCoreApplication::setApplicationName(QStringLiteral("Tiny Editor"));
    QCoreApplication::setApplicationVersion(QStringLiteral("1.0.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A tiny editor that asks before it sends usage statistics."));
    parser.addHelpOption();
    const QCommandLineOption endpointOption(QStringLiteral("endpoint"), QStringLiteral("OTLP endpoint."),
                                            QStringLiteral("url"), QStringLiteral("http://127.0.0.1:4318"));
    const QCommandLineOption localeOption(QStringLiteral("locale"),
                                          QStringLiteral("User interface language, e.g. de, ar, pt_BR."),
                                          QStringLiteral("name"));
    const QCommandLineOption darkOption(QStringLiteral("dark"), QStringLiteral("Dark palette (Fusion style)."));
    const QCommandLineOption privacyOption(QStringLiteral("privacy-policy"), QStringLiteral("Privacy policy URL."),
                                           QStringLiteral("url"), QStringLiteral("https://example.com/privacy"));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
                                              QStringLiteral("Save the consent dialog as a PNG and quit."),
                                              QStringLiteral("file"));
    const QCommandLineOption payloadOption(QStringLiteral("show-payload"),
                                           QStringLiteral("Open the consent dialog with the example report shown."));
    parser.addOptions({endpointOption, localeOption, darkOption, privacyOption, screenshotOption, payloadOption});
    parser.process(app);

    if (parser.isSet(localeOption))
        QLocale::setDefault(QLocale(parser.value(localeOption)));
    const QLocale locale;
    // The library's texts (the consent dialog, the switch), and Qt's own (context menus, ...).
    ConsentTexts::installTranslator(locale);
    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                           QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    if (locale.textDirection() == Qt::RightToLeft)
        QApplication::setLayoutDirection(Qt::RightToLeft);

    if (parser.isSet(darkOption)) {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
    }

    TelemetryConfig config(QStringLiteral("tiny-editor"), QStringLiteral("1.0.0"));
    config.setEndpoint(QUrl(parser.value(endpointOption)));
    config.setFlushInterval(2000);
    // Automatic reports (docs/automatic-signals.md): sent only with the user's consent (Diagnostics),
    // and each one listed in the consent dialog's "What is sent".
    config.setCrashReportingEnabled(true);       // a crash is reported by the next run
    config.setUncleanExitReportingEnabled(true); // so is a run that was killed or never quit properly
    config.setHangDetectionEnabled(true);        // the window not responding for 5 s or more
    config.setQtMessageCategories({QStringLiteral("tiny.editor")}); // the editor's own qCWarning()s, scrubbed
    // Usage events (UsageEvents consent), also listed in the dialog: the session and the screens it runs on.
    config.setSessionTrackingEnabled(true);      // start when the window is first shown, end at quit, with times
    config.setEnvironmentReportingEnabled(true); // platform, screens, language and widget style, once per run
    Telemetry telemetry(config);
    const QUrl privacyPolicyUrl(parser.value(privacyOption));

    if (parser.isSet(screenshotOption)) {
        // Shown whatever was answered before; nothing is stored unless a button is pressed.
        ConsentDialog dialog(&telemetry);
        dialog.setPrivacyPolicyUrl(privacyPolicyUrl);
        dialog.setPayloadVisible(parser.isSet(payloadOption));
        dialog.show();
        const QString fileName = parser.value(screenshotOption);
        QTimer::singleShot(0, &dialog, [&dialog, fileName] {
            screenshotWhenExposed(&dialog, fileName, QDeadlineTimer(10000));
        });
        return app.exec();
    }

    MainWindow window(&telemetry);
    window.resize(window.sizeHint().expandedTo(QSize(640, 420)));
    window.show();
    // Asked once, after the window is up, and again only when the telemetry policy version is raised.
    QTimer::singleShot(0, &window, [&telemetry, &window, privacyPolicyUrl] {
        ConsentDialog::askIfNeeded(&telemetry, privacyPolicyUrl, &window);
    });
    return app.exec();
}
