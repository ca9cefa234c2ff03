// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "qmltelemetrypage_p.h"

#include "qmlattributes_p.h"
#include "qmltelemetry_p.h"

#include <automagik/qmltelemetry.h>
#include <automagik/telemetry.h>

#include <QtCore/QElapsedTimer>
#include <QtQml/QQmlEngine>
#include <QtQml/QQmlInfo>
#include <QtQuick/QQuickItem>
#include <QtQuick/QQuickWindow>

namespace Automagik {

namespace {

// The page viewed last, in any engine; GUI thread only.
struct PageHistory
{
    const QmlTelemetryPage *page = nullptr; // while its view lasts; identity only, never dereferenced
    QString name;
    qint64 shownAt = 0;
    qint64 hiddenAt = -1; // -1 while it is shown
};

PageHistory &history()
{
    static PageHistory last;
    return last;
}

// Monotonic milliseconds: durations must not jump with the wall clock.
qint64 now()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

} // namespace

QmlTelemetryPage::QmlTelemetryPage(QObject *parent)
    : QObject(parent)
    , m_item(qobject_cast<QQuickItem *>(parent))
{
    if (!m_item) {
        if (parent)
            qmlWarning(parent) << "TelemetryPage must be attached to an Item; no page views are recorded";
        return;
    }
    connect(m_item, &QQuickItem::visibleChanged, this, &QmlTelemetryPage::update);
    connect(m_item, &QQuickItem::windowChanged, this, &QmlTelemetryPage::update);
    // The item's bindings (TelemetryPage.enabled: ..., its visibility) are evaluated after the
    // attached object was created: look once they all are.
    QMetaObject::invokeMethod(this, &QmlTelemetryPage::start, Qt::QueuedConnection);
}

QmlTelemetryPage::~QmlTelemetryPage()
{
    PageHistory &last = history();
    if (m_viewing && last.page == this && last.hiddenAt < 0)
        last.hiddenAt = now();
    if (last.page == this)
        last.page = nullptr;
}

QmlTelemetryPage *QmlTelemetryPage::qmlAttachedProperties(QObject *object)
{
    return new QmlTelemetryPage(object);
}

QString QmlTelemetryPage::name() const { return m_name; }

void QmlTelemetryPage::setName(const QString &name)
{
    if (m_name == name)
        return;
    m_name = name;
    Q_EMIT nameChanged();
}

bool QmlTelemetryPage::isEnabled() const { return m_enabled; }

void QmlTelemetryPage::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    Q_EMIT enabledChanged();
}

bool QmlTelemetryPage::isCurrent() const { return m_current; }

void QmlTelemetryPage::setCurrent(bool current)
{
    if (m_current == current)
        return;
    m_current = current;
    Q_EMIT currentChanged();
    update();
}

QVariantMap QmlTelemetryPage::attributes() const { return m_attributes; }

void QmlTelemetryPage::setAttributes(const QVariantMap &attributes)
{
    if (m_attributes == attributes)
        return;
    m_attributes = attributes;
    Q_EMIT attributesChanged();
}

bool QmlTelemetryPage::isShown() const
{
    return m_item && m_current && m_item->isVisible() && m_item->window();
}

void QmlTelemetryPage::start()
{
    m_started = true;
    update();
}

void QmlTelemetryPage::update()
{
    if (!m_started)
        return;
    const bool shown = isShown();
    PageHistory &last = history();
    if (shown) {
        if (m_endPending) {
            // Hidden and shown again within one turn of the event loop: the same showing goes on.
            m_endPending = false;
            if (last.page == this)
                last.hiddenAt = -1;
        } else if (!m_viewing && m_enabled && !m_name.isEmpty()) {
            beginView();
        }
    } else if (m_viewing && !m_endPending) {
        m_endPending = true;
        if (last.page == this)
            last.hiddenAt = now();
        QMetaObject::invokeMethod(this, &QmlTelemetryPage::confirmEnd, Qt::QueuedConnection);
    }
}

void QmlTelemetryPage::confirmEnd()
{
    if (!m_endPending)
        return; // shown again meanwhile
    m_endPending = false;
    m_viewing = false;
    PageHistory &last = history();
    if (last.page == this)
        last.page = nullptr; // its hiddenAt stays for the next view's page.previous_duration_ms
}

void QmlTelemetryPage::beginView()
{
    const qint64 shownAt = now();
    PageHistory &last = history();

    QVariantMap attributes;
    for (auto it = m_attributes.cbegin(); it != m_attributes.cend(); ++it)
        attributes.insert(it.key(), QmlInternal::normalizedAttributeValue(it.value()));
    attributes.insert(QStringLiteral("page.name"), m_name);
    if (!last.name.isEmpty()) {
        const qint64 end = last.hiddenAt >= 0 ? last.hiddenAt : shownAt;
        attributes.insert(QStringLiteral("page.previous"), last.name);
        attributes.insert(QStringLiteral("page.previous_duration_ms"), qMax<qint64>(0, end - last.shownAt));
    }
    last = PageHistory{this, m_name, shownAt, -1};
    m_viewing = true;
    record(attributes);
}

void QmlTelemetryPage::record(const QVariantMap &attributes)
{
    QQmlEngine *engine = qmlEngine(m_item);
    static const int singletonType = qmlTypeId("Automagik.Telemetry", 1, 0, "Telemetry");
    QmlTelemetry *singleton = engine && singletonType >= 0 ? engine->singletonInstance<QmlTelemetry *>(singletonType)
                                                           : nullptr;
    if (Telemetry *client = QmlInternal::recordingClient(singleton)) {
        client->trackEvent(QStringLiteral("automagik.page.view"), attributes);
        return;
    }
    static bool warned = false; // once per process: every page change would repeat it
    if (!warned) {
        warned = true;
        qCWarning(QmlInternal::lcQuick) << "TelemetryPage: there is no client yet, so page views are not recorded:"
                                           " set Telemetry.config.projectName and Telemetry.config.version, or call"
                                           " QmlTelemetry::setDefaultInstance() from C++";
    }
}

} // namespace Automagik
