// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Financial identifiers: IBANs (ISO 13616: the country's length and the mod-97 check) and payment
// card numbers (13-19 digits, Luhn).
#include "privacy/detector.h"

#include <QtCore/QVarLengthArray>

#include <array>

namespace Automagik::Internal::Scrub {

namespace {

// --- IBAN

struct IbanCountry
{
    char code[3];
    int length;
};

// The SWIFT IBAN registry, plus the countries that use IBANs outside it (the "experimental" ones
// of several African and Middle Eastern banking systems).
constexpr IbanCountry kIbanCountries[] = {
    { "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 }, { "BE", 16 }, { "BG", 22 },
    { "BH", 22 }, { "BI", 27 }, { "BR", 29 }, { "BY", 28 }, { "CH", 21 }, { "CR", 22 }, { "CY", 28 }, { "CZ", 24 },
    { "DE", 22 }, { "DJ", 27 }, { "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 }, { "FI", 18 },
    { "FK", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 }, { "GL", 18 }, { "GR", 27 },
    { "GT", 28 }, { "HN", 28 }, { "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IL", 23 }, { "IQ", 23 }, { "IS", 26 },
    { "IT", 27 }, { "JO", 30 }, { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 }, { "LI", 21 }, { "LT", 20 },
    { "LU", 20 }, { "LV", 21 }, { "LY", 25 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 }, { "MK", 19 }, { "MN", 20 },
    { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NI", 28 }, { "NL", 18 }, { "NO", 15 }, { "OM", 23 }, { "PK", 24 },
    { "PL", 28 }, { "PS", 29 }, { "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "RU", 33 }, { "SA", 24 },
    { "SC", 31 }, { "SD", 18 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 }, { "SO", 23 }, { "ST", 25 },
    { "SV", 28 }, { "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 },
    { "YE", 30 },
    // outside the registry
    { "AO", 25 }, { "BF", 28 }, { "BJ", 28 }, { "CF", 27 }, { "CG", 27 }, { "CI", 28 }, { "CM", 27 }, { "CV", 25 },
    { "DZ", 26 }, { "GA", 27 }, { "GQ", 27 }, { "GW", 25 }, { "IR", 26 }, { "KM", 27 }, { "MA", 28 }, { "MG", 27 },
    { "ML", 28 }, { "MZ", 25 }, { "NE", 28 }, { "SN", 28 }, { "TD", 27 }, { "TG", 28 },
};

constexpr int kMaxIban = 34;

int ibanLength(char16_t a, char16_t b)
{
    static const std::array<quint8, 26 * 26> table = [] {
        std::array<quint8, 26 * 26> t {};
        for (const IbanCountry &c : kIbanCountries)
            t[std::size_t((c.code[0] - 'A') * 26 + (c.code[1] - 'A'))] = quint8(c.length);
        return t;
    }();
    const int x = isUpper(a) ? a - u'A' : a - u'a';
    const int y = isUpper(b) ? b - u'A' : b - u'a';
    return table[std::size_t(x * 26 + y)];
}

// ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end; letters count
// as 10-35. Valid when the remainder is 1.
bool ibanChecksumValid(const char16_t *chars, int length)
{
    int remainder = 0;
    for (int k = 0; k < length; ++k) {
        const char16_t c = chars[(k + 4) % length];
        if (isDigit(c)) {
            remainder = (remainder * 10 + (c - u'0')) % 97;
        } else {
            const int v = asciiLower(c) - u'a' + 10;
            remainder = (remainder * 100 + v) % 97;
        }
    }
    return remainder == 1;
}

// An IBAN: two letters (a country with IBANs), two check digits (02-98), then the country's
// length in letters and digits, written without separators or in groups split by single spaces
// or dashes (one kind, the first after the check digits), and the mod-97 check.
class IbanDetector final : public DetectorBase<IbanDetector, PrivacyCategory::PaymentCard>
{
public:
    const char *name() const override { return "iban"; }
    bool worthScanning(const Features &f) const override { return f.digits >= 4 && f.longestTokenRun >= 4; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        const qsizetype n = t.size();
        char16_t chars[kMaxIban];
        for (qsizetype i = 0; i + 3 < n; ++i) {
            const char16_t c0 = t.at(i);
            if (!isLetter(c0))
                continue;
            const char16_t c1 = t.at(i + 1);
            if (!isLetter(c1) || isUpper(c0) != isUpper(c1) || !isDigit(t.at(i + 2)) || !isDigit(t.at(i + 3))
                || isWordChar(t[i - 1]))
                continue;
            const int length = ibanLength(c0, c1);
            const int check = (t.at(i + 2) - u'0') * 10 + (t.at(i + 3) - u'0');
            if (!length || check < 2 || check > 98)
                continue;
            int count = 0;
            char16_t sep = 0;
            qsizetype e = i;
            while (count < length) {
                const char16_t c = t[e];
                if (isAlnum(c)) {
                    chars[count++] = c;
                    ++e;
                } else if ((c == u' ' || c == u'-') && count >= 4 && (sep ? c == sep : count == 4)
                           && isAlnum(t[e + 1])) {
                    sep = c;
                    ++e;
                } else {
                    break;
                }
            }
            if (count != length || isWordChar(t[e]) || !ibanChecksumValid(chars, length))
                continue;
            out.push_back({ i, e, kIban });
            i = e - 1;
        }
    }
};

// --- payment cards

template <typename T>
bool luhnValid(const T &t, qsizetype b, qsizetype e)
{
    int sum = 0;
    bool twice = false;
    for (qsizetype i = e - 1; i >= b; --i) {
        if (!isDigit(t.at(i)))
            continue;
        int d = t.at(i) - u'0';
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
class CardDetector final : public DetectorBase<CardDetector, PrivacyCategory::PaymentCard>
{
public:
    const char *name() const override { return "card"; }
    bool worthScanning(const Features &f) const override { return f.digits >= 13; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        const qsizetype n = t.size();
        qsizetype i = 0;
        QVarLengthArray<Span, 24> groups;
        while (i < n) {
            if (!isDigit(t.at(i))) {
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
                    const char16_t lead = t.at(groups.at(g).begin);
                    bool shaped = lead >= u'2' && lead <= u'6';
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
};

} // namespace

const Detector &ibanDetector() { return IbanDetector::instance(); }
const Detector &cardDetector() { return CardDetector::instance(); }

} // namespace Automagik::Internal::Scrub
