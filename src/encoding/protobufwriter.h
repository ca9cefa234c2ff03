// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"

#include <QtCore/QByteArray>
#include <QtCore/QStringView>

namespace Automagik::Internal {

/*
    A minimal append-only protobuf writer (wire format, proto3) for the
    encoders' hot loop: varints, fixed 64-bit values, strings and bytes, and
    embedded messages whose length is filled in when they end. It knows no
    schema; the caller names the fields. Strings are written as valid UTF-8
    (lone surrogates become U+FFFD), as proto3 requires of string fields.
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT ProtobufWriter
{
public:
    enum WireType : quint8 { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

    explicit ProtobufWriter(QByteArray &out) : m_out(out) {}

    void tag(int field, WireType type) { varint(quint64(field) << 3 | type); }
    void varint(quint64 value);

    //! Varint fields: uint32/uint64/enum/bool and int32/int64 (negative values take ten bytes, as in protobuf).
    void varintField(int field, quint64 value)
    {
        tag(field, Varint);
        varint(value);
    }
    void int64Field(int field, qint64 value) { varintField(field, quint64(value)); }
    void boolField(int field, bool value) { varintField(field, value ? 1 : 0); }
    void fixed64Field(int field, quint64 value)
    {
        tag(field, Fixed64);
        fixed64(value);
    }
    void doubleField(int field, double value);
    void bytesField(int field, QByteArrayView bytes);
    //! A string field, \a text converted to UTF-8.
    void stringField(int field, QStringView text);

    //! Opens an embedded message as \a field; returns what endMessage() needs to close it.
    qsizetype beginMessage(int field)
    {
        tag(field, LengthDelimited);
        m_out.append('\0'); // one byte for the length; endMessage() makes room if it needs more
        return m_out.size();
    }
    //! Closes the message beginMessage() opened at \a mark, writing its length.
    void endMessage(qsizetype mark);
    //! A message field with no fields set (an empty AnyValue, for instance).
    void emptyMessage(int field)
    {
        tag(field, LengthDelimited);
        m_out.append('\0');
    }

    void fixed64(quint64 value);
    void raw(QByteArrayView bytes) { m_out.append(bytes); }
    qsizetype size() const { return m_out.size(); }
    QByteArray &buffer() { return m_out; }

private:
    QByteArray &m_out;
};

} // namespace Automagik::Internal
