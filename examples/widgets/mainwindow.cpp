// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "mainwindow.h"

#include <automagik/telemetry.h>
#include <automagik/widgets/telemetryswitch.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QElapsedTimer>
#include <QtCore/QLoggingCategory>
#include <QtCore/QRegularExpression>
#include <QtGui/QAction>
#include <QtGui/QKeySequence>
#include <QtWidgets/QDialog>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPlainTextEdit>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QVBoxLayout>

using namespace Automagik;

namespace {

// The editor's own logging category: main.cpp has its warnings sent as logs (setQtMessageCategories()).
Q_LOGGING_CATEGORY(lcEditor, "tiny.editor", QtWarningMsg)

// The attributes of StandardEvents::FeatureUsed, as every Automagik SDK names them.
QVariantMap feature(const QString &name, const QString &category)
{
    return {{QStringLiteral("feature_name"), name}, {QStringLiteral("feature_category"), category}};
}

} // namespace

MainWindow::MainWindow(Telemetry *telemetry, QWidget *parent)
    : QMainWindow(parent)
    , m_telemetry(telemetry)
    , m_editor(new QPlainTextEdit(this))
    , m_telemetryStatus(new QLabel(this))
{
    setWindowTitle(QCoreApplication::applicationName());
    m_editor->setPlaceholderText(tr("Type something, then try the Edit menu."));
    m_editor->setAccessibleName(tr("Document"));
    setCentralWidget(m_editor);

    auto *newAction = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New"), this);
    newAction->setShortcut(QKeySequence::New);
    connect(newAction, &QAction::triggered, this, &MainWindow::newDocument);
    auto *quitAction = new QAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), this);
    quitAction->setShortcut(QKeySequence::Quit);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);
    auto *upperAction = new QAction(tr("&Uppercase"), this);
    upperAction->setShortcut(QKeySequence(tr("Ctrl+U")));
    connect(upperAction, &QAction::triggered, this, &MainWindow::toUpperCase);
    auto *countAction = new QAction(tr("&Count Words"), this);
    countAction->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    connect(countAction, &QAction::triggered, this, &MainWindow::countWords);
    auto *settingsAction = new QAction(QIcon::fromTheme(QStringLiteral("preferences-system")), tr("&Settings..."), this);
    settingsAction->setShortcut(QKeySequence::Preferences);
    settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(newAction);
    fileMenu->addSeparator();
    fileMenu->addAction(quitAction);
    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    editMenu->addAction(upperAction);
    editMenu->addAction(countAction);
    editMenu->addSeparator();
    editMenu->addAction(settingsAction);

    QToolBar *toolBar = addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->addAction(newAction);
    toolBar->addAction(upperAction);
    toolBar->addAction(countAction);
    toolBar->addAction(settingsAction);

    statusBar()->addPermanentWidget(m_telemetryStatus);
    connect(m_telemetry, &Telemetry::enabledChanged, this, &MainWindow::updateStatus);
    connect(m_telemetry, &Telemetry::deliveryCountsChanged, this, &MainWindow::updateStatus);
    updateStatus();

    m_telemetry->trackEvent(StandardEvents::FeatureUsed, feature(QStringLiteral("startup"), QStringLiteral("app")));
}

void MainWindow::newDocument()
{
    m_editor->clear();
    m_telemetry->trackEvent(StandardEvents::FeatureUsed, feature(QStringLiteral("new_document"), QStringLiteral("file")));
}

void MainWindow::toUpperCase()
{
    QElapsedTimer timer;
    timer.start();
    m_editor->setPlainText(m_editor->toPlainText().toUpper());
    // What was done and how long it took; never the text itself.
    m_telemetry->trackEvent(StandardEvents::FeatureUsed, feature(QStringLiteral("uppercase"), QStringLiteral("edit")));
    m_telemetry->trackMetric(QStringLiteral("editor.operation.duration_ms"), double(timer.nsecsElapsed()) / 1e6,
                             MetricType::Histogram, {{QStringLiteral("operation"), QStringLiteral("uppercase")}});
    // An ordinary warning of the application; with consent it also arrives as a log record.
    if (timer.elapsed() > 100)
        qCWarning(lcEditor) << "Uppercase took" << timer.elapsed() << "ms";
}

void MainWindow::countWords()
{
    static const QRegularExpression separators(QStringLiteral("\\s+"));
    const int words = int(m_editor->toPlainText().split(separators, Qt::SkipEmptyParts).size());
    statusBar()->showMessage(tr("%n word(s)", nullptr, words), 5000);
    m_telemetry->trackEvent(StandardEvents::FeatureUsed, feature(QStringLiteral("count_words"), QStringLiteral("edit")));
    m_telemetry->trackMetric(QStringLiteral("editor.document.words"), words, MetricType::Gauge);
}

void MainWindow::showSettings()
{
    m_telemetry->trackEvent(StandardEvents::FeatureUsed, feature(QStringLiteral("settings"), QStringLiteral("app")));
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Settings"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *privacy = new QGroupBox(tr("Privacy"), &dialog);
    auto *privacyLayout = new QVBoxLayout(privacy);
    privacyLayout->addWidget(new TelemetrySwitch(m_telemetry, privacy));
    layout->addWidget(privacy);
    layout->addStretch(1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.exec();
}

void MainWindow::updateStatus()
{
    m_telemetryStatus->setText(m_telemetry->isEnabled()
                                   ? tr("Usage statistics on (%n sent)", nullptr, int(m_telemetry->sentCount()))
                                   : tr("Usage statistics off"));
}
