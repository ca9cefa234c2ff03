// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/consentcontroller.h>

#include "client/consentrules.h"

#include <automagik/consent.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetry.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QEvent>
#include <QtCore/QPointer>
#include <QtCore/QProcessEnvironment>

#include <array>
#include <functional>

namespace Automagik {

using namespace Internal;

namespace {

// LanguageChange is sent to the application object (and to windows), never to other objects: watch it there.
class LanguageChangeWatcher : public QObject
{
public:
    LanguageChangeWatcher(std::function<void()> onChange, QObject *parent)
        : QObject(parent)
        , m_onChange(std::move(onChange))
    {
        if (auto *app = QCoreApplication::instance())
            app->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // Cheap first test: this filter sees every event of the application.
        if (event->type() == QEvent::LanguageChange && watched == QCoreApplication::instance())
            m_onChange();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onChange;
};

using DecidedBy = ConsentController::DecidedBy;

// Consent::decidedBy() names the rule; this is the only place that reads those names.
DecidedBy decidedByRule(const QString &rule)
{
    if (rule == QLatin1String("stored-consent"))
        return DecidedBy::User;
    if (rule == QLatin1String("admin-policy"))
        return DecidedBy::Administrator;
    if (rule == QLatin1String("env:AUTOMAGIK_TELEMETRY_ENABLED"))
        return DecidedBy::EnabledVariable;
    if (rule == QLatin1String("env:DO_NOT_TRACK") || rule == QLatin1String("env:OTEL_SDK_DISABLED"))
        return DecidedBy::DoNotTrack; // both variables only ever turn telemetry off
    if (rule == QLatin1String("opt-out-file"))
        return DecidedBy::OptOutFile;
    if (rule == QLatin1String("preference-file"))
        return DecidedBy::PreferenceFile;
    if (rule.startsWith(QLatin1String("ci:")))
        return DecidedBy::ContinuousIntegration;
    if (rule == QLatin1String("env:ENVIRONMENT"))
        return DecidedBy::DevelopmentEnvironment;
    return DecidedBy::Nobody; // "default"
}

// In the library's one translation context, with the texts of ConsentTexts.
QString reasonText(DecidedBy decidedBy, bool enabled, const QString &detail)
{
    switch (decidedBy) {
    case DecidedBy::Nobody:
    case DecidedBy::User:
        break;
    case DecidedBy::Administrator:
        return ConsentTexts().lockedByAdministrator();
    case DecidedBy::EnabledVariable:
        return (enabled ? QCoreApplication::translate("AutomagikTelemetry",
                                                      "Usage statistics are turned on by the environment variable %1.")
                        : QCoreApplication::translate("AutomagikTelemetry",
                                                      "Usage statistics are turned off by the environment variable %1."))
            .arg(QStringLiteral("AUTOMAGIK_TELEMETRY_ENABLED"));
    case DecidedBy::DoNotTrack:
        return QCoreApplication::translate("AutomagikTelemetry",
                                           "Usage statistics are turned off by the environment variable %1.")
            .arg(detail);
    case DecidedBy::OptOutFile:
        return QCoreApplication::translate("AutomagikTelemetry",
                                           "Usage statistics are turned off for all Automagik applications on this "
                                           "computer.");
    case DecidedBy::PreferenceFile:
        return enabled ? QCoreApplication::translate("AutomagikTelemetry",
                                                     "Usage statistics are turned on by your answer in another "
                                                     "Automagik application.")
                       : QCoreApplication::translate("AutomagikTelemetry",
                                                     "Usage statistics are turned off by your answer in another "
                                                     "Automagik application.");
    case DecidedBy::ContinuousIntegration:
        return QCoreApplication::translate("AutomagikTelemetry",
                                           "Usage statistics are turned off on continuous integration systems (%1 is "
                                           "set).")
            .arg(detail);
    case DecidedBy::DevelopmentEnvironment:
        return QCoreApplication::translate("AutomagikTelemetry",
                                           "Usage statistics are turned off in development and test environments "
                                           "(%1).")
            .arg(detail);
    }
    return {};
}

} // namespace

class ConsentControllerPrivate
{
public:
    explicit ConsentControllerPrivate(ConsentController *q)
        : q(q)
    {
    }

    void attach(Telemetry *client);
    void update();
    void retranslate();

    struct State
    {
        bool enabled = false;
        ConsentState consentState = ConsentState::Undecided;
        DecidedBy decidedBy = DecidedBy::Nobody;
        bool canChange = false;
        bool needsConsent = false;
        QString reason;
        QString detail; // what reason() names: the CI variable, the ENVIRONMENT value
    };

    State evaluate() const;
    void apply(const State &next);

    ConsentController *const q;
    QPointer<Telemetry> telemetry;
    std::array<QMetaObject::Connection, 3> connections;
    State state;
};

ConsentControllerPrivate::State ConsentControllerPrivate::evaluate() const
{
    State next;
    Telemetry *client = telemetry;
    if (!client)
        return next;
    const Consent *consent = client->consent();
    next.enabled = client->isEnabled();
    next.consentState = client->consentState();
    next.needsConsent = client->needsConsent();

    // The user's answer can change something when a yes and a no would end differently. grant() removes the
    // shared opt-out file and deny() writes it, so both are asked with the file as each would leave it.
    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString home = QDir::homePath();
    const bool locked = consent->isLockedByAdministrator();
    const ConsentDecision afterGrant = ConsentRules::decide(environment, home, locked, ConsentRules::OptOutFile::Absent);
    const ConsentDecision afterDeny = ConsentRules::decide(environment, home, locked, ConsentRules::OptOutFile::Present);
    const bool onAfterGrant = !afterGrant.decided || afterGrant.enabled;
    const bool onAfterDeny = afterDeny.decided && afterDeny.enabled;
    next.canChange = onAfterGrant != onAfterDeny;

    const QString rule = consent->decidedBy();
    next.decidedBy = decidedByRule(rule);
    // deny() writes the opt-out file, which then is the rule that applies: still the user's own answer. So is
    // any rule that agrees with the answer while the user could change it.
    const bool answerInForce = next.consentState != ConsentState::Undecided
        && next.enabled == (next.consentState == ConsentState::Granted);
    if (next.canChange && answerInForce)
        next.decidedBy = DecidedBy::User;
    if (next.decidedBy == DecidedBy::ContinuousIntegration)
        next.detail = rule.mid(3);
    else if (next.decidedBy == DecidedBy::DoNotTrack)
        next.detail = rule.mid(4); // the variable's name
    else if (next.decidedBy == DecidedBy::DevelopmentEnvironment)
        next.detail = QStringLiteral("ENVIRONMENT=") + environment.value(QStringLiteral("ENVIRONMENT"));
    next.reason = reasonText(next.decidedBy, next.enabled, next.detail);
    return next;
}

void ConsentControllerPrivate::apply(const State &next)
{
    const State previous = state;
    state = next;
    // Every property is set before the first signal, so a slot reads a consistent state.
    const QPointer<ConsentController> guard(q);
    const auto alive = [&guard] { return !guard.isNull(); };
    if (previous.enabled != next.enabled)
        Q_EMIT q->enabledChanged(next.enabled);
    if (alive()
        && (previous.consentState != next.consentState || previous.decidedBy != next.decidedBy
            || previous.canChange != next.canChange || previous.needsConsent != next.needsConsent))
        Q_EMIT q->consentChanged();
    if (alive() && previous.reason != next.reason)
        Q_EMIT q->reasonChanged(next.reason);
}

void ConsentControllerPrivate::update()
{
    apply(evaluate());
}

void ConsentControllerPrivate::retranslate()
{
    State next = state;
    next.reason = reasonText(next.decidedBy, next.enabled, next.detail);
    apply(next);
}

void ConsentControllerPrivate::attach(Telemetry *client)
{
    for (QMetaObject::Connection &connection : connections)
        QObject::disconnect(connection);
    telemetry = client;
    if (client) {
        connections = {
            QObject::connect(client, &Telemetry::consentChanged, q, [this] { update(); }),
            QObject::connect(client, &Telemetry::enabledChanged, q, [this] { update(); }),
            // The QPointer is already null here: update() sees no client.
            QObject::connect(client, &QObject::destroyed, q, [this] {
                update();
                Q_EMIT q->telemetryChanged();
            }),
        };
    }
}

ConsentController::ConsentController(QObject *parent)
    : ConsentController(nullptr, parent)
{
}

ConsentController::ConsentController(Telemetry *telemetry, QObject *parent)
    : QObject(parent)
    , d(new ConsentControllerPrivate(this))
{
    new LanguageChangeWatcher([this] { d->retranslate(); }, this);
    d->attach(telemetry);
    d->state = d->evaluate();
}

ConsentController::~ConsentController()
{
    for (QMetaObject::Connection &connection : d->connections)
        QObject::disconnect(connection);
}

Telemetry *ConsentController::telemetry() const
{
    return d->telemetry;
}

void ConsentController::setTelemetry(Telemetry *telemetry)
{
    if (d->telemetry == telemetry)
        return;
    d->attach(telemetry);
    d->update();
    Q_EMIT telemetryChanged();
}

bool ConsentController::isEnabled() const { return d->state.enabled; }
ConsentState ConsentController::consentState() const { return d->state.consentState; }
ConsentController::DecidedBy ConsentController::decidedBy() const { return d->state.decidedBy; }
bool ConsentController::canChange() const { return d->state.canChange; }
bool ConsentController::needsConsent() const { return d->state.needsConsent; }
QString ConsentController::reason() const { return d->state.reason; }

void ConsentController::grant()
{
    if (!d->state.canChange || !d->telemetry)
        return;
    d->telemetry->enable();
    d->update(); // also when the client's state did not change (a rule outside it did)
}

void ConsentController::deny()
{
    if (!d->state.canChange || !d->telemetry)
        return;
    d->telemetry->disable();
    d->update();
}

void ConsentController::setConsent(bool granted)
{
    if (granted)
        grant();
    else
        deny();
}

void ConsentController::reload()
{
    if (d->telemetry)
        d->telemetry->consent()->reload();
    d->update();
}

} // namespace Automagik
