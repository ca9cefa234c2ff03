// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// E-mail addresses: local@domain.tld, the local part as RFC 5322 allows it (atext: letters,
// digits and !#$%&'*+-/=?^_`{|}~, dots between), or quoted ("john doe"@example.com); the domain with
// a dot and a top-level domain of two or more letters. SSH remotes in scp syntax
// (git@github.com:org/repo.git) are not addresses.
#include "privacy/detector.h"

namespace Automagik::Internal::Scrub {

bool isServiceAccount(QStringView user)
{
    if (equalsAnyCI(user, { "git", "hg", "svn", "bzr", "gitea", "gogs", "forgejo", "gitlab", "aur", "vcs", "scm" }))
        return true;
    // GitHub Enterprise's org-<id>@github.com
    if (user.size() > 4 && user.startsWith(QLatin1String("org-"))) {
        for (qsizetype i = 4; i < user.size(); ++i) {
            if (!isDigit(user.at(i).unicode()))
                return false;
        }
        return true;
    }
    return false;
}

namespace {

// atext. Of its symbols, = / ? | { } and ` are left out: in telemetry they delimit key=value
// pairs, paths and queries ("user=bob@example.com", "/u/bob@example.com") far more often than
// they appear in an address, and the address after them is still found.
inline bool isLocalPartChar(char16_t c)
{
    switch (c) {
    case u'.': case u'_': case u'%': case u'+': case u'-': case u'\'': case u'!': case u'#': case u'$':
    case u'&': case u'*': case u'^': case u'~':
        return true;
    default:
        return isAlnum(c) || isNonAsciiAlnum(c);
    }
}
inline bool isDomainChar(char16_t c) { return isAlnum(c) || c == u'.' || c == u'-' || isNonAsciiAlnum(c); }

template <typename T>
bool isEmailDomain(const T &t, qsizetype b, qsizetype e)
{
    if (e <= b || !(isAlnum(t[b]) || isNonAsciiAlnum(t[b])))
        return false;
    qsizetype lastDot = -1;
    for (qsizetype i = b; i < e; ++i) {
        if (t.at(i) == u'.') {
            if (t[i + 1] == u'.')
                return false;
            lastDot = i;
        }
    }
    if (lastDot < 0 || e - lastDot - 1 < 2)
        return false;
    for (qsizetype i = lastDot + 1; i < e; ++i) {
        if (!isLetter(t.at(i)) && !(t.at(i) >= 0x80 && QChar(t.at(i)).isLetter()))
            return false;
    }
    return true;
}

// Whether the text before position \a l is "scheme://" plus user info, i.e. an '@' at l's
// right is a URL's user info separator, which the URL detector judged.
template <typename T>
bool inUrlUserInfo(const T &t, qsizetype l)
{
    qsizetype p = l;
    while (p > 0 && l - p < 256 && !endsAuthority(t[p - 1]) && t[p - 1] != u'@')
        --p;
    return t[p - 1] == u'/' && t[p - 2] == u'/' && t[p - 3] == u':';
}

// scp-style SSH remote after the domain: ":path" with a path that names a repository or a
// directory ("org/repo.git", "~/notes", "repo.git"); ":8080" or ": text" is no path.
template <typename T>
bool sshPathAt(const T &t, qsizetype r)
{
    if (t[r] != u':')
        return false;
    const char16_t first = t[r + 1];
    if (!(isAlnum(first) || first == u'_' || first == u'~' || first == u'/' || first == u'.'))
        return false;
    qsizetype e = r + 1;
    bool slash = false;
    while (e - r <= 256
           && (isAlnum(t[e]) || t[e] == u'/' || t[e] == u'.' || t[e] == u'_' || t[e] == u'-' || t[e] == u'~')) {
        slash = slash || t[e] == u'/';
        ++e;
    }
    return slash || (e - r > 5 && matchAtCI(t, e - 4, ".git"));
}

class EmailDetector final : public DetectorBase<EmailDetector, PrivacyCategory::Email>
{
public:
    const char *name() const override { return "email"; }
    bool worthScanning(const Features &f) const override { return f.at; }

    template <typename T>
    void scan(const T &t, const ScanContext &, Edits &out) const
    {
        qsizetype lastEnd = 0;
        for (qsizetype i = 0; i < t.size(); ++i) {
            if (t.at(i) != u'@')
                continue;
            qsizetype l = i;
            if (t[i - 1] == u'"') { // "john doe"@example.com
                qsizetype q = i - 2;
                while (q > lastEnd && i - q <= 66 && t[q] != u'"' && t[q] != u'\n')
                    --q;
                l = (q >= lastEnd && t[q] == u'"' && q < i - 2) ? q : i;
            } else {
                while (l > lastEnd && i - l <= 256 && isLocalPartChar(t[l - 1]))
                    --l;
                while (l < i && (t[l] == u'.' || t[l] == u'\'')) // a quote around the address is no part of it
                    ++l;
            }
            if (l == i || inUrlUserInfo(t, l))
                continue;
            qsizetype r = i + 1;
            while (isDomainChar(t[r]) && r - i <= 256)
                ++r;
            while (r > i + 1 && (t[r - 1] == u'.' || t[r - 1] == u'-'))
                --r;
            if (!isEmailDomain(t, i + 1, r))
                continue;
            const QStringView user = t.view(l, i);
            if (isServiceAccount(user)) {
                i = r - 1; // git@github.com: a role of the code host, in a remote or not
                continue;
            }
            if (sshPathAt(t, r)) {
                out.push_back({ l, i, kUser }); // alice@build.example.com:repo.git: the login is personal
                lastEnd = i;
                i = r - 1;
                continue;
            }
            out.push_back({ l, r, kEmail });
            lastEnd = r;
            i = r - 1;
        }
    }
};

} // namespace

const Detector &emailDetector() { return EmailDetector::instance(); }

} // namespace Automagik::Internal::Scrub
