// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QString>
#include <QtCore/QVariantMap>
#include <QtQml/qqmlregistration.h>

QT_BEGIN_NAMESPACE
class QQuickItem;
QT_END_NAMESPACE

namespace Automagik {

/*
    TelemetryPage, attached properties only: records the event "automagik.page.view" each time
    the item it is attached to is shown, through the Telemetry singleton of the item's engine
    (so consent, scrubbing, sampling and rate limits apply as to any event).

        Page { TelemetryPage.name: "settings" }

    Shown means visible (the item and its ancestors), in a window and, for containers that keep
    every page visible (SwipeView), current. A showing begins when the item becomes shown and
    ends when it is still not shown at the next turn of the event loop, so that being reparented
    or hidden and shown again in one go does not make a second view. The first check waits for
    the next turn of the event loop too, after every binding of the item was evaluated.

    name and enabled are read when a showing begins. Attributes: page.name, the extra attributes,
    and, from the second view of the process on, page.previous (the page viewed before, in any
    engine) and page.previous_duration_ms (how long that one was shown, until it was hidden or,
    while it still is, until now). A page with enabled false or without a name is left out
    entirely: it is never recorded and never becomes another page's page.previous.

    This is not public C++ API: the QML type is the interface (README.md, "Page views").
*/
class QmlTelemetryPage : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(TelemetryPage)
    QML_UNCREATABLE("TelemetryPage is only available as attached properties.")
    QML_ATTACHED(Automagik::QmlTelemetryPage)

    Q_PROPERTY(QString name READ name WRITE setName NOTIFY nameChanged FINAL)
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY enabledChanged FINAL)
    Q_PROPERTY(bool current READ isCurrent WRITE setCurrent NOTIFY currentChanged FINAL)
    Q_PROPERTY(QVariantMap attributes READ attributes WRITE setAttributes NOTIFY attributesChanged FINAL)

public:
    explicit QmlTelemetryPage(QObject *parent = nullptr);
    ~QmlTelemetryPage() override;

    static QmlTelemetryPage *qmlAttachedProperties(QObject *object);

    // The page's name, sent as page.name; without one nothing is recorded.
    QString name() const;
    void setName(const QString &name);
    // false leaves the page out (default true).
    bool isEnabled() const;
    void setEnabled(bool enabled);
    // Whether the page is its container's current one (default true); bind it where every page
    // stays visible: TelemetryPage.current: SwipeView.isCurrentItem.
    bool isCurrent() const;
    void setCurrent(bool current);
    // Extra attributes of each view of this page (page.* keys are the module's).
    QVariantMap attributes() const;
    void setAttributes(const QVariantMap &attributes);

Q_SIGNALS:
    void nameChanged();
    void enabledChanged();
    void currentChanged();
    void attributesChanged();

private:
    bool isShown() const;
    void start();
    void update();
    void beginView();
    void confirmEnd();
    void record(const QVariantMap &attributes);

    QPointer<QQuickItem> m_item;
    QString m_name;
    QVariantMap m_attributes;
    bool m_enabled = true;
    bool m_current = true;
    bool m_started = false; // the first check ran (at the turn of the event loop after creation)
    bool m_viewing = false; // a view of this page began and has not ended
    bool m_endPending = false; // hidden during the current turn of the event loop
};

} // namespace Automagik
