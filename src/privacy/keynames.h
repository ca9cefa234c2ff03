// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Key names: whether a key ("password", "X-Api-Key", "Passwort", "mot_de_passe", "パスワード")
// names a secret, and what else it says about its value (a version, a digest). Used for attribute
// keys at every nesting level and for names in key=value text.
#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QStringView>
#include <QtCore/QVarLengthArray>

#include <vector>

namespace Automagik::Internal::Scrub {

struct KeyInfo
{
    bool secret = false;
    bool header = false; // Authorization, Cookie, ...: in text, the value is the rest of the line
    bool version = false; // app_version: a dotted quad is a version
    bool digest = false; // build_hash: long hex is a digest
};

/*
    A key split into words at '-', '_', '.', spaces and other punctuation, camelCase humps, acronym
    ends, letter/digit changes and changes between cased and uncased scripts ("APIキー" is api|キー);
    each word folded: lower case, Latin accents removed (ß → ss, ł → l), full-width letters made
    ASCII, Arabic vowel signs dropped, ё → е. A very long key is judged by its last 128 characters.
*/
class KeyWords
{
public:
    explicit KeyWords(QStringView key);

    qsizetype count() const { return m_starts.size() - 1; }
    QStringView word(qsizetype i) const { return span(i, i); }
    //! Words first..last, joined without separators.
    QStringView span(qsizetype first, qsizetype last) const
    {
        return QStringView(m_chars.constData() + m_starts.at(first), m_starts.at(last + 1) - m_starts.at(first));
    }
    bool isNumber(qsizetype i) const;

private:
    QVarLengthArray<char16_t, 64> m_chars;
    QVarLengthArray<qsizetype, 12> m_starts;
};

/*
    Classifies keys by their head word: the last word that is not a number or a qualifier (value,
    hash, new, confirm, ... in several languages). The head word, alone or joined with up to the
    words before it, is looked up among the secret names of every supported language; a head word
    that ends in a distinctive secret term ("benutzerpasswort", "ユーザーパスワード", "用户密码")
    counts too, as compounds and scripts without spaces write them.
*/
class KeyClassifier
{
public:
    KeyClassifier();

    //! The application's own secret names (Privacy::setSecretKeyNames()), matched with the same rules.
    void setExtraSecretNames(const QStringList &names);
    void setAllowedKeys(const QStringList &keys);
    const QStringList &allowedKeys() const { return m_allowed; }

    //! Whether \a key is one of the allowed keys (case-insensitively).
    bool isAllowed(QStringView key) const;
    //! What \a key says about its value, ignoring the allowed keys.
    KeyInfo classify(QStringView key) const;
    //! classify(), or nothing for an allowed key.
    KeyInfo classifyUnlessAllowed(QStringView key) const { return isAllowed(key) ? KeyInfo() : classify(key); }
    /*!
        A fast test that is false only when \a key cannot name a secret: an ASCII key that contains
        neither the first four letters of a secret name nor a three-letter one (pin, pwd, ...).
        Text scans ask it first, so that text full of name=value pairs costs no full
        classification per pair.
    */
    bool mayNameSecret(QStringView key) const;

private:
    bool isSecretSpan(QStringView joined) const;
    bool isSecretHead(QStringView word) const;

    std::vector<QString> m_extra; // folded, joined, sorted
    bool m_extraNeedsFullCheck = false; // an extra name the fast test cannot judge (short, or not ASCII)
    qsizetype m_window = 3; // the most words a secret name has
    QStringList m_allowed;
};

} // namespace Automagik::Internal::Scrub
