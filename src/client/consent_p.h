// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/consent.h>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace Automagik::Internal {

/*
    Has \a consent make its first reading (QSettings, the policy, the shared files) on a thread of its
    own, so that a client's constructor does not wait for the disk. A question asked before it is in
    waits for the reading under way (or reads on the caller's thread): there is one first reading and one
    anonymous id. \a onRead runs once on consent's thread, as soon as the first reading is adopted and
    before anything else acts on it: when the thread finishes, or inside the first question or the first
    grant or deny, whichever comes first.

    \a onReading, when given, runs once with the reading's effective categories on whichever thread makes
    that reading (the background thread, or a caller that asked first), before the reading is adopted and
    without waiting for consent's thread: for what must follow the consent even while that thread is
    busy or blocked (arming the crash handler). It must be thread-safe and must not use \a consent.
*/
void readConsentInBackground(Consent *consent, std::function<void()> onRead,
                             std::function<void(ConsentCategories)> onReading = {});

/*
    The settings the consent of a client configured with \a config is stored in (its settingsFile(), else
    the application's), for what the library keeps next to the answer: its values live under
    consentSettingsKey(). Opening them reads the disk: never on a path that must stay cheap.
*/
std::unique_ptr<QSettings> consentSettings(const TelemetryConfig &config);
//! \a name in the group of the consent's keys ("AutomagikTelemetry/<name>").
QString consentSettingsKey(const char *name);
//! The key of the number of runs that started a session with consent (removed with the user id when denied).
inline constexpr char sessionStartCountKey[] = "sessionStartCount";

} // namespace Automagik::Internal
