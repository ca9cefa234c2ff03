// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <automagik/consent.h>

#include <functional>

namespace Automagik::Internal {

/*
    Has \a consent make its first reading (QSettings, the policy, the shared files) on a thread of its
    own, so that a client's constructor does not wait for the disk. A question asked before it is in
    waits for the reading under way (or reads on the caller's thread): there is one first reading and one
    anonymous id. \a onRead runs once on consent's thread, as soon as the first reading is adopted and
    before anything else acts on it: when the thread finishes, or inside the first question or the first
    grant or deny, whichever comes first.
*/
void readConsentInBackground(Consent *consent, std::function<void()> onRead);

} // namespace Automagik::Internal
