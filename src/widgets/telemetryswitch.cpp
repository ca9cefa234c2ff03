// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/widgets/telemetryswitch.h>

#include "widgetsupport.h"

#include <automagik/consent.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>
#include <automagik/widgets/telemetryauditdialog.h>

#include <QtCore/QEvent>
#include <QtCore/QPointer>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QGridLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QStyle>

namespace Automagik {

using namespace Internal;

class TelemetrySwitchPrivate
{
public:
    explicit TelemetrySwitchPrivate(TelemetrySwitch *q, Telemetry *telemetry)
        : q(q)
        , telemetry(telemetry)
    {
    }

    void setupUi();
    void retranslate();
    void updateIndent();
    void sync();
    void onToggled(bool checked);

    TelemetrySwitch *const q;
    QPointer<Telemetry> telemetry;
    QPointer<TelemetryAuditDialog> auditDialog;
    bool checked = false;

    QGridLayout *layout = nullptr;
    QCheckBox *checkBox = nullptr;
    QLabel *description = nullptr;
    QLabel *lockedLabel = nullptr;
    QLabel *auditLink = nullptr;
};

void TelemetrySwitchPrivate::setupUi()
{
    checkBox = new QCheckBox(q);
    checkBox->setObjectName(QStringLiteral("telemetryCheckBox"));
    description = WidgetSupport::wrappingLabel(QStringLiteral("descriptionLabel"), q);
    lockedLabel = WidgetSupport::wrappingLabel(QStringLiteral("lockedLabel"), q);
    lockedLabel->setVisible(false);
    auditLink = new QLabel(q);
    auditLink->setObjectName(QStringLiteral("auditLink"));
    auditLink->setTextFormat(Qt::RichText);
    auditLink->setTextInteractionFlags(Qt::TextBrowserInteraction); // reachable and activatable by keyboard
    auditLink->setOpenExternalLinks(false);
    auditLink->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Preferred); // as wide as its text

    // The explanation lines up with the check box's text; a grid mirrors for right-to-left by itself.
    layout = new QGridLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(checkBox, 0, 0, 1, 2);
    layout->addWidget(description, 1, 1);
    layout->addWidget(lockedLabel, 2, 1);
    layout->addWidget(auditLink, 3, 1, Qt::AlignLeading);
    layout->setColumnStretch(1, 1);

    QObject::connect(checkBox, &QCheckBox::toggled, q, [this](bool on) { onToggled(on); });
    QObject::connect(auditLink, &QLabel::linkActivated, q, &TelemetrySwitch::showAuditHistory);
    if (telemetry) {
        QObject::connect(telemetry, &Telemetry::consentChanged, q, [this] { sync(); });
        QObject::connect(telemetry, &Telemetry::enabledChanged, q, [this] { sync(); });
        QObject::connect(telemetry, &QObject::destroyed, q, [this] { sync(); });
    }
}

void TelemetrySwitchPrivate::retranslate()
{
    const ConsentTexts texts;
    checkBox->setText(texts.switchLabel());
    checkBox->setAccessibleName(texts.switchLabel());
    checkBox->setAccessibleDescription(texts.switchDescription());
    description->setText(texts.switchDescription());
    auditLink->setText(QStringLiteral("<a href=\"#audit\">") + texts.showPayload().toHtmlEscaped()
                       + QStringLiteral("</a>"));
    auditLink->setAccessibleName(texts.showPayload());
    auditLink->setAccessibleDescription(texts.auditTitle());
}

void TelemetrySwitchPrivate::updateIndent()
{
    const QStyle *style = q->style();
    layout->setColumnMinimumWidth(0, style->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, checkBox)
                                         + style->pixelMetric(QStyle::PM_CheckBoxLabelSpacing, nullptr, checkBox));
}

void TelemetrySwitchPrivate::sync()
{
    const bool enabled = telemetry && telemetry->isEnabled();
    const bool locked = telemetry && telemetry->consent()->isLockedByAdministrator();
    {
        const QSignalBlocker blocker(checkBox); // a change from outside is not the user's toggle
        checkBox->setChecked(enabled);
    }
    // Say why the box stays unticked when a rule over the user's answer keeps telemetry off.
    const QString decidedBy = telemetry ? telemetry->consent()->decidedBy() : QString();
    const bool offBySetting = telemetry && !locked && !enabled && decidedBy != QLatin1String("stored-consent")
        && decidedBy != QLatin1String("default");
    const ConsentTexts texts;
    lockedLabel->setText(locked ? texts.lockedByAdministrator() : texts.turnedOffBySetting());
    checkBox->setEnabled(telemetry && !locked);
    checkBox->setToolTip(locked || offBySetting ? lockedLabel->text() : QString());
    lockedLabel->setVisible(locked || offBySetting);
    if (checked != enabled) {
        checked = enabled;
        Q_EMIT q->checkedChanged(enabled);
    }
}

void TelemetrySwitchPrivate::onToggled(bool on)
{
    if (telemetry)
        telemetry->setConsent(on);
    // A rule over the answer (DO_NOT_TRACK, CI, ...) may keep telemetry off: show what is in effect.
    sync();
}

TelemetrySwitch::TelemetrySwitch(Telemetry *telemetry, QWidget *parent)
    : QWidget(parent)
    , d(new TelemetrySwitchPrivate(this, telemetry))
{
    d->setupUi();
    d->retranslate();
    d->updateIndent();
    d->sync();
}

TelemetrySwitch::~TelemetrySwitch() = default;

Telemetry *TelemetrySwitch::telemetry() const
{
    return d->telemetry;
}

bool TelemetrySwitch::isChecked() const
{
    return d->checked;
}

void TelemetrySwitch::showAuditHistory()
{
    if (!d->auditDialog) {
        d->auditDialog = new TelemetryAuditDialog(d->telemetry, this);
        d->auditDialog->setAttribute(Qt::WA_DeleteOnClose);
    } else {
        d->auditDialog->reload();
    }
    d->auditDialog->open();
    d->auditDialog->raise();
    d->auditDialog->activateWindow();
}

void TelemetrySwitch::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LanguageChange:
        d->retranslate();
        break;
    case QEvent::StyleChange:
    case QEvent::FontChange:
        d->updateIndent();
        break;
    default:
        break;
    }
    QWidget::changeEvent(event);
}

} // namespace Automagik
