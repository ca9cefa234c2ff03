// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The privacy sanitizer. Every built-in detector is a hand-written scanner over
// the UTF-16 text, not a regular expression: each one is a single forward pass
// with bounded look-around, so a hostile 1 MiB string costs linear time and can
// never backtrack. A detector collects its matches, then the string is rebuilt
// once; a string with no match is returned as is, without any allocation.
// The rules (and the reasons for them) are in docs/privacy.md.
#include <automagik/privacy.h>

#include "core/logging.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QUrl>
#include <QtCore/QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <type_traits>
#include <utility>
#include <vector>

namespace Automagik {

namespace {

// Lists and maps nested deeper than this are replaced by kTooDeep (no recursion without end).
constexpr int kMaxDepth = 32;

constexpr char kEmail[] = "[EMAIL]";
constexpr char kPhone[] = "[PHONE]";
constexpr char kCard[] = "[CARD]";
constexpr char kSecret[] = "[SECRET]";
constexpr char kIp[] = "[IP]";
constexpr char kMac[] = "[MAC]";
constexpr char kUser[] = "[USER]";
constexpr char kRedacted[] = "[REDACTED]";
constexpr char kTooDeep[] = "[nested too deep]";

// ---------------------------------------------------------------------------------------------
// Characters. Detection is ASCII-based; other characters only matter as word characters, so
// that a match never starts or ends inside a word written in any script.

constexpr bool isDigit(char16_t c) { return c >= u'0' && c <= u'9'; }
constexpr bool isUpper(char16_t c) { return c >= u'A' && c <= u'Z'; }
constexpr bool isLower(char16_t c) { return c >= u'a' && c <= u'z'; }
constexpr bool isLetter(char16_t c) { return isUpper(c) || isLower(c); }
constexpr bool isAlnum(char16_t c) { return isDigit(c) || isLetter(c); }
constexpr bool isHex(char16_t c) { return isDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F'); }
constexpr char16_t asciiLower(char16_t c) { return isUpper(c) ? char16_t(c + 32) : c; }

bool isNonAsciiAlnum(char16_t c) { return c >= 0x80 && QChar(c).isLetterOrNumber(); }
bool isWordChar(char16_t c) { return isAlnum(c) || c == u'_' || isNonAsciiAlnum(c); }
constexpr bool isSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f' || c == u'\v' || c == 0xa0;
}
// Characters of base64 and base64url text, the alphabet of most tokens.
constexpr bool isTokenChar(char16_t c) { return isAlnum(c) || c == u'_' || c == u'-' || c == u'+' || c == u'/'; }
constexpr bool isBase64UrlChar(char16_t c) { return isAlnum(c) || c == u'_' || c == u'-'; }

// The text under scan; out-of-range reads give 0, which is no character class, so boundary
// checks need no separate length tests.
struct Text
{
    explicit Text(const QString &s)
        : p(reinterpret_cast<const char16_t *>(s.constData()))
        , n(s.size())
    {
    }
    char16_t operator[](qsizetype i) const { return (i >= 0 && i < n) ? p[i] : char16_t(0); }
    QStringView view(qsizetype b, qsizetype e) const { return QStringView(p + b, e - b); }

    const char16_t *p;
    qsizetype n;
};

// ASCII literal at position i (exact, or with \a lit in lower case and t compared case-insensitively).
bool matchAt(const Text &t, qsizetype i, const char *lit)
{
    for (qsizetype k = 0; lit[k]; ++k) {
        if (t[i + k] != char16_t(uchar(lit[k])))
            return false;
    }
    return true;
}

bool matchAtCI(const Text &t, qsizetype i, const char *lit)
{
    for (qsizetype k = 0; lit[k]; ++k) {
        if (asciiLower(t[i + k]) != char16_t(uchar(lit[k])))
            return false;
    }
    return true;
}

bool equalsAnyCI(QStringView word, std::initializer_list<const char *> list)
{
    for (const char *w : list) {
        if (word.compare(QLatin1String(w), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// A sorted table of ASCII words for binary search with QStringView keys.
class WordTable
{
public:
    WordTable(std::initializer_list<const char16_t *> words)
    {
        for (const char16_t *w : words)
            m_words.emplace_back(w);
        std::sort(m_words.begin(), m_words.end(), [](QStringView a, QStringView b) { return a.compare(b) < 0; });
    }
    bool contains(QStringView word) const
    {
        const auto it = std::lower_bound(m_words.cbegin(), m_words.cend(), word,
                                         [](QStringView a, QStringView b) { return a.compare(b) < 0; });
        return it != m_words.cend() && *it == word;
    }

private:
    std::vector<QStringView> m_words;
};

// ---------------------------------------------------------------------------------------------
// Edits: what a detector found, applied in one rebuild.

struct Edit
{
    qsizetype begin;
    qsizetype end;
    const char *replacement;
};
using Edits = std::vector<Edit>;

void applyEdits(QString &text, const Edits &edits)
{
    const QStringView in(text);
    QString out;
    out.reserve(text.size() + 8 * qsizetype(edits.size()));
    qsizetype pos = 0;
    for (const Edit &e : edits) {
        out += in.mid(pos, e.begin - pos);
        out += QLatin1String(e.replacement);
        pos = e.end;
    }
    out += in.mid(pos);
    text = std::move(out);
}

// One pass over the text tells which detectors can possibly match (cheap prefilters).
struct Features
{
    qsizetype digits = 0;
    qsizetype longestTokenRun = 0;
    qsizetype at = 0, colon = 0, dot = 0, slash = 0, backslash = 0, tilde = 0, equals = 0, dash = 0;
    bool surrogates = false;
};

Features prescan(const Text &t)
{
    Features f;
    qsizetype run = 0;
    for (qsizetype i = 0; i < t.n; ++i) {
        const char16_t c = t.p[i];
        if (isTokenChar(c)) {
            ++run;
            if (isDigit(c))
                ++f.digits;
            else if (c == u'-')
                ++f.dash;
            else if (c == u'/')
                ++f.slash;
            continue;
        }
        f.longestTokenRun = std::max(f.longestTokenRun, run);
        run = 0;
        switch (c) {
        case u'@': ++f.at; break;
        case u':': ++f.colon; break;
        case u'.': ++f.dot; break;
        case u'\\': ++f.backslash; break;
        case u'~': ++f.tilde; break;
        case u'=': ++f.equals; break;
        default:
            if (c >= 0xd800 && c <= 0xdfff)
                f.surrogates = true;
            break;
        }
    }
    f.longestTokenRun = std::max(f.longestTokenRun, run);
    return f;
}

// A lone surrogate makes PCRE2 (custom patterns) refuse the whole string, and UTF-8 cannot
// carry it anyway: it becomes U+FFFD, as QString::toUtf8() would do later.
bool replaceLoneSurrogates(QString &text)
{
    const auto lone = [](const QString &s, qsizetype i) {
        const char16_t c = s.at(i).unicode();
        if (QChar::isHighSurrogate(c))
            return !(i + 1 < s.size() && QChar::isLowSurrogate(s.at(i + 1).unicode()));
        if (QChar::isLowSurrogate(c))
            return !(i > 0 && QChar::isHighSurrogate(s.at(i - 1).unicode()));
        return false;
    };
    bool any = false;
    for (qsizetype i = 0; i < text.size() && !any; ++i)
        any = lone(text, i);
    if (!any)
        return false;
    const QString in = text;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (lone(in, i))
            text[i] = QChar(QChar::ReplacementCharacter);
    }
    return true;
}

double shannonEntropy(const Text &t, qsizetype b, qsizetype e)
{
    int counts[128] = {};
    for (qsizetype i = b; i < e; ++i)
        ++counts[t.p[i] & 0x7f];
    const double n = double(e - b);
    double h = 0;
    for (int c : counts) {
        if (c) {
            const double p = c / n;
            h -= p * std::log2(p);
        }
    }
    return h;
}

// ---------------------------------------------------------------------------------------------
// Key names. A key is split into lower-case words at '-', '_', '.', spaces, camelCase humps and
// letter/digit changes ("X-Api-Key", "apiKey", "APIKey" and "api_key2" all give api|key), then
// judged by its head word, the last one that is not a qualifier: "access_token" names a token,
// "token_count" names a count. Adjacent words are also tried joined ("api"+"key" = "apikey").

const WordTable &secretWords()
{
    static const WordTable table {
        u"accesskey", u"apikey", u"apikeys", u"auth", u"authorization", u"bearer", u"cardnumber",
        u"connectionstring", u"cookie", u"cookies", u"credential", u"credentials", u"creds",
        u"creditcard", u"cvc", u"cvv", u"dsn", u"encryptionkey", u"jwt", u"masterkey", u"otp",
        u"passphrase", u"passwd", u"password", u"passwords", u"privatekey", u"privkey", u"pwd",
        u"secret", u"secretkey", u"secrets", u"session", u"sessionid", u"sessionkey", u"sig",
        u"signature", u"signingkey", u"ssn", u"token",
    };
    return table;
}

// Words that qualify the word before them rather than name a thing of their own.
const WordTable &qualifierWords()
{
    static const WordTable table {
        u"b64", u"base64", u"clear", u"cleartext", u"confirm", u"confirmation", u"current", u"data",
        u"enc", u"encoded", u"encrypted", u"env", u"field", u"hash", u"hashed", u"header", u"hex",
        u"input", u"new", u"old", u"param", u"plain", u"plaintext", u"raw", u"repeat", u"str",
        u"string", u"text", u"val", u"value", u"var",
    };
    return table;
}

// Values under these keys are versions: a dotted quad there is not an IP address.
const WordTable &versionWords()
{
    static const WordTable table { u"build", u"firmware", u"fw", u"release", u"rev",
                                   u"revision", u"ver", u"version", u"v" };
    return table;
}

// Values under these keys are digests: long hex there is not a secret.
const WordTable &digestWords()
{
    static const WordTable table { u"checksum", u"commit", u"digest", u"etag", u"hash",
                                   u"md", u"rev", u"revision", u"sha", u"sum" };
    return table;
}

// Header names whose whole line is the secret ("Cookie: a=1; b=2").
const WordTable &headerWords()
{
    static const WordTable table { u"authorization", u"cookie", u"cookies", u"proxyauthorization", u"setcookie" };
    return table;
}

class KeyWords
{
public:
    explicit KeyWords(QStringView key)
    {
        // The head of a key is at its end: a very long key is judged by its last 128 characters.
        if (key.size() > 128)
            key = key.last(128);
        enum Class { Sep, Lower, Upper, Digit };
        const auto classOf = [](char16_t c) {
            if (isLower(c))
                return Lower;
            if (isUpper(c))
                return Upper;
            if (isDigit(c))
                return Digit;
            if (c >= 0x80) {
                const QChar q(c);
                if (q.isUpper())
                    return Upper;
                if (q.isLetterOrNumber())
                    return Lower;
            }
            return Sep;
        };
        Class prev = Sep;
        for (qsizetype i = 0; i < key.size(); ++i) {
            const char16_t c = key.at(i).unicode();
            const Class cls = classOf(c);
            if (cls == Sep) {
                prev = Sep;
                continue;
            }
            bool boundary = prev == Sep;
            if (!boundary) {
                const Class next = i + 1 < key.size() ? classOf(key.at(i + 1).unicode()) : Sep;
                boundary = (prev == Lower && cls == Upper) || (prev == Upper && cls == Upper && next == Lower)
                    || ((prev == Digit) != (cls == Digit));
            }
            if (boundary)
                m_starts.append(m_chars.size());
            m_chars.append(c < 0x80 ? asciiLower(c) : QChar(c).toLower().unicode());
            prev = cls;
        }
        m_starts.append(m_chars.size());
    }

    qsizetype count() const { return m_starts.size() - 1; }
    QStringView word(qsizetype i) const { return span(i, i); }
    // Words first..last, joined without separators.
    QStringView span(qsizetype first, qsizetype last) const
    {
        return QStringView(m_chars.constData() + m_starts.at(first), m_starts.at(last + 1) - m_starts.at(first));
    }
    bool isNumber(qsizetype i) const { return isDigit(word(i).front().unicode()); }

private:
    QVarLengthArray<char16_t, 64> m_chars;
    QVarLengthArray<qsizetype, 12> m_starts;
};

struct KeyInfo
{
    bool secret = false;
    bool header = false;
    bool version = false;
    bool digest = false;
};

// What the key a string is stored under says about the string.
struct TextHints
{
    bool version = false; // dotted quads are versions, not IP addresses
    bool digest = false; // long hex is a digest, not a secret
};

// ---------------------------------------------------------------------------------------------
// Detectors. Each appends its matches, sorted and not overlapping, to an Edits list.

// scheme://user:password@host -> scheme://[REDACTED]@host
constexpr bool endsAuthority(char16_t c)
{
    return c == 0 || isSpace(c) || c == u'/' || c == u'?' || c == u'#' || c == u'"' || c == u'\'' || c == u'<'
        || c == u'>' || c == u'\\' || c == u'`' || c == u'{' || c == u'}' || c == u'|' || c == u'^';
}

void findUrlUserInfo(const Text &t, Edits &out)
{
    for (qsizetype i = 1; i + 2 < t.n; ++i) {
        if (t[i] != u':' || t[i + 1] != u'/' || t[i + 2] != u'/' || !isAlnum(t[i - 1]))
            continue;
        const qsizetype begin = i + 3;
        qsizetype end = begin;
        qsizetype lastAt = -1;
        for (; !endsAuthority(t[end]); ++end) {
            if (t[end] == u'@')
                lastAt = end;
        }
        if (lastAt > begin && t.view(begin, lastAt) != QLatin1String(kRedacted))
            out.push_back({ begin, lastAt, kRedacted });
        i = end - 1; // an authority never contains "://", so scans never overlap
    }
}

// Whether the text before position \a l is "scheme://" plus user info, i.e. an '@' at l's
// right is a URL's user info separator, which belongs to findUrlUserInfo().
bool inUrlUserInfo(const Text &t, qsizetype l)
{
    qsizetype p = l;
    while (p > 0 && l - p < 256 && !endsAuthority(t[p - 1]) && t[p - 1] != u'@')
        --p;
    return t[p - 1] == u'/' && t[p - 2] == u'/' && t[p - 3] == u':';
}

// name=value, name: value and "name": "value" in free text, when the name names a secret.
// After '?', '&' or '#' it is a URL query or fragment parameter (category UrlCredentials),
// elsewhere plain text (category SecretKey).
constexpr bool isKeyNameChar(char16_t c) { return isAlnum(c) || c == u'_' || c == u'-' || c == u'.'; }

constexpr bool endsValue(char16_t c, bool query)
{
    if (c == 0 || isSpace(c) || c == u'&' || c == u'"' || c == u'\'' || c == u'<' || c == u'>' || c == u';')
        return true;
    if (query)
        return c == u'#';
    return c == u',' || c == u')' || c == u']' || c == u'}';
}

template <typename Classify>
void findKeyValues(const Text &t, bool plainOn, bool queryOn, const Classify &classify, Edits &out)
{
    qsizetype lastEnd = 0;
    for (qsizetype i = 0; i < t.n; ++i) {
        const char16_t sep = t[i];
        if (sep != u'=' && sep != u':')
            continue;
        if (sep == u':' && t[i + 1] == u'/' && t[i + 2] == u'/')
            continue; // a URL scheme
        const char16_t prev = t[i - 1];
        if (sep == u'=' && (t[i + 1] == u'=' || prev == u'=' || prev == u'!' || prev == u'<' || prev == u'>'))
            continue; // a comparison in code, not an assignment
        qsizetype nameEnd = i;
        while (nameEnd > i - 2 && t[nameEnd - 1] == u' ')
            --nameEnd; // "apiKey = abc"
        const char16_t quote = (t[nameEnd - 1] == u'"' || t[nameEnd - 1] == u'\'') ? t[nameEnd - 1] : char16_t(0);
        if (quote)
            --nameEnd;
        qsizetype nameBegin = nameEnd;
        while (nameBegin > lastEnd && nameEnd - nameBegin <= 64 && isKeyNameChar(t[nameBegin - 1]))
            --nameBegin;
        if (nameBegin == nameEnd || nameEnd - nameBegin > 64 || !(isLetter(t[nameBegin]) || t[nameBegin] == u'_'))
            continue;
        if (quote && t[nameBegin - 1] != quote)
            continue;
        const char16_t before = t[quote ? nameBegin - 2 : nameBegin - 1];
        const bool query = !quote && nameEnd == i && (before == u'?' || before == u'&' || before == u'#');
        if (query ? !queryOn : !plainOn)
            continue;
        const KeyInfo info = classify(t.view(nameBegin, nameEnd));
        if (!info.secret)
            continue;

        qsizetype v = i + 1;
        if (!query) {
            while (t[v] == u' ' || t[v] == u'\t')
                ++v;
        }
        const char16_t first = t[v];
        qsizetype vb = v;
        qsizetype ve = v;
        if (first == 0 || first == u'{' || first == u'[') {
            continue; // nothing, or a structure whose own keys are judged one by one
        } else if (first == u'"' || first == u'\'') {
            vb = ve = v + 1;
            while (ve < t.n && t[ve] != first && t[ve] != u'\n')
                ve += t[ve] == u'\\' ? 2 : 1;
            ve = std::min(ve, t.n);
        } else if (sep == u':' && info.header) {
            while (ve < t.n && t[ve] != u'\n' && t[ve] != u'\r')
                ++ve;
            while (ve > vb && isSpace(t[ve - 1]))
                --ve;
        } else {
            while (!endsValue(t[ve], query))
                ++ve;
            // "Authorization=Bearer abc": the scheme word and its credentials
            if (!query && t[ve] == u' ' && !endsValue(t[ve + 1], false)
                && equalsAnyCI(t.view(vb, ve), { "bearer", "basic", "token", "digest", "negotiate", "ntlm" })) {
                ++ve;
                while (!endsValue(t[ve], false))
                    ++ve;
            }
        }
        if (ve > vb && t.view(vb, ve) != QLatin1String(kRedacted)) {
            out.push_back({ vb, ve, kRedacted });
            lastEnd = ve;
        }
        i = std::max(i, ve - 1);
    }
}

// --- API keys and tokens ---

struct Provider
{
    const char *prefix;
    int minTail; // characters after the prefix
};

// Well-known prefixes: a run that starts with one of these is a credential, whatever follows.
constexpr Provider kProviders[] = {
    { "sk_live_", 10 }, { "sk_test_", 10 }, { "pk_live_", 10 }, { "pk_test_", 10 }, { "rk_live_", 10 },
    { "rk_test_", 10 }, { "whsec_", 20 }, // Stripe
    { "ghp_", 20 }, { "gho_", 20 }, { "ghu_", 20 }, { "ghs_", 20 }, { "ghr_", 20 }, { "github_pat_", 20 }, // GitHub
    { "xoxb-", 10 }, { "xoxp-", 10 }, { "xoxa-", 10 }, { "xoxr-", 10 }, { "xoxs-", 10 }, { "xapp-", 10 }, // Slack
    { "glpat-", 20 }, // GitLab
    { "npm_", 30 }, // npm
    { "hf_", 30 }, // Hugging Face
    { "AIza", 30 }, // Google API keys
    { "shpat_", 20 }, { "shpss_", 20 }, // Shopify
};

bool isProviderToken(const Text &t, qsizetype b, qsizetype e)
{
    const qsizetype len = e - b;
    if (len < 12)
        return false;
    // AWS access key ids: exactly AKIA/ASIA and 16 upper-case letters or digits.
    if (len == 20 && (matchAt(t, b, "AKIA") || matchAt(t, b, "ASIA"))) {
        for (qsizetype i = b + 4; i < e; ++i) {
            if (!isUpper(t[i]) && !isDigit(t[i]))
                return false;
        }
        return true;
    }
    // OpenAI-style "sk-" keys are long and mix letters with digits ("sk-learn-..." is not one).
    if (matchAt(t, b, "sk-")) {
        bool digit = false, letter = false;
        for (qsizetype i = b + 3; i < e; ++i) {
            digit = digit || isDigit(t[i]);
            letter = letter || isLetter(t[i]);
        }
        return len - 3 >= 20 && digit && letter;
    }
    for (const Provider &p : kProviders) {
        if (matchAt(t, b, p.prefix))
            return len - qsizetype(qstrlen(p.prefix)) >= p.minTail;
    }
    return false;
}

// A JWT (or JWE): base64url segments separated by dots, the first one a JSON header "eyJ...".
qsizetype jwtEnd(const Text &t, qsizetype b, qsizetype e)
{
    if (e - b < 10 || !matchAt(t, b, "eyJ") || t[e] != u'.')
        return 0;
    qsizetype p = e + 1;
    qsizetype q = p;
    while (isBase64UrlChar(t[q]))
        ++q;
    if (q - p < 2 || t[q] != u'.')
        return 0;
    qsizetype r = q + 1; // the signature may be empty ("alg": "none")
    while (isBase64UrlChar(t[r]))
        ++r;
    for (int extra = 0; extra < 2 && t[r] == u'.' && isBase64UrlChar(t[r + 1]); ++extra) { // JWE has five
        ++r;
        while (isBase64UrlChar(t[r]))
            ++r;
    }
    if (isWordChar(t[r]))
        return 0;
    return r;
}

// "Bearer <token>" / "Basic <base64 of user:password>": the credentials after the word.
qsizetype authSchemeCredentials(const Text &t, qsizetype b, qsizetype e, Edits &out)
{
    const bool bearer = e - b == 6 && matchAtCI(t, b, "bearer");
    const bool basic = e - b == 5 && matchAtCI(t, b, "basic");
    if ((!bearer && !basic) || t[e] != u' ')
        return 0;
    qsizetype s = e;
    while (t[s] == u' ' && s - e < 4)
        ++s;
    qsizetype x = s;
    bool digit = false, upper = false, symbol = false, lower = false;
    for (;; ++x) {
        const char16_t c = t[x];
        if (isDigit(c))
            digit = true;
        else if (isUpper(c))
            upper = true;
        else if (isLower(c))
            lower = true;
        else if (c == u'-' || c == u'.' || c == u'_' || c == u'~' || c == u'+' || c == u'/')
            symbol = true;
        else
            break;
    }
    qsizetype end = x;
    while (t[end] == u'=' && end - x < 2)
        ++end;
    if (isWordChar(t[end]))
        return 0;
    if (bearer) {
        // An opaque token is long and not a plain lower-case word ("Bearer authentication" is prose).
        if (x - s < 12 || !(digit || upper || symbol) || !(lower || upper))
            return 0;
    } else {
        if (end - s < 8 || (end - s) % 4 != 0)
            return 0;
        const QByteArray encoded = t.view(s, end).toLatin1();
        const auto decoded = QByteArray::fromBase64Encoding(encoded, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || !decoded.decoded.contains(':'))
            return 0;
    }
    out.push_back({ s, end, kSecret });
    return end;
}

// "sha256:<hex>", "checksum <hex>", "@sha256:<hex>": the hex is a digest, not a secret.
bool digestLabelBefore(const Text &t, qsizetype b)
{
    qsizetype p = b;
    while (p > 0 && b - p < 2 && (t[p - 1] == u':' || t[p - 1] == u'=' || t[p - 1] == u' '))
        --p;
    if (p == b)
        return false;
    qsizetype q = p;
    while (q > 0 && p - q < 16 && isAlnum(t[q - 1]))
        --q;
    return equalsAnyCI(t.view(q, p),
                       { "sha", "sha1", "sha224", "sha256", "sha384", "sha512", "md5", "blake2b", "blake2s", "blake3",
                         "checksum", "digest", "hash", "commit", "etag", "rev", "revision", "sum", "sha1sum",
                         "sha256sum" });
}

// Long hex: 48 or more hex digits with both digits and letters a-f. Shorter hex (git SHA-1 of
// 40, MD5 and trace ids of 32, UUIDs) is ordinary telemetry.
void findLongHex(const Text &t, qsizetype b, qsizetype e, Edits &out)
{
    for (qsizetype x = b; x < e;) {
        if (!isAlnum(t[x])) {
            ++x;
            continue;
        }
        qsizetype y = x;
        bool allHex = true, digit = false, letter = false;
        for (; y < e && isAlnum(t[y]); ++y) {
            const char16_t c = t[y];
            allHex = allHex && isHex(c);
            digit = digit || isDigit(c);
            letter = letter || !isDigit(c);
        }
        if (allHex && digit && letter && y - x >= 48 && shannonEntropy(t, x, y) >= 3.0 && !digestLabelBefore(t, x))
            out.push_back({ x, y, kSecret });
        x = y;
    }
}

// A run with '/' is a path, not base64, when it looks like one: many slashes, or a segment
// that is a lower-case word ("blob", "main", "home").
bool looksLikePath(const Text &t, qsizetype b, qsizetype e)
{
    qsizetype slashes = 0;
    qsizetype segment = b;
    for (qsizetype i = b; i <= e; ++i) {
        if (i < e && t[i] != u'/')
            continue;
        bool word = i - segment >= 4;
        for (qsizetype k = segment; k < i && word; ++k)
            word = isLower(t[k]) || t[k] == u'-' || t[k] == u'_';
        if (word)
            return true;
        slashes += i < e;
        segment = i + 1;
    }
    return slashes * 8 > e - b;
}

// Long high-entropy base64/base64url: at least 32 characters with two or more each of upper
// case, lower case and digits. Two measures keep names and paths out: the character entropy
// (random base64 of n characters reaches about log2(n) - 0.5 bits per character), and the share
// of characters in lower-case runs of three or more, i.e. words ("Export", "ersion"): about 15%
// in random text, over 50% in identifiers such as "ExportPdfReportFinalVersion2026Draft".
// Tuned on random tokens: 95% of 32-character and 99% of 48-character ones are caught.
qsizetype base64SecretEnd(const Text &t, qsizetype &b, qsizetype e)
{
    while (b < e && (t.p[b] == u'/' || t.p[b] == u'+'))
        ++b; // a slash before or after the token is the text's, not the token's
    while (e > b && t.p[e - 1] == u'/')
        --e;
    const qsizetype len = e - b;
    if (len < 32)
        return 0;
    qsizetype upper = 0, lower = 0, digits = 0, separators = 0, inWords = 0, lowerRun = 0;
    bool slash = false, allHex = true;
    for (qsizetype i = b; i <= e; ++i) {
        const char16_t c = i < e ? t.p[i] : char16_t(0);
        if (isLower(c)) {
            ++lower;
            ++lowerRun;
        } else {
            if (lowerRun >= 3)
                inWords += lowerRun;
            lowerRun = 0;
        }
        if (i == e)
            break;
        upper += isUpper(c);
        digits += isDigit(c);
        separators += c == u'-' || c == u'_';
        slash = slash || c == u'/';
        allHex = allHex && isHex(c);
    }
    if (allHex || upper < 2 || lower < 2 || digits < 2 || separators * 10 > len || inWords * 10 > len * 4)
        return 0;
    if (slash && looksLikePath(t, b, e))
        return 0;
    const double threshold = std::min(std::log2(double(len)) - 1.05, 4.8);
    if (shannonEntropy(t, b, e) < threshold)
        return 0;
    qsizetype end = e;
    while (t[end] == u'=' && end - e < 2)
        ++end;
    return isAlnum(t[end]) ? e : end;
}

// PEM private keys, from the BEGIN line through the END line (or the end of the text).
qsizetype pemEnd(const Text &t, qsizetype b)
{
    qsizetype lineEnd = b;
    while (lineEnd < t.n && t[lineEnd] != u'\n')
        ++lineEnd;
    if (!t.view(b, lineEnd).contains(QLatin1String("PRIVATE KEY")))
        return 0;
    const QStringView rest = t.view(lineEnd, t.n);
    const qsizetype end = rest.indexOf(QLatin1String("-----END "));
    if (end < 0)
        return t.n;
    const qsizetype close = rest.indexOf(QLatin1String("-----"), end + 9);
    return close < 0 ? t.n : lineEnd + close + 5;
}

// The next PEM private key block at or after \a from: its begin and end, or t.n for both.
std::pair<qsizetype, qsizetype> nextPem(const Text &t, qsizetype from)
{
    const QStringView all = t.view(0, t.n);
    for (qsizetype k = all.indexOf(QLatin1String("-----BEGIN "), from); k >= 0;
         k = all.indexOf(QLatin1String("-----BEGIN "), k + 1)) {
        if (const qsizetype end = pemEnd(t, k))
            return { k, end };
    }
    return { t.n, t.n };
}

void findSecrets(const Text &t, TextHints hints, Edits &out)
{
    // PEM blocks are found by a search of their own: their BEGIN line may be glued to other text.
    std::pair<qsizetype, qsizetype> pem = nextPem(t, 0);
    qsizetype i = 0;
    while (i < t.n) {
        if (i > pem.first)
            pem = nextPem(t, i); // a token ran into the block's first line
        if (i == pem.first) {
            out.push_back({ pem.first, pem.second, kSecret });
            i = pem.second;
            pem = nextPem(t, i);
            continue;
        }
        if (!isTokenChar(t[i])) {
            ++i;
            continue;
        }
        const qsizetype a = i;
        qsizetype b = a;
        while (b < pem.first && isTokenChar(t.p[b]))
            ++b;
        if (const qsizetype end = authSchemeCredentials(t, a, b, out)) {
            i = end;
            continue;
        }
        const std::size_t found = out.size();
        qsizetype next = b;
        // Provider tokens, JWTs and hex inside the run's '/'- and '+'-separated parts.
        for (qsizetype w = a; w < b;) {
            if (t.p[w] == u'/' || t.p[w] == u'+') {
                ++w;
                continue;
            }
            qsizetype we = w;
            while (we < b && t.p[we] != u'/' && t.p[we] != u'+')
                ++we;
            if (isProviderToken(t, w, we)) {
                out.push_back({ w, we, kSecret });
            } else if (const qsizetype end = we == b ? jwtEnd(t, w, we) : 0) {
                out.push_back({ w, end, kSecret });
                next = end;
                break;
            } else if (!hints.digest) {
                findLongHex(t, w, we, out);
            }
            w = we;
        }
        if (out.size() == found) {
            qsizetype begin = a;
            if (const qsizetype end = base64SecretEnd(t, begin, b)) {
                out.push_back({ begin, end, kSecret });
                next = end;
            }
        }
        i = next;
    }
}

// --- e-mail ---

bool isLocalPartChar(char16_t c)
{
    return isAlnum(c) || c == u'.' || c == u'_' || c == u'%' || c == u'+' || c == u'-' || isNonAsciiAlnum(c);
}
bool isDomainChar(char16_t c) { return isAlnum(c) || c == u'.' || c == u'-' || isNonAsciiAlnum(c); }

bool isEmailDomain(const Text &t, qsizetype b, qsizetype e)
{
    if (e <= b || !(isAlnum(t[b]) || isNonAsciiAlnum(t[b])))
        return false;
    qsizetype lastDot = -1;
    for (qsizetype i = b; i < e; ++i) {
        if (t[i] == u'.') {
            if (t[i + 1] == u'.')
                return false;
            lastDot = i;
        }
    }
    if (lastDot < 0 || e - lastDot - 1 < 2)
        return false;
    for (qsizetype i = lastDot + 1; i < e; ++i) {
        if (!isLetter(t[i]) && !(t[i] >= 0x80 && QChar(t[i]).isLetter()))
            return false;
    }
    return true;
}

void findEmails(const Text &t, Edits &out)
{
    qsizetype lastEnd = 0;
    for (qsizetype i = 0; i < t.n; ++i) {
        if (t.p[i] != u'@')
            continue;
        qsizetype l = i;
        while (l > lastEnd && isLocalPartChar(t[l - 1]))
            --l;
        while (l < i && t[l] == u'.')
            ++l;
        if (l == i || inUrlUserInfo(t, l))
            continue;
        qsizetype r = i + 1;
        while (isDomainChar(t[r]))
            ++r;
        while (r > i + 1 && (t[r - 1] == u'.' || t[r - 1] == u'-'))
            --r;
        if (!isEmailDomain(t, i + 1, r))
            continue;
        out.push_back({ l, r, kEmail });
        lastEnd = r;
        i = r - 1;
    }
}

// --- IP and MAC addresses ---

// Octets 0-255 without leading zeros, starting at \a p; returns the end or 0.
qsizetype dottedQuadEnd(const Text &t, qsizetype p)
{
    for (int k = 0; k < 4; ++k) {
        if (k) {
            if (t[p] != u'.')
                return 0;
            ++p;
        }
        qsizetype q = p;
        int value = 0;
        while (isDigit(t[q]) && q - p < 4)
            value = value * 10 + (t[q++] - u'0');
        if (q == p || q - p > 3 || value > 255 || (q - p > 1 && t[p] == u'0'))
            return 0;
        p = q;
    }
    return p;
}

// "version 1.2.3.4", "appVersion=1.2.3.4", "v 1.2.3.4", "Firefox/115.0.2.1": a version.
bool versionContextBefore(const Text &t, qsizetype i)
{
    if (t[i - 1] == u'/' && isAlnum(t[i - 2]))
        return true; // product/version, as in user agents
    qsizetype p = i;
    while (p > 0 && i - p < 3
           && (t[p - 1] == u' ' || t[p - 1] == u':' || t[p - 1] == u'=' || t[p - 1] == u'_' || t[p - 1] == u'-'
               || t[p - 1] == u'\t'))
        --p;
    qsizetype q = p;
    while (q > 0 && p - q < 24 && isLetter(t[q - 1]))
        --q;
    if (q == p)
        return false;
    qsizetype w = p; // the last camelCase word: "appVersion" -> "Version"
    while (w > q && isLower(t[w - 1]))
        --w;
    if (w > q && isUpper(t[w - 1]))
        --w;
    if (w == p) {
        while (w > q && isUpper(t[w - 1]))
            --w;
    }
    return equalsAnyCI(t.view(w, p),
                       { "v", "ver", "version", "release", "rel", "build", "rev", "revision", "firmware", "fw" });
}

qsizetype ipv4End(const Text &t, qsizetype i, TextHints hints)
{
    const qsizetype end = dottedQuadEnd(t, i);
    if (!end)
        return 0;
    const char16_t after = t[end];
    if (isWordChar(after))
        return 0;
    if (after == u'.' && isDigit(t[end + 1]))
        return 0; // 1.2.3.4.5: a longer dotted sequence
    if ((after == u'-' || after == u'+') && isLetter(t[end + 1]))
        return 0; // 1.2.3.4-beta: a version with a suffix
    if (hints.version || versionContextBefore(t, i))
        return 0;
    return end;
}

// 00:1A:2B:3C:4D:5E or 00-1a-2b-3c-4d-5e
qsizetype macEnd(const Text &t, qsizetype i)
{
    const char16_t sep = t[i + 2];
    if (sep != u':' && sep != u'-')
        return 0;
    for (int k = 0; k < 6; ++k) {
        const qsizetype p = i + 3 * k;
        if (!isHex(t[p]) || !isHex(t[p + 1]) || (k < 5 && t[p + 2] != sep))
            return 0;
    }
    const qsizetype end = i + 17;
    if (isWordChar(t[end]) || t[end] == sep)
        return 0;
    return end;
}

bool isIpv6(QStringView s)
{
    const qsizetype n = s.size();
    bool digit = false;
    for (QChar c : s)
        digit = digit || isDigit(c.unicode());
    if (!digit || n < 3)
        return false; // "::" alone, or "abc::def" (more likely C++ than an address)
    int groups = 0;
    bool compressed = false;
    qsizetype p = 0;
    if (s.at(0) == u':') {
        if (s.at(1) != u':')
            return false;
        compressed = true;
        p = 2;
    }
    while (p < n) {
        qsizetype q = p;
        while (q < n && isHex(s.at(q).unicode()))
            ++q;
        if (q < n && s.at(q) == u'.') { // an embedded IPv4 address ends the address
            const QString tail = s.mid(p).toString();
            const Text tt(tail);
            if (dottedQuadEnd(tt, 0) != tt.n)
                return false;
            groups += 2;
            p = n;
            break;
        }
        if (q == p || q - p > 4)
            return false;
        ++groups;
        p = q;
        if (p == n)
            break;
        if (s.at(p) != u':')
            return false;
        if (p + 1 < n && s.at(p + 1) == u':') {
            if (compressed)
                return false;
            compressed = true;
            p += 2;
            if (p < n && s.at(p) == u':')
                return false;
        } else if (++p == n) {
            return false; // a trailing single ':'
        }
    }
    return compressed ? groups <= 7 : groups == 8;
}

constexpr bool isIpRunChar(char16_t c) { return isHex(c) || c == u':' || c == u'.'; }

qsizetype ipv6End(const Text &t, qsizetype i)
{
    qsizetype e = i;
    while (isIpRunChar(t[e]) && e - i <= 64)
        ++e;
    if (e - i > 64)
        return 0;
    while (e > i && t[e - 1] == u'.')
        --e; // sentence punctuation
    if (e - i >= 2 && t[e - 1] == u':' && t[e - 2] != u':')
        --e;
    if (isWordChar(t[e]) || !isIpv6(t.view(i, e)))
        return 0;
    if (t[e] == u'%' && isBase64UrlChar(t[e + 1])) { // zone id: fe80::1%eth0
        ++e;
        while (isBase64UrlChar(t[e]) || t[e] == u'.')
            ++e;
    }
    return e;
}

void findAddresses(const Text &t, TextHints hints, Edits &out)
{
    const auto skipRun = [&t](qsizetype i) {
        while (i < t.n && (isIpRunChar(t.p[i]) || isWordChar(t.p[i])))
            ++i;
        return i;
    };
    qsizetype i = 0;
    while (i < t.n) {
        const char16_t c = t.p[i];
        if (!isHex(c) && c != u':') {
            ++i;
            continue;
        }
        const char16_t prev = t[i - 1];
        // Inside a word or a dotted or colon-separated sequence; "host:10.0.0.1" is fine.
        if (isWordChar(prev) || prev == u'.' || (prev == u':' && !isLetter(t[i - 2]))) {
            i = c == u':' ? i + 1 : skipRun(i); // "host:10.0.0.1": the address may follow
            continue;
        }
        qsizetype end = isDigit(c) ? ipv4End(t, i, hints) : 0;
        if (end) {
            out.push_back({ i, end, kIp });
            i = end;
            continue;
        }
        if ((end = macEnd(t, i))) {
            out.push_back({ i, end, kMac });
            i = end;
            continue;
        }
        if ((end = ipv6End(t, i))) {
            const bool bracketed = t[i - 1] == u'[' && t[end] == u']';
            out.push_back({ bracketed ? i - 1 : i, bracketed ? end + 1 : end, kIp });
            i = bracketed ? end + 1 : end;
            continue;
        }
        i = skipRun(i);
    }
}

// --- payment cards ---

bool luhnValid(const Text &t, qsizetype b, qsizetype e)
{
    int sum = 0;
    bool twice = false;
    for (qsizetype i = e - 1; i >= b; --i) {
        if (!isDigit(t[i]))
            continue;
        int d = t[i] - u'0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

struct Span
{
    qsizetype begin;
    qsizetype end;
    qsizetype digits() const { return end - begin; }
};

// 13-19 digits, unseparated or in groups split by one kind of separator (space or dash),
// starting with 2-6 (every major network), Luhn-valid. A run of several cards is split.
void findCards(const Text &t, Edits &out)
{
    qsizetype i = 0;
    QVarLengthArray<Span, 8> groups;
    while (i < t.n) {
        if (!isDigit(t.p[i])) {
            ++i;
            continue;
        }
        const char16_t prev = t[i - 1];
        if (isWordChar(prev) || prev == u'.' || prev == u',') {
            while (isDigit(t[i]))
                ++i;
            continue;
        }
        groups.clear();
        char16_t sep = 0;
        qsizetype p = i;
        for (;;) {
            qsizetype q = p;
            while (isDigit(t[q]))
                ++q;
            groups.append({ p, q });
            const char16_t s = t[q];
            if ((s == u' ' || s == u'-') && (sep == 0 || s == sep) && isDigit(t[q + 1]) && groups.size() < 24) {
                sep = s;
                p = q + 1;
                continue;
            }
            p = q;
            break;
        }
        const char16_t after = t[p];
        const bool boundary = !isWordChar(after) && !((after == u'.' || after == u',') && isDigit(t[p + 1]));
        for (qsizetype g = 0; boundary && g < groups.size();) {
            qsizetype best = -1;
            qsizetype digits = 0;
            for (qsizetype h = g; h < groups.size(); ++h) {
                digits += groups.at(h).digits();
                if (digits > 19)
                    break;
                if (digits < 13)
                    continue;
                bool shaped = t[groups.at(g).begin] >= u'2' && t[groups.at(g).begin] <= u'6';
                if (shaped && h > g) { // grouped: 4 digits first (4-4-4-4, 4-6-5, ...), then 3-6 each
                    shaped = groups.at(g).digits() == 4;
                    for (qsizetype k = g + 1; k <= h && shaped; ++k)
                        shaped = groups.at(k).digits() >= 3 && groups.at(k).digits() <= 6;
                }
                if (shaped && luhnValid(t, groups.at(g).begin, groups.at(h).end))
                    best = h;
            }
            if (best < 0)
                break;
            out.push_back({ groups.at(g).begin, groups.at(best).end, kCard });
            g = best + 1;
        }
        i = p;
    }
}

// --- phone numbers ---

struct PhoneGroup
{
    qsizetype begin;
    qsizetype end;
    int digits;
    bool paren;
};

bool phoneStartOk(const Text &t, qsizetype i)
{
    if (i == 0)
        return true;
    const char16_t prev = t[i - 1];
    if (isWordChar(prev))
        return false;
    switch (prev) {
    case u'.': case u'-': case u'+': case u'/': case u'\\': case u'#': case u'$': case u'%': case u'@': case u'_':
        return false;
    case u':': case u',':
        return !isDigit(t[i - 2]); // 12:30 1234 ..., 1,234 ...
    default:
        return true;
    }
}

bool phoneEndOk(const Text &t, qsizetype end)
{
    const char16_t c = t[end];
    if (isWordChar(c))
        return false;
    return !((c == u'.' || c == u'-' || c == u'/' || c == u':' || c == u',') && isDigit(t[end + 1]));
}

// The shapes accepted; anything else (dates, versions, times, sizes, counts) is not a phone.
bool isPhone(const Text &t, const QVarLengthArray<PhoneGroup, 12> &g, const QVarLengthArray<char16_t, 12> &seps,
             qsizetype k, bool plus)
{
    int digits = 0;
    bool laterParen = false;
    for (qsizetype j = 0; j < k; ++j) {
        digits += g.at(j).digits;
        laterParen = laterParen || (j > 0 && g.at(j).paren);
    }
    if (plus) { // +49 30 1234567, +1 (415) 555-2671, +14155552671
        if (k == 1)
            return !g.at(0).paren && digits >= 10 && digits <= 15;
        return !g.at(0).paren && g.at(0).digits <= 3 && digits >= 9 && digits <= 15;
    }
    if (g.at(0).paren) // (415) 555-2671, (030) 1234567
        return k >= 2 && !laterParen && g.at(0).digits >= 2 && g.at(0).digits <= 5 && digits >= 9 && digits <= 12;
    if (laterParen || k < 2)
        return false;
    const char16_t sep = seps.at(0);
    for (qsizetype j = 1; j < k - 1; ++j) {
        if (seps.at(j) != sep)
            return false;
    }
    const char16_t first = t[g.at(0).begin];
    const auto leads2to9 = [&](qsizetype j) { return t[g.at(j).begin] >= u'2'; };
    // North American: 415-555-2671, 415.555.2671, 1-800-555-0199
    if (k == 3 && g.at(0).digits == 3 && g.at(1).digits == 3 && g.at(2).digits == 4 && first >= u'2' && leads2to9(1))
        return true;
    if (k == 4 && first == u'1' && g.at(0).digits == 1 && g.at(1).digits == 3 && g.at(2).digits == 3
        && g.at(3).digits == 4 && leads2to9(1) && leads2to9(2))
        return true;
    // National with a trunk prefix 0: 030 1234567, 06 12 34 56 78, 020 7946 0958, 0049 30 1234567
    if (first == u'0' && k <= 6 && digits >= 9 && digits <= 13 && g.at(0).digits <= 5) {
        for (qsizetype j = 0; j < k; ++j) {
            if (g.at(j).digits < 2 || (sep == u'.' && g.at(j).digits != 2))
                return false; // dotted only as 06.12.34.56.78 (dates are dotted too)
        }
        return true;
    }
    return false;
}

void findPhones(const Text &t, Edits &out)
{
    QVarLengthArray<PhoneGroup, 12> groups;
    QVarLengthArray<char16_t, 12> seps;
    qsizetype i = 0;
    while (i < t.n) {
        const char16_t c = t.p[i];
        const bool plus = c == u'+' && isDigit(t[i + 1]);
        const bool paren = c == u'(' && isDigit(t[i + 1]);
        if (!plus && !paren && !isDigit(c)) {
            ++i;
            continue;
        }
        if (!phoneStartOk(t, i)) {
            ++i;
            while (isDigit(t[i]))
                ++i;
            continue;
        }
        groups.clear();
        seps.clear();
        qsizetype p = plus ? i + 1 : i;
        int digits = 0;
        while (groups.size() < 12 && digits <= 20) {
            PhoneGroup g;
            if (t[p] == u'(' && isDigit(t[p + 1])) {
                qsizetype q = p + 1;
                while (isDigit(t[q]))
                    ++q;
                if (t[q] != u')' || q - p - 1 > 5)
                    break;
                g = { p, q + 1, int(q - p - 1), true };
            } else if (isDigit(t[p])) {
                qsizetype q = p;
                while (isDigit(t[q]))
                    ++q;
                g = { p, q, int(std::min<qsizetype>(q - p, 1000)), false };
            } else {
                break;
            }
            groups.append(g);
            digits += g.digits;
            p = g.end;
            const char16_t s = t[p];
            const bool groupFollows = isDigit(t[p + 1]) || (t[p + 1] == u'(' && isDigit(t[p + 2]));
            if ((s == u' ' || s == u'-' || s == u'.') && groupFollows) {
                seps.append(s);
                ++p;
            } else if ((s == u'(' && isDigit(t[p + 1]) && !g.paren) || (g.paren && isDigit(s))) {
                seps.append(0); // 49(0)30, (0)30
            } else {
                break;
            }
        }
        qsizetype matched = 0;
        for (qsizetype k = groups.size(); k >= 1 && !matched; --k) {
            const qsizetype end = groups.at(k - 1).end;
            if (phoneEndOk(t, end) && isPhone(t, groups, seps, k, plus))
                matched = end;
        }
        if (matched) {
            out.push_back({ i, matched, kPhone });
            i = matched;
        } else {
            i = groups.isEmpty() ? i + 1 : groups.at(0).end; // a number may start at the next group
        }
    }
}

// --- home-directory paths ---

constexpr bool endsPosixName(char16_t c)
{
    return c == 0 || isSpace(c) || c == u'/' || c == u'\\' || c == u'"' || c == u'\'' || c == u'<' || c == u'>'
        || c == u'|' || c == u':' || c == u';' || c == u',' || c == u'(' || c == u')' || c == u'[' || c == u']'
        || c == u'{' || c == u'}' || c == u'*' || c == u'?' || c == u'`' || c == u'&' || c == u'=' || c == u'#';
}

constexpr bool endsWindowsName(char16_t c)
{
    return c == 0 || c == u'\n' || c == u'\r' || c == u'\t' || c == u'"' || c == u'<' || c == u'>' || c == u'|'
        || c == u'*' || c == u'?' || c == u':' || c == u'\'' || c == u'`' || c == u'[';
}

bool rootBoundary(const Text &t, qsizetype i)
{
    const char16_t prev = t[i - 1];
    return i == 0 || !(isWordChar(prev) || prev == u'.' || prev == u'-');
}

// Path separator at p: '/', '\' or an escaped "\\"; returns its length, 0 if none.
int windowsSeparator(const Text &t, qsizetype p)
{
    if (t[p] == u'/')
        return 1;
    if (t[p] == u'\\')
        return t[p + 1] == u'\\' ? 2 : 1;
    return 0;
}

void findHomePaths(const Text &t, Edits &out)
{
    for (qsizetype i = 0; i < t.n; ++i) {
        const char16_t c = t.p[i];
        qsizetype nameBegin = -1;
        qsizetype nameEnd = -1;
        if (c == u'/') {
            const bool varHome = matchAt(t, i - 4, "/var") && rootBoundary(t, i - 4); // Fedora Atomic
            if (matchAt(t, i, "/home/") && (rootBoundary(t, i) || varHome)) {
                nameBegin = i + 6;
            } else if (matchAt(t, i, "/Users/")) {
                // macOS; also /c/Users (MSYS) and /mnt/c/Users (WSL)
                const bool drive = isLetter(t[i - 1]) && t[i - 2] == u'/'
                    && (rootBoundary(t, i - 2) || (matchAt(t, i - 6, "/mnt") && rootBoundary(t, i - 6)));
                if (rootBoundary(t, i) || drive)
                    nameBegin = i + 7;
            }
            if (nameBegin >= 0) {
                nameEnd = nameBegin;
                while (!endsPosixName(t[nameEnd]))
                    ++nameEnd;
                const QStringView name = t.view(nameBegin, nameEnd);
                if (t[i + 1] == u'U' && equalsAnyCI(name, { "Shared", "Guest" }))
                    nameEnd = nameBegin; // not a person
            }
        } else if (isLetter(c) && t[i + 1] == u':' && (t[i + 2] == u'\\' || t[i + 2] == u'/')
                   && !isWordChar(t[i - 1])) {
            // C:\Users\name, C:/Users/name, C:\\Users\\name (escaped), \\?\C:\Users\name
            qsizetype p = i + 2;
            const bool backslash = t[p] == u'\\';
            p += windowsSeparator(t, p);
            qsizetype after = 0;
            if (matchAtCI(t, p, "users"))
                after = p + 5;
            else if (matchAtCI(t, p, "documents and settings"))
                after = p + 22;
            if (after && windowsSeparator(t, after) && (t[after] == u'\\') == backslash) {
                nameBegin = after + windowsSeparator(t, after);
                // Windows names may contain spaces: up to the next separator of the same kind if
                // there is one nearby, else up to the first space.
                qsizetype e = nameBegin;
                while (e - nameBegin <= 64 && !endsWindowsName(t[e]) && t[e] != u'\\' && t[e] != u'/')
                    ++e;
                if ((backslash ? t[e] == u'\\' : t[e] == u'/') && e > nameBegin) {
                    nameEnd = e;
                } else {
                    nameEnd = nameBegin;
                    while (nameEnd < e && !isSpace(t[nameEnd]) && t[nameEnd] != u',' && t[nameEnd] != u';'
                           && t[nameEnd] != u')')
                        ++nameEnd;
                }
                if (equalsAnyCI(t.view(nameBegin, nameEnd), { "Public", "Default", "Default User", "All Users" }))
                    nameEnd = nameBegin;
            }
        } else if (c == u'~' && (isLetter(t[i + 1]) || t[i + 1] == u'_') && !isWordChar(t[i - 1]) && t[i - 1] != u'~') {
            // ~alice/...: only with a path after it ("~100ms" and "~approx" are prose)
            qsizetype e = i + 1;
            while ((isAlnum(t[e]) || t[e] == u'_' || t[e] == u'-' || t[e] == u'.') && e - i <= 33)
                ++e;
            if (t[e] == u'/' && e - i - 1 <= 32) {
                nameBegin = i + 1;
                nameEnd = e;
            }
        }
        if (nameBegin >= 0 && nameEnd > nameBegin) {
            out.push_back({ nameBegin, nameEnd, kUser });
            i = nameEnd - 1;
        }
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------

class PrivacyData : public QSharedData
{
public:
    struct Pattern
    {
        QRegularExpression regex;
        QString replacement;
    };

    bool on(PrivacyCategory c) const { return enabled.testFlag(c); }
    bool isAllowedKey(QStringView key) const;
    KeyInfo classifyKey(QStringView key) const;
    bool scrubText(QString &text, TextHints hints) const;
    bool scrubValue(QVariant &value, const QString &key, TextHints hints, int depth) const;
    template <typename List>
    bool scrubList(QVariant &value, const List &list, TextHints hints, int depth) const;
    template <typename Map>
    bool scrubMap(QVariant &value, const Map &map, int depth) const;
    bool scrubJson(QVariant &value, TextHints hints, int depth) const;

    PrivacyCategories enabled = PrivacyCategory::AllCategories;
    QList<Pattern> patterns;
    QStringList allowedKeys;
    QStringList secretKeyNames;
    std::vector<QString> extraSecretWords; // secretKeyNames, joined lower-case words, sorted
    qsizetype secretWindow = 3; // the most words a secret name has
};

bool PrivacyData::isAllowedKey(QStringView key) const
{
    for (const QString &allowed : allowedKeys) {
        if (key.compare(allowed, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

KeyInfo PrivacyData::classifyKey(QStringView key) const
{
    KeyInfo info;
    const KeyWords words(key);
    qsizetype last = words.count() - 1;
    while (last >= 0 && words.isNumber(last))
        --last; // "password2", "token_1"
    if (last < 0)
        return info;
    info.version = versionWords().contains(words.word(last));
    info.digest = digestWords().contains(words.word(last));
    info.header = headerWords().contains(words.span(0, words.count() - 1));

    const auto isSecret = [this](QStringView joined) {
        if (secretWords().contains(joined))
            return true;
        return std::binary_search(extraSecretWords.cbegin(), extraSecretWords.cend(), joined,
                                  [](QStringView a, QStringView b) { return a.compare(b) < 0; });
    };
    qsizetype head = last;
    while (head >= 0 && (qualifierWords().contains(words.word(head)) || words.isNumber(head)))
        --head;
    for (const qsizetype end : { head, last }) {
        for (qsizetype k = 0; end >= 0 && k < secretWindow && end - k >= 0; ++k) {
            if (isSecret(words.span(end - k, end))) {
                info.secret = true;
                return info;
            }
        }
        if (head == last)
            break;
    }
    return info;
}

bool PrivacyData::scrubText(QString &text, TextHints hints) const
{
    if (text.isEmpty())
        return false;
    const Features f = prescan(Text(text));
    bool changed = f.surrogates && replaceLoneSurrogates(text);

    Edits edits;
    const auto run = [&](auto &&detector) {
        edits.clear();
        detector(Text(text), edits);
        if (!edits.empty()) {
            applyEdits(text, edits);
            changed = true;
        }
    };
    // The order matters: URL user info before e-mail (bob@host is no address there), key=value
    // and tokens before the digit detectors (tokens contain digit runs), cards before phones.
    if (on(PrivacyCategory::UrlCredentials) && f.at && f.colon)
        run([](const Text &t, Edits &out) { findUrlUserInfo(t, out); });
    const bool plainKeys = on(PrivacyCategory::SecretKey);
    const bool queryKeys = on(PrivacyCategory::UrlCredentials);
    if ((plainKeys || queryKeys) && (f.equals || f.colon)) {
        run([&](const Text &t, Edits &out) {
            findKeyValues(t, plainKeys, queryKeys,
                          [this](QStringView name) { return isAllowedKey(name) ? KeyInfo() : classifyKey(name); },
                          out);
        });
    }
    if (on(PrivacyCategory::Secret) && f.longestTokenRun >= 8)
        run([hints](const Text &t, Edits &out) { findSecrets(t, hints, out); });
    if (on(PrivacyCategory::Email) && f.at)
        run([](const Text &t, Edits &out) { findEmails(t, out); });
    if (on(PrivacyCategory::IpAddress) && ((f.dot >= 3 && f.digits >= 4) || f.colon >= 2 || f.dash >= 5))
        run([hints](const Text &t, Edits &out) { findAddresses(t, hints, out); });
    if (on(PrivacyCategory::PaymentCard) && f.digits >= 13)
        run([](const Text &t, Edits &out) { findCards(t, out); });
    if (on(PrivacyCategory::Phone) && f.digits >= 9)
        run([](const Text &t, Edits &out) { findPhones(t, out); });
    if (on(PrivacyCategory::HomePath) && (f.slash || f.backslash || f.tilde))
        run([](const Text &t, Edits &out) { findHomePaths(t, out); });

    if (on(PrivacyCategory::CustomPattern)) {
        for (const Pattern &p : patterns) {
            if (p.regex.match(text).hasMatch()) {
                text.replace(p.regex, p.replacement);
                changed = true;
            }
        }
    }
    return changed;
}

template <typename List>
bool PrivacyData::scrubList(QVariant &value, const List &list, TextHints hints, int depth) const
{
    List out;
    bool changed = false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        QVariant element = QVariant::fromValue(list.at(i));
        if (!scrubValue(element, QString(), hints, depth + 1))
            continue;
        if (!changed) {
            out = list;
            changed = true;
        }
        if constexpr (std::is_same_v<List, QVariantList>)
            out[i] = std::move(element);
        else
            out[i] = element.value<typename List::value_type>();
    }
    if (changed)
        value = QVariant::fromValue(out);
    return changed;
}

template <typename Map>
bool PrivacyData::scrubMap(QVariant &value, const Map &map, int depth) const
{
    Map out;
    bool changed = false;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        QVariant element = it.value();
        if (!scrubValue(element, it.key(), TextHints(), depth + 1))
            continue;
        if (!changed) {
            out = map;
            changed = true;
        }
        out.insert(it.key(), std::move(element));
    }
    if (changed)
        value = QVariant::fromValue(out);
    return changed;
}

// JSON values are scrubbed as the variants they convert to and converted back, keeping their type.
bool PrivacyData::scrubJson(QVariant &value, TextHints hints, int depth) const
{
    const int type = value.metaType().id();
    QJsonValue json;
    if (type == QMetaType::QJsonDocument) {
        const QJsonDocument doc = value.toJsonDocument();
        json = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    } else {
        json = value.toJsonValue();
    }
    QVariant inner = json.toVariant();
    if (!scrubValue(inner, QString(), hints, depth))
        return false;
    const QJsonValue result = QJsonValue::fromVariant(inner);
    if (type == QMetaType::QJsonObject && result.isObject())
        value = QVariant::fromValue(result.toObject());
    else if (type == QMetaType::QJsonArray && result.isArray())
        value = QVariant::fromValue(result.toArray());
    else if (type == QMetaType::QJsonDocument && result.isObject())
        value = QVariant::fromValue(QJsonDocument(result.toObject()));
    else if (type == QMetaType::QJsonDocument && result.isArray())
        value = QVariant::fromValue(QJsonDocument(result.toArray()));
    else if (type == QMetaType::QJsonValue)
        value = QVariant::fromValue(result);
    else
        value = inner; // the structure became a marker string
    return true;
}

bool PrivacyData::scrubValue(QVariant &value, const QString &key, TextHints hints, int depth) const
{
    const int type = value.metaType().id();
    if (type == QMetaType::UnknownType || type == QMetaType::Nullptr)
        return false;
    if (!key.isEmpty()) {
        if (isAllowedKey(key))
            return false;
        const KeyInfo info = classifyKey(key);
        if (info.secret && on(PrivacyCategory::SecretKey)) {
            value = QString(QLatin1String(kRedacted));
            return true;
        }
        hints.version = info.version;
        hints.digest = info.digest;
    }
    const auto tooDeep = [&] {
        value = QString(QLatin1String(kTooDeep));
        return true;
    };

    switch (type) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Char16:
    case QMetaType::Char32:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::QChar:
    case QMetaType::QDate:
    case QMetaType::QTime:
    case QMetaType::QDateTime:
    case QMetaType::QUuid:
        return false;
    case QMetaType::QString: {
        QString text = *static_cast<const QString *>(value.constData());
        if (!scrubText(text, hints))
            return false;
        value = text;
        return true;
    }
    case QMetaType::QByteArray: {
        QString text = QString::fromUtf8(*static_cast<const QByteArray *>(value.constData()));
        if (!scrubText(text, hints))
            return false;
        value = text.toUtf8();
        return true;
    }
    case QMetaType::QUrl: {
        // A scrubbed URL is no valid QUrl any more ("[REDACTED]@host"): it becomes its text.
        QString text = static_cast<const QUrl *>(value.constData())->toString();
        if (!scrubText(text, hints))
            return false;
        value = text;
        return true;
    }
    case QMetaType::QStringList: {
        if (depth >= kMaxDepth)
            return tooDeep();
        const QStringList list = *static_cast<const QStringList *>(value.constData());
        QStringList out;
        bool changed = false;
        for (qsizetype i = 0; i < list.size(); ++i) {
            QString text = list.at(i);
            if (!scrubText(text, hints))
                continue;
            if (!changed) {
                out = list;
                changed = true;
            }
            out[i] = text;
        }
        if (changed)
            value = out;
        return changed;
    }
    case QMetaType::QByteArrayList:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubList(value, *static_cast<const QByteArrayList *>(value.constData()), hints, depth);
    case QMetaType::QVariantList:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubList(value, *static_cast<const QVariantList *>(value.constData()), hints, depth);
    case QMetaType::QVariantMap:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubMap(value, *static_cast<const QVariantMap *>(value.constData()), depth);
    case QMetaType::QVariantHash:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubMap(value, *static_cast<const QVariantHash *>(value.constData()), depth);
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
        return scrubJson(value, hints, depth);
    default:
        break;
    }
    // Any other type with a text form is judged by that text, as the encoder would send it.
    if (!value.canConvert<QString>())
        return false;
    QString text = value.toString();
    if (!scrubText(text, hints))
        return false;
    value = text;
    return true;
}

// ---------------------------------------------------------------------------------------------

Privacy::Privacy()
    : d(new PrivacyData)
{
}

Privacy::Privacy(const Privacy &other) = default;
Privacy::Privacy(Privacy &&other) noexcept = default;
Privacy &Privacy::operator=(const Privacy &other) = default;
Privacy &Privacy::operator=(Privacy &&other) noexcept = default;
Privacy::~Privacy() = default;

PrivacyCategories Privacy::enabledCategories() const
{
    return d->enabled;
}

void Privacy::setEnabledCategories(PrivacyCategories categories)
{
    d->enabled = categories;
}

void Privacy::addPattern(const QRegularExpression &pattern, const QString &replacement)
{
    if (!pattern.isValid()) {
        qCWarning(Internal::lcTelemetry()).noquote()
            << "Privacy: ignoring invalid pattern" << pattern.pattern() << '-' << pattern.errorString();
        return;
    }
    QRegularExpression compiled = pattern;
    compiled.optimize(); // compile (and JIT) now, not on the worker's first match
    d->patterns.append({ compiled, replacement });
}

QStringList Privacy::allowedKeys() const
{
    return d->allowedKeys;
}

void Privacy::setAllowedKeys(const QStringList &keys)
{
    d->allowedKeys = keys;
}

QStringList Privacy::secretKeyNames() const
{
    return d->secretKeyNames;
}

void Privacy::setSecretKeyNames(const QStringList &names)
{
    d->secretKeyNames = names;
    d->extraSecretWords.clear();
    d->secretWindow = 3;
    for (const QString &name : names) {
        const KeyWords words(name);
        if (words.count() == 0)
            continue;
        d->extraSecretWords.push_back(words.span(0, words.count() - 1).toString());
        d->secretWindow = std::max(d->secretWindow, words.count());
    }
    std::sort(d->extraSecretWords.begin(), d->extraSecretWords.end());
    d->extraSecretWords.erase(std::unique(d->extraSecretWords.begin(), d->extraSecretWords.end()),
                              d->extraSecretWords.end());
}

QString Privacy::sanitizeString(const QString &text) const
{
    QString out = text;
    d->scrubText(out, TextHints());
    return out;
}

QVariant Privacy::sanitizeValue(const QVariant &value, const QString &key) const
{
    QVariant out = value;
    d->scrubValue(out, key, TextHints(), 0);
    return out;
}

QVariantMap Privacy::sanitizeAttributes(const QVariantMap &attributes) const
{
    QVariantMap out = attributes;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        QVariant value = it.value();
        if (d->scrubValue(value, it.key(), TextHints(), 0))
            out.insert(it.key(), std::move(value));
    }
    return out;
}

bool Privacy::isSecretKey(const QString &key) const
{
    return d->classifyKey(key).secret;
}

QString Privacy::hash(const QString &text)
{
    const QByteArray digest = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStringLiteral("sha256:") + QString::fromLatin1(digest.left(16));
}

} // namespace Automagik
