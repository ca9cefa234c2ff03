// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <QtCore/QByteArray>
#include <QtCore/QStringView>

namespace Automagik::Internal {

/*
    A minimal append-only JSON writer for the encoders' hot loop. It writes
    into one buffer with no intermediate DOM (QJsonDocument is several times
    slower). Output is always valid RFC 8259 JSON: strings are UTF-8 with lone
    surrogates replaced by U+FFFD, and non-finite doubles become the strings
    "NaN", "Infinity" and "-Infinity", as the protobuf JSON mapping allows.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT JsonWriter
{
public:
    explicit JsonWriter(QByteArray &out) : m_out(out) {}

    void raw(const char *text) { m_out.append(text); }
    void raw(char c) { m_out.append(c); }
    void raw(QByteArrayView text) { m_out.append(text); }
    //! A quoted, escaped JSON string.
    void string(QStringView text);
    //! A quoted, escaped JSON string from UTF-8 bytes (invalid sequences become U+FFFD).
    void utf8String(QByteArrayView text);
    //! A 64-bit integer as a decimal string ("42"), as OTLP JSON requires for int64/fixed64.
    void int64String(qint64 value);
    void uint64String(quint64 value);
    //! A plain JSON integer (enums, counts that are not 64-bit fields).
    void integer(qint64 value);
    //! A double in shortest round-trip form; non-finite values as protobuf JSON strings.
    void number(double value);
    void boolean(bool value) { m_out.append(value ? "true" : "false"); }

    QByteArray &buffer() { return m_out; }

private:
    QByteArray &m_out;
};

} // namespace Automagik::Internal
