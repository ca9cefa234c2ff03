// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "core/autotestexport.h"

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
    QString decidedBy; // "env:AUTOMAGIK_TELEMETRY_ENABLED", "env:DO_NOT_TRACK", "opt-out-file", "ci:<VAR>", "env:ENVIRONMENT"
};

class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT ConsentRules
{
public:
    static ConsentDecision decide(const QProcessEnvironment &environment, const QString &homePath);
    static QString optOutFilePath(const QString &homePath);
    //! true/1/yes/on (trimmed, any case) as the SDKs' config helper parses booleans.
    static bool isTruthy(const QString &value);
    //! The CI variables that keep telemetry off when set to any non-empty value.
    static const QStringList &ciVariables();
};

} // namespace Automagik::Internal
