// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "privacy/detector.h"

#include <algorithm>

namespace Automagik::Internal::Scrub {

bool isMarker(QStringView text)
{
    if (text.size() < 4 || text.front() != u'[' || text.back() != u']')
        return false;
    for (const char *m : { kEmail, kPhone, kSsn, kCard, kIban, kSecret, kIp, kMac, kUser, kRedacted }) {
        if (text == QLatin1String(m))
            return true;
    }
    return false;
}

bool equalsAnyCI(QStringView word, std::initializer_list<const char *> list)
{
    for (const char *w : list) {
        if (word.compare(QLatin1String(w), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

void applyEdits(QString &text, const Edits &edits)
{
    const QStringView in(text);
    QString out;
    out.reserve(text.size() + 12 * qsizetype(edits.size()));
    qsizetype pos = 0;
    for (const Edit &e : edits) {
        out += in.mid(pos, e.begin - pos);
        out += QLatin1String(e.replacement);
        pos = e.end;
    }
    out += in.mid(pos);
    text = std::move(out);
}

Features prescan(QStringView text)
{
    Features f;
    qsizetype run = 0;
    const char16_t *p = reinterpret_cast<const char16_t *>(text.utf16());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = p[i];
        if (isTokenChar(c)) {
            ++run;
            if (isDigit(c))
                ++f.digits;
            else if (isUpper(c))
                ++f.upper;
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
        case 0xff1a: case 0xff1d: f.wideSeparator = true; break;
        default:
            if (c >= 0xd800 && c <= 0xdfff)
                f.surrogates = true;
            break;
        }
    }
    f.longestTokenRun = std::max(f.longestTokenRun, run);
    return f;
}

const std::vector<const Detector *> &detectors()
{
    static const std::vector<const Detector *> all {
        &pemDetector(),     &urlUserInfoDetector(), &webhookDetector(), &keyValueDetector(),
        &tokenDetector(),   &emailDetector(),       &networkDetector(), &ibanDetector(),
        &cardDetector(),    &ssnDetector(),         &phoneDetector(),   &homePathDetector(),
    };
    return all;
}

} // namespace Automagik::Internal::Scrub
