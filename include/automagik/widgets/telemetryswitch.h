// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/widgets/automagiktelemetrywidgets_export.h>

#include <QtWidgets/QWidget>

#include <memory>

namespace Automagik {

class Telemetry;
class TelemetrySwitchPrivate;

/*!
    \class Automagik::TelemetrySwitch
    \brief The telemetry setting for an application's settings page: a check
    box bound to the user's consent, its explanation, and a link to the
    history of what was sent.

    The check box is checked while telemetry is enabled
    (Telemetry::isEnabled()); toggling it calls Telemetry::setConsent(), and
    it follows changes made elsewhere (Telemetry::consentChanged()). "Show
    what is sent" opens a TelemetryAuditDialog. The rules come from a
    ConsentController: while the user's answer would change nothing (an
    administrator's lock, DO_NOT_TRACK, a CI system, ...) the check box is
    disabled, and whenever a rule over the answer decides, the switch says
    which (ConsentController::reason()).

    Texts come from ConsentTexts, as in the QML TelemetrySwitch. The controls
    have these object names: \c telemetryCheckBox, \c descriptionLabel,
    \c auditLink, \c lockedLabel.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_WIDGETS_EXPORT TelemetrySwitch : public QWidget
{
    Q_OBJECT
    Q_PROPERTY(bool checked READ isChecked NOTIFY checkedChanged FINAL)

public:
    //! Creates the switch for \a telemetry; it follows the client's consent from then on.
    explicit TelemetrySwitch(Telemetry *telemetry, QWidget *parent = nullptr);
    ~TelemetrySwitch() override;

    //! The client the switch controls; null once it was destroyed.
    Telemetry *telemetry() const;
    //! Whether the check box is checked, which is Telemetry::isEnabled().
    bool isChecked() const;

public Q_SLOTS:
    //! Opens the history of what was sent (a TelemetryAuditDialog), as the "Show what is sent" link does.
    void showAuditHistory();

Q_SIGNALS:
    //! The check box changed, by the user or because telemetry was turned on or off elsewhere.
    void checkedChanged(bool checked);

protected:
    //! Retranslates on a language change and follows style and font changes.
    void changeEvent(QEvent *event) override;

private:
    Q_DISABLE_COPY_MOVE(TelemetrySwitch)
    friend class TelemetrySwitchPrivate;
    const std::unique_ptr<TelemetrySwitchPrivate> d;
};

} // namespace Automagik
