// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Readable QCOMPARE failures for the library's enums. Header-only on purpose: the names come from the
// library's meta-objects, so they are resolved in the test program, against whichever library
// (shared, or its objects) it links.
#pragma once

#include <automagik/telemetrytypes.h>

#include <QtCore/QMetaEnum>
#include <QtTest/QTest>

namespace QTest {
template<>
inline char *toString(const Automagik::DeliveryError &value)
{
    return qstrdup(QMetaEnum::fromType<Automagik::DeliveryError>().valueToKey(int(value)));
}
template<>
inline char *toString(const Automagik::TelemetrySignal &value)
{
    return qstrdup(QMetaEnum::fromType<Automagik::TelemetrySignal>().valueToKey(int(value)));
}
} // namespace QTest
