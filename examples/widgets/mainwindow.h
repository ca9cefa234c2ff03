// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtWidgets/QMainWindow>

class QLabel;
class QPlainTextEdit;

namespace Automagik {
class Telemetry;
}

//! A tiny editor: a text area and a few actions, each of which records what a real application would.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Automagik::Telemetry *telemetry, QWidget *parent = nullptr);

private:
    void newDocument();
    void toUpperCase();
    void countWords();
    void showSettings();
    void updateStatus();

    Automagik::Telemetry *m_telemetry;
    QPlainTextEdit *m_editor;
    QLabel *m_telemetryStatus;
};
