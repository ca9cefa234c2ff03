// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QByteArrayView>

namespace Automagik::Internal {

/*
    Reads the fields of one protobuf message (wire format) in order, without
    a schema: for splitting request bodies, reading responses and, in the
    sink, showing requests. Bounds-checked: a truncated or malformed body
    ends the reading with ok() false, never a read past the data. Header
    only, so that the sink can use it without the library.
*/
class ProtobufReader
{
public:
    enum WireType : quint8 { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

    explicit ProtobufReader(QByteArrayView data) : m_data(data) {}

    //! Reads the next field; false at the end of the message or on malformed data (then ok() is false).
    bool next()
    {
        if (m_pos >= m_data.size() || !m_ok)
            return false;
        m_fieldStart = m_pos;
        quint64 key = 0;
        if (!readVarint(&key) || (key >> 3) == 0 || (key >> 3) > 0x1fffffff)
            return fail();
        m_field = int(key >> 3);
        m_type = WireType(key & 7);
        switch (m_type) {
        case Varint:
            return readVarint(&m_value) || fail();
        case Fixed64:
            return readFixed(8) || fail();
        case Fixed32:
            return readFixed(4) || fail();
        case LengthDelimited: {
            quint64 length = 0;
            if (!readVarint(&length) || length > quint64(m_data.size() - m_pos))
                return fail();
            m_bytes = m_data.sliced(m_pos, qsizetype(length));
            m_pos += qsizetype(length);
            return true;
        }
        }
        return fail(); // groups (3, 4) and unknown wire types: not in OTLP
    }

    bool ok() const { return m_ok; }
    int field() const { return m_field; }
    WireType type() const { return m_type; }
    //! The value of a varint, fixed64 or fixed32 field.
    quint64 value() const { return m_value; }
    //! The payload of a length-delimited field.
    QByteArrayView bytes() const { return m_bytes; }
    //! The whole field as it was read, tag included (to copy it elsewhere unchanged).
    QByteArrayView rawField() const { return m_data.sliced(m_fieldStart, m_pos - m_fieldStart); }

private:
    bool fail()
    {
        m_ok = false;
        return false;
    }

    bool readVarint(quint64 *out)
    {
        quint64 result = 0;
        for (int shift = 0; shift < 64 && m_pos < m_data.size(); shift += 7) {
            const quint8 byte = quint8(m_data[m_pos++]);
            result |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                *out = result;
                return true;
            }
        }
        return false;
    }

    bool readFixed(int size)
    {
        if (m_data.size() - m_pos < size)
            return false;
        m_value = 0;
        for (int i = 0; i < size; ++i)
            m_value |= quint64(quint8(m_data[m_pos + i])) << (8 * i);
        m_pos += size;
        return true;
    }

    QByteArrayView m_data;
    qsizetype m_pos = 0;
    qsizetype m_fieldStart = 0;
    bool m_ok = true;
    int m_field = 0;
    WireType m_type = Varint;
    quint64 m_value = 0;
    QByteArrayView m_bytes;
};

} // namespace Automagik::Internal
