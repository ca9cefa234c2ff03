// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "platform/guienvironment.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QLocale>
#include <QtCore/QSize>

#if defined(Q_OS_UNIX)
#include <dlfcn.h>
#endif

QT_BEGIN_NAMESPACE
class QScreen;
QT_END_NAMESPACE

namespace Automagik::Internal::GuiEnvironment {

namespace {

// A function of Qt Gui, by its exported (Itanium-mangled) name, when Qt Gui is loaded in this process.
// Only for a QGuiApplication (so Qt Gui is there) and only static functions without arguments, whose
// type is declared below exactly as Qt Gui's header declares it.
template<typename Function>
Function guiFunction(const char *mangledName)
{
#if defined(Q_OS_UNIX) && defined(__GXX_ABI_VERSION)
    if (!isGuiApplication())
        return nullptr;
    return reinterpret_cast<Function>(dlsym(RTLD_DEFAULT, mangledName));
#else
    Q_UNUSED(mangledName);
    return nullptr;
#endif
}

QObject *primaryScreen()
{
    // QGuiApplication's primaryScreen property: a QScreen *, which QVariant hands out as a QObject *.
    return QCoreApplication::instance()->property("primaryScreen").value<QObject *>();
}

QString widgetStyle()
{
    // QApplication::style() is parented to the application; QStyleFactory names it after its key ("fusion").
    for (QObject *child : QCoreApplication::instance()->children()) {
        if (!child->inherits("QStyle"))
            continue;
        const QString name = child->objectName();
        return name.isEmpty() ? QString::fromLatin1(child->metaObject()->className()) : name;
    }
    return {};
}

} // namespace

bool isGuiApplication()
{
    const QCoreApplication *app = QCoreApplication::instance();
    return app && app->inherits("QGuiApplication");
}

std::optional<Qt::ApplicationState> applicationState()
{
    // static Qt::ApplicationState QGuiApplication::applicationState()
    using StateFunction = Qt::ApplicationState (*)();
    if (const auto state = guiFunction<StateFunction>("_ZN15QGuiApplication16applicationStateEv"))
        return state();
    return std::nullopt;
}

int screenCount()
{
    // static QList<QScreen *> QGuiApplication::screens()
    using ScreensFunction = QList<QScreen *> (*)();
    if (const auto screens = guiFunction<ScreensFunction>("_ZN15QGuiApplication7screensEv"))
        return int(screens().size());
    return -1;
}

QVariantMap attributes()
{
    QVariantMap attributes{{QStringLiteral("ui.language"), QLocale::system().uiLanguages().value(0)}};
    if (!isGuiApplication())
        return attributes;
    const QCoreApplication *app = QCoreApplication::instance();
    attributes.insert(QStringLiteral("qt.platform"), app->property("platformName").toString());
    const int screens = screenCount();
    if (screens >= 0)
        attributes.insert(QStringLiteral("screen.count"), screens);
    if (const QObject *screen = primaryScreen()) {
        const QSize size = screen->property("size").toSize();
        attributes.insert(QStringLiteral("screen.width"), size.width());
        attributes.insert(QStringLiteral("screen.height"), size.height());
        attributes.insert(QStringLiteral("screen.device_pixel_ratio"), screen->property("devicePixelRatio").toDouble());
        attributes.insert(QStringLiteral("screen.logical_dpi"), screen->property("logicalDotsPerInch").toDouble());
    }
    if (app->inherits("QApplication")) {
        const QString style = widgetStyle();
        if (!style.isEmpty())
            attributes.insert(QStringLiteral("ui.style"), style);
    }
    return attributes;
}

} // namespace Automagik::Internal::GuiEnvironment
