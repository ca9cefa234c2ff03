// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/telemetryconfig.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QDateTime>
#include <QtCore/QObject>

#include <memory>

namespace Automagik {

class ConsentPrivate;

/*!
    \class Automagik::Consent
    \brief The end user's answer to "may this application send telemetry?",
    and everything that overrides it.

    The answer (undecided, granted with categories, or denied; the policy
    version it was given for; when) is stored in QSettings, together with the
    anonymous user id. What may actually be recorded, effectiveCategories(),
    is decided by the first rule that applies:

    -# an administrator's lock: the system-scope setting
       `AutomagikTelemetry/disabled=true` of the application (or of
       organization "Automagik", application "Telemetry", for every
       application): /etc/xdg on Linux, HKLM on Windows, /Library/Preferences
       on macOS;
    -# AUTOMAGIK_TELEMETRY_ENABLED (true/1/yes/on, anything else is off);
    -# DO_NOT_TRACK=1;
    -# the opt-out file ~/.automagik-no-telemetry shared by the SDK family;
    -# the other SDKs' answer in ~/.automagik/telemetry_preference;
    -# a CI environment (CI, GITHUB_ACTIONS, GITLAB_CI, JENKINS_URL, ...);
    -# ENVIRONMENT=development, dev, test or testing;
    -# the stored answer, if it was given for the current consentPolicyVersion;
    -# otherwise off.

    A Telemetry client owns one (Telemetry::consent()); a consent dialog can
    also create its own from the same TelemetryConfig.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_EXPORT Consent : public QObject
{
    Q_OBJECT
    Q_PROPERTY(Automagik::ConsentState state READ state NOTIFY consentChanged FINAL)
    Q_PROPERTY(Automagik::ConsentCategories grantedCategories READ grantedCategories NOTIFY consentChanged FINAL)
    Q_PROPERTY(Automagik::ConsentCategories effectiveCategories READ effectiveCategories NOTIFY consentChanged FINAL)
    Q_PROPERTY(bool needsConsent READ needsConsent NOTIFY consentChanged FINAL)
    Q_PROPERTY(bool lockedByAdministrator READ isLockedByAdministrator NOTIFY consentChanged FINAL)
    Q_PROPERTY(QString decidedBy READ decidedBy NOTIFY consentChanged FINAL)
    Q_PROPERTY(QString userId READ userId NOTIFY userIdChanged FINAL)
    Q_PROPERTY(int policyVersion READ policyVersion CONSTANT FINAL)

public:
    /*!
        The answer and the rules for the application \a config describes.
        They are read when first asked for, not here, so that constructing
        one costs no disk access.
    */
    explicit Consent(const TelemetryConfig &config, QObject *parent = nullptr);
    ~Consent() override;

    //! The stored answer, for the current policy version (an answer to an older one is Undecided).
    ConsentState state() const;
    //! The categories of the stored answer (none unless state() is Granted).
    ConsentCategories grantedCategories() const;
    //! What may be recorded now, after every rule. Empty means telemetry is off.
    ConsentCategories effectiveCategories() const;
    //! Whether the user should be asked: no rule decides and there is no answer for this policy version.
    bool needsConsent() const;
    //! Whether an administrator's policy keeps telemetry off.
    bool isLockedByAdministrator() const;
    /*!
        Which rule decided effectiveCategories(): "admin-policy",
        "env:AUTOMAGIK_TELEMETRY_ENABLED", "env:DO_NOT_TRACK", "opt-out-file",
        "preference-file", "ci:<VARIABLE>", "env:ENVIRONMENT",
        "stored-consent" or "default".
    */
    QString decidedBy() const;
    //! The current consent policy version (TelemetryConfig::consentPolicyVersion()).
    int policyVersion() const;
    //! The policy version the stored answer was given for; 0 if none.
    int answeredPolicyVersion() const;
    //! When the stored answer was given (UTC); invalid if none.
    QDateTime answeredAt() const;
    /*!
        The anonymous user id: a random UUID created when consent is first
        granted, removed when it is withdrawn (so a later opt-in cannot be
        linked to earlier data). Empty while there is none.
    */
    QString userId() const;

public Q_SLOTS:
    //! Stores "yes" to every category and removes the shared opt-out file.
    void grant();
    //! Stores "no", writes the shared opt-out file and forgets the anonymous user id.
    void deny();
    //! grant() or deny(), for dialogs with one switch.
    void setConsent(bool granted);
    //! Stores "yes" to \a categories only; no category at all is deny().
    void setGrantedCategories(Automagik::ConsentCategories categories);
    //! Reads the environment, the files and the settings again (they may have changed outside).
    void reload();

Q_SIGNALS:
    //! Any of the consent properties changed.
    void consentChanged();
    //! userId() changed: created by a grant, forgotten by a deny, or changed outside and found by reload().
    void userIdChanged(const QString &userId);

private:
    Q_DISABLE_COPY_MOVE(Consent)
    friend class ConsentPrivate;
    const std::unique_ptr<ConsentPrivate> d;
};

} // namespace Automagik
