// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/widgets/automagiktelemetrywidgets_export.h>

#include <QtCore/QUrl>
#include <QtWidgets/QDialog>

#include <memory>

namespace Automagik {

class Telemetry;
class ConsentDialogPrivate;

/*!
    \class Automagik::ConsentDialog
    \brief The QtWidgets dialog that asks the end user whether the application
    may send anonymous usage statistics.

    It says the same as the QML ConsentDialog, in the same words: every text
    comes from ConsentTexts, so both user interfaces share one translation.
    It explains in plain words what is sent and what never is, links to the
    privacy policy (privacyPolicyUrl) and can show a real example of one
    report (Telemetry::samplePayload()).

    The two answers, "Allow" and "Don't allow", have equal weight: the same
    size, neither is the default button and neither is focused first, so
    Enter picks neither. "Allow" (and accept()) calls
    Telemetry::setConsent(true) and ends the dialog with QDialog::Accepted,
    "Don't allow" calls Telemetry::setConsent(false) and ends it with
    QDialog::Rejected; answered() tells which. Closing the dialog (Escape,
    the window's close button, reject()) stores nothing: the user stays
    undecided and will be asked again.

    When an answer would change nothing (ConsentController::canChange() is
    false: an administrator's lock, DO_NOT_TRACK, a CI system, ...), the
    dialog says why (ConsentController::reason()) and offers no choice,
    only "Close".

    The dialog follows the application's palette, font and layout direction
    (it mirrors for right-to-left languages), retranslates itself on a
    language change, and stays usable down to 360 pixels wide (the text
    scrolls).

    Most applications only need askIfNeeded() at start-up:

    \code
    Automagik::ConsentDialog::askIfNeeded(telemetry, mainWindow);
    \endcode

    The controls have these object names, for tests and style sheets:
    \c allowButton, \c denyButton, \c closeButton, \c payloadToggle,
    \c payloadView, \c privacyPolicyLink, \c lockedLabel.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_WIDGETS_EXPORT ConsentDialog : public QDialog
{
    Q_OBJECT
    Q_PROPERTY(QUrl privacyPolicyUrl READ privacyPolicyUrl WRITE setPrivacyPolicyUrl NOTIFY privacyPolicyUrlChanged FINAL)
    Q_PROPERTY(bool payloadVisible READ isPayloadVisible WRITE setPayloadVisible NOTIFY payloadVisibleChanged FINAL)

public:
    /*!
        Creates the dialog for \a telemetry. The dialog watches it: should the
        client be destroyed first, the buttons only close the dialog.
    */
    explicit ConsentDialog(Telemetry *telemetry, QWidget *parent = nullptr);
    ~ConsentDialog() override;

    //! The client whose consent the dialog asks for; null once it was destroyed.
    Telemetry *telemetry() const;

    //! The application's privacy policy, opened in the browser; no link is shown while it is empty (the default).
    QUrl privacyPolicyUrl() const;
    //! Sets privacyPolicyUrl(); an empty \a url hides the link.
    void setPrivacyPolicyUrl(const QUrl &url);

    //! Whether the example report ("Show what is sent") is expanded; false initially.
    bool isPayloadVisible() const;
    //! Expands or collapses the example report, as the "Show what is sent" toggle does.
    void setPayloadVisible(bool visible);

    //! About 60 characters a line of the dialog's font, never larger than the screen.
    QSize sizeHint() const override;

    /*!
        Shows the dialog modally if \a telemetry needs an answer
        (Telemetry::needsConsent()) and returns once the user answered or
        closed it. Returns whether the dialog was shown; the answer itself is
        Telemetry::consentState().
    */
    static bool askIfNeeded(Telemetry *telemetry, QWidget *parent = nullptr);
    //! Like askIfNeeded(Telemetry *, QWidget *), with a link to \a privacyPolicyUrl.
    static bool askIfNeeded(Telemetry *telemetry, const QUrl &privacyPolicyUrl, QWidget *parent = nullptr);

public Q_SLOTS:
    /*!
        The "Allow" answer: calls Telemetry::setConsent(true), emits
        answered(true) and closes the dialog with QDialog::Accepted. Does
        nothing but close the dialog while an answer would change nothing
        (ConsentController::canChange() is false).
        reject() stores nothing.
    */
    void accept() override;

Q_SIGNALS:
    //! privacyPolicyUrl() changed to \a url.
    void privacyPolicyUrlChanged(const QUrl &url);
    //! The example report was expanded or collapsed (the toggle or setPayloadVisible()).
    void payloadVisibleChanged(bool visible);
    //! The user chose "Allow" (\a granted true) or "Don't allow"; not emitted when the dialog is just closed.
    void answered(bool granted);

protected:
    //! Retranslates on a language change and follows font and layout direction changes.
    void changeEvent(QEvent *event) override;

private:
    Q_DISABLE_COPY_MOVE(ConsentDialog)
    friend class ConsentDialogPrivate;
    const std::unique_ptr<ConsentDialogPrivate> d;
};

} // namespace Automagik
