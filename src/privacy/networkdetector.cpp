// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Network identifiers: IPv4 addresses (not versions), IPv6 addresses, and MAC addresses in their
// three written forms (00:1A:2B:3C:4D:5E, 00-1a-2b-3c-4d-5e and Cisco's 001a.2b3c.4d5e).
#include "privacy/detector.h"

namespace Automagik::Internal::Scrub {

namespace {

// Octets 0-255 without leading zeros, starting at \a p; returns the end or 0.
template <typename T>
qsizetype dottedQuadEnd(const T &t, qsizetype p, qsizetype limit)
{
    for (int k = 0; k < 4; ++k) {
        if (k) {
            if (p >= limit || t[p] != u'.')
                return 0;
            ++p;
        }
        qsizetype q = p;
        int value = 0;
        while (q < limit && isDigit(t[q]) && q - p < 4)
            value = value * 10 + (t[q++] - u'0');
        if (q == p || q - p > 3 || value > 255 || (q - p > 1 && t[p] == u'0'))
            return 0;
        p = q;
    }
    return p;
}

// Words that put an address, not a version, after them ("host 10.0.0.1", "DNS 8.8.8.8").
bool isNetworkWord(QStringView w)
{
    return equalsAnyCI(w, { "ip", "ipv4", "ipv6", "addr", "address", "host", "hostname", "server", "client", "peer",
                            "remote", "local", "gateway", "gw", "router", "dns", "ns", "nameserver", "proxy",
                            "upstream", "nat", "vpn", "lan", "wan", "tcp", "udp", "icmp", "http", "https", "ssh", "ftp",
                            "smtp", "dhcp", "ntp", "snmp", "rdp", "vnc", "smb", "ldap", "arp", "bgp", "src", "dst",
                            "from", "to", "via", "at", "on", "by", "for", "and", "or", "of", "is", "was", "in", "out",
                            "bind", "listen", "connect", "ping", "mask", "netmask", "subnet", "net", "cidr", "node",
                            "target", "origin", "source", "dest", "destination", "endpoint", "public", "private",
                            "inet", "nic", "eth", "wlan", "iface", "interface", "mx", "ptr", "cname", "aaaa" });
}

// A product name right before a version: "libfoo 2.4.1.0", "MyApp 1.2.3.4", "OpenSSL 3.0.2.1",
// "SQLite 3.42.0.0", "GIMP 2.10.34.1", "gtk+ 3.24.38.1": a lib prefix, a camelCase hump, two or more
// capitals (an acronym in the name) or a '+'.
// Plain words ("server", "nginx") and host names ("web-01", "db2.example.com") are not enough.
template <typename T>
bool productNameBefore(const T &t, qsizetype i)
{
    if (t[i - 1] != u' ' || isSpace(t[i - 2]))
        return false;
    const qsizetype e = i - 1;
    qsizetype b = e;
    while (b > 0 && e - b < 40 && (isAlnum(t[b - 1]) || t[b - 1] == u'+' || t[b - 1] == u'-' || t[b - 1] == u'_'))
        --b;
    if (e - b < 2 || e - b >= 40 || !isLetter(t[b]))
        return false;
    const char16_t before = t[b - 1];
    if (before == u'.' || before == u'/' || before == u'@' || before == u':' || isWordChar(before))
        return false; // a host or a path
    const QStringView word = t.view(b, e);
    if (isNetworkWord(word))
        return false;
    if (word.size() > 3 && word.startsWith(QLatin1String("lib"), Qt::CaseInsensitive))
        return true;
    bool lower = false, upperAfterLower = false, plus = false;
    int upper = 0;
    for (qsizetype k = b; k < e; ++k) {
        const char16_t c = t[k];
        upperAfterLower = upperAfterLower || (lower && isUpper(c));
        lower = lower || isLower(c);
        upper += isUpper(c);
        plus = plus || c == u'+';
    }
    return upperAfterLower || plus || upper >= 2;
}

// "version 1.2.3.4", "appVersion=1.2.3.4", "v 1.2.3.4", "Firefox/115.0.2.1", "libfoo 2.4.1.0": a version.
template <typename T>
bool versionContextBefore(const T &t, qsizetype i)
{
    if (t[i - 1] == u'/' && isAlnum(t[i - 2]))
        return true; // product/version, as in user agents
    if (productNameBefore(t, i))
        return true;
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

template <typename T>
qsizetype ipv4End(const T &t, qsizetype i, TextHints hints)
{
    const qsizetype end = dottedQuadEnd(t, i, t.size());
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
template <typename T>
qsizetype macEnd(const T &t, qsizetype i)
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

// Cisco's dotted form, 0050.56c0.0008: three groups of four hex digits. A group with a letter or
// a leading zero tells it from a three-part number such as a build 2024.1120.1530.
template <typename T>
qsizetype ciscoMacEnd(const T &t, qsizetype i, TextHints hints)
{
    bool hexLetter = false, leadingZero = false;
    for (int k = 0; k < 3; ++k) {
        const qsizetype p = i + 5 * k;
        for (qsizetype d = p; d < p + 4; ++d) {
            if (!isHex(t[d]))
                return 0;
            hexLetter = hexLetter || !isDigit(t[d]);
        }
        leadingZero = leadingZero || t[p] == u'0';
        if (k < 2 && t[p + 4] != u'.')
            return 0;
    }
    const qsizetype end = i + 14;
    if (isWordChar(t[end]) || (t[end] == u'.' && isAlnum(t[end + 1])))
        return 0;
    if (!hexLetter && (!leadingZero || hints.version || versionContextBefore(t, i)))
        return 0;
    return end;
}

constexpr bool isIpRunChar(char16_t c) { return isHex(c) || c == u':' || c == u'.'; }

template <typename T>
bool isIpv6(const T &t, qsizetype b, qsizetype e)
{
    const qsizetype n = e - b;
    bool digit = false;
    for (qsizetype k = b; k < e; ++k)
        digit = digit || isDigit(t.at(k));
    if (!digit || n < 3)
        return false; // "::" alone, or "abc::def" (more likely C++ than an address)
    int groups = 0;
    bool compressed = false;
    qsizetype p = b;
    if (t.at(b) == u':') {
        if (t[b + 1] != u':')
            return false;
        compressed = true;
        p = b + 2;
    }
    while (p < e) {
        qsizetype q = p;
        while (q < e && isHex(t.at(q)))
            ++q;
        if (q < e && t.at(q) == u'.') { // an embedded IPv4 address ends the address
            if (dottedQuadEnd(t, p, e) != e)
                return false;
            groups += 2;
            p = e;
            break;
        }
        if (q == p || q - p > 4)
            return false;
        ++groups;
        p = q;
        if (p == e)
            break;
        if (t.at(p) != u':')
            return false;
        if (p + 1 < e && t.at(p + 1) == u':') {
            if (compressed)
                return false;
            compressed = true;
            p += 2;
            if (p < e && t.at(p) == u':')
                return false;
        } else if (++p == e) {
            return false; // a trailing single ':'
        }
    }
    return compressed ? groups <= 7 : groups == 8;
}

template <typename T>
qsizetype ipv6End(const T &t, qsizetype i)
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
    if (e == i || isWordChar(t[e]) || !isIpv6(t, i, e))
        return 0;
    if (t[e] == u'%' && isBase64UrlChar(t[e + 1])) { // zone id: fe80::1%eth0
        ++e;
        while ((isBase64UrlChar(t[e]) || t[e] == u'.') && e - i <= 128)
            ++e;
    }
    return e;
}

class NetworkDetector final : public DetectorBase<NetworkDetector, PrivacyCategory::IpAddress>
{
public:
    const char *name() const override { return "network"; }
    bool worthScanning(const Features &f) const override
    {
        return f.dot >= 2 || f.colon >= 2 || f.dash >= 5;
    }

    template <typename T>
    void scan(const T &t, const ScanContext &context, Edits &out) const
    {
        const qsizetype n = t.size();
        const auto skipRun = [&t, n](qsizetype i) {
            while (i < n && (isIpRunChar(t.at(i)) || isWordChar(t.at(i))))
                ++i;
            return i;
        };
        qsizetype i = 0;
        while (i < n) {
            const char16_t c = t.at(i);
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
            qsizetype end = isDigit(c) ? ipv4End(t, i, context.hints) : 0;
            if (end) {
                out.push_back({ i, end, kIp });
                i = end;
                continue;
            }
            if ((end = macEnd(t, i)) || (end = ciscoMacEnd(t, i, context.hints))) {
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
};

} // namespace

const Detector &networkDetector() { return NetworkDetector::instance(); }

} // namespace Automagik::Internal::Scrub
