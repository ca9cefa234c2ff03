// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/widgets/telemetryswitch.h>

#include "widgetsupport.h"

#include <automagik/consentcontroller.h>
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
        , controller(new ConsentController(telemetry, q))
    {
    }

    void setupUi();
    void retranslate();
    void updateIndent();
    void sync();
    void onToggled(bool checked);

    TelemetrySwitch *const q;
    // The rules (what is in force, whether the user may change it, why not) live in the controller.
    ConsentController *const controller;
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
    QObject::connect(controller, &ConsentController::enabledChanged, q, [this] { sync(); });
    QObject::connect(controller, &ConsentController::consentChanged, q, [this] { sync(); });
    QObject::connect(controller, &ConsentController::reasonChanged, q, [this] { sync(); });
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
    const bool enabled = controller->isEnabled();
    {
        const QSignalBlocker blocker(checkBox); // a change from outside is not the user's toggle
        checkBox->setChecked(enabled);
    }
    checkBox->setEnabled(controller->canChange());
    // Say why, when a rule over the user's answer decides.
    const QString reason = controller->reason();
    lockedLabel->setText(reason);
    lockedLabel->setVisible(!reason.isEmpty());
    checkBox->setToolTip(reason);
    if (checked != enabled) {
        checked = enabled;
        Q_EMIT q->checkedChanged(enabled);
    }
}

void TelemetrySwitchPrivate::onToggled(bool on)
{
    controller->setConsent(on);
    sync(); // show what is in force, whatever the answer changed
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
    return d->controller->telemetry();
}

bool TelemetrySwitch::isChecked() const
{
    return d->checked;
}

void TelemetrySwitch::showAuditHistory()
{
    if (!d->auditDialog) {
        d->auditDialog = new TelemetryAuditDialog(d->controller->telemetry(), this);
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
