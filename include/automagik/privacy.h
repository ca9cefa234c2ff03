// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/automagiktelemetry_export.h>
#include <automagik/telemetrytypes.h> // PrivacyCategory, PrivacyCategories

#include <QtCore/QObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QSharedDataPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

namespace Automagik {

class PrivacyData;
class PrivacyAccess;

/*!
    \class Automagik::Privacy
    \brief Removes personal data and secrets from telemetry values.

    The client applies one (configured through TelemetryConfig::setPrivacy())
    on its worker thread to every attribute value, recursively into lists and
    maps, to log messages and to error messages, before anything is stored or
    sent. It can also be used on its own. An implicitly shared value type;
    const functions are thread-safe.

    Ordinary telemetry passes unchanged: version strings, durations, counts,
    file extensions, feature names, dates, UUIDs and URLs without credentials.

    \since 1.0
*/
class AUTOMAGIK_TELEMETRY_EXPORT Privacy
{
public:
    //! A sanitizer with every category enabled and no custom patterns.
    Privacy();
    //! Copies \a other; cheap, the data is shared until one of them changes.
    Privacy(const Privacy &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    Privacy(Privacy &&other) noexcept;
    //! Copies \a other; cheap, the data is shared until one of them changes.
    Privacy &operator=(const Privacy &other);
    //! Moves \a other; it may then only be assigned to or destroyed.
    Privacy &operator=(Privacy &&other) noexcept;
    ~Privacy();

    //! Categories that are scrubbed; default AllCategories.
    PrivacyCategories enabledCategories() const;
    //! Scrubs only \a categories; turning one off trusts the application to send no such data.
    void setEnabledCategories(PrivacyCategories categories);

    /*!
        Adds an application pattern: every match in a string value is
        replaced by \a replacement. Patterns run after the built-in ones.
    */
    void addPattern(const QRegularExpression &pattern, const QString &replacement = QStringLiteral("[REDACTED]"));

    /*!
        Keys whose values are passed through unchanged (compared
        case-insensitively), for values the application knows are safe,
        e.g. "build_hash". Applies at any nesting level.
    */
    QStringList allowedKeys() const;
    //! Replaces the allowed keys with \a keys (see allowedKeys()).
    void setAllowedKeys(const QStringList &keys);

    /*!
        Extra key names that mark a secret, in addition to the built-in ones
        (password, passwd, pwd, pin, secret, token, api_key, apikey,
        authorization, auth, cookie, session_key, private_key, credential, ...,
        and their equivalents in German, French, Spanish, Portuguese, Italian,
        Dutch, Polish, Russian, Japanese, Chinese, Korean, Arabic and Turkish).
        Matching ignores case, accents and '-', '_', '.', space and camelCase
        word breaks.
    */
    QStringList secretKeyNames() const;
    //! Replaces the extra secret key names with \a names; the built-in ones always apply.
    void setSecretKeyNames(const QStringList &names);

    //! Returns \a text with every enabled category scrubbed.
    QString sanitizeString(const QString &text) const;
    /*!
        Returns \a value scrubbed: strings as sanitizeString(), lists and maps
        recursively (keys are checked by name); numbers, booleans and null
        unchanged. \a key is the attribute key the value is stored under.
    */
    QVariant sanitizeValue(const QVariant &value, const QString &key = {}) const;
    //! sanitizeValue() over every entry of \a attributes.
    QVariantMap sanitizeAttributes(const QVariantMap &attributes) const;
    //! Whether \a key names a secret (so its value is redacted whatever it contains).
    bool isSecretKey(const QString &key) const;

    //! "sha256:" and the first 16 hex digits of the SHA-256 of \a text's UTF-8, as the other SDKs do.
    static QString hash(const QString &text);

private:
    friend class PrivacyAccess; // the client's own scrubbing, which cuts over-long strings first
    QSharedDataPointer<PrivacyData> d;
};

} // namespace Automagik
