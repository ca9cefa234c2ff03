// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include <automagik/consent.h>

#include "client/consent_p.h"
#include "client/consentrules.h"
#include "common/logging.h"
#include "platform/startupplacement.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QSaveFile>
#include <QtCore/QMutex>
#include <QtCore/QSettings>
#include <QtCore/QThread>
#include <QtCore/QUuid>

#include <optional>

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

// What the stored answer and the rules say at one moment.
struct ConsentReading
{
    bool locked = false;
    bool ruleDecides = false;
    ConsentState state = ConsentState::Undecided;
    ConsentCategories granted;
    ConsentCategories effective;
    QString decidedBy = QStringLiteral("default");
    int answeredVersion = 0;
    QDateTime answeredAt;
    QString userId;
};

// Where the answer lives: the user's settings, the administrator's policy and the family's shared files.
// A value: the first reading copies it to a thread of its own.
class ConsentStore
{
public:
    explicit ConsentStore(const TelemetryConfig &config)
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

    void writeAnswer(ConsentState answer, ConsentCategories categories) const
    {
        auto settings = userSettings();
        settings->setValue(key("consent"), answer == ConsentState::Granted ? QStringLiteral("granted")
                                                                           : QStringLiteral("denied"));
        settings->setValue(key("categories"), int(categories));
        settings->setValue(key("policyVersion"), config.consentPolicyVersion());
        settings->setValue(key("answeredAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
        if (answer == ConsentState::Denied) {
            // A later yes gets a new id that cannot be linked to this one, and its runs are counted afresh.
            settings->remove(key("userId"));
            settings->remove(key(sessionStartCountKey));
        }
        settings->sync();
        if (settings->status() != QSettings::NoError)
            qCWarning(lcTelemetry()).noquote() << "could not store the consent answer in" << settings->fileName();
    }

    // Everything the answer and the rules say, read from disk and the environment. Creates the anonymous
    // id when telemetry may be recorded and there is none yet. Runs on any thread.
    ConsentReading read() const
    {
        ConsentReading r;
        r.locked = readAdministratorLock();
        auto settings = userSettings();
        const QString stored = settings->value(key("consent")).toString();
        bool versionOk = false;
        r.answeredVersion = settings->value(key("policyVersion")).toString().toInt(&versionOk);
        if (!versionOk || r.answeredVersion < 0)
            r.answeredVersion = 0;
        r.answeredAt = QDateTime::fromString(settings->value(key("answeredAt")).toString(), Qt::ISODate);
        bool categoriesOk = false;
        const int storedCategories = settings->value(key("categories")).toString().toInt(&categoriesOk);

        // An answer counts only for the policy it was given for; anything unreadable is no answer.
        if (r.answeredVersion >= config.consentPolicyVersion()) {
            if (stored == QLatin1String("granted")) {
                r.granted = categoriesOk ? ConsentCategories(storedCategories & int(ConsentCategory::AllCategories))
                                         : ConsentCategories(ConsentCategory::AllCategories);
                r.state = r.granted ? ConsentState::Granted : ConsentState::Denied;
            } else if (stored == QLatin1String("denied")) {
                r.state = ConsentState::Denied;
            }
        }

        const ConsentDecision rule =
            ConsentRules::decide(QProcessEnvironment::systemEnvironment(), QDir::homePath(), r.locked);
        r.ruleDecides = rule.decided;
        if (rule.decided) {
            r.effective = rule.enabled ? ConsentCategories(ConsentCategory::AllCategories) : ConsentCategories();
            r.decidedBy = rule.decidedBy;
        } else {
            r.effective = r.state == ConsentState::Granted ? r.granted : ConsentCategories();
            r.decidedBy = r.state == ConsentState::Undecided ? QStringLiteral("default") : QStringLiteral("stored-consent");
        }

        // The anonymous id exists only while telemetry may be recorded.
        if (r.effective) {
            if (config.shareUserIdWithOtherSdks()) {
                r.userId = readOrCreateSharedUserId();
            } else {
                r.userId = settings->value(key("userId")).toString();
                if (!isUuid(r.userId)) {
                    r.userId = QUuid::createUuid().toString(QUuid::WithoutBraces);
                    settings->setValue(key("userId"), r.userId);
                }
            }
        } else if (!config.shareUserIdWithOtherSdks()) {
            const QString storedId = settings->value(key("userId")).toString();
            r.userId = isUuid(storedId) ? storedId : QString(); // kept for a later yes unless consent was withdrawn
        }
        return r;
    }

    TelemetryConfig config;
};

} // namespace

std::unique_ptr<QSettings> Internal::consentSettings(const TelemetryConfig &config)
{
    return ConsentStore(config).userSettings();
}

QString Internal::consentSettingsKey(const char *name)
{
    return key(name);
}

class ConsentPrivate
{
public:
    explicit ConsentPrivate(const TelemetryConfig &config)
        : store(config)
    {
    }

    // Makes \a reading the current one; returns whether anything visible changed.
    bool adopt(ConsentReading &&reading)
    {
        const bool changed = current.locked != reading.locked || current.state != reading.state
            || current.granted != reading.granted || current.effective != reading.effective
            || current.decidedBy != reading.decidedBy;
        userIdChanged = current.userId != reading.userId;
        current = std::move(reading);
        return changed;
    }

    // Reads everything again; returns whether anything visible changed.
    bool load()
    {
        ensureLoaded(); // a change is measured against what was there before
        return adopt(store.read());
    }

    // The first reading is made when something needs it: by a thread of its own when readInBackground()
    // started one (waiting for it if it is under way), else here, on the caller's thread.
    void ensureLoaded()
    {
        if (loaded)
            return;
        loaded = true;
        if (firstReading) {
            const QMutexLocker locker(&firstReading->mutex);
            firstReading->readLocked(store);
            adopt(std::move(*firstReading->reading));
        } else {
            adopt(store.read());
        }
        userIdChanged = false;
        if (onFirstReading)
            std::exchange(onFirstReading, {})();
    }

    void readInBackground(Consent *q, std::function<void()> onRead, std::function<void(ConsentCategories)> onReading)
    {
        if (loaded || loader)
            return;
        onFirstReading = std::move(onRead);
        firstReading = std::make_shared<FirstReading>();
        firstReading->onReading = std::move(onReading);
        // The thread works on copies: nothing of ours is touched there (and the destructor waits for it).
        loader.reset(QThread::create([shared = firstReading, store = store, starterCore = currentCore()] {
            const StartupPlacement placement(starterCore); // the reading takes 1 to 4 ms: not on the caller's core
            const QMutexLocker locker(&shared->mutex);
            shared->readLocked(store);
        }));
        loader->setObjectName(QStringLiteral("automagik-consent"));
        QObject::connect(loader.get(), &QThread::finished, q, [this] {
            loader->wait(); // finished is emitted just before the thread ends
            loader.reset();
            ensureLoaded();
        }, Qt::QueuedConnection);
        loader->start(QThread::LowPriority);
    }

    const ConsentReading &reading()
    {
        ensureLoaded();
        return current;
    }

    static ConsentPrivate *get(Consent *consent) { return consent->d.get(); }

    ~ConsentPrivate()
    {
        if (loader)
            loader->wait();
    }

    struct FirstReading
    {
        // With mutex held: reads once, and tells onReading once, whichever thread comes first.
        void readLocked(const ConsentStore &store)
        {
            if (reading)
                return;
            reading = store.read();
            if (onReading)
                std::exchange(onReading, {})(reading->effective);
        }

        QMutex mutex;
        std::optional<ConsentReading> reading;
        std::function<void(ConsentCategories)> onReading;
    };

    const ConsentStore store;
    ConsentReading current;
    bool loaded = false;
    bool userIdChanged = false;
    std::shared_ptr<FirstReading> firstReading; // shared with the loader thread
    std::unique_ptr<QThread> loader;
    // Runs once, on the consent's thread, right after the first reading is adopted: before anything
    // (a question, a grant) can act on it.
    std::function<void()> onFirstReading;
};

Consent::Consent(const TelemetryConfig &config, QObject *parent)
    : QObject(parent)
    , d(new ConsentPrivate(config))
{
    // Nothing is read yet: the first question reads (Telemetry has it read on a thread of its own).
}

Consent::~Consent() = default;

ConsentState Consent::state() const { return d->reading().state; }
ConsentCategories Consent::grantedCategories() const { return d->reading().granted; }
ConsentCategories Consent::effectiveCategories() const { return d->reading().effective; }
bool Consent::needsConsent() const { return !d->reading().ruleDecides && d->reading().state == ConsentState::Undecided; }
bool Consent::isLockedByAdministrator() const { return d->reading().locked; }
QString Consent::decidedBy() const { return d->reading().decidedBy; }
int Consent::policyVersion() const { return d->store.config.consentPolicyVersion(); }
int Consent::answeredPolicyVersion() const { return d->reading().answeredVersion; }
QDateTime Consent::answeredAt() const { return d->reading().answeredAt; }
QString Consent::userId() const { return d->reading().userId; }

void Consent::grant()
{
    setGrantedCategories(ConsentCategory::AllCategories);
}

void Consent::deny()
{
    d->ensureLoaded(); // consentChanged compares with the answer before this one
    d->store.writeAnswer(ConsentState::Denied, {});
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
    d->ensureLoaded();
    d->store.writeAnswer(ConsentState::Granted, categories);
    QFile::remove(ConsentRules::optOutFilePath(QDir::homePath()));
    reload();
}

void Consent::reload()
{
    const bool changed = d->load();
    if (d->userIdChanged)
        Q_EMIT userIdChanged(d->current.userId);
    if (changed)
        Q_EMIT consentChanged();
}

void Internal::readConsentInBackground(Consent *consent, std::function<void()> onRead,
                                       std::function<void(ConsentCategories)> onReading)
{
    ConsentPrivate::get(consent)->readInBackground(consent, std::move(onRead), std::move(onReading));
}

} // namespace Automagik
