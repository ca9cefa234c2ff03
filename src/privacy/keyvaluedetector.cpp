// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Credentials by their syntax: user info in URLs (scheme://user:password@host), and the values of
// secret-named keys in text: name=value, name: value, URL query and fragment parameters, HTTP
// headers, and JSON or Python-style maps written into a message ({"password": "x"}, arrays and
// nested objects under a secret key included, truncated or invalid JSON too).
#include "privacy/detector.h"
#include "privacy/keynames.h"

#include <algorithm>
#include <array>
#include <memory>

namespace Automagik::Internal::Scrub {

namespace {

// --- scheme://user:password@host -> scheme://[REDACTED]@host

// ssh://git@github.com/org/repo: a code host's service account over SSH is no person.
template <typename T>
bool isSshScheme(const T &t, qsizetype colon)
{
    qsizetype b = colon;
    while (b > 0 && colon - b < 8 && (isAlnum(t[b - 1]) || t[b - 1] == u'+'))
        --b;
    return equalsAnyCI(t.view(b, colon), { "ssh", "git+ssh", "ssh+git" });
}

class UrlUserInfoDetector final : public DetectorBase<UrlUserInfoDetector, PrivacyCategory::UrlCredentials>
{
public:
    const char *name() const override { return "url-userinfo"; }
    bool worthScanning(const Features &f) const override { return f.at && f.colon; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        for (qsizetype i = 1; i + 2 < t.size(); ++i) {
            if (t.at(i) != u':' || t.at(i + 1) != u'/' || t.at(i + 2) != u'/' || !isAlnum(t.at(i - 1)))
                continue;
            const qsizetype begin = i + 3;
            qsizetype end = begin;
            qsizetype lastAt = -1;
            for (; !endsAuthority(t[end]); ++end) {
                if (t.at(end) == u'@')
                    lastAt = end;
            }
            if (lastAt > begin && !isMarker(t.view(begin, lastAt))
                && !(isSshScheme(t, i) && isServiceAccount(t.view(begin, lastAt))))
                out.push_back({ begin, lastAt, kRedacted });
            i = end - 1; // an authority never contains "://", so scans never overlap
        }
    }
};

// --- name=value, name: value, "name": value

constexpr bool isSeparator(char16_t c) { return c == u'=' || c == u':' || c == 0xff1a || c == 0xff1d; }
inline bool isKeyNameChar(char16_t c)
{
    return isAlnum(c) || c == u'_' || c == u'-' || c == u'.' || isNonAsciiAlnum(c);
}
inline bool startsKeyName(char16_t c) { return isLetter(c) || c == u'_' || (c >= 0x80 && QChar(c).isLetter()); }
constexpr bool isBlank(char16_t c) { return c == u' ' || c == u'\t' || c == 0x3000; }

constexpr qsizetype kMaxName = 64;

// "name=" or "name:" at p: another pair follows, so the value before p has ended.
template <typename T>
bool pairFollows(const T &t, qsizetype p)
{
    qsizetype q = p;
    while (q - p <= kMaxName && isKeyNameChar(t[q]))
        ++q;
    return q > p && q - p <= kMaxName && startsKeyName(t[p]) && (t[q] == u'=' || (t[q] == u':' && t[q + 1] != u'/'));
}

// Where an unquoted value in plain text ends. Its syntax: white space or a double quote (the
// end of an enclosing JSON string) ends it, and so does the quote that opened the text around
// the pair; brackets end it only when they close one opened before it; '&', ';' and ',' only
// before white space or another name=value pair. So "Tr0ub4dor&3" and "a;b" stay whole values.
template <typename T>
qsizetype plainValueEnd(const T &t, qsizetype v, char16_t enclosing)
{
    int depth = 0;
    qsizetype e = v;
    for (;; ++e) {
        const char16_t c = t[e];
        if (c == 0 || isSpace(c) || c == u'"' || (enclosing && c == enclosing))
            break;
        if (c == u'(' || c == u'[' || c == u'{') {
            ++depth;
        } else if (c == u')' || c == u']' || c == u'}') {
            if (depth == 0)
                break;
            --depth;
        } else if (c == u'&' || c == u';' || c == u',') {
            const char16_t next = t[e + 1];
            if (next == 0 || isSpace(next) || pairFollows(t, e + 1))
                break;
        } else if (c == u'<' && t[e + 1] == u'/') {
            break; // <password>x</password>
        }
    }
    return e;
}

// A JSON number or literal after a quoted key.
template <typename T>
qsizetype jsonScalarEnd(const T &t, qsizetype v)
{
    qsizetype e = v;
    while (t[e] != 0 && !isSpace(t[e]) && t[e] != u',' && t[e] != u'}' && t[e] != u']' && t[e] != u'"')
        ++e;
    return e;
}

// A URL query or fragment value ends at the next parameter.
constexpr bool endsQueryValue(char16_t c)
{
    return c == 0 || isSpace(c) || c == u'&' || c == u'#' || c == u'"' || c == u'\'' || c == u'<' || c == u'>'
        || c == u';';
}

// The end of the bracketed structure at v ('[' or '{'), skipping JSON strings; the end of the
// text when it is truncated. Every element and nested object is inside.
template <typename T>
qsizetype structureEnd(const T &t, qsizetype v)
{
    int depth = 0;
    bool inString = false;
    for (qsizetype e = v; e < t.size(); ++e) {
        const char16_t c = t.at(e);
        if (inString) {
            if (c == u'\\')
                ++e;
            else if (c == u'"')
                inString = false;
        } else if (c == u'"') {
            inString = true;
        } else if (c == u'[' || c == u'{') {
            ++depth;
        } else if ((c == u']' || c == u'}') && --depth == 0) {
            return e + 1;
        }
    }
    return t.size();
}

// The end of a quoted value starting after its opening quote at v: the matching quote
// (backslash escapes skipped), a line end, or the end of the text. \a escaped: the quotes are
// themselves escaped (\"), as in JSON written into a JSON string.
template <typename T>
qsizetype quotedValueEnd(const T &t, qsizetype v, char16_t quote, bool escaped)
{
    qsizetype e = v;
    while (e < t.size() && t.at(e) != u'\n') {
        const char16_t c = t.at(e);
        if (escaped && c == u'\\' && t[e + 1] == quote)
            return e;
        if (!escaped && c == quote)
            return e;
        e += c == u'\\' ? 2 : 1;
    }
    return std::min(e, t.size());
}

// Names already judged in this scan, so that text repeating names (a log of name=value lines)
// classifies each distinct name once. Direct-mapped; made only once a scan has judged a few names.
class NameMemo
{
public:
    const KeyInfo *find(QStringView name) const
    {
        const Entry &e = m_entries[slot(name)];
        return e.size == name.size() && QStringView(e.chars, e.size) == name ? &e.info : nullptr;
    }
    void insert(QStringView name, const KeyInfo &info)
    {
        if (name.size() > kMaxName)
            return;
        Entry &e = m_entries[slot(name)];
        std::copy(name.utf16(), name.utf16() + name.size(), e.chars);
        e.size = name.size();
        e.info = info;
    }

private:
    static std::size_t slot(QStringView name)
    {
        std::size_t h = 2166136261u;
        for (const QChar c : name)
            h = (h ^ c.unicode()) * 16777619u;
        return h % 64;
    }
    struct Entry
    {
        char16_t chars[kMaxName];
        qsizetype size = -1;
        KeyInfo info;
    };
    std::array<Entry, 64> m_entries;
};

class KeyValueDetector final : public DetectorBase<KeyValueDetector, PrivacyCategory::SecretKey>
{
public:
    const char *name() const override { return "key-value"; }
    // Plain pairs are SecretKey's, query parameters UrlCredentials': either asks for it, given names to judge.
    bool enabled(const ScanContext &c) const override
    {
        return c.keys
            && (c.enabled.testFlag(PrivacyCategory::SecretKey) || c.enabled.testFlag(PrivacyCategory::UrlCredentials));
    }
    bool worthScanning(const Features &f) const override { return f.equals || f.colon || f.wideSeparator; }

    template <typename T>
    void scan(const T &t, const ScanContext &context, Edits &out) const
    {
        const bool plainOn = context.enabled.testFlag(PrivacyCategory::SecretKey);
        const bool queryOn = context.enabled.testFlag(PrivacyCategory::UrlCredentials);
        qsizetype lastEnd = 0;
        int classified = 0;
        std::unique_ptr<NameMemo> memo;
        for (qsizetype i = 0; i < t.size(); ++i) {
            const char16_t sep = t.at(i);
            if (!isSeparator(sep))
                continue;
            const char16_t prev = t[i - 1];
            if (sep == u':' && ((t[i + 1] == u'/' && t[i + 2] == u'/') || t[i + 1] == u':' || prev == u':'))
                continue; // a URL scheme, or C++'s Qt::AlignLeft
            if (sep == u'=' && (t[i + 1] == u'=' || prev == u'=' || prev == u'!' || prev == u'<' || prev == u'>'))
                continue; // a comparison in code, not an assignment

            // The name: spaces before the separator ("apiKey = abc"), then a quote ("name": in
            // JSON, \"name\": in JSON inside a JSON string, 'name': in Python), then the word.
            qsizetype nameEnd = i;
            while (nameEnd > i - 2 && isBlank(t[nameEnd - 1]))
                --nameEnd;
            char16_t quote = 0;
            bool escapedQuote = false;
            if (t[nameEnd - 1] == u'"' || t[nameEnd - 1] == u'\'') {
                quote = t[nameEnd - 1];
                --nameEnd;
                if (quote == u'"' && t[nameEnd - 1] == u'\\') {
                    escapedQuote = true;
                    --nameEnd;
                }
            }
            qsizetype nameBegin = nameEnd;
            while (nameBegin > lastEnd && nameEnd - nameBegin <= kMaxName && isKeyNameChar(t[nameBegin - 1]))
                --nameBegin;
            while (nameBegin < nameEnd && (t[nameBegin] == u'-' || t[nameBegin] == u'.'))
                ++nameBegin; // a command-line option: --password=x
            if (nameBegin == nameEnd || nameEnd - nameBegin > kMaxName || !startsKeyName(t[nameBegin]))
                continue;
            if (quote) {
                if (t[nameBegin - 1] != quote || (escapedQuote && t[nameBegin - 2] != u'\\'))
                    continue;
            }
            const char16_t before = t[quote ? nameBegin - (escapedQuote ? 3 : 2) : nameBegin - 1];
            const bool query = !quote && nameEnd == i && sep == u'='
                && (before == u'?' || before == u'&' || before == u'#');
            if (query ? !queryOn : !plainOn)
                continue;
            // Names of several words in prose: "mot de passe: x", "API key: x", "كلمة المرور: x".
            qsizetype fullBegin = nameBegin;
            if (!quote && !query) {
                for (int words = 1; words < 3; ++words) {
                    qsizetype b = fullBegin - 1;
                    if (t[b] != u' ' || b <= lastEnd || !isKeyNameChar(t[b - 1]))
                        break;
                    while (b > lastEnd && nameEnd - b <= kMaxName && isKeyNameChar(t[b - 1]))
                        --b;
                    if (nameEnd - b > kMaxName || !startsKeyName(t[b]))
                        break;
                    fullBegin = b;
                }
            }
            const QStringView name = t.view(fullBegin, nameEnd);
            if (!context.keys->mayNameSecret(name))
                continue;
            KeyInfo info;
            if (const KeyInfo *known = memo ? memo->find(name) : nullptr) {
                info = *known;
            } else {
                info = context.keys->classifyUnlessAllowed(name);
                if (memo)
                    memo->insert(name, info);
                else if (++classified > 8)
                    memo = std::make_unique<NameMemo>();
            }
            if (!info.secret)
                continue;

            qsizetype v = i + 1;
            if (!query) {
                while (isBlank(t[v]))
                    ++v;
            }
            const char16_t first = t[v];
            qsizetype vb = v;
            qsizetype ve = v;
            const char *replacement = kRedacted;
            if (first == 0) {
                continue;
            } else if (first == u'"' || first == u'\'' || (first == u'\\' && t[v + 1] == u'"')) {
                const bool escaped = first == u'\\';
                vb = v + (escaped ? 2 : 1);
                ve = quotedValueEnd(t, vb, escaped ? u'"' : first, escaped);
            } else if (first == u'[' || first == u'{') {
                ve = structureEnd(t, v);
                if (ve - v <= 2 || isMarker(t.view(v, ve)))
                    continue; // empty, or already scrubbed
                if (quote)
                    replacement = quote == u'"' ? kRedactedJson : kRedactedSingleQuoted;
            } else if (quote) {
                ve = jsonScalarEnd(t, v);
                if (equalsAnyCI(t.view(vb, ve), { "null" }))
                    continue; // nothing to hide, as a null attribute stays null
                replacement = quote == u'"' ? kRedactedJson : kRedactedSingleQuoted;
            } else if (query) {
                while (!endsQueryValue(t[ve]))
                    ++ve;
            } else if (sep == u':' && info.header) {
                while (ve < t.size() && t.at(ve) != u'\n' && t.at(ve) != u'\r')
                    ++ve;
                while (ve > vb && isSpace(t[ve - 1]))
                    --ve;
            } else {
                const char16_t opener = t[fullBegin - 1];
                const char16_t enclosing = (opener == u'"' || opener == u'\'') ? opener : 0;
                ve = plainValueEnd(t, v, enclosing);
                // "Authorization=Bearer abc": the scheme word and its credentials
                if (t[ve] == u' ' && !isSpace(t[ve + 1]) && t[ve + 1] != 0
                    && equalsAnyCI(t.view(vb, ve), { "bearer", "basic", "token", "digest", "negotiate", "ntlm" }))
                    ve = plainValueEnd(t, ve + 1, enclosing);
            }
            if (ve > vb && !isMarker(t.view(vb, ve))) {
                out.push_back({ vb, ve, replacement });
                lastEnd = ve;
            }
            i = std::max(i, ve - 1);
        }
    }
};

} // namespace

const Detector &urlUserInfoDetector() { return UrlUserInfoDetector::instance(); }
const Detector &keyValueDetector() { return KeyValueDetector::instance(); }

} // namespace Automagik::Internal::Scrub
