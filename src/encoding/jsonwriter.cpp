// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#include "encoding/jsonwriter.h"

#include <QtCore/QString>

#include <charconv>
#include <cmath>

namespace Automagik::Internal {

namespace {

const char hexDigits[] = "0123456789abcdef";

// \a c < 0x20: JSON's short escape where it has one (\b \t \n \f \r), else \u00XX.
inline void appendEscapedControl(QByteArray &out, char16_t c)
{
    static constexpr char shortEscapes[0x20] = {0, 0, 0, 0, 0, 0, 0, 0, 'b', 't', 'n', 0, 'f', 'r'};
    if (const char letter = shortEscapes[c]) {
        const char buf[2] = {'\\', letter};
        out.append(buf, 2);
        return;
    }
    const char buf[6] = {'\\', 'u', '0', '0', hexDigits[(c >> 4) & 0xf], hexDigits[c & 0xf]};
    out.append(buf, 6);
}

// The decimal digits of \a value in quotes: int64String() and uint64String().
template<typename Integer>
inline void appendQuoted(QByteArray &out, Integer value)
{
    char buf[24];
    buf[0] = '"';
    auto result = std::to_chars(buf + 1, buf + sizeof(buf) - 1, value);
    *result.ptr++ = '"';
    out.append(buf, result.ptr - buf);
}

inline void appendUtf8(QByteArray &out, char32_t cp)
{
    char buf[4];
    int n = 0;
    if (cp < 0x800) {
        buf[n++] = char(0xc0 | (cp >> 6));
        buf[n++] = char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        buf[n++] = char(0xe0 | (cp >> 12));
        buf[n++] = char(0x80 | ((cp >> 6) & 0x3f));
        buf[n++] = char(0x80 | (cp & 0x3f));
    } else {
        buf[n++] = char(0xf0 | (cp >> 18));
        buf[n++] = char(0x80 | ((cp >> 12) & 0x3f));
        buf[n++] = char(0x80 | ((cp >> 6) & 0x3f));
        buf[n++] = char(0x80 | (cp & 0x3f));
    }
    out.append(buf, n);
}

} // namespace

void JsonWriter::string(QStringView text)
{
    m_out.append('"');
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p < end) {
        // Fast path: a run of plain ASCII that needs no escaping.
        const char16_t *run = p;
        while (p < end && *p >= 0x20 && *p < 0x80 && *p != u'"' && *p != u'\\')
            ++p;
        if (p > run) {
            const qsizetype n = p - run;
            const qsizetype at = m_out.size();
            m_out.resize(at + n);
            char *dst = m_out.data() + at;
            for (qsizetype i = 0; i < n; ++i)
                dst[i] = char(run[i]);
        }
        if (p == end)
            break;
        const char16_t c = *p++;
        if (c == u'"') {
            m_out.append("\\\"");
        } else if (c == u'\\') {
            m_out.append("\\\\");
        } else if (c < 0x20) {
            appendEscapedControl(m_out, c);
        } else if (QChar::isHighSurrogate(c)) {
            if (p < end && QChar::isLowSurrogate(*p)) {
                appendUtf8(m_out, QChar::surrogateToUcs4(c, *p));
                ++p;
            } else {
                appendUtf8(m_out, 0xfffd); // lone high surrogate: invalid UTF-16
            }
        } else if (QChar::isLowSurrogate(c)) {
            appendUtf8(m_out, 0xfffd); // lone low surrogate
        } else {
            appendUtf8(m_out, c);
        }
    }
    m_out.append('"');
}

void JsonWriter::utf8String(QByteArrayView text)
{
    // QString::fromUtf8 replaces malformed sequences with U+FFFD, which is what we want on the wire.
    string(QString::fromUtf8(text));
}

void JsonWriter::int64String(qint64 value)
{
    appendQuoted(m_out, value);
}

void JsonWriter::uint64String(quint64 value)
{
    appendQuoted(m_out, value);
}

void JsonWriter::integer(qint64 value)
{
    char buf[24];
    auto result = std::to_chars(buf, buf + sizeof(buf), value);
    m_out.append(buf, result.ptr - buf);
}

void JsonWriter::number(double value)
{
    if (std::isnan(value)) {
        m_out.append("\"NaN\"");
        return;
    }
    if (std::isinf(value)) {
        m_out.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        return;
    }
    char buf[32];
    auto result = std::to_chars(buf, buf + sizeof(buf), value); // shortest round-trip form
    m_out.append(buf, result.ptr - buf);
}

} // namespace Automagik::Internal
