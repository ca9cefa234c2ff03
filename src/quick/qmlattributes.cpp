// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "qmlattributes_p.h"

#include <QtCore/QDateTime>
#include <QtCore/QVariantList>
#include <QtQml/QJSValueIterator>

#include <cmath>

namespace Automagik::QmlInternal {

namespace {

// Deeper structures are cut off: attributes are for small, flat facts.
constexpr int MaxDepth = 16;
// Number.MAX_SAFE_INTEGER: beyond it a double no longer tells integers apart.
constexpr double MaxSafeInteger = 9007199254740991.0;

QVariant fromNumber(double number)
{
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) <= MaxSafeInteger)
        return QVariant::fromValue(qint64(number));
    return number;
}

} // namespace

QVariant normalizedAttributeValue(const QVariant &value, int depth)
{
    if (depth > MaxDepth)
        return {};
    switch (value.metaType().id()) {
    case QMetaType::Double:
        return fromNumber(value.toDouble());
    case QMetaType::Float:
        return fromNumber(double(value.toFloat()));
    case QMetaType::QVariantMap: {
        QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it)
            *it = normalizedAttributeValue(*it, depth + 1);
        return map;
    }
    case QMetaType::QVariantHash: {
        const QVariantHash hash = value.toHash();
        QVariantMap map;
        for (auto it = hash.cbegin(); it != hash.cend(); ++it)
            map.insert(it.key(), normalizedAttributeValue(it.value(), depth + 1));
        return map;
    }
    case QMetaType::QVariantList: {
        QVariantList list = value.toList();
        for (QVariant &item : list)
            item = normalizedAttributeValue(item, depth + 1);
        return list;
    }
    default:
        break;
    }
    if (value.metaType() == QMetaType::fromType<QJSValue>())
        return toAttributeValue(value.value<QJSValue>(), depth);
    return value;
}

QVariant toAttributeValue(const QJSValue &value, int depth)
{
    if (depth > MaxDepth || value.isUndefined() || value.isCallable() || value.isError())
        return {};
    if (value.isNull())
        return QVariant::fromValue(nullptr);
    if (value.isBool())
        return value.toBool();
    if (value.isNumber())
        return fromNumber(value.toNumber());
    if (value.isString() || value.isRegExp())
        return value.toString();
    if (value.isDate())
        return value.toDateTime();
    if (value.isQObject() || value.isQMetaObject())
        return normalizedAttributeValue(value.toVariant(), depth);
    if (value.isObject() && !value.isArray()) {
        // A C++ value held by the engine (what isVariant() told, deprecated in Qt 6.9) converts to
        // itself; a plain JS object stays a QJSValue here and is walked below, depth-limited.
        const QVariant held = value.toVariant(QJSValue::RetainJSObjects);
        if (held.metaType() != QMetaType::fromType<QJSValue>())
            return normalizedAttributeValue(held, depth);
    }
    if (value.isArray()) {
        const int length = value.property(QStringLiteral("length")).toInt();
        QVariantList list;
        list.reserve(length);
        for (int i = 0; i < length; ++i) {
            const QVariant item = toAttributeValue(value.property(quint32(i)), depth + 1);
            list.append(item.isValid() ? item : QVariant::fromValue(nullptr)); // keep the positions
        }
        return list;
    }
    if (value.isObject()) {
        QVariantMap map;
        QJSValueIterator it(value);
        while (it.hasNext()) {
            it.next();
            const QVariant item = toAttributeValue(it.value(), depth + 1);
            if (item.isValid())
                map.insert(it.name(), item);
        }
        return map;
    }
    return normalizedAttributeValue(value.toVariant(), depth);
}

QVariantMap toAttributes(const QJSValue &value)
{
    if (!value.isObject() || value.isArray() || value.isCallable())
        return {};
    return toAttributeValue(value).toMap();
}

} // namespace Automagik::QmlInternal
