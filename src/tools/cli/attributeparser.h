// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QStringList>
#include <QtCore/QVariant>

namespace Automagik::Cli {

//! "42" -> qint64, "2.5"/"1e3" -> double, "true"/"false" -> bool, anything else -> QString.
QVariant typedValue(const QString &text);

//! Parses key=value arguments; returns false and sets \a error on an argument without '=' or with an empty key.
bool parseAttributes(const QStringList &arguments, QVariantMap *attributes, QString *error);

} // namespace Automagik::Cli
