// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// A Qt Quick application using the Automagik.Telemetry QML module: the consent dialog on first
// run, buttons that record events, metrics, logs and errors, and a settings page with the
// consent switch and the history of what was sent. By default it sends to the local receiver.
//
//   automagik-telemetry-sink &                        # shows what arrives
//   ./automagik-telemetry-quick-demo                  # --fresh: ask again, as on a first run
//   ./automagik-telemetry-quick-demo --locale ar --dark
//   ./automagik-telemetry-quick-demo --fresh --size 360x640 --screenshot consent.png

#include <automagik/qmltelemetry.h>
#include <automagik/telemetry.h>

#include <QtCore/QCommandLineParser>
#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTextStream>
#include <QtGui/QGuiApplication>
#include <QtGui/QImage>
#include <QtGui/QPalette>
#include <QtQml/QQmlApplicationEngine>
#include <QtQuick/QQuickWindow>
#include <QtQuickControls2/QQuickStyle>

#include <memory>

using namespace Automagik;

namespace {

QPalette darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x30), base(0x1e, 0x1f, 0x22), text(0xe6, 0xe6, 0xe6);
    const QColor button(0x3a, 0x3d, 0x41), highlight(0x3d, 0x8e, 0xe6), link(0x8a, 0xb4, 0xf8);
    QPalette palette;
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, window);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::PlaceholderText, text.darker(160));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::Button, button);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::BrightText, Qt::white);
    palette.setColor(QPalette::Light, button.lighter(150));
    palette.setColor(QPalette::Midlight, button.lighter(125));
    palette.setColor(QPalette::Mid, button.darker(120));
    palette.setColor(QPalette::Dark, button.darker(150));
    palette.setColor(QPalette::Shadow, Qt::black);
    palette.setColor(QPalette::Highlight, highlight);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, link);
    palette.setColor(QPalette::LinkVisited, link.darker(120));
    for (const QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, text.darker(180));
    return palette;
}

// Saves the window once the consent dialog is on screen, then quits (README screenshots).
class ScreenshotTaker : public QObject
{
    Q_OBJECT

public:
    ScreenshotTaker(QQuickWindow *window, const QString &file)
        : m_window(window)
        , m_file(file)
    {
    }

    int result = 0;

public Q_SLOTS:
    void take()
    {
        // The next frame shows the dialog fully opened; grab after it was swapped.
        connect(m_window, &QQuickWindow::frameSwapped, this, &ScreenshotTaker::save, Qt::SingleShotConnection);
        m_window->update();
    }

private:
    void save()
    {
        const QImage image = m_window->grabWindow();
        QTextStream err(stderr);
        if (image.isNull() || !image.save(m_file)) {
            err << "could not save the screenshot to " << m_file << Qt::endl;
            result = 1;
        } else {
            err << "saved " << image.width() << 'x' << image.height() << " screenshot to " << m_file << Qt::endl;
        }
        QCoreApplication::exit(result);
    }

    QQuickWindow *m_window;
    QString m_file;
};

} // namespace

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Automagik"));
    QCoreApplication::setApplicationName(QStringLiteral("Telemetry Quick Demo"));
    QCoreApplication::setApplicationVersion(QStringLiteral("1.0.0"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A Qt Quick application with opt-in telemetry (Automagik.Telemetry QML module)."));
    parser.addHelpOption();
    const QCommandLineOption endpointOption(QStringLiteral("endpoint"), QStringLiteral("OTLP endpoint."),
                                            QStringLiteral("url"), QStringLiteral("http://127.0.0.1:4318"));
    const QCommandLineOption localeOption(QStringLiteral("locale"),
                                          QStringLiteral("Language and layout direction, e.g. de, ar, ja."),
                                          QStringLiteral("name"));
    const QCommandLineOption darkOption(QStringLiteral("dark"), QStringLiteral("Use a dark palette."));
    const QCommandLineOption freshOption(
        QStringLiteral("fresh"), QStringLiteral("Keep the consent answer in a temporary file: asks as on a first run."));
    const QCommandLineOption pageOption(QStringLiteral("page"), QStringLiteral("Start on this page: home or settings."),
                                        QStringLiteral("page"), QStringLiteral("home"));
    const QCommandLineOption sizeOption(QStringLiteral("size"), QStringLiteral("Window size, e.g. 360x640."),
                                        QStringLiteral("WxH"));
    const QCommandLineOption payloadOption(QStringLiteral("show-payload"),
                                           QStringLiteral("Open the dialog's \"show what is sent\" section."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QStringLiteral("Save the window with the consent dialog open (PNG) and quit. With --page settings, the "
                       "settings page instead."),
        QStringLiteral("file"));
    parser.addOptions({endpointOption, localeOption, darkOption, freshOption, pageOption, sizeOption, payloadOption,
                       screenshotOption});
    parser.process(app);

    // Language: the library's texts, QLocale for dates and numbers, and the layout direction.
    if (parser.isSet(localeOption))
        QLocale::setDefault(QLocale(parser.value(localeOption)));
    ConsentTexts::installTranslator(QLocale());
    QGuiApplication::setLayoutDirection(QLocale().textDirection());

    if (qEnvironmentVariableIsEmpty("QT_QUICK_CONTROLS_STYLE"))
        QQuickStyle::setStyle(QStringLiteral("Fusion")); // a desktop style that follows the palette

    TelemetryConfig config(QStringLiteral("telemetry-quick-demo"), QStringLiteral("1.0.0"));
    config.setEndpoint(QUrl(parser.value(endpointOption)));
    config.setBatchSize(10);
    config.setFlushInterval(2000);
    // Automatic reports (docs/automatic-signals.md): sent only with the user's consent (Diagnostics),
    // and each one listed in the consent dialog's "What is sent".
    config.setCrashReportingEnabled(true);       // a crash is reported by the next run
    config.setUncleanExitReportingEnabled(true); // so is a run that was killed or never quit properly
    config.setHangDetectionEnabled(true);        // the window not responding for 5 s or more
    // The demo's own logging category (HomePage.qml's LoggingCategory): its console.warn()s become logs.
    config.setQtMessageCategories({QStringLiteral("telemetry.quick.demo")});
    config.setSessionTrackingEnabled(true);      // start when the window is first shown, end at quit, with times
    config.setEnvironmentReportingEnabled(true); // platform, screens and language, once per run
    std::unique_ptr<QTemporaryDir> freshDir;
    if (parser.isSet(freshOption) || parser.isSet(screenshotOption)) {
        freshDir = std::make_unique<QTemporaryDir>();
        config.setSettingsFile(freshDir->filePath(QStringLiteral("consent.ini")));
        config.setAuditLogFile(freshDir->filePath(QStringLiteral("audit.jsonl")));
    }
    Telemetry telemetry(config);
    // Every Telemetry singleton in QML now fronts this client.
    QmlTelemetry::setDefaultInstance(&telemetry);

    QQmlApplicationEngine engine;
    // Qt 6.4 does not look in the resources' /qt/qml by default (6.5 does): the modules are there.
    engine.addImportPath(QStringLiteral("qrc:/qt/qml"));
    const bool screenshot = parser.isSet(screenshotOption);
    engine.setInitialProperties({
        {QStringLiteral("privacyPolicyUrl"), QUrl(QStringLiteral("https://example.org/privacy"))},
        {QStringLiteral("screenshotMode"), screenshot},
        {QStringLiteral("showPayload"), parser.isSet(payloadOption)},
        {QStringLiteral("startPage"), parser.value(pageOption)},
    });
    QObject::connect(&engine, &QQmlApplicationEngine::objectCreationFailed, &app,
                     [] { QCoreApplication::exit(1); }, Qt::QueuedConnection);
    engine.load(QUrl(QStringLiteral("qrc:/qt/qml/TelemetryQuickDemo/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (!window)
        return 1;
    // After the window exists: Qt 6.4's controls start from the style's palette and follow the
    // application palette only when it changes (set before loading, Fusion would ignore it).
    if (parser.isSet(darkOption))
        QGuiApplication::setPalette(darkPalette());

    if (parser.isSet(sizeOption)) {
        const QStringList size = parser.value(sizeOption).split(QLatin1Char('x'));
        if (size.size() == 2 && size.at(0).toInt() > 0 && size.at(1).toInt() > 0)
            window->resize(size.at(0).toInt(), size.at(1).toInt());
    }

    std::unique_ptr<ScreenshotTaker> taker;
    if (screenshot) {
        taker = std::make_unique<ScreenshotTaker>(window, parser.value(screenshotOption));
        QObject::connect(window, SIGNAL(screenshotReady()), taker.get(), SLOT(take()));
    }
    return QGuiApplication::exec();
}

#include "main.moc"
