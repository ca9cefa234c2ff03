// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QVariant>
#include <QtCore/QVariantMap>
#include <QtQml/QJSValue>

namespace Automagik::QmlInternal {

/*
    Converts a JavaScript value into what the core library encodes as typed OTLP values:
    objects become QVariantMap, arrays QVariantList, and numbers that are integral and within
    ±2^53 qint64 (JavaScript has only doubles, and {count: 3} must be sent as intValue 3).
    Functions and undefined values are left out.
*/
QVariant toAttributeValue(const QJSValue &value, int depth = 0);

//! An object as attributes; anything else (undefined, null, a number) gives no attributes.
QVariantMap toAttributes(const QJSValue &value);

//! The same normalisation for values that arrived as QVariant (from C++ or a QVariantMap argument).
QVariant normalizedAttributeValue(const QVariant &value, int depth = 0);

} // namespace Automagik::QmlInternal
