// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// The privacy sanitizer: walks values (lists, maps, JSON, at most kMaxDepth deep), judges keys by
// name (keynames.cpp), and runs the detectors (detector.h, one file per family) over every string
// in their order. A detector collects its matches, then the string is rebuilt once; a string with
// no match is returned as is, without any allocation. The rules are in docs/privacy.md.
#include "privacy/privacy_p.h"

#include "common/logging.h"
#include "privacy/detector.h"
#include "privacy/keynames.h"

#include <QtCore/QCryptographicHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QJsonValue>
#include <QtCore/QUrl>

#include <algorithm>
#include <type_traits>
#include <utility>

namespace Automagik {

using namespace Internal::Scrub;

namespace {

// Lists and maps nested deeper than this are replaced by kTooDeep (no recursion without end).
constexpr int kMaxDepth = 32;
constexpr char kTooDeep[] = "[nested too deep]";

// A lone surrogate makes PCRE2 (custom patterns) refuse the whole string, and UTF-8 cannot
// carry it anyway: it becomes U+FFFD, as QString::toUtf8() would do later.
bool replaceLoneSurrogates(QString &text)
{
    const auto lone = [](const QString &s, qsizetype i) {
        const char16_t c = s.at(i).unicode();
        if (QChar::isHighSurrogate(c))
            return !(i + 1 < s.size() && QChar::isLowSurrogate(s.at(i + 1).unicode()));
        if (QChar::isLowSurrogate(c))
            return !(i > 0 && QChar::isHighSurrogate(s.at(i - 1).unicode()));
        return false;
    };
    bool any = false;
    for (qsizetype i = 0; i < text.size() && !any; ++i)
        any = lone(text, i);
    if (!any)
        return false;
    const QString in = text;
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (lone(in, i))
            text[i] = QChar(QChar::ReplacementCharacter);
    }
    return true;
}

// The length of a prefix of at most n code units that does not end inside a surrogate pair.
qsizetype cutPoint(const QString &text, qsizetype n)
{
    n = std::clamp<qsizetype>(n, 0, text.size());
    if (n > 0 && n < text.size() && text.at(n - 1).isHighSurrogate())
        --n;
    return n;
}

} // namespace

class PrivacyData : public QSharedData
{
public:
    struct Pattern
    {
        QRegularExpression regex;
        QString replacement;
    };

    bool on(PrivacyCategory c) const { return enabled.testFlag(c); }
    bool scrubWhole(QString &text, TextHints hints) const;
    bool scrubText(QString &text, TextHints hints, qsizetype keep) const;
    bool scrubValue(QVariant &value, const QString &key, TextHints hints, int depth, qsizetype keep) const;
    template <typename List>
    bool scrubList(QVariant &value, const List &list, TextHints hints, int depth, qsizetype keep) const;
    template <typename Map>
    bool scrubMap(QVariant &value, const Map &map, int depth, qsizetype keep) const;
    bool scrubJson(QVariant &value, TextHints hints, int depth, qsizetype keep) const;
    QVariantMap scrubAttributes(const QVariantMap &attributes, qsizetype keep) const;

    PrivacyCategories enabled = PrivacyCategory::AllCategories;
    QList<Pattern> patterns;
    QStringList secretKeyNames;
    KeyClassifier keys;
};

bool PrivacyData::scrubWhole(QString &text, TextHints hints) const
{
    const Features f = prescan(text);
    bool changed = f.surrogates && replaceLoneSurrogates(text);

    ScanContext context;
    context.enabled = enabled;
    context.hints = hints;
    context.keys = &keys;
    Edits edits;
    for (const Detector *detector : detectors()) {
        if (!detector->enabled(context) || !detector->worthScanning(f))
            continue;
        edits.clear();
        detector->find(Text(text), context, edits);
        if (!edits.empty()) {
            applyEdits(text, edits);
            changed = true;
        }
    }

    if (on(PrivacyCategory::CustomPattern)) {
        for (const Pattern &p : patterns) {
            if (p.regex.match(text).hasMatch()) {
                text.replace(p.regex, p.replacement);
                changed = true;
            }
        }
    }
    return changed;
}

bool PrivacyData::scrubText(QString &text, TextHints hints, qsizetype keep) const
{
    if (text.isEmpty())
        return false;
    if (keep < 0 || text.size() <= keep + 2 * PrivacyAccess::CutGuard)
        return scrubWhole(text, hints);
    text.truncate(cutPoint(text, keep + 2 * PrivacyAccess::CutGuard));
    scrubWhole(text, hints);
    text.truncate(cutPoint(text, text.size() - PrivacyAccess::CutGuard));
    text += QChar(0x2026); // …
    return true;
}

template <typename List>
bool PrivacyData::scrubList(QVariant &value, const List &list, TextHints hints, int depth, qsizetype keep) const
{
    List out;
    bool changed = false;
    for (qsizetype i = 0; i < list.size(); ++i) {
        QVariant element = QVariant::fromValue(list.at(i));
        if (!scrubValue(element, QString(), hints, depth + 1, keep))
            continue;
        if (!changed) {
            out = list;
            changed = true;
        }
        if constexpr (std::is_same_v<List, QVariantList>)
            out[i] = std::move(element);
        else
            out[i] = element.value<typename List::value_type>();
    }
    if (changed)
        value = QVariant::fromValue(out);
    return changed;
}

template <typename Map>
bool PrivacyData::scrubMap(QVariant &value, const Map &map, int depth, qsizetype keep) const
{
    Map out;
    bool changed = false;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        QVariant element = it.value();
        if (!scrubValue(element, it.key(), TextHints(), depth + 1, keep))
            continue;
        if (!changed) {
            out = map;
            changed = true;
        }
        out.insert(it.key(), std::move(element));
    }
    if (changed)
        value = QVariant::fromValue(out);
    return changed;
}

// JSON values are scrubbed as the variants they convert to and converted back, keeping their type.
bool PrivacyData::scrubJson(QVariant &value, TextHints hints, int depth, qsizetype keep) const
{
    const int type = value.metaType().id();
    QJsonValue json;
    if (type == QMetaType::QJsonDocument) {
        const QJsonDocument doc = value.toJsonDocument();
        json = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    } else {
        json = value.toJsonValue();
    }
    QVariant inner = json.toVariant();
    if (!scrubValue(inner, QString(), hints, depth, keep))
        return false;
    const QJsonValue result = QJsonValue::fromVariant(inner);
    if (type == QMetaType::QJsonObject && result.isObject())
        value = QVariant::fromValue(result.toObject());
    else if (type == QMetaType::QJsonArray && result.isArray())
        value = QVariant::fromValue(result.toArray());
    else if (type == QMetaType::QJsonDocument && result.isObject())
        value = QVariant::fromValue(QJsonDocument(result.toObject()));
    else if (type == QMetaType::QJsonDocument && result.isArray())
        value = QVariant::fromValue(QJsonDocument(result.toArray()));
    else if (type == QMetaType::QJsonValue)
        value = QVariant::fromValue(result);
    else
        value = inner; // the structure became a marker string
    return true;
}

bool PrivacyData::scrubValue(QVariant &value, const QString &key, TextHints hints, int depth, qsizetype keep) const
{
    const int type = value.metaType().id();
    if (type == QMetaType::UnknownType || type == QMetaType::Nullptr)
        return false;
    if (!key.isEmpty()) {
        if (keys.isAllowed(key))
            return false;
        const KeyInfo info = keys.classify(key);
        if (info.secret && on(PrivacyCategory::SecretKey)) {
            value = QString(QLatin1String(kRedacted));
            return true;
        }
        hints.version = info.version;
        hints.digest = info.digest;
    }
    const auto tooDeep = [&] {
        value = QString(QLatin1String(kTooDeep));
        return true;
    };

    switch (type) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Char16:
    case QMetaType::Char32:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::QChar:
    case QMetaType::QDate:
    case QMetaType::QTime:
    case QMetaType::QDateTime:
    case QMetaType::QUuid:
        return false;
    case QMetaType::QString: {
        QString text = *static_cast<const QString *>(value.constData());
        if (!scrubText(text, hints, keep))
            return false;
        value = text;
        return true;
    }
    case QMetaType::QByteArray: {
        const QByteArray &bytes = *static_cast<const QByteArray *>(value.constData());
        // When cutting, there is no need to decode more than the cut can keep (3 bytes at most per code unit).
        const qsizetype limit = keep < 0 ? -1 : 3 * (keep + 2 * PrivacyAccess::CutGuard) + 3;
        QString text = QString::fromUtf8(limit >= 0 && bytes.size() > limit ? bytes.left(limit) : bytes);
        if (!scrubText(text, hints, keep))
            return false;
        value = text.toUtf8();
        return true;
    }
    case QMetaType::QUrl: {
        // A scrubbed URL is no valid QUrl any more ("[REDACTED]@host"): it becomes its text.
        QString text = static_cast<const QUrl *>(value.constData())->toString();
        if (!scrubText(text, hints, keep))
            return false;
        value = text;
        return true;
    }
    case QMetaType::QStringList: {
        if (depth >= kMaxDepth)
            return tooDeep();
        const QStringList list = *static_cast<const QStringList *>(value.constData());
        QStringList out;
        bool changed = false;
        for (qsizetype i = 0; i < list.size(); ++i) {
            QString text = list.at(i);
            if (!scrubText(text, hints, keep))
                continue;
            if (!changed) {
                out = list;
                changed = true;
            }
            out[i] = text;
        }
        if (changed)
            value = out;
        return changed;
    }
    case QMetaType::QByteArrayList:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubList(value, *static_cast<const QByteArrayList *>(value.constData()), hints, depth, keep);
    case QMetaType::QVariantList:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubList(value, *static_cast<const QVariantList *>(value.constData()), hints, depth, keep);
    case QMetaType::QVariantMap:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubMap(value, *static_cast<const QVariantMap *>(value.constData()), depth, keep);
    case QMetaType::QVariantHash:
        if (depth >= kMaxDepth)
            return tooDeep();
        return scrubMap(value, *static_cast<const QVariantHash *>(value.constData()), depth, keep);
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
        return scrubJson(value, hints, depth, keep);
    default:
        break;
    }
    // Any other type with a text form is judged by that text, as the encoder would send it.
    if (!value.canConvert<QString>())
        return false;
    QString text = value.toString();
    if (!scrubText(text, hints, keep))
        return false;
    value = text;
    return true;
}

QVariantMap PrivacyData::scrubAttributes(const QVariantMap &attributes, qsizetype keep) const
{
    QVariantMap out = attributes;
    for (auto it = attributes.cbegin(); it != attributes.cend(); ++it) {
        QVariant value = it.value();
        if (scrubValue(value, it.key(), TextHints(), 0, keep))
            out.insert(it.key(), std::move(value));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

Privacy::Privacy()
    : d(new PrivacyData)
{
}

Privacy::Privacy(const Privacy &other) = default;
Privacy::Privacy(Privacy &&other) noexcept = default;
Privacy &Privacy::operator=(const Privacy &other) = default;
Privacy &Privacy::operator=(Privacy &&other) noexcept = default;
Privacy::~Privacy() = default;

PrivacyCategories Privacy::enabledCategories() const
{
    return d->enabled;
}

void Privacy::setEnabledCategories(PrivacyCategories categories)
{
    d->enabled = categories;
}

void Privacy::addPattern(const QRegularExpression &pattern, const QString &replacement)
{
    if (!pattern.isValid()) {
        qCWarning(Internal::lcTelemetry()).noquote()
            << "Privacy: ignoring invalid pattern" << pattern.pattern() << '-' << pattern.errorString();
        return;
    }
    QRegularExpression compiled = pattern;
    compiled.optimize(); // compile (and JIT) now, not on the worker's first match
    d->patterns.append({ compiled, replacement });
}

QStringList Privacy::allowedKeys() const
{
    return d->keys.allowedKeys();
}

void Privacy::setAllowedKeys(const QStringList &keys)
{
    d->keys.setAllowedKeys(keys);
}

QStringList Privacy::secretKeyNames() const
{
    return d->secretKeyNames;
}

void Privacy::setSecretKeyNames(const QStringList &names)
{
    d->secretKeyNames = names;
    d->keys.setExtraSecretNames(names);
}

QString Privacy::sanitizeString(const QString &text) const
{
    QString out = text;
    d->scrubText(out, TextHints(), -1);
    return out;
}

QVariant Privacy::sanitizeValue(const QVariant &value, const QString &key) const
{
    QVariant out = value;
    d->scrubValue(out, key, TextHints(), 0, -1);
    return out;
}

QVariantMap Privacy::sanitizeAttributes(const QVariantMap &attributes) const
{
    return d->scrubAttributes(attributes, -1);
}

bool Privacy::isSecretKey(const QString &key) const
{
    return d->keys.classify(key).secret;
}

QString Privacy::hash(const QString &text)
{
    const QByteArray digest = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStringLiteral("sha256:") + QString::fromLatin1(digest.left(16));
}

// ---------------------------------------------------------------------------------------------

QString PrivacyAccess::sanitizeString(const Privacy &privacy, const QString &text, qsizetype keep)
{
    QString out = text;
    privacy.d->scrubText(out, TextHints(), keep);
    return out;
}

QVariantMap PrivacyAccess::sanitizeAttributes(const Privacy &privacy, const QVariantMap &attributes, qsizetype keep)
{
    return privacy.d->scrubAttributes(attributes, keep);
}

} // namespace Automagik
