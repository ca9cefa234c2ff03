// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <QtCore/QProcessEnvironment>
#include <QtCore/QString>

namespace Automagik::Internal {

/*
    The decision the environment makes before any stored answer is looked at,
    in the order the SDK family documents. Pure: the environment and the home
    directory are inputs, so tests can drive every rule.
*/
struct ConsentDecision
{
    bool decided = false; // false: nothing here decides; the stored answer (or the default, off) applies
    bool enabled = false;
    // "admin-policy", "env:AUTOMAGIK_TELEMETRY_ENABLED", "env:OTEL_SDK_DISABLED", "env:DO_NOT_TRACK", "opt-out-file", "preference-file",
    // "ci:<VAR>", "env:ENVIRONMENT"
    QString decidedBy;
};

class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT ConsentRules
{
public:
    //! Whether decide() looks for the opt-out file or assumes it (to ask "what would a grant or a deny do?").
    enum class OptOutFile {
        Read, //!< as it is on disk
        Absent, //!< as after Consent::grant(), which removes it
        Present, //!< as after Consent::deny(), which writes it
    };

    /*!
        The rules in order: an administrator's lock (\a lockedByAdministrator), AUTOMAGIK_TELEMETRY_ENABLED,
        OTEL_SDK_DISABLED=true, DO_NOT_TRACK=1, the opt-out file, the other SDKs' preference file, CI variables, ENVIRONMENT.
    */
    static ConsentDecision decide(const QProcessEnvironment &environment, const QString &homePath,
                                  bool lockedByAdministrator = false, OptOutFile optOutFile = OptOutFile::Read);
    static QString optOutFilePath(const QString &homePath);
    //! ~/.automagik/telemetry_preference, written by the Python and TypeScript SDKs' opt-in prompt.
    static QString preferenceFilePath(const QString &homePath);
    //! true/1/yes/on (trimmed, any case) as the SDKs' config helper parses booleans.
    static bool isTruthy(const QString &value);
    //! The CI variables that keep telemetry off when set to any non-empty value.
    static const QStringList &ciVariables();
};

} // namespace Automagik::Internal
