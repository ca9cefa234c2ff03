// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/protobufwriter.h"

#include <QtCore/QString>

#include <algorithm>
#include <cstring>

namespace Automagik::Internal {

namespace {

int varintSize(quint64 value)
{
    int n = 1;
    while (value >= 0x80) {
        value >>= 7;
        ++n;
    }
    return n;
}

char *putVarint(char *p, quint64 value)
{
    while (value >= 0x80) {
        *p++ = char(value | 0x80);
        value >>= 7;
    }
    *p++ = char(value);
    return p;
}

// \a text with every lone surrogate replaced by U+FFFD, so that its UTF-8 form is valid.
QString withoutLoneSurrogates(QStringView text)
{
    QString fixed = text.toString();
    for (qsizetype i = 0; i < fixed.size(); ++i) {
        const QChar c = fixed.at(i);
        if (c.isHighSurrogate() && i + 1 < fixed.size() && fixed.at(i + 1).isLowSurrogate())
            ++i; // a valid pair
        else if (c.isSurrogate())
            fixed[i] = QChar::ReplacementCharacter;
    }
    return fixed;
}

} // namespace

void ProtobufWriter::varint(quint64 value)
{
    char buf[10];
    m_out.append(buf, putVarint(buf, value) - buf);
}

void ProtobufWriter::fixed64(quint64 value)
{
    char buf[8];
    for (int i = 0; i < 8; ++i)
        buf[i] = char(value >> (8 * i)); // little-endian, whatever the host's order
    m_out.append(buf, 8);
}

void ProtobufWriter::doubleField(int field, double value)
{
    quint64 bits;
    static_assert(sizeof bits == sizeof value);
    std::memcpy(&bits, &value, sizeof bits);
    fixed64Field(field, bits);
}

void ProtobufWriter::bytesField(int field, QByteArrayView bytes)
{
    tag(field, LengthDelimited);
    varint(quint64(bytes.size()));
    m_out.append(bytes);
}

void ProtobufWriter::stringField(int field, QStringView text)
{
    // Most attribute keys and values are ASCII: copy those without converting.
    const char16_t *p = text.utf16();
    const qsizetype n = text.size();
    qsizetype ascii = 0;
    while (ascii < n && p[ascii] < 0x80)
        ++ascii;
    if (ascii == n) {
        tag(field, LengthDelimited);
        varint(quint64(n));
        const qsizetype at = m_out.size();
        m_out.resize(at + n);
        char *dst = m_out.data() + at;
        for (qsizetype i = 0; i < n; ++i)
            dst[i] = char(p[i]);
        return;
    }
    const bool hasSurrogates = std::any_of(p + ascii, p + n, [](char16_t c) { return QChar::isSurrogate(c); });
    bytesField(field, hasSurrogates ? withoutLoneSurrogates(text).toUtf8() : text.toUtf8());
}

void ProtobufWriter::endMessage(qsizetype mark)
{
    const quint64 length = quint64(m_out.size() - mark);
    const int extra = varintSize(length) - 1;
    if (extra > 0)
        m_out.insert(mark, extra, '\0'); // rare: only messages of 128 bytes or more
    putVarint(m_out.data() + mark - 1, length);
}

} // namespace Automagik::Internal
