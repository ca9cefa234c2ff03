// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Numbers that identify a person: US social security numbers and phone numbers.
#include "privacy/detector.h"

#include <QtCore/QVarLengthArray>

#include <algorithm>

namespace Automagik::Internal::Scrub {

namespace {

// --- US social security numbers

// AAA-GG-SSSS with dashes. Numbers never issued are left alone, which keeps most look-alikes
// out: area 000, 666 and 900-999, group 00, serial 0000. Dates (2026-11-20) and phone numbers
// (415-555-2671) have other group lengths; a longer dashed sequence (1-123-45-6789-0) is something
// else.
class SsnDetector final : public DetectorBase<SsnDetector, PrivacyCategory::Phone>
{
public:
    const char *name() const override { return "ssn"; }
    bool worthScanning(const Features &f) const override { return f.digits >= 9 && f.dash >= 2; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        const qsizetype n = t.size();
        for (qsizetype i = 0; i + 11 <= n; ++i) {
            if (!isDigit(t.at(i)))
                continue;
            const char16_t prev = t[i - 1];
            if (isWordChar(prev)
                || ((prev == u'-' || prev == u'.' || prev == u'/' || prev == u'+') && isDigit(t[i - 2]))) {
                while (i + 1 < n && isDigit(t.at(i + 1)))
                    ++i; // not at the start of a number
                continue;
            }
            const auto digitsAt = [&t](qsizetype p, int count) {
                int v = 0;
                for (int k = 0; k < count; ++k) {
                    if (!isDigit(t[p + k]))
                        return -1;
                    v = v * 10 + (t[p + k] - u'0');
                }
                return v;
            };
            const int area = digitsAt(i, 3);
            const int group = t[i + 3] == u'-' ? digitsAt(i + 4, 2) : -1;
            const int serial = group >= 0 && t[i + 6] == u'-' ? digitsAt(i + 7, 4) : -1;
            const qsizetype end = i + 11;
            const char16_t after = t[end];
            const bool boundary = !isWordChar(after)
                && !((after == u'-' || after == u'.' || after == u'/' || after == u',') && isDigit(t[end + 1]));
            if (area < 0 || serial < 0 || !boundary || area == 0 || area == 666 || area >= 900 || group == 0
                || serial == 0) {
                while (i + 1 < n && isDigit(t.at(i + 1)))
                    ++i;
                continue;
            }
            out.push_back({ i, end, kSsn });
            i = end - 1;
        }
    }
};

// --- phone numbers

struct PhoneGroup
{
    qsizetype begin;
    qsizetype end;
    int digits;
    bool paren;
};

template <typename T>
bool phoneStartOk(const T &t, qsizetype i)
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

template <typename T>
bool phoneEndOk(const T &t, qsizetype end)
{
    const char16_t c = t[end];
    if (isWordChar(c))
        return false;
    return !((c == u'.' || c == u'-' || c == u'/' || c == u':' || c == u',') && isDigit(t[end + 1]));
}

// The shapes accepted; anything else (dates, versions, times, sizes, counts) is not a phone.
template <typename T>
bool isPhone(const T &t, const QVarLengthArray<PhoneGroup, 8> &g, const QVarLengthArray<char16_t, 8> &seps,
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

class PhoneDetector final : public DetectorBase<PhoneDetector, PrivacyCategory::Phone>
{
public:
    const char *name() const override { return "phone"; }
    bool worthScanning(const Features &f) const override { return f.digits >= 9; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        const qsizetype n = t.size();
        QVarLengthArray<PhoneGroup, 8> groups;
        QVarLengthArray<char16_t, 8> seps;
        qsizetype i = 0;
        while (i < n) {
            const char16_t c = t.at(i);
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
            // A phone number has at most 15 digits (E.164) in at most 8 groups: reading no further
            // bounds the work per start.
            while (groups.size() < 8 && digits <= 15) {
                PhoneGroup g;
                if (t[p] == u'(' && isDigit(t[p + 1])) {
                    qsizetype q = p + 1;
                    while (isDigit(t[q]) && q - p <= 6)
                        ++q;
                    if (t[q] != u')' || q - p - 1 > 5)
                        break;
                    g = { p, q + 1, int(q - p - 1), true };
                } else if (isDigit(t[p])) {
                    // Only a phone's worth of digits is read: a longer run is no phone, and
                    // reading it whole from every start would not be linear.
                    qsizetype q = p;
                    while (isDigit(t[q]) && q - p <= 20)
                        ++q;
                    g = { p, q, int(q - p), false };
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
            int prefix[9] = {};
            for (qsizetype j = 0; j < groups.size(); ++j)
                prefix[j + 1] = prefix[j] + groups.at(j).digits;
            for (qsizetype k = groups.size(); k >= 1 && !matched; --k) {
                // Every accepted shape has 9-15 digits, and without '+' at most 6 groups.
                if (prefix[k] < 9 || prefix[k] > 15 || (!plus && k > 6))
                    continue;
                const qsizetype end = groups.at(k - 1).end;
                if (phoneEndOk(t, end) && isPhone(t, groups, seps, k, plus))
                    matched = end;
            }
            if (matched) {
                out.push_back({ i, matched, kPhone });
                i = matched;
            } else if (groups.isEmpty()) {
                ++i;
            } else {
                // A number may start at the next group; a long digit run is skipped whole.
                i = groups.at(0).end;
                while (isDigit(t[i]))
                    ++i;
            }
        }
    }
};

} // namespace

const Detector &ssnDetector() { return SsnDetector::instance(); }
const Detector &phoneDetector() { return PhoneDetector::instance(); }

} // namespace Automagik::Internal::Scrub
