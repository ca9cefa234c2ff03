// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

// Registers types of the core library with QML without touching it (QML_FOREIGN on thin wrappers).

#include <automagik/consentcontroller.h>
#include <automagik/consenttexts.h>
#include <automagik/telemetryconfig.h>
#include <automagik/telemetrytypes.h>

#include <QtCore/QObject>
#include <QtQml/qqml.h>

namespace Automagik::QmlForeign {

/*
    The Automagik namespace's enums as "Automagik" in QML, always with the enum's name:
    Automagik.MetricType.Counter, Automagik.LogSeverity.Warn, Automagik.ConsentState.Granted,
    Automagik.TelemetrySignal.Metrics, ... (Unscoped names would clash: two enums have AllCategories.)
*/
namespace AutomagikEnums {
Q_NAMESPACE
QML_NAMED_ELEMENT(Automagik)
// An extension rather than QML_FOREIGN_NAMESPACE: the class info below must be on the registered
// namespace itself, and the core library's namespace cannot carry it.
QML_NAMESPACE_EXTENDED(Automagik)
Q_CLASSINFO("RegisterEnumClassesUnscoped", "false")
} // namespace AutomagikEnums

// ConsentTexts as a value type, so that QML can read Telemetry.texts.title and the rest.
struct ConsentTextsForeign
{
    Q_GADGET
    QML_FOREIGN(Automagik::ConsentTexts)
    QML_VALUE_TYPE(consentTexts)
};

// TelemetryConfig as a value type: Telemetry.config.projectName = "my-app" writes the copy back.
struct TelemetryConfigForeign
{
    Q_GADGET
    QML_FOREIGN(Automagik::TelemetryConfig)
    QML_VALUE_TYPE(telemetryConfig)
};

// ConsentController, for Telemetry.consentController and ConsentController.DecidedBy.User etc. (The
// class itself says that only its own enum, scoped, is registered with it: QML reads that class info from
// the registered class, not from this wrapper.)
struct ConsentControllerForeign
{
    Q_GADGET
    QML_FOREIGN(Automagik::ConsentController)
    QML_NAMED_ELEMENT(ConsentController)
    QML_UNCREATABLE("Use Telemetry.consentController.")
};

} // namespace Automagik::QmlForeign
