// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Adversarial inputs for the privacy detectors: for each detector, a unit repeated to any size that
// makes that detector work hardest (many starts of a match that never completes, look-ahead that
// fails late, nested look-alikes). Shared by tst_privacyscan (counts each detector's reads) and
// automagik-telemetry-bench (times them).
#pragma once

#include <QtCore/QString>

#include <vector>

namespace PrivacyAdversarial {

struct Case
{
    const char *detector; // Detector::name()
    const char *unit; // UTF-8, repeated
    const char *what;
};

inline const std::vector<Case> &cases()
{
    static const std::vector<Case> all {
        { "pem", "-----BEGIN RSA PUBLIC KEY ", "BEGIN markers without PRIVATE KEY on one line (was quadratic)" },
        { "url-userinfo", "a://b:c@d", "schemes and user info glued together" },
        { "webhook", "w.io/hooks/q1w2e3r4t5y6u7i8o9 ", "hook paths with generated segments" },
        { "key-value", "ab cd ef=g&h;", "multi-word names, separators and pair look-ahead" },
        { "token", "eyJhbGciOiJI.", "JWT headers whose next segments never complete" },
        { "email", "a.b'c@d-e.", "local parts and domains that run into each other" },
        { "network", "12:34:56:78:9a:bc:de:f0:", "MAC and IPv6 look-alikes that run on" },
        { "iban", "DE89 ", "country codes and check digits, grouped, never complete" },
        { "card", "4111 ", "card-shaped digit groups, never Luhn-valid as a whole" },
        { "ssn", "123-45-6789-", "SSN shapes that continue" },
        { "phone", "+1 2 ", "international prefixes with endless short groups" },
        { "home-path", "C:\\Users\\a b ", "Windows home roots with spaced names" },
    };
    return all;
}

//! \a unit repeated to exactly \a size UTF-16 code units.
inline QString repeated(const char *unit, qsizetype size)
{
    const QString u = QString::fromUtf8(unit);
    QString out;
    out.reserve(size + u.size());
    while (out.size() < size)
        out += u;
    out.truncate(size);
    return out;
}

} // namespace PrivacyAdversarial
