// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
//
// Fuzz target: names, attribute values and messages through the privacy sanitizer and the OTLP JSON
// encoder, as the worker runs them (Worker::drain(), then OtlpJsonEncoder::encode()). Whatever the
// values, the request body must be one well-formed JSON object; anything else is a bug and aborts.
//
// The input is a small program for a stack machine that builds a QVariant tree:
//
//   header   kind/metric type, severity/flags, privacy categories (u16), attribute limit,
//            metric value (8 raw bytes of a double), time (8 bytes)
//   then     one opcode byte (taken modulo OpCount) and its operands, repeated
//
// Strings come from the bytes as UTF-8 (invalid sequences included), raw UTF-16 (lone
// surrogates included) or Latin-1; doubles from raw bits (NaN, infinities); lists, maps and hashes
// take values off the stack; keys are picked from a small dictionary (empty, secret-looking and
// reserved ones, duplicates) or read from the bytes. Nesting is capped at MaxDepth levels.
// With AUTOMAGIK_FUZZ_DUMP set in the environment, each request body is printed to stderr.

#include "fuzzinput.h"

#include "common/record.h"
#include "encoding/otlpjsonencoder.h"
#include "privacy/privacy_p.h"

#include <automagik/privacy.h>

#include <QtCore/QByteArrayList>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTimeZone>
#include <QtCore/QJsonValue>
#include <QtCore/QPointF>
#include <QtCore/QSize>
#include <QtCore/QStringList>
#include <QtCore/QUrl>
#include <QtCore/QUuid>
#include <QtCore/QVariant>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

using namespace Automagik;
using namespace Automagik::Internal;
using FuzzSupport::Input;

namespace {

constexpr int MaxDepth = 200; // deeper than both the sanitizer's (32) and the encoder's (8) limits
constexpr size_t MaxStack = 256;
constexpr qsizetype MaxStringLength = 70000; // past every truncation limit, including the audit log's 64 KiB
constexpr int MaxOps = 4096;

const char *const kKeys[] = {
    "", "a", "a", "password", "api_key", "X-Api-Key", "accessToken", "token_count", "unit", "error_type",
    "error_message", "exception.type", "exception.message", "email", "build_hash", "version", "commit_sha",
    "user.id", "Authorization", "session", "feature_name", "ip", "path", "url", "Cookie", "firmware_rev",
};

const char *const kStrings[] = {
    "alice@example.com",
    "+1 (555) 123-4567",
    "4111 1111 1111 1111",
    "192.168.1.10",
    "fe80::1ff:fe23:4567:890a",
    "00:1A:2B:3C:4D:5E",
    "/home/alice/project/file.txt",
    "C:\\Users\\Bob\\AppData\\Local",
    "~alice/notes.txt",
    "https://user:pass@example.com/path?token=abc&x=1#frag",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "password=hunter2 user=bob",
    "{\"api_key\": \"s3cr3t\", \"n\": 1}",
    "AKIAIOSFODNN7EXAMPLE",
    "version 1.2.3.4",
    "Cookie: a=1; b=2",
    "sha256:0123456789abcdef0123456789abcdef",
    "Basic dXNlcjpwYXNzd29yZA==",
    "8f14e45fceea167a5a36dedd4bea2543aB",
    "\xF0\x9F\x98\x80 \xE2\x82\xAC \xC3\xA9",
    "",
};

constexpr LogSeverity kSeverities[] = {LogSeverity::Trace, LogSeverity::Debug, LogSeverity::Info,
                                       LogSeverity::Warn,  LogSeverity::Error, LogSeverity::Fatal};

struct Node
{
    QVariant value;
    int depth = 0;
};

class Machine
{
public:
    explicit Machine(Input &in)
        : m_in(in)
    {
    }

    QString utf16String()
    {
        const QByteArrayView bytes = m_in.chunk();
        QString s(bytes.size() / 2, Qt::Uninitialized);
        std::memcpy(s.data(), bytes.data(), size_t(s.size()) * 2); // any code units, lone surrogates too
        return s;
    }

    QString key()
    {
        const uint8_t k = m_in.byte();
        constexpr size_t count = sizeof kKeys / sizeof *kKeys;
        if (k < count)
            return QString::fromLatin1(kKeys[k]);
        return (k & 1) ? utf16String() : QString::fromUtf8(m_in.chunk());
    }

    void push(QVariant value, int depth = 0)
    {
        if (m_stack.size() < MaxStack)
            m_stack.push_back({std::move(value), depth});
    }

    Node pop()
    {
        if (m_stack.empty())
            return {};
        Node n = std::move(m_stack.back());
        m_stack.pop_back();
        return n;
    }

    // Pops up to \a n nodes, oldest first.
    std::vector<Node> popMany(size_t n)
    {
        n = qMin(n, m_stack.size());
        std::vector<Node> out(std::make_move_iterator(m_stack.end() - std::ptrdiff_t(n)),
                              std::make_move_iterator(m_stack.end()));
        m_stack.resize(m_stack.size() - n);
        return out;
    }

    static int maxDepth(const std::vector<Node> &nodes)
    {
        int d = 0;
        for (const Node &n : nodes)
            d = qMax(d, n.depth);
        return d;
    }

    template <typename Map>
    void pushMap(size_t n)
    {
        std::vector<Node> nodes = popMany(n);
        Map map;
        for (Node &node : nodes)
            map.insert(key(), std::move(node.value)); // duplicate keys overwrite, as in a real map
        push(QVariant::fromValue(map), maxDepth(nodes) + 1);
    }

    void nest()
    {
        Node n = pop();
        const int levels = qMin(int(m_in.byte()), MaxDepth - n.depth);
        const uint8_t pattern = m_in.byte();
        for (int i = 0; i < levels; ++i) {
            if (pattern & (1u << (i % 8)))
                n.value = QVariantMap{{QStringLiteral("k"), n.value}};
            else
                n.value = QVariantList{n.value};
            ++n.depth;
        }
        push(std::move(n.value), n.depth);
    }

    void toJson()
    {
        Node n = pop();
        const QJsonValue json = QJsonValue::fromVariant(n.value);
        switch (m_in.byte() % 4) {
        case 0:
            push(QVariant::fromValue(json), n.depth);
            break;
        case 1:
            push(QVariant::fromValue(json.toObject()), n.depth);
            break;
        case 2:
            push(QVariant::fromValue(json.toArray()), n.depth);
            break;
        default:
            push(QVariant::fromValue(json.isArray() ? QJsonDocument(json.toArray()) : QJsonDocument(json.toObject())),
                 n.depth);
            break;
        }
    }

    void number()
    {
        const uint64_t bits = m_in.u64();
        switch (m_in.byte() % 6) {
        case 0:
            push(int(uint32_t(bits)));
            break;
        case 1:
            push(uint(bits));
            break;
        case 2:
            push(qlonglong(bits));
            break;
        case 3:
            push(qulonglong(bits));
            break;
        case 4: {
            float f;
            const uint32_t low = uint32_t(bits);
            std::memcpy(&f, &low, sizeof f);
            push(f);
            break;
        }
        default:
            push(QVariant::fromValue(short(bits)));
            break;
        }
    }

    void other()
    {
        switch (m_in.byte() % 6) {
        case 0:
            push(QDateTime::fromMSecsSinceEpoch(qint64(m_in.u64()), QTimeZone::utc()));
            break;
        case 1: {
            const QByteArrayView b = m_in.bytes(16);
            push(b.size() == 16 ? QUuid::fromRfc4122(b) : QUuid());
            break;
        }
        case 2:
            push(QSize(int(m_in.byte()), int(m_in.byte()))); // no text form: "[unsupported type QSize]"
            break;
        case 3:
            push(QPointF(1.5, -2));
            break;
        case 4:
            push(QVariant::fromValue(QChar(char16_t(m_in.u16()))));
            break;
        default:
            push(QDate(int(m_in.u16()) - 30000, m_in.byte() % 14, m_in.byte() % 33)); // often invalid
            break;
        }
    }

    void run()
    {
        for (int op = 0; op < MaxOps && !m_in.atEnd(); ++op) {
            switch (m_in.byte() % 26) {
            case 0:
                push(QString::fromUtf8(m_in.chunk()));
                break;
            case 1:
                push(utf16String());
                break;
            case 2:
                push(QString::fromLatin1(m_in.chunk()));
                break;
            case 3:
                push(m_in.chunk().toByteArray());
                break;
            case 4:
                number();
                break;
            case 5:
                push(FuzzSupport::doubleFromBits(m_in.u64()));
                break;
            case 6:
                push(bool(m_in.byte() & 1));
                break;
            case 7:
                push((m_in.byte() & 1) ? QVariant::fromValue(nullptr) : QVariant());
                break;
            case 8: {
                std::vector<Node> nodes = popMany(m_in.byte() % 17);
                QVariantList list;
                for (Node &n : nodes)
                    list.append(std::move(n.value));
                push(list, maxDepth(nodes) + 1);
                break;
            }
            case 9:
                pushMap<QVariantMap>(m_in.byte() % 17);
                break;
            case 10:
                pushMap<QVariantHash>(m_in.byte() % 17);
                break;
            case 11: {
                QStringList list;
                for (const Node &n : popMany(m_in.byte() % 17))
                    list.append(n.value.toString());
                push(list, 1);
                break;
            }
            case 12: {
                QByteArrayList list;
                for (const Node &n : popMany(m_in.byte() % 17))
                    list.append(n.value.toString().toUtf8());
                push(QVariant::fromValue(list), 1);
                break;
            }
            case 13:
                push(QUrl(QString::fromUtf8(m_in.chunk())));
                break;
            case 14:
                push(QString::fromUtf8(kStrings[m_in.byte() % (sizeof kStrings / sizeof *kStrings)]));
                break;
            case 15:
                nest();
                break;
            case 16:
                toJson();
                break;
            case 17:
                if (!m_stack.empty())
                    push(m_stack.back().value, m_stack.back().depth);
                break;
            case 18: {
                const QString s = pop().value.toString();
                const int times = m_in.byte() + 1;
                push(s.isEmpty() ? s : s.repeated(qMin<qsizetype>(times, MaxStringLength / s.size() + 1)));
                break;
            }
            case 19: {
                const QString b = pop().value.toString();
                const QString a = pop().value.toString();
                push(a.size() + b.size() <= MaxStringLength ? QString(a + b) : a);
                break;
            }
            case 20: {
                const QString k = key();
                attributes.insert(k, pop().value);
                break;
            }
            case 21:
                name = pop().value.toString();
                break;
            case 22:
                message = pop().value.toString();
                break;
            case 23:
                other();
                break;
            case 24:
                userId = pop().value.toString();
                break;
            default:
                if (m_in.byte() & 1)
                    allowedKeys.append(key());
                else
                    secretKeyNames.append(key());
                break;
            }
        }
        // What is left on the stack becomes attributes too.
        for (size_t i = 0; i < m_stack.size(); ++i)
            attributes.insert(QStringLiteral("s") + QString::number(i), m_stack[i].value);
    }

    QVariantMap attributes;
    QString name;
    QString message;
    QString userId;
    QStringList allowedKeys;
    QStringList secretKeyNames;

private:
    Input &m_in;
    std::vector<Node> m_stack;
};

[[noreturn]] void fail(const char *what, const QByteArray &body, const QJsonParseError &error)
{
    const qsizetype from = qMax<qsizetype>(0, error.offset - 80);
    std::fprintf(stderr, "fuzz_attributes: %s: %s at offset %d of %lld bytes, near:\n%s\n", what,
                 qPrintable(error.errorString()), error.offset, static_cast<long long>(body.size()),
                 body.mid(from, 160).constData());
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Input in(data, size);

    const uint8_t kindByte = in.byte();
    const uint8_t flags = in.byte();
    const uint16_t categories = in.u16();
    const uint8_t attributeLimit = in.byte();

    Record r;
    r.kind = Record::Kind(kindByte & 3);
    r.metricType = MetricType((kindByte >> 2) % 3);
    r.severity = kSeverities[flags % 6];
    r.value = FuzzSupport::doubleFromBits(in.u64());
    r.timeUnixNano = qint64(in.u64());

    Machine m(in);
    m.run();

    Privacy privacy;
    if (categories & 0x8000)
        privacy.setEnabledCategories(PrivacyCategories::fromInt(categories & 0x1ff));
    if (flags & 0x40)
        privacy.addPattern(QRegularExpression(QStringLiteral("\\bACME-[0-9]{3,}\\b")), QStringLiteral("[ORDER]"));
    privacy.setAllowedKeys(m.allowedKeys);
    privacy.setSecretKeyNames(m.secretKeyNames);

    EncoderResource resource;
    resource.attributes = {{QStringLiteral("service.name"), QStringLiteral("fuzz")},
                           {QStringLiteral("user.id"), m.userId}};
    resource.scopeName = QStringLiteral("automagik-telemetry-qt");
    resource.scopeVersion = QStringLiteral("1.0.0");
    EncoderLimits limits;
    if (attributeLimit)
        limits.maxAttributeCount = attributeLimit;
    if (flags & 0x80) { // tiny limits, so every cut is exercised with short inputs
        limits.maxStringLength = 3;
        limits.maxLogBodyLength = 5;
        limits.maxErrorMessageLength = 4;
        limits.maxDepth = 2;
        limits.maxCollectionSize = 2;
    }

    // As Worker::drain() does it: names, attributes and messages, strings past the encoder's limits
    // cut before they are scanned.
    r.attributes = PrivacyAccess::sanitizeAttributes(privacy, m.attributes, limits.maxStringLength);
    r.name = PrivacyAccess::sanitizeString(privacy, m.name,
                                           r.kind == Record::Kind::Log ? limits.maxLogBodyLength : limits.maxStringLength);
    r.message = r.kind == Record::Kind::Error
        ? PrivacyAccess::sanitizeString(privacy, m.message, limits.maxErrorMessageLength)
        : m.message;
    OtlpJsonEncoder encoder(resource, limits);

    const Record records[2] = {r, r};
    const std::size_t count = (flags & 0x20) ? 2 : 1;
    const QByteArray body = encoder.encode(r.signal(), records, count);

    static const bool dump = qEnvironmentVariableIsSet("AUTOMAGIK_FUZZ_DUMP"); // to see what a seed builds
    if (dump)
        std::fprintf(stderr, "%s\n", body.constData());

    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        fail("the request body is not valid JSON", body, error);
    if (!doc.isObject())
        fail("the request body is not a JSON object", body, error);
    return 0;
}
