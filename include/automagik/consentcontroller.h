// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QObject>
#include <QtCore/QString>

#include <memory>

namespace Automagik {

class Telemetry;
class ConsentControllerPrivate;

/*!
    \class Automagik::ConsentController
    \brief What a consent user interface shows and may do, decided once for
    every user interface.

    The QML \c TelemetrySwitch and \c ConsentDialog and the widgets
    TelemetrySwitch and ConsentDialog all bind to one of these instead of
    reading Consent's rules themselves: a switch is checked while
    isEnabled(), can be used while canChange(), and shows reason() when it
    is not empty; a consent dialog opens while needsConsent() and offers a
    choice only while canChange().

    It follows a Telemetry client (setTelemetry()) and reports every change
    once, with the signals of Telemetry and Consent: enabledChanged() for
    isEnabled(), consentChanged() for the answer and the rules over it
    (consentState(), decidedBy(), canChange(), needsConsent()), and
    reasonChanged() for reason(), which also follows the application's
    language. Without a client nothing is enabled, nothing can be changed
    and the actions do nothing. The properties are cached: reading them
    never touches the disk.

    \code
    auto *controller = new Automagik::ConsentController(telemetry, this);
    checkBox->setChecked(controller->isEnabled());
    checkBox->setEnabled(controller->canChange());
    connect(checkBox, &QCheckBox::toggled, controller, &Automagik::ConsentController::setConsent);
    \endcode

    In QML it is \c Telemetry.consentController, with the enum as
    \c ConsentController.DecidedBy.

    Use it from the thread the client lives in (usually the GUI thread).

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_EXPORT ConsentController : public QObject
{
    Q_OBJECT
    // For QML: DecidedBy by its scoped name only, and no enums of the types the properties use (the
    // Automagik namespace's are registered on their own; here they would clash).
    Q_CLASSINFO("RegisterEnumClassesUnscoped", "false")
    Q_CLASSINFO("RegisterEnumsFromRelatedTypes", "false")
    Q_PROPERTY(bool enabled READ isEnabled NOTIFY enabledChanged FINAL)
    Q_PROPERTY(Automagik::ConsentState consentState READ consentState NOTIFY consentChanged FINAL)
    Q_PROPERTY(Automagik::ConsentController::DecidedBy decidedBy READ decidedBy NOTIFY consentChanged FINAL)
    Q_PROPERTY(bool canChange READ canChange NOTIFY consentChanged FINAL)
    Q_PROPERTY(bool needsConsent READ needsConsent NOTIFY consentChanged FINAL)
    Q_PROPERTY(QString reason READ reason NOTIFY reasonChanged FINAL)

public:
    /*!
        Who or what decided whether telemetry is on (Consent::decidedBy()
        names the same rules, in the order they are applied).

        \since 1.0
    */
    enum class DecidedBy {
        Nobody = 0, //!< No rule and no answer: off until the user answers ("default").
        User = 1, //!< The user's own answer, given here or echoed in the shared opt-out file ("stored-consent").
        Administrator = 2, //!< The administrator's system-wide policy ("admin-policy").
        EnabledVariable = 3, //!< The AUTOMAGIK_TELEMETRY_ENABLED environment variable ("env:AUTOMAGIK_TELEMETRY_ENABLED").
        DoNotTrack = 4, //!< The DO_NOT_TRACK=1 environment variable ("env:DO_NOT_TRACK").
        OptOutFile = 5, //!< ~/.automagik-no-telemetry, shared by the Automagik SDKs, and not this user's answer here ("opt-out-file").
        PreferenceFile = 6, //!< The answer given to the other Automagik SDKs ("preference-file").
        ContinuousIntegration = 7, //!< A continuous integration system's variable, such as CI ("ci:<VARIABLE>").
        DevelopmentEnvironment = 8, //!< ENVIRONMENT=development, dev, test or testing ("env:ENVIRONMENT").
    };
    Q_ENUM(DecidedBy)

    /*!
        Creates a controller without a client: nothing is enabled and nothing
        can be changed until setTelemetry().

        \since 1.0
    */
    explicit ConsentController(QObject *parent = nullptr);
    /*!
        Creates a controller that follows \a telemetry.

        \since 1.0
    */
    explicit ConsentController(Telemetry *telemetry, QObject *parent = nullptr);
    //! \since 1.0
    ~ConsentController() override;

    /*!
        The client this controller follows; nullptr when there is none or it
        was destroyed.

        \since 1.0
    */
    Telemetry *telemetry() const;
    /*!
        Follows \a telemetry from now on (nullptr: none). The client stays
        owned by the caller; when it is destroyed, the controller lets go of it.

        \since 1.0
    */
    void setTelemetry(Telemetry *telemetry);

    /*!
        Whether telemetry is on now, whoever decided it (Telemetry::isEnabled()):
        what a switch shows as checked.

        \since 1.0
    */
    bool isEnabled() const;
    /*!
        The user's stored answer (Telemetry::consentState()); Undecided
        without a client.

        \since 1.0
    */
    ConsentState consentState() const;
    /*!
        Who or what decided isEnabled(). User when the user's answer is in
        force and they can change it; otherwise the rule that decided.

        \since 1.0
    */
    DecidedBy decidedBy() const;
    /*!
        Whether the user's answer here changes what is in force: whether
        grant() would turn telemetry on and deny() would turn it off. False
        while a rule above the user's answer (the administrator, an
        environment variable, a continuous integration system, ...) decides
        either way, and without a client. A switch is usable only while this
        is true; a consent dialog offers a choice only while it is true.

        \since 1.0
    */
    bool canChange() const;
    /*!
        Whether the user should be asked now: there is a client, no rule
        decides and there is no answer for the current consent policy
        version (Telemetry::needsConsent()). A consent dialog opens while
        this is true.

        \since 1.0
    */
    bool needsConsent() const;
    /*!
        Why telemetry is on or off when the user's answer is not what
        decided, in a sentence for the user (translated, and translated again
        when the application's language changes); for example "Usage
        statistics are turned off by your administrator.". Empty while
        decidedBy() is Nobody or User.

        \since 1.0
    */
    QString reason() const;

public Q_SLOTS:
    /*!
        The user's yes: Telemetry::enable() (stored, and the shared opt-out
        file removed). Does nothing unless canChange().

        \since 1.0
    */
    void grant();
    /*!
        The user's no: Telemetry::disable() (stored, the shared opt-out file
        written, what was recorded under consent still delivered). Does
        nothing unless canChange().

        \since 1.0
    */
    void deny();
    /*!
        grant() when \a granted, else deny(): for a switch or a dialog's answer.

        \since 1.0
    */
    void setConsent(bool granted);
    /*!
        Reads the environment, the shared files and the stored answer again
        (Consent::reload()), for changes made outside this process.

        \since 1.0
    */
    void reload();

Q_SIGNALS:
    //! The controller follows another client, or none (setTelemetry(), or the client was destroyed). \since 1.0
    void telemetryChanged();
    //! isEnabled() changed (as Telemetry::enabledChanged()). \since 1.0
    void enabledChanged(bool enabled);
    /*!
        consentState(), decidedBy(), canChange() or needsConsent() changed
        (as Telemetry::consentChanged()); emitted once however many of them did.
        \since 1.0
    */
    void consentChanged();
    //! reason() changed, because another rule decides or the application's language changed. \since 1.0
    void reasonChanged(const QString &reason);

private:
    Q_DISABLE_COPY_MOVE(ConsentController)
    friend class ConsentControllerPrivate;
    const std::unique_ptr<ConsentControllerPrivate> d;
};

} // namespace Automagik
