// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QLocale>
#include <QtCore/QObject>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Automagik {

class ConsentTextsData;
class TelemetryConfig;

/*!
    \class Automagik::ConsentTexts
    \brief Every user-visible text of the consent dialogs, the settings switch
    and the audit view, in one place and one translation context
    ("AutomagikTelemetry"), so the QML and the widgets user interfaces say
    exactly the same thing in every language.

    Texts are translated when read, so a language change shows at once.
    installTranslator() loads the library's own translations, which are
    embedded in it (German, Spanish, French, Brazilian Portuguese, Japanese,
    Simplified Chinese and Arabic).

    An implicitly shared value type, and a gadget: QML reads it as the value
    type \c consentTexts (the \c texts property of the Telemetry singleton).

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_EXPORT ConsentTexts
{
    Q_GADGET
    Q_PROPERTY(QString applicationName READ applicationName CONSTANT FINAL)
    Q_PROPERTY(QString title READ title CONSTANT FINAL)
    Q_PROPERTY(QString introduction READ introduction CONSTANT FINAL)
    Q_PROPERTY(QString collectedHeading READ collectedHeading CONSTANT FINAL)
    Q_PROPERTY(QStringList collected READ collected CONSTANT FINAL)
    Q_PROPERTY(QString neverCollectedHeading READ neverCollectedHeading CONSTANT FINAL)
    Q_PROPERTY(QStringList neverCollected READ neverCollected CONSTANT FINAL)
    Q_PROPERTY(QString changeLater READ changeLater CONSTANT FINAL)
    Q_PROPERTY(QString privacyPolicyLink READ privacyPolicyLink CONSTANT FINAL)
    Q_PROPERTY(QString showPayload READ showPayload CONSTANT FINAL)
    Q_PROPERTY(QString hidePayload READ hidePayload CONSTANT FINAL)
    Q_PROPERTY(QString payloadExplanation READ payloadExplanation CONSTANT FINAL)
    Q_PROPERTY(QString allow READ allow CONSTANT FINAL)
    Q_PROPERTY(QString deny READ deny CONSTANT FINAL)
    Q_PROPERTY(QString switchLabel READ switchLabel CONSTANT FINAL)
    Q_PROPERTY(QString switchDescription READ switchDescription CONSTANT FINAL)
    Q_PROPERTY(QString lockedByAdministrator READ lockedByAdministrator CONSTANT FINAL)
    Q_PROPERTY(QString auditTitle READ auditTitle CONSTANT FINAL)
    Q_PROPERTY(QString auditEmpty READ auditEmpty CONSTANT FINAL)
    Q_PROPERTY(QString auditClear READ auditClear CONSTANT FINAL)
    Q_PROPERTY(QString auditRetention READ auditRetention CONSTANT FINAL)
    Q_PROPERTY(QString close READ close CONSTANT FINAL)

public:
    //! Texts that name \a applicationName (default: QCoreApplication::applicationName()).
    explicit ConsentTexts(const QString &applicationName = {});
    /*!
        Texts for a client configured with \a config, naming \a applicationName
        (default: QCoreApplication::applicationName()): collected() also has
        one line for each automatic signal \a config turns on (crash reports,
        unclean exits, hangs, the application's Qt messages, sessions, the
        environment record) and none for
        those it leaves off. Crash and unclean-exit reports are listed only
        where they work (Unix). The consent dialogs build their texts this
        way from their client's configuration.

        \since 1.1
    */
    explicit ConsentTexts(const TelemetryConfig &config, const QString &applicationName = {});
    //! Copies \a other; cheap, the data is shared.
    ConsentTexts(const ConsentTexts &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    ConsentTexts(ConsentTexts &&other) noexcept;
    //! Copies \a other.
    ConsentTexts &operator=(const ConsentTexts &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    ConsentTexts &operator=(ConsentTexts &&other) noexcept;
    ~ConsentTexts();

    //! The name the texts use: the one given, else QCoreApplication::applicationName(), else "this application".
    QString applicationName() const;
    //! "Help improve %1"
    QString title() const;
    //! Why the question is asked, in plain words.
    QString introduction() const;
    //! "What is sent"
    QString collectedHeading() const;
    /*!
        One line per kind of data that is sent: what every client sends, then
        one line per automatic signal the configuration given to
        ConsentTexts(const TelemetryConfig &, const QString &) turns on.
    */
    QStringList collected() const;
    //! "What is never sent"
    QString neverCollectedHeading() const;
    //! One line per kind of data that is never sent.
    QStringList neverCollected() const;
    //! That the answer can be changed at any time, and where.
    QString changeLater() const;
    //! "Privacy policy"
    QString privacyPolicyLink() const;
    //! "Show what is sent"
    QString showPayload() const;
    //! "Hide the example"
    QString hidePayload() const;
    //! A sentence introducing the sample payload.
    QString payloadExplanation() const;
    //! "Allow"
    QString allow() const;
    //! "Don't allow"
    QString deny() const;
    //! The settings switch's label.
    QString switchLabel() const;
    //! The settings switch's one-line explanation.
    QString switchDescription() const;
    //! Shown instead of the choice when an administrator turned telemetry off.
    QString lockedByAdministrator() const;
    //! "Sent telemetry"
    QString auditTitle() const;
    //! Shown when nothing was sent yet.
    QString auditEmpty() const;
    //! "Clear history"
    QString auditClear() const;
    //! How long the history is kept.
    QString auditRetention() const;
    //! "Close"
    QString close() const;
    //! Shown when a rule of the user's own (DO_NOT_TRACK, the opt-out file, CI, ...) keeps telemetry off.
    QString turnedOffBySetting() const;
    //! Shown with an audit entry whose body was too long to keep whole.
    QString auditBodyTruncated() const;
    //! The kind of data of \a signal, for people: "usage events", "performance metrics", "diagnostics".
    QString signalName(TelemetrySignal signal) const;
    //! "%1 items to %2" style summary of one sent batch.
    QString auditEntrySummary(int items, const QString &kind, const QString &destination) const;

    /*!
        Installs the library's translator for \a locale on the application
        (replacing one installed earlier). Returns false when there is no
        translation for that locale (the English texts then stay).
    */
    static bool installTranslator(const QLocale &locale = QLocale());
    //! The languages the library ships translations for (e.g. "de", "pt_BR").
    static QStringList availableLanguages();

private:
    QSharedDataPointer<ConsentTextsData> d;
};

} // namespace Automagik

Q_DECLARE_METATYPE(Automagik::ConsentTexts)
