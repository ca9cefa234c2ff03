// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/consent.h>

#include "client/consentrules.h"
#include "common/logging.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QSaveFile>
#include <QtCore/QSettings>
#include <QtCore/QUuid>

namespace Automagik {

using namespace Internal;

namespace {

const QString groupKey = QStringLiteral("AutomagikTelemetry/");

QString key(const char *name)
{
    return groupKey + QLatin1String(name);
}

bool isUuid(const QString &text)
{
    return !QUuid::fromString(text).isNull();
}

} // namespace

class ConsentPrivate
{
public:
    explicit ConsentPrivate(const TelemetryConfig &config)
        : config(config)
    {
    }

    QString organization() const
    {
        const QString org = QCoreApplication::organizationName();
        return org.isEmpty() ? QStringLiteral("automagik") : org;
    }
    QString application() const
    {
        const QString app = QCoreApplication::applicationName();
        return app.isEmpty() ? config.projectName() : app;
    }

    std::unique_ptr<QSettings> userSettings() const
    {
        std::unique_ptr<QSettings> settings = config.settingsFile().isEmpty()
            ? std::make_unique<QSettings>(QSettings::NativeFormat, QSettings::UserScope, organization(), application())
            : std::make_unique<QSettings>(config.settingsFile(), QSettings::IniFormat);
        settings->setFallbacksEnabled(false); // the system scope is policy, read on its own below
        return settings;
    }

    bool readAdministratorLock() const
    {
        // Per application, and for every application using this library.
        const std::pair<QString, QString> scopes[] = {{organization(), application()},
                                                      {QStringLiteral("Automagik"), QStringLiteral("Telemetry")}};
        for (const auto &[org, app] : scopes) {
            QSettings policy(QSettings::NativeFormat, QSettings::SystemScope, org, app);
            if (ConsentRules::isTruthy(policy.value(key("disabled")).toString()))
                return true;
        }
        return false;
    }

    QString sharedUserIdPath() const { return QDir(QDir::homePath()).filePath(QStringLiteral(".automagik/user_id")); }

    QString readOrCreateSharedUserId() const
    {
        QFile file(sharedUserIdPath());
        if (file.open(QIODevice::ReadOnly)) {
            const QString id = QString::fromUtf8(file.read(64)).trimmed();
            if (isUuid(id))
                return id;
        }
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        QDir().mkpath(QFileInfo(file).absolutePath());
        QSaveFile out(sharedUserIdPath());
        // The other SDKs write the bare UUID with no newline.
        if (!out.open(QIODevice::WriteOnly) || out.write(id.toLatin1()) < 0 || !out.commit())
            qCWarning(lcTelemetry()).noquote() << "could not write" << out.fileName() << ":" << out.errorString();
        return id;
    }

    void writeAnswer(ConsentState answer, ConsentCategories categories)
    {
        auto settings = userSettings();
        settings->setValue(key("consent"), answer == ConsentState::Granted ? QStringLiteral("granted")
                                                                           : QStringLiteral("denied"));
        settings->setValue(key("categories"), int(categories));
        settings->setValue(key("policyVersion"), config.consentPolicyVersion());
        settings->setValue(key("answeredAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (answer == ConsentState::Denied)
            settings->remove(key("userId")); // a later yes gets a new id that cannot be linked to this one
        settings->sync();
        if (settings->status() != QSettings::NoError)
            qCWarning(lcTelemetry()).noquote() << "could not store the consent answer in" << settings->fileName();
    }

    // Reads everything; returns whether anything visible changed.
    bool load()
    {
        const bool wasLocked = locked;
        const ConsentState wasState = state;
        const ConsentCategories wasGranted = granted, wasEffective = effective;
        const QString wasDecidedBy = decidedBy;

        locked = readAdministratorLock();
        auto settings = userSettings();
        const QString stored = settings->value(key("consent")).toString();
        bool versionOk = false;
        answeredVersion = settings->value(key("policyVersion")).toString().toInt(&versionOk);
        if (!versionOk || answeredVersion < 0)
            answeredVersion = 0;
        answeredAt = QDateTime::fromString(settings->value(key("answeredAt")).toString(), Qt::ISODate);
        bool categoriesOk = false;
        const int storedCategories = settings->value(key("categories")).toString().toInt(&categoriesOk);

        // An answer counts only for the policy it was given for; anything unreadable is no answer.
        state = ConsentState::Undecided;
        granted = {};
        if (answeredVersion >= config.consentPolicyVersion()) {
            if (stored == QLatin1String("granted")) {
                granted = categoriesOk ? ConsentCategories(storedCategories & int(ConsentCategory::AllCategories))
                                       : ConsentCategories(ConsentCategory::AllCategories);
                state = granted ? ConsentState::Granted : ConsentState::Denied;
            } else if (stored == QLatin1String("denied")) {
                state = ConsentState::Denied;
            }
        }

        const ConsentDecision rule =
            ConsentRules::decide(QProcessEnvironment::systemEnvironment(), QDir::homePath(), locked);
        ruleDecides = rule.decided;
        if (rule.decided) {
            effective = rule.enabled ? ConsentCategories(ConsentCategory::AllCategories) : ConsentCategories();
            decidedBy = rule.decidedBy;
        } else {
            effective = state == ConsentState::Granted ? granted : ConsentCategories();
            decidedBy = state == ConsentState::Undecided ? QStringLiteral("default") : QStringLiteral("stored-consent");
        }

        // The anonymous id exists only while telemetry may be recorded.
        const QString previousUserId = userId;
        if (effective) {
            if (config.shareUserIdWithOtherSdks()) {
                userId = readOrCreateSharedUserId();
            } else {
                userId = settings->value(key("userId")).toString();
                if (!isUuid(userId)) {
                    userId = QUuid::createUuid().toString(QUuid::WithoutBraces);
                    settings->setValue(key("userId"), userId);
                }
            }
        } else if (!config.shareUserIdWithOtherSdks()) {
            const QString stored = settings->value(key("userId")).toString();
            userId = isUuid(stored) ? stored : QString(); // kept for a later yes unless consent was withdrawn
        }
        userIdChanged = userId != previousUserId;

        return wasLocked != locked || wasState != state || wasGranted != granted || wasEffective != effective
            || wasDecidedBy != decidedBy;
    }

    const TelemetryConfig config;
    bool locked = false;
    bool ruleDecides = false;
    ConsentState state = ConsentState::Undecided;
    ConsentCategories granted;
    ConsentCategories effective;
    QString decidedBy = QStringLiteral("default");
    int answeredVersion = 0;
    QDateTime answeredAt;
    QString userId;
    bool userIdChanged = false;
};

Consent::Consent(const TelemetryConfig &config, QObject *parent)
    : QObject(parent)
    , d(new ConsentPrivate(config))
{
    d->load();
}

Consent::~Consent() = default;

ConsentState Consent::state() const { return d->state; }
ConsentCategories Consent::grantedCategories() const { return d->granted; }
ConsentCategories Consent::effectiveCategories() const { return d->effective; }
bool Consent::needsConsent() const { return !d->ruleDecides && d->state == ConsentState::Undecided; }
bool Consent::isLockedByAdministrator() const { return d->locked; }
QString Consent::decidedBy() const { return d->decidedBy; }
int Consent::policyVersion() const { return d->config.consentPolicyVersion(); }
int Consent::answeredPolicyVersion() const { return d->answeredVersion; }
QDateTime Consent::answeredAt() const { return d->answeredAt; }
QString Consent::userId() const { return d->userId; }

void Consent::grant()
{
    setGrantedCategories(ConsentCategory::AllCategories);
}

void Consent::deny()
{
    d->writeAnswer(ConsentState::Denied, {});
    // The opt-out file tells the other Automagik SDKs too, as their disable() does.
    QFile optOut(ConsentRules::optOutFilePath(QDir::homePath()));
    if (!optOut.open(QIODevice::WriteOnly | QIODevice::Append))
        qCWarning(lcTelemetry()).noquote() << "could not write" << optOut.fileName() << ":" << optOut.errorString();
    reload();
}

void Consent::setConsent(bool granted)
{
    if (granted)
        grant();
    else
        deny();
}

void Consent::setGrantedCategories(ConsentCategories categories)
{
    categories &= ConsentCategory::AllCategories;
    if (!categories) {
        deny();
        return;
    }
    d->writeAnswer(ConsentState::Granted, categories);
    QFile::remove(ConsentRules::optOutFilePath(QDir::homePath()));
    reload();
}

void Consent::reload()
{
    const bool changed = d->load();
    if (d->userIdChanged)
        Q_EMIT userIdChanged(d->userId);
    if (changed)
        Q_EMIT consentChanged();
}

} // namespace Automagik
