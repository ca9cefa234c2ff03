// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The one internal interface of the privacy sanitizer's detectors, and the text primitives they
// share. Each detector family lives in a file of its own (emaildetector.cpp, networkdetector.cpp,
// ...); Privacy (privacy.cpp) runs them in the order of detectors() over every string.
//
// Every detector is a hand-written forward scan over the UTF-16 text, not a regular expression,
// with bounded look-around: its work is linear in the length of the text whatever the text is.
// That is checked by counting, not timing: each scan is a template over its text type, and
// CountingText counts every character read (tests/auto/tst_privacyscan.cpp, and the adversarial
// rows of the benchmark).
#pragma once

#include <automagik/telemetrytypes.h>

#include <QtCore/QChar>
#include <QtCore/QString>
#include <QtCore/QStringView>

#include <initializer_list>
#include <vector>

namespace Automagik::Internal::Scrub {

// ---------------------------------------------------------------------------------------------
// Markers that replace what a detector found.

inline constexpr char kEmail[] = "[EMAIL]";
inline constexpr char kPhone[] = "[PHONE]";
inline constexpr char kSsn[] = "[SSN]";
inline constexpr char kCard[] = "[CARD]";
inline constexpr char kIban[] = "[IBAN]";
inline constexpr char kSecret[] = "[SECRET]";
inline constexpr char kIp[] = "[IP]";
inline constexpr char kMac[] = "[MAC]";
inline constexpr char kUser[] = "[USER]";
inline constexpr char kRedacted[] = "[REDACTED]";
inline constexpr char kRedactedJson[] = "\"[REDACTED]\""; // a JSON value stays valid JSON
inline constexpr char kRedactedSingleQuoted[] = "'[REDACTED]'"; // and a Python literal a valid literal

//! Whether \a text is one of the markers above (a second pass leaves markers alone).
bool isMarker(QStringView text);

// ---------------------------------------------------------------------------------------------
// Characters. Detection is ASCII-based; other characters matter as word characters, so that a
// match never starts or ends inside a word of any script, and in key names.

constexpr bool isDigit(char16_t c) { return c >= u'0' && c <= u'9'; }
constexpr bool isUpper(char16_t c) { return c >= u'A' && c <= u'Z'; }
constexpr bool isLower(char16_t c) { return c >= u'a' && c <= u'z'; }
constexpr bool isLetter(char16_t c) { return isUpper(c) || isLower(c); }
constexpr bool isAlnum(char16_t c) { return isDigit(c) || isLetter(c); }
constexpr bool isHex(char16_t c) { return isDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'); }
constexpr char16_t asciiLower(char16_t c) { return isUpper(c) ? char16_t(c + 32) : c; }
constexpr bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f' || c == u'\v' || c == 0xa0
        || c == 0x3000;
}
// Characters of base64 and base64url text, the alphabet of most tokens.
constexpr bool isTokenChar(char16_t c) { return isAlnum(c) || c == u'_' || c == u'-' || c == u'+' || c == u'/'; }
constexpr bool isBase64UrlChar(char16_t c) { return isAlnum(c) || c == u'_' || c == u'-'; }

inline bool isNonAsciiAlnum(char16_t c)
{
    if (c < 0x80)
        return false;
    const QChar q(c);
    return q.isLetterOrNumber() || q.isMark(); // marks: combining accents, Arabic vowel signs, ...
}
inline bool isWordChar(char16_t c) { return isAlnum(c) || c == u'_' || isNonAsciiAlnum(c); }

// Where a URL's authority (user info and host) ends: the URL user info detector reads up to it, and
// the e-mail detector looks back to it for the "scheme://" that makes an '@' a user info separator.
constexpr bool endsAuthority(char16_t c)
{
    return c == 0 || isSpace(c) || c == u'/' || c == u'?' || c == u'#' || c == u'"' || c == u'\'' || c == u'<'
        || c == u'>' || c == u'\\' || c == u'`' || c == u'{' || c == u'}' || c == u'|' || c == u'^';
}

// ---------------------------------------------------------------------------------------------
// The text under scan. Out-of-range reads give 0, which is in no character class, so boundary
// checks need no separate length tests. at() is the unchecked read for loops that stay in range.

class Text
{
public:
    explicit Text(QStringView s)
        : p(reinterpret_cast<const char16_t *>(s.utf16()))
        , n(s.size())
    {
    }
    char16_t operator[](qsizetype i) const { return (i >= 0 && i < n) ? p[i] : char16_t(0); }
    char16_t at(qsizetype i) const { return p[i]; }
    qsizetype size() const { return n; }
    QStringView view(qsizetype b, qsizetype e) const { return QStringView(p + b, e - b); }

    const char16_t *p;
    qsizetype n;
};

//! The same text, counting every character read: what proves a scan linear, deterministically.
class CountingText
{
public:
    explicit CountingText(const Text &t)
        : m_t(t)
    {
    }
    char16_t operator[](qsizetype i) const
    {
        ++m_reads;
        return m_t[i];
    }
    char16_t at(qsizetype i) const
    {
        ++m_reads;
        return m_t.p[i];
    }
    qsizetype size() const { return m_t.n; }
    //! A view is read by whoever uses it: it counts as read whole.
    QStringView view(qsizetype b, qsizetype e) const
    {
        m_reads += e - b;
        return m_t.view(b, e);
    }
    qint64 reads() const { return m_reads; }

private:
    const Text &m_t;
    mutable qint64 m_reads = 0;
};

// ASCII literal at position i (exact, or with \a lit in lower case compared case-insensitively).
template <typename T>
bool matchAt(const T &t, qsizetype i, const char *lit)
{
    for (qsizetype k = 0; lit[k]; ++k) {
        if (t[i + k] != char16_t(uchar(lit[k])))
            return false;
    }
    return true;
}

template <typename T>
bool matchAtCI(const T &t, qsizetype i, const char *lit)
{
    for (qsizetype k = 0; lit[k]; ++k) {
        if (asciiLower(t[i + k]) != char16_t(uchar(lit[k])))
            return false;
    }
    return true;
}

bool equalsAnyCI(QStringView word, std::initializer_list<const char *> list);

//! A code host's SSH service account (git, hg, ...): git@github.com names no person (emaildetector.cpp).
bool isServiceAccount(QStringView user);

// ---------------------------------------------------------------------------------------------
// What a detector found, applied in one rebuild of the string.

struct Edit
{
    qsizetype begin;
    qsizetype end;
    const char *replacement;
};
using Edits = std::vector<Edit>;

//! Replaces each edit's range (sorted, not overlapping) by its replacement.
void applyEdits(QString &text, const Edits &edits);

//! One pass over the text tells which detectors can possibly match (cheap prefilters).
struct Features
{
    qsizetype digits = 0;
    qsizetype upper = 0;
    qsizetype longestTokenRun = 0;
    qsizetype at = 0, colon = 0, dot = 0, slash = 0, backslash = 0, tilde = 0, equals = 0, dash = 0;
    bool wideSeparator = false; // full-width ： or ＝ (CJK key: value)
    bool surrogates = false;
};

Features prescan(QStringView text);

// ---------------------------------------------------------------------------------------------
// Context of one scan.

//! What the key a string is stored under says about the string.
struct TextHints
{
    bool version = false; // dotted quads are versions, not IP addresses
    bool digest = false; // long hex is a digest, not a secret
};

class KeyClassifier; // keynames.h

struct ScanContext
{
    PrivacyCategories enabled = PrivacyCategory::AllCategories;
    TextHints hints;
    const KeyClassifier *keys = nullptr; // names in key=value text; none: no name is a secret
};

/*
    A detector family's scan. find() appends the matches, sorted and not overlapping, to an edit
    list; findCounting() runs the very same scan over a CountingText and returns the number of
    characters it read.
*/
class Detector
{
public:
    virtual ~Detector() = default;
    //! Short name, for the benchmark and the tests ("email", "pem", ...).
    virtual const char *name() const = 0;
    //! Whether the enabled categories ask for this detector at all.
    virtual bool enabled(const ScanContext &context) const = 0;
    //! Cheap prefilter: false when the text cannot contain a match.
    virtual bool worthScanning(const Features &features) const = 0;
    virtual void find(const Text &text, const ScanContext &context, Edits &out) const = 0;
    virtual qint64 findCounting(const Text &text, const ScanContext &context, Edits &out) const = 0;
};

/*
    What every detector shares: enabled() when the context enables \a category, find() and
    findCounting() with Derived::scan<T>(const T &, const ScanContext &, Edits &), and its one object.
    A detector class adds only its name(), its worthScanning() prefilter and its scan.
*/
template <typename Derived, PrivacyCategory category>
class DetectorBase : public Detector
{
public:
    //! The detector's one object: what pemDetector() and the like return.
    static const Detector &instance()
    {
        static const Derived detector;
        return detector;
    }
    bool enabled(const ScanContext &context) const override { return context.enabled.testFlag(category); }
    void find(const Text &text, const ScanContext &context, Edits &out) const override
    {
        static_cast<const Derived *>(this)->scan(text, context, out);
    }
    qint64 findCounting(const Text &text, const ScanContext &context, Edits &out) const override
    {
        const CountingText counting(text);
        static_cast<const Derived *>(this)->scan(counting, context, out);
        return counting.reads();
    }
};

// One function per detector, by the file that defines it; detectors() lists them in scan order.
const Detector &pemDetector(), &webhookDetector(), &tokenDetector(); // secretdetector.cpp
const Detector &urlUserInfoDetector(), &keyValueDetector(); // keyvaluedetector.cpp
const Detector &emailDetector(); // emaildetector.cpp
const Detector &networkDetector(); // networkdetector.cpp
const Detector &ibanDetector(), &cardDetector(); // financialdetector.cpp
const Detector &ssnDetector(), &phoneDetector(); // identitydetector.cpp
const Detector &homePathDetector(); // pathdetector.cpp

/*
    The order matters: PEM blocks first (they span lines and hold every other kind of character),
    URL user info before e-mail (bob@host is no address there), webhook paths and key=value before
    tokens, tokens before the digit detectors (tokens contain digit runs), IBANs before cards and
    cards before SSNs and phones (no digit of one is left for the next).
*/
const std::vector<const Detector *> &detectors();

} // namespace Automagik::Internal::Scrub
