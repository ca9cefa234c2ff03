// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/privacy.h>

namespace Automagik {

/*
    How the client scrubs before anything is stored or sent (Worker::drain()). The same as the
    public functions, except that a string far longer than what the encoder keeps of it (\a keep
    UTF-16 code units) is cut before it is scanned: a 4 MiB log message costs the scan of a few
    hundred characters, not of 4 MiB, and delays nothing else.

    The cut keeps keep + 2 × CutGuard characters, scrubs them, then drops the last CutGuard
    characters of the result and appends "…". Something cut in the middle (an address or a
    number the detectors no longer recognise) lies in those last characters, so it never
    reaches the output, however much the scrubbing shortened the text before it.
*/
class PrivacyAccess
{
public:
    static constexpr qsizetype CutGuard = 256;

    static QString sanitizeString(const Privacy &privacy, const QString &text, qsizetype keep);
    static QVariantMap sanitizeAttributes(const Privacy &privacy, const QVariantMap &attributes, qsizetype keep);
};

} // namespace Automagik
