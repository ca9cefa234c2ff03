// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Qt Quick Test runner for the Automagik.Telemetry QML module (tst_*.qml in this directory).
// The setup object isolates the run from the machine and gives the QML tests a "TestEnv"
// helper: fresh settings and audit files, what was stored, a loopback OTLP receiver.

#include "sandbox.h"

#include <automagik/auditlog.h>
#include <automagik/qmltelemetry.h>
#include <automagik/telemetry.h>

#if defined(AUTOMAGIK_HAVE_RECEIVER)
#include "otlpreceiver.h"
#endif

#include <QtCore/QByteArrayList>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QRegularExpression>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QSysInfo>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUrl>
#include <QtGui/QColor>
#include <QtGui/QGuiApplication>
#include <QtGui/QPalette>
#include <QtQml/QQmlContext>
#include <QtQml/QQmlEngine>
#include <QtQuickTest/quicktest.h>

#include <memory>

using namespace Automagik;

class TestEnvironment : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool hasReceiver READ hasReceiver CONSTANT FINAL)
    Q_PROPERTY(QUrl receiverUrl READ receiverUrl CONSTANT FINAL)

public:
    explicit TestEnvironment(QObject *parent = nullptr)
        : QObject(parent)
    {
    }

    QTemporaryDir home;
    QString realHome;
    QString realUser;
    QString hostName;
#if defined(AUTOMAGIK_HAVE_RECEIVER)
    std::unique_ptr<Sink::OtlpReceiver> receiver;
#endif
    std::unique_ptr<Telemetry> cppClient;
    int counter = 0;

    bool hasReceiver() const
    {
#if defined(AUTOMAGIK_HAVE_RECEIVER)
        return receiver && receiver->isListening();
#else
        return false;
#endif
    }

    QUrl receiverUrl() const
    {
#if defined(AUTOMAGIK_HAVE_RECEIVER)
        if (hasReceiver())
            return receiver->baseUrl();
#endif
        return QUrl(QStringLiteral("http://127.0.0.1:9")); // discard: nothing listens
    }

    //! A settings file no test used before.
    Q_INVOKABLE QString newSettingsFile()
    {
        return home.filePath(QStringLiteral("settings/consent-%1.ini").arg(++counter));
    }

    //! An audit log file no test used before.
    Q_INVOKABLE QString newAuditLogFile()
    {
        return home.filePath(QStringLiteral("audit/audit-%1.jsonl").arg(++counter));
    }

    //! The consent answer as stored in \a file: "granted", "denied" or "" (none).
    Q_INVOKABLE QString storedConsent(const QString &file) const
    {
        QSettings settings(file, QSettings::IniFormat);
        return settings.value(QStringLiteral("AutomagikTelemetry/consent")).toString();
    }

    //! The policy version the stored answer was given for; 0 if none.
    Q_INVOKABLE int storedPolicyVersion(const QString &file) const
    {
        QSettings settings(file, QSettings::IniFormat);
        return settings.value(QStringLiteral("AutomagikTelemetry/policyVersion")).toInt();
    }

    //! Removes what consent answers leave for the other SDKs (the opt-out file, ~/.automagik).
    Q_INVOKABLE void resetSharedFiles()
    {
        QFile::remove(QDir(home.path()).filePath(QStringLiteral(".automagik-no-telemetry")));
        QDir(home.filePath(QStringLiteral(".automagik"))).removeRecursively();
    }

    //! Turns the administrator's lock (system-scope policy for every application) on or off.
    Q_INVOKABLE void setAdministratorLock(bool locked)
    {
        QSettings policy(QSettings::NativeFormat, QSettings::SystemScope, QStringLiteral("Automagik"),
                         QStringLiteral("Telemetry"));
        if (locked)
            policy.setValue(QStringLiteral("AutomagikTelemetry/disabled"), QStringLiteral("true"));
        else
            policy.remove(QStringLiteral("AutomagikTelemetry/disabled"));
        policy.sync();
    }

    //! A TelemetryConfig with every default, for Telemetry.config (QML on Qt 6.4 cannot make one).
    Q_INVOKABLE Automagik::TelemetryConfig defaultConfig() const { return {}; }

    //! Sets the environment variable \a name to \a value (DO_NOT_TRACK, CI, ...); an empty \a value removes it.
    Q_INVOKABLE void setEnvironment(const QString &name, const QString &value)
    {
        if (value.isEmpty())
            qunsetenv(name.toLatin1().constData());
        else
            qputenv(name.toLatin1().constData(), value.toUtf8());
    }

    //! Writes one entry into the audit log \a file, as the client would after a delivery.
    Q_INVOKABLE bool appendAuditEntry(const QString &file, const QString &signal, int items, int bytes,
                                      const QString &destination, const QString &body, int secondsAgo)
    {
        AuditEntry entry;
        entry.time = QDateTime::currentDateTimeUtc().addSecs(-secondsAgo);
        entry.signal = signal == QLatin1String("metrics") ? TelemetrySignal::Metrics
            : signal == QLatin1String("logs")             ? TelemetrySignal::Logs
                                                          : TelemetrySignal::Traces;
        entry.items = items;
        entry.bytes = bytes;
        entry.destination = destination;
        entry.body = body;
        return AuditLog(file).append(entry);
    }

    //! Whether \a file exists.
    Q_INVOKABLE bool fileExists(const QString &file) const { return QFile::exists(file); }

    //! The requests the loopback receiver got: {path, signal, items, body (the parsed JSON)}.
    Q_INVOKABLE QVariantList receivedRequests() const
    {
        QVariantList result;
#if defined(AUTOMAGIK_HAVE_RECEIVER)
        if (!receiver)
            return result;
        const QList<Sink::OtlpReceiver::Request> requests = receiver->requests();
        for (const Sink::OtlpReceiver::Request &request : requests) {
            result.append(QVariantMap{
                {QStringLiteral("path"), QString::fromUtf8(request.path)},
                {QStringLiteral("signal"), request.signal},
                {QStringLiteral("items"), request.items},
                {QStringLiteral("body"), QJsonDocument::fromJson(request.body).toVariant()},
            });
        }
#endif
        return result;
    }

    Q_INVOKABLE void clearReceived()
    {
#if defined(AUTOMAGIK_HAVE_RECEIVER)
        if (receiver)
            receiver->clear();
#endif
    }

    /*!
        Personal data of the person running the tests found in \a text: their real home
        directory, user name, this machine's host name, any e-mail address. Empty when clean.
    */
    Q_INVOKABLE QStringList personalDataIn(const QString &text) const
    {
        QStringList found;
        const auto check = [&](const QString &what, const QString &value, int minimumLength) {
            if (value.size() >= minimumLength
                && text.contains(QRegularExpression(QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(value)))))
                found.append(what + QStringLiteral(": ") + value);
        };
        check(QStringLiteral("home directory"), realHome, 2);
        check(QStringLiteral("test home directory"), home.path(), 2);
        check(QStringLiteral("user name"), realUser, 3);
        check(QStringLiteral("host name"), hostName, 4);
        const QRegularExpression email(QStringLiteral("[\\w.+-]+@[\\w-]+\\.[\\w.-]+"));
        const auto match = email.match(text);
        if (match.hasMatch())
            found.append(QStringLiteral("e-mail address: ") + match.captured());
        return found;
    }

    //! Installs the library's translator for \a locale (ConsentTexts::installTranslator()); false if there is none.
    Q_INVOKABLE bool installTranslator(const QString &locale)
    {
        return ConsentTexts::installTranslator(QLocale(locale));
    }

    //! Sets the application palette's window text and link colours (as a dark or light theme would).
    Q_INVOKABLE void setApplicationColors(const QString &windowText, const QString &link)
    {
        QPalette palette = QGuiApplication::palette();
        palette.setColor(QPalette::WindowText, QColor(windowText));
        palette.setColor(QPalette::Link, QColor(link));
        QGuiApplication::setPalette(palette);
    }

    //! Back to the platform's palette.
    Q_INVOKABLE void resetApplicationPalette() { QGuiApplication::setPalette(QPalette()); }

    //! Creates a client in C++ and hands it to the QML singletons (QmlTelemetry::setDefaultInstance()).
    Q_INVOKABLE void useCppClient(const QString &projectName, const QString &settingsFile, const QString &auditLogFile)
    {
        TelemetryConfig config(projectName, QStringLiteral("2.0.0"));
        config.setSettingsFile(settingsFile);
        config.setAuditLogFile(auditLogFile);
        config.setEndpoint(receiverUrl());
        config.setBatchSize(1);
        QmlTelemetry::setDefaultInstance(nullptr);
        cppClient = std::make_unique<Telemetry>(config);
        QmlTelemetry::setDefaultInstance(cppClient.get());
    }

    //! Deletes the C++ client; the singletons go back to their own configuration.
    Q_INVOKABLE void destroyCppClient() { cppClient.reset(); }

    //! The C++ client's consent state, for comparing with the singleton's.
    Q_INVOKABLE int cppClientConsentState() const { return cppClient ? int(cppClient->consentState()) : -1; }
};

class Setup : public QObject
{
    Q_OBJECT

public:
    Setup()
    {
        // Before the application exists: nothing may see the machine's HOME, settings or CI variables.
        env.realHome = QDir::homePath();
        env.realUser = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
        env.hostName = QSysInfo::machineHostName();
        // The suite's sandbox (tests/support): private HOME and XDG dirs, no telemetry, CI or consent
        // variables, and the administrator's scope (system-scope QSettings) in home/system.
        TestSupport::isolateEnvironment(env.home.path());
    }

public Q_SLOTS:
    void applicationAvailable()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("AutomagikTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_quick"));
#if defined(AUTOMAGIK_HAVE_RECEIVER)
        env.receiver = std::make_unique<Sink::OtlpReceiver>();
        if (!env.receiver->listen())
            qWarning("the loopback receiver could not listen: %s", qPrintable(env.receiver->errorString()));
#endif
    }

    void qmlEngineAvailable(QQmlEngine *engine)
    {
        engine->rootContext()->setContextProperty(QStringLiteral("TestEnv"), &env);
    }

    void cleanupTestCase()
    {
        QmlTelemetry::setDefaultInstance(nullptr);
        env.cppClient.reset();
#if defined(AUTOMAGIK_HAVE_RECEIVER)
        env.receiver.reset();
#endif
    }

private:
    TestEnvironment env;
};

QUICK_TEST_MAIN_WITH_SETUP(automagik_quick, Setup)

#include "tst_quick.moc"
