// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "citizen.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

#include <functional>
#include <vector>

/*
    Section (m) of the benchmark: what the automatic signals of docs/automatic-signals.md cost the
    thread the client lives on (the GUI thread). Event rate limit and sampling, and the Qt message
    handler, are timed call by call in this process; the hang detector's heartbeat, the constructor and
    the worst trackEvent with every signal on run in fresh child processes (`--child auto-MODE`), as
    sections (i) to (k) do, with consent from the environment.
*/
namespace AutoSignals {

struct Options
{
    QString program; // this benchmark's executable, started as the children
    qint64 calls = 100000; // timed calls per in-process variant
    int runs = 20; // child processes per configuration for the constructor and worst-call rows
    qint64 stallCalls = 100000; // calls per worst-call child
    int heartbeatSeconds = 20; // idle time watched per heartbeat child
};

//! Measures section (m) and hands each row to \a emitRow, in order, as each part ends. A row whose note
//! starts with "ERROR" means a measurement failed.
void measure(const Options &options, const std::function<void(const Citizen::Row &)> &emitRow);

//! Whether \a mode is a child mode of this section ("auto-...").
bool isChildMode(const QString &mode);
//! The child side: prints one JSON object on stdout.
int childMain(const QString &mode, const QStringList &arguments);

} // namespace AutoSignals
