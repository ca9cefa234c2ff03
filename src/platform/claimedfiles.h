// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QString>

namespace Automagik::Internal {

/*
    Crash records and run markers are claimed by renaming them to "<name>.claimed-<pid>": a rename
    succeeds for one process alone. A process that dies between its rename and the removal that
    follows leaves a claim nobody finishes. This gives such claims (their process no longer runs)
    back their original name in \a directory, so the next look reports them instead of losing them.
    Returns how many were given back.
*/
int releaseAbandonedClaims(const QString &directory);

//! "<name>.claimed-<pid>" for this process.
QString claimedName(const QString &name);

} // namespace Automagik::Internal
