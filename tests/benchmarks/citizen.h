// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtCore/QVariantMap>

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

/*
    The "desktop citizen" measurements (sections i to l of the benchmark): what the
    client costs an application that is not sending much. Each runs in fresh child
    processes of the benchmark (`--child MODE`), because the first construction in a
    process, the wake-ups of a process and its resident memory are properties of a
    whole process, which the other sections have already disturbed.
*/
namespace Citizen {

struct Row
{
    Row(QString name, double value, QString unit, QString budget = {}, std::optional<bool> withinBudget = {},
        QString note = {})
        : name(std::move(name)), value(value), unit(std::move(unit)), budget(std::move(budget)),
          withinBudget(withinBudget), note(std::move(note))
    {
    }
    QString name;
    double value = 0;
    QString unit;
    QString budget;
    std::optional<bool> withinBudget;
    QString note; // printed under the row when not empty
};

struct Options
{
    QString program; // this benchmark's executable, started as the children
    int runs = 20; // child processes for the stall and constructor rows
    qint64 stallCalls = 100000; // calls per scenario in each stall run
    int idleSeconds = 60;
};

//! (i) Context switches of the whole process per minute while the client is idle after its first delivery.
std::vector<Row> idleWakeups(const Options &options);
//! (j) The constructor on the calling thread: first in a fresh process (cold), then again (warm).
std::vector<Row> constructorTime(const Options &options);
//! (k) The worst single trackEvent while the collector refuses or hangs, over options.runs processes,
//! beside the worst iteration of a plain loop of the same length in the same processes.
std::vector<Row> stalls(const Options &options);
//! (n) The same runs as (k) beside busy processes (one per core): the library's worst call against its
//! plain loop's worst step under the same load.
std::vector<Row> stallsUnderLoad(const Options &options);
//! (l) Resident memory an idle client adds after its first delivery.
std::vector<Row> restingMemory(const Options &options);

//! The child side: \a mode is one of "idle", "ctor", "stall", "rest" (each prints one JSON object on stdout)
//! or "spin" (a busy loop until it is killed).
int childMain(const QString &mode, const QStringList &arguments);

// Shared by the sections that start child processes (i to m).
//! A 4-attribute event's attributes, built afresh for each call as an application does.
QVariantMap eventAttributes(int i);
//! A loopback address where nothing listens: connections are refused at once.
QUrl refusingEndpoint();
void runEventLoopFor(int ms);
//! Waited before each stall child: a process's exit leaves the kernel work for some milliseconds after
//! it (RCU callbacks freeing its memory, in softirqs and ksoftirqd on either core), which back to back
//! landed on the next child's calling thread in 3 to 7 runs of 10 (ftrace); with the pause, in none.
constexpr int StallRunPauseMs = 500;
//! HOME and the XDG folders of this (child) process in \a home.
void useHome(const QString &home);
double median(std::vector<double> v);
//! The longest single step of a busy loop that runs for \a duration: what the machine itself does to a
//! thread that never yields, the baseline of the worst-call rows.
qint64 worstStepOfPlainLoop(std::chrono::nanoseconds duration);

//! The process's resident set and its peak, in KiB (Linux: /proc/self/status; 0 elsewhere).
qint64 residentKiB();
qint64 peakResidentKiB();
//! Starts a new peak: the peak becomes the current resident set (Linux 4.0+; false when it cannot).
bool resetPeakResident();

} // namespace Citizen
