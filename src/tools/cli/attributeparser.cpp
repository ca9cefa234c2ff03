// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "attributeparser.h"

#include <QtCore/QRegularExpression>

#include <cmath>

namespace Automagik::Cli {

QVariant typedValue(const QString &text)
{
    if (text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("false"))
        return false;
    static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]+$"));
    static const QRegularExpression decimal(
        QStringLiteral("^[+-]?([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$"));
    if (integer.match(text).hasMatch()) {
        bool ok = false;
        const qint64 v = text.toLongLong(&ok);
        if (ok)
            return v;
        // Too large for int64: keep the digits rather than lose precision silently.
        return text;
    }
    if (decimal.match(text).hasMatch()) {
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (ok && std::isfinite(v))
            return v;
    }
    return text;
}

bool parseAttributes(const QStringList &arguments, QVariantMap *attributes, QString *error)
{
    for (const QString &argument : arguments) {
        const qsizetype eq = argument.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            *error = QStringLiteral("expected key=value, got \"%1\"").arg(argument);
            return false;
        }
        attributes->insert(argument.left(eq), typedValue(argument.mid(eq + 1)));
    }
    return true;
}

} // namespace Automagik::Cli
