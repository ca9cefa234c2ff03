// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QVariantMap>
#include <QtCore/Qt>

#include <optional>

namespace Automagik::Internal {

/*
    What the application's user interface says about where it runs, read without linking Qt Gui or Qt
    Widgets (the core library links Qt Core alone): QGuiApplication's and the primary QScreen's
    properties through the meta-object system; the number of screens and the application's state,
    which Qt Gui keeps out of it, through Qt Gui's own exported functions looked up in the process
    (dlsym, on Unix; elsewhere they are not known); the widget style, which QApplication parents to
    itself, from its children. Everything here runs on the application's thread.
*/
namespace GuiEnvironment {

//! Whether the application is a QGuiApplication (a QApplication included).
bool isGuiApplication();
//! QGuiApplication::applicationState(), where it can be read.
std::optional<Qt::ApplicationState> applicationState();
//! QGuiApplication::screens().size(), where it can be read; else -1.
int screenCount();
/*
    The attributes of the environment record, those that are known: ui.language always; for a
    QGuiApplication qt.platform, screen.count, screen.width, screen.height (logical pixels),
    screen.device_pixel_ratio and screen.logical_dpi of the primary screen; for a QApplication
    ui.style.
*/
QVariantMap attributes();

} // namespace GuiEnvironment

} // namespace Automagik::Internal
