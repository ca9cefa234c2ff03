// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Secrets by their shape: PEM private keys, webhook URLs that carry their secret in the path
// (Slack, Discord, Microsoft Teams, ...), provider API keys, JWTs, Bearer/Basic credentials, long
// hex and long high-entropy base64.
#include "privacy/detector.h"

#include <QtCore/QByteArray>

#include <algorithm>
#include <cmath>

namespace Automagik::Internal::Scrub {

namespace {

// --- PEM private keys

// "-----BEGIN <label>-----" with PRIVATE KEY in the label (RSA, EC, ENCRYPTED, OPENSSH, PGP ...
// BLOCK), through the closing dashes of the next "-----END " line, or to the end of the text when
// there is none (a truncated key is still a key). Each character is read a bounded number of times:
// a label is at most 80 characters and the END search runs once per block.
class PemDetector final : public DetectorBase<PemDetector, PrivacyCategory::Secret>
{
public:
    const char *name() const override { return "pem"; }
    bool worthScanning(const Features &f) const override { return f.dash >= 5; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        const qsizetype n = t.size();
        qsizetype i = 0;
        while (i + 11 <= n) {
            if (t.at(i) != u'-' || !matchAt(t, i, "-----BEGIN ")) {
                ++i;
                continue;
            }
            const qsizetype label = i + 11;
            qsizetype labelEnd = label;
            bool privateKey = false;
            while (labelEnd < n && labelEnd - label < 80 && t.at(labelEnd) != u'\n' && t.at(labelEnd) != u'-') {
                privateKey = privateKey || (t.at(labelEnd) == u'P' && matchAt(t, labelEnd, "PRIVATE KEY"));
                ++labelEnd;
            }
            if (!privateKey) {
                i = label;
                continue;
            }
            qsizetype end = n;
            for (qsizetype k = labelEnd; k + 9 <= n; ++k) {
                if (t.at(k) != u'-' || !matchAt(t, k, "-----END "))
                    continue;
                qsizetype c = k + 9;
                while (c < n && c - k < 100 && t.at(c) != u'\n' && !(t.at(c) == u'-' && matchAt(t, c, "-----")))
                    ++c;
                end = matchAt(t, c, "-----") ? c + 5 : c;
                break;
            }
            out.push_back({ i, end, kSecret });
            i = end;
        }
    }
};

// --- webhook URLs

constexpr bool isHostChar(char16_t c) { return isAlnum(c) || c == u'.' || c == u'-'; }
constexpr bool endsPath(char16_t c)
{
    return c == 0 || isSpace(c) || c == u'?' || c == u'#' || c == u'"' || c == u'\'' || c == u'<' || c == u'>'
        || c == u'`' || c == u'|' || c == u'\\' || c == u'{' || c == u'}';
}

// A path segment that looks generated: 16+ base64url characters mixing letters and digits.
template <typename T>
bool looksRandom(const T &t, qsizetype b, qsizetype e)
{
    if (e - b < 16)
        return false;
    bool digit = false, letter = false;
    for (qsizetype k = b; k < e; ++k) {
        const char16_t c = t.at(k);
        if (!isBase64UrlChar(c))
            return false;
        digit = digit || isDigit(c);
        letter = letter || isLetter(c);
    }
    return digit && letter;
}

// The start of the secret part of a webhook URL's path [p, e) on host [h, he), or -1.
// Slack (hooks.slack.com/services/...), other hooks.* hosts (Zapier, ...), Discord
// (discord.com/api/webhooks/...), Microsoft Teams (*.webhook.office.com/webhookb2/..., the older
// outlook.office.com/webhook/...), IFTTT (.../with/key/...), and any path with a hooks, webhook or
// webhooks segment followed by a generated-looking segment (Mattermost, Rocket.Chat, ...).
template <typename T>
qsizetype webhookSecretStart(const T &t, qsizetype h, qsizetype he, qsizetype p, qsizetype e)
{
    const QStringView host = t.view(h, he);
    const auto hostIs = [&host](const char *name) {
        return host.compare(QLatin1String(name), Qt::CaseInsensitive) == 0;
    };
    // The path's segments, at most 16: [begin, end) each.
    qsizetype segs[16][2];
    int count = 0;
    for (qsizetype s = p; s < e && count < 16;) {
        ++s; // the '/'
        qsizetype se = s;
        while (se < e && t.at(se) != u'/')
            ++se;
        segs[count][0] = s;
        segs[count][1] = se;
        ++count;
        s = se;
    }
    const auto segIs = [&](int k, const char *name) {
        return k < count && t.view(segs[k][0], segs[k][1]).compare(QLatin1String(name), Qt::CaseInsensitive) == 0;
    };
    const auto after = [&](int k) { return k + 1 < count && segs[k + 1][0] < e ? segs[k + 1][0] : qsizetype(-1); };

    if (host.startsWith(QLatin1String("hooks."), Qt::CaseInsensitive))
        return after(0);
    if (hostIs("discord.com") || hostIs("discordapp.com") || hostIs("ptb.discord.com") || hostIs("canary.discord.com")
        || hostIs("ptb.discordapp.com") || hostIs("canary.discordapp.com")) {
        for (int k = 0; k < count; ++k) {
            if (segIs(k, "webhooks"))
                return after(k);
        }
        return -1;
    }
    if (host.endsWith(QLatin1String(".webhook.office.com"), Qt::CaseInsensitive))
        return after(0);
    if ((hostIs("outlook.office.com") || hostIs("outlook.office365.com")) && segIs(0, "webhook"))
        return after(0);
    if (hostIs("maker.ifttt.com")) {
        for (int k = 0; k < count; ++k) {
            if (segIs(k, "key"))
                return after(k);
        }
        return -1;
    }
    for (int k = 0; k < count; ++k) {
        if (!(segIs(k, "hooks") || segIs(k, "webhook") || segIs(k, "webhooks")))
            continue;
        for (int j = k + 1; j < count; ++j) {
            if (looksRandom(t, segs[j][0], segs[j][1]))
                return after(k);
        }
        return -1;
    }
    return -1;
}

class WebhookDetector final : public DetectorBase<WebhookDetector, PrivacyCategory::Secret>
{
public:
    const char *name() const override { return "webhook"; }
    bool worthScanning(const Features &f) const override { return f.slash >= 2 && f.dot; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        const qsizetype n = t.size();
        qsizetype i = 0;
        while (i < n) {
            if (!isAlnum(t.at(i)) || isHostChar(t[i - 1])) {
                ++i;
                continue;
            }
            qsizetype he = i;
            bool dot = false;
            while (he < n && isHostChar(t.at(he))) {
                dot = dot || t.at(he) == u'.';
                ++he;
            }
            qsizetype p = he;
            if (t[p] == u':' && isDigit(t[p + 1])) { // a port
                ++p;
                while (isDigit(t[p]) && p - he <= 6)
                    ++p;
            }
            if (!dot || t[p] != u'/' || he - i > 253) {
                i = he;
                continue;
            }
            qsizetype e = p;
            while (!endsPath(t[e]))
                ++e;
            while (e > p && (t[e - 1] == u'.' || t[e - 1] == u',' || t[e - 1] == u';' || t[e - 1] == u':'
                             || t[e - 1] == u'!' || t[e - 1] == u')'))
                --e; // sentence punctuation after the URL
            const qsizetype s = webhookSecretStart(t, i, he, p, e);
            if (s >= 0 && s < e && !isMarker(t.view(s, e)))
                out.push_back({ s, e, kSecret });
            i = std::max(e, he);
        }
    }
};

// --- API keys and tokens

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
    { "xoxb-", 10 }, { "xoxp-", 10 }, { "xoxa-", 10 }, { "xoxr-", 10 }, { "xoxs-", 10 }, { "xoxe-", 10 },
    { "xapp-", 10 }, // Slack
    { "glpat-", 20 }, { "glsa_", 30 }, // GitLab, Grafana
    { "npm_", 30 }, // npm
    { "pypi-", 50 }, // PyPI
    { "hf_", 30 }, // Hugging Face
    { "AIza", 30 }, // Google API keys
    { "shpat_", 20 }, { "shpss_", 20 }, // Shopify
    { "dop_v1_", 40 }, { "doo_v1_", 40 }, { "dor_v1_", 40 }, // DigitalOcean
    { "lin_api_", 30 }, // Linear
    { "sntrys_", 30 }, // Sentry
    { "sq0atp-", 20 }, { "sq0csp-", 20 }, // Square
};

template <typename T>
bool isProviderToken(const T &t, qsizetype b, qsizetype e)
{
    const qsizetype len = e - b;
    if (len < 12)
        return false;
    // AWS access key ids: exactly AKIA/ASIA and 16 upper-case letters or digits.
    if (len == 20 && (matchAt(t, b, "AKIA") || matchAt(t, b, "ASIA"))) {
        for (qsizetype i = b + 4; i < e; ++i) {
            if (!isUpper(t.at(i)) && !isDigit(t.at(i)))
                return false;
        }
        return true;
    }
    // OpenAI-style "sk-" keys are long and mix letters with digits ("sk-learn-..." is not one).
    if (matchAt(t, b, "sk-")) {
        bool digit = false, letter = false;
        for (qsizetype i = b + 3; i < e; ++i) {
            digit = digit || isDigit(t.at(i));
            letter = letter || isLetter(t.at(i));
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
template <typename T>
qsizetype jwtEnd(const T &t, qsizetype b, qsizetype e)
{
    if (e - b < 10 || !matchAt(t, b, "eyJ") || t[e] != u'.')
        return 0;
    const qsizetype p = e + 1;
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
template <typename T>
qsizetype authSchemeCredentials(const T &t, qsizetype b, qsizetype e, Edits &out)
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
template <typename T>
bool digestLabelBefore(const T &t, qsizetype b)
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

template <typename T>
double shannonEntropy(const T &t, qsizetype b, qsizetype e)
{
    int counts[128] = {};
    for (qsizetype i = b; i < e; ++i)
        ++counts[t.at(i) & 0x7f];
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

// Long hex: 48 or more hex digits with both digits and letters a-f. Shorter hex (git SHA-1 of
// 40, MD5 and trace ids of 32, UUIDs) is ordinary telemetry.
template <typename T>
void findLongHex(const T &t, qsizetype b, qsizetype e, Edits &out)
{
    for (qsizetype x = b; x < e;) {
        if (!isAlnum(t.at(x))) {
            ++x;
            continue;
        }
        qsizetype y = x;
        bool allHex = true, digit = false, letter = false;
        for (; y < e && isAlnum(t.at(y)); ++y) {
            const char16_t c = t.at(y);
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
template <typename T>
bool looksLikePath(const T &t, qsizetype b, qsizetype e)
{
    qsizetype slashes = 0;
    qsizetype segment = b;
    for (qsizetype i = b; i <= e; ++i) {
        if (i < e && t.at(i) != u'/')
            continue;
        bool word = i - segment >= 4;
        for (qsizetype k = segment; k < i && word; ++k)
            word = isLower(t.at(k)) || t.at(k) == u'-' || t.at(k) == u'_';
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
template <typename T>
qsizetype base64SecretEnd(const T &t, qsizetype &b, qsizetype e)
{
    while (b < e && (t.at(b) == u'/' || t.at(b) == u'+'))
        ++b; // a slash before or after the token is the text's, not the token's
    while (e > b && t.at(e - 1) == u'/')
        --e;
    const qsizetype len = e - b;
    if (len < 32)
        return 0;
    qsizetype upper = 0, lower = 0, digits = 0, separators = 0, inWords = 0, lowerRun = 0;
    bool slash = false, allHex = true;
    for (qsizetype i = b; i <= e; ++i) {
        const char16_t c = i < e ? t.at(i) : char16_t(0);
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

class TokenDetector final : public DetectorBase<TokenDetector, PrivacyCategory::Secret>
{
public:
    const char *name() const override { return "token"; }
    bool worthScanning(const Features &f) const override { return f.longestTokenRun >= 8; }

    template <typename T>
    void scan(const T &t, const ScanContext &context, Edits &out) const
    {
        const qsizetype n = t.size();
        qsizetype i = 0;
        while (i < n) {
            if (!isTokenChar(t.at(i))) {
                ++i;
                continue;
            }
            const qsizetype a = i;
            qsizetype b = a;
            while (b < n && isTokenChar(t.at(b)))
                ++b;
            if (const qsizetype end = authSchemeCredentials(t, a, b, out)) {
                i = end;
                continue;
            }
            const std::size_t found = out.size();
            qsizetype next = b;
            // Provider tokens, JWTs and hex inside the run's '/'- and '+'-separated parts.
            for (qsizetype w = a; w < b;) {
                if (t.at(w) == u'/' || t.at(w) == u'+') {
                    ++w;
                    continue;
                }
                qsizetype we = w;
                while (we < b && t.at(we) != u'/' && t.at(we) != u'+')
                    ++we;
                if (isProviderToken(t, w, we)) {
                    out.push_back({ w, we, kSecret });
                } else if (const qsizetype end = we == b ? jwtEnd(t, w, we) : 0) {
                    out.push_back({ w, end, kSecret });
                    next = end;
                    break;
                } else if (!context.hints.digest) {
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
};

} // namespace

const Detector &pemDetector() { return PemDetector::instance(); }
const Detector &webhookDetector() { return WebhookDetector::instance(); }
const Detector &tokenDetector() { return TokenDetector::instance(); }

} // namespace Automagik::Internal::Scrub
