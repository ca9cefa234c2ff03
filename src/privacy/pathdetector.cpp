// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Home-directory paths: the user name in /home/<name>, /Users/<name>, C:\\Users\\<name>, ~<name>/
// and their variants becomes [USER]; the rest of the path stays.
#include "privacy/detector.h"

namespace Automagik::Internal::Scrub {

namespace {

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

template <typename T>
bool rootBoundary(const T &t, qsizetype i)
{
    const char16_t prev = t[i - 1];
    return i == 0 || !(isWordChar(prev) || prev == u'.' || prev == u'-');
}

// Path separator at p: '/', '\' or an escaped "\\"; returns its length, 0 if none.
template <typename T>
int windowsSeparator(const T &t, qsizetype p)
{
    if (t[p] == u'/')
        return 1;
    if (t[p] == u'\\')
        return t[p + 1] == u'\\' ? 2 : 1;
    return 0;
}

class HomePathDetector final : public DetectorBase<HomePathDetector, PrivacyCategory::HomePath>
{
public:
    const char *name() const override { return "home-path"; }
    bool worthScanning(const Features &f) const override { return f.slash || f.backslash || f.tilde; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const;
};

template <typename T>
void HomePathDetector::scan(const T &t, const ScanContext &, Edits &out) const
{
    for (qsizetype i = 0; i < t.size(); ++i) {
        const char16_t c = t.at(i);
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

const Detector &homePathDetector() { return HomePathDetector::instance(); }

} // namespace Automagik::Internal::Scrub
